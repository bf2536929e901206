"""Scoring the agency labels that may start at one word of a text (exact or fuzzy).

Short abbreviations match exactly, longer labels fuzzily (rapidfuzz), so OCR damage of one or
two letters still matches ("Trung tim PVHCC", "Poan Thanh nién"); word-by-word alignment
refuses near-miss strings of other words. Lookups are memoised and bounded by length, since
plans repeat their unit names and most words start none.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate

import numpy as np
from rapidfuzz import fuzz, process

from ingest.agency_lexicon import MAX_EXTRA_TOKENS, Lexicon, Pattern, keys_for_first, lexicon
from ingest.agency_scores import ratio_matrix

FUZZY_CUTOFF = 86.0
FUZZY_CUTOFF_LONG = 80.0  # labels of 12+ letters are distinctive enough for heavier damage
LONG_CHARS = 12
_PREFER_LONGER_WITHIN = 12.0  # a longer label wins if it scores within this of the best


@lru_cache(maxsize=65536)
def could_start(token: str) -> bool:
    """Whether an agency name may begin at this (folded) word: cheap pruning before matching."""
    lex = lexicon()
    if token in lex.first_tokens:
        return True
    if len(token) < 3:
        return False
    # OCR damage ("Poan" for "Đoàn", "Vin" for "Văn") or glued words ("CActruonghoc"): a
    # first word of 3+ letters the token starts with is one of its own prefixes
    firsts = _long_first_tokens()
    if any(token[:k] in firsts for k in range(3, len(token) + 1)):
        return True
    return process.extractOne(token, lex.first_token_list, scorer=fuzz.ratio,
                              score_cutoff=65) is not None


@lru_cache(maxsize=1)
def _long_first_tokens() -> frozenset[str]:
    """The lexicon's first words of three letters or more."""
    return frozenset(f for f in lexicon().first_tokens if len(f) >= 3)


@lru_cache(maxsize=65536)
def key_length_range(first: str) -> tuple[int, int]:
    """Shortest and longest key of :func:`keys_for_first` (0, 0 when there is none)."""
    lengths = [len(k) for k in keys_for_first(first)]
    return (min(lengths), max(lengths)) if lengths else (0, 0)


def within_reach(length: int, key_lengths: tuple[int, int], cutoff: float) -> bool:
    """Whether a string of ``length`` letters can reach ``cutoff`` against a key whose length
    is within ``key_lengths``: ``fuzz.ratio`` is at most 200 * shorter / (sum of lengths),
    best for the key length nearest to ``length``; beyond reach, no scoring is needed."""
    shortest, longest = key_lengths
    if longest == 0:
        return False
    nearest = min(max(length, shortest), longest)
    return 200 * min(length, nearest) >= (cutoff - 1e-6) * (length + nearest)


@lru_cache(maxsize=65536)
def scan_plan(first: str) -> tuple[int, tuple[float, ...]]:
    """How windows opening with ``first`` are scanned: the longest joined length worth
    looking at (beyond it no key is within reach, and no exact key that long), and for each
    length the fuzzy cutoff to apply, or 0 when no key of this first word is within reach.

    Both conditions only tighten as the joined words grow, so one length bound says when
    to stop."""
    return _plan_for(key_length_range(first))


@lru_cache(maxsize=4096)
def _plan_for(key_lengths: tuple[int, int]) -> tuple[int, tuple[float, ...]]:
    """:func:`scan_plan` for a range of key lengths: many first words share one range."""
    lex = lexicon()
    reach: list[float] = []
    max_len = -1
    for length in range(int(1.25 * lex.max_key_chars) + 2):
        if length > 1.25 * lex.max_key_chars or (
                length > max(lex.max_key_chars, LONG_CHARS, key_lengths[1])
                and not within_reach(length, key_lengths, FUZZY_CUTOFF_LONG)):
            break
        max_len = length
        cutoff = FUZZY_CUTOFF_LONG if length >= LONG_CHARS else FUZZY_CUTOFF
        reach.append(cutoff if within_reach(length, key_lengths, cutoff) else 0.0)
    return max_len, tuple(reach)


@lru_cache(maxsize=65536)
def scan_bound(first: str) -> int:
    """The longest joined length at which a window opening with ``first`` can still match:
    the last length a fuzzy key is within reach (:func:`scan_plan`), or the longest exact
    key beginning with ``first`` (the joined words always begin with it). Longer windows
    only repeat the scan to no effect, so they are cut there."""
    max_len, reach = scan_plan(first)
    fuzzy = max((n for n, cutoff in enumerate(reach) if cutoff), default=-1)
    keys = _sorted_keys()
    lo = bisect_left(keys, first)
    hi = bisect_right(keys, first + "\uffff", lo)
    exact = max((len(k) for k in keys[lo:hi]), default=-1)
    return min(max_len, max(fuzzy, exact))


def has_exact_key_from(first: str) -> bool:
    """Whether some exact key begins with these letters."""
    keys = _sorted_keys()
    lo = bisect_left(keys, first)
    return lo < len(keys) and keys[lo].startswith(first)


@lru_cache(maxsize=1)
def _sorted_keys() -> list[str]:
    """Every exact key, sorted: those beginning with a word form one run."""
    return sorted(lexicon().by_key)


def best_at(toks: list[tuple[int, int, str]], i: int, lex: Lexicon,
            words: tuple[str, ...] | None = None) -> tuple[int, Pattern, float] | None:
    """Best label match starting at token ``i``: (end token index, pattern, score 0..100).
    ``words``: the folded words of ``toks``, when the caller has them already."""
    if words is None:
        words = tuple(t for _, _, t in toks)
    hit = _best_window(scanned_window(words, i, lex.max_tokens))
    return None if hit is None else (i + hit[0], hit[1], hit[2])


def scanned_window(words: tuple[str, ...], i: int, max_tokens: int) -> tuple[str, ...]:
    """The words from ``i`` that :func:`_best_window` can look at: at most ``max_tokens``,
    and none after the joined length passes the scan bound of the first word. Cutting the
    rest off changes no result, and windows differing only in later words share one memo."""
    max_len = scan_bound(words[i])
    end = min(len(words), i + max_tokens)
    total = 0
    for j in range(i, end):
        total += len(words[j])
        if total > max_len:
            return words[i:j]
    return words[i:end]


def best_windows(words: tuple[str, ...], starts: list[int], max_tokens: int
                 ) -> list[tuple[int, Pattern, float] | None]:
    """:func:`best_at` for each index of ``starts``, the windows cut as
    :func:`scanned_window` cuts them (found here from the words' running lengths)."""
    cum = list(accumulate(map(len, words), initial=0))
    out = []
    for i in starts:
        end = min(len(words), i + max_tokens)
        stop = bisect_right(cum, cum[i] + scan_bound(words[i]), i + 1, end + 1) - 1
        hit = _best_window(words[i:stop])
        out.append(None if hit is None else (i + hit[0], hit[1], hit[2]))
    return out


@lru_cache(maxsize=65536)
def _best_window(window: tuple[str, ...]) -> tuple[int, Pattern, float] | None:
    """Best label match at the start of ``window`` (folded words): (words taken, pattern,
    score 0..100). Memoised: plans repeat their unit names.

    Each label keeps its best-scoring window (so junk after a name is not swallowed); among
    labels, the longest one scoring close to the best wins ("Ủy ban Kiểm tra Đảng ủy" over
    "Ủy ban Kiểm tra" when the OCR damaged "Đảng ủy").
    """
    if not window:
        return None
    lex = lexicon()
    by_key = lex.by_key
    first = window[0]
    max_len, reach = scan_plan(first)
    # the joined lengths to look at: an exact key, or a fuzzy look-up to make (scored below
    # all together), or nothing within reach
    found: list[tuple[int, Pattern, float]] = []  # (word index, pattern, score)
    queries: list[tuple[str, float]] = []
    query_at: list[int] = []
    joined = ""
    for j, word in enumerate(window):
        joined += word
        length = len(joined)
        if length > max_len:
            break
        exact = by_key.get(joined)
        if exact:
            found.append((j, min(exact, key=exact_rank), 100.0))
        elif reach[length]:
            queries.append((joined, reach[length]))
            query_at.append(j)
    hits = _fuzzy_rows(queries, keys_for_first(first)) if queries else None
    if hits is not None:
        n_exact = len(found)
        for j, (key, score) in ((j, h) for j, h in zip(query_at, hits, strict=True) if h):
            n = j + 1
            pats = [p for p in by_key[key]
                    if abs(p.tokens - n) <= MAX_EXTRA_TOKENS
                    and _aligned(list(window[:n]), p, float(score), lex)]
            if pats:
                found.append((j, pats[0], float(score)))
        if n_exact and len(found) > n_exact:
            found.sort(key=lambda f: f[0])  # in word order, as the labels' best are kept
    if not found:
        return None
    per_label: dict[str, tuple[int, Pattern, float]] = {}
    for j, pat, score in found:
        old = per_label.get(pat.key)
        if old is None or score > old[2]:
            per_label[pat.key] = (j + 1, pat, score)
    if not per_label:
        return None
    top = max(c[2] for c in per_label.values())
    close = [c for c in per_label.values() if c[2] >= top - _PREFER_LONGER_WITHIN]
    return max(close, key=lambda c: (len(c[1].key), c[2]))


def exact_rank(pat: Pattern) -> tuple[bool, int]:
    """Among the labels of one exact key, the one read: a display name first, then the
    shortest."""
    return pat.display != pat.label, len(pat.label)


# from this many look-ups on, one cdist beats one extractOne each (about 3.3 us each; the
# cdist about 3.3 us for one and 1 us more per look-up: :func:`ratio_matrix`)
_BATCH_FROM = 2


def _fuzzy_rows(queries: list[tuple[str, float]], keys: tuple[str, ...]
                ) -> list[tuple[str, float] | None] | None:
    """``process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff)`` for each
    (query, cutoff) in order, as (key, score) or None; None for all when no query has a hit
    (most windows).
    Several are scored in one ``cdist`` (cheaper per query): a row's first maximum is the
    key ``extractOne`` keeps, when it reaches the row's cutoff (scores under the lowest
    cutoff read 0)."""
    if not keys:
        return None
    if len(queries) < _BATCH_FROM:
        found = [process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
                 for query, cutoff in queries]
        if not any(found):
            return None
        return [None if hit is None else (hit[0], hit[1]) for hit in found]
    scores = ratio_matrix([q for q, _ in queries], keys, min(c for _, c in queries))
    if not np.count_nonzero(scores):  # the usual case: nothing near (under the cutoff is 0)
        return None
    best = scores.argmax(axis=1).tolist()
    top = np.maximum.reduce(scores, axis=1).tolist()  # the scores at ``best``
    return [(keys[idx], score) if score >= cutoff else None
            for (_, cutoff), idx, score in zip(queries, best, top, strict=True)]


def _aligned(window: list[str], pat: Pattern, score: float, lex: Lexicon) -> bool:
    """Guard fuzzy matches word by word, so near-miss strings of other words are refused.

    Same word count: every word must resemble its counterpart ("Poan"~"doan", "ty"~"uy",
    not "nghe"~"an"), and a level word may not stand for a label word ("tinh" for "thon").
    Different counts (glued or split words): the whole must score high and start alike.
    """
    label = lex.token_cache[pat.label]
    if len(window) != len(label):
        first = window[0].startswith(label[0]) or label[0].startswith(window[0])
        joined = "".join(window)
        missing = [i for i, t in enumerate(label) if len(t) >= 2 and t not in joined]
        glued = not missing or (len(label) >= 4 and missing == [missing[0]]
                                and missing[0] != len(label) - 1)
        return score >= 90.0 and first and glued
    short_misses = 0
    for w, lt in zip(window, label, strict=True):
        if w == lt:
            continue
        if w in lex.level_words:
            return False
        if max(len(w), len(lt)) <= 2:  # "P" for "Đô": one lost short word is OCR damage
            short_misses += 1
            if short_misses > 1 or score < 88.0:
                return False
        elif fuzz.ratio(w, lt) < (55.0 if min(len(w), len(lt)) >= 4 else 50.0):
            return False
    return True


