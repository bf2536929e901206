"""Splitting one line of a flattened table row into its text column and typed cell pieces.

Cells are told apart by their vocabularies: agency names (``ingest.agencies``), collective
units ("Các cơ quan, đơn vị"), deadline phrases (``ingest.deadlines``). Left-to-right order on
a line follows the column order; a "|" rule that OCR kept closes the text column
(:func:`column_bar`). :func:`clean_text` joins the fragments of one cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.agencies import AgencyMention, find_agencies
from ingest.deadlines import find_deadlines, fold_same_length
from ingest.document import Line
from ingest.table_numbering import row_number


@dataclass
class Piece:
    """A typed piece of a line: agency mention, deadline phrase, or untyped text."""

    kind: str  # agency | deadline | text
    text: str
    line: int
    offset: int
    mention: AgencyMention | None = None


@dataclass
class LineCells:
    """One line of a row split into its text prefix and its cell pieces."""

    line: int
    text: str  # the text-column part (row number removed)
    pieces: list[Piece] = field(default_factory=list)


_OF = re.compile(r"\b(?:c\w{0,2}a|theo)\s*$")  # "của" as OCR prints it: cua, ctia, cta, ciia


def text_column_width(lines: list[Line], locality: str | None = None) -> int:
    """Where the text column ends, in characters: a high percentile of text-only line lengths.

    Flattened tables keep each row's cells to the right of the wrapped task text, so cell
    pieces are looked for only beyond most of that width.
    """
    lengths = sorted(len(ln.text.rstrip()) for ln in lines
                     if len(ln.text.strip()) > 20
                     and not split_line(ln.text, ln.number, locality).pieces)
    if len(lengths) < 3:
        return 30
    return lengths[int(0.7 * (len(lengths) - 1))]


@lru_cache(maxsize=8192)
def agencies_in(text: str, locality: str | None = None) -> tuple[AgencyMention, ...]:
    """Cached :func:`ingest.agencies.find_agencies` (rows are re-read several times)."""
    return tuple(find_agencies(text, locality))


#: The head word of an office name ("Phòng", "Ban", "Trung tâm"), folded.
_OFFICE_HEAD = re.compile(r"(?<!\w)(?:phong|ban|trung\s*tam)\s+(?=\S)")
#: One part of an office name: a capitalised word or abbreviation ("KH&TT") and up to two
#: lower-case syllables of it ("Văn hóa", "Tài chính", "Nội vụ"), never "và".
_NAME_PART = re.compile(r"[A-ZĐÀ-Ỹ][\w&]*(?:\s+(?!va\b|và\b)[a-zđà-ỹ]\w{0,5}){0,2}(?![\w&])")
_NAME_JOIN = re.compile(r"\s*(?:,|&|-|–|\bvà\b|\bva\b)\s*")


def office_names(text: str) -> list[AgencyMention]:
    """Office names in an owner cell that the agency scheme does not know ("Phòng Văn hóa,
    Khoa học & Thông tin", "Phòng Nội vụ"): kept as written, typed None.

    Only the owner column reads these: it holds nothing but names, whereas in task cells and
    running text a capitalised "Phòng ..." phrase is too often something else.
    """
    folded = fold_same_length(text).lower()
    out: list[AgencyMention] = []
    for head in _OFFICE_HEAD.finditer(folded):
        if not text[head.start():head.start() + 1].isupper() or (
                out and head.start() < out[-1].end):
            continue
        pos, end = head.end(), None
        while (part := _NAME_PART.match(text, pos)) and part.end() - head.start() <= 60:
            end = part.end()
            join = _NAME_JOIN.match(text, end)
            if not join or not _NAME_PART.match(text, join.end()):
                break
            pos = join.end()
        # an abbreviation alone ("Phong VEIXH") is more likely a known name OCR damaged
        if end is not None and re.search(r"[A-ZĐÀ-Ỹ]\w*\s+[a-zđà-ỹ]", text[head.end():end]):
            surface = text[head.start():end].rstrip(" ,&-–")
            out.append(AgencyMention(head.start(), head.start() + len(surface), surface,
                                     re.sub(r"\s+", " ", surface), None, 0.4, generic=False,
                                     label=surface))
    return out


@lru_cache(maxsize=8192)
def split_line(text: str, line_no: int, locality: str | None = None,
               strip_number: bool = False, cells_only: bool = False,
               text_first: bool = False, min_offset: int = 24) -> LineCells:
    """Text-column prefix and typed cell pieces of one line.

    ``cells_only``: the line has no text column (a stacked cell area); ``text_first``: the
    line opens a row, so whatever it starts with is task text ("Thường xuyên kiểm tra ...");
    ``min_offset``: where the text column ends on this table's lines (cells start after it).
    A cell after text starts with a capital: lower-case names ("trên địa bàn các ấp") are text.
    """
    body = text
    if strip_number:
        nm = row_number(text)
        if nm:
            body = nm[1]
    body = body.rstrip()
    lead_junk = len(body) - len(body.lstrip(" .,;:|-~=>'‘’\"*"))
    spans: list[tuple[int, int, str, AgencyMention | None]] = []
    folded = fold_same_length(body)
    shift = text.find(body) if body else 0  # look names up on the whole line (one cache entry)
    for m in agencies_in(text, locality):
        start, end = m.start - shift, m.end - shift
        if start < 0 or end > len(body):
            continue
        if _OF.search(folded[max(0, start - 8):start]) and "|" not in body[max(0, start - 3):start]:
            continue  # "của UBND tỉnh": part of a phrase, not a cell ("của| Văn phòng": a rule
            # closes the text column between them)
        spans.append((start, end, "agency", m))
    for s0, e0, _name in collective_cells(body):
        # a fuzzy name match may run into the collective cell after it ("Trung tam Céc" read
        # as "Trung tâm HCC" / "coquan,"): both cells stand, sharing the word
        if not any(s0 < e and s < e0 and not (s < s0 and e < e0 and body[s0 - 1].isspace())
                   for s, e, _, _ in spans):
            spans.append((s0, e0, "agency", None))
    for d in find_deadlines(body):
        if not any(d.start < e and s < d.end for s, e, _, _ in spans):
            spans.append((d.start, d.end, "deadline", None))
    spans.sort(key=lambda s: s[0])
    word = first_word(body)
    word_at = body.find(word) if word else len(body)
    # a line whose first real word opens a cell has no text column ("~ . Theo Kế hoạch")
    cell_only = bool(spans) and spans[0][0] <= max(lead_junk + 1, word_at) and not text_first \
        and not (spans[0][3] is None and spans[0][2] == "agency"
                 and body[spans[0][0]:spans[0][0] + 1].islower())
    # a lower-case collective phrase opening a line ("các cơ quan đảng theo ...") continues
    # the text cell: a cell of the responsibility columns starts with a capital
    if cells_only:
        spans.insert(0, (lead_junk, lead_junk, "text", None))
        cell_only = True
    first_cell = None
    for n, (s, _e, k, _m) in enumerate(spans):
        if cell_only or (s >= min_offset and body[s:s + 1].isupper()):
            first_cell = s
            break
        # the last, short line of a text cell: a name followed by more cells on the line
        if k == "agency" and s >= 0.6 * min_offset and body[s:s + 1].isupper() \
                and n + 1 < len(spans) and spans[-1][2] == "deadline":
            first_cell = s
            break
    bar = None if cells_only else column_bar(body, min_offset)
    if bar is not None and (first_cell is None or bar < first_cell):
        # a vertical rule OCR kept ("... thông minh| Ban Nội chính ..."): the text column ends
        out = LineCells(line=line_no, text=body[:bar].strip(" |"))
        first_cell = pos = bar + 1
    elif first_cell is None:
        return LineCells(line=line_no, text=body.strip())
    else:
        out = LineCells(line=line_no, text=body[:first_cell].strip())
        pos = first_cell
    for s, e, kind, m in spans:
        if s < first_cell:
            continue
        if s > pos:
            gap = body[pos:s].strip(" |")
            # a bare "," / "và" joins two names of one cell in a stacked cell area; in an OCR
            # line it is as likely the edge of the neighbouring column
            if _meaningful(gap) or (cells_only and re.fullmatch(r"[,;&+/]+|và|va", gap)):
                out.pieces.append(Piece("text", gap, line_no, pos))
        if e > s:
            out.pieces.append(Piece(kind, body[s:e], line_no, s, m))
        pos = max(pos, e)
    tail = body[pos:].strip(" |")
    if _meaningful(tail):
        out.pieces.append(Piece("text", tail, line_no, pos))
    return out


def column_bar(body: str, min_offset: int) -> int | None:
    """Position of a "|" that OCR kept of the rule closing the text column, if any.

    Only a bar near or past the text column's usual width counts, with words on both sides:
    bars right after a row number ("6 | ...") or inside a cell area are not that rule.
    """
    for m in re.finditer(r"\|", body):
        if m.start() < max(15, int(0.8 * min_offset)):
            continue
        left, right = body[: m.start()], body[m.end():]
        if sum(c.isalpha() for c in left) >= 12 and sum(c.isalpha() for c in right) >= 3:
            return m.start()
        return None
    return None


#: A Vietnamese syllable, folded: onset, vowel nucleus, coda. OCR debris of a neighbouring
#: column ("cn", "2R", "QA", "a4t") is not one; damaged words mostly still are.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}"
                       r"(?:ch|ng|nh|[cmnpt])?")


@lru_cache(maxsize=16384)
def _token_kind(tok: str) -> int:
    """1 for a syllable-like word, -1 for debris, 0 for a lone vowel, a number or a capital
    abbreviation."""
    core = tok.strip(".,;:|()[]{}\"'“”‘’-~=…!?<>")
    folded = fold_same_length(core).lower().replace("đ", "d")
    if _SYLLABLE.fullmatch(folded):
        # a lone vowel is as often a real word ("ở", "y") as a glyph of a rule ("A", "o")
        return 1 if len(folded) >= 2 else 0
    return 0 if (core.isdigit() and len(core) >= 2) or (core.isupper() and len(core) >= 3) \
        else -1


def word_tokens(text: str, trim: bool = False) -> tuple[int, int]:
    """(syllable-like words, debris tokens) of a stretch of a line.

    Numbers of two or more digits and capital abbreviations ("UBND") count as neither;
    ``trim`` leaves out bare punctuation at both edges (the rules OCR read around a cell).
    """
    tokens = text.split()
    if trim:
        while tokens and not any(c.isalnum() for c in tokens[-1]):
            tokens.pop()
        while tokens and not any(c.isalnum() for c in tokens[0]):
            tokens.pop(0)
    kinds = [_token_kind(tok) for tok in tokens]
    return kinds.count(1), kinds.count(-1)


def debris_before_second_word(text: str) -> int:
    """Debris tokens among the leading tokens of ``text`` that precede its second word.

    Any prefix of ``text`` with at most one syllable-like word holds at most this many whole
    debris tokens plus one cut token, so a caller looking for "debris, then a cell" can skip
    the costly cell look-ups when this is 0.
    """
    words = debris = 0
    for tok in text.split():
        kind = _token_kind(tok)
        if kind == 1:
            words += 1
            if words > 1:
                break
        elif kind == -1:
            debris += 1
    return debris


def _meaningful(text: str) -> bool:
    return sum(c.isalnum() for c in text) >= 2


def clean_text(parts: list[str]) -> str:
    """Join text fragments of one cell, dropping OCR junk tokens at the edges."""
    tokens = [t for p in parts for t in p.split() if _kept_token(t)]
    while tokens and not _real_token(tokens[-1]):
        tokens.pop()
    while tokens and not _real_token(tokens[0]):
        tokens.pop(0)
    return " ".join(tokens).strip(" |;")


@lru_cache(maxsize=16384)
def _kept_token(tok: str) -> bool:
    """OCR debris inside a cell: bare punctuation and stray single capitals ("A", "X", "\\")."""
    core = tok.strip(".,;:|()\"'“”‘’-~=")
    if not core:
        return tok in (",", ";", "-", "–", "—", "+", "&", "/")
    if len(core) == 1 and not core.isdigit() and core not in ("y", "Y", "%", "&", "/", "+"):
        return False
    return any(c.isalnum() for c in core)


@lru_cache(maxsize=16384)
def _real_token(tok: str) -> bool:
    core = tok.strip(".,;:|()\"'“”‘’-~=")
    if not core:
        return False
    if any(c.isdigit() for c in core):
        return True
    letters = sum(c.isalpha() for c in core)
    # "K&": OCR's reading of "Kế" (a capital and the "&" it makes of "ế") is a word
    return letters >= 2 or core.lower() in ("y", "a", "o", "và") or core in ("%",) or (
        len(core) == 2 and core[0].isupper() and core[1] == "&")


def first_word(text: str, max_offset: int | None = None) -> str:
    """First real word of a line (two or more characters, mostly letters), skipping OCR junk.

    With ``max_offset``, only a word starting that close to the line start counts.
    """
    pos = 0
    for tok in text.split():
        start = text.find(tok, pos)
        pos = start + len(tok)
        core = tok.strip(".,;:|()\"'“”‘’-")
        letters = sum(c.isalpha() for c in core)
        if len(core) >= 2 and core[0].isalpha() and letters * 2 >= len(core):
            if max_offset is not None and start > max_offset:
                return ""
            return core
    return ""


#: Collective cells as a flattened table cuts them ("Các cơ quan," / "đơn vị" on the next line):
#: the head is enough to know the cell, and its usual full wording names it.
_COLLECTIVE_CELLS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"c\w{1,2}c\s*co\s*\w{0,2}an\b"), "Các cơ quan, đơn vị"),
    (re.compile(r"c\w{1,2}c\s*ph\w{0,2}ng\s*(?:ch\w{0,3}n\s*m\w{0,2}n|ban)?\b"),
     "Các phòng chuyên môn"),
    (re.compile(r"c\w{1,2}c\s*d\w{1,2}n\s*v\w?\b"), "Các đơn vị liên quan"),
    (re.compile(r"c\w{1,2}c\s*nha\s*tr\w{0,3}ng\b"), "Các nhà trường"),
    (re.compile(r"c\w{1,2}c\s*tr\w{0,3}ng(?:\s*hoc)?\b"), "Các trường học"),
]


def collective_cells(text: str) -> list[tuple[int, int, str]]:
    """(start, end, full name) of collective-cell heads in ``text`` (OCR-tolerant)."""
    return list(_collective_cells(text))


@lru_cache(maxsize=8192)
def _collective_cells(text: str) -> tuple[tuple[int, int, str], ...]:
    """Memoised :func:`collective_cells`: a line is split with several settings."""
    folded = fold_same_length(text).lower()
    out: list[tuple[int, int, str]] = []
    for pattern, name in _COLLECTIVE_CELLS:
        for m in pattern.finditer(folded):
            if m.start() > 0 and folded[m.start() - 1].isalnum():
                continue
            if not any(m.start() < e and s < m.end() for s, e, _ in out):
                out.append((m.start(), m.end(), name))
    return tuple(sorted(out))
