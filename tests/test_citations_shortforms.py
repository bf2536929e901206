"""Short forms ("Nghị quyết 57") resolve to the symbol cited in full in the same plan."""

from __future__ import annotations

from ingest.citation_issuers import PlanContext
from ingest.citation_mentions import find_mentions, group_mentions
from ingest.citation_shortforms import find_short_forms
from ingest.citation_text import JoinedText
from ingest.citations import extract_citations
from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord, Provenance

TITLE = """KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị trên địa bàn xã
"""


def _source(text: str) -> SourceText:
    return SourceText("t.txt", [Line(i + 1, t, t) for i, t in enumerate(text.split("\n"))])


def _record(text: str) -> PlanRecord:
    record = PlanRecord(doc="t.txt", header=PlanHeader(
        number="12/KH-UBND", province="Đồng Nai", locality="xã Nha Bích",
        issuer="UBND xã Nha Bích", provenance={"title": Provenance("t.txt", 2, 2)}))
    extract_citations(_source(text), record)
    return record


def _short(text: str) -> list[tuple[str, str]]:
    """(resolved symbol, printed short form) for every short form found in ``text``."""
    t = JoinedText(_source(text))
    ctx = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(province="Đồng Nai")))
    mentions = find_mentions(t, ctx)
    docs, _ = group_mentions(mentions, ctx)
    return [(docs[k].symbol.format(), t.text[m.type_start:m.end])
            for k, m in find_short_forms(t, ctx, mentions, docs)]


def test_citations_short_form_basis_takes_the_full_symbol() -> None:
    rec = _record(TITLE + "Căn cứ Nghị quyết 57 ngày 22/12/2024 của Bộ Chính trị về đột phá "
                          "phát triển khoa học, công nghệ;\nUBND xã xây dựng kế hoạch như sau:\n")
    assert [b.number for b in rec.legal_bases] == ["57-NQ/TW"]
    basis = rec.legal_bases[0]
    assert (basis.issuer, basis.date, basis.doc_type) == ("Bộ Chính trị", "2024-12-22",
                                                          "Nghị quyết")
    assert basis.mention_raw.startswith("Nghị quyết 57 ngày 22/12/2024")
    assert not [d for d in rec.cited_documents if d.number is None]  # not lost as unnumbered


def test_citations_short_form_keeps_the_derived_link() -> None:
    rec = _record(TITLE + "Căn cứ Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ;\n"
                          "Căn cứ Kế hoạch số 10-KH/ĐU ngày 23/9/2025 của Đảng ủy xã Nha Bích "
                          "về thực hiện Nghị quyết 71 trên địa bàn xã;\n"
                          "UBND xã xây dựng kế hoạch như sau:\n")
    links = {(x.source, x.relation, x.target) for x in rec.derived_links}
    assert ("10-KH/ĐU", "implements", "71/NQ-CP") in links
    assert [d.number for d in rec.cited_documents] == ["57-NQ/TW", "71/NQ-CP", "10-KH/ĐU"]


def test_citations_short_form_type_words_and_ocr() -> None:
    text = ("Kế hoạch hành động số 469-KH/TU ngày 16/5/2025 của Tỉnh ủy; Nghị quyết số 71/NQ-CP"
            " của Chính phủ.\nQuán triệt Kế hoạch hành động 469 và Nghj quyét s6 71 tới cán bộ.")
    assert _short(text) == [("469-KH/TU", "Kế hoạch hành động 469"),
                            ("71/NQ-CP", "Nghj quyét s6 71")]


def test_citations_short_form_left_alone_when_not_a_cited_document() -> None:
    cited = ("Kế hoạch số 5/KH-UBND ngày 02/01/2025; Kế hoạch số 02-KH/BCĐTW ngày 19/6/2025; "
             "Kế hoạch số 02-KH/TU ngày 22/7/2025; Nghị quyết số 57-NQ/TW ngày 22/12/2024 (sau "
             "đây gọi tắt là Nghị quyết 57).\n")
    assert _short(cited + "Xây dựng Kế hoạch 5 năm.") == []  # a quantity
    assert _short(cited + "Theo Kế hoạch 02 của tỉnh.") == []  # two documents numbered 02
    assert _short(cited + "Thực hiện Nghị quyết 45 của Trung ương.") == []  # never cited
    assert _short(cited + "Nội dung theo phụ lục của Kế hoạch. 5. Trạm Y tế") == []
    assert _short(cited + "Triển khai Quyết định 57 của tỉnh.") == []  # another type
    assert _short(cited + "Triển khai Nghị quyết 57 trên địa bàn.") == [
        ("57-NQ/TW", "Nghị quyết 57")]  # the alias definition itself is not counted
