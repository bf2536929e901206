"""Stage ``tasks``: task rows of task appendices and items of prose task lists.

Tables come from :mod:`ingest.tables` (location, rows); the task modules decide which cell of a row
is the lead unit (chủ trì), the supporting units (phối hợp), the output (kết quả) and the
deadline (thời gian), and reads prose lists ("1. <task> / - Cơ quan chủ trì: ... / - Thời gian:
..."). Budget tables (STT | Nhiệm vụ | Kinh phí) are task lists without roles: their rows are
kept as tasks with empty roles, so funded items are searchable like any other task.

The work is split by step:

1. :mod:`ingest.task_pieces`: which words of an OCR-interleaved line are text, which are cells;
2. :mod:`ingest.task_role_cells`: pieces gathered into cells, agency cells split into lead and
   support;
3. :mod:`ingest.task_row_cells`: one line-by-line row read into :class:`TaskCells`;
4. :mod:`ingest.task_blocks`: one paragraph-per-cell row read into :class:`TaskCells`;
5. :mod:`ingest.task_tables`: a task or budget table to tasks;
6. :mod:`ingest.task_prose`: prose task lists.
"""

from __future__ import annotations

from ingest.document import SourceText
from ingest.records import PlanRecord, Task
from ingest.table_layout import locate_tables
from ingest.table_numbering import roman
from ingest.task_pieces import debris_cells
from ingest.task_prose import prose_tasks
from ingest.task_role_cells import TaskCells
from ingest.task_row_cells import gather_plan_ref, row_cells
from ingest.task_tables import tasks_from_table

# Former private names some tests still import from here.
_debris_cells = debris_cells
_gather_plan_ref = gather_plan_ref


def extract_tasks(source: SourceText, record: PlanRecord) -> None:
    """Pipeline stage: fill ``record.tasks`` from task tables, budget tables and prose lists."""
    locality = record.header.locality
    tasks: list[Task] = []
    covered: set[int] = set()
    for region in locate_tables(source):
        covered.update(range(region.header_start, region.body_end + 1))
        if region.kind in ("tasks", "budget"):
            tasks.extend(tasks_from_table(source, region, locality))
    tasks.extend(prose_tasks(source, covered, locality))
    tasks.sort(key=lambda t: t.provenance.line_start if t.provenance else 0)
    record.tasks = tasks


__all__ = ["TaskCells", "extract_tasks", "prose_tasks", "row_cells", "tasks_from_table", "roman"]
