"""Where table rows start: text that opens a row and row numbers that fit their sequence.

A row opens at a capitalised text line that is not a later column's cell (agency, deadline),
or at a row number followed by the row's own text. Numbers are checked against the sequence
around them: OCR debris read as digits is forgotten, a number OCR turned into a glyph is
restored. Only column vocabulary and number grammar are used, never a document's words.
"""

from __future__ import annotations

import re

from ingest.deadlines import find_deadlines
from ingest.document import Line
from ingest.normalize import fold
from ingest.table_cells import agencies_in, first_word
from ingest.table_numbering import group_match, plausible_next

#: Collective units that open a responsibility cell ("Các cơ quan, đơn vị", "Các phòng ...").
_COLLECTIVE = re.compile(r"^c\w{1,2}c\s*(?:co\s*quan|phong|don\s*vi|truong|ban|nganh|cap|"
                         r"chi\s*bo|hoi|doan)\b")


def starts_cell(text: str, locality: str | None, collective: bool = True) -> bool:
    """A line that opens with a cell of a later column (agency, deadline, value), not text."""
    stripped = text.strip(" .,;:|-~=>'‘’\"")
    if not stripped:
        return True
    if _COLLECTIVE.match(fold(stripped[:30])):
        return collective
    lead = text.find(stripped)
    # whole-line look-ups: the same lines are split into cells later (cached)
    mentions = agencies_in(text, locality)
    if mentions and mentions[0].start <= lead + 2:
        return True
    deadlines = find_deadlines(text)
    return bool(deadlines and deadlines[0].start <= lead + 2)


def is_text_start(text: str, locality: str | None, cells: bool = True,
                   collective: bool = True) -> bool:
    """A line that opens a new text cell (capitalised, not an agency/deadline cell).

    ``cells=False`` for tables without responsibility columns (budget lists), where a line
    may well begin with a unit's name ("Tổ công nghệ số cộng đồng ...").
    """
    word = first_word(text, max_offset=4)
    return bool(word) and word[0].isupper() and (
        not cells or not starts_cell(text, locality, collective))


def number_rest_is_text(rest: str, locality: str | None = None) -> bool:
    """Whether what follows a row number is the row's own text (the number opens the row),
    rather than neighbouring cells or the lower-case middle of a row whose number is centred."""
    tokens = rest.split(maxsplit=2)
    if tokens and len(tokens[0]) == 1 and (tokens[0].islower() or tokens[0] in "%°~" or (
            len(tokens) > 1 and len(tokens[1]) == 1 and not tokens[1].isalnum())):
        # "15 o Thứ bậc": an OCR'd unit cell ("%") opens the rest; "2 N . A . Đảng và":
        # letters and dots of neighbouring cells, not the row's text
        return False
    word = first_word(rest, max_offset=6)  # debris before a late capital is no row text
    if not word or not word[0].isupper():
        return False
    if re.match(r"\s*" + re.escape(word) + r"\s*[;,]", rest[rest.find(word):]):
        return False  # "14 Ủy; thiết lập ...": the end of a name wrapped from above, no opening
    if len(re.findall(r"[^\W\d_]+", rest)) <= 2:
        return False  # "7 . Văn bản": one short cell beside a centred number, not row text
    head = rest[rest.find(word):]
    if not starts_cell(head, locality):
        return True
    # "10 Thường xuyên kiểm tra, giám sát ...": a deadline word opening a long sentence
    found = find_deadlines(head)
    after = head[found[0].end:] if found and found[0].start <= 2 else ""
    return len(after) > 25 and bool(re.match(r"\s+[a-zà-ỹđ]", after))


def drop_out_of_sequence(numbered: list[tuple[str, str] | None], locality: str | None,
                         reach: int = 14) -> None:
    """Forget a "number" that breaks the row sequence and opens no row text.

    A syllable OCR read as digits ("số" -> "50") or a digit of a neighbouring cell can open a
    line. When a number below continues the sequence (5 ... 6) and the stray one neither fits
    between them nor is followed by row text, it numbers nothing. A misread number that does
    open row text ("97 Triển khai ...") keeps its row but resets the sequence only when the
    next number continues from it.
    """
    last: str | None = None
    for idx, nm in enumerate(numbered):
        if not nm:
            continue
        fits = last is None or nm[0] in (last, "1", "1.1") or plausible_next(nm[0], last) \
            or _between(nm[0], last, last, ahead=4) or _lost_dot(nm[0], last)
        if not fits and not number_rest_is_text(nm[1], locality):
            below = next((numbered[k][0] for k in range(idx + 1, min(len(numbered), idx + reach))
                          if numbered[k] and _between(numbered[k][0], last, last, ahead=4)),
                         None)  # type: ignore[index]
            # with a gap below (7 ... 9) the odd number may be the missing one misread
            if below is not None and plausible_next(below, last):
                numbered[idx] = None
                continue
        nxt = next((numbered[k][0] for k in range(idx + 1, min(len(numbered), idx + reach))
                    if numbered[k]), None)  # type: ignore[index]
        if fits or (nxt is not None and (plausible_next(nxt, nm[0])
                                         or _between(nxt, nm[0], nm[0], ahead=2))):
            last = nm[0]  # in sequence, or a jump the next number confirms (rows OCR lost)


def _lost_dot(number: str, last: str) -> bool:
    """"38" after 3.7: a sub-number whose dot OCR lost."""
    major = last.split(".")[0]
    return "." in last and number.isdigit() and number.startswith(major) \
        and len(number) > len(major)


def _between(number: str, low: str | None, high: str, ahead: int = 0) -> bool:
    """Whether a row number lies in (low, high + ahead] by its leading integer."""
    try:
        value, lo, hi = (float(x.split(".")[0]) for x in (number, low or "0", high))
    except ValueError:
        return False
    return lo < value <= hi + ahead


#: A row's first line whose number OCR read as one other glyph ("o | Doanh nghiệp ...").
_LOST_NUMBER = re.compile(r"^\s*[^\w\s]?\s*(?P<g>[^\W\d]|[^\w\s|])\s*[|.)\]:]?\s+(?P<t>\S.*)$")


def restore_lost_numbers(body: list[Line], numbered: list[tuple[str, str] | None],
                          locality: str | None, reach: int = 6) -> None:
    """Number the row whose printed number OCR turned into another glyph.

    Evidence is the sequence: the numbers above and below skip exactly one value (1 ... 3),
    and between them one line opens with a single stray glyph then capitalised row text.
    That line is the missing row's first line; without that gap nothing is changed.
    """
    for idx, ln in enumerate(body):
        if numbered[idx] or group_match(ln.text):
            continue
        m = _LOST_NUMBER.match(ln.text)
        if not m or not is_text_start(m.group("t"), locality):
            continue
        above = next((k for k in range(idx - 1, max(-1, idx - reach - 1), -1) if numbered[k]),
                     None)
        below = next((k for k in range(idx + 1, min(len(body), idx + reach + 1))
                      if numbered[k]), None)
        if above is None or below is None:
            continue
        prev, nxt = numbered[above][0], numbered[below][0]  # type: ignore[index]
        if not (prev.isdigit() and nxt.isdigit() and int(nxt) == int(prev) + 2):
            continue
        if not (number_rest_is_text(numbered[above][1], locality)  # type: ignore[index]
                and number_rest_is_text(numbered[below][1], locality)):  # type: ignore[index]
            continue  # centred numbers: a text start between them is no sign of a row
        numbered[idx] = (str(int(prev) + 1), m.group("t"))
