"""Target rows re-cut where OCR broke a row number or a group heading's numeral.

A row number turned into letters ("g1" for 21, "3o" for 30) merges two rows.
Where the numbering skips exactly one number before a row, and a line inside that row opens
with a token that reads as the missing number once OCR's usual digit confusions are allowed,
that line is the lost row's number line: the merged row is cut in two, each line going to the
number line it is nearer to (cells are centred on it; a tie stays with the later row).
A group heading whose numeral is debris can hide inside an unnumbered row (see below).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.normalize import fold
from ingest.table_columns import header_roles
from ingest.table_rows import RawRow

#: Glyphs OCR prints for a digit in a table's number column.
_GLYPHS = {"0": "oOQD", "1": "lI|i!", "2": "gzZ", "3": "gB", "5": "sS", "6": "bG",
           "8": "gB&", "9": "gq"}
#: A number-column token at a line start, then a rule or bracket and the text cell.
_NUMBER_TOKEN = re.compile(r"^\s*(?P<t>[\dgzZsSbBGoOQDlI|iq&!]{1,2})\s*[|\[(]")


def _reads_as(token: str, number: str) -> bool:
    """Whether ``token`` is ``number`` printed with some digits misread: one digit at least
    kept, or a one-digit number read as its usual glyph ("s" for 5)."""
    if len(token) != len(number) or token == number:
        return False
    if len(number) == 1:
        return token in _GLYPHS.get(number, "")
    return any(c == d for c, d in zip(token, number, strict=True)) and all(
        c == d or c in _GLYPHS.get(d, "") for c, d in zip(token, number, strict=True))


def _int(number: str | None) -> int | None:
    return int(number) if number and number.isdigit() else None


def split_lost_numbers(rows: list[RawRow]) -> list[RawRow]:
    """Rows with a row whose number OCR lost inside the next one cut out of it."""
    out: list[RawRow] = []
    for row in rows:
        prev = _int(out[-1].number) if out else None
        this = _int(row.number)
        cut = None
        if prev is not None and this == prev + 2 and row.number_line is not None:
            missing = str(prev + 1)
            cut = next((ln for ln in row.lines if ln.number != row.number_line
                        and (m := _NUMBER_TOKEN.match(ln.text))
                        and _reads_as(m.group("t"), missing)), None)
        if cut is None:
            out.append(row)
            continue
        own = row.number_line
        lost = [ln for ln in row.lines if abs(ln.number - cut.number) < abs(ln.number - own)]
        kept = [ln for ln in row.lines if ln not in lost]
        number_text = _NUMBER_TOKEN.match(cut.text)
        assert number_text is not None
        fixed = replace(cut, text=f"{missing} {cut.text[number_text.end('t'):].lstrip()}")
        out.append(replace(row, lines=[fixed if ln is cut else ln for ln in lost],
                           number=missing, number_line=cut.number))
        out.append(replace(row, lines=kept))
    return out


#: An all-capitals group heading whose numeral OCR turned into debris ("\\Y; PHÁT TRIỂN ...").
_HEADING = re.compile(r"^\s*\S{1,4}\s+(?P<t>[^\W\d_]{2,}(?:\s+[^\W\d_]{2,}){2,})\s*$")

Group = tuple[str, str, int]  # (numeral as printed, heading, line)


def _heading(text: str) -> str | None:
    m = _HEADING.match(text)
    if not m:
        return None
    letters = [c for c in m.group("t") if c.isalpha()]
    if len(letters) < 12 or not all(c.isupper() for c in letters):
        return None
    return None if header_roles(fold(m.group("t"))) else m.group("t")  # a repeated header


def split_at_headings(rows: list[RawRow], groups: list[Group]) -> tuple[list[RawRow],
                                                                       list[Group]]:
    """Rows and groups with a group heading found inside an unnumbered row.

    A heading whose numeral OCR broke beyond reading can land among the lines of a row cut
    without a number: the lines above it end the previous row, the lines below open the next,
    and the rows after it, up to the next known heading, are in the new group.
    """
    out: list[RawRow] = []
    found = list(groups)
    pending: list = []
    old: str | None = None
    new: str | None = None
    for row in rows:
        at = next((i for i, ln in enumerate(row.lines) if _heading(ln.text)), None) \
            if row.number is None else None
        if at is not None:
            heading = _heading(row.lines[at].text)
            assert heading is not None
            found.append(("?", heading, row.lines[at].number))
            if out:
                out[-1] = replace(out[-1], lines=out[-1].lines + row.lines[:at])
            pending = row.lines[at + 1:]
            old, new = row.group, heading
            continue
        if pending:
            row = replace(row, lines=pending + row.lines)
            pending = []
        if new is not None and row.group == old:
            row = replace(row, group=new)
        else:
            new = None
        out.append(row)
    return out, sorted(found, key=lambda g: g[2])


__all__ = ["split_at_headings", "split_lost_numbers"]
