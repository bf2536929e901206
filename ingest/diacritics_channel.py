"""The channel side of diacritics restoration: which accented syllables a printed token may
stand for, and at what cost (see ``ingest.diacritics`` for the model as a whole).

A token's candidates are the syllables whose folded form equals the token's or one of its OCR
readings, or lies within a few edits of those (fuzzy searches, made in ``rapidfuzz`` batches).
Candidates of many tokens are ranked together in one numpy pass
(:meth:`_Channel._candidates_batch`), with the same result as one token at a time.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ingest.diacritics_text import (
    _LATIN1_MARKED,
    _fold_token,
    _is_marked,
    _ocr_variants,
    _Token,
    bounded_memo,
    modern_tone,
)
from ingest.normalize import nfc

# Channel costs (natural-log units), set by measurement with bench/bench_diacritics.py.
EDIT_COST = 5.0  # per character edit between the folded token and a candidate
EXACT_BONUS = 2.0  # the token already is this accented syllable (marks OCR can't invent)
LATIN1_BONUS = 0.3  # ... with marks only an English OCR model could have produced
KEEP_COST = 7.0  # keeping an unknown token as printed
DIGIT_WORD_COST = 2.0  # reading a short number as a word ("16" -> "lệ")
UNKNOWN_LOGP = math.log(1e-7)
MAX_CANDIDATES = 20  # all spellings of one folded syllable fit ("ho": 17)
FUZZY_LIMIT = 40  # near syllables kept per reading
MIN_BATCH = 8  # fewer fuzzy searches are faster one by one (cdist gains from full lanes)
NEAR_CACHE = 20_000  # fuzzy searches kept (about 2 kB each; a plan needs ~2000)
CANDIDATE_CACHE = 50_000  # tokens' candidate lists kept
CANDIDATE_BATCH = 4096  # tokens ranked together (their offers: < 2**22, ~640 a token at most)


def _sorted_groups(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stable sort order of non-negative int64 ``keys`` and where each run of equal keys
    starts in it (the index packed into the key's low bits: one fast np.sort)."""
    bits = max(1, (len(keys) - 1).bit_length())
    packed = np.sort((keys << bits) | np.arange(len(keys)))
    order = packed & ((1 << bits) - 1)
    sorted_keys = packed >> bits
    return order, np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))


def _rank(groups: np.ndarray, values: np.ndarray, ties: np.ndarray) -> np.ndarray:
    """``ties`` (distinct non-negative ints) sorted by group, then value, then tie: the order
    of ``np.lexsort((ties, values, groups))``, via one packed int64 key."""
    raw = (values + 0.0).view(np.int64)  # -0.0 as 0.0; float order as int64 order:
    as_int = np.where(raw < 0, raw ^ np.int64(0x7FFFFFFFFFFFFFFF), raw)
    by_value = np.argsort(as_int)
    ordered = as_int[by_value]
    value_rank = np.empty_like(by_value)  # equal values, equal rank
    value_rank[by_value] = np.cumsum(np.concatenate(([0], ordered[1:] != ordered[:-1])))
    rank_bits = max(1, (len(values) - 1).bit_length())
    tie_bits = max(1, int(ties.max(initial=0)).bit_length())
    packed = np.sort((groups << (rank_bits + tie_bits)) | (value_rank << tie_bits) | ties)
    return packed & ((1 << tie_bits) - 1)


class _Channel:
    """Candidate generation, mixed into :class:`ingest.diacritics.Restorer` (which loads the
    tables used here: ``_index``, ``_by_fold``, ``_folds``, ``_top_ids``...)."""

    _index: dict[str, int]
    _by_fold: dict[str, list[int]]
    _folds: list[str]
    _top_ids: list[tuple[int, ...]]
    _top_len: np.ndarray
    _top_pad: np.ndarray
    _fold_lengths: np.ndarray
    _length_subsets: dict[tuple[int, int], tuple[np.ndarray, list[str]]]
    _log_unigram: np.ndarray
    _keep_id: np.ndarray
    _keep_score: np.ndarray
    _near_cache: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]]
    _prefetched: set[tuple[str, bool]]
    _cand_cache: dict[tuple[str, bool], tuple[tuple[int, float], ...]]
    _num: int
    _acr: int
    _readings: Callable[[str, bool], tuple[
        list[int], tuple[tuple[str, float], ...], list[tuple[str, float, int]]]]

    def _candidates(self, token: str, ocr: bool) -> tuple[tuple[int, float], ...]:
        """:meth:`_candidates_uncached`, memoised (and filled in batches by
        :meth:`_prefetch_candidates`)."""
        return bounded_memo(self._cand_cache, (token, ocr), CANDIDATE_CACHE,
                            lambda: self._candidates_uncached(token, ocr))

    def _offers(self, token: str, ocr: bool) -> tuple[
            list[int], list[float], list[tuple[np.ndarray, np.ndarray, float]], bool]:
        """Every offer of a syllable for ``token``, in order: (ids, scores) from the exact and
        OCR readings, the fuzzy searches' (ids, edit costs, reading cost), and whether the
        token may be kept as printed (it is no known syllable)."""
        lower = modern_tone(nfc(token).lower())
        ids: list[int] = []
        scores: list[float] = []
        exact, variants, fuzzy = self._readings(token, ocr)
        ids += exact
        scores += [0.0] * len(exact)
        if lower in self._index and _is_marked(lower):
            latin1 = all(c in _LATIN1_MARKED or not _is_marked(c) for c in lower)
            ids.append(self._index[lower])
            scores.append(LATIN1_BONUS if latin1 else EXACT_BONUS)
        by_fold = self._by_fold
        for variant, cost in variants:
            found = by_fold.get(variant)
            if found:
                found = found[:6]
                ids += found
                scores += [-cost] * len(found)
        near = [(*self._near(variant, limit), cost) for variant, cost, limit in fuzzy]
        return ids, scores, near, not exact

    def _candidates_uncached(self, token: str, ocr: bool) -> tuple[tuple[int, float], ...]:
        """(syllable id, channel log-score) for one token; id -1 means "keep as printed".

        ``ocr``: the text came from OCR, so even a well-formed token may be a misread
        neighbour ("thue" for "thực"): look one edit further.
        """
        # every offer of a syllable, in order; a syllable keeps its best score, and among
        # equal ranks the one offered first comes first
        ids, scores, fuzzy, keep = self._offers(token, ocr)
        near = [(near_ids, -cost - edits) for near_ids, edits, cost in fuzzy]
        if keep:
            near.append((self._keep_id, self._keep_score))
        all_ids = np.concatenate([np.array(ids, dtype=np.int64), *(i for i, _ in near)])
        all_scores = np.concatenate([np.array(scores, dtype=np.float64), *(c for _, c in near)])
        # group offers by syllable, best score first: a group's head has its best score, the
        # group's lowest offer index its first offer (fewer numpy calls than unique + .at)
        order = np.lexsort((-all_scores, all_ids))
        sid = all_ids[order]
        start = np.flatnonzero(np.concatenate(([True], sid[1:] != sid[:-1])))
        uniq = sid[start]
        best = all_scores[order[start]]
        first = np.minimum.reduceat(order, start)
        rank = np.lexsort((first, -(best + self._log_unigram[uniq])))[:MAX_CANDIDATES]
        return tuple(zip(uniq[rank].tolist(), best[rank].tolist(), strict=True))

    def _prefetch_candidates(self, tokens: list[str], ocr: bool) -> None:
        """:meth:`_candidates_uncached` of many tokens in one numpy pass (a dozen small numpy
        calls per token cost more than the arithmetic): the same ranking, all tokens at once.

        Offers are laid out as all tokens' listed offers, then all their fuzzy ones, then
        the keep-as-printed ones: within each token the order of offers is unchanged, and
        only that order breaks ties."""
        todo = [t for t in dict.fromkeys(tokens) if (t, ocr) not in self._cand_cache]
        if len(todo) < 2:
            return
        if len(self._cand_cache) + len(todo) >= CANDIDATE_CACHE:
            self._cand_cache.clear()
        for k in range(0, len(todo), CANDIDATE_BATCH):  # packed sort keys stay in 63 bits
            self._rank_candidates(todo[k:k + CANDIDATE_BATCH], ocr)

    def _rank_candidates(self, todo: list[str], ocr: bool) -> None:
        """:meth:`_prefetch_candidates` of at most ``CANDIDATE_BATCH`` new tokens."""
        py_ids: list[int] = []
        py_scores: list[float] = []
        py_counts: list[int] = []
        near_ids: list[np.ndarray] = []
        near_edits: list[np.ndarray] = []
        near_costs: list[float] = []
        near_tok: list[int] = []
        keep_tok: list[int] = []
        for k, token in enumerate(todo):
            ids, scores, fuzzy, keep = self._offers(token, ocr)
            py_ids += ids
            py_scores += scores
            py_counts.append(len(ids))
            for found, edits, cost in fuzzy:
                near_ids.append(found)
                near_edits.append(edits)
                near_costs.append(-cost)
                near_tok.append(k)
            if keep:
                keep_tok.append(k)
        near_sizes = np.array([len(a) for a in near_ids], dtype=np.int64)
        ids_all = np.concatenate([np.array(py_ids, dtype=np.int64), *near_ids,
                                  np.full(len(keep_tok), -1, dtype=np.int64)])
        near_scores = (np.repeat(np.array(near_costs, dtype=np.float64), near_sizes)
                       - np.concatenate([np.empty(0), *near_edits]))
        scores_all = np.concatenate([np.array(py_scores, dtype=np.float64), near_scores,
                                     np.full(len(keep_tok), self._keep_score[0])])
        tok = np.concatenate([np.repeat(np.arange(len(todo)), py_counts),
                              np.repeat(np.array(near_tok, dtype=np.int64), near_sizes),
                              np.array(keep_tok, dtype=np.int64)])
        # group offers by (token, syllable): a group's best score, and its first offer
        # (offers sorted by one packed int64 key: np.sort is many times faster than lexsort)
        group = tok * len(self._log_unigram) + (ids_all + 1)  # ids from -1
        order, start = _sorted_groups(group)
        first = order[start]  # the sort keeps offer order within a group
        best = np.maximum.reduceat(scores_all[order], start)
        # groups ranked by token, value and first offer, each named by its first offer
        uniq, utok = ids_all[first], tok[first]
        best_at = np.empty_like(scores_all)
        best_at[first] = best
        first = _rank(utok, -(best + self._log_unigram[uniq]), first)
        uniq, utok, best = ids_all[first], tok[first], best_at[first]
        counts = np.bincount(utok, minlength=len(todo))
        pos = np.arange(len(first)) - np.repeat(np.cumsum(counts) - counts, counts)
        keep = pos < MAX_CANDIDATES
        out_ids, out_best = uniq[keep].tolist(), best[keep].tolist()
        lo = 0
        for token, size in zip(todo, np.minimum(counts, MAX_CANDIDATES).tolist(), strict=True):
            hi = lo + size
            self._cand_cache[(token, ocr)] = tuple(zip(out_ids[lo:hi], out_best[lo:hi],
                                                       strict=True))
            lo = hi

    def _readings_uncached(self, token: str, ocr: bool) -> tuple[
            list[int], tuple[tuple[str, float], ...], list[tuple[str, float, int]]]:
        """A token's exact syllable ids, its OCR readings (reading, cost) and the fuzzy
        searches to make (reading, cost, most edits)."""
        folded = _fold_token(token)
        exact = self._by_fold.get(folded, [])
        damaged = not exact or not folded.isalpha()
        if not (damaged or ocr) or len(folded) > 12:
            return exact, (), []
        variants = _ocr_variants(_fold_token(token, keep_damage=True), ocr)
        fuzzy = (variants[:3] if damaged else variants[:1]) if ocr else ()
        return exact, variants, [(v, c, 1 if len(v) <= 2 or not damaged else 2) for v, c in fuzzy]

    def _near(self, variant: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_near_uncached`, memoised (and filled in batches by :meth:`_prefetch`)."""
        return bounded_memo(self._near_cache, (variant, limit), NEAR_CACHE,
                            lambda: self._near_uncached(variant, limit))

    def _prefetch(self, tokens: list[str], ocr: bool) -> None:
        """Make the fuzzy searches new tokens need in one batch (see :meth:`_near_batch`);
        fewer than ``MIN_BATCH`` are left to :meth:`_near_uncached`, one by one."""
        wanted: dict[tuple[str, int], None] = {}
        for token in dict.fromkeys(tokens):  # a plan repeats its words
            if (token, ocr) in self._prefetched:
                continue
            self._prefetched.add((token, ocr))
            for variant, _, limit in self._readings(token, ocr)[2]:
                if (variant, limit) not in self._near_cache:
                    wanted[(variant, limit)] = None
        if len(self._prefetched) >= NEAR_CACHE:
            self._prefetched.clear()
        for limit in (1, 2):
            queries = [v for v, lim in wanted if lim == limit]
            if len(queries) < MIN_BATCH:
                continue
            if len(self._near_cache) + len(queries) >= NEAR_CACHE:
                self._near_cache.clear()
            for k in range(0, len(queries), 512):  # bounded matrices
                chunk = queries[k:k + 512]
                for variant, found in zip(chunk, self._near_batch(chunk, limit), strict=True):
                    self._near_cache[(variant, limit)] = found

    def _near_batch(self, variants: list[str], limit: int
                    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`_near_uncached` for many readings at once: rapidfuzz's ``cdist`` scores
        many short strings together (SIMD), several times faster per search than one by one.
        """
        # a syllable more than ``limit`` letters longer or shorter is more than ``limit``
        # edits away: each length of reading is scored against the lengths within reach only
        by_length: dict[int, list[int]] = {}
        for k, variant in enumerate(variants):
            by_length.setdefault(len(variant), []).append(k)
        found_rows, found_cols, found_dists = [], [], []
        for length, members in by_length.items():
            subset, names = self._folds_near_length(length, limit)
            matrix = process.cdist([variants[k] for k in members], names,
                                   scorer=Levenshtein.distance, score_cutoff=limit,
                                   dtype=np.int8, workers=1)
            rows, cols = np.nonzero(matrix <= limit)  # by row, then lexicon order
            found_dists.append(matrix[rows, cols])
            found_rows.append(np.asarray(members, dtype=np.int64)[rows])
            found_cols.append(subset[cols])
        rows = np.concatenate(found_rows)
        cols = np.concatenate(found_cols)
        dists = np.concatenate(found_dists)
        # every row at once: hits by row, then edits, then lexicon order; a row's first
        # FUZZY_LIMIT hits, each folded syllable spread into its commonest spellings.
        # A stable sort by (row, edits) keeps lexicon order within: one key, not a lexsort
        order = np.argsort(rows * (limit + 1) + dists, kind="stable")
        rows, cols, dists = rows[order], cols[order], dists[order]
        counts = np.bincount(rows, minlength=len(variants))
        rank = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
        keep = rank < FUZZY_LIMIT
        rows, cols, dists = rows[keep], cols[keep], dists[keep]
        spread = self._top_len[cols]
        ids = self._top_pad[cols][np.arange(self._top_pad.shape[1]) < spread[:, None]]
        edits = EDIT_COST * np.repeat(dists, spread).astype(np.float64)
        bounds = np.cumsum(np.bincount(rows, weights=spread, minlength=len(variants))
                           ).astype(np.int64)[:-1]
        return list(zip(np.split(ids, bounds), np.split(edits, bounds), strict=True))

    def _folds_near_length(self, length: int, limit: int) -> tuple[np.ndarray, list[str]]:
        """Indexes (lexicon order) and forms of the folded syllables whose length is within
        ``limit`` of ``length``: the only ones a reading that long can be that near."""
        key = (length, limit)
        found = self._length_subsets.get(key)
        if found is None:
            subset = np.flatnonzero(np.abs(self._fold_lengths - length) <= limit)
            found = self._length_subsets[key] = (subset, [self._folds[i] for i in subset])
        return found

    def _near_ids(self, folds: list[int], dists: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the commonest spellings (4) of folded syllables, and ``EDIT_COST`` times
        the edits each is away."""
        top = self._top_ids
        ids = [idx for i in folds for idx in top[i]]
        edits = [dist for i, dist in zip(folds, dists, strict=True) for _ in top[i]]
        return np.array(ids, dtype=np.int64), EDIT_COST * np.array(edits, dtype=np.float64)

    def _near_uncached(self, variant: str, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the commonest spellings (4) of the folded syllables within ``limit`` edits
        of ``variant``, and ``EDIT_COST`` times their edits: nearest first (ties in lexicon
        order), at most ``FUZZY_LIMIT`` folded forms."""
        subset, names = self._folds_near_length(len(variant), limit)  # the others are farther
        hits = process.extract(variant, names, scorer=Levenshtein.distance,
                               score_cutoff=limit, limit=FUZZY_LIMIT)
        return self._near_ids([int(subset[i]) for _, _, i in hits], [dist for _, dist, _ in hits])

    def _lattice_entry(self, tok: _Token, ocr: bool) -> tuple[tuple[int, float], ...]:
        if not tok.protected:
            return self._candidates(tok.text, ocr)
        if tok.symbol:
            return ((self._num, 0.0),)
        if not any(c.isdigit() for c in tok.text):
            return ((self._acr, 0.0),)
        if ocr and len(tok.text) <= 2 and tok.text.isdigit():  # "ty 16" is "tỷ lệ" misread
            readings = [(i, c - DIGIT_WORD_COST) for i, c in self._candidates(tok.text, ocr)
                        if i >= 0]
            return ((self._num, 0.0), *readings)
        return ((self._num, 0.0),)

