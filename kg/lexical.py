"""BM25 over folded Vietnamese: robust to lost diacritics and OCR-damaged marks.

Vietnamese words are one to four syllables; syllable unigrams plus syllable bigrams (joined by
"_") stand in for word segmentation without a segmenter model, and folding (no marks, đ→d)
makes "chu ky so" and "chữ ký số" the same tokens. bm25s drops one-letter tokens by default
("y" in "y tế"), hence the explicit token pattern.
"""

from __future__ import annotations

import bm25s
import numpy as np

from ingest.normalize import fold

TOKEN_PATTERN = r"(?u)\b\w+\b"

#: Folded function words that carry no topic (kept few: BM25's idf handles the rest).
STOPWORDS = frozenset({
    "va", "cac", "cua", "cho", "trong", "tren", "de", "voi", "la", "nhung", "mot", "nao", "ai",
    "gi", "o", "tai", "thi", "ve", "duoc", "co", "khong", "nay", "do", "hay", "hoac",
})


def analyse(text: str) -> str:
    """Folded syllables plus syllable bigrams, space separated, ready for ``bm25s.tokenize``."""
    syllables = fold(text).split()
    bigrams = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False)]
    unigrams = [s for s in syllables if s not in STOPWORDS]
    return " ".join(unigrams + bigrams)


def tokens(text: str) -> list[str]:
    """The analysed tokens of one text (same pattern as the index)."""
    out = bm25s.tokenize([analyse(text)], token_pattern=TOKEN_PATTERN, stopwords=None,
                         return_ids=False, show_progress=False)
    return list(out[0]) if out else []


class LexicalIndex:
    """A bm25s index over a fixed list of texts; scores come back for every text."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        self._bm25: bm25s.BM25 | None = None
        if texts:
            corpus = bm25s.tokenize([analyse(t) for t in texts], token_pattern=TOKEN_PATTERN,
                                    stopwords=None, show_progress=False)
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)
            self._vocab = set(self._bm25.vocab_dict)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every indexed text for ``query`` (zeros when nothing matches)."""
        if self._bm25 is None:
            return np.zeros(self.size, dtype=np.float32)
        known = [t for t in tokens(query) if t in self._vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def top(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top-k (position, score) with a positive score, optionally among ``mask`` positions."""
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, self.size)
        if k <= 0:
            return []
        idx = np.argpartition(-scores, k - 1)[:k] if k < self.size else np.arange(self.size)
        idx = idx[np.argsort(-scores[idx], kind="stable")]
        return [(int(i), float(scores[i])) for i in idx if scores[i] > 0]
