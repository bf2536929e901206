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
from functools import lru_cache

from rapidfuzz import fuzz

from ingest.deadlines import fold_same_length
from ingest.places import split_level

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


def _match(words: list[str], i: int, vocab: dict[str, str], longest: int = 3,
           fuzzy_from: int = 5, same_first: bool = True) -> tuple[str, int] | None:
    """The vocabulary entry the words from ``i`` spell (longest first, up to ``longest``
    words), and how many words it takes; OCR-damaged letters are tolerated in entries of
    ``fuzzy_from`` letters or more (with the first letter kept when ``same_first``)."""
    for size in range(longest, 0, -1):
        if i + size > len(words):
            continue
        probe = " ".join(words[i:i + size])
        for key, shown in vocab.items():
            if key.count(" ") + 1 != size:
                continue
            if probe == key or (len(key) >= fuzzy_from
                                and (not same_first or probe[:1] == key[:1])
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





# ------------------------------------------------------------------ the political system

#: Bodies of the political system as plans group them into one collective subject ("Các cấp
#: ủy, chính quyền; Ủy ban MTTQ, các đoàn thể chính trị - xã hội"), folded, and how they are
#: written. Such a cell names the whole system of a level, not three units.
_SYSTEM_BODIES: dict[str, str] = {
    "cap uy dang": "cấp ủy đảng", "cap uy": "cấp ủy", "chinh quyen": "chính quyền",
    "uy ban mat tran to quoc": "Ủy ban Mặt trận Tổ quốc", "mat tran to quoc": "Mặt trận Tổ quốc",
    "uy ban mttq": "Ủy ban MTTQ", "mttq": "MTTQ", "cac doan the": "các đoàn thể",
    "doan the": "đoàn thể",
}
#: Words qualifying a body: its kind, its level, the tier of the plan's locality.
_SYSTEM_QUALIFIERS: dict[str, str] = {
    "chinh tri xa hoi": "chính trị - xã hội", "cac cap": "các cấp", "cap xa": "cấp xã",
    "cap co so": "cấp cơ sở", "cap huyen": "cấp huyện", "cap tinh": "cấp tỉnh",
    "dia phuong": "địa phương", "thi xa": "thị xã", "thanh pho": "thành phố",
    "huyen": "huyện", "tinh": "tỉnh", "phuong": "phường", "xa": "xã",
}
_SPAN_TOKEN = re.compile(r"[^\s,;]+|[,;]")


def _system_match(words: list[str], i: int, vocab: dict[str, str]) -> tuple[str, int] | None:
    """:func:`_match` for the political system's words: entries of up to five words, damaged
    letters tolerated from six letters on ("cép Uy", "iy ban MTTQ")."""
    return _match(words, i, vocab, longest=5, fuzzy_from=6, same_first=False)


def system_phrase(text: str, tier: tuple[str, str] | None = None) -> tuple[str, int] | None:
    """(written subject, end offset) when ``text`` opens with the political system as one
    collective subject: "(Các) cấp ủy" then at least one more body ("chính quyền", "MTTQ",
    "các đoàn thể"), joined by commas, semicolons or "và", each body with its qualifiers.

    ``tier``: the plan's level, folded and written ("thi xa", "thị xã"); a cell that ends on the first word of it
    ("... xã hội Thị", the wrapped "xã" lost) closes with the tier.
    """
    spans = [(m.start(), m.end()) for m in _SPAN_TOKEN.finditer(text)]
    raw = [text[s:e] for s, e in spans]
    # a hyphen inside "chính trị - xã hội" is no word: drop it, keep positions per word
    keep = [k for k, t in enumerate(raw) if t in ",;" or fold_same_length(t).strip(" .()-")]
    words = [raw[k] if raw[k] in ",;" else fold_same_length(raw[k]).strip(" .()-") for k in keep]
    if not words:
        return None
    i, out = 0, []
    if _HEAD.fullmatch(words[0]):
        out, i = ["Các"], 1
    head = _system_match(words, i, {"cap uy dang": "cấp ủy đảng", "cap uy": "cấp ủy"})
    if head is None:
        return None
    out.append(f" {head[0]}" if out else head[0])
    i += head[1]
    bodies, end = 1, i
    while i < len(words):
        word = words[i]
        if word in (",", ";", "va") and i + 1 < len(words):
            found = _system_match(words, i + 1, _SYSTEM_BODIES)
            if found is None:
                break
            out += [{",": ",", ";": ";", "va": " và"}[word], " " + found[0]]
            bodies += 1
            i += 1 + found[1]
            end = i
            continue
        found = _system_match(words, i, _SYSTEM_QUALIFIERS)
        if found is None:
            break
        out.append(" " + found[0])
        i += found[1]
        end = i
    if bodies < 2:
        return None
    rest = words[end:]
    tier_words = tier[0].split() if tier else []
    if tier and rest and len(rest) < len(tier_words) and rest == tier_words[:len(rest)]:
        out.append(" " + tier[1])
        end = len(words)
    phrase = "".join(out)
    phrase = phrase[:1].upper() + phrase[1:]
    return phrase, spans[keep[end - 1]][1]


_COMMITTEE_WORD = re.compile(r"\bc\w?p\s*\w?y\b")  # "cấp ủy" as OCR prints it, folded


@lru_cache(maxsize=64)
def _tier(locality: str | None) -> tuple[str, str] | None:
    """The level of ``locality`` folded and as written ("thi xa", "thị xã"), if printed."""
    level = split_level(locality)[0] if locality else None
    if not level or not locality:
        return None
    return level, " ".join(locality.split()[:level.count(" ") + 1]).lower()


def system_spans(text: str, locality: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, written subject) of political-system subjects opening ``text`` or one of
    its ";"-separated parts (``locality``: the plan's, for its tier)."""
    if not _COMMITTEE_WORD.search(fold_same_length(text).lower()):
        return []  # no "cấp ủy": no subject (a look-up saved for nearly every cell)
    tier = _tier(locality)
    out: list[tuple[int, int, str]] = []
    starts = [0] + [m.end() for m in re.finditer(";", text)]
    for start in starts:
        if out and start < out[-1][1]:
            continue
        lead = len(text[start:]) - len(text[start:].lstrip(" ,;|-"))
        found = system_phrase(text[start + lead:], tier)
        if found:
            out.append((start + lead, start + lead + found[1], found[0]))
    return out



def is_system_subject(text: str) -> bool:
    """Whether a role cell is one political-system subject and nothing else."""
    cell = text.strip(" ,.;")
    found = system_phrase(cell)
    return found is not None and found[1] == len(cell)


__all__ = ["collective_phrase", "is_system_subject", "system_phrase", "system_spans"]
