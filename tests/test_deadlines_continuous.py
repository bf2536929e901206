"""'Thường xuyên' wrapped over the line ends of an interleaved task row."""

from __future__ import annotations

from ingest.deadlines import wrapped_continuous


def test_wrapped_continuous_over_line_ends() -> None:
    lines = ["cong nghé, doi mai sang tao KH&TT . . UBND Thij xa - Thuong",
             "A aA: A A . phuong xa A",
             "phuc vu chuyén doi s6 quoc gia Xuyén"]
    assert wrapped_continuous(lines) == "Thường xuyên"
    # "Ban Thường vụ" wrapped: "vụ" opens the next line, no "xuyên" ends one
    assert wrapped_continuous(["Ké hoach cua Ban Thuong", "vu Thi uy Nam 2026"]) is None
    assert wrapped_continuous(["Thuong", "a", "b", "c", "Xuyen"]) is None  # too far below
