"""Lineage: what a plan rests on, up to Resolution 57-NQ/TW, and who rests on a document.

The citation graph is read from the store with SPARQL into a networkx DiGraph (edges point from
the citing plan or document to the one it rests on) and every edge keeps its sources: which
plan's graph states it, at which lines, or the catalog. A plan and the document other plans
cite for it (``plan owl:sameAs doc``) are one node. Traversals use visited sets, so cycles and
self-citations in the input neither hang nor crash. :func:`sparql_bases` and
:func:`sparql_implementers` give the same answers with SPARQL property paths (tested to agree).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rdflib import URIRef

from ingest.errors import PlanKGError
from ingest.normalize import fold
from kg.catalog import CURATED, symbol_key
from kg.identity import canonical_symbol, document_level, resolve_symbol
from kg.store import Store
from ontology.iris import CATALOG_GRAPH, ELI, PK

__all__ = [
    "RELATIONS", "BASIS_RELATIONS", "ROOT_SYMBOL", "LineageError", "EdgeSource", "NodeInfo",
    "LineageEdge", "LineageTree", "Implementer", "PlanGap", "DocumentGap", "DateConflict",
    "GapsReport", "GraphNode", "GraphEdge", "citation_graph", "find_nodes", "trace",
    "implementers", "gaps", "lineage_graph", "to_dot", "sparql_bases", "sparql_implementers",
]

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
_BASIS_PATH = "(eli:based_on|eli:applies|eli:amends)"


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


@dataclass
class LineageEdge:
    source: str
    target: str
    relations: list[str]
    sources: list[EdgeSource]


def _node_dict(node: NodeInfo) -> dict[str, Any]:
    d = asdict(node)
    d["label"] = node.label
    return d


# -- reading the store ------------------------------------------------------------------------

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


def _basis_view(graph: nx.DiGraph, relations: tuple[str, ...] = BASIS_RELATIONS) -> nx.DiGraph:
    return nx.subgraph_view(
        graph, filter_edge=lambda u, v: any(r in relations for r in graph.edges[u, v]["relations"]))


def _info(graph: nx.DiGraph, iri: str) -> NodeInfo:
    return graph.nodes[iri]["info"]


def find_nodes(graph: nx.DiGraph, text: str) -> list[str]:
    """Nodes a user's words name: an IRI, a plan's source file, or a symbol (plans first)."""
    text = text.strip()
    aliases = graph.graph.get("aliases", {})
    if text.startswith(("http://", "https://")):
        iri = aliases.get(text, text)
        return [iri] if iri in graph else []
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", text)
    plans = [n for n in graph if _info(graph, n).kind == "plan"]
    by_file = [n for n in plans if _info(graph, n).source_document
               and re.sub(r"\.[A-Za-z0-9]+$", "", _info(graph, n).source_document) == stem]
    if by_file:
        return by_file
    key = symbol_key(canonical_symbol(text) or text)
    by_number = [n for n in graph
                 if _info(graph, n).number and symbol_key(
                     canonical_symbol(_info(graph, n).number) or _info(graph, n).number) == key]
    if by_number:
        return sorted(by_number, key=lambda n: (_info(graph, n).kind != "plan", n))
    iri = aliases.get(resolve_symbol(text).iri, resolve_symbol(text).iri)
    return [iri] if iri in graph else []


def _one(graph: nx.DiGraph, text: str) -> str:
    found = find_nodes(graph, text)
    if not found:
        raise LineageError(f"Không tìm thấy kế hoạch hay văn bản '{text}' trong kho dữ liệu.")
    plans = [n for n in found if _info(graph, n).kind == "plan"]
    if len(plans) > 1 or (not plans and len(found) > 1):
        names = "; ".join(f"{_info(graph, n).describe()} <{n}>" for n in (plans or found))
        raise LineageError(f"'{text}' chỉ nhiều văn bản, hãy dùng IRI: {names}")
    return plans[0] if plans else found[0]


# -- trace ------------------------------------------------------------------------------------

@dataclass
class LineageTree:
    """The DAG of what ``root`` rests on, up to the documents that rest on nothing further."""

    root: str
    nodes: dict[str, NodeInfo]
    edges: list[LineageEdge]

    def children(self, iri: str) -> list[LineageEdge]:
        return [e for e in self.edges if e.source == iri]

    @property
    def roots(self) -> list[str]:
        """The top of the lineage: nodes that rest on nothing further."""
        has_out = {e.source for e in self.edges}
        return [n for n in self.nodes if n not in has_out and n != self.root]

    def reaches(self, iri: str) -> bool:
        return iri in self.nodes and iri != self.root

    def to_text(self) -> str:
        """An indented tree; a node met again is printed once and then referred to."""
        lines = [self.nodes[self.root].describe()]
        shown: set[str] = {self.root}

        def walk(iri: str, prefix: str, path: set[str]) -> None:
            kids = sorted(self.children(iri), key=lambda e: self.nodes[e.target].label)
            for i, edge in enumerate(kids):
                last = i == len(kids) - 1
                rel = ", ".join(RELATION_VI[r] for r in edge.relations)
                src = _sources_text(edge.sources, self.root)
                node = self.nodes[edge.target]
                again = edge.target in shown
                mark = " (vòng lặp)" if edge.target in path else " (đã nêu ở trên)" if again else ""
                lines.append(f"{prefix}{'└─' if last else '├─'} [{rel}] {node.describe()}{mark}"
                             f"  ← {src}")
                if not again:
                    shown.add(edge.target)
                    walk(edge.target, prefix + ("   " if last else "│  "), path | {edge.target})

        walk(self.root, "", {self.root})
        return "\n".join(lines)

    def to_dot(self) -> str:
        nodes, edges = self.graph_parts()
        return to_dot(nodes, edges)

    def graph_parts(self) -> tuple[list[GraphNode], list[GraphEdge]]:
        nodes = [GraphNode(n, info.label, info.kind, info.level, n == self.root,
                           info.describe()) for n, info in self.nodes.items()]
        edges = [GraphEdge(e.source, e.target, ", ".join(RELATION_VI[r] for r in e.relations),
                           "; ".join(dict.fromkeys(s.describe() for s in e.sources)))
                 for e in self.edges]
        return nodes, edges

    def to_json(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "nodes": [_node_dict(n) for n in self.nodes.values()],
            "edges": [{"source": e.source, "target": e.target, "relations": e.relations,
                       "sources": [asdict(s) for s in e.sources]} for e in self.edges],
        }


def _sources_text(sources: list[EdgeSource], root: str, limit: int = 3) -> str:
    """The traced plan's own statement first, then other plans, then the catalog."""
    ordered = sorted(sources, key=lambda s: (s.plan != root, s.plan is None, s.line_start or 0))
    texts = list(dict.fromkeys(s.describe() for s in ordered))
    more = f"; và {len(texts) - limit} nguồn khác" if len(texts) > limit else ""
    return "; ".join(texts[:limit]) + more


def _tree(graph: nx.DiGraph, start: str, relations: tuple[str, ...]) -> LineageTree:
    view = _basis_view(graph, relations)
    reach = {start} | nx.descendants(view, start)
    edges = []
    for u, v in view.subgraph(reach).edges:
        data = graph.edges[u, v]
        rels = [r for r in data["relations"] if r in relations]
        edges.append(LineageEdge(u, v, rels, [s for s in data["sources"] if s.relation in rels]))
    edges.sort(key=lambda e: (e.source, e.target))
    return LineageTree(start, {n: _info(graph, n) for n in sorted(reach)}, edges)


def trace(store: Store | nx.DiGraph, plan: str, include_cites: bool = False) -> LineageTree:
    """What ``plan`` (IRI, symbol such as "09/KH-UBND", or source file name) rests on."""
    graph = store if isinstance(store, nx.DiGraph) else citation_graph(store)
    relations = BASIS_RELATIONS + (("cites",) if include_cites else ())
    return _tree(graph, _one(graph, plan), relations)


# -- reverse lineage --------------------------------------------------------------------------

@dataclass
class Implementer:
    """A plan resting on a document, directly or through others."""

    plan: str
    label: str
    province: str | None
    locality: str | None
    source_document: str | None
    direct: bool
    path: list[str]  # labels from the plan to the document


def _root_iri(graph: nx.DiGraph, symbol: str) -> str | None:
    found = find_nodes(graph, symbol)
    return found[0] if found else None


def implementers(store: Store | nx.DiGraph, doc: str) -> list[Implementer]:
    """Every plan resting on ``doc`` (IRI or symbol), sorted by province and locality."""
    graph = store if isinstance(store, nx.DiGraph) else citation_graph(store)
    targets = find_nodes(graph, doc)
    if not targets:
        raise LineageError(f"Không tìm thấy văn bản '{doc}' trong kho dữ liệu.")
    view = _basis_view(graph)
    out: dict[str, Implementer] = {}
    for target in targets:
        for node in nx.ancestors(view, target):
            info = _info(graph, node)
            if info.kind != "plan" or node in out:
                continue
            path = nx.shortest_path(view, node, target)
            out[node] = Implementer(node, info.label, info.province, info.locality,
                                    info.source_document, len(path) == 2,
                                    [_info(graph, n).label for n in path])
    return sorted(out.values(), key=lambda i: (fold(i.province or "~"), fold(i.locality or "~"),
                                               i.label))


# -- gaps -------------------------------------------------------------------------------------

@dataclass
class PlanGap:
    plan: str
    label: str
    province: str | None
    locality: str | None
    detail: str
    missing: list[str] = field(default_factory=list)  # labels of documents it should rest on


@dataclass
class DocumentGap:
    document: str
    label: str
    unknown: list[str]  # which facts are missing: "danh mục", "trích yếu", "cơ quan ban hành"
    cited_by: list[str]


@dataclass
class DateConflict:
    document: str
    label: str
    readings: dict[str, list[str]]  # date -> who states it


@dataclass
class GapsReport:
    not_reaching_root: list[PlanGap]
    skipping_province: list[PlanGap]
    uncatalogued: list[DocumentGap]
    conflicts: list[DateConflict]
    self_citations: list[str]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def to_text(self) -> str:
        out = [f"1. Kế hoạch không dẫn tới Nghị quyết {ROOT_SYMBOL}: {len(self.not_reaching_root)}"]
        out += [f"   - {g.label} ({g.locality or '?'}, {g.province or '?'}): {g.detail}"
                for g in self.not_reaching_root]
        out.append(f"2. Kế hoạch bỏ qua kế hoạch thực hiện của tỉnh: {len(self.skipping_province)}")
        out += [f"   - {g.label} ({g.locality or '?'}, {g.province or '?'}): {g.detail}"
                for g in self.skipping_province]
        out.append(f"3. Văn bản được trích dẫn nhưng thiếu trong danh mục: {len(self.uncatalogued)}")
        out += [f"   - {d.label}: thiếu {', '.join(d.unknown)}; trích dẫn bởi {', '.join(d.cited_by)}"
                for d in self.uncatalogued]
        out.append(f"4. Văn bản có ngày ban hành mâu thuẫn: {len(self.conflicts)}")
        out += [f"   - {c.label}: " + "; ".join(f"{d} (theo {', '.join(w)})"
                                                for d, w in sorted(c.readings.items()))
                for c in self.conflicts]
        if self.self_citations:
            out.append(f"5. Tự trích dẫn (bỏ qua khi truy vết): {len(self.self_citations)}")
            out += [f"   - {s}" for s in self.self_citations]
        return "\n".join(out)


def _party(info: NodeInfo) -> bool | None:
    if info.number and re.match(r"^\d+-", canonical_symbol(info.number) or info.number):
        return True
    return False if info.number else None


def gaps(store: Store | nx.DiGraph) -> GapsReport:
    """Plans not reaching NQ 57, plans skipping their province's implementing plans, cited
    documents the catalog lacks, documents with conflicting dates, self-citations."""
    graph = store if isinstance(store, nx.DiGraph) else citation_graph(store)
    view = _basis_view(graph)
    root = _root_iri(graph, ROOT_SYMBOL)
    plans = sorted((n for n in graph if _info(graph, n).kind == "plan"),
                   key=lambda n: _info(graph, n).label)
    reaching_root = set(nx.ancestors(view, root)) if root else set()
    not_reaching, skipping = [], []
    for plan in plans:
        info = _info(graph, plan)
        if plan not in reaching_root:
            cites = root is not None and graph.has_edge(plan, root)
            detail = ("chỉ trích dẫn, không nêu làm căn cứ" if cites else
                      "không có chuỗi căn cứ nào tới Nghị quyết 57")
            not_reaching.append(PlanGap(plan, info.label, info.province, info.locality, detail))
        if not info.province or info.level == "provincial":
            continue
        provincial = [n for n in reaching_root | ({root} if root else set())
                      if n != plan and _info(graph, n).level == "provincial"
                      and _info(graph, n).province
                      and fold(_info(graph, n).province or "") == fold(info.province)]
        if not provincial:
            continue
        reached = nx.descendants(view, plan)
        if not any(n in reached for n in provincial):
            skipping.append(PlanGap(
                plan, info.label, info.province, info.locality,
                "không dựa vào kế hoạch/chương trình nào của tỉnh",
                sorted(_info(graph, n).label for n in provincial)))
    uncatalogued = []
    for node in sorted(graph, key=lambda n: _info(graph, n).label):
        info = _info(graph, node)
        if info.kind == "plan" or info.curated:
            continue
        citing = sorted({s.plan_label or s.plan or "" for u in graph.predecessors(node)
                         for s in graph.edges[u, node]["sources"] if s.plan})
        if not citing:
            continue
        unknown = ["danh mục"] + [name for name, value in (("trích yếu", info.title),
                                                            ("cơ quan ban hành", info.issuer))
                                  if not value]
        uncatalogued.append(DocumentGap(node, info.label, unknown, citing))
    conflicts = [DateConflict(n, _info(graph, n).label, dict(_info(graph, n).dates))
                 for n in sorted(graph) if len(_info(graph, n).dates) > 1]
    selfs = [f"{_info(graph, n).label} ({RELATION_VI[r]})"
             for n, r in graph.graph.get("self_citations", [])]
    return GapsReport(not_reaching, skipping, uncatalogued, conflicts, sorted(set(selfs)))


# -- graph view for the app -------------------------------------------------------------------

@dataclass(frozen=True)
class GraphNode:
    id: str
    label: str
    kind: str  # plan | document
    level: str | None
    is_root: bool = False
    tooltip: str = ""


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    label: str
    tooltip: str = ""


def lineage_graph(store: Store | nx.DiGraph, plan_iri: str
                  ) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The lineage of one plan as labelled nodes and edges (``to_dot`` renders them)."""
    return trace(store, plan_iri).graph_parts()


_LEVEL_COLOURS = {"central": "#fde2e2", "provincial": "#fff3cd", "local": "#e2f0d9"}


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(nodes: list[GraphNode], edges: list[GraphEdge]) -> str:
    """Graphviz DOT text (for ``st.graphviz_chart``): bases above, the plan at the bottom."""
    ids = {n.id: f"n{i}" for i, n in enumerate(nodes)}
    out = ["digraph lineage {", "  rankdir=BT;",
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=9];']
    for n in nodes:
        colour = "#cfe2ff" if n.kind == "plan" else _LEVEL_COLOURS.get(n.level or "", "#eeeeee")
        extra = ", penwidth=2" if n.is_root else ""
        out.append(f"  {ids[n.id]} [label={_dot_str(n.label)}, tooltip={_dot_str(n.tooltip)}, "
                   f"fillcolor={_dot_str(colour)}{extra}];")
    for e in edges:
        if e.source in ids and e.target in ids:
            out.append(f"  {ids[e.source]} -> {ids[e.target]} [label={_dot_str(e.label)}, "
                       f"tooltip={_dot_str(e.tooltip)}];")
    out.append("}")
    return "\n".join(out)


# -- the same answers from SPARQL property paths ----------------------------------------------

def _alias_map(store: Store) -> dict[str, str]:
    rows = store.select("SELECT ?plan ?doc WHERE { ?plan a pk:Plan ; owl:sameAs ?doc }")
    return {str(r["doc"]): str(r["plan"]) for r in rows if r["doc"] != r["plan"]}


def _equivalents(start: str, aliases: dict[str, str]) -> list[str]:
    return [start] + [d for d, p in aliases.items() if p == start]


def sparql_bases(store: Store, iri: str) -> set[str]:
    """Everything ``iri`` rests on, by a SPARQL property path (plans merged with their docs)."""
    aliases = _alias_map(store)
    path = f"({_BASIS_PATH[1:-1]}|owl:sameAs|^owl:sameAs)+"
    found: set[str] = set()
    for start in _equivalents(iri, aliases):
        rows = store.select(f"SELECT DISTINCT ?x WHERE {{ ?start {path} ?x }}",
                            {"start": URIRef(start)})
        found |= {aliases.get(str(r["x"]), str(r["x"])) for r in rows}
    return found - {iri}


def sparql_implementers(store: Store, iri: str) -> set[str]:
    """Every plan resting on ``iri`` directly or transitively, by a SPARQL property path."""
    aliases = _alias_map(store)
    path = f"({_BASIS_PATH[1:-1]}|owl:sameAs|^owl:sameAs)+"
    found: set[str] = set()
    for target in _equivalents(iri, aliases):
        rows = store.select(f"SELECT DISTINCT ?plan WHERE {{ ?plan a pk:Plan . ?plan {path} ?t }}",
                            {"t": URIRef(target)})
        found |= {str(r["plan"]) for r in rows}
    return found - {iri}

