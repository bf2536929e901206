"""The political system as one collective subject of a role cell ("Các cấp ủy, chính quyền,
MTTQ và các đoàn thể"): one name written out with its marks, not the units it lists."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord
from ingest.table_collective import system_phrase, system_spans
from ingest.tasks import extract_tasks


def test_tasks_system_subject_clean_and_damaged() -> None:
    assert system_phrase("Cấp ủy, chính quyền và các đoàn thể các cấp") == (
        "Cấp ủy, chính quyền và các đoàn thể các cấp", 43)
    # unaccented OCR with damaged letters ("Cic cap iy", "Uy ban MTTQ") is written out
    phrase, _ = system_phrase("Cic cap iy dang, chinh quyen; Uy ban MTTQ huyen")
    assert phrase == "Các cấp ủy đảng, chính quyền; Ủy ban MTTQ huyện"
    # a lone committee is no system subject, nor is prose that only mentions one
    assert system_phrase("Cấp ủy chi bộ") is None
    assert system_phrase("Các phòng chuyên môn") is None


def test_tasks_system_subject_after_a_semicolon_and_cut_tier() -> None:
    spans = system_spans("Các cơ quan, đơn vị; cap uy, chinh quyen cap co so")
    assert [name for _, _, name in spans] == ["Cấp ủy, chính quyền cấp cơ sở"]
    # the tier's second word lost at a wrap: the plan's level completes it
    spans = system_spans("Cac cap uy, chinh quyen, MTTQ, cac doan the huyen", "huyện Mỹ Đức")
    assert spans[0][2].endswith("các đoàn thể huyện")
    cut = system_spans("Các cấp ủy, chính quyền, MTTQ thị", "thị trấn Phố Mới")
    assert cut[0][2] == "Các cấp ủy, chính quyền, MTTQ thị trấn"
    assert system_spans("Các cấp ủy, chính quyền, MTTQ thị", None)[0][2] == (
        "Các cấp ủy, chính quyền, MTTQ")


PARAGRAPHS = [
    "PHỤ LỤC I",
    "TT Tên nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Kết quả Thời gian",
    "1 Rà soát hạ tầng mạng của huyện Văn phòng Huyện ủy Các phòng chuyên môn Báo cáo Năm 2026",
    "2", "", "Kiểm tra việc thực hiện các chỉ tiêu chuyển đổi số", "",
    "Cac cap uy, chinh", "quyen; Uy ban MTTQ,", "cac doan the huyen", "",
    "Cac phong chuyen mon; cap uy,", "chinh quyen cap xa", "", "Bao cao", "", "Hang nam",
    "", "3", "", "Sơ kết việc thực hiện kế hoạch", "", "Văn phòng Huyện ủy", "",
    "Các phòng chuyên môn", "", "Báo cáo", "", "Năm 2027",
]


def test_tasks_system_subject_is_one_lead_of_a_paragraph_row() -> None:
    lines = [Line(i + 1, t, t) for i, t in enumerate(PARAGRAPHS)]
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="huyện Mỹ Đức"))
    extract_tasks(SourceText("snippet.txt", lines), record)
    task = record.tasks[1]
    assert [t.id for t in record.tasks] == ["PL1.1", "PL1.2", "PL1.3"]
    assert task.lead == ["Các cấp ủy, chính quyền; Ủy ban MTTQ, các đoàn thể huyện"]
    assert task.support[-1] == "Cấp ủy, chính quyền cấp xã"


def test_tasks_system_subject_in_an_interleaved_cell() -> None:
    from ingest.task_role_cells import AgencyCell, cell_names

    cell = AgencyCell(["Céc cap iy, chinh quyén, MTTQ", "va cac doan thé Thi"])
    names, conf = cell_names([cell], "thị xã Sơn Tây")
    assert names == ["Các cấp ủy, chính quyền, MTTQ và các đoàn thể thị xã"] and conf > 0.5
    # a named unit after the subject in the same cell stays a unit of its own
    cell = AgencyCell(["Cấp ủy, chính quyền các cấp; Văn phòng Thị ủy"])
    assert cell_names([cell], "thị xã Sơn Tây")[0] == [
        "Cấp ủy, chính quyền các cấp", "Văn phòng Thị ủy"]
