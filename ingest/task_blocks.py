"""Cells of a task row printed paragraph by paragraph (text, then one paragraph per column)."""

from __future__ import annotations

from ingest.deadlines import find_deadlines, parse_deadline
from ingest.table_cells import agencies_in, clean_text, collective_cells
from ingest.table_collective import system_spans
from ingest.table_layout import TableRegion
from ingest.table_outputs import written_output
from ingest.table_rows import RawRow
from ingest.task_role_cells import TaskCells, worded

#: Role columns in the order task appendices print them (the header order of an OCR'd
#: header is unreliable: its wrapped labels interleave).
_ROLE_ORDER = ("lead", "support", "output", "deadline")


def _parts(cell: str, locality: str | None) -> list[str]:
    """A name cell cut at its ";" separators, a political-system subject kept whole (written
    out, marked by a leading NUL so it is not read again)."""
    parts: list[str] = []
    pos = 0
    for start, end, name in system_spans(cell, locality):
        parts += [p.strip(" ,.") for p in cell[pos:start].split(";")]
        parts.append("\0" + name)
        pos = end
    parts += [p.strip(" ,.") for p in cell[pos:].split(";")]
    return [p for p in parts if p]


def block_cells(row: RawRow, region: TableRegion, locality: str | None) -> TaskCells:
    """Cells of a row printed paragraph by paragraph: text, then one paragraph per column.

    With as many paragraphs as role columns they map in order; otherwise deadline phrases go
    to the deadline column, named units to lead then support, and the rest to the output.
    A paragraph in a name column is a name even when the agency scheme does not know it.
    """
    paragraphs: list[list[str]] = []
    last = None
    for ln in row.lines:
        if ln.number == row.number_line:
            last = ln.number
            continue
        if last is None or ln.number > last + 1 or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(ln.text.strip())
        last = ln.number
    texts = [clean_text(p) for p in paragraphs if clean_text(p)]
    text, rest = (texts[0], texts[1:]) if texts else ("", [])
    roles = [r for r in _ROLE_ORDER if region.has(r)] or list(_ROLE_ORDER)
    assigned: dict[str, list[str]] = {r: [] for r in _ROLE_ORDER}
    if len(rest) == len(roles):
        for role, cell in zip(roles, rest, strict=True):
            assigned[role].append(cell)
    else:
        names = ("lead", "support")
        for cell in rest:
            if parse_deadline(cell) and len(find_deadlines(cell)) and not assigned["deadline"]:
                assigned["deadline"].append(cell)
            elif (agencies_in(cell, locality) or collective_cells(cell)) and any(
                    not assigned[n] for n in names):
                assigned[next(n for n in names if not assigned[n])].append(cell)
            else:
                assigned["output"].append(cell)

    def names_of(cells: list[str]) -> list[str]:
        out: list[str] = []
        for part in (p for cell in cells for p in _parts(cell, locality)):
            found = [part[1:]] if part[:1] == "\0" else [
                worded(part, m.start, m.name) if m.generic else m.name
                for m in agencies_in(part, locality)] or [
                name for _, _, name in collective_cells(part)]
            for name in found or [part]:
                if name and name not in out:
                    out.append(name)
        return out

    deadline_text = clean_text(assigned["deadline"])
    parsed = parse_deadline(deadline_text) if deadline_text else None
    lead, support = names_of(assigned["lead"]), names_of(assigned["support"])
    conf = {"text": 0.8 if len(text) >= 20 else 0.5, "lead": 0.75 if lead else 0.0,
            "support": 0.75 if support else 0.8, "output": 0.75 if assigned["output"] else 0.5,
            "deadline": round(parsed.confidence, 3) if parsed else 0.5}
    return TaskCells(text=text, lead=lead, support=support,
                     output=written_output(clean_text(assigned["output"]) or None),
                     deadline=parsed.text if parsed else (deadline_text or None),
                     confidence=conf)


__all__ = ["block_cells"]
