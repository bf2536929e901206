"""The catalog of upstream legal documents: curated facts plus what the plans say about them.

The curated part ships as ``ontology/catalog.json`` (facts from the seeds, the gold annotations
and public legal sites, each with its sources). :func:`refresh_catalog` writes it into
``CATALOG_GRAPH`` together with every document the ingested plans cite that the curated part
lacks (title, issuer and date as the citing text gives them), and flags facts the sources
disagree on (two dates for one document) as ``pk:Conflict`` nodes that keep every reading with
its source: nothing is silently overwritten.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ingest.normalize import fold
from ingest.records import DocumentRef
from kg.rdf_terms import date_literal
from ontology.iris import (
    CATALOG_GRAPH,
    CURATION_GRAPH,
    DCTERMS,
    ELI,
    PK,
    PROV,
    RDF,
    RDFS,
    SKOS,
)

#: Curated entries are marked with this ``pk:catalogSource``; entries added from citations get
#: ``OBSERVED``.
CURATED = "curated"
OBSERVED = "observed"


@dataclass(frozen=True)
class CatalogEntry:
    """One upstream document as the curated catalog knows it."""

    symbol: str
    doc_type: str | None = None
    issuer: str | None = None
    level: str | None = None  # central | provincial | local
    province: str | None = None
    date: str | None = None  # ISO
    title: str | None = None
    implements: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    based_on: tuple[str, ...] = ()
    printed_variants: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def number(self) -> str:
        """The leading number of the symbol: "57" for "57-NQ/TW"."""
        m = re.match(r"\d+", self.symbol)
        return m.group(0) if m else ""


@dataclass
class Catalog:
    """Curated entries with the lookups identity resolution needs (all keys folded)."""

    entries: list[CatalogEntry]
    _by_symbol: dict[str, list[CatalogEntry]] = field(default_factory=dict, repr=False)
    _by_variant: dict[str, list[CatalogEntry]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_symbol: dict[str, list[CatalogEntry]] = defaultdict(list)
        by_variant: dict[str, list[CatalogEntry]] = defaultdict(list)
        for entry in self.entries:
            by_symbol[symbol_key(entry.symbol)].append(entry)
            for variant in entry.printed_variants:
                by_variant[symbol_key(variant)].append(entry)
        self._by_symbol = dict(by_symbol)
        self._by_variant = dict(by_variant)

    def find(self, symbol: str, province: str | None = None) -> CatalogEntry | None:
        """The entry for a canonical symbol; provincial/local ones must match the province."""
        return _pick(self._by_symbol.get(symbol_key(symbol), []), province)

    def find_variant(self, printed: str, province: str | None = None) -> list[CatalogEntry]:
        """Entries that list ``printed`` among the forms met in plans (OCR or misprints)."""
        cands = self._by_variant.get(symbol_key(printed), [])
        return [e for e in cands if _province_ok(e, province)]

    def by_number(self, number: str, province: str | None = None) -> list[CatalogEntry]:
        """Entries whose symbol starts with this number (for short forms: "Nghị quyết 57")."""
        return [e for e in self.entries if e.number == number and _province_ok(e, province)]


def symbol_key(symbol: str) -> str:
    """Comparison key of a symbol: folded, separators and spaces dropped ("57nqtw")."""
    return re.sub(r"\s+", "", fold(symbol))


def _province_ok(entry: CatalogEntry, province: str | None) -> bool:
    if entry.level == "central" or not entry.province or not province:
        return True
    return fold(entry.province) == fold(province)


def _pick(cands: list[CatalogEntry], province: str | None) -> CatalogEntry | None:
    fitting = [e for e in cands if _province_ok(e, province)]
    if not fitting:
        return None
    # A province-scoped entry beats one whose province is unknown.
    fitting.sort(key=lambda e: (e.province is None, e.level is None))
    return fitting[0]


def _tuple(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(value) if isinstance(value, list) else (str(value),)


def entry_from_json(item: dict[str, Any]) -> CatalogEntry:
    return CatalogEntry(
        symbol=item["symbol"],
        doc_type=item.get("doc_type"),
        issuer=item.get("issuer"),
        level=item.get("level"),
        province=item.get("province"),
        date=item.get("date"),
        title=item.get("title"),
        implements=_tuple(item.get("implements")),
        amends=_tuple(item.get("amends")),
        based_on=_tuple(item.get("based_on")),
        printed_variants=_tuple(item.get("printed_variants")),
        conflicts=_tuple(item.get("conflicts")),
        sources=_tuple(item.get("sources")),
        notes=_tuple(item.get("notes")),
    )


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The curated catalog shipped in ``ontology/catalog.json`` (read once per process)."""
    text = resources.files("ontology").joinpath("catalog.json").read_text(encoding="utf-8")
    return Catalog([entry_from_json(d) for d in json.loads(text)["documents"]])


# -- RDF --------------------------------------------------------------------------------------

def _add(graph: Graph, s: URIRef, p: URIRef, o: Node | str | None) -> None:
    if o is None or o == "":
        return
    graph.add((s, p, o if isinstance(o, Node) else Literal(o)))


def entry_iri(entry: CatalogEntry) -> str:
    """The document IRI of a curated entry (the same one citations resolve to)."""
    from kg.identity import document_iri_for  # identity needs the catalog: import late

    ref = DocumentRef(number=entry.symbol, doc_type=entry.doc_type, issuer=entry.issuer,
                      date=entry.date, province=entry.province, level=entry.level)
    return document_iri_for(ref, entry.province)


def _target_iri(symbol: str, province: str | None) -> str:
    from kg.identity import document_iri_for

    return document_iri_for(DocumentRef(number=symbol, province=province), province)


def curated_graph(catalog: Catalog | None = None) -> Graph:
    """The curated catalog as RDF for ``CATALOG_GRAPH`` (documents, their links, sources)."""
    catalog = catalog or load_catalog()
    graph = Graph(identifier=URIRef(CATALOG_GRAPH))
    for entry in catalog.entries:
        node = URIRef(entry_iri(entry))
        graph.add((node, RDF.type, PK.LegalDocument))
        _add(graph, node, ELI.number, entry.symbol)
        _add(graph, node, PK.docType, entry.doc_type)
        _add(graph, node, PK.issuerName, entry.issuer)
        _add(graph, node, ELI.date_document, date_literal(entry.date))
        _add(graph, node, DCTERMS.title, entry.title)
        _add(graph, node, PK.level, entry.level)
        _add(graph, node, PK.province, entry.province)
        _add(graph, node, PK.catalogSource, CURATED)
        for source in entry.sources:
            _add(graph, node, DCTERMS.source, source)
        for variant in entry.printed_variants:
            _add(graph, node, PK.printedVariant, variant)
        for note in entry.notes:
            _add(graph, node, SKOS.note, note)
        for note in entry.conflicts:
            _add(graph, node, PK.conflictNote, note)
        for pred, targets in ((ELI.applies, entry.implements), (ELI.amends, entry.amends),
                              (ELI.based_on, entry.based_on)):
            for symbol in targets:
                target = URIRef(_target_iri(symbol, entry.province))
                graph.add((node, pred, target))
                if not catalog.find(symbol, entry.province):
                    graph.add((target, RDF.type, PK.LegalDocument))
                    _add(graph, target, ELI.number, symbol)
    return graph


# -- extension by what the plans cite, and conflicts ------------------------------------------

_Q_CITED = """SELECT ?g ?doc ?number ?type ?issuer ?date ?mention ?level ?province ?plan ?ls ?le
WHERE { GRAPH ?g { ?doc a pk:LegalDocument . FILTER NOT EXISTS { ?doc a pk:Plan }
  OPTIONAL { ?doc eli:number ?number } OPTIONAL { ?doc pk:docType ?type }
  OPTIONAL { ?doc pk:issuerName ?issuer } OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?doc pk:mention ?mention } OPTIONAL { ?doc pk:level ?level }
  OPTIONAL { ?doc pk:province ?province }
  OPTIONAL { ?plan a pk:Plan .
    OPTIONAL { ?st rdf:subject ?plan ; rdf:predicate eli:cites ; rdf:object ?doc ;
               pk:lineStart ?ls ; pk:lineEnd ?le } } }
  FILTER (?g NOT IN (?catalog, ?curation)) }"""

_Q_LINKS = """SELECT DISTINCT ?a ?p ?b WHERE {
  VALUES ?p { eli:applies eli:amends pk:guides }
  GRAPH ?g { ?a ?p ?b . FILTER NOT EXISTS { ?a a pk:Plan } }
  FILTER (?g NOT IN (?catalog, ?curation)) }"""

_TITLE = re.compile(r"\s(?:về\s+(?P<about>.+)|(?P<verb>(?:sửa đổi|triển khai|thực hiện|ban hành|"
                    r"phê duyệt|hướng dẫn)\b.+))$", re.IGNORECASE | re.DOTALL)


def title_from_mention(mention: str | None) -> str | None:
    """The subject of a citation: "... của UBND tỉnh về Sửa đổi ..." -> "Sửa đổi ..."."""
    if not mention:
        return None
    text = re.sub(r"\s*\(sau đây gọi (tắt )?là[^)]*\)\s*", " ", mention).strip(" ;,.")
    at = text.find(" của ")
    m = _TITLE.search(text, at + 1 if at >= 0 else 0)
    if not m:
        return None
    title = (m.group("about") or m.group("verb")).strip(" ;,.\"“”")
    return title[:1].upper() + title[1:] if title else None


@dataclass(frozen=True)
class Reading:
    """One value of a fact as one source states it."""

    value: str
    plan: str | None  # None: the curated catalog
    line_start: int | None = None
    line_end: int | None = None


@dataclass
class CatalogSummary:
    curated: int
    observed: int
    conflicts: dict[str, list[Reading]]  # document IRI -> the differing date readings


def _most(values: list[str]) -> str | None:
    if not values:
        return None
    return max(set(values), key=lambda v: (values.count(v), len(v), v))


def _observed(store: Any) -> tuple[dict[str, dict[str, list[str]]],
                                   dict[str, set[Reading]], dict[str, set[str]]]:
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    dates: dict[str, set[Reading]] = defaultdict(set)
    citing: dict[str, set[str]] = defaultdict(set)
    rows = store.select(_Q_CITED, {"catalog": URIRef(CATALOG_GRAPH),
                                   "curation": URIRef(CURATION_GRAPH)})
    for row in rows:
        doc = str(row["doc"])
        plan = str(row["plan"]) if row.get("plan") is not None else None
        if plan:
            citing[doc].add(plan)
        for key in ("number", "type", "issuer", "mention", "level", "province"):
            if row.get(key) is not None:
                facts[doc][key].append(str(row[key]))
        if row.get("date") is not None:
            ls, le = row.get("ls"), row.get("le")
            dates[doc].add(Reading(str(row["date"])[:10], plan,
                                   int(str(ls)) if ls is not None else None,
                                   int(str(le)) if le is not None else None))
    return facts, dates, citing


def _first_per_plan(readings: set[Reading]) -> list[Reading]:
    """One reading per (value, plan): the earliest line span."""
    best: dict[tuple[str, str | None], Reading] = {}
    for r in sorted(readings, key=lambda r: (r.value, r.plan or "", r.line_start or 0)):
        best.setdefault((r.value, r.plan), r)
    return list(best.values())


def refresh_catalog(store: Any, catalog: Catalog | None = None) -> CatalogSummary:
    """Rewrite ``CATALOG_GRAPH``: curated entries, every document the plans cite that the
    curated part lacks, and a ``pk:Conflict`` for each document the sources date differently.
    Run it after ingesting plans; one atomic update."""
    from kg.identity import canonical_symbol, document_level

    graph = curated_graph(catalog)
    curated_dates = {str(s): str(o) for s, o in graph.subject_objects(ELI.date_document)}
    curated = {str(s) for s in graph.subjects(PK.catalogSource, Literal(CURATED))}
    facts, dates, citing = _observed(store)
    chosen: dict[str, str | None] = dict(curated_dates)
    observed = 0
    for doc, f in sorted(facts.items()):
        if doc in curated:
            continue
        observed += 1
        node = URIRef(doc)
        graph.add((node, RDF.type, PK.LegalDocument))
        number = _most(f["number"])
        _add(graph, node, ELI.number, (canonical_symbol(number) or number) if number else None)
        _add(graph, node, PK.docType, _most(f["type"]))
        _add(graph, node, PK.issuerName, _most(f["issuer"]))
        chosen[doc] = _most([r.value for r in dates[doc]])
        _add(graph, node, ELI.date_document, date_literal(chosen[doc]))
        _add(graph, node, DCTERMS.title, _most([t for t in map(title_from_mention, f["mention"])
                                                if t]))
        _add(graph, node, PK.mention, _most(f["mention"]))
        _add(graph, node, PK.level, document_level(number, _most(f["issuer"])) or
             _most(f["level"]))
        _add(graph, node, PK.province, _most(f["province"]))
        _add(graph, node, PK.catalogSource, OBSERVED)
        for plan in sorted(citing[doc]):
            graph.add((node, PROV.wasDerivedFrom, URIRef(plan)))
    # What the plans say an uncatalogued document implements or amends (their derived links);
    # the plan graphs keep the line-level provenance of each.
    for row in store.select(_Q_LINKS, {"catalog": URIRef(CATALOG_GRAPH),
                                       "curation": URIRef(CURATION_GRAPH)}):
        if str(row["a"]) not in curated:
            graph.add((row["a"], row["p"], row["b"]))
    conflicts: dict[str, list[Reading]] = {}
    for doc in sorted(set(dates) | set(curated_dates)):
        readings = set(dates.get(doc, set()))
        if doc in curated_dates:
            readings.add(Reading(curated_dates[doc], None))
        values = {r.value for r in readings}
        if len(values) < 2:
            continue
        kept = sorted(_first_per_plan(readings), key=lambda r: (r.value, r.plan or ""))
        conflicts[doc] = kept
        _add_conflict(graph, URIRef(doc), kept, chosen.get(doc))
    store.load_graph(CATALOG_GRAPH, graph)
    return CatalogSummary(len(curated), observed, conflicts)


def _add_conflict(graph: Graph, doc: URIRef, readings: list[Reading], chosen: str | None
                  ) -> None:
    """Keep every reading with its source; flag the document instead of choosing silently."""
    conflict = URIRef(f"{doc}/conflict/date")
    graph.add((doc, PK.hasConflict, conflict))
    graph.add((conflict, RDF.type, PK.Conflict))
    graph.add((conflict, PK.about, doc))
    graph.add((conflict, PK.conflictProperty, ELI.date_document))
    _add(graph, conflict, RDFS.comment,
         "Các nguồn ghi ngày ban hành khác nhau: " + ", ".join(sorted({r.value for r in readings})))
    for i, r in enumerate(readings, start=1):
        node = URIRef(f"{conflict}/reading/{i}")
        graph.add((conflict, PK.reading, node))
        _add(graph, node, PK.value, date_literal(r.value))
        if r.plan:
            graph.add((node, PROV.wasDerivedFrom, URIRef(r.plan)))
        else:
            _add(graph, node, DCTERMS.source, "danh mục văn bản (ontology/catalog.json)")
        if r.line_start is not None:
            _add(graph, node, PK.lineStart, Literal(r.line_start))
            _add(graph, node, PK.lineEnd, Literal(r.line_end))
        if r.value != chosen:
            _add(graph, doc, PK.conflictingDate, date_literal(r.value))
