"""The task modules after the split: one step each, layered, small, and ``ingest.tasks`` still
offers the names other modules and tests import from it."""

from __future__ import annotations

import ast
from pathlib import Path

import ingest.tasks as tasks

ROOT = Path(__file__).resolve().parents[1]
# Each step may import only the steps before it.
ALLOWED = {
    "task_pieces": set(),
    "task_role_cells": {"task_pieces"},
    "task_row_cells": {"task_pieces", "task_role_cells"},
    "task_blocks": {"task_role_cells"},
    "task_tables": {"task_pieces", "task_role_cells", "task_row_cells", "task_blocks"},
    "task_prose": set(),
}


def _task_imports(name: str) -> set[str]:
    tree = ast.parse((ROOT / "ingest" / f"{name}.py").read_text(encoding="utf-8"))
    return {node.module.split(".", 1)[1] for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
            and node.module.startswith("ingest.task")}


def test_tasks_modules_layered_and_small() -> None:
    for name, allowed in ALLOWED.items():
        assert _task_imports(name) <= allowed, name
        lines = (ROOT / "ingest" / f"{name}.py").read_text(encoding="utf-8").count("\n")
        assert lines < 400, f"{name}: {lines} lines"
    assert "tasks" not in {m for n in ALLOWED for m in _task_imports(n)}


def test_tasks_facade_keeps_its_names() -> None:
    for name in tasks.__all__:
        assert callable(getattr(tasks, name)), name
    assert {"extract_tasks", "row_cells", "tasks_from_table", "prose_tasks"} <= set(tasks.__all__)
    # former private names tests import
    assert tasks._debris_cells.__module__ == "ingest.task_pieces"
    assert tasks._gather_plan_ref.__module__ == "ingest.task_row_cells"
