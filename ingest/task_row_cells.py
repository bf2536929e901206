"""Cells of one task row of a line-by-line table (clean or OCR-interleaved): text, lead,
support, output and deadline, with how sure each assignment is."""

from __future__ import annotations

import re

from ingest.agencies import agency_vocabulary_score
from ingest.deadlines import (
    find_deadlines,
    fold_same_length,
    fold_spaced,
    parse_deadline,
    strip_month_word,
    wrapped_continuous,
    wrapped_month,
)
from ingest.table_cells import Piece, agencies_in, clean_text, split_line
from ingest.table_layout import TableRegion
from ingest.table_names import rejoin_and_names, rejoin_cut_names
from ingest.table_outputs import TableNames, split_output, trailing_heads, written_output
from ingest.table_rows import RawRow
from ingest.task_pieces import (
    cell_words,
    debris_cells,
    issuer_lines,
    merge_vertical,
    real_text,
    table_named,
    trailing_cell,
)
from ingest.task_role_cells import (
    AgencyCell,
    TaskCells,
    cell_names,
    collect_pieces,
    continue_open_lists,
    split_roles,
)

_UNIT_LINE = re.compile(r"^\s*(?:don\s*vi|lien\s*quan|chuyen\s*mon)\b")  # folded
#: A money amount in millions or more ("160.000.000đ", "1.000.000.0008"): a budget cell.
_MONEY = re.compile(r"\s*\d{1,3}(?:[.,]\d{3}){2,}\s*(?:đ|d|đồng|dong|vnđ|\d)?\.?\s*$",
                    re.IGNORECASE)


def strip_row_number(text: str, strip: bool) -> str:
    if not strip:
        return text
    m = re.match(r"^\s*[|(\[]?\s*\d{1,2}(?:[.,]\d{1,2})?\s*[|.)\]:]?\s+", text)
    return text[m.end():] if m else text


def row_cells(row: RawRow, region: TableRegion, locality: str | None,
              interleaved: bool, min_offset: int = 24, first_offset: int | None = None,
              text_width: int | None = None, names: TableNames | None = None) -> TaskCells:
    """Assign the pieces of one row's lines to the task columns.

    ``names``: the table's gazetteer, to read name fragments that open an interleaved output.
    """
    if first_offset is None:
        first_offset = min_offset
    text_parts: list[str] = []
    cells: list[AgencyCell] = []
    outputs: list[str] = []
    deadlines: list[str] = []
    state: dict[str, object] = {}
    stream: list[str] = []  # stacked layout: the cell area read as one run of text
    line_pieces: list[list[Piece]] = []  # interleaved layout: cell pieces per line
    line_texts: list[str] = []  # interleaved layout: text-column part per line
    for i, ln in enumerate(row.lines):
        strip = ln.number == row.number_line
        if stream:
            stream.append(ln.text.strip())
            continue
        lc = split_line(ln.text, ln.number, locality, strip_number=strip, text_first=i == 0,
                        min_offset=first_offset if i == 0 else min_offset)
        pieces = list(lc.pieces)
        line_text = lc.text
        if interleaved and text_width and len(line_text) > text_width + 6:
            # words past the text column are the start of the neighbouring cells; on a line
            # that shows cells of its own, only words of the cell vocabularies are
            cut = line_text.rfind(" ", 0, text_width + 6)
            if cut > text_width * 0.6 and (not pieces or cell_words(line_text[cut:], names)):
                spill = line_text[cut:].strip()
                line_text = line_text[:cut].strip()
                if real_text(spill):
                    pieces.insert(0, Piece("text", spill, ln.number, cut))
        if interleaved and line_text:
            line_text, early = debris_cells(line_text, ln.number, locality, min_offset,
                                             bool(pieces))
            pieces = early + pieces
            if not pieces:
                line_text, pieces = trailing_cell(line_text, ln.number, names, min_offset)
        if interleaved and not pieces and 0 < len(line_text) < 25 and (
                agency_vocabulary_score(re.sub(r"\b\w{1,2}\b", " ", line_text)) >= 0.6
                or _UNIT_LINE.match(fold_same_length(line_text))):
            # a short name fragment alone on its line ("Văn phòng", "đơn vị" ending a
            # collective cell): a cell, not task text
            pieces = [Piece("text", line_text, ln.number, 0)]
            line_text = ""
        if interleaved:
            line_texts.append(line_text)
            line_pieces.append(table_named(pieces, names))
            continue
        if line_text:
            text_parts.append(line_text)
        if not interleaved:
            if lc.pieces:
                first = lc.pieces[0]
                body = ln.text if not strip else ln.text[len(ln.text) - len(
                    strip_row_number(ln.text, True)):]
                cell_start = body[first.offset:].strip()
                # a cell head wrapped onto lines of its own ("Trung tâm" / "PVHCC")
                if i > 0 and lc.text == "":
                    for back in (3, 2, 1):
                        tail = text_parts[-back:] if len(text_parts) >= back else []
                        if not tail or any(len(t) >= 25 for t in tail):
                            continue
                        joined = " ".join([*tail, cell_start]).replace("- ", "-")
                        if any(m.start == 0 and m.end > len(tail[0])
                               for m in agencies_in(joined, locality)):
                            del text_parts[-back:]
                            cell_start = joined
                            break
                stream.append(cell_start)
            continue
    if interleaved:
        issuer_lines(line_texts, line_pieces)
        rejoin_cut_names(line_texts, line_pieces, [ln.text for ln in row.lines], locality)
        rejoin_and_names(line_texts, line_pieces, locality)
        text_parts = [t for t in line_texts if t]
    for pieces in merge_vertical(line_pieces, locality):
        state = {"prev": "agency"} if pieces and pieces[0].kind == "text" and cells else {}
        before = len(cells)
        collect_pieces(pieces, cells, outputs, deadlines, state)
        if len(cells) - before >= 2:
            cells[before].paired = "lead"
            for c in cells[before + 1:]:
                c.paired = "support"
    if stream:
        first_line = row.lines[0].number
        lc = split_line(" ".join(stream), first_line, locality, cells_only=True)
        collect_pieces(lc.pieces, cells, outputs, deadlines, {})
    if interleaved:
        continue_open_lists(cells, outputs, {ln.number: ln.text for ln in row.lines})
        _continue_open_output(outputs, text_parts)
    lead_cells, support_cells, role_conf = split_roles(cells, region, interleaved, locality)
    row_text = " ".join(ln.text for ln in row.lines)
    committee = names.committee if names is not None else None
    lead, lead_conf = cell_names(lead_cells, locality, row_text, committee)
    support, support_conf = cell_names(support_cells, locality, row_text, committee)
    output = clean_text(outputs) or None
    # a period printed twice on a row (a name column repeating it) is one deadline
    deadline_text = clean_text(list({fold_spaced(d): d for d in deadlines}.values()))
    deadline_text, output = gather_plan_ref(deadline_text, output)
    if interleaved and _REF_HEAD.search(fold_same_length(deadline_text).lower()) \
            and not _REF_YEAR.search(fold_same_length(deadline_text).lower()):
        # "Theo Kế hoạch của UBND tỉnh" / ... / "năm 2026" ending a lower line of the row,
        # among the text column's words: the year closes the deadline cell
        for k in range(len(text_parts) - 1, -1, -1):
            year = _LINE_END_YEAR.search(fold_same_length(text_parts[k]).lower())
            if year:
                deadline_text = f"{deadline_text} {text_parts[k][year.start():].strip()}"
                text_parts[k] = text_parts[k][:year.start()].rstrip()
                break
    if region.has("budget"):  # the amount cell ends the row ("Năm 2026 160.000.000đ")
        deadline_text = _MONEY.sub("", deadline_text)
        output = _MONEY.sub("", output) or None if output else None
    if not deadline_text and interleaved:
        # "Tháng" / "9/2025": a month cell wrapped over the row's line ends
        wrapped = wrapped_month([ln.text for ln in row.lines])
        if wrapped:
            deadline_text, output = wrapped, strip_month_word(output)
    if interleaved and not re.search(r"xuy\w{0,2}n", fold_same_length(deadline_text).lower()):
        # "Thường" / "xuyên" ending lines of the row: the cell (or its second part) wrapped
        wrapped = wrapped_continuous([ln.text for ln in row.lines])
        if wrapped:
            deadline_text = f"{deadline_text} - {wrapped}" if deadline_text else wrapped
    if not deadline_text and output:
        found = find_deadlines(output)
        if found and found[-1].end >= len(output) - 2:
            deadline_text = output[found[-1].start:].strip()
            output = clean_text([output[: found[-1].start]]) or None
    if interleaved:
        output, pulled = split_output(output, locality, names)
        if region.has("support"):
            support += [n for n in pulled if n not in support and n not in lead]
    output = written_output(output)
    parsed = parse_deadline(deadline_text) if deadline_text else None
    text = clean_text(text_parts)
    base = 0.85 if not interleaved else 0.65
    conf = {
        "text": round(base * (1.0 if len(text) >= 20 else 0.6), 3),
        "lead": round(lead_conf * role_conf, 3) if lead else 0.0,
        "support": round(support_conf * role_conf, 3) if support else (
            0.8 if region.has("support") else 1.0),
        "output": round(base, 3) if output else 0.5,
        "deadline": round(parsed.confidence, 3) if parsed else (0.5 if deadline_text else 0.6),
    }
    return TaskCells(text=text, lead=lead, support=support, output=output,
                     deadline=parsed.text if parsed else (deadline_text or None),
                     confidence=conf)


def _continue_open_output(outputs: list[str], text_parts: list[str]) -> None:
    """An output list printed with a trailing comma ("Chuyên trang,") goes on below: output
    head words ending a lower text line ("... chuyên mục") are its rest, not task text."""
    open_at = next((i for i, o in enumerate(outputs) if o.rstrip(" ]|.)").endswith(",")), None)
    if open_at is None:
        return
    for k in range(1, len(text_parts)):
        start = trailing_heads(text_parts[k])
        if start:
            opened = outputs[open_at].rstrip(" ]|.)")
            outputs[open_at] = f"{opened} {text_parts[k][start:]}"
            text_parts[k] = text_parts[k][:start].rstrip()
            return


#: Parts of a "Theo Kế hoạch của UBND tỉnh năm 2026" deadline cell, folded (same length).
_REF_HEAD = re.compile(r"(?:th\w{0,2}c\s+hi\w{0,2}n\s+)?theo\s+(?:k\w?\s*ho\w{0,2}ch|d\w?\s*\w?n|"
                       r"ch\w{0,2}ng\s+tr\w{0,2}nh)\b")
_REF_ISSUER = re.compile(r"c\w{0,2}a\s+(?:ubnd|uy\s*ban\s*nhan\s*dan|hdnd|tinh\s*uy)"
                         r"(?:\s+(?:t\w{0,2}nh|ph\w{0,3}ng|x\w?)\b)?")
_REF_YEAR = re.compile(r"(?<!\w)n\w{1,2}m\s+20\d\d(?!\d)")
_LINE_END_YEAR = re.compile(r"(?<!\w)n\w{1,2}m\s+20\d\d\W*$")


def gather_plan_ref(deadline: str, output: str | None) -> tuple[str, str | None]:
    """Rejoin a "Theo Kế hoạch / của UBND tỉnh / năm 2026" deadline that OCR interleaving
    scattered into the output cell: the pieces of that phrase never belong to an output."""
    if not output:
        return deadline, output
    folded_out = fold_same_length(output).lower()
    folded_dl = fold_same_length(deadline).lower()
    head = None if _REF_HEAD.search(folded_dl) else _REF_HEAD.search(folded_out)
    if head is None and not _REF_HEAD.search(folded_dl):
        return deadline, output
    spans = [head.span()] if head else []
    for part in (_REF_ISSUER, _REF_YEAR):
        found = None if part.search(folded_dl) else part.search(folded_out)
        if found and not any(found.start() < e and s < found.end() for s, e in spans):
            spans.append(found.span())
    if not spans:
        return deadline, output
    moved = {span: output[span[0]:span[1]] for span in spans}
    kept, pos = [], 0
    for a, b in sorted(spans):
        kept.append(output[pos:a])
        pos = b
    kept.append(output[pos:])
    # the phrase opens the cell ("Theo Kế hoạch ... năm 2026"); its tails follow what is there
    order = [moved[head.span()], deadline] if head else [deadline]
    order += [moved[sp] for sp in spans if sp != (head.span() if head else None)]
    return clean_text(order), clean_text(kept) or None


__all__ = ["gather_plan_ref", "row_cells", "strip_row_number"]
