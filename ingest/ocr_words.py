"""OCR-tolerant reading of the few cue words the rules key on: section titles, label phrases
("xây dựng kế hoạch"), preamble openers ("Căn cứ").

OCR without a Vietnamese model (measured in ``ingest/data/ocr_noise.json``) turns marked
vowels into digits, symbols or letter pairs ("ố" -> "6", "ệ" -> "€"/"¢"/"&", "ứ" -> "ir"/"ti",
"ự" -> "y"), Đ into P/D/B, drops a letter now and then and glues words ("ciKé"). Exact
patterns on folded text then miss a cue whose letters the plan printed correctly. The
helpers here compare against a known vocabulary instead: the text is folded with the
measured single-character confusions undone (:func:`ocr_key`), then matched word by word
within a small edit distance, or as a whole by similarity with a margin over the other
entries of the vocabulary, so a damaged cue is still read and another cue is not taken for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ingest.normalize import fold

__all__ = ["DOC_TYPE_WORDS", "PREAMBLE_OPENERS", "closest", "find_phrase", "ocr_key", "opens_with",
           "phrase_at", "split_glued", "tolerance"]

# Measured single-character misreadings of marked vowels inside words (digits and symbols
# printed for "ố", "ó", "ã", "ệ"...): undone before folding, since fold drops the symbols.
_CONFUSABLE = str.maketrans({"6": "o", "0": "o", "4": "a", "3": "a", "€": "e", "¢": "e",
                             "&": "e", "@": "a"})
_IN_WORD = re.compile(r"(?<=[^\W\d_])[0-9€¢&@]+|[0-9€¢&@]+(?=[^\W\d_])")
_BARE_P = re.compile(r"\bp(?!h)")  # Vietnamese words never start with a bare p: OCR of Đ
#: "ư" with a mark read as "ir" ("cir", "sir dung", "ciru"): no Vietnamese syllable holds
#: "ir", so after a letter it is always this misreading.
_IR = re.compile(r"(?<=[a-z])ir")
_LETTERS3 = re.compile(r"(?<=[^\W\d_])(?=[^\W\d_]{2})")


def split_glued(text: str) -> str:
    """Space where OCR glued two words and the second kept its capital ("ciKé" -> "ci Ké"):
    a capital between lower-case letters."""
    cuts = [k for k in (m.start() for m in _LETTERS3.finditer(text))
            if text[k].isupper() and text[k - 1].islower() and text[k + 1].islower()]
    for k in reversed(cuts):
        text = text[:k] + " " + text[k:]
    return text


@lru_cache(maxsize=32768)
def ocr_key(text: str) -> str:
    """Folded text with the measured OCR confusions inside words undone ("T6 CHIRC THUC HI€N"
    -> "to chuc thuc hien"); digits standing alone (numbers, dates) are kept."""
    text = _IN_WORD.sub(lambda m: m.group(0).translate(_CONFUSABLE), text)
    f = fold(split_glued(text))
    return _IR.sub("u", _BARE_P.sub("d", f).replace("w", "u"))


def closest(text: str, vocabulary: Sequence[str], min_score: float = 75.0,
            margin: float = 8.0) -> str | None:
    """The vocabulary entry (folded) ``text`` reads as, or None: its similarity must reach
    ``min_score`` and beat every other entry by ``margin`` (two titles that share words, such
    as "kinh phí thực hiện" and "tổ chức thực hiện", must not be taken for each other)."""
    key = ocr_key(text)
    if not key:
        return None
    scored = sorted(((fuzz.ratio(key, v), v) for v in vocabulary), reverse=True)
    best, entry = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if best >= min_score and best - runner >= margin:
        return entry
    return None


def tolerance(joined: str) -> int:
    """Edits allowed for a cue (its words joined): one per five letters, at least one."""
    return max(1, len(joined) // 5)


def phrase_at(words: Sequence[str], phrase: str, i: int, extra: int = 0) -> bool:
    """Whether ``phrase`` (folded) is printed at ``words[i]`` (OCR keys): within
    :func:`tolerance` (+ ``extra``) edits in all, every word keeping its first letter, or
    glued into one token."""
    target = phrase.split()
    glued = "".join(target)
    limit = tolerance(glued) + extra
    got = list(words[i:i + len(target)])
    if len(got) == len(target) and all(g[:1] == w[:1] for g, w in zip(got, target, strict=True)):
        if Levenshtein.distance("".join(got), glued) <= limit:
            return True
        # the next word glued to the last one ("dungké"): compare its head only, for a last
        # word long enough that its head is not a common prefix ("cu" of "cung")
        head = got[-1][:len(target[-1])]
        if len(target[-1]) >= 4 and len(got[-1]) - len(head) >= 2 and \
                Levenshtein.distance("".join([*got[:-1], head]), glued) <= limit:
            return True
    return (len(target) > 1 and i < len(words) and words[i][:1] == glued[:1]
            and Levenshtein.distance(words[i], glued) <= limit)


def find_phrase(words: Sequence[str], phrase: str, start: int = 0) -> int | None:
    """Index of the first word of ``words`` from ``start`` where ``phrase`` is printed
    (:func:`phrase_at`); None if it is not there."""
    return next((i for i in range(start, len(words)) if phrase_at(words, phrase, i)), None)


#: Words that open a preamble paragraph ("Căn cứ ...", "Thực hiện ...", "Triển khai ...").
PREAMBLE_OPENERS = ("can cu", "thuc hien", "trien khai")


#: First words of the document types a preamble cites ("Căn cứ Nghị quyết ..."): after them a
#: cue may be damaged one letter more, as the context says what it is.
DOC_TYPE_WORDS = ("nghi quyet", "ke hoach", "quyet dinh", "chuong trinh", "chi thi",
                  "thong bao", "huong dan", "nghi dinh", "thong tu", "cong van", "van ban",
                  "ket luan", "luat", "quy dinh", "de an")


def opens_with(text: str, cues: Sequence[str] = PREAMBLE_OPENERS) -> bool:
    """Whether ``text`` (raw or folded) opens with one of ``cues`` as OCR may print it
    ("Cdn cu", "Cian cu", "Can ciKé", "Thuchién"; "Cin c Nghị quyết" before a document type)."""
    words = ocr_key(text[:48]).split()[:5]
    for cue in cues:
        n = len(cue.split())
        if phrase_at(words, cue, 0):
            return True
        if phrase_at(words, cue, 0, extra=1) and any(
                phrase_at(words, t, n) for t in DOC_TYPE_WORDS):
            return True
    return False
