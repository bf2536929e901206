"""Task (and budget) tables to tasks: rows numbered within their group or appendix, each row's
cells read by the layout it is printed in."""

from __future__ import annotations

import re

from ingest.deadlines import parse_deadline
from ingest.document import SourceText
from ingest.records import Provenance, Task
from ingest.table_cells import clean_text, column_bar, text_column_width
from ingest.table_layout import TableRegion
from ingest.table_numbering import corrected_romans, repair_numbers
from ingest.table_outputs import table_names
from ingest.table_rows import segment_rows
from ingest.task_blocks import block_cells
from ingest.task_pieces import interleaved_layout
from ingest.task_role_cells import TaskCells
from ingest.task_row_cells import row_cells, strip_row_number

_AMOUNT = re.compile(r"\s+\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?\s*(?:đ|d|đồng|dong)?\s*$")


def _appendix_no(title: str | None) -> str:
    if not title:
        return ""
    m = re.search(r"l\w?c\s*([IVXLl1|]+|\d+)", title, re.IGNORECASE)
    if not m:
        return ""
    tok = m.group(1)
    if tok.isdigit():
        return tok
    return str(len(tok)) if set(tok.upper()) <= {"I", "L", "1", "|"} else ""


def tasks_from_table(source: SourceText, region: TableRegion,
                     locality: str | None = None) -> list[Task]:
    """Every row of one task (or budget) table as a Task."""
    seg = segment_rows(source, region, locality)
    width = text_column_width([ln for r in seg.rows for ln in r.lines], locality)
    min_offset = max(24, int(0.75 * width))
    interleaved = region.kind == "tasks" and interleaved_layout(seg.rows, locality, min_offset)
    names = table_names([ln.text for r in seg.rows for ln in r.lines], locality) \
        if interleaved else None
    # clean layout: on a row's first line a cell may follow a short text right away
    first_offset = min_offset if interleaved else 15
    group_tokens = [g[0] for g in seg.groups]
    fixed = dict(zip(group_tokens and [g[2] for g in seg.groups],
                     corrected_romans(group_tokens), strict=False))
    group_line = {g[1]: g[2] for g in seg.groups}
    numbers = repair_numbers([r.number for r in seg.rows])
    tasks: list[Task] = []
    for row, (number, num_conf) in zip(seg.rows, numbers, strict=True):
        group_roman = fixed.get(group_line.get(row.group or "", -1)) if row.group else None
        if region.kind == "budget":
            text = clean_text([_budget_text(strip_row_number(ln.text, ln.number == row.number_line))
                               for ln in row.lines])
            appendix = _appendix_no(region.title)
            tid = f"PL{appendix}.{number}" if appendix else number
            cells = TaskCells(text=text, lead=[], support=[], output=None, deadline=None,
                              confidence={"text": 0.7})
            group = clean_text([region.title or ""]) or None
        else:
            cells = block_cells(row, region, locality) if row.block else row_cells(
                row, region, locality, interleaved, min_offset, first_offset, width, names)
            # an ungrouped table in an appendix is numbered within it ("PL2.3"): two
            # appendices of one plan must not both yield task "3"
            appendix = _appendix_no(region.title)
            prefix = region.section or group_roman or (f"PL{appendix}" if appendix else None)
            tid = f"{prefix}.{number}" if prefix else number
            group = clean_text([row.group]) if row.group else None
        if not cells.text:
            continue
        dl = parse_deadline(cells.deadline) if cells.deadline else None
        field_conf = dict(cells.confidence)
        field_conf["id"] = num_conf
        row_conf = min(v for k, v in field_conf.items() if k in ("text", "lead", "deadline")
                       and (k != "lead" or region.kind == "tasks"))
        tasks.append(Task(
            id=tid, text=cells.text, group=group, lead=cells.lead, support=cells.support,
            output=cells.output, deadline=cells.deadline,
            deadline_date=dl.date if dl else None, deadline_year=dl.year if dl else None,
            text_raw="\n".join(ln.raw for ln in row.lines),
            provenance=Provenance(source.name, row.lines[0].number, row.lines[-1].number,
                                  "table", round(row_conf, 3), row.lines[0].page),
            field_confidence=field_conf,
        ))
    return tasks


def _budget_text(line: str) -> str:
    """The item-name part of a budget row line: up to a "|" rule OCR kept, amount removed."""
    bar = column_bar(line, 24)
    return _AMOUNT.sub("", line[:bar] if bar is not None else line)


__all__ = ["tasks_from_table"]
