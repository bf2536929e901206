"""Ingest: documents -> records -> plan graphs + search index, one plan replaced as a unit.

Order matters for "a broken file never half-writes": everything that can fail on bad input
(reading, extraction, graph building, SHACL validation) runs before anything is written. Then the
plan's named graph is swapped in one atomic update, and its search items are re-indexed.
Re-ingesting a document replaces the plan it produced before, even if its IRI changed (the
source file name is the document's identity).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import PlanKGError
from ingest.pipeline import extract
from ingest.records import PlanRecord
from kg.builder import PlanGraph, build_plan_graph
from kg.config import ENV_SPARQL_ENDPOINT, index_dir, store_dir
from kg.store import OxigraphStore, SparqlEndpointStore, Store
from kg.validate import validate_graph

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".docx")

__all__ = [
    "IngestReport", "SUPPORTED_SUFFIXES", "InvalidPlanGraph", "collect_files", "open_store",
    "refresh_catalog", "ingest_record", "ingest_files", "remove_plan", "plans_for_document",
]


class InvalidPlanGraph(PlanKGError):
    code = "PK301"


@dataclass
class IngestReport:
    """What happened to one file."""

    path: str
    doc: str
    status: str  # "ok" | "error"
    plan_iri: str | None = None
    replaced: list[str] = field(default_factory=list)  # plan IRIs this ingest replaced
    counts: dict[str, int] = field(default_factory=dict)
    review: int = 0  # facts flagged for review
    error: str | None = None


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, or the supported files of given folders (sorted, recursive)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(path)
    return out


def open_store(data_dir: Path, read_only: bool = False) -> Store:
    """The configured store: a SPARQL endpoint (PLANKG_SPARQL_ENDPOINT) or embedded Oxigraph."""
    endpoint = os.environ.get(ENV_SPARQL_ENDPOINT)
    if endpoint:
        query_url, _, update_url = endpoint.partition(",")
        return SparqlEndpointStore(query_url, update_url or None)
    path = store_dir(data_dir)
    if read_only:
        return OxigraphStore.read_only(path)
    return OxigraphStore.open(path)


def refresh_catalog(store: Store) -> None:
    """Rewrite the catalog graph: curated upstream documents plus every document plans cite."""
    from kg.catalog import refresh_catalog as _refresh

    _refresh(store)


def plans_for_document(store: Store, doc_name: str) -> list[str]:
    """Plans already in the store that were extracted from a file of this name."""
    rows = store.select(
        "SELECT DISTINCT ?plan WHERE { GRAPH ?g { ?plan a pk:Plan ; pk:sourceDocument ?doc } }",
        {"doc": doc_name},
    )
    return [str(r["plan"]) for r in rows]


def _check(plan_graph: PlanGraph) -> None:
    report = validate_graph(plan_graph.graph)
    if not report.conforms:
        raise InvalidPlanGraph(
            "the extracted plan does not satisfy the SHACL shapes; nothing was written:\n"
            + report.summary(limit=10)
        )


def _counts(record: PlanRecord) -> dict[str, int]:
    return {
        "legal_bases": len(record.legal_bases),
        "cited_documents": len(record.cited_documents),
        "agencies": len(record.agencies),
        "assignments": len(record.assignments),
        "tasks": len(record.tasks),
        "indicators": len(record.indicators),
    }


def _review_count(record: PlanRecord) -> int:
    facts = [*record.tasks, *record.indicators, *record.assignments, *record.cited_documents]
    return sum(1 for f in facts if f.provenance is not None and f.provenance.needs_review)


def ingest_record(record: PlanRecord, store: Store, engine: object | None = None,
                  path: str = "") -> IngestReport:
    """Write one extracted record: validate, swap its graph, re-index its items."""
    plan_graph = build_plan_graph(record)
    _check(plan_graph)
    if engine is not None:
        # embed before writing anything: a model failure must not leave a graph without index
        # (the embedding cache makes index_plan below reuse these vectors)
        from kg.search_items import items_from_record

        engine.embedder.embed_passages(  # type: ignore[attr-defined]
            [it.embed_text for it in items_from_record(record)])
    previous = [p for p in plans_for_document(store, record.doc) if p != plan_graph.plan_iri]
    store.replace_plan(plan_graph)
    for old in previous:
        store.remove_plan(old)
    if engine is not None:
        for old in previous:
            engine.remove_plan(old)  # type: ignore[attr-defined]
        engine.index_plan(record)  # type: ignore[attr-defined]
    return IngestReport(path=path, doc=record.doc, status="ok", plan_iri=plan_graph.plan_iri,
                        replaced=previous, counts=_counts(record), review=_review_count(record))


def open_engine(data_dir: Path, embedder: str | None = None) -> object:
    """The search engine of this data directory (loads the embedding model lazily)."""
    from kg.embeddings import get_embedder
    from kg.search import SearchEngine

    return SearchEngine.open(index_dir(data_dir), embedder=get_embedder(embedder))


def ingest_files(
    paths: Iterable[str | Path],
    data_dir: Path,
    *,
    store: Store | None = None,
    engine: object | None = None,
    with_index: bool = True,
    embedder: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    on_done: Callable[[IngestReport], None] | None = None,
) -> list[IngestReport]:
    """Ingest files one by one; a failing file is reported and leaves the store untouched."""
    files = collect_files(paths)
    store = store or open_store(data_dir)
    if engine is None and with_index:
        engine = open_engine(data_dir, embedder)
    reports: list[IngestReport] = []
    for path in files:
        if on_file:
            on_file(path)
        report = _ingest_one(path, store, engine)
        reports.append(report)
        if on_done:
            on_done(report)
    if any(r.status == "ok" for r in reports):
        refresh_catalog(store)
    return reports


def _ingest_one(path: Path, store: Store, engine: object | None) -> IngestReport:
    try:
        record = extract(path)
        return ingest_record(record, store, engine, str(path))
    except PlanKGError as exc:
        return IngestReport(path=str(path), doc=path.name, status="error", error=str(exc))
    except OSError as exc:
        return IngestReport(path=str(path), doc=path.name, status="error",
                            error=f"PK100: cannot read '{path}': {exc.strerror or exc}")


def remove_plan(store: Store, plan: str, engine: object | None = None) -> list[str]:
    """Remove a plan given by IRI, symbol or source file name; returns the removed IRIs."""
    iris = resolve_plan(store, plan)
    for iri in iris:
        store.remove_plan(iri)
        if engine is not None:
            engine.remove_plan(iri)  # type: ignore[attr-defined]
    if iris:
        refresh_catalog(store)
    return iris


def resolve_plan(store: Store, plan: str) -> list[str]:
    """Plan IRIs matching an IRI, a plan symbol (09/KH-UBND) or a source file name."""
    rows = store.select(
        """SELECT DISTINCT ?plan WHERE { GRAPH ?g { ?plan a pk:Plan .
             OPTIONAL { ?plan eli:number ?number } OPTIONAL { ?plan pk:sourceDocument ?doc } }
           FILTER(STR(?plan) = ?key || STR(?number) = ?key || STR(?doc) = ?key
                  || REPLACE(STR(?doc), "\\\\.[A-Za-z0-9]+$", "") = ?key) }""",
        {"key": plan.strip()},
    )
    return sorted(str(r["plan"]) for r in rows)


