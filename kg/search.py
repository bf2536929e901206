"""Hybrid search over plan items: BM25 on folded text + dense vectors, fused by trust in marks.

Measured on the dev queries (perfect extraction): BM25 over folded text is strong with or
without diacritics, while the small e5 model is good on accented queries and poor on unaccented
ones, and rank fusion (RRF) flattens BM25's often decisive score margins. The hybrid therefore
combines min-max normalised scores of the two lists, the dense share following how far the
dense query text can be trusted: half when the query was typed with marks, 0.44 when its
marks were restored by ``ingest.diacritics``, little when neither holds (docs/search.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest.normalize import fold
from ingest.records import PlanRecord
from kg.embeddings import CachedEmbedder, Embedder, EmbeddingCache, get_embedder
from kg.lexical import LexicalIndex
from kg.query_text import LEVEL_WORDS, PreparedQuery, prepare_query
from kg.search_items import SearchItem, items_from_record
from kg.vector_index import VectorIndex, iri_id
from ontology.iris import slug

METHODS = ("bm25", "dense", "rrf", "hybrid")
RRF_K = 60
#: Dense-list weight by the trust we have in the dense query text (measured, docs/search.md).
DENSE_WEIGHT_MARKED = 1.0
DENSE_WEIGHT_RESTORED = 0.8
DENSE_WEIGHT_UNMARKED = 0.2
LEXICAL_WEIGHT = 1.0


def place_key(name: str | None) -> str:
    """Folded place name without its level word: "phường Việt Trì" / "viet tri" -> "viet tri"."""
    folded = fold(name or "")
    for level in LEVEL_WORDS:
        if folded.startswith(level + " ") and len(folded) > len(level) + 1:
            return folded[len(level) + 1 :]
    return folded


@dataclass
class SearchFilters:
    """Facets a search may be restricted to; None means no restriction."""

    locality: str | None = None
    exclude_locality: str | None = None
    province: str | None = None
    plan: str | None = None  # plan IRI, plan symbol or document file name
    agency: str | None = None  # folded substring of a lead or supporting unit
    agency_type: str | None = None
    kind: str | None = None
    deadline_year: int | None = None

    def accepts(self, item: SearchItem) -> bool:
        if self.locality and place_key(item.locality) != place_key(self.locality):
            return False
        if self.exclude_locality and place_key(item.locality) == place_key(self.exclude_locality):
            return False
        if self.province and place_key(item.province) != place_key(self.province):
            return False
        if self.plan and self.plan not in (item.plan_iri, item.doc) and \
                fold(self.plan) != fold(item.plan_symbol or ""):
            return False
        if self.agency:
            wanted = fold(self.agency)
            if not any(wanted in fold(a) for a in item.lead + item.support):
                return False
        if self.agency_type and self.agency_type not in item.agency_types:
            return False
        if self.kind and item.kind != self.kind:
            return False
        return not (self.deadline_year and item.deadline_year != self.deadline_year)

    @property
    def active(self) -> bool:
        return any(v is not None for v in asdict(self).values())


@dataclass
class Hit:
    """One search result with everything needed to show and cite it."""

    iri: str
    kind: str
    text: str
    score: float
    plan_iri: str
    plan_symbol: str | None
    locality: str | None
    province: str | None
    lead: list[str]
    support: list[str]
    output: str | None
    deadline: str | None
    doc: str
    line_start: int | None
    line_end: int | None
    group: str | None = None

    @classmethod
    def from_item(cls, item: SearchItem, score: float) -> Hit:
        return cls(iri=item.iri, kind=item.kind, text=item.text, score=round(score, 6),
                   plan_iri=item.plan_iri, plan_symbol=item.plan_symbol, locality=item.locality,
                   province=item.province, lead=list(item.lead), support=list(item.support),
                   output=item.output, deadline=item.deadline, doc=item.doc,
                   line_start=item.line_start, line_end=item.line_end, group=item.group)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source"] = {"doc": d.pop("doc"), "lines": [d.pop("line_start"), d.pop("line_end")]}
        return d


@dataclass
class OwnerAnswer:
    """Who owns what the query asks about: the top hit's lead units."""

    lead: list[str]
    support: list[str]
    iri: str
    asked: bool  # the query was phrased as a "who" question


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    owner_answer: OwnerAnswer | None
    prepared: PreparedQuery | None = None
    method: str = "hybrid"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query,
                "owner_answer": asdict(self.owner_answer) if self.owner_answer else None,
                **self.extra, "hits": [h.to_dict() for h in self.hits]}


def _minmax(ranked: list[tuple[int, float]]) -> dict[int, float]:
    """Scores scaled to [0, 1] within one result list (the list's worst candidate gets 0)."""
    if not ranked:
        return {}
    values = np.array([s for _, s in ranked], dtype=np.float64)
    lo, hi = float(values.min()), float(values.max())
    if hi <= lo:  # one candidate, or all tied: all equally the list's best
        return {pos: 1.0 for pos, _ in ranked}
    return {pos: (score - lo) / (hi - lo) for pos, score in ranked}


def dense_weight(prepared: PreparedQuery) -> float:
    """How much the dense list counts: marks typed > marks restored > no marks."""
    if prepared.mark_trust >= 1.0:
        return DENSE_WEIGHT_MARKED
    if prepared.restored:
        return max(DENSE_WEIGHT_RESTORED, DENSE_WEIGHT_MARKED * prepared.mark_trust)
    return max(DENSE_WEIGHT_UNMARKED, DENSE_WEIGHT_MARKED * prepared.mark_trust)


class SearchEngine:
    """Items, vectors and the lexical index of every indexed plan, under one index folder.

    Layout: ``items/<plan>.json`` (the sidecar: display fields per item), ``vectors.npy``,
    ``ids.npy``, ``index.faiss``, ``vectors.json`` (model, dim) and ``cache/embeddings.sqlite``.
    """

    def __init__(self, index_dir: Path, embedder: Embedder,
                 vectors: VectorIndex, items: dict[str, list[SearchItem]]) -> None:
        self.index_dir = index_dir
        self.embedder = embedder
        self.vectors = vectors
        self._plans = items  # plan IRI -> items
        self._qcache: dict[str, np.ndarray] = {}
        self._rebuild_views()
        self._stamp = self._disk_stamp()

    # -- opening and persistence -------------------------------------------------------
    @classmethod
    def open(cls, index_dir: str | Path, embedder: Embedder | None = None,
             cache_dir: str | Path | None = None, hnsw_threshold: int | None = None) -> SearchEngine:
        """Open (or create) the search index in ``index_dir`` with one embedding model."""
        index_dir = Path(index_dir)
        index_dir.mkdir(parents=True, exist_ok=True)
        inner = embedder or get_embedder(None)
        if isinstance(inner, CachedEmbedder):
            cached = inner
        else:
            cache_path = Path(cache_dir or index_dir / "cache") / "embeddings.sqlite"
            cached = CachedEmbedder(inner, EmbeddingCache(cache_path))
        kwargs = {"hnsw_threshold": hnsw_threshold} if hnsw_threshold else {}
        vectors = VectorIndex.open(index_dir, cached.name, cached.dim, **kwargs)
        plans: dict[str, list[SearchItem]] = {}
        items_dir = index_dir / "items"
        if items_dir.exists():
            for path in sorted(items_dir.glob("*.json")):
                data = json.loads(path.read_text(encoding="utf-8"))
                plans[data["plan_iri"]] = [SearchItem.from_dict(d) for d in data["items"]]
        return cls(index_dir, cached, vectors, plans)

    def _disk_stamp(self) -> tuple[int, int]:
        """Changes whenever any process rewrites the vectors or a plan's items."""
        def mtime(p: Path) -> int:
            return p.stat().st_mtime_ns if p.exists() else 0
        return mtime(self.index_dir / "vectors.json"), mtime(self.index_dir / "items")

    def refresh(self) -> bool:
        """Reload from disk if another process (a CLI ingest) changed the index; True if so."""
        stamp = self._disk_stamp()
        if stamp == self._stamp:
            return False
        fresh = SearchEngine.open(self.index_dir, embedder=self.embedder,
                                  hnsw_threshold=self.vectors.hnsw_threshold)
        self.vectors, self._plans, self._stamp = fresh.vectors, fresh._plans, stamp
        self._rebuild_views()
        return True

    def _plan_file(self, plan: str) -> Path:
        return self.index_dir / "items" / f"{slug(plan.rsplit('/plan/', 1)[-1])}.json"

    def _rebuild_views(self) -> None:
        """Positional views over all items; facet columns make filtering vectorised."""
        self.items: list[SearchItem] = [it for its in self._plans.values() for it in its]
        self._ids = np.array([iri_id(it.iri) for it in self.items], dtype=np.int64)
        self._pos = {int(i): n for n, i in enumerate(self._ids)}
        self._facets = {
            "locality": np.array([place_key(it.locality) for it in self.items], dtype=object),
            "province": np.array([place_key(it.province) for it in self.items], dtype=object),
            "kind": np.array([it.kind for it in self.items], dtype=object),
            "year": np.array([it.deadline_year or 0 for it in self.items], dtype=np.int64),
            "plan": np.array([it.plan_iri for it in self.items], dtype=object),
            "doc": np.array([it.doc for it in self.items], dtype=object),
            "symbol": np.array([fold(it.plan_symbol or "") for it in self.items], dtype=object),
        }
        self._lexical: LexicalIndex | None = None

    @property
    def lexical(self) -> LexicalIndex:
        if self._lexical is None:
            self._lexical = LexicalIndex([it.lexical_text for it in self.items])
        return self._lexical

    def indexed_iris(self) -> set[str]:
        """IRIs of every indexed item (for ``plankg validate``)."""
        return {it.iri for it in self.items}

    def plans(self) -> list[str]:
        return list(self._plans)

    def item(self, iri: str) -> SearchItem | None:
        pos = self._pos.get(iri_id(iri))
        return self.items[pos] if pos is not None else None

    def vector_of(self, iri: str) -> np.ndarray | None:
        where = np.nonzero(self.vectors.ids == iri_id(iri))[0]
        return self.vectors.vectors[where[0]] if len(where) else None

    def index_plan(self, record: PlanRecord) -> list[SearchItem]:
        """Index one plan, replacing whatever that plan had (re-ingest leaves no stale vectors)."""
        items = items_from_record(record)
        plan = items[0].plan_iri if items else None
        if plan is None:
            from ontology.iris import plan_iri
            plan = plan_iri(record.doc, record.header.locality, record.header.province)
        # a re-extracted plan may resolve to another IRI (locality read differently): same doc
        stale = [p for p, its in self._plans.items() if p == plan or any(i.doc == record.doc
                                                                       for i in its[:1])]
        vectors = self.embedder.embed_passages([it.embed_text for it in items])
        for old in stale:
            self.vectors.remove([it.iri for it in self._plans.pop(old)])
            if old != plan:
                self._plan_file(old).unlink(missing_ok=True)
        if items:
            self.vectors.add([it.iri for it in items], vectors, model=self.embedder.name)
            self._plans[plan] = items
        self.vectors.save()
        self._write_plan(plan, items)
        self._rebuild_views()
        self._stamp = self._disk_stamp()
        return items

    def _write_plan(self, plan: str, items: list[SearchItem]) -> None:
        path = self._plan_file(plan)
        if not items:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        data = {"plan_iri": plan, "items": [it.to_dict() for it in items]}
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def remove_plan(self, plan: str) -> int:
        """Drop a plan's items and vectors; returns how many items went."""
        items = self._plans.pop(plan, [])
        removed = self.vectors.remove([it.iri for it in items])
        self.vectors.save()
        self._plan_file(plan).unlink(missing_ok=True)
        self._rebuild_views()
        self._stamp = self._disk_stamp()
        return removed

    # -- search ------------------------------------------------------------------------
    def _mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Items the filters accept (same rules as :meth:`SearchFilters.accepts`)."""
        if filters is None or not filters.active:
            return None
        f = self._facets
        mask = np.ones(len(self.items), dtype=bool)
        if filters.locality:
            mask &= f["locality"] == place_key(filters.locality)
        if filters.exclude_locality:
            mask &= f["locality"] != place_key(filters.exclude_locality)
        if filters.province:
            mask &= f["province"] == place_key(filters.province)
        if filters.kind:
            mask &= f["kind"] == filters.kind
        if filters.deadline_year:
            mask &= f["year"] == filters.deadline_year
        if filters.plan:
            mask &= (f["plan"] == filters.plan) | (f["doc"] == filters.plan) | (
                f["symbol"] == fold(filters.plan))
        if filters.agency or filters.agency_type:  # list-valued facets: check the survivors
            for pos in np.nonzero(mask)[0]:
                mask[pos] = filters.accepts(self.items[pos])
        return mask

    def _query_vector(self, text: str) -> np.ndarray:
        """Query vectors are memoised: eval and batch runs repeat the same texts."""
        vec = self._qcache.get(text)
        if vec is None:
            vec = self.embedder.embed_queries([text])[0]
            if len(self._qcache) >= 1024:
                self._qcache.pop(next(iter(self._qcache)))
            self._qcache[text] = vec
        return vec

    def _dense(self, prepared: PreparedQuery, depth: int,
               mask: np.ndarray | None) -> list[tuple[int, float]]:
        qvec = self._query_vector(prepared.dense_text)
        allowed = self._ids[mask] if mask is not None else None
        out = []
        for vid, score in self.vectors.search(qvec, depth, allowed):
            pos = self._pos.get(vid)
            if pos is not None:
                out.append((pos, score))
        return out

    def locality_in_query(self, query: str) -> str | None:
        """The one indexed locality the query names (core name of two or more syllables)."""
        words = f" {fold(query)} "
        named = {loc for loc in {it.locality for it in self.items if it.locality}
                 if len(place_key(loc).split()) >= 2 and f" {place_key(loc)} " in words}
        return named.pop() if len(named) == 1 else None

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None,
               method: str = "hybrid", depth: int | None = None,
               infer_locality: bool = True) -> SearchResult:
        """Search items; ``method``: "bm25", "dense", "rrf" (plain fusion) or "hybrid" (default).

        With ``infer_locality``, a query naming one indexed locality ("... ở phường Phước Bình")
        and no place filter is restricted to that locality: the same task exists in many plans,
        and the owner asked about is that locality's.
        """
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        self.refresh()
        inferred = None
        if infer_locality and not (filters and (filters.locality or filters.province
                                                or filters.plan)):
            inferred = self.locality_in_query(query)
            if inferred:
                filters = replace(filters or SearchFilters(), locality=inferred)
        places = [filters.locality, filters.province] if filters else []
        prepared = prepare_query(query, [p for p in places if p])
        mask = self._mask(filters)
        depth = depth or max(50, 5 * k)
        if not self.items or (mask is not None and not mask.any()):
            return SearchResult(query, [], None, prepared, method)
        lexical = self.lexical.top(prepared.lexical_text, depth, mask) if method != "dense" else []
        dense = self._dense(prepared, depth, mask) if method != "bm25" else []
        if method == "bm25":
            ranked = lexical
        elif method == "dense":
            ranked = dense
        elif method == "rrf":
            ranked = self._rrf([lexical, dense])
        else:
            ranked = self._fuse(lexical, dense, dense_weight(prepared))
        hits = [Hit.from_item(self.items[pos], score) for pos, score in ranked[:k]]
        owner = None
        if hits and hits[0].lead:
            owner = OwnerAnswer(hits[0].lead, hits[0].support, hits[0].iri, prepared.asks_owner)
        extra = {"locality_from_query": inferred} if inferred else {}
        return SearchResult(query, hits, owner, prepared, method, extra)

    @staticmethod
    def _fuse(lexical: list[tuple[int, float]], dense: list[tuple[int, float]],
              w_dense: float) -> list[tuple[int, float]]:
        """Convex combination of min-max normalised scores: keeps BM25's margins, unlike RRF."""
        alpha = w_dense / (w_dense + LEXICAL_WEIGHT)
        lex, den = _minmax(lexical), _minmax(dense)
        fused = {p: (1 - alpha) * lex.get(p, 0.0) + alpha * den.get(p, 0.0)
                 for p in set(lex) | set(den)}
        return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))

    @staticmethod
    def _rrf(lists: list[list[tuple[int, float]]]) -> list[tuple[int, float]]:
        """Plain reciprocal rank fusion: the baseline the hybrid is measured against."""
        fused: dict[int, float] = {}
        for ranked in lists:
            for rank, (pos, _) in enumerate(ranked):
                fused[pos] = fused.get(pos, 0.0) + 1.0 / (RRF_K + rank + 1)
        return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))

    def search_batch(self, queries: list[tuple[str, SearchFilters | None]],
                     k: int = 10) -> list[SearchResult]:
        """Many queries against the loaded model and indexes."""
        return [self.search(q, k=k, filters=f) for q, f in queries]
