"""Column labels read back through OCR damage: "Pon vi ph6i hgp" is "Đơn vị phối hợp".

OCR without a Vietnamese model misreads the marked letters of a header in a few ways: a vowel
with marks becomes a look-alike digit or letter ("ố" -> "6"/"d"/"b", "ợ" -> "g", "ủ" -> "ti",
"ệ" -> "8" or a symbol that folding turns into a space), a capital "Đ" becomes "P" or "b", a
mark-laden vowel or a final consonant is lost. The column labels are a small vocabulary, so a
folded header is canonicalised by matching its words, phrase by phrase, against that vocabulary
with an edit distance where those confusions are cheap and any other change is dear; the role
patterns then read the canonical text. A phrase, not a word, must match: one short word alone
("bon", "mu") is too often a real word.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import pairwise

#: The printed labels of task and target table columns, folded (see ``table_columns``).
LABEL_PHRASES: tuple[str, ...] = (
    "don vi tinh", "don vi", "phoi hop", "theo doi", "tong hop", "danh gia", "bao cao",
    "chu tri", "thuc hien", "don vi chu tri", "don vi phoi hop", "co quan chu tri",
    "co quan phoi hop", "tham muu", "ket qua", "san pham", "thoi gian", "tien do",
    "hoan thanh", "kinh phi", "tong so tien", "du toan", "chi tieu", "muc tieu", "nhiem vu",
    "noi dung", "hien trang",
)
_WORDS = frozenset(w for p in LABEL_PHRASES for w in p.split())
_PHRASES = tuple(tuple(p.split()) for p in LABEL_PHRASES)

_VOWELS = frozenset("aeiouy")
CHEAP = 0.25  # a look-alike printed for a letter
SPLIT = 0.25  # a word cut in two where a misread letter folded to a space ("nhi m")
LOST = 0.6  # a vowel or the final letter not printed
LOST_INNER = 0.85  # an inner consonant not printed (measured under 1.5%): whole phrases only
DOUBLE = 0.35  # one letter printed as two
WORD_CAP = 0.85  # the most one word may cost
#: What OCR prints for a folded label letter: look-alike digits, letters left by a misread mark.
_LOOKALIKES: dict[str, frozenset[str]] = {
    "o": frozenset("60dbeg"),  # "ố" -> "6"/"d"/"b"/"é", "ợ" -> "g"
    "a": frozenset("43id"),  # "â" -> "4"/"d", "ầ" -> "i"
    "e": frozenset("8g"),  # "ệ" -> "8"/"g"
    "u": frozenset("iy"),  # "ủ" -> "i", "ự" -> "y"
    "i": frozenset("1lj"),  # "ị" -> "j"
    "y": frozenset("v"),
    "c": frozenset("e"),
    "l": frozenset("1i"),
    "m": frozenset("n"),  # "nhiệm" -> "nhién"
    "n": frozenset("m"),
}
#: One label letter printed as two ("ủ" -> "ti", "ứ" -> "ir").
_DOUBLES: dict[str, frozenset[str]] = {"u": frozenset({"ti", "ii", "ir", "tr", "it", "iu", "ud"}),
                                       "a": frozenset({"ia"}), "o": frozenset({"oe"})}
_INITIAL_D = frozenset("pb")  # a capital "Đ" read as "P" or "b"
#: Letters OCR may print for another letter of a label; any other letter of a reading must be
#: in the label itself.
_SOFT = frozenset("".join("".join(v) for v in _LOOKALIKES.values())
                  + "".join("".join(d) for d in _DOUBLES.values()) + "".join(_INITIAL_D) + "?")
_TOKEN = re.compile(r"\S+")
_LETTER = re.compile(r"[a-z]")


def _sub(w: str, t: str, first: bool) -> float:
    """Cost of label letter ``w`` printed as ``t`` (``first``: the word's first letter)."""
    if w == t:
        return 0.0
    if t in _LOOKALIKES.get(w, ()) or (first and w == "d" and t in _INITIAL_D):
        return CHEAP
    return math.inf


def word_cost(token: str, word: str, cap: float = WORD_CAP) -> float:
    """Cost of reading label ``word`` as ``token``: an edit distance in which only OCR's
    look-alikes, a lost vowel or final letter, and a space inside the word (``?`` in ``token``:
    a letter folded away) are allowed; infinite when no reading costs ``cap`` or less."""
    n, m = len(word), len(token)
    inf = math.inf
    # d[i][j]: cost of word[:i] printed as token[:j]
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        row, nxt = d[i], d[i + 1] if i < n else None
        for j in range(m + 1):
            here = row[j]
            if here > cap:
                continue
            if nxt is not None:
                w = word[i]
                if j < m:
                    t = token[j]
                    c = SPLIT if t == "?" and w in _VOWELS else _sub(w, t, i == 0)
                    if here + c < nxt[j + 1]:
                        nxt[j + 1] = here + c
                    if j + 1 < m and token[j:j + 2] in _DOUBLES.get(w, ()) and \
                            here + DOUBLE < nxt[j + 2]:
                        nxt[j + 2] = here + DOUBLE
                lost = LOST if (w in _VOWELS and i > 0) or i == n - 1 else (
                    LOST_INNER if i > 0 else inf)
                if here + lost < nxt[j]:
                    nxt[j] = here + lost  # a label letter not printed
            if j < m and token[j] == "?" and here + SPLIT < row[j + 1]:
                row[j + 1] = here + SPLIT  # a letter folded away where the label has none
    return d[n][m] if d[n][m] <= cap else inf


#: Two label words printed glued ("donvi"), read as one token.
_GLUED: dict[str, tuple[str, str]] = {a + b: (a, b) for p in _PHRASES for a, b in pairwise(p)}
_VOCABULARY = tuple(sorted(_WORDS | set(_GLUED)))
_LETTERS = {w: frozenset(w) for w in _VOCABULARY}
#: Letters of a label OCR prints as themselves: consonants other than the last letter (which
#: may be lost) that have no look-alike.
_KEPT = {w: frozenset(c for c in w[:-1] if c not in _VOWELS and c not in _LOOKALIKES
                      and c != "d") for w in _VOCABULARY}
#: Label words by the first letter a reading of them may start with (itself, a look-alike).
_BY_INITIAL: dict[str, list[str]] = {}
for _w in _VOCABULARY:
    for _c in {_w[0]} | _LOOKALIKES.get(_w[0], frozenset()) | (
            _INITIAL_D if _w[0] == "d" else frozenset()):
        _BY_INITIAL.setdefault(_c, []).append(_w)
#: Phrases by the first label word (or glued pair) a reading of them starts with.
_BY_START: dict[str, list[tuple[str, ...]]] = {}
for _p in _PHRASES:
    _BY_START.setdefault(_p[0], []).append(_p)
    if len(_p) > 1:
        _BY_START.setdefault(_p[0] + _p[1], []).append(_p)


@lru_cache(maxsize=65536)
def readings(token: str) -> tuple[tuple[str, float], ...]:
    """Label words (or glued pairs) ``token`` may be a damaged reading of, with their costs."""
    if not _LETTER.search(token) or len(token) > 12:
        return ()
    # a label word may itself be another one damaged ("phi" of "kinh phi" is "phối" that
    # lost its "o"): its exact reading comes first, the damaged ones after it and dearer,
    # so only a longer phrase ("Đơn vị phi hợp") affords them, not "phí hợp đồng"
    exact = token in _WORDS
    out = [(token, 0.0)] if exact else []
    surcharge = CHEAP if exact else 0.0
    letters = set(token)
    hard = letters - _SOFT
    for word in _BY_INITIAL.get(token[0], ()):
        if (word == token and exact) or abs(len(word) - len(token)) > 1 \
                or not hard <= _LETTERS[word] or len(_KEPT[word] - letters) > 1:
            continue
        glued = (CHEAP if word in _GLUED else 0.0) + surcharge
        cost = word_cost(token, word, WORD_CAP - glued) + glued
        if cost <= WORD_CAP:
            out.append((word, cost))
    return tuple(out)


Move = tuple[tuple[str, ...], int, float]  # label words read, tokens used, cost


def _moves(tokens: list[str], i: int) -> list[Move]:
    """Every way the tokens at ``i`` read as label words: one token as one word or two glued
    words, or a word cut in two tokens."""
    out: list[Move] = [(_GLUED.get(w, (w,)), 1, c) for w, c in readings(tokens[i])]
    if i + 1 < len(tokens) and len(tokens[i + 1]) <= 2 and len(tokens[i]) + len(tokens[i + 1]) < 6:
        out += [(_GLUED.get(w, (w,)), 2, c) for w, c in readings(f"{tokens[i]}?{tokens[i + 1]}")
                if c > 0]
    return out


def _phrase_at(moves: list[list[Move]], i: int, phrase: tuple[str, ...]) -> tuple[int, float] | None:
    """(tokens used, cost) of the cheapest reading of ``phrase`` starting at token ``i``."""
    best: tuple[int, float] | None = None
    stack = [(0, i, 0.0)]
    while stack:
        k, j, cost = stack.pop()
        if k == len(phrase):
            if best is None or cost < best[1]:
                best = (j - i, cost)
            continue
        if j >= len(moves):
            continue
        for words, used, c in moves[j]:
            if phrase[k:k + len(words)] == words:
                stack.append((k + len(words), j + used, cost + c))
    return best


def _budget(words: int) -> float:
    """Most a phrase of ``words`` words may cost in all: one cheap misreading a word and one
    more, or one lost letter and nothing else in two words."""
    return CHEAP * (words + 1)


def canonical_labels(folded: str) -> str:
    """``folded`` header text with damaged column labels spelled as printed clean; other words
    are left as they are. Clean text comes back unchanged."""
    tokens = _TOKEN.findall(folded)
    moves = [_moves(tokens, i) for i in range(len(tokens))]
    if not any(c > 0 for m in moves for _, _, c in m):
        return folded  # only exact label words (or none): nothing to respell
    out: list[str] = []
    i = 0
    changed = False
    while i < len(tokens):
        best: tuple[int, float, tuple[str, ...]] | None = None
        starts = {"".join(words) for words, _, _ in moves[i]}
        for phrase in (p for s in starts for p in _BY_START.get(s, ())):
            hit = _phrase_at(moves, i, phrase)
            if hit is None or hit[1] > _budget(len(phrase)):
                continue
            # the longer phrase first, then the cheaper
            if best is None or (len(phrase), -hit[1]) > (len(best[2]), -best[1]):
                best = (hit[0], hit[1], phrase)
        if best is None:
            out.append(tokens[i])
            i += 1
            continue
        used, cost, phrase = best
        if cost > 0:
            changed = True
            out.extend(phrase)
        else:
            out.extend(tokens[i:i + used])
        i += used
    return " ".join(out) if changed else folded
