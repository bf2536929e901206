"""Stage ``indicators``: rows of target tables (chỉ tiêu / mục tiêu), else prose targets.

Rows, groups and numbers come from :mod:`ingest.table_rows`, re-cut where OCR broke a number
or a heading (:mod:`ingest.indicator_rows`); each row is read line by line from the right
(:mod:`ingest.indicator_cells`); in tables whose cells are centred on the row number's line,
text and owner pieces cut into a neighbouring row go back to their own; the text is cleaned of
other columns' pieces (:mod:`ingest.indicator_text`), owners are checked against the table's
owner column (:mod:`ingest.indicator_owners`), values and units repaired
(:mod:`ingest.indicator_values`). Plans without a target table: :mod:`ingest.indicator_prose`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ingest.document import SourceText
from ingest.indicator_cells import ReadRow, RowRead, read_row
from ingest.indicator_owners import (
    complete_names,
    marked_names,
    owner_cells,
    owner_copy,
    qualify_collectives,
    row_owners,
)
from ingest.indicator_prose import prose_indicators, year_of
from ingest.indicator_rows import split_at_headings, split_lost_numbers
from ingest.indicator_text import indicator_text, name_sequences, opens_indicator
from ingest.indicator_units import has_unit_column, table_unit
from ingest.indicator_values import percent_row, repair_lost_commas, row_unit
from ingest.indicator_years import new_baseline, year_targets
from ingest.records import Indicator, PlanRecord, Provenance
from ingest.table_layout import TableRegion, locate_tables
from ingest.table_numbering import corrected_romans, repair_numbers
from ingest.table_rows import RawRow, segment_rows


def _year_values(read: RowRead, years: int) -> list[str]:
    """The values of a row: in a multi-year table, the line that prints them all, if one does.

    The year cells of a row sit on one line; numbers read on its other lines are debris of
    other cells ("A 1 r A"), or a second reading of the same cells (their "%" on a line below).
    """
    if years >= 2:
        full = [run for run in read.value_runs if len(run) >= years]
        if full:
            return max(full, key=len)
        if len(read.values) > years:  # two short runs: one line's cells, not both
            return max(read.value_runs, key=len)
    return read.values


def _two_agency_columns(region: TableRegion) -> bool:
    """Whether the table has an executing and a monitoring agency column.

    Both sit right of the values; a "lead" label read among the year columns is a word of one
    wrapped header cell ("Cơ quan, đơn vị chủ trì tham mưu; theo dõi, báo cáo") that OCR
    interleaved with the year labels, not a column of its own.
    """
    cols = region.columns
    if "lead" not in cols or "owner" not in cols:
        return False
    years = [i for i, c in enumerate(cols) if c.startswith("year:")]
    return not years or cols.index("lead") > max(years)


def _anchors(rows: list[RawRow]) -> list[int]:
    """The line each row is centred on: its number's line, else its middle line."""
    return [row.number_line if row.number_line is not None
            else row.lines[len(row.lines) // 2].number for row in rows]


@dataclass(frozen=True)
class _Fragment:
    line: int  # the source line it was read on
    text: str
    above: tuple[str, ...]  # up to two lines read above it in its row


def _text_fragments(rows: list[RawRow], reads: list[ReadRow], centred: bool
                    ) -> list[list[_Fragment]]:
    """Text fragments of each row with their source lines, in line order.

    Where cells are centred on the row number's line, a text line cut into one row below its
    number line but nearer to the next row's, with no values on it, is the wrapped start of
    the next row's text when that row's own text opens in lower case (mid-sentence).
    In any table, a line below a row's values that opens like an indicator ("Tỷ lệ ...") is
    the start of the next row's text, when that row's own text does not open like one (its
    number sits on the cell's second line).
    """
    anchors = _anchors(rows)
    # a row whose text opens in lower case continues a text cell that began above it
    opens_low = [bool(rr.read.text) and rr.read.text[0].lstrip(" |[(")[:1].islower()
                 for rr in reads]
    opens_row = [bool(rr.read.text) and opens_indicator(rr.read.text[0]) for rr in reads]
    out: list[list[_Fragment]] = [[] for _ in rows]
    for k, rr in enumerate(reads):
        first_values = min(rr.read.value_lines, default=None)
        # text on a values line below: the row holds a second row whose number OCR lost
        texts_on_values = [i for t, i in zip(rr.read.text, rr.read.text_line, strict=True)
                           if i in rr.read.value_lines and sum(c.isalpha() for c in t) >= 6]
        moved = False
        for j, (frag, idx) in enumerate(zip(rr.read.text, rr.read.text_line, strict=True)):
            line, best = rr.numbers[idx], k
            if centred and idx not in rr.read.value_lines and k + 1 < len(rows) \
                    and opens_low[k + 1] and line > anchors[k] \
                    and anchors[k + 1] - line < line - anchors[k]:
                best = k + 1
            elif k + 1 < len(rows) and first_values is not None and idx > first_values \
                    and j > 0 and not opens_row[k + 1] and (moved or opens_indicator(frag)) \
                    and not any(i > idx for i in texts_on_values):
                best, moved = k + 1, True
            out[best].append(_Fragment(line, frag, tuple(rr.lines[max(0, idx - 2): idx])))
    return [sorted(found, key=lambda f: f.line) for found in out]


def _owner_entries(rows: list[RawRow], reads: list[ReadRow], centred: bool
                   ) -> list[list[tuple[int, list[str]]]]:
    """Owner cells of each row with the source line each was read on, in line order.

    In a table whose cells are centred on the row number's line, a tall owner cell starts
    above the row's first text line and ends below its last, so the lines cut into rows carry
    pieces of the neighbours' owner cells: each cell goes to the row (this one or an adjacent
    one) whose number line is nearest to its line. A line that also carries values is a row's
    own line (often one whose number OCR lost), so its owner stays.
    """
    anchors = _anchors(rows)
    out: list[list[tuple[int, list[str]]]] = [[] for _ in rows]
    for k, rr in enumerate(reads):
        for idx, cells in zip(rr.read.owner_line, rr.read.owners, strict=True):
            line = rr.numbers[idx]
            near = [k] if idx in rr.read.value_lines or not centred else [
                j for j in (k - 1, k, k + 1) if 0 <= j < len(rows)]
            best = min(near, key=lambda j: (abs(anchors[j] - line), j != k))
            out[best].append((line, cells))
    return [sorted(found, key=lambda f: f[0]) for found in out]


def indicators_from_table(source: SourceText, region: TableRegion, locality: str | None,
                          plan_year: int | None) -> list[Indicator]:
    """Every row of one target table as an Indicator."""
    seg = segment_rows(source, region, locality)
    rows, groups = split_at_headings(seg.rows, seg.groups)
    group_lines = [g[2] for g in groups]
    romans = dict(zip(group_lines, corrected_romans([g[0] for g in groups]), strict=True))
    heading_of = {g[1]: g[2] for g in groups}
    rows = split_lost_numbers(rows)
    numbers = repair_numbers([r.number for r in rows], [r.group for r in rows])
    two_agency_columns = _two_agency_columns(region)
    unit_column = has_unit_column(source, region)
    years = region.years
    column_names = owner_cells(rows, locality)
    reads = [read_row(row, locality, len(years) >= 2) for row in rows]
    seqs = name_sequences([n for rr in reads for n in rr.read.owners])
    full_names = marked_names([name for rr in reads for cells in rr.read.owners for name in cells])
    text_of = {ln.number: ln.text for row in rows for ln in row.lines}
    for rr, entries in zip(reads, _owner_entries(rows, reads, seg.centred), strict=True):
        rr.read.owners = qualify_collectives(entries, text_of)
    texts = _text_fragments(rows, reads, seg.centred)
    ordered = sorted((n, t) for rr in reads for n, t in zip(rr.numbers, rr.lines, strict=True))
    table_numbers, table_lines = [n for n, _ in ordered], [t for _, t in ordered]
    out: list[Indicator] = []
    for k, (row, (number, num_conf)) in enumerate(zip(rows, numbers, strict=True)):
        read = reads[k].read
        text = indicator_text([f.text for f in texts[k]], [f.above for f in texts[k]], seqs,
                              [table_lines[max(0, i - 2): i] for i in
                               (bisect_left(table_numbers, f.line) for f in texts[k])])
        if not text:
            continue
        nxt = numbers[k + 1][0] if k + 1 < len(numbers) else ""
        if not (read.values or read.unit or read.owners) and nxt.startswith(f"{number}."):
            continue  # a sub-heading ("3 Thực hiện TTHC ...") over rows 3.1, 3.2 ...
        owner = row_owners(read.owners, two_agency_columns) or owner_copy(row, column_names)
        owner = complete_names(owner, full_names)
        if read.unit is None and not region.has("unit") and read.values \
                and sum(v.rstrip(".").endswith("%") for v in read.values) * 2 > len(read.values):
            read.unit = "%"  # no unit column: the values carry it (those OCR kept readable)
        read.unit = table_unit(row_unit(read.unit, text), text, unit_column,
                               [ln.text for ln in row.lines])
        target: str | dict[str, str] | None
        year: int | None
        values = percent_row(_year_values(read, len(years)), read.unit)
        if region.has("baseline") and len(years) < 2 and len(values) > len(years):
            values = values[1:]  # the "hiện trạng" (current state) column precedes the target
        if len(years) >= 2:
            target = year_targets(repair_lost_commas(values), years, region.has("baseline"),
                                  new_baseline([ln.text for ln in row.lines]))
            year = None
        else:
            target = values[0].rstrip(".") if values else None
            year = year_of(row.group) or (int(years[0]) if years else None) or plan_year
        group_roman = romans.get(heading_of.get(row.group or "", -1)) if row.group else None
        prefix = region.section or group_roman
        iid = f"{prefix}.{number}" if prefix else number
        conf = {
            "text": 0.85 if len(text) >= 15 else 0.5,
            "owner": 0.85 if owner else 0.3,
            "target": 0.8 if read.values else 0.4,
            "unit": 0.8 if read.unit else 0.5,
            "id": num_conf,
        }
        out.append(Indicator(
            id=iid, text=text, unit=read.unit, target=target, year=year, owner=owner,
            text_raw="\n".join(ln.raw for ln in row.lines),
            provenance=Provenance(source.name, row.lines[0].number, row.lines[-1].number,
                                  "table", round(min(conf["text"], conf["owner"]), 3),
                                  row.lines[0].page),
            field_confidence=conf))
    return out


def extract_indicators(source: SourceText, record: PlanRecord) -> None:
    """Pipeline stage: fill ``record.indicators`` from the plan's target tables.

    Where a plan has no target table, its prose target list stands in (a plan with an
    appendix repeats the same targets in prose, and the table is the authority).
    """
    locality = record.header.locality
    plan_year = year_of(record.header.title)
    out: list[Indicator] = []
    for region in locate_tables(source):
        if region.kind == "indicators":
            out.extend(indicators_from_table(source, region, locality, plan_year))
    if not out:
        out = prose_indicators(source, plan_year)
    record.indicators = out


__all__ = ["extract_indicators", "indicators_from_table", "prose_indicators"]
