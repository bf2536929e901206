"""A collective cell printed with a trailing comma goes on below; its usual close ("đơn vị
liên quan"), read into the output among the other columns' wrapped tails, returns to it."""

from __future__ import annotations

from ingest.task_role_cells import AgencyCell, cell_names, continue_open_lists


def test_tasks_open_collective_list_takes_its_close_back() -> None:
    cells = [AgencyCell(["Văn phòng Huyện ủy"], 4, 0), AgencyCell(["Các phòng chuyên môn"], 6, 0)]
    outputs = ["Tài liệu", "Huyen iy don vi lién quan huong dan"]
    lines = {4: "Văn phòng Huyện ủy", 6: "Các phòng chuyên môn,"}
    continue_open_lists(cells, outputs, lines)
    assert outputs == ["Tài liệu", "Huyen iy huong dan"]
    assert cell_names(cells[1:], "huyện Mỹ Đức")[0] == ["Các phòng chuyên môn, đơn vị liên quan"]


def test_tasks_closed_list_or_output_object_left_alone() -> None:
    # no trailing comma: the list is closed
    cells = [AgencyCell(["Các phòng chuyên môn"], 6, 0)]
    outputs = ["don vi lien quan huong dan"]
    continue_open_lists(cells, outputs, {6: "Các phòng chuyên môn"})
    assert outputs == ["don vi lien quan huong dan"]
    # "báo cáo của các đơn vị liên quan" is an output's object, not a wrapped cell
    outputs = ["Báo cáo của các đơn vị liên quan"]
    continue_open_lists(cells, outputs, {6: "Các phòng chuyên môn,"})
    assert outputs == ["Báo cáo của các đơn vị liên quan"]
    # a named unit with a comma is no collective list
    cells = [AgencyCell(["Phòng Nội vụ"], 6, 0)]
    outputs = ["đơn vị liên quan"]
    continue_open_lists(cells, outputs, {6: "Phòng Nội vụ,"})
    assert outputs == ["đơn vị liên quan"]


def test_tasks_open_output_list_takes_its_rest_from_a_text_line() -> None:
    from ingest.table_outputs import trailing_heads
    from ingest.task_row_cells import _continue_open_output

    assert trailing_heads("tren bao chi va mang xa hoi bai viet, phong su") == 28
    assert trailing_heads("ke hoach cong tac hang nam") is None  # head words not at the end
    outputs = ["Phong VH, Tai lieu, ]", "Nam 2026"]
    texts = ["To chuc tuyen truyen tren cac", "nen tang so Dan van Huyen uy . huong dan"]
    _continue_open_output(outputs, texts)
    assert outputs[0] == "Phong VH, Tai lieu, huong dan"
    assert texts[1] == "nen tang so Dan van Huyen uy ."
    # a closed output leaves the text alone, even where a line ends with head words
    outputs, texts = ["Tai lieu"], ["Xay dung", "va ban hanh ke hoach"]
    _continue_open_output(outputs, texts)
    assert texts == ["Xay dung", "va ban hanh ke hoach"]
