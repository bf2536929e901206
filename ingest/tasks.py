"""Stage ``tasks``: task rows of task appendices and items of prose task lists.

Tables come from :mod:`ingest.tables` (location, rows); this module decides which cell of a row
is the lead unit (chủ trì), the supporting units (phối hợp), the output (kết quả) and the
deadline (thời gian), and reads prose lists ("1. <task> / - Cơ quan chủ trì: ... / - Thời gian:
..."). Budget tables (STT | Nhiệm vụ | Kinh phí) are task lists without roles: their rows are
kept as tasks with empty roles, so funded items are searchable like any other task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
from ingest.document import SourceText
from ingest.normalize import fold_keep_punct
from ingest.records import PlanRecord, Provenance, Task
from ingest.table_cells import (
    Piece,
    agencies_in,
    clean_text,
    collective_cells,
    column_bar,
    debris_before_second_word,
    split_line,
    text_column_width,
    word_tokens,
)
from ingest.table_collective import collective_phrase
from ingest.table_layout import TableRegion, locate_tables
from ingest.table_names import joined_name, rejoin_and_names, rejoin_cut_names, with_committee
from ingest.table_numbering import corrected_romans, repair_numbers, roman
from ingest.table_outputs import (
    TableNames,
    output_heads,
    split_output,
    starts_with_cell_head,
    table_names,
)
from ingest.table_rows import RawRow, segment_rows

# A text piece right after an agency that continues the agency cell, not a new column.
_AGENCY_TAIL = re.compile(r"^(?:(?:,|&|va\b)?\s*(?:don\s*v\w*|chuyen\s*mon|lien\s*quan|quan\b|vi\b|"
                          r"to\s*chuc|co\s*quan|nganh|ubnd|hdnd|dt\b|ht\b|&))")
# an output ending with "của" (cua, ctua, cia), maybe before the wrapped deadline's "Tháng"
_OF_END = re.compile(r"(?<!\w)c\w{0,2}a(?:\W+th\w?ng)?\W*$")
_OF_TEXT_END = re.compile(r"(?<!\w)c\w{0,2}a(?:\W+\w)?\W*$")  # "của" ending text, debris after
_MONTH_TAIL = re.compile(r"(?<=\s)Th\w?ng\W*$")
_UNIT_LINE = re.compile(r"^\s*(?:don\s*vi|lien\s*quan|chuyen\s*mon)\b")  # folded
_CUT_UNIT = re.compile(r"^\s*d\w{1,2}n\b")
_PLAN_REF = re.compile(r"\btheo\s+(?:ke\s*hoach|de\s*an|chuong\s*trinh)\s*$")
_ISSUER_TAIL = re.compile(r"^\s*c\w{0,2}a\s+(?:ubnd|uy\s*ban|hdnd|bo|so|tinh)\b")
_JOINER = re.compile(r"^[\s,;&/+-]*(?:va|và)?[\s,;&/+-]*$")


@dataclass
class _Cell:
    raw: list[str] = field(default_factory=list)
    line: int = 0
    offset: int = 0
    paired: str | None = None  # "lead"/"support" when fixed by a line with two cells

    @property
    def text(self) -> str:
        return " ".join(self.raw)


@dataclass
class TaskCells:
    """The cells of one task row, raw, with how sure each assignment is."""

    text: str
    lead: list[str]
    support: list[str]
    output: str | None
    deadline: str | None
    confidence: dict[str, float]


def _names(cells: list[_Cell], locality: str | None, row_text: str = "",
           committee: str | None = None) -> tuple[list[str], float]:
    names: list[str] = []
    confs: list[float] = []
    for cell in cells:
        text = cell.text
        found = [(_worded(text, m.start, m.name) if m.generic
                  else with_committee(joined_name(m.name, row_text), committee),
                  m.confidence) for m in agencies_in(text, locality)]
        if not found:
            found = [(_worded(text, s, name), 0.6)
                     for s, _, name in collective_cells(text)]
        for name, conf in found:
            if name not in names:
                names.append(name)
                confs.append(conf)
    return names, (sum(confs) / len(confs) if confs else 0.0)


def _worded(text: str, start: int, display: str) -> str:
    """A collective cell as the plan words it ("Các phòng, ban, đơn vị liên quan") when that
    says at least as much as the scheme's display for it ("Các phòng ban chuyên môn")."""
    phrase = collective_phrase(text[start:])
    return phrase if phrase and len(fold_spaced(phrase)) >= len(fold_spaced(display)) else display


def _interleaved(rows: list[RawRow], locality: str | None, min_offset: int = 24) -> bool:
    """OCR layout: most cell-bearing lines also carry text of the task column."""
    mixed = cells = 0
    for row in rows:
        for ln in row.lines:
            lc = split_line(ln.text, ln.number, locality, strip_number=True,
                            min_offset=min_offset)
            if lc.pieces:
                cells += 1
                mixed += len(lc.text) >= 15
    return cells > 0 and mixed / cells > 0.4


def _collect(pieces: list[Piece], cells: list[_Cell], outputs: list[str], deadlines: list[str],
             state: dict[str, object]) -> None:
    """Walk typed pieces left to right: agencies, then output, then deadline."""
    for k, piece in enumerate(pieces):
        if piece.kind == "agency" and outputs and _OF_END.search(fold_spaced(outputs[-1])) and \
                k > 0 and \
                all(p.kind != "agency" for p in pieces[k + 1:]):
            # "Kế hoạch của" / "UBND Thị xã" below it: the issuer continues the output cell
            # (the last name of a line after other cells: the output column is right of the
            # name columns; a name opening a line is in the lead column)
            # a month word the deadline cell wrapped beside "của" is read from the lines later
            outputs[-1] = _MONTH_TAIL.sub("", outputs[-1])
            outputs.append(piece.text)
            state["prev"] = "output"
        elif piece.kind == "agency":
            prev = state.get("prev")
            last_raw = cells[-1].raw[-1] if cells and cells[-1].raw else ""
            continues = bool(cells) and (prev == "joiner" or (prev == "agency" and (
                last_raw.rstrip().endswith((",", "-", "&", "và", "va"))
                or piece.text[:1].islower())))
            if continues:
                cells[-1].raw.append(piece.text)
            else:
                cells.append(_Cell([piece.text], piece.line, piece.offset))
            state["prev"] = "agency"
        elif piece.kind == "deadline":
            deadlines.append(piece.text)
            state["prev"] = "deadline"
        else:
            folded = fold_same_length(piece.text).lower()
            prev = state.get("prev")
            tail = _AGENCY_TAIL.match(folded) if prev == "agency" else None
            if prev == "agency" and not tail and piece.text.lstrip().startswith(","):
                tail = _CUT_UNIT.match(folded)  # ", đơn" / "vị liên quan" wrapped below
            if prev == "agency" and _JOINER.match(piece.text):
                cells[-1].raw.append(piece.text)
                state["prev"] = "joiner"
            elif tail:
                cells[-1].raw.append(piece.text[:tail.end()])
                rest = piece.text[tail.end():].strip(" ,;|")
                if _real(rest):
                    outputs.append(rest)
                    state["prev"] = "output"
                else:
                    state["prev"] = "agency"
            elif (prev == "deadline" and not _opens_output(piece.text)) or (
                    deadlines and _PLAN_REF.search(fold_spaced(deadlines[-1]))
                    and _ISSUER_TAIL.match(folded)):
                deadlines.append(piece.text)  # "Theo Kế hoạch" / "của UBND tỉnh" / "năm 2026"
            else:
                outputs.append(piece.text)
                state["prev"] = "output"


def _opens_output(text: str) -> bool:
    """``text`` opens with an output head word ("Kế hoạch, báo cáo"): an output cell."""
    heads = output_heads(text)
    return bool(heads) and not text[:heads[0][0]].strip(" ,;|.")


def _agencyish(piece: Piece) -> bool:
    return piece.kind == "agency" or (piece.kind == "text" and agency_vocabulary_score(
        piece.text) >= 0.5)


def _merge_vertical(lines: list[list[Piece]], locality: str | None) -> list[list[Piece]]:
    """Join a name that an OCR'd cell wrapped over lines ("Văn phòng" / "HĐND" / "& UBND").

    The last name-like piece of a line and the first of the next are one name when read
    together they make one agency mention spanning both.
    """
    out = [list(p) for p in lines]
    for i in range(len(out) - 1):
        heads = [k for k, p in enumerate(out[i]) if _agencyish(p)]
        if not heads:
            continue
        a = out[i][heads[-1]]
        a_text = re.sub(r"(?:\s+\S{1,2})+$", "", clean_text([a.text]))
        for j in (i + 1, i + 2):  # the neighbouring column may sit on the line between
            if j >= len(out):
                break
            for k, b in enumerate(out[j]):
                if not _agencyish(b):
                    continue
                joined = f"{a_text} {b.text.lstrip('&, ')}"
                cut = len(a_text)
                if any(m.start < cut and m.end > cut + 1 and not m.generic
                       for m in agencies_in(joined, locality)):
                    # the merged name takes the lower slot so it can grow further down
                    out[j][k] = Piece("agency", joined, b.line, b.offset)
                    del out[i][heads[-1]]
                    break
            else:
                continue
            break
    return out


def _debris_cells(text: str, line_no: int, locality: str | None, min_offset: int,
                  has_cells: bool = False) -> tuple[str, list[Piece]]:
    """Text-column part of an interleaved line, and cells that OCR pulled into it.

    Where a line's text column is empty, OCR packs the neighbouring cells to the left, behind
    debris of the rules ("2 1 , A . cn L 2R Công an ..."). A name or deadline that only
    debris precedes opens the cell area of that line; a line with more debris than words
    (its edges cleaned) and no cells at their place (``has_cells``) is no text.
    Packed cells lost their x position but keep their order: they are placed past the text
    column (``min_offset``), so a cell printed at its place on another line stays left of them.
    """
    starts: list[int] = []
    # a prefix of one word at most needs two debris tokens, one of them possibly cut at the
    # cell's start: without any before the second word no cell can open here (a whole-line
    # agency look-up saved per text line)
    if debris_before_second_word(text) >= 1:
        starts = [m.start for m in agencies_in(text, locality)
                  if text[m.start:m.start + 1].isupper()]
        starts += [s for s, _e, _n in collective_cells(text)]
        starts += [d.start for d in find_deadlines(text)
                   if text[d.start:d.start + 1].isupper()]
    for start in sorted(starts):
        words, debris = word_tokens(text[:start])
        if start > 0 and words <= 1 and debris >= 2:
            cells = split_line(text[start:], line_no, locality, cells_only=True)
            return "", [Piece(p.kind, p.text, p.line, min_offset + start + p.offset, p.mention)
                        for p in cells.pieces]
        break
    words, debris = word_tokens(text, trim=True)
    if debris >= 3 and debris > words and not has_cells:
        return "", []
    return text, []


def _table_named(pieces: list[Piece], names: TableNames | None) -> list[Piece]:
    """Text pieces opening with a name the table prints elsewhere, damaged past the agency
    matcher ("Vin phong Thi iy"), become that name's agency piece (the rest stays text)."""
    if names is None:
        return pieces
    out: list[Piece] = []
    for p in pieces:
        found = names.opening(p.text) if p.kind == "text" and starts_with_cell_head(p.text) \
            else None
        if found is None:
            out.append(p)
            continue
        name, end = found
        out.append(Piece("agency", name, p.line, p.offset))
        rest = p.text[end:].strip()
        if rest:
            out.append(Piece("text", rest, p.line, p.offset + end))
    return out


def _issuer_lines(texts: list[str], pieces: list[list[Piece]]) -> None:
    """A line that is nothing but a name right below task text ending with "của" ("... Kế
    hoạch hành động của" / "Ban Thường vụ Tỉnh ủy.") is that text's issuer, not a cell."""
    for i in range(1, len(texts)):
        line = pieces[i]
        if texts[i] or len(line) != 1 or line[0].kind != "agency" or line[0].offset > 2:
            continue
        above = next((t for t in reversed(texts[:i]) if t), "")
        if _OF_TEXT_END.search(fold_spaced(above)):
            texts[i], pieces[i] = line[0].text, []


def _cell_words(text: str, names: TableNames | None = None) -> bool:
    """Words of a role cell: an output head word, a name's vocabulary, or a piece of a name
    the table prints whole ("Trung tdm VH,")."""
    return bool(output_heads(text)) or agency_vocabulary_score(text) >= 0.5 or (
        names is not None and any(names.resolve(part) for part in re.split(r"[;|]", text)))


def _real(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 2


def row_cells(row: RawRow, region: TableRegion, locality: str | None,
              interleaved: bool, min_offset: int = 24, first_offset: int | None = None,
              text_width: int | None = None, names: TableNames | None = None) -> TaskCells:
    """Assign the pieces of one row's lines to the task columns.

    ``names``: the table's gazetteer, to read name fragments that open an interleaved output.
    """
    if first_offset is None:
        first_offset = min_offset
    text_parts: list[str] = []
    cells: list[_Cell] = []
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
            if cut > text_width * 0.6 and (not pieces or _cell_words(line_text[cut:], names)):
                spill = line_text[cut:].strip()
                line_text = line_text[:cut].strip()
                if _real(spill):
                    pieces.insert(0, Piece("text", spill, ln.number, cut))
        if interleaved and line_text:
            line_text, early = _debris_cells(line_text, ln.number, locality, min_offset,
                                             bool(pieces))
            pieces = early + pieces
        if interleaved and not pieces and 0 < len(line_text) < 25 and (
                agency_vocabulary_score(re.sub(r"\b\w{1,2}\b", " ", line_text)) >= 0.6
                or _UNIT_LINE.match(fold_same_length(line_text))):
            # a short name fragment alone on its line ("Văn phòng", "đơn vị" ending a
            # collective cell): a cell, not task text
            pieces = [Piece("text", line_text, ln.number, 0)]
            line_text = ""
        if interleaved:
            line_texts.append(line_text)
            line_pieces.append(_table_named(pieces, names))
            continue
        if line_text:
            text_parts.append(line_text)
        if not interleaved:
            if lc.pieces:
                first = lc.pieces[0]
                body = ln.text if not strip else ln.text[len(ln.text) - len(
                    _strip_number(ln.text, True)):]
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
        _issuer_lines(line_texts, line_pieces)
        rejoin_cut_names(line_texts, line_pieces, [ln.text for ln in row.lines], locality)
        rejoin_and_names(line_texts, line_pieces, locality)
        text_parts = [t for t in line_texts if t]
    for pieces in _merge_vertical(line_pieces, locality):
        state = {"prev": "agency"} if pieces and pieces[0].kind == "text" and cells else {}
        before = len(cells)
        _collect(pieces, cells, outputs, deadlines, state)
        if len(cells) - before >= 2:
            cells[before].paired = "lead"
            for c in cells[before + 1:]:
                c.paired = "support"
    if stream:
        first_line = row.lines[0].number
        lc = split_line(" ".join(stream), first_line, locality, cells_only=True)
        _collect(lc.pieces, cells, outputs, deadlines, {})
    lead_cells, support_cells, role_conf = _roles(cells, region, interleaved, locality)
    row_text = " ".join(ln.text for ln in row.lines)
    committee = names.committee if names is not None else None
    lead, lead_conf = _names(lead_cells, locality, row_text, committee)
    support, support_conf = _names(support_cells, locality, row_text, committee)
    output = clean_text(outputs) or None
    # a period printed twice on a row (a name column repeating it) is one deadline
    deadline_text = clean_text(list({fold_spaced(d): d for d in deadlines}.values()))
    deadline_text, output = _gather_plan_ref(deadline_text, output)
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


#: Parts of a "Theo Kế hoạch của UBND tỉnh năm 2026" deadline cell, folded (same length).
_REF_HEAD = re.compile(r"(?:th\w{0,2}c\s+hi\w{0,2}n\s+)?theo\s+(?:k\w?\s*ho\w{0,2}ch|d\w?\s*\w?n|"
                       r"ch\w{0,2}ng\s+tr\w{0,2}nh)\b")
_REF_ISSUER = re.compile(r"c\w{0,2}a\s+(?:ubnd|uy\s*ban\s*nhan\s*dan|hdnd|tinh\s*uy)"
                         r"(?:\s+(?:t\w{0,2}nh|ph\w{0,3}ng|x\w?)\b)?")
_REF_YEAR = re.compile(r"(?<!\w)n\w{1,2}m\s+20\d\d(?!\d)")
_LINE_END_YEAR = re.compile(r"(?<!\w)n\w{1,2}m\s+20\d\d\W*$")


def _gather_plan_ref(deadline: str, output: str | None) -> tuple[str, str | None]:
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


def _roles(cells: list[_Cell], region: TableRegion, interleaved: bool,
           locality: str | None) -> tuple[list[_Cell], list[_Cell], float]:
    """Split agency cells into lead and support columns, with a confidence for the split."""
    if not cells:
        return [], [], 0.0
    if not region.has("support"):
        return cells, [], 0.9
    if not interleaved:
        return cells[:1], cells[1:], 0.9
    lead = [c for c in cells if c.paired == "lead"]
    support = [c for c in cells if c.paired == "support"]
    loose = [c for c in cells if c.paired is None]
    if lead or support:
        lead_x = [c.offset for c in lead] or [min(c.offset for c in support) - 12]
        support_x = [c.offset for c in support] or [max(lead_x) + 12]
        for c in loose:
            dl = min(abs(c.offset - x) for x in lead_x)
            ds = min(abs(c.offset - x) for x in support_x)
            (lead if dl <= ds else support).append(c)
        return lead, support, 0.85
    # No line shows both columns: the lead is usually a named unit, support a collective one.
    def generic(c: _Cell) -> bool:
        ms = agencies_in(c.text, locality)
        return (bool(ms) and all(m.generic for m in ms)) or (
            not ms and bool(collective_cells(c.text)))

    ordered = sorted(loose, key=lambda c: (generic(c), c.offset))
    return ordered[:1], ordered[1:], 0.6


# ------------------------------------------------------------------ tables -> tasks


#: A money amount in millions or more ("160.000.000đ", "1.000.000.0008"): a budget cell.
_MONEY = re.compile(r"\s*\d{1,3}(?:[.,]\d{3}){2,}\s*(?:đ|d|đồng|dong|vnđ|\d)?\.?\s*$",
                    re.IGNORECASE)
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
    interleaved = region.kind == "tasks" and _interleaved(seg.rows, locality, min_offset)
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
            text = clean_text([_budget_text(_strip_number(ln.text, ln.number == row.number_line))
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


#: Role columns in the order task appendices print them (the header order of an OCR'd
#: header is unreliable: its wrapped labels interleave).
_ROLE_ORDER = ("lead", "support", "output", "deadline")


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
        for part in (p.strip(" ,.") for cell in cells for p in cell.split(";")):
            found = [_worded(part, m.start, m.name) if m.generic else m.name
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
                     output=clean_text(assigned["output"]) or None,
                     deadline=parsed.text if parsed else (deadline_text or None),
                     confidence=conf)


def _budget_text(line: str) -> str:
    """The item-name part of a budget row line: up to a "|" rule OCR kept, amount removed."""
    bar = column_bar(line, 24)
    return _AMOUNT.sub("", line[:bar] if bar is not None else line)


def _strip_number(text: str, strip: bool) -> str:
    if not strip:
        return text
    m = re.match(r"^\s*[|(\[]?\s*\d{1,2}(?:[.,]\d{1,2})?\s*[|.)\]:]?\s+", text)
    return text[m.end():] if m else text


# ------------------------------------------------------------------ prose task lists

_ITEM = re.compile(r"^\s*(?P<n>\d{1,2})\s*[.)]\s+(?P<t>\S.*)$")
_PROSE_GROUP = re.compile(r"^\s*(?P<r>[IVXLl1|]{1,5})\s*[.)]\s+(?P<t>\S.*)$")
_LEAD_LINE = re.compile(r"^\W*(?:c\w{0,2}\s*quan|don\s*vi)\s+(?:chu\s*tri|thuc\s*hien)\w*\s*:?\s*"
                        r"(?P<v>.*)$")
_SUPPORT_LINE = re.compile(r"^\W*(?:c\w{0,2}\s*quan|don\s*vi)\s+ph\w{0,2}i\s*h\w{0,2}p\s*:?\s*"
                           r"(?P<v>.*)$")
_TIME_LINE = re.compile(r"^\W*(?:th\w{0,3}\s*gian|tien\s*do)(?:\s+\w+){0,2}\s*:\s*(?P<v>.*)$")
_OUTPUT_LINE = re.compile(r"^\W*(?:k\w?t\s*qu\w?|san\s*pham)(?:\s+\w+){0,2}\s*:\s*(?P<v>.*)$")


def _value_after_colon(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text else text.strip(" -")


def prose_tasks(source: SourceText, exclude: set[int],
                locality: str | None = None) -> list[Task]:
    """Items of prose task lists: a numbered item followed by "- Cơ quan chủ trì: ..." lines."""
    lines = [ln for ln in source.lines if ln.text.strip() and ln.number not in exclude]
    items: list[dict[str, object]] = []
    group: tuple[str, str] | None = None
    groups_seen: list[str] = []
    current: dict[str, object] | None = None
    heading_lines: list[str] = []
    prev_number = 0
    for ln in lines:
        if any(n in exclude for n in range(prev_number + 1, ln.number)):
            current = None  # a table lies between: an item does not run across it
            heading_lines = []
        prev_number = ln.number
        f = fold_keep_punct(ln.text)
        lead_m = _LEAD_LINE.match(f)
        sup_m = _SUPPORT_LINE.match(f)
        time_m = _TIME_LINE.match(f)
        out_m = _OUTPUT_LINE.match(f)
        if current is not None and (lead_m or sup_m or time_m or out_m):
            key = "lead" if lead_m else "support" if sup_m else "deadline" if time_m else "output"
            current.setdefault(key, []).append(_value_after_colon(ln.text))  # type: ignore[union-attr]
            current["last"] = key
            current["end"] = ln.number
            continue
        gm = _PROSE_GROUP.match(ln.text)
        if gm and not gm.group("r").isdigit():
            group = (gm.group("r"), gm.group("t").strip())
            groups_seen.append(gm.group("r"))
            heading_lines = [ln.text.strip()]
            current = None
            continue
        im = _ITEM.match(ln.text)
        if im:
            current = {"n": im.group("n"), "text": [im.group("t")], "start": ln.number,
                       "end": ln.number, "group": group,
                       "last": "text", "raw": [ln.raw]}
            items.append(current)
            heading_lines = []
            continue
        if current is not None:
            last = str(current["last"])
            if last == "text":
                current["text"].append(ln.text.strip())  # type: ignore[union-attr]
                current["raw"].append(ln.raw)  # type: ignore[union-attr]
            elif last in ("lead", "support", "deadline", "output") and f[:1].islower():
                current[last][-1] += " " + ln.text.strip()  # type: ignore[index]
            else:
                current = None
            if current is not None:
                current["end"] = ln.number
        elif heading_lines and group is not None:
            group = (group[0], group[1] + " " + ln.text.strip())
    with_roles = [i for i, it in enumerate(items)
                  if any(k in it for k in ("lead", "support", "deadline", "output"))]
    if not with_roles:
        return []
    # Items between the first and the last item with role lines belong to the same task list,
    # even where a group prints no role lines of its own.
    selected = items[with_roles[0]: with_roles[-1] + 1]
    heads: list[tuple[str, str]] = []
    for it in selected:
        if it["group"] is not None and (not heads or heads[-1] is not it["group"]):
            heads.append(it["group"])  # type: ignore[arg-type]
    romans = dict(zip([id(h) for h in heads], corrected_romans([h[0] for h in heads]),
                      strict=True))
    tasks: list[Task] = []
    for it in selected:
        g = it["group"]
        prefix = romans.get(id(g)) if g is not None else None
        tid = f"{prefix}.{it['n']}" if prefix else str(it["n"])
        lead_text = " ".join(it.get("lead", []))  # type: ignore[arg-type]
        sup_text = " ".join(it.get("support", []))  # type: ignore[arg-type]
        lead = _unique([m.name for m in agencies_in(lead_text, locality)])
        support = _unique([m.name for m in agencies_in(sup_text, locality)])
        deadline_raw = clean_text(it.get("deadline", []))  # type: ignore[arg-type]
        dl = parse_deadline(deadline_raw) if deadline_raw else None
        deadline = (dl.text if dl else deadline_raw or None)
        if deadline:
            deadline = deadline.rstrip(" .;")
        output = clean_text(it.get("output", [])) or None  # type: ignore[arg-type]
        conf = {"text": 0.9, "lead": 0.9 if lead else (0.3 if lead_text else 0.8),
                "support": 0.9, "deadline": dl.confidence if dl else 0.6,
                "output": 0.9 if output else 0.8}
        tasks.append(Task(
            id=tid, text=clean_text(it["text"]),  # type: ignore[arg-type]
            group=clean_text([g[1]]) if g else None,  # type: ignore[index]
            lead=lead, support=support, output=output, deadline=deadline,
            deadline_date=dl.date if dl else None, deadline_year=dl.year if dl else None,
            text_raw="\n".join(it["raw"]),  # type: ignore[arg-type]
            provenance=Provenance(source.name, int(it["start"]), int(it["end"]),  # type: ignore[arg-type]
                                  "prose", round(min(conf.values()), 3)),
            field_confidence=conf))
    return tasks


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


# ------------------------------------------------------------------ stage


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
