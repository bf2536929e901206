"""Pieces of an interleaved (OCR-flattened) task row, line by line, before cells are formed.

An OCR'd task table interleaves the text column with the role columns on the same lines. These
helpers decide which words of a line are text and which are cell pieces: debris-led cells packed
left, words spilling past the text column, name fragments wrapped over lines, printed names the
agency matcher cannot read, and issuer lines that continue the text.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ingest.agencies import agency_vocabulary_score
from ingest.deadlines import find_deadlines, fold_spaced
from ingest.table_cells import (
    Piece,
    agencies_in,
    clean_text,
    collective_cells,
    debris_before_second_word,
    split_line,
    word_tokens,
)
from ingest.table_names import joint_from_tail
from ingest.table_outputs import TableNames, output_heads, starts_with_cell_head
from ingest.table_rows import RawRow

_OF_TEXT_END = re.compile(r"(?<!\w)c\w{0,2}a(?:\W+\w)?\W*$")  # "của" ending text, debris after


def interleaved_layout(rows: list[RawRow], locality: str | None, min_offset: int = 24) -> bool:
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



def _agencyish(piece: Piece) -> bool:
    return piece.kind == "agency" or (piece.kind == "text" and agency_vocabulary_score(
        piece.text) >= 0.5)


def merge_vertical(lines: list[list[Piece]], locality: str | None) -> list[list[Piece]]:
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


def debris_cells(text: str, line_no: int, locality: str | None, min_offset: int,
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


def table_named(pieces: list[Piece], names: TableNames | None) -> list[Piece]:
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
    return _tails_named(out, names)


def _tails_named(pieces: list[Piece], names: TableNames) -> list[Piece]:
    """A short text piece right before an agency piece, the two reading as a piece of a name
    the table prints whole, or as the tail of a joint name ("Dân vận" + "Thị ủy", the head
    "Ban Tuyên giáo và" wrapped above), become that name's agency piece: the matcher alone
    reads only the committee word."""
    out: list[Piece] = []
    for p in pieces:
        prev = out[-1] if out else None
        if p.kind == "agency" and prev is not None and prev.kind == "text" and \
                len(prev.text.split()) <= 3 and prev.offset + len(prev.text) + 3 >= p.offset:
            joined = f"{prev.text} {p.text}"
            name = names.resolve(joined) or joint_from_tail(joined)
            if name is not None and len(name) > len(p.text) + len(prev.text):
                out[-1] = Piece("agency", name, prev.line, prev.offset)
                continue
        out.append(p)
    return out


#: A cell cut at a text line's end: "<end of the cell above>; <head of the next name>".
_TRAILING_CELL = re.compile(r"(?P<end>\S+(?:\s+\S+)?)\s*;\s*(?P<head>[^;,|]{4,24}?)\W*$")
#: Words that end a cell wrapped from the line above ("chuyên môn;", "liên quan;"), folded.
_CELL_ENDS = ("chuyen mon", "lien quan", "truc thuoc")


def trailing_cell(text: str, line_no: int, names: TableNames | None,
                  min_offset: int) -> tuple[str, list[Piece]]:
    """Text of an interleaved line without the cells OCR left at its end, and those cells.

    A name list wrapped down the support column can end a text line with the last words of
    one name and the head of the next ("... chuyên môn; UBND các", "... TT&DL; UBND các"):
    when the head opens exactly one name the table prints whole, that name is a cell of
    the line and the words before the ";", the end of a cell
    already read from its head above, are no text.
    """
    if names is None or ";" not in text:
        return text, []
    m = _TRAILING_CELL.search(text)
    if m is None:
        return text, []
    name = names.completing(m.group("head"))
    if name is None:
        return text, []
    end_words = m.group("end").split()
    last = end_words[-1]
    if "&" in last or (last.isupper() and len(last) >= 2):
        cut = m.start("end") + m.group("end").rfind(last)
    elif any(fuzz.ratio(fold_spaced(m.group("end")), e) >= 75 for e in _CELL_ENDS):
        cut = m.start("end")
    else:
        return text, []
    # past the text column, right of the names above: a ";" list is the support column's
    return text[:cut].rstrip(" ,;"), [Piece("agency", name, line_no, min_offset + len(text))]


def issuer_lines(texts: list[str], pieces: list[list[Piece]]) -> None:
    """A line that is nothing but a name right below task text ending with "của" ("... Kế
    hoạch hành động của" / "Ban Thường vụ Tỉnh ủy.") is that text's issuer, not a cell."""
    for i in range(1, len(texts)):
        line = pieces[i]
        if texts[i] or len(line) != 1 or line[0].kind != "agency" or line[0].offset > 2:
            continue
        above = next((t for t in reversed(texts[:i]) if t), "")
        if _OF_TEXT_END.search(fold_spaced(above)):
            texts[i], pieces[i] = line[0].text, []


def cell_words(text: str, names: TableNames | None = None) -> bool:
    """Words of a role cell: an output head word, a name's vocabulary, or a piece of a name
    the table prints whole ("Trung tdm VH,")."""
    return bool(output_heads(text)) or agency_vocabulary_score(text) >= 0.5 or (
        names is not None and any(names.resolve(part) for part in re.split(r"[;|]", text)))


def real_text(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 2

__all__ = ["cell_words", "debris_cells", "interleaved_layout", "issuer_lines", "merge_vertical",
           "real_text", "table_named", "trailing_cell"]
