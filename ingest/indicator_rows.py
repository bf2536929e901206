"""Target rows merged because OCR turned a row number into letters ("g1" for 21, "3o" for 30).

Where the numbering skips exactly one number before a row, and a line inside that row opens
with a token that reads as the missing number once OCR's usual digit confusions are allowed,
that line is the lost row's number line: the merged row is cut in two, each line going to the
number line it is nearer to (cells are centred on it; a tie stays with the later row).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.table_rows import RawRow

#: Glyphs OCR prints for a digit in a table's number column.
_GLYPHS = {"0": "oOQD", "1": "lI|i!", "2": "gzZ", "3": "gB", "5": "sS", "6": "bG",
           "8": "gB&", "9": "gq"}
#: A number-column token at a line start, then a rule or bracket and the text cell.
_NUMBER_TOKEN = re.compile(r"^\s*(?P<t>[\dgzZsSbBGoOQDlI|iq&!]{1,2})\s*[|\[(]")


def _reads_as(token: str, number: str) -> bool:
    """Whether ``token`` is ``number`` printed with some digits misread (one at least kept)."""
    if len(token) != len(number) or token == number:
        return False
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


__all__ = ["split_lost_numbers"]
