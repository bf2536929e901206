"""Owners of target rows: the agency cells of a row, checked against the table's own column.

A flattened table prints each owner cell in pieces and OCR damages some copies of a name that
other rows print whole; the owner column of one table names few agencies, so a damaged or cut
copy is read as the name the column prints in full elsewhere.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from ingest.agencies import is_generic_name
from ingest.deadlines import fold_same_length
from ingest.normalize import fold, strip_marks
from ingest.table_cells import agencies_in
from ingest.table_rows import RawRow

_SEPARATORS = " |;:,.-–~\\'‘’\"“”"


def _squeeze(text: str) -> str:
    return re.sub(r"[\W_]+", "", fold(text).lower())


def owner_cells(rows: list[RawRow], locality: str | None) -> dict[str, str]:
    """Owner cells as this table prints them at line ends, squeezed, with the name each reads.

    OCR damages one copy of a repeated owner cell ("PhongKinhé") that it read elsewhere in
    the same column ("PhongKinhté"): the column's own readable cells identify it.
    """
    cells: dict[str, str] = {}
    for row in rows:
        for ln in row.lines:
            body = ln.text.rstrip(_SEPARATORS)
            for m in agencies_in(body, locality):
                if m.end >= len(body) - 1 and not m.generic and len(_squeeze(m.surface)) >= 6:
                    cells.setdefault(_squeeze(m.surface), m.name)
    return cells


def owner_copy(row: RawRow, cells: dict[str, str], cutoff: float = 85.0,
               margin: float = 10.0) -> list[str]:
    """The owner of a row whose last cell is a damaged copy of a cell read in its column.

    A copy a little further from every reading (``cutoff`` - 5) still is one when it is
    clearly nearer to one name than to any other of the column ("Phong VEIXH": "Phong VHXH",
    not "Phong Kinh te"): an owner column names few agencies.
    """
    if not cells:
        return []
    for ln in row.lines:
        body = ln.text.rstrip(_SEPARATORS)
        words = body.split()
        # the last cell: after a rule or a wide gap, else (one space apart) its last words
        tails = {re.split(r"[|\s]{2,}|\|", body)[-1], *(" ".join(words[-k:]) for k in (2, 3))}
        best: dict[str, float] = {}
        for tail in tails:
            last = _squeeze(tail)
            if len(last) < 6 or last.isdigit():
                continue
            for key, score, _ in process.extract(last, list(cells), scorer=fuzz.ratio,
                                                 score_cutoff=cutoff - 5 - margin, limit=None):
                best[cells[key]] = max(best.get(cells[key], 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if ranked and (ranked[0][1] >= cutoff or (
                ranked[0][1] >= cutoff - 5
                and (len(ranked) == 1 or ranked[1][1] <= ranked[0][1] - margin))):
            return [ranked[0][0]]
    return []


def row_owners(per_line: list[list[str]], two_columns: bool) -> list[str]:
    """Owner names: the rightmost agency cell of each line when two agency columns exist.

    With two columns (chủ trì thực hiện | theo dõi, đánh giá), a collective cell alone on a
    line ("Các cơ quan, đơn vị") is the executing column; the monitoring owner is a named unit.
    """
    names: list[str] = []
    multi = [cells for cells in per_line if len(cells) >= 2]
    for cells in per_line:
        picked = cells[-1:] if two_columns and (len(cells) >= 2 or multi) else cells
        for n in picked:
            if n not in names:
                names.append(n)
    if two_columns:
        named = [n for n in names if not is_generic_name(n)]
        names = named or names
    # a bare collective beside its qualified reading is a piece of the same cell
    return [n for n in names
            if not (any(o != n and o.startswith(n) for o in names) and is_generic_name(n))]


def _has_marks(text: str) -> bool:
    return strip_marks(text) != text


def marked_names(column: list[str]) -> list[tuple[str, str]]:
    """The lexicon (marked) names of an owner column, longest first, with their squeezed form."""
    return [(n, _squeeze(n)) for n in sorted({n for n in column if _has_marks(n)},
                                             key=len, reverse=True)]


def complete_names(names: list[str], full: list[tuple[str, str]],
                   cutoff: float = 80.0) -> list[str]:
    """Owner names with damaged or cut copies read as a name the column prints in full.

    ``full`` is :func:`marked_names` of every owner name the table's rows read. A name
    without any Vietnamese mark was taken from the OCR surface (no lexicon name matched it,
    "Phong Van hod, Khoa"); when its squeezed form starts a marked (lexicon) name of the
    same column, it is that name.
    Marked names are never changed: "Phòng Kinh tế" is not "Phòng Kinh tế, Hạ tầng và Đô thị".
    """
    out: list[str] = []
    for name in names:
        key = _squeeze(name)
        if not _has_marks(name) and len(key) >= 8:
            scored = sorted(((fuzz.ratio(key, sq[: len(key)]), m) for m, sq in full),
                            reverse=True)
            # one clear reading only: two names alike at this length leave the copy alone
            if scored and scored[0][0] >= cutoff and (
                    len(scored) == 1 or scored[1][0] < scored[0][0] - 5):
                name = scored[0][1]
        if name not in out:
            out.append(name)
    return out


#: "UBND phường, xã": the people's committees of the wards and communes under the plan's
#: locality, a collective owner (printed with or without "các").
_PLURAL_UNITS = re.compile(r"\bubnd\s+(ph\w{0,3}ng[\s,]+x\w{1,2})\b")  # folding blanks ","


def plural_units(text: str) -> str:
    """Spell a plural list of unit levels after "UBND" with its "các" ("UBND các phường, xã")."""
    m = _PLURAL_UNITS.search(fold_same_length(text).lower())
    if not m:
        return text
    levels = "phường, xã" if m.group(1).startswith("ph") else "xã, phường"
    return f"{text[: m.start(1)]}các {levels}{text[m.end(1):]}"


_SPECIALISED = "Các phòng chuyên môn"
#: "Ủy ban nhân dân thị xã": a people's committee named by its level only (the plan's own).
_OWN_COMMITTEE = re.compile(r"^Ủy ban nhân dân (thị xã|huyện|xã|phường|thành phố|thị trấn|quận)$")
#: "đơn vị sự nghiệp (trực thuộc)": the public service units listed with the offices.
_SERVICE_UNITS = re.compile(r"^\W*d\w{0,2}n\s*v\w?\s*s\w{0,2}\s*ngh")


def qualify_collectives(entries: list[tuple[int, list[str]]], text_of: dict[int, str]
                        ) -> list[list[str]]:
    """Owner cells per line, with "Các phòng chuyên môn" read with the words that qualify it.

    The cell "Các phòng chuyên môn UBND thị xã" (the offices of the plan's own committee)
    wraps, so its two parts read as two names on two lines; "Các phòng chuyên môn, đơn vị sự
    nghiệp trực thuộc" continues on the next line with the public service units.
    """
    out = [list(cells) for _, cells in entries]
    for i, (line, cells) in enumerate(entries):
        if not cells or cells[-1] != _SPECIALISED:
            continue
        if _SERVICE_UNITS.match(fold(text_of.get(line + 1, ""))):
            out[i][-1] = f"{_SPECIALISED}, đơn vị sự nghiệp trực thuộc"
            continue
        if i + 1 < len(entries) and entries[i + 1][0] - line <= 5 and out[i + 1]:
            m = _OWN_COMMITTEE.match(out[i + 1][0])
            if m:
                out[i][-1] = f"{_SPECIALISED} UBND {m.group(1)}"
                del out[i + 1][0]
    return [cells for cells in out if cells]


#: "HĐND&UBND" with the "Đ" read as P or B ("HPND&UBND"): the council's abbreviation.
_COUNCIL = re.compile(r"\bH[PB]ND(?=\s*(?:&|và|va|-)\s*UBND)")


def spell_cells(text: str) -> str:
    """Agency abbreviations of a table line as the lexicon spells them (see above)."""
    return plural_units(_COUNCIL.sub("HĐND", text))

