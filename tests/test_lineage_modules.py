"""The lineage modules after the split: ``kg.lineage`` still offers every former name, the
parts import only downward, and the gaps and DOT parts work on a graph built by hand."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import networkx as nx

import kg.lineage as lineage
from kg.citation_graph import EdgeSource, NodeInfo
from kg.lineage_dot import GraphEdge, GraphNode, to_dot
from kg.lineage_gaps import gaps

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["citation_graph", "lineage_gaps", "lineage_dot", "lineage_sparql", "lineage"]


def _kg_imports(name: str) -> set[str]:
    tree = ast.parse((ROOT / "kg" / f"{name}.py").read_text(encoding="utf-8"))
    return {node.module.split(".", 1)[1] for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
            and node.module.startswith("kg.") and node.module.split(".", 1)[1] in PARTS}


def test_lineage_reexports_every_former_name() -> None:
    for name in lineage.__all__:
        obj = getattr(lineage, name)
        module = getattr(obj, "__module__", None)
        if module and module.startswith("kg."):
            assert getattr(importlib.import_module(module), name) is obj, name
    # names kg.api and kg.cli_lineage import from kg.lineage
    for name in ("citation_graph", "find_nodes", "trace", "implementers", "gaps", "to_dot",
                 "RELATION_VI", "ROOT_SYMBOL", "BASIS_RELATIONS", "lineage_graph"):
        assert hasattr(lineage, name), name


def test_lineage_modules_layered_and_small() -> None:
    assert _kg_imports("citation_graph") == set()
    for name in ("lineage_gaps", "lineage_dot", "lineage_sparql"):
        assert _kg_imports(name) <= {"citation_graph"}, name
    for name in PARTS:
        lines = (ROOT / "kg" / f"{name}.py").read_text(encoding="utf-8").count("\n")
        assert lines < 400, f"{name}: {lines} lines"


def _graph() -> nx.DiGraph:
    graph = nx.DiGraph(aliases={}, self_citations=[])
    root = "urn:doc:57"
    graph.add_node(root, info=NodeInfo(root, number="57-NQ/TW", doc_type="Nghị quyết",
                                       curated=True))
    for plan in ("urn:plan:a", "urn:plan:b"):
        graph.add_node(plan, info=NodeInfo(plan, kind="plan", number=plan[-1].upper() + "/KH"))
    graph.add_edge("urn:plan:a", root, relations=["based_on"],
                   sources=[EdgeSource("based_on", "urn:g:a", "urn:plan:a", "Kế hoạch A/KH", 3)])
    graph.add_edge("urn:plan:b", root, relations=["cites"],
                   sources=[EdgeSource("cites", "urn:g:b", "urn:plan:b", "Kế hoạch B/KH", 5)])
    return graph


def test_lineage_gaps_plan_only_citing_root() -> None:
    report = gaps(_graph())
    assert [g.plan for g in report.not_reaching_root] == ["urn:plan:b"]
    assert report.not_reaching_root[0].detail == "chỉ trích dẫn, không nêu làm căn cứ"
    assert report.uncatalogued == []  # the root is curated


def test_lineage_dot_escapes_labels() -> None:
    nodes = [GraphNode("a", 'Kế hoạch "A"', "plan", None, True),
             GraphNode("b", "NQ", "document", "central")]
    dot = to_dot(nodes, [GraphEdge("a", "b", "căn cứ"), GraphEdge("a", "missing", "x")])
    assert 'label="Kế hoạch \\"A\\""' in dot and "penwidth=2" in dot
    assert "n0 -> n1" in dot and "missing" not in dot
