"""A faiss index keyed by graph IRIs, persisted in the data directory's index folder.

The vectors themselves (``vectors.npy`` + ``ids.npy``) are the truth; the faiss index is derived
from them: exact inner product (flat) below ``hnsw_threshold`` vectors, HNSW above it (rebuilt
when the size crosses the threshold, and on removal, which HNSW does not support). The model
name and dimension are recorded and vectors of another model are refused (PK401).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import faiss
import numpy as np

from ingest.errors import PlanKGError

DEFAULT_HNSW_THRESHOLD = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 256  # floor; grows with the index (see hnsw_ef_search)


def hnsw_ef_search(n: int) -> int:
    """HNSW search breadth for ``n`` vectors: recall@10 vs flat measured 0.96 with 256 at 100k
    and with 2048 at 1M (256 gave 0.79 there), so it grows linearly past 128k vectors."""
    return max(HNSW_EF_SEARCH, min(4096, n // 500))


class MixedModelError(PlanKGError):
    code = "PK401"


class IndexCorrupt(PlanKGError):
    code = "PK402"


def iri_id(iri: str) -> int:
    """A stable positive int64 id for an IRI (faiss ids are integers)."""
    return int.from_bytes(hashlib.blake2b(iri.encode("utf-8"), digest_size=8).digest(),
                          "big") & 0x7FFF_FFFF_FFFF_FFFF


def _atomic_save_npy(path: Path, array: np.ndarray) -> None:
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


class VectorIndex:
    """Vectors of one embedding model, addressable by IRI."""

    def __init__(self, directory: Path, model: str, dim: int,
                 hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> None:
        self.directory = Path(directory)
        self.model, self.dim, self.hnsw_threshold = model, int(dim), hnsw_threshold
        self.ids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, self.dim), dtype=np.float32)
        self._index: faiss.Index | None = None

    # -- persistence -------------------------------------------------------------------
    @property
    def _meta_path(self) -> Path:
        return self.directory / "vectors.json"

    @classmethod
    def open(cls, directory: Path, model: str, dim: int,
             hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> VectorIndex:
        """Open (or create) the index; refuse one built by another model."""
        index = cls(directory, model, dim, hnsw_threshold)
        if index._meta_path.exists():
            meta = json.loads(index._meta_path.read_text(encoding="utf-8"))
            if meta.get("model") != model or int(meta.get("dim", -1)) != int(dim):
                raise MixedModelError(
                    f"chỉ mục vector ở '{directory}' được tạo bằng mô hình {meta.get('model')} "
                    f"(dim {meta.get('dim')}), không trộn với {model} (dim {dim}); "
                    "hãy xoá thư mục chỉ mục hoặc dùng lại mô hình cũ (--embedder)."
                )
            for attempt in range(4):  # a writer may be between two renames: retry briefly
                try:
                    index.ids = np.load(directory / "ids.npy")
                    index.vectors = np.load(directory / "vectors.npy")
                except (OSError, ValueError) as exc:
                    if attempt == 3:
                        raise IndexCorrupt(
                            f"không đọc được chỉ mục vector '{directory}': {exc}") from exc
                else:
                    if len(index.ids) == len(index.vectors):
                        break
                    if attempt == 3:
                        raise IndexCorrupt(
                            f"chỉ mục vector '{directory}' không khớp số id và vector.")
                time.sleep(0.2)
            faiss_path = directory / "index.faiss"
            if faiss_path.exists() and meta.get("count") == len(index.ids):
                index._index = faiss.read_index(str(faiss_path))
        return index

    def save(self) -> None:
        """Write vectors, ids, meta and the faiss index, each via temp file + rename."""
        self.directory.mkdir(parents=True, exist_ok=True)
        _atomic_save_npy(self.directory / "vectors.npy", self.vectors)
        _atomic_save_npy(self.directory / "ids.npy", self.ids)
        index = self.faiss_index
        tmp = self.directory / "index.faiss.tmp"
        faiss.write_index(index, str(tmp))
        os.replace(tmp, self.directory / "index.faiss")
        meta = {"model": self.model, "dim": self.dim, "count": int(len(self.ids)),
                "kind": self.kind}
        tmp_meta = self._meta_path.with_suffix(".tmp")
        tmp_meta.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp_meta, self._meta_path)

    # -- building ----------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return "hnsw" if len(self.ids) >= self.hnsw_threshold else "flat"

    def _build(self) -> faiss.Index:
        if self.kind == "hnsw":
            inner = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            inner.hnsw.efSearch = hnsw_ef_search(len(self.ids))
        else:
            inner = faiss.IndexFlatIP(self.dim)
        index = faiss.IndexIDMap2(inner)
        if len(self.ids):
            index.add_with_ids(self.vectors, self.ids)
        return index

    @property
    def faiss_index(self) -> faiss.Index:
        if self._index is None:
            self._index = self._build()
        return self._index

    def _index_kind(self) -> str:
        inner = faiss.downcast_index(self.faiss_index.index)
        return "hnsw" if isinstance(inner, faiss.IndexHNSWFlat) else "flat"

    def __len__(self) -> int:
        return int(len(self.ids))

    def __contains__(self, iri: str) -> bool:
        return bool(np.isin(iri_id(iri), self.ids))

    def add(self, iris: list[str], vectors: np.ndarray, model: str | None = None) -> None:
        """Add (or replace) vectors for IRIs."""
        if model is not None and model != self.model:
            raise MixedModelError(f"vector của mô hình {model} không thể thêm vào chỉ mục {self.model}.")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim or len(vectors) != len(iris):
            raise MixedModelError(
                f"vector có kích thước {vectors.shape}, chỉ mục cần {len(iris)} x {self.dim}.")
        ids = np.array([iri_id(i) for i in iris], dtype=np.int64)
        if np.isin(ids, self.ids).any():
            self.remove_ids(ids)
        was = self.kind
        self.ids = np.concatenate([self.ids, ids])
        self.vectors = np.vstack([self.vectors, vectors])
        if self._index is None or self.kind != was or self._index_kind() != self.kind:
            self._index = None  # rebuilt lazily (crossing the threshold changes the kind)
        else:
            self._index.add_with_ids(vectors, ids)

    def remove(self, iris: list[str]) -> int:
        return self.remove_ids(np.array([iri_id(i) for i in iris], dtype=np.int64))

    def remove_ids(self, ids: np.ndarray) -> int:
        keep = ~np.isin(self.ids, ids)
        removed = int((~keep).sum())
        if not removed:
            return 0
        self.ids, self.vectors = self.ids[keep], self.vectors[keep]
        if self._index is not None and self._index_kind() == "flat" and self.kind == "flat":
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))
        else:
            self._index = None
        return removed

    # -- search ------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int,
               allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top-k (id, inner product) for one query vector, optionally among ``allowed`` ids."""
        if not len(self.ids) or k <= 0:
            return []
        q = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, -1))
        params = None
        if allowed is not None:
            allowed = np.asarray(allowed, dtype=np.int64)
            if not len(allowed):
                return []
            if len(allowed) <= 4096:  # small subsets: exact scores are cheaper than a selector
                mask = np.isin(self.ids, allowed)
                sub_ids, sub = self.ids[mask], self.vectors[mask]
                scores = sub @ q[0]
                top = np.argsort(-scores)[:k]
                return [(int(sub_ids[i]), float(scores[i])) for i in top]
            selector = faiss.IDSelectorBatch(allowed)
            params = (faiss.SearchParametersHNSW(sel=selector,
                                                 efSearch=hnsw_ef_search(len(self.ids)))
                      if self._index_kind() == "hnsw" else faiss.SearchParameters(sel=selector))
        index = self.faiss_index
        if self._index_kind() == "hnsw":  # the index may have grown since it was built
            faiss.downcast_index(index.index).hnsw.efSearch = hnsw_ef_search(len(self.ids))
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)  # one query: threads only contend (measured 4x slower on 2)
        try:
            scores, ids = index.search(q, min(k, len(self.ids)), params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
