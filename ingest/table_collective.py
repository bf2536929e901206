"""Collective subjects as a role cell words them ("Các phòng, ban, đơn vị liên quan").

The agency scheme names a collective cell by one of a few displays ("Các phòng ban chuyên
môn"), but plans word their collective cells freely from a small vocabulary: "Các" then unit
nouns (cơ quan, phòng, ban, ngành, đơn vị, tổ chức ...) joined by commas or "và", closed by a
qualifier (liên quan, chuyên môn, trực thuộc). Reading the cell by that grammar keeps the
subject the plan wrote, with its marks restored, even from unaccented OCR ("Céc phong, ban,
don vi lién quan").
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ingest.deadlines import fold_same_length

#: Folded words of collective cells and how they are written.
_NOUNS: dict[str, str] = {
    "co quan": "cơ quan", "phong": "phòng", "ban": "ban", "nganh": "ngành",
    "don vi": "đơn vị", "to chuc": "tổ chức", "doan the": "đoàn thể",
    "dia phuong": "địa phương", "doanh nghiep": "doanh nghiệp",
}
_QUALIFIERS: dict[str, str] = {
    "lien quan": "liên quan", "co lien quan": "có liên quan", "chuyen mon": "chuyên môn",
    "truc thuoc": "trực thuộc",
}
_TOKEN = re.compile(r"[^\s,;]+|[,;]")
_HEAD = re.compile(r"c\w{1,2}c")  # "Các" as OCR prints it: Cac, Céc, C4c


def _match(words: list[str], i: int, vocab: dict[str, str]) -> tuple[str, int] | None:
    """The vocabulary entry the words from ``i`` spell (longest first), and its length."""
    for size in (3, 2, 1):
        if i + size > len(words):
            continue
        probe = " ".join(words[i:i + size])
        for key, shown in vocab.items():
            if key.count(" ") + 1 != size:
                continue
            if probe == key or (len(key) >= 5 and probe[:1] == key[:1]
                                and fuzz.ratio(probe, key) >= 80):
                return shown, size
    return None


#: What may be left of "vị liên quan" after a cell wrapped after "đơn".
_CUT_REST = frozenset({"vi", "lien", "quan"})


def collective_phrase(text: str) -> str | None:
    """The collective subject ``text`` opens with, written out, or None.

    At least one unit noun must follow "Các"; words after the last noun or qualifier
    (another cell, debris) are not part of it, nor is a ";" (it opens the next subject).
    """
    tokens = _TOKEN.findall(text)
    folded = [t if t in ",;" else fold_same_length(t).strip(" .()") for t in tokens]
    if not folded or not _HEAD.fullmatch(folded[0]):
        return None
    out = ["Các"]
    i, nouns = 1, 0
    while i < len(folded):
        word = folded[i]
        if word in (",", "va") and nouns:
            out.append("," if word == "," else " và")
            i += 1
            continue
        found = _match(folded, i, _NOUNS)
        if not found and folded[i] == "don":
            # the cell wrapped after "đơn": its usual wording "đơn vị liên quan" (the rest
            # is on a lower line, or in part: "quan")
            size = 1
            while i + size < len(folded) and folded[i + size] in _CUT_REST:
                size += 1
            if i + size == len(folded):
                found = ("đơn vị liên quan", size)
        if found:
            out.append(" " + found[0])
            nouns += 1
            i += found[1]
            continue
        found = _match(folded, i, _QUALIFIERS) if nouns else None
        if found:
            out.append(" " + found[0])
            i += found[1]
            continue
        break
    while out and out[-1] in (",", " và"):
        out.pop()
    if nouns == 0:
        return None
    return re.sub(r"\s+,", ",", "".join(out))


__all__ = ["collective_phrase"]
