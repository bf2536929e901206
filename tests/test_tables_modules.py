"""The table modules after the split: one step each, layered, small, and ``ingest.tables`` still
offers every name the stages import."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import ingest.tables as tables
from ingest.normalize import fold
from ingest.table_cells import clean_text, split_line
from ingest.table_columns import header_roles
from ingest.table_numbering import (
    corrected_romans,
    group_match,
    repair_numbers,
    roman_value,
    row_number,
)

ROOT = Path(__file__).resolve().parents[1]
# Each step may import only the steps before it.
LAYERS = ["table_columns", "table_numbering", "table_layout", "table_cells", "table_starts",
          "table_names", "table_rows", "table_collective", "table_outputs"]
ALLOWED = {
    "table_columns": set(),
    "table_numbering": {"table_columns"},
    "table_layout": {"table_columns", "table_numbering"},
    "table_cells": {"table_numbering"},
    "table_starts": {"table_numbering", "table_cells"},
    "table_names": {"table_cells"},
    "table_rows": {"table_columns", "table_numbering", "table_layout", "table_cells",
                   "table_starts"},
    "table_collective": set(),
    "table_outputs": {"table_cells", "table_names"},
}


def _table_imports(name: str) -> set[str]:
    tree = ast.parse((ROOT / "ingest" / f"{name}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(
                "ingest.table"):
            found.add(node.module.split(".", 1)[1])
    return found


def test_tables_facade_exports_the_names_stages_use() -> None:
    for name in tables.__all__:
        obj = getattr(tables, name)
        home = importlib.import_module(obj.__module__)
        assert getattr(home, name) is obj, name
    for name in ("locate_tables", "segment_rows", "split_line", "repair_numbers", "roman",
                 "office_names", "column_bar", "text_column_width", "RawRow", "Piece"):
        assert name in tables.__all__


def test_tables_modules_layered_and_small() -> None:
    for name in LAYERS:
        assert _table_imports(name) <= ALLOWED[name], name
        lines = (ROOT / "ingest" / f"{name}.py").read_text(encoding="utf-8").count("\n")
        assert lines < 400, f"{name}: {lines} lines"
    assert "tables" not in {m for n in LAYERS for m in _table_imports(n)}


def test_tables_header_roles_in_printed_order() -> None:
    header = fold("STT Nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành")
    assert header_roles(header) == ["task_text", "lead", "support", "deadline"]


def test_tables_numbering_reads_and_repairs() -> None:
    assert row_number("3.1 Xây dựng kế hoạch") == ("3.1", "Xây dựng kế hoạch")
    assert row_number("300 người dự thi") is None
    assert group_match("II. NHIỆM VỤ CỤ THỂ") == ("II", "NHIỆM VỤ CỤ THỂ")
    assert group_match("II. nhiệm vụ") is None  # a numeral before lower-case text
    assert roman_value("IV") == 4 and roman_value("l") == 1
    assert [n for n, _ in repair_numbers(["3", "31", "3.2"])] == ["3", "3.1", "3.2"]
    assert corrected_romans(["I", "I", "III"]) == ["I", "II", "III"]


def test_tables_cells_split_text_agency_deadline() -> None:
    line = ("Xây dựng cơ sở dữ liệu chuyển đổi số của xã và các thôn ấp      "
            "Văn phòng HĐND và UBND xã     Năm 2025")
    cells = split_line(line, 7, "xã Nha Bích")
    assert cells.text == "Xây dựng cơ sở dữ liệu chuyển đổi số của xã và các thôn ấp"
    assert [(p.kind, p.text) for p in cells.pieces] == [
        ("agency", "Văn phòng HĐND và UBND xã"), ("deadline", "Năm 2025")]
    assert clean_text(["  X Xây dựng", "kế hoạch |"]) == "Xây dựng kế hoạch"
