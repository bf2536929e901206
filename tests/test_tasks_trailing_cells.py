"""A support list wrapped down its column can leave the end of one name and the head of the
next at the end of a text line ("... chuyên môn; UBND các"): the head, completed from the
names the table prints whole, is a cell of the line, and neither part is task text."""

from __future__ import annotations

from ingest.table_outputs import table_names
from ingest.task_pieces import trailing_cell

TABLE = [
    "Nâng cấp cổng thông tin Văn phòng Huyện ủy Phòng Nội vụ; UBND các xã, thị trấn Năm 2026",
    "Số hóa hồ sơ lưu trữ Văn phòng Huyện ủy Trung tâm VH, TT&DL Kế hoạch Năm 2026",
]


def test_tasks_table_name_completed_from_its_head() -> None:
    names = table_names(TABLE, "huyện Mỹ Đức")
    assert names.completing("UBND cac") == "UBND các xã, thị trấn"
    assert names.completing("UBND") is None  # one word: too little to name a unit
    assert names.completing("Phong Tai chinh") is None  # the table prints no such name


def test_tasks_trailing_cell_peeled_from_text() -> None:
    names = table_names(TABLE, "huyện Mỹ Đức")
    text, pieces = trailing_cell("phat trien ha tang so cua huyen chuyén mén; UBND céc",
                                 9, names, 40)
    assert text == "phat trien ha tang so cua huyen"
    assert [(p.kind, p.text) for p in pieces] == [("agency", "UBND các xã, thị trấn")]
    text, pieces = trailing_cell("truyen hinh va mang xa hoi TT&DL; UBND cac", 9, names, 40)
    assert (text, len(pieces)) == ("truyen hinh va mang xa hoi", 1)


def test_tasks_trailing_cell_leaves_prose_alone() -> None:
    names = table_names(TABLE, "huyện Mỹ Đức")
    # a ";" in the task text before words that open no table name, or before a name not
    # preceded by the end of a cell, stays text
    line = "rà soát quy trình; cập nhật dữ liệu"
    assert trailing_cell(line, 3, names, 40) == (line, [])
    line = "thực hiện các nhiệm vụ được giao; UBND các"
    assert trailing_cell(line, 3, names, 40) == (line, [])
    assert trailing_cell("chuyên môn; UBND các", 3, None, 40) == ("chuyên môn; UBND các", [])
