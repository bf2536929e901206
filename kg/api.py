"""The one door the Streamlit app goes through: plans, search, lineage, agencies, upload, review.

Pages import nothing from ``kg`` but this module, so no SPARQL, faiss or networkx leaks into UI
code. The store is opened READ-ONLY (``plankg ingest`` from the CLI can write meanwhile); the
few writes (an upload's commit, a review correction) open the writer for one atomic update and
close it. Views derived from the whole store (citation graph, task families, facets) are cached
per store generation and index state, so the app follows other processes' writes.

This module holds the facade and its caching; the views it returns are built in sibling
modules, one job each: ``api_views`` (the dataclasses), ``api_compare``, ``api_lineage``,
``api_agencies``, ``api_curation`` (review and corrections), ``api_sparql``, ``api_upload``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from ingest.errors import PlanKGError
from ingest.normalize import fold
from kg.api_agencies import agency_type_view, agency_view, busiest_types
from kg.api_compare import family_matrix_view, nearest_by_locality
from kg.api_curation import correction_views, review_views, store_correction, task_leads
from kg.api_lineage import document_views, lineage_view
from kg.api_sparql import run_sparql
from kg.api_upload import (
    SUPPORTED_UPLOADS,
    commit_preview,
    extract_saved,
    flag_record,
    safe_upload_name,
    save_upload,
)
from kg.api_views import (
    AgencyView,
    CorrectionView,
    DocumentView,
    Facets,
    FamilyMatrix,
    FamilyRow,
    FlaggedField,
    ImplementerView,
    LineageNode,
    LineageView,
    ReviewView,
    SourceLine,
    SparqlResult,
    UploadPreview,
    plan_label,
)
from kg.config import ENV_EDITOR_PASSWORD, index_dir, store_dir, uploads_dir
from kg.config import data_dir as default_data_dir
from kg.search import Hit, OwnerAnswer, SearchEngine, SearchFilters, SearchResult
from kg.store import OxigraphStore, Store
from ontology.agency_types import agency_types as _agency_types

__all__ = [
    "PlanKG", "PlanKGError", "Hit", "OwnerAnswer", "SearchFilters", "SearchResult", "Facets",
    "SourceLine", "FamilyMatrix", "FamilyRow", "LineageView", "LineageNode", "DocumentView",
    "ImplementerView", "FlaggedField", "UploadPreview", "SparqlResult", "AgencyView",
    "ReviewView", "CorrectionView", "plan_label", "ENV_EDITOR_PASSWORD", "safe_upload_name",
    "KIND_LABELS", "SUPPORTED_UPLOADS", "flag_record",
]

KIND_LABELS = {"task": "Nhiệm vụ", "indicator": "Chỉ tiêu", "assignment": "Phân công"}
ENDPOINT_TTL = 30.0  # seconds a remote SPARQL endpoint's answers are reused


# -- helpers ------------------------------------------------------------------------------------

def _hit(item: Any) -> Hit:
    return Hit.from_item(item, 0.0)


def _type_labels() -> dict[str, str]:
    return {t.notation: t.pref_label for t in _agency_types()}


class PlanKG:
    """The facade. One instance per data directory, shared by every session of the app."""

    def __init__(self, base: Path, store: Store, embedder: Any = None) -> None:
        self.base = base
        self.store = store
        self._embedder = embedder
        self._engine: SearchEngine | None = None
        self._derived: dict[str, tuple[tuple[Any, ...], Any]] = {}
        self._lock = threading.RLock()
        self._sources: dict[str, Any] = {}
        self._restored: dict[tuple[str, int], str] = {}

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: str | Path | None = None, embedder: Any = None) -> PlanKG:
        """Open a data directory read-only (creating an empty store there if it has none)."""
        from kg.loader import open_store

        base = default_data_dir(data_dir)
        if not os.environ.get("PLANKG_SPARQL_ENDPOINT") and not store_dir(base).exists():
            OxigraphStore.open(store_dir(base)).close()
        return cls(base, open_store(base, read_only=True), embedder)

    def close(self) -> None:
        self.store.close()

    # -- change tracking ----------------------------------------------------------------
    def _index_state(self) -> tuple[Any, ...]:
        folder = index_dir(self.base)
        stamps = []
        for sub in (folder, folder / "items"):
            try:
                stamps.extend((e.name, e.stat().st_mtime_ns) for e in os.scandir(sub)
                              if e.is_file())
            except FileNotFoundError:
                continue
        return tuple(sorted(stamps))

    def _store_state(self) -> str:
        """The store's write generation; a store that cannot tell (a remote endpoint) has its
        views trusted for ENDPOINT_TTL seconds."""
        generation = self.store.generation() if hasattr(self.store, "generation") else ""
        return generation or f"t{int(time.monotonic() // ENDPOINT_TTL)}"

    def state(self) -> tuple[Any, ...]:
        """Changes whenever another process (or this one) writes the store or the index."""
        return (self._store_state(), self._index_state())

    def _cached(self, name: str, build: Callable[[], Any]) -> Any:
        key = self.state()
        with self._lock:
            hit = self._derived.get(name)
            if hit is not None and hit[0] == key:
                return hit[1]
        value = build()
        with self._lock:
            self._derived[name] = (key, value)
        return value

    @property
    def engine(self) -> SearchEngine:
        """The search engine, reloaded when another process changed the index on disk."""
        with self._lock:
            if self._engine is None:
                if self._embedder is None:
                    from kg.embeddings import get_embedder

                    self._embedder = get_embedder(None)
                self._engine = SearchEngine.open(index_dir(self.base), embedder=self._embedder)
            else:
                self._engine.refresh()
            return self._engine

    def warm_up(self) -> None:
        """Load the model, the index and the citation graph before the first user waits."""
        self.engine.search("chuyển đổi số", k=1)
        self._graph()
        for doc in sorted({it.doc for it in self.engine.items}):
            self._source(doc)  # source files for the cards' "as printed" lines
        if self.plans():
            for view in (self.stats, self.facets, self.family_matrix, self.legal_documents,
                         self.agencies, self.review_items, self.corrections_log):
                view()

    # -- search ---------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None
               ) -> SearchResult:
        """Hybrid search; an "ai chủ trì ..." question carries an owner answer. Human
        corrections of lead units replace the indexed ones (``extra["corrected"]`` names them)."""
        result = self.engine.search(query, k=k, filters=filters)
        corrected = self._corrected_subjects() & {h.iri for h in result.hits}
        if corrected:
            leads = task_leads(self.store, sorted(corrected))
            for hit in result.hits:
                if hit.iri in corrected:
                    hit.lead = leads.get(hit.iri, [])
            owner = result.owner_answer
            if owner is not None and owner.iri in corrected:
                owner.lead = leads.get(owner.iri, [])
        result.extra["corrected"] = corrected
        return result

    def _corrected_subjects(self) -> set[str]:
        from kg.curation import active_overrides

        return self._cached("corrected", lambda: {s for s, _ in active_overrides(self.store)})

    def facets(self) -> Facets:
        def build() -> Facets:
            items = self.engine.items
            labels = _type_labels()
            types = sorted({t for it in items for t in it.agency_types})
            return Facets(
                provinces=sorted({it.province for it in items if it.province}, key=fold),
                localities=sorted({it.locality for it in items if it.locality}, key=fold),
                agency_types=[(t, labels.get(t, t)) for t in types],
                kinds=[k for k in KIND_LABELS if any(it.kind == k for it in items)],
                years=sorted({it.deadline_year for it in items if it.deadline_year}),
            )
        return self._cached("facets", build)

    def item(self, iri: str) -> Hit | None:
        item = self.engine.item(iri)
        return _hit(item) if item else None

    def source_lines(self, doc: str, start: int | None, end: int | None) -> list[SourceLine]:
        """The lines a fact was read from, as printed and restored (when the file is at hand)."""
        if start is None:
            return []
        source = self._source(doc)
        if source is None:
            return []
        from ingest.diacritics import restore

        out = []
        for ln in source.span(start, end if end is not None else start):
            key = (doc, ln.number)
            restored = self._restored.get(key)
            if restored is None:
                restored = restore(ln.text) if source.lost_diacritics else ln.text
                self._restored[key] = restored
            out.append(SourceLine(ln.number, ln.raw, restored))
        return out

    def _source(self, doc: str) -> Any:
        with self._lock:
            if doc in self._sources:
                return self._sources[doc]
        path = self._find_source(doc)
        source = None
        if path is not None:
            from ingest.pipeline import read_and_repair

            try:
                source = read_and_repair(path)
            except (PlanKGError, OSError):
                source = None
        with self._lock:
            self._sources[doc] = source
        return source

    def _find_source(self, doc: str) -> Path | None:
        """Uploaded files first, then the bundled sample plans."""
        name = Path(doc).name
        candidates = [uploads_dir(self.base) / name,
                      Path(str(resources.files("ingest") / "samples")) / name]
        return next((p for p in candidates if p.is_file()), None)

    # -- compare ---------------------------------------------------------------------------
    def similar(self, iri: str, other_localities: bool = True, per_locality: int = 3
                ) -> dict[str, list[Hit]]:
        """The nearest tasks to one task in EVERY other locality (one filtered search per
        locality, so a locality whose wording differs is not crowded out by closer ones)."""
        return nearest_by_locality(self.engine, iri, lambda: self.facets().localities,
                                   other_localities, per_locality)

    def family_matrix(self, min_localities: int = 2) -> FamilyMatrix:
        """Task families by locality: who has what, who lacks what."""
        return self._cached(f"families-{min_localities}",
                            lambda: family_matrix_view(self.engine, min_localities))

    def tasks_for_picker(self) -> list[Hit]:
        """Every indexed task (for "pick one task, see similar ones elsewhere")."""
        return [_hit(it) for it in self.engine.items if it.kind == "task"]

    # -- lineage and legal documents -----------------------------------------------------
    def _graph(self) -> Any:
        from kg.lineage import citation_graph

        return self._cached("citation-graph", lambda: citation_graph(self.store))

    def lineage(self, plan_iri: str) -> LineageView:
        """The plan's lineage up to NQ 57 as DOT text plus every node's detail."""
        return lineage_view(self._graph(), plan_iri)

    def legal_documents(self) -> list[DocumentView]:
        """Catalog and cited documents, each with the plans implementing it (reverse lineage)."""
        return self._cached("legal-documents", lambda: document_views(self._graph()))

    # -- overview and plans (kg.queries; corrections already applied) ----------------------
    def stats(self) -> Any:
        from kg import queries

        return self._cached("stats", lambda: queries.stats(self.store))

    def plans(self) -> list[Any]:
        """Every plan, newest first (PlanSummary)."""
        from kg import queries

        return self._cached("plans", lambda: queries.list_plans(self.store))

    def plan(self, plan_iri: str) -> Any:
        """Header, legal bases and cited documents of one plan (PlanDetail or None)."""
        from kg import queries

        return self._cached(f"plan|{plan_iri}", lambda: queries.plan_detail(self.store, plan_iri))

    def tasks(self, plan_iri: str) -> list[Any]:
        from kg import queries

        return self._cached(f"tasks|{plan_iri}", lambda: queries.plan_tasks(self.store, plan_iri))

    def indicators(self, plan_iri: str) -> list[Any]:
        from kg import queries

        return self._cached(f"indicators|{plan_iri}",
                            lambda: queries.plan_indicators(self.store, plan_iri))

    def task(self, task_iri: str) -> Any:
        """One task with its plan and raw text (TaskDetail or None)."""
        from kg import queries

        return self._cached(f"task|{task_iri}", lambda: queries.task_detail(self.store, task_iri))

    # -- agencies ------------------------------------------------------------------------
    def agencies(self) -> list[Any]:
        """Every agency of every locality (queries.AgencySummary)."""
        from kg import queries

        return self._cached("agencies", lambda: queries.list_agencies(self.store))

    def agency_types(self) -> list[tuple[str, str]]:
        """(type IRI, Vietnamese label) of the agency types in the graph, busiest first."""
        return busiest_types(self.agencies())

    def agency_profile(self, agency_iri: str) -> AgencyView | None:
        """What one agency leads, supports, owns, with its deadlines by year."""
        return self._cached(f"agency|{agency_iri}", lambda: agency_view(self.store, agency_iri))

    def agency_type_profile(self, type_iri: str) -> AgencyView:
        """Every agency of one type across localities, pooled (cross-locality comparison)."""
        return self._cached(f"agency-type|{type_iri}",
                            lambda: agency_type_view(self.store, type_iri))

    # -- review and curation ---------------------------------------------------------------
    def review_items(self) -> list[ReviewView]:
        """Low-confidence facts and tasks without a lead, with their effective values."""
        from kg import queries

        def build() -> list[ReviewView]:
            items = queries.review_items(self.store)
            corrected = self._corrected_subjects()
            plans = self.plans()
            leads = task_leads(self.store, [i.iri for i in items if i.kind == "task"])
            return review_views(items, corrected, plans, leads)
        return self._cached("review", build)

    def corrected_subjects(self) -> set[str]:
        """IRIs of facts with an active human correction (shown with a mark)."""
        return self._corrected_subjects()

    def corrections_log(self) -> list[CorrectionView]:
        """Active corrections, newest first, with the fact they correct."""
        return self._cached("corrections", lambda: correction_views(
            self.store, self.engine, self._corrected_subjects()))

    def uploaded_files(self) -> list[tuple[str, int]]:
        """(name, size in bytes) of the files kept under uploads/."""
        folder = uploads_dir(self.base)
        if not folder.exists():
            return []
        return sorted((p.name, p.stat().st_size) for p in folder.iterdir()
                      if p.is_file() and not p.name.endswith(".part"))

    def corrections(self, subject_iri: str) -> list[Any]:
        """The correction history of one fact, newest first (kg.curation.Correction)."""
        from kg.curation import corrections_for

        return corrections_for(self.store, subject_iri)

    def correct(self, subject_iri: str, field_name: str, value: str, editor: str,
                note: str = "") -> None:
        """Store a human correction of one field: ``text``, ``lead`` (unit names separated by
        ";"), ``deadline``, ``output`` or ``reviewed`` (clears the review flag)."""
        store_correction(self.base, subject_iri, field_name, value, editor, note,
                         self._place_of)

    def _place_of(self, subject_iri: str) -> tuple[str | None, str | None]:
        plan_iri = subject_iri.split("/task/")[0].split("/indicator/")[0].split("/assignment/")[0]
        plan = next((p for p in self.plans() if p.iri == plan_iri), None)
        return (plan.locality, plan.province) if plan else (None, None)

    # -- SPARQL ---------------------------------------------------------------------------
    def sparql(self, query: str) -> SparqlResult:
        """A read-only query (updates and SERVICE are refused by the store with PK201)."""
        return run_sparql(self.store, query)

    # -- upload ---------------------------------------------------------------------------
    def extract_upload(self, data: bytes, name: str,
                       on_stage: Callable[[str, int, int], None] | None = None) -> UploadPreview:
        """Save an uploaded file under uploads/ with a safe name and extract it (no write)."""
        path = save_upload(uploads_dir(self.base), data, name)
        with self._lock:
            self._sources.pop(path.name, None)
        return extract_saved(path, data, on_stage)

    def commit_upload(self, preview: UploadPreview) -> Any:
        """Write a previewed record: one atomic plan-graph swap, its search items, and the
        catalog refresh that ``plankg ingest`` does after a file (IngestReport)."""
        return commit_preview(self.base, preview, self.engine)

