"""The one door the Streamlit app goes through: plans, search, lineage, agencies, upload, review.

Pages import nothing from ``kg`` but this module, so no SPARQL, faiss or networkx leaks into UI
code. The store is opened READ-ONLY (``plankg ingest`` from the CLI can write meanwhile); the
few writes (an upload's commit, a review correction) open the writer for one atomic update and
close it. Views derived from the whole store (citation graph, task families, facets) are cached
per store generation and index state, so the app follows other processes' writes.
"""

from __future__ import annotations

import csv
import io
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ingest.errors import PlanKGError
from ingest.normalize import fold, strip_marks
from ingest.records import REVIEW_THRESHOLD, PlanRecord
from kg.config import ENV_EDITOR_PASSWORD, index_dir, store_dir, uploads_dir
from kg.config import data_dir as default_data_dir
from kg.search import Hit, OwnerAnswer, SearchEngine, SearchFilters, SearchResult
from kg.store import OxigraphStore, Store
from ontology.agency_types import agency_types as _agency_types

__all__ = [
    "PlanKG", "PlanKGError", "Hit", "OwnerAnswer", "SearchFilters", "SearchResult", "Facets",
    "SourceLine", "FamilyMatrix", "FamilyRow", "LineageView", "LineageNode", "DocumentView",
    "ImplementerView", "FlaggedField", "UploadPreview", "SparqlResult", "AgencyView",
    "ReviewView", "CorrectionView", "plan_label", "ENV_EDITOR_PASSWORD", "safe_upload_name", "KIND_LABELS", "SUPPORTED_UPLOADS",
]

KIND_LABELS = {"task": "Nhiệm vụ", "indicator": "Chỉ tiêu", "assignment": "Phân công"}
SUPPORTED_UPLOADS = ("txt", "pdf", "docx")
SPARQL_ROW_LIMIT = 5000
ENDPOINT_TTL = 30.0  # seconds a remote SPARQL endpoint's answers are reused


# -- views --------------------------------------------------------------------------------------

@dataclass
class Facets:
    """Values the search filters offer, read from the index."""

    provinces: list[str]
    localities: list[str]
    agency_types: list[tuple[str, str]]  # (notation, Vietnamese label)
    kinds: list[str]
    years: list[int]


@dataclass
class SourceLine:
    """One line of the source document: as printed and with diacritics restored."""

    number: int
    raw: str
    restored: str


@dataclass
class FamilyRow:
    """One task family: which localities have it (with the member text) and which lack it."""

    label: str
    cells: dict[str, str]  # locality -> member task text ("" when the locality lacks it)
    iris: dict[str, str]  # locality -> member task IRI
    have: int
    missing: list[str]


@dataclass
class FamilyMatrix:
    localities: list[str]
    rows: list[FamilyRow]


@dataclass
class LineageNode:
    """A node of a lineage chart with everything its detail panel shows."""

    iri: str
    label: str
    kind: str  # plan | document
    level: str | None
    description: str
    title: str | None
    issuer: str | None
    date: str | None
    curated: bool
    is_root: bool
    bases: list[str]  # labels of what it rests on, with the relation and who states it


@dataclass
class LineageView:
    plan_iri: str
    dot: str
    nodes: list[LineageNode]
    reaches_root: bool


@dataclass
class ImplementerView:
    plan_iri: str
    label: str
    locality: str | None
    province: str | None
    direct: bool
    path: str


@dataclass
class DocumentView:
    """A legal document of the catalog or cited by a plan, with the plans implementing it."""

    iri: str
    label: str
    number: str | None
    doc_type: str | None
    title: str | None
    issuer: str | None
    date: str | None
    level: str | None
    curated: bool
    implementers: list[ImplementerView] = field(default_factory=list)


@dataclass
class FlaggedField:
    """An extracted value the app highlights for review before commit."""

    section: str  # Nhiệm vụ | Chỉ tiêu | Phân công | Văn bản dẫn chiếu | Thông tin chung
    item: str  # task id, indicator id ...
    field: str
    value: str
    confidence: float | None
    reason: str


@dataclass
class UploadPreview:
    """An uploaded file, saved and extracted but not yet written to the graph."""

    name: str
    path: str
    record: PlanRecord
    flagged: list[FlaggedField]

    @property
    def counts(self) -> dict[str, int]:
        r = self.record
        return {"Căn cứ": len(r.legal_bases), "Văn bản dẫn chiếu": len(r.cited_documents),
                "Đơn vị": len(r.agencies), "Nhiệm vụ": len(r.tasks), "Chỉ tiêu": len(r.indicators),
                "Phân công": len(r.assignments)}


@dataclass
class SparqlResult:
    form: str  # SELECT | ASK | CONSTRUCT
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    boolean: bool | None = None
    turtle: str | None = None
    truncated: bool = False

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.columns)
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()


@dataclass
class AgencyView:
    """What one agency (or every agency of one type) leads, supports and owns."""

    title: str
    localities: list[str]
    led: list[Any]  # queries.TaskRow
    supported: list[Any]
    indicators: list[Any]  # queries.IndicatorRow
    assignments: list[Any]  # queries.AssignmentRow
    deadlines_by_year: dict[int, int]


@dataclass
class ReviewView:
    """A fact to review, with its effective values and whether a human corrected it."""

    iri: str
    kind: str
    plan_iri: str | None
    plan_label: str
    locality: str | None
    text: str
    lead: str
    reason: str  # low_confidence | no_lead
    confidence: float | None
    line_start: int | None
    line_end: int | None
    corrected: bool
    doc: str | None


@dataclass
class CorrectionView:
    """One active human correction, for the review page's log."""

    subject: str
    text: str
    field: str
    value: str
    previous: str
    editor: str
    note: str
    time: str


# -- helpers ------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_upload_name(name: str) -> str:
    """A file name safe to keep under uploads/: no path, ASCII letters, digits, ``._-``."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", strip_marks(stem)).strip("._-") or "tai_lieu"
    suffix = _UNSAFE.sub("", suffix.lower())
    return f"{stem[:120]}.{suffix}" if suffix else stem[:120]


def plan_label(plan: Any) -> str:
    """ "09/KH-UBND · phường Phước Bình" or the source file of an unnumbered plan."""
    name = plan.number or plan.source_document or plan.iri.rsplit("/", 1)[-1]
    return f"{name} · {plan.locality}" if plan.locality else name


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
            leads = self._leads(sorted(corrected))
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
        item = self.engine.item(iri)
        if item is None:
            from kg.families import similar

            return similar(self.engine, iri, other_localities=other_localities,
                           per_locality=per_locality)
        out: dict[str, list[Hit]] = {}
        for locality in self.facets().localities:
            if other_localities and locality == item.locality:
                continue
            result = self.engine.search(item.text, k=per_locality + 1,
                                        filters=SearchFilters(kind="task", locality=locality))
            hits = [h for h in result.hits if h.iri != iri][:per_locality]
            if hits:
                out[locality] = hits
        return out

    def family_matrix(self, min_localities: int = 2) -> FamilyMatrix:
        """Task families by locality: who has what, who lacks what."""
        def build() -> FamilyMatrix:
            from kg.families import task_families

            families = task_families(self.engine, min_localities=min_localities)
            localities = sorted({it.locality or "?" for it in self.engine.items
                                 if it.kind == "task"}, key=fold)
            rows = []
            for fam in families:
                cells = dict.fromkeys(localities, "")
                iris: dict[str, str] = {}
                for m in fam.members:
                    loc = m.locality or "?"
                    if not cells.get(loc):
                        cells[loc] = m.text
                        iris[loc] = m.iri
                rows.append(FamilyRow(fam.label, cells, iris, len(fam.localities),
                                      list(fam.missing)))
            return FamilyMatrix(localities, rows)
        return self._cached(f"families-{min_localities}", build)

    def tasks_for_picker(self) -> list[Hit]:
        """Every indexed task (for "pick one task, see similar ones elsewhere")."""
        return [_hit(it) for it in self.engine.items if it.kind == "task"]

    # -- lineage and legal documents -----------------------------------------------------
    def _graph(self) -> Any:
        from kg.lineage import citation_graph

        return self._cached("citation-graph", lambda: citation_graph(self.store))

    def lineage(self, plan_iri: str) -> LineageView:
        """The plan's lineage up to NQ 57 as DOT text plus every node's detail."""
        from kg.lineage import RELATION_VI, ROOT_SYMBOL, to_dot, trace

        graph = self._graph()
        tree = trace(graph, plan_iri)
        nodes, edges = tree.graph_parts()
        root = self._root_iri(graph, ROOT_SYMBOL)
        views = []
        for iri, info in tree.nodes.items():
            bases = [f"{', '.join(RELATION_VI[r] for r in e.relations)}: "
                     f"{tree.nodes[e.target].label} "
                     f"({'; '.join(dict.fromkeys(s.describe() for s in e.sources))})"
                     for e in tree.children(iri)]
            views.append(LineageNode(iri, info.label, info.kind, info.level, info.describe(),
                                     info.title, info.issuer, info.date, info.curated,
                                     iri == root, bases))
        views.sort(key=lambda n: (n.iri != plan_iri, n.kind != "plan", n.label))
        return LineageView(plan_iri, to_dot(nodes, edges), views,
                           root is not None and tree.reaches(root))

    @staticmethod
    def _root_iri(graph: Any, symbol: str) -> str | None:
        from kg.lineage import find_nodes

        found = find_nodes(graph, symbol)
        return found[0] if found else None

    def legal_documents(self) -> list[DocumentView]:
        """Catalog and cited documents, each with the plans implementing it (reverse lineage)."""
        def build() -> list[DocumentView]:
            import networkx as nx

            from kg.lineage import BASIS_RELATIONS

            graph = self._graph()
            view = nx.subgraph_view(graph, filter_edge=lambda u, v: any(
                r in BASIS_RELATIONS for r in graph.edges[u, v]["relations"]))
            out = []
            for iri in graph:
                info = graph.nodes[iri]["info"]
                if info.kind == "plan":
                    continue
                impl = []
                for node in nx.ancestors(view, iri):
                    pinfo = graph.nodes[node]["info"]
                    if pinfo.kind != "plan":
                        continue
                    path = nx.shortest_path(view, node, iri)
                    impl.append(ImplementerView(
                        node, pinfo.label, pinfo.locality, pinfo.province, len(path) == 2,
                        " → ".join(graph.nodes[n]["info"].label for n in path)))
                impl.sort(key=lambda i: (fold(i.province or "~"), fold(i.locality or "~")))
                out.append(DocumentView(iri, info.label, info.number, info.doc_type, info.title,
                                        info.issuer, info.date, info.level, info.curated, impl))
            level_order = {"central": 0, "provincial": 1, "local": 2}
            out.sort(key=lambda d: (level_order.get(d.level or "", 3), -len(d.implementers),
                                    d.label))
            return out
        return self._cached("legal-documents", build)

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
        labels = {t.iri: t.pref_label for t in _agency_types()}
        work: Counter[str] = Counter()
        for a in self.agencies():
            if a.type_iri:
                work[a.type_iri] += a.tasks_led + a.tasks_supported
        return sorted(((t, labels.get(t, t.rsplit("/", 1)[-1])) for t in work),
                      key=lambda p: (-work[p[0]], fold(p[1])))

    def agency_profile(self, agency_iri: str) -> AgencyView | None:
        """What one agency leads, supports, owns, with its deadlines by year."""
        from kg import queries

        def build() -> AgencyView | None:
            prof = queries.agency_profile(self.store, agency_iri)
            if prof is None:
                return None
            return AgencyView(prof.agency.label, [prof.agency.locality or "?"], prof.led,
                              prof.supported, prof.indicators, prof.assignments,
                              dict(prof.deadlines_by_year))
        return self._cached(f"agency|{agency_iri}", build)

    def agency_type_profile(self, type_iri: str) -> AgencyView:
        """Every agency of one type across localities, pooled (cross-locality comparison)."""
        from kg import queries

        def build() -> AgencyView:
            labels = {t.iri: t.pref_label for t in _agency_types()}
            view = AgencyView(labels.get(type_iri, type_iri), [], [], [], [], [], {})
            years: Counter[int] = Counter()
            for agency in queries.agencies_by_type(self.store, type_iri):
                prof = queries.agency_profile(self.store, agency.iri)
                if prof is None:
                    continue
                if agency.locality and agency.locality not in view.localities:
                    view.localities.append(agency.locality)
                view.led += prof.led
                view.supported += prof.supported
                view.indicators += prof.indicators
                view.assignments += prof.assignments
                years.update(prof.deadlines_by_year)
            view.localities.sort(key=fold)
            view.deadlines_by_year = dict(sorted(years.items()))
            return view
        return self._cached(f"agency-type|{type_iri}", build)

    # -- review and curation ---------------------------------------------------------------
    def review_items(self) -> list[ReviewView]:
        """Low-confidence facts and tasks without a lead, with their effective values."""
        from kg import queries

        def build() -> list[ReviewView]:
            items = queries.review_items(self.store)
            corrected = self._corrected_subjects()
            plans = {p.iri: p for p in self.plans()}
            leads = self._leads([i.iri for i in items if i.kind == "task"])
            out = []
            for it in items:
                plan = plans.get(it.plan_iri or "")
                out.append(ReviewView(
                    iri=it.iri, kind=it.kind, plan_iri=it.plan_iri,
                    plan_label=plan_label(plan) if plan else (it.plan_iri or ""),
                    locality=plan.locality if plan else None, text=it.text or "",
                    lead=", ".join(leads.get(it.iri, [])), reason=it.reason,
                    confidence=it.confidence, line_start=it.line_start, line_end=it.line_end,
                    corrected=it.iri in corrected,
                    doc=plan.source_document if plan else None))
            return out
        return self._cached("review", build)

    def _leads(self, task_iris: list[str]) -> dict[str, list[str]]:
        from rdflib import URIRef

        from kg.curation import effective_pattern
        from ontology.iris import PK

        if not task_iris:
            return {}
        values = " ".join(URIRef(i).n3() for i in task_iris)
        rows = self.store.select(
            f"SELECT ?t ?a ?l WHERE {{ VALUES ?t {{ {values} }} "
            f"{effective_pattern('t', PK.lead, 'a')} OPTIONAL {{ ?a skos:prefLabel ?l }} }} "
            f"ORDER BY ?t ?l")
        out: dict[str, list[str]] = {}
        for r in rows:
            out.setdefault(str(r["t"]), []).append(str(r.get("l", r["a"])))
        return out

    def corrected_subjects(self) -> set[str]:
        """IRIs of facts with an active human correction (shown with a mark)."""
        return self._corrected_subjects()

    def corrections_log(self) -> list[CorrectionView]:
        """Active corrections, newest first, with the fact they correct."""
        from kg.curation import corrections_for
        from ontology.iris import PK

        names = {str(PK.text): "Nội dung", str(PK.duty): "Nội dung", str(PK.lead): "Đơn vị chủ trì",
                 str(PK.deadline): "Thời hạn", str(PK.output): "Kết quả",
                 str(PK.needsReview): "Cần rà soát"}

        def build() -> list[CorrectionView]:
            out = []
            for subject in sorted(self._corrected_subjects()):
                item = self.engine.item(subject)
                for c in corrections_for(self.store, subject):
                    if not c.active:
                        continue
                    values = [self._label(v) for v in c.values]
                    previous = [self._label(v) for v in c.previous]
                    out.append(CorrectionView(
                        subject, item.text if item else subject,
                        names.get(c.predicate, c.predicate.rsplit("#", 1)[-1]),
                        "; ".join(values) or "(bỏ trống)", "; ".join(previous), c.editor,
                        c.note, c.time.strftime("%Y-%m-%d %H:%M:%S")))
            out.sort(key=lambda c: c.time, reverse=True)
            return out
        return self._cached("corrections", build)

    def _label(self, term: Any) -> str:
        from rdflib import URIRef

        if isinstance(term, URIRef):
            rows = self.store.select("SELECT ?l WHERE { ?a skos:prefLabel ?l } LIMIT 1",
                                     {"a": term})
            return str(rows[0]["l"]) if rows else str(term)
        return str(term)

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
        from rdflib import Literal, URIRef

        from kg.curation import record_correction
        from kg.loader import open_store
        from ontology.iris import CURATION_GRAPH, PK, RDF, SKOS, agency_iri

        predicates = {"text": PK.text, "duty": PK.duty, "deadline": PK.deadline,
                      "output": PK.output, "lead": PK.lead, "reviewed": PK.needsReview}
        if field_name not in predicates:
            raise ValueError(f"unknown field {field_name!r}")
        writer = open_store(self.base)
        try:
            new: Any
            if field_name == "lead":
                where = self._place_of(subject_iri)
                names = [n.strip() for n in re.split(r"[;\n]", value) if n.strip()]
                new = [URIRef(agency_iri(n, *where)) for n in names]
                triples = []
                for name, node in zip(names, new, strict=True):
                    triples += [(node, RDF.type, PK.Agency), (node, SKOS.prefLabel, Literal(name))]
                if triples:  # units a reviewer names may be new to the plan's graph
                    writer.modify_graph(CURATION_GRAPH, insert=triples)
            elif field_name == "reviewed":
                new = Literal(False)
            else:
                new = Literal(value.strip()) if value.strip() else None
            record_correction(writer, subject_iri, predicates[field_name], new, editor, note)
        finally:
            writer.close()

    def _place_of(self, subject_iri: str) -> tuple[str | None, str | None]:
        plan_iri = subject_iri.split("/task/")[0].split("/indicator/")[0].split("/assignment/")[0]
        plan = next((p for p in self.plans() if p.iri == plan_iri), None)
        return (plan.locality, plan.province) if plan else (None, None)

    # -- SPARQL ---------------------------------------------------------------------------
    def sparql(self, query: str) -> SparqlResult:
        """A read-only query (updates and SERVICE are refused by the store with PK201)."""
        from rdflib import Graph

        from kg.store import PREFIXES, check_read_only

        form = check_read_only(query)
        result = self.store.query(query)
        if isinstance(result, bool):
            return SparqlResult("ASK", boolean=result)
        if isinstance(result, Graph):
            for prefix, ns in PREFIXES.items():
                result.bind(prefix, ns)
            return SparqlResult("CONSTRUCT", turtle=result.serialize(format="turtle"))
        columns: list[str] = []
        for row in result:
            columns.extend(k for k in row if k not in columns)
        rows = [{c: str(row[c]) if c in row else "" for c in columns}
                for row in result[:SPARQL_ROW_LIMIT]]
        return SparqlResult(form.replace("Query", "").upper() or "SELECT", columns, rows,
                            truncated=len(result) > SPARQL_ROW_LIMIT)

    # -- upload ---------------------------------------------------------------------------
    def extract_upload(self, data: bytes, name: str,
                       on_stage: Callable[[str, int, int], None] | None = None) -> UploadPreview:
        """Save an uploaded file under uploads/ with a safe name and extract it (no write)."""
        from ingest.errors import UnsupportedFormat
        from ingest.pipeline import DEFAULT_PIPELINE, read_and_repair, run_stages

        safe = safe_upload_name(name)
        if safe.rsplit(".", 1)[-1] not in SUPPORTED_UPLOADS:
            raise UnsupportedFormat(f"'{name}': chỉ nhận tệp TXT, PDF hoặc DOCX.")
        folder = uploads_dir(self.base)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / safe
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        with self._lock:
            self._sources.pop(safe, None)
        total = len(DEFAULT_PIPELINE) + 1
        if on_stage:
            on_stage("read", 0, total)
        source = read_and_repair(path)
        record = run_stages(source, DEFAULT_PIPELINE,
                            on_stage=(lambda name, done, _n: on_stage(name, done + 1, total))
                            if on_stage else None)
        import hashlib

        record.source_sha256 = hashlib.sha256(data).hexdigest()
        return UploadPreview(safe, str(path), record, flag_record(record))

    def commit_upload(self, preview: UploadPreview) -> Any:
        """Write a previewed record: one atomic plan-graph swap, its search items, and the
        catalog refresh that ``plankg ingest`` does after a file (IngestReport)."""
        from kg.loader import ingest_record, open_store, refresh_catalog

        writer = open_store(self.base)
        try:
            report = ingest_record(preview.record, writer, self.engine, preview.path)
            refresh_catalog(writer)
            return report
        finally:
            writer.close()


def flag_record(record: PlanRecord) -> list[FlaggedField]:
    """Low-confidence values and tasks without a lead unit: what a reviewer should look at."""
    out: list[FlaggedField] = []

    def low(conf: float | None) -> bool:
        return conf is not None and conf < REVIEW_THRESHOLD

    for t in record.tasks:
        conf = t.provenance.confidence if t.provenance else None
        if low(conf):
            out.append(FlaggedField("Nhiệm vụ", t.id, "text", t.text, conf, "độ tin cậy thấp"))
        for fname, fconf in sorted(t.field_confidence.items()):
            if low(fconf):
                value = getattr(t, fname, "")
                value = ", ".join(value) if isinstance(value, list) else str(value or "")
                out.append(FlaggedField("Nhiệm vụ", t.id, fname, value, fconf, "độ tin cậy thấp"))
        if not t.lead:
            out.append(FlaggedField("Nhiệm vụ", t.id, "lead", "", None, "chưa có đơn vị chủ trì"))
    for i in record.indicators:
        conf = i.provenance.confidence if i.provenance else None
        if low(conf):
            out.append(FlaggedField("Chỉ tiêu", i.id, "text", i.text, conf, "độ tin cậy thấp"))
        for fname, fconf in sorted(i.field_confidence.items()):
            if low(fconf):
                value = getattr(i, fname, "")
                value = ", ".join(value) if isinstance(value, list) else str(value or "")
                out.append(FlaggedField("Chỉ tiêu", i.id, fname, value, fconf, "độ tin cậy thấp"))
    for n, a in enumerate(record.assignments, start=1):
        if a.provenance and low(a.provenance.confidence):
            out.append(FlaggedField("Phân công", str(n), "duty", a.duty,
                                    a.provenance.confidence, "độ tin cậy thấp"))
    for d in record.cited_documents:
        if d.provenance and low(d.provenance.confidence):
            out.append(FlaggedField("Văn bản dẫn chiếu", d.number or "?", "number",
                                    d.mention or d.number or "", d.provenance.confidence,
                                    "độ tin cậy thấp"))
    h = record.header
    for fname in ("number", "issuer", "locality", "date"):
        if not getattr(h, fname):
            out.append(FlaggedField("Thông tin chung", "", fname, "", None, "không đọc được"))
    return out
