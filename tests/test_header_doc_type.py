"""The document-type line is memoised on the top lines' text, never on the document object:
a different text gets its own answer."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.header import find_doc_type_line


def _source(*texts: str) -> SourceText:
    return SourceText(name="t.txt", lines=[Line(i + 1, t, t) for i, t in enumerate(texts)])


def test_header_doc_type_line_follows_the_text() -> None:
    top = ("UBND XA BINH TAN", "So: 09/KH-UBND")
    assert find_doc_type_line(_source(*top, "KE HOACH", "Thuc hien")) == (2, "Kế hoạch")
    assert find_doc_type_line(_source(*top, "KẾ HOẠCH", "Thực hiện")) == (2, "Kế hoạch")
    assert find_doc_type_line(_source(*top, "", "CHUONG TRINH HANH DONG")) == (
        3, "Chương trình hành động")
    assert find_doc_type_line(_source(*top, "ke hoach nay duoc xay dung de thuc hien")) is None
    assert find_doc_type_line(_source(*top, "", "", "KE HOACH"), limit=4) is None


def _standing_reference(source: SourceText, prefix: str) -> bool:
    """The definition: a search of the whole text, every line folded and joined by spaces."""
    import re

    from ingest.header_text import header_fold as _fold

    text_all = " ".join(_fold(ln.text) for ln in source.lines)
    first = _fold(prefix).split()[0]
    return bool(re.search(rf"\bban th\w{{0,3}}ng vu {first} \w{{1,3}}\b", text_all)
                or re.search(r"\bt ?m ban th\w{0,3}ng vu\b", text_all))


def test_header_standing_committee_windows_equal_whole_text() -> None:
    from ingest.header_issuer import _standing_committee

    filler = ["Cac phong ban thuc hien nhiem vu duoc giao."] * 200
    words = ["Ban", "Thường", "vụ", "Đảng", "ủy"]
    for at in range(50, 76):  # a five-line mention across the first windows' edges
        lines = filler[:at] + words + filler[at:]
        source = _source(*lines)
        assert _standing_committee(source, "Đảng ủy") is True
        assert _standing_committee(source, "Đảng ủy") == _standing_reference(source, "Đảng ủy")
    broken = filler[:60] + ["Ban", "", "Thường vụ Đảng ủy"] + filler[60:]  # a blank line between
    assert _standing_committee(_source(*broken), "Đảng ủy") is False
    assert _standing_reference(_source(*broken), "Đảng ủy") is False
    assert _standing_committee(_source(*filler[:3], "TM. BAN THUONG VU"), "Thị ủy") is True
    assert _standing_committee(_source(), "Đảng ủy") is False
