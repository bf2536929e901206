"""Viterbi over many runs of words at once, for restoring a whole record's texts.

Decoding run by run costs a dozen small numpy calls per word and one transition matrix per
pair of neighbours, computed in groups of one shape. Here every lattice column is padded to
one width (padding scored -inf, so it is never chosen and never wins a tie: ``argmax`` keeps
the first of equal scores, and real candidates come first), every distinct pair's transition
matrix is computed in one stacked pass, and Viterbi steps through all runs together, longest
first. Each cell is the same float operation as in
:meth:`ingest.diacritics.Restorer._decode_uncached`, so answers are the same bit for bit
(``tests/test_speed_restorer.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ingest.diacritics_channel import UNKNOWN_LOGP
from ingest.diacritics_text import _ACRONYMS, _apply_case, _Token

if TYPE_CHECKING:
    from ingest.diacritics import Restorer

Word = tuple[str, bool, bool]  # (text, protected, symbol) of one token
PAIR_CHUNK = 1024  # transition matrices computed per numpy pass (bounded temporaries)
_KEY_MASK = (1 << 22) - 1  # bigram keys' low bits kept in a bitmap (4 MB, ~2% false hits)


class _Columns:
    """All lattice columns of a batch, padded to one width; column 0 is a run's start."""

    def __init__(self, r: Restorer, words: list[Word], ocr: bool) -> None:
        cands = [((-1, 0.0),)] + [
            r._lattice_entry(_Token(0, len(text), text, protected, symbol), ocr)
            for text, protected, symbol in words]
        sizes = np.array([len(c) for c in cands], dtype=np.int64)
        self.width = width = int(sizes.max())
        flat_ids = np.array([i for c in cands for i, _ in c], dtype=np.int64)
        flat_chan = np.array([s for c in cands for _, s in c], dtype=np.float64)
        rows = np.repeat(np.arange(len(cands)), sizes)
        cols = np.arange(len(flat_ids)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        shape = (len(cands), width)
        self.ids = np.zeros(shape, dtype=np.int64)
        self.ids[rows, cols] = flat_ids
        self.chan = np.full(shape, -np.inf)
        self.chan[rows, cols] = flat_chan
        known = flat_ids >= 0
        safe = np.where(known, flat_ids, 0)
        # padding: never-seen keys, back-off 1 x 1 (a finite log 0.0 that -inf scores mask)
        self.safe = np.zeros(shape, dtype=np.int64)
        self.safe[rows, cols] = safe
        self.pcont = np.ones(shape)
        self.pcont[rows, cols] = r._pcont[safe]
        self.base = np.full(shape, -r._n - 1, dtype=np.int64)
        self.base[rows, cols] = np.where(known, safe * r._n, -r._n - 1)
        self.alpha = np.ones(shape)
        self.alpha[rows, cols] = np.where(known, r._alpha[safe], 1.0)
        self.unknown = np.zeros(shape, dtype=bool)
        self.unknown[rows, cols] = ~known
        # columns numbered by their candidate list (transitions depend on nothing else),
        # and a column of each list to read the list's arrays from
        keyed = np.full(shape, -2, dtype=np.int64)  # -2 pads: lists of other sizes differ
        keyed[rows, cols] = flat_ids
        rows_as_items = np.ascontiguousarray(keyed).view(np.dtype((np.void, 8 * width)))
        _, self.column_of_list, self.list_of = np.unique(
            rows_as_items.ravel(), return_index=True, return_inverse=True)
        self.lists = len(self.column_of_list)


def _transitions(r: Restorer, cols: _Columns, prev: np.ndarray, cur: np.ndarray,
                 rows: int) -> np.ndarray:
    """log P(cur | prev) matrices of column pairs, padded, from the first ``rows`` candidates
    of ``prev``: the cell arithmetic of :meth:`ingest.diacritics.Restorer._batch_transitions`,
    transposed (``[pair, cur, prev]``: Viterbi's maximum over ``prev`` is then contiguous)."""
    out = np.empty((len(prev), cols.width, rows))
    for lo in range(0, len(prev), PAIR_CHUNK):
        p, c = prev[lo:lo + PAIR_CHUNK], cur[lo:lo + PAIR_CHUNK]
        keys = cols.base[p, :rows][:, None, :] + cols.safe[c][:, :, None]
        backoff = cols.alpha[p, :rows][:, None, :] * cols.pcont[c][:, :, None]
        maybe = np.flatnonzero(r._key_bits[keys & _KEY_MASK])
        if maybe.size:
            needles = keys.ravel()[maybe]
            by_key = np.argsort(needles)  # sorted needles search ~3x faster (cache)
            pos = np.empty_like(by_key)
            pos[by_key] = np.searchsorted(r._keys, needles[by_key])
            flat = backoff.reshape(-1)
            flat[maybe] += np.where(r._keys[pos] == needles, r._vals[pos], 0.0)
        part = out[lo:lo + len(p)]
        np.log(backoff, out=part)
        np.copyto(part, UNKNOWN_LOGP, where=cols.unknown[c][:, :, None])
    return out


def decode_runs(r: Restorer, runs: list[tuple[Word, ...]], ocr: bool) -> list[tuple[str, ...]]:
    """The restored words of each run (as :meth:`Restorer._decode_uncached` gives them)."""
    index = {w: k + 1 for k, w in enumerate(dict.fromkeys(w for run in runs for w in run))}
    r._prefetch_candidates([w[0] for w in index if not w[1]], ocr)
    cols = _Columns(r, list(index), ocr)
    lengths = np.array([len(run) for run in runs], dtype=np.int64)
    order = np.argsort(-lengths, kind="stable")  # longest first: active runs are a prefix
    lengths = lengths[order]
    steps = int(lengths[0])
    entry = np.zeros((len(runs), steps), dtype=np.int64)  # 0 past a run's end
    for row, k in enumerate(order.tolist()):
        entry[row, :lengths[row]] = [index[w] for w in runs[k]]
    # the first step, from the start column (one candidate): its row of transitions only
    lists, column_of = cols.list_of, cols.column_of_list
    first_lists, first_pair = np.unique(lists[entry[:, 0]], return_inverse=True)
    first = _transitions(r, cols, np.zeros(len(first_lists), dtype=np.int64),
                         column_of[first_lists], 1)[first_pair.ravel(), :, 0]
    scores = (0.0 + first) + cols.chan[entry[:, 0]]  # as a one-row step: no choice to make
    # later steps: one matrix per distinct pair of candidate lists
    inside = np.arange(1, steps) < lengths[:, None]
    codes = (lists[entry[:, :-1]] * cols.lists + lists[entry[:, 1:]])[inside]
    codes, inverse = np.unique(codes, return_inverse=True)
    pair = np.zeros((len(runs), steps - 1), dtype=np.int64)
    pair[inside] = inverse
    trans = _transitions(r, cols, column_of[codes // cols.lists],
                         column_of[codes % cols.lists], cols.width)
    active = [int(np.count_nonzero(lengths > t)) for t in range(steps)]
    final = np.zeros(len(runs), dtype=np.int64)
    back: list[np.ndarray] = [np.zeros((len(runs), cols.width), dtype=np.int64)]
    buffer = np.empty((active[1] if steps > 1 else 0, cols.width, cols.width))
    for t in range(steps):
        a = active[t]
        if t:
            total = np.take(trans, pair[:a, t - 1], axis=0, out=buffer[:a])  # no new pages
            total += scores[:a, None, :]  # the same sums as scores + trans
            arg = total.argmax(axis=2)  # the first of equal scores, as run by run
            best = np.take_along_axis(total, arg[:, :, None], axis=2)[:, :, 0]
            scores = best + cols.chan[entry[:a, t]]
            back.append(arg)
        done = a - (active[t + 1] if t + 1 < steps else 0)
        if done:  # runs ending here: their best last candidate
            final[a - done:a] = scores[a - done:a].argmax(axis=1)
    choice = np.zeros(entry.shape, dtype=np.int64)
    j = np.zeros(len(runs), dtype=np.int64)
    for t in range(steps - 1, -1, -1):
        a = active[t]
        ending = slice(active[t + 1] if t + 1 < steps else 0, a)
        j[ending] = final[ending]
        choice[:a, t] = j[:a]
        j[:a] = back[t][np.arange(a), j[:a]]
    chosen = cols.ids[entry, choice].tolist()
    out: list[tuple[str, ...]] = [()] * len(runs)
    syllables, acr, num = r.syllables, r._acr, r._num
    for row, k in enumerate(order.tolist()):
        words: list[str] = []
        for (text, _, _), idx in zip(runs[k], chosen[row], strict=False):
            if idx == acr:
                words.append(_ACRONYMS.get(text, text))
            elif idx < 0 or idx == num:
                words.append(text)
            else:
                words.append(_apply_case(text, syllables[idx]))
        out[k] = tuple(words)
    return out
