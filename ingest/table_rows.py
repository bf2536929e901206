"""Cutting a table body into group headings and rows, and gathering each row's lines.

Rows start at a numbered line when the table prints numbers on the first line of a row, or at
the line where a new text cell begins (capitalised first word) when numbers are centred on the
row's middle line. Also read: group headings wrapped over lines or with their numeral on the
middle line, rows printed paragraph by paragraph after a lone number (``RawRow.block``),
numbers that repair took for page numbers, stray copies of a row number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.document import Line, SourceText
from ingest.table_cells import split_line
from ingest.table_columns import STT_LABEL
from ingest.table_layout import TableRegion, cached_fold
from ingest.table_numbering import (
    ROW_ONE_AS_I,
    group_match,
    is_year_group,
    plausible_next,
    roman_value,
    row_number,
)
from ingest.table_starts import (
    drop_out_of_sequence,
    is_text_start,
    number_rest_is_text,
    restore_lost_numbers,
)


@dataclass
class RawRow:
    """Lines of one table row, with the printed row number if one was found."""

    lines: list[Line]
    number: str | None = None
    number_line: int | None = None
    group: str | None = None  # group heading text
    group_roman: str | None = None
    # cells printed as separate paragraphs after a number alone on its line (text, lead, ...)
    block: bool = False


@dataclass
class Segmented:
    rows: list[RawRow]
    groups: list[tuple[str, str, int]]  # (roman, heading, line number)
    centred: bool


def segment_rows(source: SourceText, region: TableRegion,
                 locality: str | None = None) -> Segmented:
    """Cut a table body into group headings and rows.

    A row starts at a numbered line whose text begins with a capital (number on the first
    line), at a lone number, or at a capitalised text line when the next number below it is
    followed by lower-case text (number centred on the row's middle line).
    """
    body = _body_lines(source, region)
    skip: set[int] = set()
    for lo, hi in region.continuation_headers:
        skip.update(range(lo, hi + 1))
        # the top line of a repeated header ("Cơ quan theo") may sit apart, above it
        above = [ln for ln in body if lo - 5 <= ln.number < lo][-2:]
        skip.update(ln.number for ln in above
                    if len(ln.text.strip()) < 30 and not any(c.isdigit() for c in ln.text)
                    and not group_match(ln.text))
    body = [ln for ln in body if ln.number not in skip and not STT_LABEL.match(cached_fold(ln.text))]
    numbered = [row_number(ln.text) for ln in body]
    for idx, nm in enumerate(numbered):
        # a stray copy of the row number a line or two above the real one ("2 oz 2 . g" /
        # ... / "2 |các cơ quan"): only the lower one numbers the row
        if nm and not number_rest_is_text(nm[1], locality) and any(
                later and later[0] == nm[0] for later in numbered[idx + 1: idx + 4]):
            numbered[idx] = None
    drop_out_of_sequence(numbered, locality)
    restore_lost_numbers(body, numbered, locality)
    lower = sum(1 for nm in numbered if nm and not number_rest_is_text(nm[1]))
    centred = lower > 0.2 * max(1, sum(1 for nm in numbered if nm))

    blocks = {idx for idx in range(len(body)) if _opens_block(body, numbered, idx, locality)}
    if len(blocks) < 2:
        blocks = set()  # one isolated number is no evidence of a paragraph-per-cell layout
    rows: list[RawRow] = []
    groups: list[tuple[str, str, int]] = []
    group: tuple[str, str] | None = None
    current: RawRow | None = None
    heading_open = False
    last_number: str | None = None
    for idx, (ln, nm) in enumerate(zip(body, numbered, strict=True)):
        gm = group_match(ln.text)
        mid = _mid_heading(ln.text, groups) if region.kind == "tasks" and not gm else None
        if mid:
            # the numeral sits on the middle line of a wrapped heading: its first line was
            # read as the start of a row ("Nâng cao nhận thức ..." / "II [truyền thông ...")
            first = _heading_head(current, body, idx, locality)
            if current is not None and not current.lines:
                rows.remove(current)
            gm = (mid[0], f"{first} {mid[1]}".strip())
        if gm and heading_open and groups and not mid \
                and not group_match(ln.text, caps=False):
            # the second line of a wrapped capitals heading ("PHÁT TRIỂN HỆ SINH THÁI" /
            # "ĐỔI MỚI SÁNG TẠO") continues it
            group = (group[0], f"{group[1]} {gm[1]}") if group else None
            groups[-1] = (groups[-1][0], f"{groups[-1][1]} {gm[1]}", groups[-1][2])
            continue
        if gm and (not ROW_ONE_AS_I.match(ln.text) or is_year_group(ln.text)):
            group = gm
            groups.append((gm[0], gm[1], ln.number))
            current = None
            heading_open = True
            continue
        if heading_open and not nm and not is_text_start(ln.text, locality) \
                and not split_line(ln.text, ln.number, locality).pieces:
            group = (group[0], f"{group[1]} {ln.text.strip()}") if group else None
            groups[-1] = (groups[-1][0], groups[-1][1] + " " + ln.text.strip(), groups[-1][2])
            continue
        heading_open = False
        if idx in blocks:
            current = RawRow(lines=[], group=group[1] if group else None,
                             group_roman=group[0] if group else None, block=True)
            rows.append(current)
            starts = False
        elif current is not None and current.block and not nm:
            starts = False  # the paragraphs below a block's number are its cells
        elif nm:
            # a number followed by text opens a row; a number followed by lower-case text or
            # nothing is the centred number of the row already open (if that has none yet)
            starts = number_rest_is_text(nm[1], locality) or current is None \
                or current.number is not None
            if starts and current is not None and current.number is not None \
                    and not number_rest_is_text(nm[1], locality) \
                    and not plausible_next(current.number, last_number) \
                    and plausible_next(nm[0], last_number):
                current.number = None  # the earlier "number" was OCR noise inside the row
                starts = False
        else:
            # budget tables have no name cells; in target tables a collective phrase opening
            # a line ("Các cơ quan đảng ...") is row text, only the owner column holds names
            starts = is_text_start(ln.text, locality, region.kind != "budget",
                                    collective=region.kind == "tasks") and \
                (current is None or current.number is not None or _row_is_full(current, locality)) \
                and _next_number_is_centred(body, numbered, idx, centred, locality,
                                            region.kind != "indicators")
        if starts or current is None:
            current = RawRow(lines=[], group=group[1] if group else None,
                             group_roman=group[0] if group else None)
            rows.append(current)
        current.lines.append(ln)
        if nm and current.number is None:
            current.number = nm[0]
            current.number_line = ln.number
            if len(rows) >= 2 and rows[-2].number:
                last_number = rows[-2].number
    if centred:
        _recentre(rows, locality)
    merged: list[RawRow] = []
    for r in rows:
        if merged and r.number is None and r.group == merged[-1].group and sum(
                c.isalpha() for ln in r.lines for c in ln.text) < 25:
            merged[-1].lines.extend(r.lines)  # a stray tail line of the row above
        else:
            merged.append(r)
    return Segmented(rows=merged, groups=groups, centred=centred)


def _heading_head(current: RawRow | None, body: list[Line], idx: int,
                  locality: str | None, most: int = 3) -> str:
    """Take from the open row the lines above a mid-line group numeral that begin its heading.

    A heading wrapped over several lines ("Đề xuất hoàn thiện ..." / "mọi tư tưởng ..." /
    "III {triển; ...") is read as a row until its numeral: the lines back to a capitalised
    one, none of them with cells or a row number, are the heading's first lines.
    """
    if current is None or not current.lines:
        return ""
    taken: list[Line] = []
    for k in range(1, most + 1):
        if len(current.lines) < k or idx - k < 0 or current.lines[-k] is not body[idx - k]:
            return ""
        ln = body[idx - k]
        if ln.number == current.number_line or split_line(ln.text, ln.number, locality).pieces:
            return ""
        taken.insert(0, ln)
        if is_text_start(ln.text, locality):
            break
    else:
        return ""
    del current.lines[-len(taken):]
    return " ".join(ln.text.strip() for ln in taken)


def _imbalance(lines: list[Line], number_line: int | None) -> int:
    above = sum(1 for ln in lines if number_line is not None and ln.number < number_line)
    return abs(above - (len(lines) - 1 - above))


def _centred_number(row: RawRow, locality: str | None) -> bool:
    line = next((ln for ln in row.lines if ln.number == row.number_line), None)
    nm = row_number(line.text) if line is not None else None
    return bool(nm) and line is not row.lines[0] and not number_rest_is_text(nm[1], locality)


def _recentre(rows: list[RawRow], locality: str | None) -> None:
    """Give back to the row above the lines a row took before its real first line.

    With row numbers printed on a row's middle line, a capitalised line below a numbered row
    (a wrapped word, OCR debris) can open the next row too early. When a later line above the
    next number also opens a row and cutting there centres both numbers better, the lines
    before it are the tail of the row above.
    """
    for prev, cur in zip(rows, rows[1:], strict=False):
        if prev.block or cur.block or prev.group != cur.group \
                or not (_centred_number(prev, locality) and _centred_number(cur, locality)):
            continue
        n = next(k for k, ln in enumerate(cur.lines) if ln.number == cur.number_line)
        best, best_cost = 0, _imbalance(prev.lines, prev.number_line) + _imbalance(
            cur.lines, cur.number_line)
        for k in range(1, n + 1):
            if not is_text_start(cur.lines[k].text if k < n else row_number(
                    cur.lines[k].text)[1], locality):  # type: ignore[index]
                continue
            cost = _imbalance(prev.lines + cur.lines[:k], prev.number_line) + _imbalance(
                cur.lines[k:], cur.number_line)
            if cost <= best_cost - 2:
                best, best_cost = k, cost
        if best:
            prev.lines.extend(cur.lines[:best])
            del cur.lines[:best]


_MID_HEADING = re.compile(r"^\s*(?P<r>[IVXl1|]{1,4})\s*[\[{|]\s*(?P<t>[a-zđà-ỹ].*)$")


def _mid_heading(text: str, groups: list[tuple[str, str, int]]) -> tuple[str, str] | None:
    """(roman, rest) of a group numeral printed before a lower-case heading continuation
    ("II [truyền thông tạo sự đồng thuận ..."): only the next group number or the one after
    (a heading OCR lost) counts, so a row line starting with "I" is not taken for one."""
    m = _MID_HEADING.match(text)
    if not m or not groups:
        return None
    value = roman_value(m.group("r"))
    last = roman_value(groups[-1][0]) or 0
    if value is None or not last < value <= last + 2:
        return None
    return m.group("r"), m.group("t").strip()


def _body_lines(source: SourceText, region: TableRegion) -> list[Line]:
    """Filled lines of a table body, with row numbers alone on their lines.

    A lone number continuing the row sequence ("17" / "18" / "19") is a row number even when
    it also continues the page sequence (repair blanks page numbers, the raw line still has
    it). A target row reads its values from its lines, so there such a number is skipped.
    """
    out: list[Line] = []
    last: str | None = None
    for ln in source.lines:
        if not region.body_start <= ln.number <= region.body_end:
            continue
        text = ln.text
        lone = re.fullmatch(r"\s*(\d{1,2})[.,]?\s*", text or ln.raw)
        in_sequence = bool(lone) and last is not None \
            and plausible_next(lone.group(1), last)  # type: ignore[union-attr]
        if in_sequence and region.kind != "tasks":
            last = lone.group(1)  # type: ignore[union-attr]
            continue
        if not text.strip():
            if not in_sequence:
                continue
            text = ln.raw.strip()
            ln = Line(ln.number, text, ln.raw, ln.page)
        nm = row_number(text)
        if nm:
            last = nm[0]
        out.append(ln)
    return out


def _opens_block(body: list[Line], numbered: list[tuple[str, str] | None], idx: int,
                 locality: str | None) -> bool:
    """A number alone on its line, a blank line, then a capitalised text paragraph:
    the row's cells follow as paragraphs (OCR of a table read cell by cell)."""
    nm = numbered[idx]
    if not nm or nm[1].strip(" .,;:|") or idx + 1 >= len(body):
        return False
    after_gap = body[idx + 1].number > body[idx].number + 1
    return after_gap and is_text_start(body[idx + 1].text, locality)


def _next_number_is_centred(body: list[Line], numbered: list[tuple[str, str] | None],
                            idx: int, centred: bool, locality: str | None,
                            last_row_holds: bool = False) -> bool:
    """Whether the next row number below is centred on its row (so a text line above it
    opens that row). ``last_row_holds``: below the last number every row has one, so lines
    after it still belong to the last row (target tables often lose numbers to OCR)."""
    for k in range(idx + 1, min(len(body), idx + 5)):
        nm = numbered[k]
        if nm:
            return not number_rest_is_text(nm[1], locality)
        if group_match(body[k].text):
            return False
    if last_row_holds and centred and not any(numbered[idx + 1:]) and any(numbered[:idx]):
        return False  # numbered rows, and no number left below: still the last row
    return centred


def _row_is_full(row: RawRow, locality: str | None) -> bool:
    """A row without a readable number that already shows its deadline cell or many lines."""
    if len(row.lines) >= 5:
        return True
    return any(p.kind == "deadline" for ln in row.lines
               for p in split_line(ln.text, ln.number, locality).pieces)
