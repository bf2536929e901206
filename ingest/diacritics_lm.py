"""The language-model side of diacritics restoration: log P(word | previous word) under
interpolated Kneser-Ney, for single pairs and as matrices between two lattice columns
(mixed into :class:`ingest.diacritics.Restorer`, which loads the model's arrays)."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from ingest.diacritics_channel import UNKNOWN_LOGP
from ingest.diacritics_lattice import _KEY_MASK

IDS_KEYS = 200_000  # candidate lists numbered for the transition cache


@dataclass(frozen=True, eq=False)
class _Column:
    """Candidates of one lattice position with the arrays a transition needs."""

    ids: tuple[int, ...]  # syllable ids; -1 keeps the token as printed
    chan: np.ndarray  # channel log-scores
    key: int  # stands for ``ids`` in transition cache keys (hashing two ints, not tuples)
    safe: np.ndarray  # ids with unknowns as 0 (masked by ``unknown``)
    pcont: np.ndarray  # continuation probability of each id
    unknown: np.ndarray | None  # mask of unknown ids, None when all are known
    base: np.ndarray  # id * vocabulary size as a context: the bigram key prefix
    alpha: np.ndarray  # back-off weight as a context



class _LanguageModel:
    """Transition scores; the arrays are loaded by ``Restorer.__init__``."""

    _n: int
    _pcont: np.ndarray
    _alpha: np.ndarray
    _keys: np.ndarray
    _vals: np.ndarray
    _key_bits: np.ndarray
    _ids_keys: dict[tuple[int, ...], int]
    _ids_counter: itertools.count[int]

    # -- language model -------------------------------------------------------------------
    def logp(self, prev: int, word: int) -> float:
        """log P(word | prev) under interpolated Kneser-Ney.

        -1 stands for an unknown word; a negative ``prev`` for "no context" (after an unknown
        word, or at the edge of a run inside a sentence): the lower-order distribution applies.
        """
        if word < 0:
            return UNKNOWN_LOGP
        if prev < 0:
            return math.log(self._pcont[word])
        trans = self._transitions(np.array([prev]), np.array([word]))
        return float(trans[0, 0])

    def _transitions(self, prev: np.ndarray, cur: np.ndarray) -> np.ndarray:
        """log P(cur[j] | prev[i]) for all pairs, as a matrix."""
        return self._column_transitions(self._column(tuple(prev.tolist()), ()),
                                        self._column(tuple(cur.tolist()), ()))

    def _ids_key(self, ids: tuple[int, ...]) -> int:
        """A number for a candidate list, never reused for another one (the table forgets
        old lists when full; a list seen again then gets a new number: only a cache miss)."""
        key = self._ids_keys.get(ids)
        if key is None:
            if len(self._ids_keys) >= IDS_KEYS:
                self._ids_keys.clear()
            key = self._ids_keys[ids] = next(self._ids_counter)
        return key

    def _column(self, ids: tuple[int, ...], chan: tuple[float, ...]) -> _Column:
        """One lattice position's arrays, precomputed once for both sides of a transition."""
        arr = np.array(ids)
        known = arr >= 0
        safe = np.where(known, arr, 0)
        return _Column(
            ids=ids, chan=np.array(chan), key=self._ids_key(ids),
            safe=safe, pcont=self._pcont[safe], unknown=None if known.all() else ~known,
            # no context: keys below every bigram key (never seen), back-off weight 1
            base=np.where(known, safe * self._n, -self._n - 1),
            alpha=np.where(known, self._alpha[safe], 1.0),
        )

    def _column_transitions(self, prev: _Column, cur: _Column) -> np.ndarray:
        """log P(cur | prev) for all candidate pairs of two positions."""
        return self._batch_transitions([(prev, cur)])[0]

    def _batch_transitions(self, pairs: list[tuple[_Column, _Column]]) -> list[np.ndarray]:
        """Transition matrices of several column pairs, looked up in one pass: the inner loop
        of Viterbi (interpolated Kneser-Ney: back-off mass plus the seen bigram's own mass)."""
        # pairs of one shape are stacked: the same sums and products as pair by pair, in a
        # few large numpy operations instead of several small ones per pair
        out: list[np.ndarray] = [np.empty(0)] * len(pairs)
        shapes: dict[tuple[int, int], list[int]] = {}
        for k, (p, c) in enumerate(pairs):
            shapes.setdefault((len(p.ids), len(c.ids)), []).append(k)
        for (rows, width), members in shapes.items():
            prev = [pairs[k][0] for k in members]
            cur = [pairs[k][1] for k in members]
            size = len(members)

            def stacked(arrays: list[np.ndarray], n: int, size: int = size) -> np.ndarray:
                return np.concatenate(arrays).reshape(size, n)  # np.stack, without its loop

            keys = (stacked([p.base for p in prev], rows)[:, :, None]
                    + stacked([c.safe for c in cur], width)[:, None, :])
            backoff = (stacked([p.alpha for p in prev], rows)[:, :, None]
                       * stacked([c.pcont for c in cur], width)[:, None, :])
            # most pairs were never seen: a bitmap of the keys' low bits rules them out at
            # once (no false negatives), so only the few possible hits are binary-searched
            maybe = np.flatnonzero(self._key_bits[keys & _KEY_MASK])
            if maybe.size:  # the seen bigram's own mass added where there is one (else 0.0)
                needles = keys.ravel()[maybe]
                pos = np.searchsorted(self._keys, needles)
                flat = backoff.reshape(-1)
                flat[maybe] += np.where(self._keys[pos] == needles, self._vals[pos], 0.0)
            logs = np.log(backoff, out=backoff)
            for g, k in enumerate(members):
                matrix = logs[g]
                if cur[g].unknown is not None:
                    matrix[:, cur[g].unknown] = UNKNOWN_LOGP
                out[k] = matrix
        return out

