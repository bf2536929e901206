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
