"""Agency names a table cell's line end cut off ("Phòng Văn hóa, Khoa" / "học và Thông tin").

Flattened tables wrap long owner cells, so the line holds only the first words of a name; it
is read when those words begin the labels of one type only.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from ingest.agency_lexicon import Lexicon, Pattern, keys_for_first, lexicon
from ingest.agency_scores import ratio_matrix

_CUT_MIN_CHARS = 12  # a name cut by a line end must keep this many letters ...
CUT_MIN_TOKENS = 3  # ... and words, and at least this many letters must be missing:
_CUT_MIN_MISSING = 3
_CUT_CUTOFF = 90.0
_CUT_SHIFTS = range(-2, 3)  # where the cut may fall, from the line's letters
_CUT_FACTOR = 0.8  # a cut name is less certain than a whole one


def cell_starts(text: str, toks: list[tuple[int, int, str]], first: int = 0) -> frozenset[int]:
    """Word indexes (from ``first`` on) where a table cell may begin: a capitalised word at
    the start of the text or after a number, a percentage, a rule or a semicolon (the
    columns before an owner cell), not after running words of a sentence."""
    out = set()
    for i in range(max(0, first), len(toks)):
        start = toks[i][0]
        if not text[start:start + 1].isupper():
            continue
        if i == 0:
            out.add(i)
            continue
        before = text[toks[i - 1][0]:start]
        word = toks[i - 1][2]
        if (not word.isalpha() and any(c.isdigit() for c in word)) \
                or any(c in before for c in ";|%"):
            out.add(i)
    return frozenset(out)


@lru_cache(maxsize=16384)
def cut_at_end(words: tuple[str, ...], starts: frozenset[int], whole: frozenset[int]
               ) -> tuple[int, int, Pattern, float] | None:
    """A long name the line end cut off in a table cell ("Phòng Văn hóa, Khoa" / "học và
    Thông tin"): the last words of the text, from a cell start (:func:`cell_starts`), are
    the first words of labels of one type only, word by word, the last one maybe cut.
    ``whole``: word indexes where a whole name already runs to the end.

    Returns (first word, end, pattern, score) like a whole match, with a lower score."""
    lex = lexicon()
    if words and words[-1] in lex.level_words:
        return None  # "Ủy ban nhân dân xã": a whole name and its level
    for i in sorted(starts):
        n = len(words) - i
        if i in whole or n < CUT_MIN_TOKENS or n > lex.max_tokens:
            continue
        joined = "".join(words[i:])
        if len(joined) < _CUT_MIN_CHARS:
            continue
        hits: list[tuple[float, Pattern]] = []
        keys = [key for key in keys_for_first(words[i])
                if len(key) - len(joined) >= _CUT_MIN_MISSING]
        if keys:
            # OCR adds or drops a letter or two: the cut may fall a little either side
            ends = [len(joined) + d for d in _CUT_SHIFTS]
            scores = ratio_matrix([joined], [key[:end] for key in keys for end in ends],
                                  _CUT_CUTOFF)
            for k in np.flatnonzero(scores.reshape(len(keys), len(ends)).max(axis=1)).tolist():
                score = max(scores[0, k * len(ends):(k + 1) * len(ends)].tolist())
                hits += [(score, p) for p in lex.by_key[keys[k]]
                         if _starts_label(words[i:], p, lex)]
        # types a plan's unit is merged into count as that one ("Phòng Kinh tế, Hạ ...")
        notations = {lex.merge_into.get(p.notation, p.notation) for _, p in hits}
        if len(notations) == 1 and not lex.policies[hits[0][1].notation].generic:
            (target,) = notations
            score, pat = max(hits, key=lambda h: (h[1].notation == target, h[0],
                                                  h[1].display == h[1].label))
            return i, len(words), pat, score * _CUT_FACTOR
        if hits:
            return None  # the start of several types' names: which one is not known
    return None


def _starts_label(window: tuple[str, ...], pat: Pattern, lex: Lexicon) -> bool:
    """Whether ``window`` reads as the first words of the label, the last one maybe cut
    short ("Kh" of "Khoa"), and leaves at least one word of it out. Collective labels
    ("Các ...") need more words: their first three make a whole phrase."""
    label = lex.token_cache[pat.label]
    if len(window) >= len(label):
        return False
    if label[0] == "cac" and len(window) <= 3:
        return False  # "Các doanh nghiệp" is a whole collective cell, not a cut name
    for k, (w, lt) in enumerate(zip(window, label, strict=False)):
        if k == len(window) - 1 and len(w) < len(lt) and lt.startswith(w[:2]):
            return True
        if w != lt and fuzz.ratio(w, lt) < (55.0 if min(len(w), len(lt)) >= 4 else 50.0):
            return False
    return True


