"""Month deadlines whose cell wrapped over an interleaved row's line ends ("Tháng" / "9/2025")."""

from __future__ import annotations

from ingest.deadlines import parse_deadline, strip_month_word, wrapped_month


def test_month_word_and_date_at_line_ends_make_one_deadline() -> None:
    lines = ["Triển khai quy chế bảo vệ dữ liệu cá nhân | Phòng Văn hóa, | Các phòng Théng",
             "7 . Văn bản",
             "trong KH&TT vị liên quan 9/2025"]
    found = wrapped_month(lines)
    assert found == "Tháng 9/2025"
    parsed = parse_deadline(found)
    assert parsed and parsed.date == "2025-09-30"


def test_no_month_deadline_without_both_parts() -> None:
    assert wrapped_month(["Báo cáo Thang 5/2025", "xuyên 9/2025"]) is None  # no dangling word
    assert wrapped_month(["Kế hoạch Tháng", "a", "b", "c", "d 9/2025"]) is None  # too far
    assert wrapped_month(["thực hiện tháng", "trong giai đoạn 2026"]) is None


def test_dangling_month_word_leaves_the_output() -> None:
    assert strip_month_word("Kế hoạch của UBND Thị xã Tháng") == "Kế hoạch của UBND Thị xã"
    assert strip_month_word("Kế hoạch") == "Kế hoạch"
    assert strip_month_word(None) is None
