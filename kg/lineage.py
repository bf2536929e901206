"""Lineage: what a plan rests on, up to Resolution 57-NQ/TW, and who rests on a document.

Both walk the citation graph of :mod:`kg.citation_graph`; traversals use visited sets, so
cycles and self-citations in the input neither hang nor crash. The gaps report
(:mod:`kg.lineage_gaps`), the DOT view (:mod:`kg.lineage_dot`) and the SPARQL property-path
cross-check (:mod:`kg.lineage_sparql`) are re-exported here, the one lineage import for callers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from ingest.normalize import fold
from kg.citation_graph import (
    BASIS_RELATIONS,
    RELATION_VI,
    RELATIONS,
    ROOT_SYMBOL,
    EdgeSource,
    LineageError,
    NodeInfo,
    basis_view,
    citation_graph,
    find_nodes,
    node_info,
    resolve_one,
)
from kg.lineage_dot import GraphEdge, GraphNode, to_dot
from kg.lineage_gaps import DateConflict, DocumentGap, GapsReport, PlanGap, gaps
from kg.lineage_sparql import sparql_bases, sparql_implementers
from kg.store import Store

__all__ = [
    "RELATIONS", "BASIS_RELATIONS", "ROOT_SYMBOL", "LineageError", "EdgeSource", "NodeInfo",
    "LineageEdge", "LineageTree", "Implementer", "PlanGap", "DocumentGap", "DateConflict",
    "GapsReport", "GraphNode", "GraphEdge", "citation_graph", "find_nodes", "trace",
    "implementers", "gaps", "lineage_graph", "to_dot", "sparql_bases", "sparql_implementers",
]


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
    view = basis_view(graph, relations)
    reach = {start} | nx.descendants(view, start)
    edges = []
    for u, v in view.subgraph(reach).edges:
        data = graph.edges[u, v]
        rels = [r for r in data["relations"] if r in relations]
        edges.append(LineageEdge(u, v, rels, [s for s in data["sources"] if s.relation in rels]))
    edges.sort(key=lambda e: (e.source, e.target))
    return LineageTree(start, {n: node_info(graph, n) for n in sorted(reach)}, edges)


def trace(store: Store | nx.DiGraph, plan: str, include_cites: bool = False) -> LineageTree:
    """What ``plan`` (IRI, symbol such as "09/KH-UBND", or source file name) rests on."""
    graph = store if isinstance(store, nx.DiGraph) else citation_graph(store)
    relations = BASIS_RELATIONS + (("cites",) if include_cites else ())
    return _tree(graph, resolve_one(graph, plan), relations)


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


def implementers(store: Store | nx.DiGraph, doc: str) -> list[Implementer]:
    """Every plan resting on ``doc`` (IRI or symbol), sorted by province and locality."""
    graph = store if isinstance(store, nx.DiGraph) else citation_graph(store)
    targets = find_nodes(graph, doc)
    if not targets:
        raise LineageError(f"Không tìm thấy văn bản '{doc}' trong kho dữ liệu.")
    view = basis_view(graph)
    out: dict[str, Implementer] = {}
    for target in targets:
        for node in nx.ancestors(view, target):
            info = node_info(graph, node)
            if info.kind != "plan" or node in out:
                continue
            path = nx.shortest_path(view, node, target)
            out[node] = Implementer(node, info.label, info.province, info.locality,
                                    info.source_document, len(path) == 2,
                                    [node_info(graph, n).label for n in path])
    return sorted(out.values(), key=lambda i: (fold(i.province or "~"), fold(i.locality or "~"),
                                               i.label))


def lineage_graph(store: Store | nx.DiGraph, plan_iri: str
                  ) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The lineage of one plan as labelled nodes and edges (``to_dot`` renders them)."""
    return trace(store, plan_iri).graph_parts()
