"""Documents a task implements by title alone ("Triển khai Hướng dẫn ..."), read after tasks."""

from __future__ import annotations

from ingest.citation_tasks import cite_from_tasks
from ingest.document import Line, SourceText
from ingest.records import DocumentRef, PlanHeader, PlanRecord, Provenance, Task


def _record(*texts: str) -> PlanRecord:
    record = PlanRecord(doc="t.txt", header=PlanHeader(province="Đồng Nai",
                                                        locality="xã Nha Bích"))
    for i, text in enumerate(texts, 1):
        record.tasks.append(Task(id=str(i), text=text,
                                 provenance=Provenance("t.txt", 10 * i, 10 * i + 2)))
    return record


SOURCE = SourceText("t.txt", [Line(1, "x", "x")])


def test_capitalised_title_after_implement_verb_is_a_document() -> None:
    record = _record(
        "Thực hiện Kế hoạch nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình; "
        "cung cấp dịch vụ số mới được cá nhân hóa",
        "Triển khai Hướng dẫn rà soát, điều chỉnh, số hóa quy trình nội bộ, hồ sơ tài liệu; "
        "tái cấu trúc, đơn giản hóa quy trình TTHC",
        "Triển khai Chương trình “Đẩy mạnh truyền thông về chuyển đổi số” trên địa bàn xã")
    cite_from_tasks(SOURCE, record)
    got = [(d.doc_type, d.mention) for d in record.cited_documents]
    assert got == [
        ("Kế hoạch", "Kế hoạch nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình"),
        ("Hướng dẫn", "Hướng dẫn rà soát, điều chỉnh, số hóa quy trình nội bộ, hồ sơ tài liệu"),
        ("Chương trình", "Chương trình “Đẩy mạnh truyền thông về chuyển đổi số”"),
    ]
    first = record.cited_documents[0]
    assert first.number is None and first.provenance and first.provenance.line_start == 10
    assert first.provenance.needs_review  # a title-only reading is flagged for review


def test_work_items_numbered_refs_and_this_plan_are_not_documents() -> None:
    record = _record(
        "Triển khai kế hoạch phát triển kinh tế số, xã hội số",  # lower case: work, not a title
        "Triển khai Kế hoạch số 35/KH-UBND ngày 12/9/2025 của UBND xã",  # numbered: citations
        "Thực hiện Kế hoạch này đúng tiến độ",
        "Xây dựng Kế hoạch chuyển đổi số năm 2026")  # creating a plan is not citing one
    cite_from_tasks(SOURCE, record)
    assert record.cited_documents == []


def test_a_document_cited_already_is_not_added_again() -> None:
    record = _record("Triển khai Hướng dẫn rà soát, điều chỉnh, số hóa quy trình nội bộ")
    record.cited_documents.append(DocumentRef(
        number=None, doc_type="Hướng dẫn",
        mention="Hướng dẫn rà soát, điều chỉnh, số hóa quy trình nội bộ của Sở"))
    cite_from_tasks(SOURCE, record)
    assert len(record.cited_documents) == 1


def test_ocr_text_without_marks_is_read_the_same() -> None:
    record = _record("Trien khai Huong dan ra soat, dieu chinh, so hoa quy trinh noi bo; "
                     "tai cau truc quy trinh")
    cite_from_tasks(SOURCE, record)
    assert [d.mention_raw for d in record.cited_documents] == [
        "Huong dan ra soat, dieu chinh, so hoa quy trinh noi bo"]
