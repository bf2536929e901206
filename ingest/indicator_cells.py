"""Reading one row of a flattened target table, line by line, from the right.

A target row prints, left to right: STT | text | unit | target value(s) | responsible unit(s).
Values and units have a small grammar ("≥ 20%", ">70", "100%", "Tốp 25 của tỉnh", "%", "Thứ
bậc", "Người"), so each line of a row is read from the right: trailing agency names are the
owner cell(s), then value tokens (one per year column in multi-year tables), then a unit; what
is left is the indicator text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.agencies import agency_vocabulary_score
from ingest.agency_lexicon import lexicon, word_tokens
from ingest.deadlines import fold_same_length
from ingest.indicator_owners import spell_cells
from ingest.indicator_units import PERSONS_FOLDED
from ingest.indicator_values import repair_percent
from ingest.normalize import fold
from ingest.table_cells import agencies_in, collective_cells, office_names
from ingest.table_rows import RawRow

#: "người" after a count as OCR prints it without marks ("nguoi", "ngudi", "ngwoi", "ngu6i").
_PERSONS_OCR = r"ng[uưw][oơờớóòỏõọdé60]?i"
# One target value at the end of a string: comparison, number, percent, "(5G)".
_VALUE = re.compile(
    r"(?:(?:[≥≤><=~]|>=|<=)\s*)?\d{1,4}(?:[.,]\d{1,3})?\s*%?(?:\s*/\s*n\w{1,2}m)?(?:\s*\(\w{1,3}\))?"
    r"(?:\s*(?:người|người|" + _PERSONS_OCR + r"|DN))?\.?\s*$", re.IGNORECASE)
# Worded targets ("Tốp 25 của tỉnh", "Nâng hạng", "Đạt loại tốt") - folded.
_WORD_VALUE = re.compile(r"(?:t\w?p\s*\d{1,3}(?:\s*c\w{0,2}a(?:\s*t\w{0,2}nh)?)?|n\w{0,2}ng\s*h\w{0,2}ng|"
                         r"d\w{0,2}t\s*lo\w{0,2}i\s*t\w{0,2}t|hoan\s*thanh)\s*$")
_UNIT = re.compile(r"(?:^|\s)(%\s*grdp|%|thu\s*b\w?c|th\w\s*bac|" + PERSONS_FOLDED
                   + r"|dn|doanh\s*nghiep|nhiem\s*vu|don|san\s*ph\w{1,2}m|chi\s*so|so\s*luong|co\s*so|lan|ty\s*le|"
                   r"du\s*an|sang\s*kien|cong\s*trinh|he\s*thong)\s*$")
_SEPARATORS = " |;:,.-–~\\'‘’\"“”"


@dataclass
class RowRead:
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
#: A value cell among others: a loose value, or a percentage whose "%" OCR read as digits
#: ("1009"), ending where the cell does - a number glued to other glyphs ("19¢&") is debris.
_CELL_VALUE = re.compile(r"(?<![\w/%])(?:[≥≤><=]\s*)?(?:\d{1,3}(?:[.,]\d{1,3})?\s*%?|\d{4,5})"
                         r"(?=[\s|,;.)\]*]|$)")


def _cell_values(text: str) -> list[str]:
    """The value cells of a stretch of a row, left to right (see :data:`_CELL_VALUE`)."""
    out = []
    for m in _CELL_VALUE.finditer(text):
        value = m.group(0).strip()
        digits = value.lstrip("≥≤><= ")
        if len(digits) >= 4 and digits.isdigit() and repair_percent(digits) == digits:
            continue  # a year or a code, not a misread percentage
        out.append(value)
    return out
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


def _read_line(text: str, locality: str | None, out: RowRead, multi_year: bool = False) -> None:
    """Peel owner, values and unit off the right end of one line; the rest is text."""
    before = (len(out.values), out.unit, len(out.owners), len(out.text))
    _peel(text, locality, out, multi_year)
    if len(out.values) == before[0] and out.unit == before[1] and len(out.text) > before[3]:
        _cut(text, locality, out, before, multi_year)


def _cut(text: str, locality: str | None, out: RowRead,
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
    values = _cell_values(rest)
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


def _peel(text: str, locality: str | None, out: RowRead, multi_year: bool = False) -> None:
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


def rejoin_wrapped_names(lines: list[str], locality: str | None) -> list[str]:
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


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Every folded word of the agency lexicon's labels and level words."""
    lex = lexicon()
    return frozenset(w for toks in lex.token_cache.values() for w in toks) | frozenset(
        lex.level_words)


@lru_cache(maxsize=4096)
def _could_continue(word: str) -> bool:
    """Whether a wrapped word can be part of an agency name: a word of the lexicon's labels,
    or one OCR may have damaged (a longer word, a stray letter inside a name); a value cell
    ("100%") cannot."""
    toks = word_tokens(word)
    if not toks:
        return "&" in word  # "HĐND" / "& UBND": the connector opens the wrapped part
    return any(len(t) >= 4 or len(t) == 1 or t in _name_words() for _, _, t in toks)


def _wrapped_tail(out: list[str], i: int, j: int, locality: str | None) -> bool:
    """Join the last words of line ``j`` to line ``i`` when they end its name cell."""
    above, below = out[i].rstrip(), out[j].strip()
    words = below.split()
    if not above or not words:
        return False
    if not any(c.isalpha() for c in above.split()[-1]):
        return False  # a name cut at the line's end has a word there, not a value cell
    cut = len(above)
    known = agencies_in(above, locality)
    for n in (1, 2, 3):  # the shortest tail that completes the name
        if n > len(words):
            continue
        if not _could_continue(words[-n]):
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


@dataclass
class ReadRow:
    """One row read line by line: its cells, its lines and their source line numbers."""

    read: RowRead
    lines: list[str]
    numbers: list[int]


def read_row(row: RawRow, locality: str | None, multi_year: bool) -> ReadRow:
    """A row's cells read line by line, each text fragment and owner cell tagged with its line."""
    read = RowRead()
    joined = _joined_lines(row)
    # a name rejoined across lines is spelled again ("UBND" + "phuong, xa")
    kept = [(spell_cells(t) if t != j else t, n) for t, (j, n) in zip(
        rejoin_wrapped_names([t for t, _ in joined], locality), joined, strict=True)
        if t.strip()]
    for idx, (text, _) in enumerate(kept):
        values_before = len(read.values)
        _read_line(text, locality, read, multi_year)
        read.text_line.extend([idx] * (len(read.text) - len(read.text_line)))
        read.owner_line.extend([idx] * (len(read.owners) - len(read.owner_line)))
        if len(read.values) > values_before:
            read.value_lines.add(idx)
            read.value_runs.append(read.values[values_before:])
    return ReadRow(read, [t for t, _ in kept], [n for _, n in kept])


__all__ = ["ReadRow", "RowRead", "read_row", "rejoin_wrapped_names"]
