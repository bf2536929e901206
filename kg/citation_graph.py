"""The citation graph of plans and legal documents, read from the store with SPARQL.

Edges point from the citing plan or document to the one it rests on, as a networkx DiGraph,
and every edge keeps its sources: which plan's graph states it, at which lines, or the catalog.
A plan and the document other plans cite for it (``plan owl:sameAs doc``) are one node.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ingest.errors import PlanKGError
from kg.catalog import CURATED, symbol_key
from kg.identity import canonical_symbol, document_level, resolve_symbol
from kg.store import Store
from ontology.iris import CATALOG_GRAPH, ELI, PK

#: Predicate IRI -> relation name.
RELATIONS: dict[str, str] = {
    str(ELI.based_on): "based_on", str(ELI.cites): "cites", str(ELI.applies): "applies",
    str(ELI.amends): "amends", str(PK.guides): "guides",
}
#: Relations a plan or document rests on (what ``trace`` follows).
BASIS_RELATIONS = ("based_on", "applies", "amends")
ROOT_SYMBOL = "57-NQ/TW"
RELATION_VI = {"based_on": "căn cứ", "cites": "trích dẫn", "applies": "thực hiện",
               "amends": "sửa đổi, bổ sung", "guides": "hướng dẫn"}


class LineageError(PlanKGError):
    """A plan or document named on the command line is not in the store (or is ambiguous)."""

    code = "PK310"


@dataclass(frozen=True)
class EdgeSource:
    """Who states an edge: a plan (with its line span) or the catalog."""

    relation: str
    graph: str
    plan: str | None = None  # the plan whose text states it; None for the catalog
    plan_label: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    confidence: float | None = None

    def describe(self) -> str:
        """Vietnamese: "theo 09/KH-UBND, dòng 12-14" / "theo danh mục văn bản"."""
        if self.plan is None:
            return "theo danh mục văn bản"
        where = f"theo {self.plan_label or self.plan}"
        if self.line_start is not None:
            end = self.line_end if self.line_end is not None else self.line_start
            where += f", dòng {self.line_start}" + (f"-{end}" if end != self.line_start else "")
        return where


@dataclass
class NodeInfo:
    """A plan or legal document as the graph knows it (best value of each field)."""

    iri: str
    kind: str = "document"  # plan | document
    number: str | None = None
    doc_type: str | None = None
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    level: str | None = None
    province: str | None = None
    locality: str | None = None
    source_document: str | None = None
    curated: bool = False  # listed in the curated catalog
    aliases: list[str] = field(default_factory=list)  # document IRIs merged into this plan
    dates: dict[str, list[str]] = field(default_factory=dict)  # date -> who states it

    @property
    def label(self) -> str:
        """Short display label: "Kế hoạch 09/KH-UBND" or the source file of an unnumbered plan."""
        kind = self.doc_type or ("Kế hoạch" if self.kind == "plan" else "Văn bản")
        if self.number:
            return f"{kind} {self.number}"
        if self.kind == "plan":
            return f"{kind} ({self.issuer or self.source_document or self.iri})"
        return f"{kind} ({(self.title or self.issuer or self.iri)[:60]})"

    def describe(self) -> str:
        """Label with date, issuer and place: for text trees."""
        bits = []
        if self.date:
            y, m, d = self.date[:10].split("-")
            bits.append(f"{d}/{m}/{y}")
        if self.issuer:
            bits.append(self.issuer)
        place = ", ".join(p for p in (self.locality, self.province) if p)
        if place and self.kind == "plan":
            bits.append(place)
        return self.label + (f" ({'; '.join(bits)})" if bits else "")


_Q_EDGES = """SELECT ?g ?s ?p ?o WHERE {
  VALUES ?p { eli:based_on eli:cites eli:applies eli:amends pk:guides }
  GRAPH ?g { ?s ?p ?o } }"""
_Q_STATEMENTS = """SELECT ?g ?s ?p ?o ?src ?ls ?le ?conf WHERE { GRAPH ?g {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?st prov:wasQuotedFrom ?src } OPTIONAL { ?st pk:lineStart ?ls }
  OPTIONAL { ?st pk:lineEnd ?le } OPTIONAL { ?st pk:confidence ?conf } } }"""
_Q_PLANS = """SELECT ?g ?plan ?number ?type ?title ?issuer ?date ?doc ?same ?loc ?province
WHERE { GRAPH ?g { ?plan a pk:Plan .
  OPTIONAL { ?plan eli:number ?number } OPTIONAL { ?plan pk:docType ?type }
  OPTIONAL { ?plan eli:title ?title } OPTIONAL { ?plan pk:issuerName ?issuer }
  OPTIONAL { ?plan eli:date_document ?date } OPTIONAL { ?plan pk:sourceDocument ?doc }
  OPTIONAL { ?plan owl:sameAs ?same }
  OPTIONAL { ?plan pk:locality ?l . ?l rdfs:label ?loc .
    OPTIONAL { ?l pk:province ?p . ?p rdfs:label ?province } } } }"""
_Q_DOCS = """SELECT ?g ?doc ?number ?type ?title ?mention ?issuer ?date ?level ?province ?cat
WHERE { GRAPH ?g { ?doc a pk:LegalDocument . FILTER NOT EXISTS { ?doc a pk:Plan }
  OPTIONAL { ?doc eli:number ?number } OPTIONAL { ?doc pk:docType ?type }
  OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc pk:mention ?mention }
  OPTIONAL { ?doc pk:issuerName ?issuer } OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?doc pk:level ?level } OPTIONAL { ?doc pk:province ?province }
  OPTIONAL { ?doc pk:catalogSource ?cat } } }"""


def _s(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return None if value is None else str(value)


def _int(row: dict[str, Any], key: str) -> int | None:
    value = row.get(key)
    try:
        return None if value is None else int(str(value))
    except ValueError:
        return None


def _best(values: list[str]) -> str | None:
    """Most frequent value; ties go to the longest (most informative) one."""
    if not values:
        return None
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    return max(counts, key=lambda v: (counts[v], len(v), v))


class _Collector:
    """Field readings per node, with the catalog's readings winning for documents."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.catalog: dict[str, dict[str, str]] = defaultdict(dict)

    def add(self, iri: str, key: str, value: str | None, from_catalog: bool) -> None:
        if value:
            if from_catalog:
                self.catalog[iri].setdefault(key, value)
            self.values[iri][key].append(value)

    def get(self, iri: str, key: str) -> str | None:
        return self.catalog[iri].get(key) or _best(self.values[iri][key])


def citation_graph(store: Store) -> nx.DiGraph:
    """The citation graph: nodes carry ``info`` (:class:`NodeInfo`), edges ``relations`` and
    ``sources``; graph attributes ``aliases`` (document IRI -> plan IRI) and
    ``self_citations``."""
    graph = nx.DiGraph()
    plan_of_graph: dict[str, str] = {}
    col = _Collector()
    plans: dict[str, NodeInfo] = {}
    aliases: dict[str, str] = {}
    for row in store.select(_Q_PLANS):
        iri = str(row["plan"])
        plan_of_graph[str(row["g"])] = iri
        info = plans.setdefault(iri, NodeInfo(iri, kind="plan"))
        info.number = info.number or _s(row, "number")
        info.doc_type = info.doc_type or _s(row, "type")
        info.title = info.title or _s(row, "title")
        info.issuer = info.issuer or _s(row, "issuer")
        info.date = info.date or _s(row, "date")
        info.source_document = info.source_document or _s(row, "doc")
        info.locality = info.locality or _s(row, "loc")
        info.province = info.province or _s(row, "province") or (
            info.locality if info.locality and not _s(row, "province") else None)
        same = _s(row, "same")
        if same and same != iri:
            aliases[same] = iri
            if same not in info.aliases:
                info.aliases.append(same)
    for info in plans.values():
        if info.date:
            info.dates.setdefault(info.date[:10], []).append(info.label)
        if info.province == info.locality:  # a provincial plan: its locality is the province
            info.level = "provincial"
        graph.add_node(info.iri, info=info)

    plan_label = {iri: info.label for iri, info in plans.items()}
    docs: dict[str, NodeInfo] = {}
    for row in store.select(_Q_DOCS):
        iri = str(row["doc"])
        from_catalog = str(row["g"]) == CATALOG_GRAPH
        who = "danh mục" if from_catalog else plan_label.get(plan_of_graph.get(str(row["g"]), ""),
                                                              str(row["g"]))
        target = aliases.get(iri, iri)
        info = plans.get(target) or docs.setdefault(iri, NodeInfo(iri))
        date = _s(row, "date")
        if date:
            readers = info.dates.setdefault(date[:10], [])
            if who not in readers:
                readers.append(who)
        if target in plans:
            continue
        for key in ("number", "type", "title", "mention", "issuer", "level", "province"):
            col.add(iri, key, _s(row, key), from_catalog)
        col.add(iri, "date", date, from_catalog)
        if _s(row, "cat") == CURATED:
            info.curated = True
    for iri, info in docs.items():
        info.number = col.get(iri, "number")
        symbol = canonical_symbol(info.number) if info.number else None
        info.number = col.catalog[iri].get("number") or symbol or info.number
        info.doc_type = col.get(iri, "type")
        info.title = col.get(iri, "title") or col.get(iri, "mention")
        info.issuer = col.get(iri, "issuer")
        info.date = col.get(iri, "date")
        # The catalog's level, else what the symbol and issuer say, else what the builder wrote.
        info.level = col.catalog[iri].get("level") or document_level(
            info.number, info.issuer) or col.get(iri, "level")
        info.province = col.get(iri, "province")
        graph.add_node(iri, info=info)

    statements: dict[tuple[str, str, str, str], list[EdgeSource]] = defaultdict(list)
    for row in store.select(_Q_STATEMENTS):
        p = str(row["p"])
        if p not in RELATIONS:
            continue
        g = str(row["g"])
        plan = _s(row, "src") or plan_of_graph.get(g)
        conf = row.get("conf")
        statements[(g, str(row["s"]), p, str(row["o"]))].append(EdgeSource(
            RELATIONS[p], g, plan, plan_label.get(plan or ""), _int(row, "ls"), _int(row, "le"),
            float(str(conf)) if conf is not None else None))
    self_citations: list[tuple[str, str]] = []
    for row in store.select(_Q_EDGES):
        g, s, p, o = str(row["g"]), str(row["s"]), str(row["p"]), str(row["o"])
        if g == CATALOG_GRAPH and s in docs and not docs[s].curated:
            continue  # copied from plan graphs by refresh_catalog: the plans are the sources
        s2, o2 = aliases.get(s, s), aliases.get(o, o)
        if s2 == o2:
            self_citations.append((s2, RELATIONS[p]))
            continue
        for node in (s2, o2):
            if node not in graph:
                graph.add_node(node, info=NodeInfo(node))
        srcs = statements.get((g, s, p, o)) or [EdgeSource(
            RELATIONS[p], g, None if g == CATALOG_GRAPH else plan_of_graph.get(g),
            None if g == CATALOG_GRAPH else plan_label.get(plan_of_graph.get(g, "")))]
        if graph.has_edge(s2, o2):
            data = graph.edges[s2, o2]
            if RELATIONS[p] not in data["relations"]:
                data["relations"].append(RELATIONS[p])
            data["sources"].extend(x for x in srcs if x not in data["sources"])
        else:
            graph.add_edge(s2, o2, relations=[RELATIONS[p]], sources=list(srcs))
    graph.graph["aliases"] = aliases
    graph.graph["self_citations"] = self_citations
    return graph


def basis_view(graph: nx.DiGraph, relations: tuple[str, ...] = BASIS_RELATIONS) -> nx.DiGraph:
    """A live view keeping only edges with one of ``relations`` (what traversals follow)."""
    return nx.subgraph_view(
        graph, filter_edge=lambda u, v: any(r in relations for r in graph.edges[u, v]["relations"]))


def node_info(graph: nx.DiGraph, iri: str) -> NodeInfo:
    """The :class:`NodeInfo` a node carries."""
    return graph.nodes[iri]["info"]


def find_nodes(graph: nx.DiGraph, text: str) -> list[str]:
    """Nodes a user's words name: an IRI, a plan's source file, or a symbol (plans first)."""
    text = text.strip()
    aliases = graph.graph.get("aliases", {})
    if text.startswith(("http://", "https://")):
        iri = aliases.get(text, text)
        return [iri] if iri in graph else []
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", text)
    plans = [n for n in graph if node_info(graph, n).kind == "plan"]
    by_file = [n for n in plans if node_info(graph, n).source_document
               and re.sub(r"\.[A-Za-z0-9]+$", "", node_info(graph, n).source_document) == stem]
    if by_file:
        return by_file
    key = symbol_key(canonical_symbol(text) or text)
    by_number = [n for n in graph
                 if node_info(graph, n).number and symbol_key(
                     canonical_symbol(node_info(graph, n).number) or node_info(graph, n).number) == key]
    if by_number:
        return sorted(by_number, key=lambda n: (node_info(graph, n).kind != "plan", n))
    iri = aliases.get(resolve_symbol(text).iri, resolve_symbol(text).iri)
    return [iri] if iri in graph else []


def resolve_one(graph: nx.DiGraph, text: str) -> str:
    """The one node a user's words name (a plan before a document); LineageError if none or
    several."""
    found = find_nodes(graph, text)
    if not found:
        raise LineageError(f"Không tìm thấy kế hoạch hay văn bản '{text}' trong kho dữ liệu.")
    plans = [n for n in found if node_info(graph, n).kind == "plan"]
    if len(plans) > 1 or (not plans and len(found) > 1):
        names = "; ".join(f"{node_info(graph, n).describe()} <{n}>" for n in (plans or found))
        raise LineageError(f"'{text}' chỉ nhiều văn bản, hãy dùng IRI: {names}")
    return plans[0] if plans else found[0]


def root_iri(graph: nx.DiGraph, symbol: str) -> str | None:
    """The node of a document symbol (such as ROOT_SYMBOL), None when the graph lacks it."""
    found = find_nodes(graph, symbol)
    return found[0] if found else None
