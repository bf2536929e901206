"""Lineage views from the citation graph: a plan's chain up to NQ 57, and every legal
document with the plans implementing it (the same graph read backwards)."""

from __future__ import annotations

from typing import Any

from ingest.normalize import fold
from kg.api_views import DocumentView, ImplementerView, LineageNode, LineageView


def lineage_view(graph: Any, plan_iri: str) -> LineageView:
    """The plan's lineage up to NQ 57 as DOT text plus every node's detail."""
    from kg.lineage import RELATION_VI, ROOT_SYMBOL, to_dot, trace

    tree = trace(graph, plan_iri)
    nodes, edges = tree.graph_parts()
    root = root_iri(graph, ROOT_SYMBOL)
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


def root_iri(graph: Any, symbol: str) -> str | None:
    """The node of the document numbered ``symbol`` (NQ 57), if the graph holds it."""
    from kg.lineage import find_nodes

    found = find_nodes(graph, symbol)
    return found[0] if found else None


def document_views(graph: Any) -> list[DocumentView]:
    """Catalog and cited documents, each with the plans implementing it (reverse lineage)."""
    import networkx as nx

    from kg.lineage import BASIS_RELATIONS

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
    out.sort(key=lambda d: (level_order.get(d.level or "", 3), -len(d.implementers), d.label))
    return out
