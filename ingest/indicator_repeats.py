"""Worded year cells read into a row's text: the same words printed once per year column.

A multi-year row whose targets are words ("Có", "Đạt mức tiên tiến", "< 10 các huyện, TX,
TP") prints them in every year cell, so OCR, reading the table line by line, leaves runs of
one word repeated close together ("C6 C6 Cé", "Pat muc Dat muc Pat mirc", "huyén, huyén,
huyén") among the text. Indicator text does not repeat a word three times within a few
words, so such a run is no part of it.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ingest.deadlines import fold_same_length

_PUNCT = ".,;:|()[]\"'“”‘’-–~=*!?{}"
#: At most this many other words between two repeats of a cell's word (a year cell of
#: one or two words; "các cơ quan, các đơn vị, các tổ chức" is text).
_GAP = 1
_MIN_REPEATS = 3


def _alike(a: str, b: str) -> bool:
    """Two OCR readings of one word: equal, "Đ" read as P or B, or (words of four letters or
    more: "luc" and "muc" are two words) one edit apart."""
    if a == b:
        return True
    if a[:1] in "pbd" and b[:1] in "pbd" and a[1:] == b[1:]:
        return True
    return min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b, score_cutoff=1) <= 1


def repeated_runs(text: str) -> list[tuple[int, int]]:
    """Character spans of ``text`` covered by runs of one word repeated close together."""
    # column rules and other punctuation are no words between repeats
    words = [m for m in re.finditer(r"\S+", text) if m.group(0).strip(_PUNCT)]
    toks = [(m.start(), m.end(), fold_same_length(m.group(0)).lower().strip(_PUNCT))
            for m in words]
    keys = [k if len(k) >= 2 and not k.isdigit() else "" for _, _, k in toks]
    spans: list[tuple[int, int]] = []
    for i, key in enumerate(keys):
        if not key or (spans and toks[i][0] < spans[-1][1]):
            continue
        chain = [i]
        j = i + 1
        # an abbreviation ("TX, TP") repeats in cells of two abbreviations
        gap = _GAP + 1 if words[i].group(0).strip(_PUNCT).isupper() else _GAP
        while j < len(keys) and j - chain[-1] <= gap + 1:
            if keys[j] and _alike(key, keys[j]):
                chain.append(j)
            j += 1
        if len(chain) >= _MIN_REPEATS:
            spans.append((toks[chain[0]][0], toks[chain[-1]][1]))
    return spans


def drop_repeated_runs(text: str) -> str:
    """``text`` without its runs of repeated cell words (see above)."""
    for start, end in reversed(repeated_runs(text)):
        text = f"{text[:start]} {text[end:]}"
    return re.sub(r"\s{2,}", " ", text).strip() if text else text


__all__ = ["drop_repeated_runs", "repeated_runs"]
