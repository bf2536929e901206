"""Unit names that a table cell wrapped over lines, rejoined inside interleaved task rows.

OCR of a flattened table leaves a long name cut at its cell's line end: after a comma
("Phòng Văn hóa," / "KH&TT") or after "và" ("Ban Tuyên giáo và" / "Dân vận Thị ủy"), with the
rest among the text column's words of a lower line. The parts are one cell only when read
together they name one unit of the agency scheme.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from ingest.agency_lexicon import fold_key, lexicon
from ingest.deadlines import fold_spaced
from ingest.table_cells import Piece, agencies_in

#: A name cut at a cell's line end ("Phòng Văn hóa," / "KH&TT"): capitalised words, a comma.
_CUT_HEAD = re.compile(r"(?:^|\s)([A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){1,3},)\s*\|?\s*$")
#: The abbreviated rest of such a name on a line below ("KH&TT", "VH, TT&DL").
_ABBREV_TAIL = re.compile(r"(?<!\w)([A-ZĐ]{1,4}(?:\s?,\s?[A-ZĐ]{1,4})?\s?&\s?[A-ZĐ]{1,4})(?!\w)")


def rejoin_cut_names(texts: list[str], pieces: list[list[Piece]], lines: list[str],
                      locality: str | None) -> None:
    """Rejoin a unit's name that its cell wrapped after a comma ("Phòng Văn hóa," then
    "KH&TT" a line or two below, where OCR left both inside the text column's words).

    The head ends a line's text or is its last name-like piece; the tail is an abbreviation
    with "&" on one of the next two lines. They are one cell only when read together they
    name one unit; the joined name takes the head's place, before the cells of its line
    (the lead column comes before the support column). The tail is also
    looked for in the whole line, for a line of debris keeps no text.
    """
    for i in range(len(texts)):
        heads: list[Piece | None] = [None, *[p for p in pieces[i] if p.kind == "text"]]
        for head_piece in heads:
            src = head_piece.text if head_piece is not None else texts[i]
            m = _CUT_HEAD.search(src)
            if m and _join_below(i, m, head_piece, texts, pieces, lines, locality):
                break


#: The words a name wrapped after "và" leaves at the end of a lower line's text ("Dân vận").
_AND_TAIL = re.compile(r"(?:^|\s)([A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){0,3})(?:\s+\S{1,2})*\s*$")
_AND = re.compile(r"^\s*v[aàạ]\b\s*")


def rejoin_and_names(texts: list[str], pieces: list[list[Piece]],
                      locality: str | None) -> None:
    """Rejoin a unit's name its cell wrapped after "và" ("Ban Tuyên giáo" "và" on one line,
    "Dân vận" ending the next line's text, "Thị ủy" the cell after it).

    Only when the words read together name one unit beyond the head's own name.
    """
    for i in range(len(pieces) - 1):
        for k, head in enumerate(pieces[i][:-1]):
            after = pieces[i][k + 1]
            joiner = _AND.match(after.text)
            if head.kind != "agency" or after.kind != "text" or not joiner:
                continue
            for j in (i + 1, i + 2):
                if j >= len(texts) or not _join_and(i, k, j, joiner, texts, pieces, locality):
                    continue
                break
            else:
                continue
            break


def _join_and(i: int, k: int, j: int, joiner: re.Match[str], texts: list[str],
              pieces: list[list[Piece]], locality: str | None) -> bool:
    head, after = pieces[i][k], pieces[i][k + 1]
    tail = _AND_TAIL.search(texts[j])
    if not tail:
        return False
    nxt = pieces[j][0] if pieces[j] and pieces[j][0].kind == "agency" else None
    for extra in ([nxt] if nxt else []) + [None]:
        joined = f"{head.text} và {tail.group(1)}" + (f" {extra.text}" if extra else "")
        if not any(a.start == 0 and a.end >= len(joined) - 2 and not a.generic
                   for a in agencies_in(joined, locality)):
            continue
        rest = after.text[joiner.end():].strip()
        pieces[i][k:k + 2] = [Piece("agency", joined, head.line, head.offset)] + (
            [Piece("text", rest, after.line, after.offset)] if rest else [])
        texts[j] = texts[j][: tail.start(1)].rstrip()
        if extra is not None:
            del pieces[j][0]
        return True
    return False


def _join_below(i: int, m: re.Match[str], head_piece: Piece | None, texts: list[str],
                pieces: list[list[Piece]], lines: list[str], locality: str | None) -> bool:
    """Join a cut head (``m`` in line ``i``'s text or ``head_piece``) with an abbreviated
    tail on one of the next two lines, when together they name one unit."""
    for j in (i + 1, i + 2):
        if j >= len(texts):
            return False
        tail = _ABBREV_TAIL.search(texts[j]) or _ABBREV_TAIL.search(lines[j])
        if not tail:
            continue
        joined = f"{m.group(1)} {tail.group(1)}"
        if not any(a.start == 0 and a.end > len(m.group(1)) + 1 and not a.generic
                   for a in agencies_in(joined, locality)):
            continue
        if tail.string is texts[j]:
            texts[j] = (texts[j][: tail.start(1)] + texts[j][tail.end(1):]).strip()
        if head_piece is not None:
            rest = head_piece.text[: m.start(1)].strip(" |")
            k = pieces[i].index(head_piece)
            name = Piece("agency", joined, head_piece.line, head_piece.offset + m.start(1))
            pieces[i][k:k + 1] = [Piece("text", rest, head_piece.line, head_piece.offset),
                                  name] if rest else [name]
        else:
            texts[i] = texts[i][: m.start(1)].rstrip(" |")
            line = pieces[i][0].line if pieces[i] else 0
            pieces[i].insert(0, Piece("agency", joined, line, m.start(1)))
        return True
    return False


@lru_cache(maxsize=1)
def _joint_names() -> dict[str, tuple[str, ...]]:
    """The scheme's names joined by "và", by their folded head ("ban tuyen giao")."""
    out: dict[str, list[str]] = {}
    for d in sorted({p.display for p in lexicon().patterns}):
        if " và " in d:
            out.setdefault(fold_spaced(d.split(" và ")[0]), []).append(d)
    return {head: tuple(names) for head, names in out.items()}


@lru_cache(maxsize=1)
def _joint_tails() -> dict[str, tuple[str, ...]]:
    """The scheme's names joined by "và", by their folded part after it ("danvanthiuy")."""
    out: dict[str, list[str]] = {}
    for names in _joint_names().values():
        for d in names:
            out.setdefault(fold_key(d.split(" và ", 1)[1]), []).append(d)
    return {tail: tuple(names) for tail, names in out.items()}


def joint_from_tail(text: str) -> str | None:
    """The one "<head> và <tail>" name whose tail of two words or more ``text`` spells
    ("Dân vận Thị ủy": its head "Ban Tuyên giáo và" wrapped onto another line), else None."""
    if len(text.split()) < 2:
        return None
    key = fold_key(text)
    hits = {d for tail, names in _joint_tails().items()
            if len(tail) >= 6 and fuzz.ratio(key, tail) >= 90 for d in names}
    return hits.pop() if len(hits) == 1 else None


def joined_name(name: str, row_text: str) -> str:
    """The scheme's "<name> và <other>" when the row also prints the other's words.

    A cell wrapped after "và" ("Ban Tuyên giáo và" / "Dân vận Thị ủy") reads as its head
    alone; the rest, among the row's lines, says which joint unit it is (the committee
    variant whose words the row shows best; a longer name extending it when shown too)."""
    joint = _joint_names().get(fold_spaced(name))
    if not joint:
        return name
    row_key = fold_key(row_text)
    shown: list[tuple[float, str, str]] = []  # (score, folded rest, display)
    for display in joint:
        rest = fold_key(display.split(" và ", 1)[1])
        score = fuzz.partial_ratio(rest, row_key, score_cutoff=80) if len(rest) >= 5 else 0.0
        if score:
            shown.append((score, rest, display))
    if not shown:
        return name
    best = max(shown)
    while True:  # "Dân vận" is shown wherever "Dân vận Thị ủy" is: take the longer name
        longer = [c for c in shown if c[1].startswith(best[1]) and len(c[1]) > len(best[1])]
        if not longer:
            return best[2]
        best = max(longer)


@lru_cache(maxsize=1)
def _displays() -> frozenset[str]:
    return frozenset(p.display for p in lexicon().patterns)


def table_committee(names: list[str]) -> str | None:
    """The party committee ("Thị ủy") a table's party bodies carry, when two or more of its
    names end with the same one (older plans of a town, district or province)."""
    counts = {c: sum(n.endswith(" " + c) for n in names) for c in lexicon().party_committees}
    best = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    return best[0] if best[1] >= 2 else None


def with_committee(name: str, committee: str | None) -> str:
    """A party body named without its committee ("Ban Nội chính") or with the commune's
    ("Ủy ban Kiểm tra Đảng ủy") takes the committee its table names its sibling bodies with,
    when the scheme knows that name ("Ban Nội chính Thị ủy")."""
    if not committee or name.endswith(" " + committee):
        return name
    base = name.removesuffix(" Đảng ủy")
    candidate = f"{base} {committee}"
    return candidate if candidate in _displays() else name
