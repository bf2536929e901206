"""Stage ``indicators``: rows of target tables (chỉ tiêu / mục tiêu).

A target row prints, left to right: STT | text | unit | target value(s) | responsible unit(s).
Values and units have a small grammar ("≥ 20%", ">70", "100%", "Tốp 25 của tỉnh", "%", "Thứ
bậc", "Người"), so each line of a row is read from the right: trailing agency names are the
owner cell(s), then value tokens (one per year column in multi-year tables), then a unit; what
is left is the indicator text. Rows, groups and ids come from :mod:`ingest.tables`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ingest.agencies import agency_vocabulary_score
from ingest.deadlines import fold_same_length
from ingest.document import Line, SourceText
from ingest.indicator_owners import (
    complete_names,
    marked_names,
    owner_cells,
    owner_copy,
    qualify_collectives,
    row_owners,
    spell_cells,
)
from ingest.indicator_rows import split_at_headings, split_lost_numbers
from ingest.indicator_text import indicator_text, name_sequences
from ingest.indicator_values import percent_row, row_unit
from ingest.normalize import fold, fold_keep_punct
from ingest.records import Indicator, PlanRecord, Provenance
from ingest.table_cells import agencies_in, collective_cells, office_names
from ingest.table_layout import TableRegion, locate_tables
from ingest.table_numbering import corrected_romans, repair_numbers
from ingest.table_rows import RawRow, segment_rows

# One target value at the end of a string: comparison, number, percent, "(5G)".
_VALUE = re.compile(
    r"(?:(?:[≥≤><=~]|>=|<=)\s*)?\d{1,4}(?:[.,]\d{1,3})?\s*%?(?:\s*/\s*năm)?(?:\s*\(\w{1,3}\))?"
    r"(?:\s*(?:người|người|DN))?\.?\s*$", re.IGNORECASE)
# Worded targets ("Tốp 25 của tỉnh", "Nâng hạng", "Đạt loại tốt") - folded.
_WORD_VALUE = re.compile(r"(?:t\w?p\s*\d{1,3}(?:\s*c\w{0,2}a(?:\s*t\w{0,2}nh)?)?|n\w{0,2}ng\s*h\w{0,2}ng|"
                         r"d\w{0,2}t\s*lo\w{0,2}i\s*t\w{0,2}t|hoan\s*thanh)\s*$")
_UNIT = re.compile(r"(?:^|\s)(%\s*grdp|%|thu\s*b\w?c|th\w\s*bac|nguoi|dn|doanh\s*nghiep|"
                   r"nhiem\s*vu|don|san\s*pham|chi\s*so|so\s*luong|co\s*so|lan|xa|ty\s*le)\s*$")
_SEPARATORS = " |;:,.-–~\\'‘’\"“”"


@dataclass
class _RowRead:
    text: list[str] = field(default_factory=list)
    unit: str | None = None
    values: list[str] = field(default_factory=list)
    owners: list[list[str]] = field(default_factory=list)  # agency cells per line, in order
    cells_seen: bool = False
    text_line: list[int] = field(default_factory=list)  # the row line of each text fragment
    owner_line: list[int] = field(default_factory=list)  # the row line of each owner cell list
    value_lines: set[int] = field(default_factory=set)  # row lines that carry target values
    value_runs: list[list[str]] = field(default_factory=list)  # the values of each such line


def _strip_number(text: str) -> str:
    m = re.match(r"^\s*[|(\[]?\s*(?:\d{1,2}(?:[.,]\d{1,2})?|[1-9](?:1\d|2\d|30)|[Il|])\s*[|.)\]:]?\s+",
                 text)
    return text[m.end():] if m else text


_LOOSE_VALUE = re.compile(r"(?<![\w/%])(?:[≥≤><=]\s*)?\d{1,3}(?:[.,]\d{1,3})?\s*%?(?![\w/])")
# What OCR leaves of a "%" cell before a value: "o,", "%0", "Z", "%o".
_PERCENT_JUNK = re.compile(r"\s(%\S{0,2}|o,?|z|°)\s*$", re.IGNORECASE)
_MIN_TEXT = 20
# A value cell OCR could not read ("51004", "150/", "g500", "=107"): mostly digits.
_JUNK_VALUE = re.compile(r"(?<=\s)[^\s]{0,2}\d[\d%/.,=<>≥]{1,6}[^\s]{0,2}\s*$")
_UNIT_WORD = re.compile(r"\bth\w{0,2}\s*b\w?c\b|(?<=\s)%(?=\s)")


def _text_follows(rest: str) -> bool:
    """Whether words of running text follow a candidate mark ("6 hoặc chữ ký điện tử ...")."""
    words = rest.split()[1:4]
    return len(words) == 3 and all(len(w) >= 2 and w[0].islower() and w.isalpha()
                                   for w in words)


@dataclass
class _Mark:
    """Where the cell area of an OCR line starts."""

    pos: int

    def start(self) -> int:
        return self.pos


def _read_line(text: str, locality: str | None, out: _RowRead, multi_year: bool = False) -> None:
    """Peel owner, values and unit off the right end of one line; the rest is text."""
    before = (len(out.values), out.unit, len(out.owners), len(out.text))
    _peel(text, locality, out, multi_year)
    if len(out.values) == before[0] and out.unit == before[1] and len(out.text) > before[3]:
        _cut(text, locality, out, before, multi_year)


def _cut(text: str, locality: str | None, out: _RowRead,
         before: tuple[int, str | None, int, int], multi_year: bool = False) -> None:
    """OCR fallback: text up to the first value past the text column, loose cells after it.

    A single-target table has one value cell, so only the first loose number of a row's first
    cell line counts there; a multi-year table prints one value per year column on that line.
    """
    marks = [v.start() for v in _LOOSE_VALUE.finditer(text) if v.start() >= _MIN_TEXT]
    folded = fold_same_length(text).lower()
    marks += [u.start() for u in _UNIT_WORD.finditer(folded) if u.start() >= _MIN_TEXT]
    marks += [c[0] for c in collective_cells(text) if c[0] >= _MIN_TEXT]
    marks += [a.start for a in agencies_in(text, locality)
              if a.start >= _MIN_TEXT and text[a.start:a.start + 1].isupper()]
    marks = [k for k in sorted(marks) if not _text_follows(text[k:])]
    if not marks:
        return
    m = _Mark(marks[0])
    del out.text[before[3]:]
    del out.owners[before[2]:]
    head = text[: m.start()]
    um = _UNIT_WORD.match(fold_same_length(text[m.start():]).lower())
    if um:
        unit_text = text[m.start():m.start() + um.end()].strip()
        out.unit = out.unit or ("Thứ bậc" if "b" in fold(unit_text) else unit_text)
    pm = _PERCENT_JUNK.search(head)
    if pm:
        head = head[: pm.start()]
        out.unit = out.unit or "%"
    rest = text[m.start():]
    values = [v.group(0).strip() for v in _LOOSE_VALUE.finditer(rest)]
    owners = [mm.name for mm in agencies_in(rest, locality)]
    if not owners:
        owners = [name for _, _, name in collective_cells(rest)]
    if head.strip(_SEPARATORS):
        out.text.append(head.strip(_SEPARATORS))
    out.values.extend(values[:1] if len(values) > 1 and not out.cells_seen and not multi_year
                      else values)
    if owners:
        out.owners.append(owners)
    out.cells_seen = True


def _peel(text: str, locality: str | None, out: _RowRead, multi_year: bool = False) -> None:
    body = text.rstrip(_SEPARATORS)
    owners: list[str] = []
    mentions = list(agencies_in(body, locality))
    mentions += [m for m in office_names(body)
                 if not any(m.start < k.end and k.start < m.end for k in mentions)]
    spans = [(m.start, m.end) for m in mentions]
    names = [m.name for m in mentions]
    for s, e, name in collective_cells(body):
        if not any(s < e2 and s2 < e for s2, e2 in spans):
            spans.append((s, e))
            names.append(name)
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    # trailing agency cells: everything from the first agency after the last value/unit
    cut = len(body)
    for i in reversed(order):
        s, e = spans[i]
        between = body[e:cut].strip(_SEPARATORS)
        if between and (sum(c.isalpha() for c in between) > 3
                        or any(c.isdigit() for c in between) or "%" in between):
            break
        owners.insert(0, names[i])
        cut = s
    # a line that is only names reads as text while the row's text runs on, except a
    # collective cell ("Các phòng chuyên môn"), which no indicator text opens with
    collective_line = cut == 0 and any(s == 0 for s, _, _ in collective_cells(body))
    if owners and (cut > 0 or not out.text or out.cells_seen or collective_line):
        body = body[:cut].rstrip(_SEPARATORS)
    else:
        owners = []
    values: list[str] = []
    while True:
        m = _VALUE.search(body)
        wm = _WORD_VALUE.search(fold(body)) if not m else None
        if m and m.start() > 0 and body[m.start() - 1].isalnum():
            m = None
        if m:
            values.insert(0, body[m.start():].strip(_SEPARATORS + " "))
            body = body[:m.start()].rstrip(_SEPARATORS)
            continue
        if wm:
            start = _fold_pos(body, wm.start())
            values.insert(0, body[start:].strip(_SEPARATORS))
            body = body[:start].rstrip(_SEPARATORS)
            continue
        jm = _JUNK_VALUE.search(body)
        if jm and (values or multi_year) and jm.start() >= _MIN_TEXT:
            values.insert(0, jm.group(0).strip(_SEPARATORS + " "))  # an OCR-damaged value
            body = body[:jm.start()].rstrip(_SEPARATORS)
            continue
        break
    unit = None
    um = _UNIT.search(fold(body) if "%" not in body[-8:] else body.lower())
    if um and (values or owners):
        start = _fold_pos(body, um.start(1))
        unit = body[start:].strip(_SEPARATORS) or None
        body = body[:start].rstrip(_SEPARATORS)
    elif values and not out.unit:
        pm = _PERCENT_JUNK.search(body)
        if pm:  # "... cơ quan o 90": the "%" unit cell as OCR read it
            unit = "%"
            body = body[: pm.start()].rstrip(_SEPARATORS)
    if values or unit or owners:
        out.cells_seen = True
    if body.strip(_SEPARATORS):
        if out.cells_seen and not values and not unit and out.values \
                and len(body) < 15 and body.strip()[:1].islower() \
                and out.values[-1][-1:].isalpha():
            out.values[-1] = f"{out.values[-1]} {body.strip()}"  # "Tốp 25 của" / "tỉnh"
        elif out.cells_seen and not values and len(body) < 30 and (
                collective_cells(body) or agency_vocabulary_score(body) >= 0.5):
            pass  # the wrapped end of a name cell ("trên địa bàn hội"), not indicator text
        else:
            out.text.append(body.strip())
    if unit and not out.unit:
        out.unit = unit
    out.values.extend(values)
    if owners:
        out.owners.append(owners)


def _joined_lines(row: RawRow) -> list[tuple[str, int]]:
    """Row lines with short wrapped tails ("PVHCC", "UBND", "tỉnh") joined to the line above.

    A cell that wraps leaves its last word alone on the next line; reading it with its line
    keeps "Trung tâm PVHCC" one name and "Tốp 25 của tỉnh" one value. Each line keeps the
    number of its first source line.
    """
    out: list[tuple[str, int]] = []
    for ln in row.lines:
        text = _strip_number(ln.text) if ln.number == row.number_line else ln.text
        text = spell_cells(text.strip())
        if out and len(text) < 20 and not _VALUE.search(text) \
                and (text[:1].isupper() or out[-1][0].endswith("-")):
            sep = "" if out[-1][0].endswith("-") else " "
            out[-1] = (f"{out[-1][0]}{sep}{text}", out[-1][1])
        else:
            out.append((text, ln.number))
    return out


_LEVEL_WORDS = {"huyen", "phuong", "xa", "tinh", "quan", "thi xa", "thanh pho", "thi tran"}


def _rejoin_wrapped_names(lines: list[str], locality: str | None) -> list[str]:
    """Move the wrapped end of a name cell back to its line ("... Phòng Văn hóa Xã" / "vị hội").

    OCR interleaves the wrapped ends of neighbouring cells on the next line (or the one after,
    when the row's values line sits between); the last one to three words of that line belong
    to the name above when, read together, they make one agency mention running across the
    join. Lines left empty stay, so positions still match the input.
    """
    out = list(lines)
    for i in range(len(out) - 1):
        # the values line of the row may sit between the two halves of the name
        for j in (i + 1, i + 2)[: len(out) - 1 - i]:
            if _wrapped_tail(out, i, j, locality):
                break
    return out


def _wrapped_tail(out: list[str], i: int, j: int, locality: str | None) -> bool:
    """Join the last words of line ``j`` to line ``i`` when they end its name cell."""
    above, below = out[i].rstrip(), out[j].strip()
    words = below.split()
    if not above or not words:
        return False
    cut = len(above)
    known = agencies_in(above, locality)
    for n in (1, 2, 3):  # the shortest tail that completes the name
        if n > len(words):
            continue
        moved = " ".join(words[-n:])
        if fold(moved) in _LEVEL_WORDS:
            continue  # a level word ("huyện") is not the wrapped end of a name
        joined = f"{above} {moved}"
        if any(m.start < cut and m.end > cut + 1 and not m.generic
               and not any(k.start == m.start and (k.end >= m.end or (
                   m.level_seen is not None and m.name.startswith(k.name))) for k in known)
               for m in agencies_in(joined, locality)):
            out[i] = joined
            out[j] = " ".join(words[:-n])
            return True
    return False


def _fold_pos(original: str, folded_pos: int) -> int:
    """Position in ``original`` of a position in ``fold(original)`` (by word count)."""
    folded = fold(original)
    words_before = len(folded[:folded_pos].split())
    tokens = list(re.finditer(r"\S+", original))
    if words_before >= len(tokens):
        return len(original)
    return tokens[words_before].start()


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    m = re.search(r"(?:n\w{1,2}m|den)\s+(20\d\d)", fold(text))
    return int(m.group(1)) if m else None


@dataclass
class _ReadRow:
    """One row read line by line: its cells, its lines and their source line numbers."""

    read: _RowRead
    lines: list[str]
    numbers: list[int]


def _read_row(row: RawRow, locality: str | None, multi_year: bool) -> _ReadRow:
    """A row's cells read line by line, each text fragment and owner cell tagged with its line."""
    read = _RowRead()
    joined = _joined_lines(row)
    kept = [(t, n) for t, (_, n) in zip(_rejoin_wrapped_names([t for t, _ in joined], locality),
                                        joined, strict=True) if t.strip()]
    for idx, (text, _) in enumerate(kept):
        values_before = len(read.values)
        _read_line(text, locality, read, multi_year)
        read.text_line.extend([idx] * (len(read.text) - len(read.text_line)))
        read.owner_line.extend([idx] * (len(read.owners) - len(read.owner_line)))
        if len(read.values) > values_before:
            read.value_lines.add(idx)
            read.value_runs.append(read.values[values_before:])
    return _ReadRow(read, [t for t, _ in kept], [n for _, n in kept])


def _year_values(read: _RowRead, years: int) -> list[str]:
    """The values of a row: in a multi-year table, the line that prints them all, if one does.

    The year cells of a row sit on one line; numbers read on its other lines are debris of
    other cells ("A 1 r A").
    """
    if years >= 2:
        full = [run for run in read.value_runs if len(run) >= years]
        if full:
            return max(full, key=len)
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


def _text_fragments(rows: list[RawRow], reads: list[_ReadRow], centred: bool
                    ) -> list[list[_Fragment]]:
    """Text fragments of each row with their source lines, in line order.

    Where cells are centred on the row number's line, a text line cut into one row below its
    number line but nearer to the next row's, with no values on it, is the wrapped start of
    the next row's text when that row's own text opens in lower case (mid-sentence).
    """
    anchors = _anchors(rows)
    # a row whose text opens in lower case continues a text cell that began above it
    opens_low = [bool(rr.read.text) and rr.read.text[0].lstrip(" |[(")[:1].islower()
                 for rr in reads]
    out: list[list[_Fragment]] = [[] for _ in rows]
    for k, rr in enumerate(reads):
        for frag, idx in zip(rr.read.text, rr.read.text_line, strict=True):
            line, best = rr.numbers[idx], k
            if centred and idx not in rr.read.value_lines and k + 1 < len(rows) \
                    and opens_low[k + 1] and line > anchors[k] \
                    and anchors[k + 1] - line < line - anchors[k]:
                best = k + 1
            out[best].append(_Fragment(line, frag, tuple(rr.lines[max(0, idx - 2): idx])))
    return [sorted(found, key=lambda f: f.line) for found in out]


def _owner_entries(rows: list[RawRow], reads: list[_ReadRow], centred: bool
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
    years = region.years
    column_names = owner_cells(rows, locality)
    reads = [_read_row(row, locality, len(years) >= 2) for row in rows]
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
                and all(v.rstrip(".").endswith("%") for v in read.values):
            read.unit = "%"  # no unit column: the values carry it
        read.unit = row_unit(read.unit, text)
        target: str | dict[str, str] | None
        year: int | None
        values = percent_row(_year_values(read, len(years)), read.unit)
        if region.has("baseline") and len(years) >= 2 and len(values) > len(years):
            # the "hiện trạng" (current state) column precedes the years, and debris of the
            # text cell read as numbers ("Số" as "50") precedes that
            values = values[-len(years):]
        elif region.has("baseline") and len(values) > len(years):
            values = values[1:]
        if len(years) >= 2:
            target = {y: v.rstrip(".") for y, v in zip(years, values, strict=False)} or None
            year = None
        else:
            target = values[0].rstrip(".") if values else None
            year = _year_of(row.group) or (int(years[0]) if years else None) or plan_year
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


# ------------------------------------------------------------------ prose target lists

#: The heading of a prose target list: "2. Mục tiêu cụ thể:", "b) Các chỉ tiêu chủ yếu".
_TARGET_HEADING = re.compile(r"^(?:(?P<n>\d{1,2}|[a-dđ])\s*[.)]\s*)?(?:cac\s+)?"
                             r"(?:muc\s*ti\w{0,2}u|chi\s*ti\w{0,2}u)(?:\s+\w+){0,1}\s+"
                             r"(?:cu\s*th\w?|chu\s*y\w{0,2}u)\b")
_BULLET = re.compile(r"^\s*[-–+•*]\s*(?P<t>\S.*)$")
#: Any heading that ends the list: a numbered, lettered or roman item, or a capitals line.
_NEXT_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})?\s*[.)]|[IVXLl]{1,5}\s*[.)])\s+\S")
#: The target value of a prose bullet: "đạt 90%", "tối thiểu 60%", "100% cán bộ", "≥ 20%".
_PROSE_VALUE = re.compile(r"(?:(?:[≥≤><]=?|tr\w{0,2}n|t\w{0,2}i\s*thi\w{0,2}u|[ií]t\s*nh\w{0,2}t)\s*)?"
                          r"(?<![\d/])\d{1,3}(?:[.,]\d{1,2})?\s*%", re.IGNORECASE)
_MAX_LIST_LINES = 60
_AT_LEAST = re.compile(r"^(?:t\w{0,2}i\s*thi\w{0,2}u|[ií]t\s*nh\w{0,2}t)\s*", re.IGNORECASE)
_ABOVE = re.compile(r"^tr\w{0,2}n\s*", re.IGNORECASE)


def _prose_value(raw: str) -> str:
    """A prose target in table notation: "tối thiểu 60%" -> "≥ 60%", "trên 90%" -> "> 90%"."""
    value = re.sub(r"\s+", " ", raw).strip()
    if _AT_LEAST.match(value):
        return "≥ " + _AT_LEAST.sub("", value)
    if _ABOVE.match(value):
        return "> " + _ABOVE.sub("", value)
    return value


_LETTERED = re.compile(r"^[a-zđ]\s*[).]\s+\S")
_Item = tuple[list[tuple[str, int, str]], int | None]  # (text, line, raw) parts, context year


def _target_items(lines: list[Line], heading_year: int | None) -> list[_Item]:
    """The items of a target list: bullets, or paragraphs stating a percentage.

    Lettered or colon-ended lines ("a) Đến năm 2030:") are context (their year applies to the
    items below), not items; the list ends at the next numbered or roman heading.
    """
    items: list[_Item] = []
    context_year = heading_year
    open_item = False
    paragraph = False  # the open item is a paragraph: a blank line closes it
    for ln in lines:
        text = ln.text.strip()
        if not text:
            open_item = open_item and not paragraph
            continue
        if _NEXT_HEADING.match(text) or (text.isupper() and len(text) > 8):
            break
        bm = _BULLET.match(text)
        if bm:
            items.append(([(bm.group("t"), ln.number, ln.raw)], context_year))
            open_item, paragraph = True, False
        elif _LETTERED.match(text) or text.endswith(":"):
            context_year = _year_of(text) or heading_year
            open_item = False
        elif open_item:
            items[-1][0].append((text, ln.number, ln.raw))
        elif text[:1].isupper() and _PROSE_VALUE.search(text):
            items.append(([(text, ln.number, ln.raw)], context_year))  # a target paragraph
            open_item, paragraph = True, True
        elif not items:
            break  # prose that states no target: not a target list
    return items


def prose_indicators(source: SourceText, plan_year: int | None) -> list[Indicator]:
    """Bullets of a prose target list ("Mục tiêu cụ thể: - ... đạt 90%") as indicators.

    Plans without a target appendix state their targets as bullets under a "Mục tiêu cụ thể"
    (or "Chỉ tiêu chủ yếu") heading; each bullet is one indicator, its percentage the target.
    """
    lines = source.lines
    out: list[Indicator] = []
    for i, ln in enumerate(lines):
        hm = _TARGET_HEADING.match(fold_keep_punct(ln.text).lstrip(" -"))
        if not hm or len(ln.text.strip()) > 80:
            continue
        prefix = hm.group("n") or "MT"
        heading_year = _year_of(ln.text)
        items = _target_items(lines[i + 1: i + 1 + _MAX_LIST_LINES], heading_year)
        for k, (parts, context_year) in enumerate(items, start=1):
            # plain joining: prose keeps its one-letter syllables ("y tế"), unlike table debris
            text = re.sub(r"\s+", " ", " ".join(p[0] for p in parts)).strip(" .;")
            values = [m for m in _PROSE_VALUE.finditer(text)]
            value = _prose_value(values[-1].group(0)) if values else None
            year = _year_of(text) or context_year or plan_year
            conf = {"text": 0.8, "owner": 0.5, "target": 0.75 if value else 0.5,
                    "unit": 0.75 if value else 0.5, "id": 0.6}
            out.append(Indicator(
                id=f"{prefix}.{k}", text=text, unit="%" if value else None, target=value,
                year=year, owner=[], text_raw="\n".join(p[2] for p in parts),
                provenance=Provenance(source.name, parts[0][1], parts[-1][1], "prose", 0.5,
                                      lines[i].page),
                field_confidence=conf))
        if out:
            break
    return out


def extract_indicators(source: SourceText, record: PlanRecord) -> None:
    """Pipeline stage: fill ``record.indicators`` from the plan's target tables.

    Where a plan has no target table, its prose target list stands in (a plan with an
    appendix repeats the same targets in prose, and the table is the authority).
    """
    locality = record.header.locality
    plan_year = _year_of(record.header.title)
    out: list[Indicator] = []
    for region in locate_tables(source):
        if region.kind == "indicators":
            out.extend(indicators_from_table(source, region, locality, plan_year))
    if not out:
        out = prose_indicators(source, plan_year)
    record.indicators = out


__all__ = ["extract_indicators", "indicators_from_table", "prose_indicators"]
