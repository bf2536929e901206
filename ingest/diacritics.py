"""Restore Vietnamese diacritics in text that lost them (OCR or typed without marks).

The seeds' text layers are what an English OCR model makes of Vietnamese: marks dropped or
turned into Latin-1 look-alikes ("quyét"), letters replaced by digits ("d6i", "ph01", "x4")
and artefacts ("hi¢én"). Every displayed string should be the best Vietnamese available, and
search must understand queries typed without marks, so this module restores them.

Model: a syllable-bigram language model (interpolated Kneser-Ney, built by
``scripts/build_diacritics_model.py`` into ``ingest/data/diacritics_lm.npz``) and an OCR
channel: each token's candidates are the accented syllables whose folded form equals the
token's, or one of its OCR readings (``_OCR_RULES``: "6" as o, "ir" as ư, a non-initial "d"
as a vowel...), or lies within edit distance 2 of those. A Viterbi pass over each run of
words (numbers and acronyms are classes in the model) picks the best sequence. Punctuation,
numbers, document symbols ("57-NQ/TW"), acronyms and letter case are kept. Measured figures
and how to reproduce them: ``bench/bench_diacritics.py``.

Speed (a plan restores ~10k words): candidates, lattice columns, transition matrices, runs
and whole texts are memoised, as plans repeat themselves. A record's texts are prefetched
together: the fuzzy searches in ``rapidfuzz.process.cdist`` batches, all new tokens'
candidates ranked in one numpy pass (``ingest.diacritics_channel``) and all new runs decoded
at once over padded lattice columns (``ingest.diacritics_lattice``); the language model's
matrices are in ``ingest.diacritics_lm``.
None of it changes a result (``tests/test_speed_restorer.py``, ``test_diacritics_speed.py``).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.diacritics_channel import (
    KEEP_COST,
    MAX_CANDIDATES,
    NEAR_CACHE,
    UNKNOWN_LOGP,
    _Channel,
)
from ingest.diacritics_lattice import _KEY_MASK, decode_runs
from ingest.diacritics_lm import _Column, _LanguageModel
from ingest.diacritics_text import (
    _ACRONYMS,
    _SYLLABLE,
    MARK_RATIO_THRESHOLD,
    _apply_case,
    _fold_token,
    _is_marked,
    _runs,
    _syllables,
    _Token,
    _tokens_of,
    bounded_memo,
    looks_like_ocr,
    mark_ratio,
    modern_tone,
)
from ingest.document import SourceText
from ingest.normalize import nfc
from ingest.records import PlanRecord
from ingest.resources import keep_for_process

__all__ = [
    "MODEL_PATH", "Restorer", "get_restorer", "looks_like_ocr", "mark_ratio", "modern_tone",
    "needs_restoration", "restore", "restore_record",
]

MODEL_PATH = Path(__file__).parent / "data" / "diacritics_lm.npz"

#: Punctuation that ends a sentence (the model builder marks sentence edges with it).
SENTENCE_END = ".!?;:…"
#: Model entries that stand for a class of tokens, not a syllable.
BOUNDARY, NUMBER, ACRONYM = "<s>", "<num>", "<acr>"
CLASSES = (BOUNDARY, NUMBER, ACRONYM)

TRANSITION_CACHE = 20_000  # transition matrices kept (about 3 kB each; a plan needs ~5000)
ENTRY_CACHE = 20_000  # lattice columns kept
DECODE_CACHE = 50_000  # runs' answers kept
MIN_DECODE_BATCH = 4  # fewer new runs are decoded one by one
DECODE_BATCH = 2048  # runs decoded together (their stacked matrices: ~20 MB for 002's 1300)

_ARANGES = tuple(np.arange(n) for n in range(MAX_CANDIDATES + 2))  # column positions


class Restorer(_LanguageModel, _Channel):
    """The loaded model. Build once (``get_restorer()``); restoring is thread-safe."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.syllables: list[str] = data["syllables"].tolist()
            unigram = data["unigram"].astype(np.float64)
            self._alpha = data["alpha"].astype(np.float64)
            self._pcont = data["pcont"].astype(np.float64)
            order = np.argsort(data["bigram_keys"], kind="stable")
            # a sentinel above every key lets a search past the end read "not seen" directly
            self._keys = np.append(data["bigram_keys"][order], np.iinfo(np.int64).max)
            self._vals = np.append(data["bigram_vals"].astype(np.float64)[order], 0.0)
        self._n = len(self.syllables)
        self._key_bits = np.zeros(_KEY_MASK + 1, dtype=bool)
        self._key_bits[self._keys[:-1] & _KEY_MASK] = True
        # log unigram by id; the extra last entry is read for id -1 (kept as printed)
        self._log_unigram = np.append(np.log(unigram / unigram.sum()), UNKNOWN_LOGP)
        self._keep_id, self._keep_score = np.array([-1]), np.array([-KEEP_COST])
        by_fold: dict[str, list[int]] = {}
        for idx, syl in enumerate(self.syllables):
            if syl not in CLASSES:
                by_fold.setdefault(_fold_token(syl), []).append(idx)
        for ids in by_fold.values():
            ids.sort(key=lambda i: -unigram[i])
        self._by_fold = by_fold
        self._folds = list(by_fold)
        self._index = {syl: i for i, syl in enumerate(self.syllables)}
        self._num, self._acr = self._index[NUMBER], self._index[ACRONYM]
        self._top_ids = [tuple(by_fold[fold][:4]) for fold in self._folds]
        self._fold_lengths = np.array([len(f) for f in self._folds], dtype=np.int64)
        self._length_subsets: dict[tuple[int, int], tuple[np.ndarray, list[str]]] = {}
        # the same as arrays (padded with -1) for the batched search
        self._top_len = np.array([len(t) for t in self._top_ids], dtype=np.int64)
        self._top_pad = np.full((len(self._top_ids), 4), -1, dtype=np.int64)
        for k, top in enumerate(self._top_ids):
            self._top_pad[k, :len(top)] = top
        self._cand_cache: dict[tuple[str, bool], tuple[tuple[int, float], ...]] = {}
        self._near_cache: dict[tuple[str, int], tuple[np.ndarray, np.ndarray]] = {}
        self._prefetched: set[tuple[str, bool]] = set()
        self._entries: dict[tuple[str, bool, bool, bool], _Column] = {}
        self._trans: dict[tuple[int, int], np.ndarray] = {}  # by the columns' keys
        self._ids_keys: dict[tuple[int, ...], int] = {}
        self._ids_counter = itertools.count()
        self._start = self._column((-1,), ())
        self._decoded: dict[tuple[tuple[tuple[str, bool, bool], ...], bool], tuple[str, ...]] = {}
        self._restore = lru_cache(maxsize=8192)(self._restore_uncached)
        self._tokens = lru_cache(maxsize=8192)(_tokens_of)
        self._text_runs = lru_cache(maxsize=8192)(self._text_runs_uncached)
        self._prefetched_texts: set[tuple[str, bool]] = set()
        self._valid_marks = lru_cache(maxsize=8192)(self._valid_marks_uncached)
        self._word_marks = lru_cache(maxsize=65536)(self._word_marks_uncached)  # words recur
        self._readings = lru_cache(maxsize=50_000)(self._readings_uncached)  # prefetch, channel

    def clear_caches(self) -> None:
        """Forget memoised candidates, lattices and restorations (cold-cache measurements)."""
        for cache in (self._restore, self._text_runs,
                      self._tokens, self._valid_marks, self._word_marks, self._readings):
            cache.cache_clear()
        for store in (self._cand_cache, self._decoded, self._near_cache, self._prefetched,
                      self._trans, self._entries, self._prefetched_texts):
            store.clear()

    def valid_mark_ratio(self, text: str) -> float:
        """Like :func:`mark_ratio`, counting only marked words that are known syllables."""
        good, total = self._valid_marks(text)
        return good / total if total else 1.0

    def _valid_marks_uncached(self, text: str) -> tuple[int, int]:
        good = total = 0
        for w in _syllables(text):
            syllable, valid = self._word_marks(w)
            total += syllable
            good += valid
        return good, total

    def _word_marks_uncached(self, word: str) -> tuple[bool, bool]:
        """Whether a word is syllable-shaped, and whether it is a marked known syllable."""
        if not _SYLLABLE.match(_fold_token(word)):
            return False, False
        lower = modern_tone(nfc(word).lower())
        return True, _is_marked(lower) and lower in self._index

    def _entry(self, text: str, protected: bool, symbol: bool, ocr: bool) -> _Column:
        """:meth:`_entry_uncached`, memoised: the run-by-run path (single texts outside a
        record) builds each word's column once."""
        return bounded_memo(self._entries, (text, protected, symbol, ocr), ENTRY_CACHE,
                            lambda: self._entry_uncached(text, protected, symbol, ocr))

    def _entry_uncached(self, text: str, protected: bool, symbol: bool, ocr: bool) -> _Column:
        """A token's lattice column as Viterbi uses it."""
        cands = self._lattice_entry(_Token(0, len(text), text, protected, symbol), ocr)
        return self._column(tuple(idx for idx, _ in cands), tuple(c for _, c in cands))

    # -- decoding -----------------------------------------------------------------------------
    def _run_transitions(self, columns: list[_Column]) -> list[np.ndarray]:
        """Transition matrices into each column of a run from the one before (the first from
        the start): cached, as the same word pairs recur a lot; the rest computed together."""
        pairs = list(zip([self._start, *columns[:-1]], columns, strict=True))
        found = [self._trans.get((p.key, c.key)) for p, c in pairs]
        missing = [k for k, m in enumerate(found) if m is None]
        if missing:
            if len(self._trans) >= TRANSITION_CACHE:
                self._trans.clear()
            for k, matrix in zip(missing, self._batch_transitions([pairs[k] for k in missing]),
                                 strict=True):
                found[k] = self._trans[(pairs[k][0].key, pairs[k][1].key)] = matrix
        return found  # type: ignore[return-value]

    def _viterbi(self, run: list[_Token], ocr: bool) -> tuple[str, ...]:
        """Best accented form of a run of words that share context.

        A run starts without context: sentence-start statistics from a small corpus are too
        peaky to trust (measured: using them cost 0.3-0.9 point everywhere). So a run's
        answer depends on its words alone, and phrases recur: decoding is memoised.
        """
        return self._decode(tuple((t.text, t.protected, t.symbol) for t in run), ocr)

    def _decode(self, run: tuple[tuple[str, bool, bool], ...], ocr: bool) -> tuple[str, ...]:
        """:meth:`_decode_uncached`, memoised (and filled in batches by :meth:`prefetch`)."""
        return bounded_memo(self._decoded, (run, ocr), DECODE_CACHE,
                            lambda: self._decode_uncached(run, ocr))

    def _decode_uncached(self, run: tuple[tuple[str, bool, bool], ...], ocr: bool
                         ) -> tuple[str, ...]:
        """:meth:`_viterbi` over (text, protected, symbol) of each word."""
        tokens = [text for text, _, _ in run]
        entries = [self._entry(text, protected, symbol, ocr) for text, protected, symbol in run]
        scores = np.zeros(1)
        back: list[np.ndarray] = []
        for col, trans in zip(entries, self._run_transitions(entries), strict=True):
            n = len(col.ids)
            if len(scores) == 1:  # one way in (a run's start, a number): no choice to make
                scores = (scores[0] + trans[0]) + col.chan
                back.append(np.zeros(n, dtype=np.intp))
                continue
            total = scores[:, None] + trans
            arg = total.argmax(axis=0)
            scores = total[arg, _ARANGES[n] if n < len(_ARANGES) else np.arange(n)] + col.chan
            back.append(arg)
        j = int(scores.argmax())
        out: list[str] = []
        for pos in range(len(tokens) - 1, -1, -1):
            idx = entries[pos].ids[j]
            if idx == self._acr:
                out.append(_ACRONYMS.get(tokens[pos], tokens[pos]))
            elif idx < 0 or idx == self._num:
                out.append(tokens[pos])
            else:
                out.append(_apply_case(tokens[pos], self.syllables[idx]))
            j = int(back[pos][j])
        out.reverse()
        return tuple(out)

    def restore(self, text: str, ocr: bool | None = None) -> str:
        """Restore marks in ``text``; separators, numbers, symbols and case are kept.

        ``ocr``: whether the text is OCR output (letters misread, not just marks dropped);
        by default guessed from the text (stray marks, digits inside words, artefacts).
        Plans repeat strings (a deadline, a unit's duty), so results are memoised.
        """
        return self._restore(text, ocr)

    def _untouched(self, text: str, ocr: bool | None) -> bool:
        """Well accented (or, unless OCR, nothing that looks like Vietnamese): kept as is."""
        good, total = self._valid_marks(text or "")
        return not text or bool((total or not ocr) and good >= MARK_RATIO_THRESHOLD * total)

    def prefetch(self, texts: Iterable[str], ocr: bool) -> None:
        """Make the fuzzy searches that restoring ``texts`` will need and decode their runs,
        all in a few batches: restoring many pieces of one document is then much faster."""
        texts = [nfc(text) for text in texts if not self._untouched(text, ocr)]
        self._prefetch([tok.text for text in texts for tok in self._tokens(text)
                        if not tok.protected], ocr)
        self._prefetch_decodes(texts, ocr)
        if len(self._prefetched_texts) >= NEAR_CACHE:
            self._prefetched_texts.clear()
        self._prefetched_texts.update((text, ocr) for text in texts)

    def _prefetch_decodes(self, texts: list[str], ocr: bool) -> None:
        """Decode the texts' new runs all together (:func:`decode_runs`): one numpy pass per
        run costs more in call overhead than in arithmetic."""
        runs = [run for run in dict.fromkeys(
            tuple((t.text, t.protected, t.symbol) for t in run)
            for text in texts for run in self._text_runs(text)) if (run, ocr) not in self._decoded]
        if len(runs) < MIN_DECODE_BATCH:
            return
        if len(self._decoded) + len(runs) >= DECODE_CACHE:
            self._decoded.clear()
        for k in range(0, len(runs), DECODE_BATCH):
            chunk = runs[k:k + DECODE_BATCH]
            for run, words in zip(chunk, decode_runs(self, chunk, ocr), strict=True):
                self._decoded[(run, ocr)] = words

    def _text_runs_uncached(self, text: str) -> tuple[tuple[_Token, ...], ...]:
        """The runs of ``text``'s words (prefetching and restoring both walk them)."""
        return tuple(tuple(run) for run in _runs(self._tokens(text), text))

    def _restore_uncached(self, text: str, ocr: bool | None) -> str:
        if self._untouched(text, ocr):
            return text
        text = nfc(text)
        if ocr is None:
            ocr = looks_like_ocr(text)
        pieces: list[str] = []
        pos = 0  # text before ``pos`` is already in ``pieces``
        run: list[_Token] = []

        def flush() -> int:
            restored = self._viterbi(run, ocr)
            last = run[0].start
            for tok, new in zip(run, restored, strict=True):
                pieces.append(text[last:tok.start])
                pieces.append(new)
                last = tok.end
            run.clear()
            return last

        if (text, ocr) not in self._prefetched_texts:  # else prefetch() made the searches
            self._prefetch([t.text for t in self._tokens(text) if not t.protected], ocr)
        for words in self._text_runs(text):
            pieces.append(text[pos:words[0].start])
            run.extend(words)
            pos = flush()
        pieces.append(text[pos:])
        return "".join(pieces)



_lock = threading.Lock()
_restorer: Restorer | None = None


def needs_restoration(text: str) -> bool:
    """True when the text looks like Vietnamese whose marks were lost or damaged.

    Counts only marks that make a real syllable: English OCR leaves stray ones ("quyét").
    """
    return get_restorer().valid_mark_ratio(text) < MARK_RATIO_THRESHOLD


def get_restorer() -> Restorer:
    """The process-wide restorer, loaded on first use."""
    global _restorer
    with _lock:
        if _restorer is None:
            _restorer = Restorer()
            keep_for_process()
        return _restorer


def restore(text: str, ocr: bool | None = None) -> str:
    """Restore Vietnamese marks where they are missing or damaged; accented text is unchanged.

    ``ocr``: the text is OCR output (guessed from the text when None; pass the document-level
    answer of :func:`looks_like_ocr` when restoring pieces of one document).
    """
    return get_restorer().restore(text, ocr)


# -- pipeline stage ------------------------------------------------------------------------
def _fix(value: str | None, force: bool, ocr: bool) -> str | None:
    if not value or not (force or needs_restoration(value)):
        return value
    return restore(value, ocr)


def restore_record(source: SourceText, record: PlanRecord) -> None:
    """Pipeline stage: restore display text of the record's fields, keeping what was printed.

    Agency names and document symbols are canonicalised by their own stages and left alone.
    The texts' fuzzy searches are made first, all together (large batches are much faster).
    """
    force = source.lost_diacritics
    ocr = looks_like_ocr(source.text)
    changed = False
    wanted: list[str] = []

    def collect(value: str | None) -> str | None:
        if value and (force or needs_restoration(value)):
            wanted.append(value)
        return value

    def fix(value: str | None) -> str | None:
        nonlocal changed
        new = _fix(value, force, ocr)
        changed |= new != value
        return new

    _rewrite(record, collect)
    get_restorer().prefetch(wanted, ocr)
    _rewrite(record, fix)
    record.text_restored = record.text_restored or changed


def _rewrite(record: PlanRecord, fix: Callable[[str | None], str | None]) -> None:
    """Apply ``fix`` to every display text of the record, keeping the printed text."""
    record.header.title = fix(record.header.title)
    for task in record.tasks:
        task.text_raw = task.text_raw or task.text
        task.text = fix(task.text) or task.text
        task.group = fix(task.group)
        task.output = fix(task.output)
        task.deadline = fix(task.deadline)
    for ind in record.indicators:
        ind.text_raw = ind.text_raw or ind.text
        ind.text = fix(ind.text) or ind.text
        ind.unit = fix(ind.unit)
        if isinstance(ind.target, dict):
            ind.target = {k: fix(v) or v for k, v in ind.target.items()}
        else:
            ind.target = fix(ind.target)
    for asg in record.assignments:
        asg.duty_raw = asg.duty_raw or asg.duty
        asg.duty = fix(asg.duty) or asg.duty
    for ref in [*record.legal_bases, *record.cited_documents]:
        ref.mention_raw = ref.mention_raw or ref.mention
        ref.mention = fix(ref.mention) or ref.mention
