"""PlanRecord -> RDF: the triples of one plan's named graph (see ``ontology/plankg.ttl``).

Deterministic: the same record always gives the same triples (no blank nodes, no counters
outside document order), so re-ingesting a plan replaces its graph with an identical one and
human corrections keyed on its IRIs keep applying.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ingest.normalize import fold
from ingest.records import (
    REVIEW_THRESHOLD,
    Agency,
    DocumentRef,
    PlanRecord,
    Provenance,
)
from kg.identity import document_iri_for, resolve
from kg.rdf_terms import date_literal
from ontology.iris import (
    DCTERMS,
    ELI,
    ORG,
    OWL,
    PK,
    PROV,
    RDF,
    RDFS,
    SKOS,
    XSD,
    agency_iri,
    agency_type_iri,
    assignment_iri,
    indicator_iri,
    is_central_symbol,
    locality_iri,
    plan_graph_iri,
    plan_iri,
    slug,
    task_iri,
)

__all__ = ["PlanGraph", "ItemIris", "build_plan_graph", "item_iris", "plan_iri_for",
           "locality_level", "bind_prefixes"]

#: Level words that open a locality name, longest first ("thị xã" before "xã").
LEVEL_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh",
               "xã")
#: Centrally-run cities (post-2025): their PK:level is "thành phố", other provinces "tỉnh".
CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
RELATION_PREDICATES = {"implements": ELI.applies, "amends": ELI.amends, "guides": PK.guides}


@dataclass
class PlanGraph:
    """Everything one plan contributes to the store: its IRI, its named graph and triples."""

    plan_iri: str
    graph_iri: str
    graph: Graph

    def __len__(self) -> int:
        return len(self.graph)


def bind_prefixes(graph: Graph) -> Graph:
    """Readable prefixes for serialisations of plankg graphs."""
    for prefix, ns in (("pk", PK), ("eli", ELI), ("org", ORG), ("prov", PROV), ("skos", SKOS),
                       ("dcterms", DCTERMS), ("owl", OWL), ("xsd", XSD)):
        graph.bind(prefix, ns)
    return graph


def plan_iri_for(record: PlanRecord) -> str:
    """The plan's IRI from its source document and locality (the re-ingestion identity)."""
    return plan_iri(record.doc, record.header.locality, record.header.province)


def locality_level(name: str) -> str | None:
    """The administrative level word a locality name starts with ("phường Phước Bình" -> "phường")."""
    folded = fold(name)
    for word in LEVEL_WORDS:
        if folded == fold(word) or folded.startswith(fold(word) + " "):
            return word
    return None


def _province_level(province: str) -> str:
    level = locality_level(province)
    if level in ("tỉnh", "thành phố"):
        return level
    return "thành phố" if fold(province) in CENTRAL_CITIES else "tỉnh"


def _bare_province(province: str) -> str:
    """"tỉnh Đồng Nai" -> "Đồng Nai": one province node whichever way a header words it."""
    level = locality_level(province)
    if level in ("tỉnh", "thành phố"):
        rest = province.strip()[len(level):].strip()
        return rest or province.strip()
    return province.strip()


def _text(value: str | None) -> Literal | None:
    value = (value or "").strip()
    return Literal(value) if value else None


def _doc_level(ref: DocumentRef) -> str | None:
    if ref.level:
        return ref.level
    if ref.number and is_central_symbol(ref.number):
        return "central"
    issuer = fold(ref.issuer or "")
    if re.search(r"\b(xa|phuong|dac khu|thi tran|dang uy)\b", issuer):
        return "local"
    if "tinh" in issuer.split() or ref.province:
        return "provincial"
    return None


_Item = TypeVar("_Item")


class _Builder:
    """Collects the triples of one plan; one instance per build."""

    def __init__(self, record: PlanRecord) -> None:
        self.record = record
        self.header = record.header
        self.plan = URIRef(plan_iri_for(record))
        self.graph = bind_prefixes(Graph(identifier=URIRef(plan_graph_iri(str(self.plan)))))
        self.locality: URIRef | None = None
        self._agency_index = self._index_agencies(record.agencies)
        self._agency_nodes: set[URIRef] = set()
        self._docs_by_symbol: dict[str, URIRef] = {}

    # -- small helpers -------------------------------------------------------------------
    def add(self, s: Node, p: URIRef, o: Node | None) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def item_nodes(self, items: Sequence[_Item], iris: Sequence[str | None],
                   rdf_type: URIRef) -> Iterator[tuple[int, _Item, URIRef]]:
        """(order, item, node) of a plan's numbered items, each typed and tied to the plan;
        items without an IRI are skipped but keep their place in the order."""
        for order, (item, iri) in enumerate(zip(items, iris, strict=True), start=1):
            if iri is None:
                continue
            node = URIRef(iri)
            self.add(node, RDF.type, rdf_type)
            self.add(node, PK.plan, self.plan)
            yield order, item, node

    def add_provenance(self, node: URIRef, prov: Provenance | None,
                       field_confidence: dict[str, float] | None = None) -> None:
        """prov:wasDerivedFrom the plan, line span, confidence, review flag."""
        self.add(node, PROV.wasDerivedFrom, self.plan)
        lowest = min((field_confidence or {}).values(), default=1.0)
        if prov is not None:
            self.add(node, PK.lineStart, Literal(prov.line_start))
            self.add(node, PK.lineEnd, Literal(prov.line_end))
            self.add(node, PK.extractionMethod, _text(prov.method))
            if prov.page is not None:
                self.add(node, PK.page, Literal(prov.page))
            lowest = min(lowest, prov.confidence)
        if prov is not None or field_confidence:
            conf = Decimal(str(round(max(0.0, min(1.0, lowest)), 4)))
            self.add(node, PK.confidence, Literal(conf, datatype=XSD.decimal))
        if lowest < REVIEW_THRESHOLD:
            self.add(node, PK.needsReview, Literal(True))

    @staticmethod
    def _index_agencies(agencies: Iterable[Agency]) -> dict[str, Agency]:
        index: dict[str, Agency] = {}
        for agency in agencies:
            for name in (agency.name, *agency.aliases):
                index.setdefault(fold(name), agency)
        return index

    def agency(self, name: str) -> URIRef | None:
        """Resolve a name (canonical or alias) to the plan's agency node, adding its triples."""
        if not name or not name.strip():
            return None
        known = self._agency_index.get(fold(name))
        canonical = known.name if known else name.strip()
        node = URIRef(agency_iri(canonical, self.header.locality, self.header.province))
        if node in self._agency_nodes:  # names equal but for case or marks: one node, one label
            return node
        self._agency_nodes.add(node)
        self.add(node, RDF.type, ORG.Organization)
        self.add(node, RDF.type, PK.Agency)
        self.add(node, SKOS.prefLabel, Literal(canonical))
        self.add(node, PK.locality, self.locality)
        if known:
            for alias in known.aliases:
                if fold(alias) != fold(canonical):
                    self.add(node, SKOS.altLabel, Literal(alias))
            if known.agency_type:
                self.add(node, ORG.classification, URIRef(agency_type_iri(known.agency_type)))
        return node

    # -- sections ------------------------------------------------------------------------
    def build_localities(self) -> None:
        h = self.header
        province = None
        if h.province:
            name = _bare_province(h.province)
            province = URIRef(locality_iri(name))
            self.add(province, RDF.type, PK.Locality)
            self.add(province, RDFS.label, Literal(name))
            self.add(province, PK.level, Literal(_province_level(h.province)))
        if h.locality:
            self.locality = URIRef(locality_iri(h.locality, h.province))
            if self.locality != province:
                self.add(self.locality, RDF.type, PK.Locality)
                self.add(self.locality, RDFS.label, Literal(h.locality))
                level = locality_level(h.locality)
                self.add(self.locality, PK.level, Literal(level) if level else None)
                self.add(self.locality, PK.province, province)
        elif province is not None:
            self.locality = province

    def build_plan(self) -> None:
        h, p = self.header, self.plan
        self.add(p, RDF.type, PK.Plan)
        self.add(p, RDF.type, PK.LegalDocument)
        self.add(p, ELI.number, _text(h.number))
        self.add(p, PK.docType, _text(h.doc_type))
        self.add(p, ELI.title, _text(h.title))
        self.add(p, ELI.date_document, date_literal(h.date))
        self.add(p, PK.issuerName, _text(h.issuer))
        self.add(p, PK.issuerKind, _text(h.issuer_kind))
        self.add(p, PK.signer, _text(h.signer))
        self.add(p, PK.locality, self.locality)
        self.add(p, PK.sourceDocument, Literal(self.record.doc))
        self.add(p, PK.sourceSha256, _text(self.record.source_sha256))
        if self.record.text_restored:
            self.add(p, PK.textRestored, Literal(True))
        if h.issuer:
            self.add(p, ELI.passed_by, self.agency(h.issuer))
        if h.number:
            own = DocumentRef(number=h.number, doc_type=h.doc_type, issuer=h.issuer, date=h.date,
                              province=h.province)
            self.add(p, OWL.sameAs, URIRef(document_iri_for(own, h.province, h.locality)))

    def document(self, ref: DocumentRef) -> URIRef:
        """The cited document's node (identity from kg.identity), with what this plan says."""
        res = resolve(ref, self.header.province, self.header.locality)
        node = URIRef(res.iri)
        self.add(node, RDF.type, PK.LegalDocument)
        self.add(node, ELI.number, _text(res.symbol or ref.number))
        if ref.number and res.symbol and fold(ref.number) != fold(res.symbol):
            self.add(node, PK.printedVariant, Literal(ref.number))
        self.add(node, PK.docType, _text(ref.doc_type))
        self.add(node, PK.issuerName, _text(ref.issuer))
        self.add(node, ELI.date_document, date_literal(ref.date))
        self.add(node, PK.mention, _text(ref.mention))
        self.add(node, PK.level, _text(res.level or _doc_level(ref)))
        self.add(node, PK.province, _text(ref.province or res.province))
        for symbol in (ref.number, res.symbol):
            if symbol:
                self._docs_by_symbol.setdefault(fold(symbol), node)
        return node

    def add_statement(self, s: URIRef, p: URIRef, o: URIRef, prov: Provenance | None,
                      order: int | None = None) -> None:
        """Reify one mention of a document-to-document edge so its provenance has a node.

        One node per (edge, line span): an edge mentioned twice keeps both spans; the same
        mention listed twice (legal basis and citation) is one node, first facts winning.
        """
        span = f"{prov.line_start}-{prov.line_end}" if prov is not None else ""
        key = "|".join((str(s), str(p), str(o), span)).encode()
        node = URIRef(f"{self.plan}/statement/{hashlib.sha1(key).hexdigest()[:16]}")
        if (node, RDF.type, RDF.Statement) in self.graph:
            return
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        self.add(node, PROV.wasQuotedFrom, self.plan)
        if order is not None:
            self.add(node, PK.order, Literal(order))
        if prov is not None:
            self.add(node, PK.lineStart, Literal(prov.line_start))
            self.add(node, PK.lineEnd, Literal(prov.line_end))
            self.add(node, PK.extractionMethod, _text(prov.method))
            conf = Decimal(str(round(max(0.0, min(1.0, prov.confidence)), 4)))
            self.add(node, PK.confidence, Literal(conf, datatype=XSD.decimal))
            if prov.needs_review:
                self.add(node, PK.needsReview, Literal(True))

    def build_citations(self) -> None:
        for order, ref in enumerate(self.record.legal_bases, start=1):
            doc = self.document(ref)
            self.add(self.plan, ELI.based_on, doc)
            self.add_statement(self.plan, ELI.based_on, doc, ref.provenance, order)
        cited = [*self.record.legal_bases, *self.record.cited_documents]
        for order, ref in enumerate(cited, start=1):
            doc = self.document(ref)
            self.add(self.plan, ELI.cites, doc)
            self.add_statement(self.plan, ELI.cites, doc, ref.provenance, order)
        for link in self.record.derived_links:
            pred = RELATION_PREDICATES.get(link.relation)
            src = self._resolve_symbol(link.source)
            dst = self._resolve_symbol(link.target)
            if pred is None or src is None or dst is None:
                continue
            self.add(src, pred, dst)
            self.add_statement(src, pred, dst, link.provenance)

    def _resolve_symbol(self, symbol: str | None) -> URIRef | None:
        """A symbol named in a derived link -> the cited document node (or a new one)."""
        if not symbol:
            return None
        known = self._docs_by_symbol.get(fold(symbol))
        if known is None:
            resolved = resolve(DocumentRef(number=symbol), self.header.province,
                               self.header.locality).symbol
            known = self._docs_by_symbol.get(fold(resolved or symbol))
        return known if known is not None else self.document(DocumentRef(number=symbol))

    def build_tasks(self) -> None:
        for order, task, node in self.item_nodes(self.record.tasks,
                                                 item_iris(self.record).tasks, PK.Task):
            self.add(node, PK.taskId, _text(task.id))
            self.add(node, PK.group, _text(task.group))
            self.add(node, PK.text, _text(task.text))
            self.add(node, PK.textRaw, _text(task.text_raw))
            self.add(node, PK.output, _text(task.output))
            self.add(node, PK.deadline, _text(task.deadline))
            self.add(node, PK.deadlineDate, date_literal(task.deadline_date))
            if task.deadline_year is not None:
                self.add(node, PK.deadlineYear, Literal(int(task.deadline_year)))
            self.add(node, PK.order, Literal(order))
            for name in task.lead:
                self.add(node, PK.lead, self.agency(name))
            for name in task.support:
                self.add(node, PK.support, self.agency(name))
            self.add_provenance(node, task.provenance, task.field_confidence)

    def build_indicators(self) -> None:
        for order, ind, node in self.item_nodes(self.record.indicators,
                                                item_iris(self.record).indicators, PK.Indicator):
            self.add(node, PK.indicatorId, _text(ind.id))
            self.add(node, PK.text, _text(ind.text))
            self.add(node, PK.textRaw, _text(ind.text_raw))
            self.add(node, PK.unit, _text(ind.unit))
            self.add(node, PK.order, Literal(order))
            if ind.year is not None:
                self.add(node, PK.year, Literal(int(ind.year)))
            if isinstance(ind.target, dict):
                for year, value in sorted(ind.target.items()):
                    target = URIRef(f"{node}/target/{slug(str(year))}")
                    self.add(node, PK.hasTarget, target)
                    self.add(target, RDF.type, PK.Target)
                    if str(year).isdigit():
                        self.add(target, PK.year, Literal(int(year)))
                    self.add(target, PK.value, _text(str(value)))
            else:
                self.add(node, PK.target, _text(ind.target))
            for name in ind.owner:
                self.add(node, PK.owner, self.agency(name))
            self.add_provenance(node, ind.provenance, ind.field_confidence)

    def build_assignments(self) -> None:
        for order, item, node in self.item_nodes(self.record.assignments,
                                                 item_iris(self.record).assignments,
                                                 PK.Assignment):
            self.add(node, PK.agency, self.agency(item.agency))
            self.add(node, PK.duty, _text(item.duty))
            self.add(node, PK.textRaw, _text(item.duty_raw))
            self.add(node, PK.order, Literal(order))
            self.add_provenance(node, item.provenance)
            if not item.agency.strip():  # a duty nobody was named for: a reviewer must look
                self.graph.set((node, PK.needsReview, Literal(True)))

    def build_agencies(self) -> None:
        """Agencies listed by the record but given no role still belong to the plan's graph."""
        for agency in self.record.agencies:
            self.agency(agency.name)


@dataclass(frozen=True)
class ItemIris:
    """IRIs of a record's items, aligned with its lists; None where an item has no text
    and is not written. The search index uses the same function so both name items alike."""

    tasks: list[str | None]
    indicators: list[str | None]
    assignments: list[str | None]


def item_iris(record: PlanRecord) -> ItemIris:
    """The IRI every task, indicator and assignment of a record gets in the graph."""
    plan = plan_iri_for(record)
    task_seen: dict[str, int] = {}
    tasks = [task_iri(plan, _unique(t.id or str(n), task_seen)) if t.text.strip() else None
             for n, t in enumerate(record.tasks, start=1)]
    ind_seen: dict[str, int] = {}
    indicators = [indicator_iri(plan, _unique(i.id or str(n), ind_seen)) if i.text.strip()
                  else None for n, i in enumerate(record.indicators, start=1)]
    assignments = [assignment_iri(plan, n) if a.duty.strip() else None
                   for n, a in enumerate(record.assignments, start=1)]
    return ItemIris(tasks, indicators, assignments)


def _unique(key: str, seen: dict[str, int]) -> str:
    """Keep IRIs distinct when a document repeats a numbering (document order decides)."""
    count = seen.get(key, 0) + 1
    seen[key] = count
    return key if count == 1 else f"{key}-{count}"


def build_plan_graph(record: PlanRecord) -> PlanGraph:
    """All triples of one plan's named graph, built from its extracted record."""
    builder = _Builder(record)
    builder.build_localities()
    builder.build_plan()
    builder.build_citations()
    builder.build_agencies()
    builder.build_tasks()
    builder.build_indicators()
    builder.build_assignments()
    graph = builder.graph
    return PlanGraph(plan_iri=str(builder.plan), graph_iri=str(graph.identifier), graph=graph)
