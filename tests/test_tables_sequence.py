"""Row starts checked against the row-number sequence (ingest.table_starts) and group headings
wrapped over several lines above a mid-line numeral (ingest.table_rows)."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord
from ingest.table_starts import drop_out_of_sequence, number_rest_is_text
from ingest.tasks import extract_tasks


def _source(text: str) -> SourceText:
    return SourceText("snippet.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


def test_sequence_forgets_digits_that_break_it() -> None:
    numbered = [("5", "lower text"), ("50", ""), ("6", "doan 2026-2030")]
    drop_out_of_sequence(numbered, None)
    assert [n and n[0] for n in numbered] == ["5", None, "6"]


def test_sequence_keeps_a_number_that_may_fill_a_gap_or_lost_its_dot() -> None:
    gap = [("7", "x"), ("3", "ndi bo; ho so"), ("9", "y")]  # 8 misread: 7 ... 9 has a gap
    drop_out_of_sequence(gap, None)
    assert [n and n[0] for n in gap] == ["7", "3", "9"]
    dotted = [("3.7", "Tỷ lệ a"), ("38", "tu cua cac"), ("4", "Tỷ lệ b")]
    drop_out_of_sequence(dotted, None)
    assert [n and n[0] for n in dotted] == ["3.7", "38", "4"]
    texted = [("26", "x"), ("97", "Triển khai bộ công cụ trí tuệ nhân tạo"), ("27", "y")]
    drop_out_of_sequence(texted, None)
    assert texted[1] is not None  # a misread number that opens row text keeps its row


def test_short_cell_after_number_is_not_row_text() -> None:
    assert not number_rest_is_text(". Văn bản")
    assert number_rest_is_text("Triển khai quy chế bảo vệ dữ liệu cá nhân")


WRAPPED_HEADING = """PHỤ LỤC III
STT Tên nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Kết quả Thời gian
I |Công tác lãnh đạo, chỉ đạo
1 Xây dựng Kế hoạch hành động của Thị xã Văn phòng Thị ủy Các phòng chuyên môn Kế hoạch Năm 2025
Đề xuất hoàn thiện thể chế, chính sách tạo đột phá; xóa bỏ
mọi tư tưởng, quan niệm, rào cản đang cản trở sự phát
II {triển; đưa thể chế thành một lợi thế cạnh tranh
2 Ban hành Kế hoạch triển khai phong trào Văn phòng Thị ủy Các phòng chuyên môn Kế hoạch Năm 2025
"""


def test_heading_wrapped_over_lines_above_its_numeral() -> None:
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="thị xã Bỉm Sơn"))
    extract_tasks(_source(WRAPPED_HEADING), record)
    assert [t.id for t in record.tasks] == ["I.1", "II.2"]
    group = record.tasks[1].group or ""
    assert group.startswith("Đề xuất hoàn thiện") and "mọi tư tưởng" in group
    assert "Đề xuất" not in record.tasks[0].text


def test_debris_after_number_before_a_late_capital_is_no_row_text() -> None:
    # "6 \ 4 - 9 [N A ...": rule debris of the row's middle line, a capital far to the right
    assert not number_rest_is_text("\\ 4 - 9 [N A A N\\ A A ) - - Th by A")
    assert number_rest_is_text("|khoa học, công nghệ") is False  # lower case: centred number
    assert number_rest_is_text("| Tổ chức học tập quán triệt Nghị quyết")


BLOCKS = [  # paragraph-per-cell rows with their numbers alone on a line ("17", "18")
    "PHỤ LỤC II", "TT Tên nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Kết quả Thời gian",
    "16 Kiện toàn Ban Chỉ đạo Thị xã Văn phòng Thị ủy Các phòng chuyên môn Quyết định Năm 2025",
    "17", "", "Tăng cường kiểm tra, giám sát việc triển khai thực hiện", "các mục tiêu đã đề ra",
    "", "Văn phòng Thị ủy", "", "Phòng Văn hóa, KH&TT;", "", "Báo cáo", "", "Thường xuyên", "",
    "", "", "18", "", "Xây dựng cơ chế giám sát, thành lập đoàn kiểm tra", "định kỳ", "",
    "Văn phòng Thị ủy", "", "Các phòng chuyên môn", "", "Văn bản", "", "Thường xuyên",
]


def test_lone_row_number_kept_in_text_numbers_a_task_row() -> None:
    lines = [Line(i + 1, t, t) for i, t in enumerate(BLOCKS)]
    # repair no longer blanks lone row numbers: "18" is in the text
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="thị xã Bỉm Sơn"))
    extract_tasks(SourceText("snippet.txt", lines), record)
    assert [t.id for t in record.tasks][-2:] == ["PL2.17", "PL2.18"]
    assert record.tasks[-1].text.startswith("Xây dựng cơ chế giám sát")


def test_lower_case_collective_opening_a_line_is_text() -> None:
    from ingest.table_cells import split_line

    cells = split_line("cac co quan dang theo Quyết định số 204-QĐ/TW", 1, None)
    assert cells.text.startswith("cac co quan dang")
    cells = split_line("Các cơ quan, đơn vị liên quan", 1, None)
    assert not cells.text and cells.pieces[0].kind == "agency"
