"""``plankg validate``: SHACL conformance of every plan graph, and graph/index agreement.

The graph and the search index are written one after the other; this check is what proves they
agree: every indexed IRI exists in the graph, and every task, indicator and assignment is
indexed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.config import index_dir
from kg.store import Store
from kg.validate import validate_graph

ITEM_CLASSES = ("pk:Task", "pk:Indicator", "pk:Assignment")


@dataclass
class ConsistencyReport:
    plans: int = 0
    shacl_violations: list[str] = field(default_factory=list)
    indexed_missing_in_graph: list[str] = field(default_factory=list)
    graph_items_not_indexed: list[str] = field(default_factory=list)
    index_checked: bool = False

    @property
    def ok(self) -> bool:
        return not (self.shacl_violations or self.indexed_missing_in_graph
                    or self.graph_items_not_indexed)

    def render(self) -> str:
        lines = [f"Kế hoạch đã kiểm tra (plans checked): {self.plans}"]
        lines.append(f"Vi phạm SHACL (violations): {len(self.shacl_violations)}")
        lines.extend(f"  - {v}" for v in self.shacl_violations[:20])
        if self.index_checked:
            lines.append("Mục trong chỉ mục nhưng không có trong đồ thị (indexed, not in graph): "
                         f"{len(self.indexed_missing_in_graph)}")
            lines.extend(f"  - {i}" for i in self.indexed_missing_in_graph[:20])
            lines.append("Mục trong đồ thị nhưng chưa được lập chỉ mục (in graph, not indexed): "
                         f"{len(self.graph_items_not_indexed)}")
            lines.extend(f"  - {i}" for i in self.graph_items_not_indexed[:20])
        else:
            lines.append("Chưa có chỉ mục tìm kiếm (no search index yet).")
        lines.append("[green]Hợp lệ (valid)[/]" if self.ok else "[red]Không hợp lệ (invalid)[/]")
        return "\n".join(lines)


def plan_graphs(store: Store) -> dict[str, Graph]:
    """Each plan's named graph as an rdflib Graph."""
    rows = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?plan a pk:Plan } }")
    graphs: dict[str, Graph] = {}
    for row in rows:
        g = Graph(identifier=row["g"])
        for t in store.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": row["g"]}):
            g.add((t["s"], t["p"], t["o"]))
        graphs[str(row["g"])] = g
    return graphs


def graph_item_iris(store: Store) -> set[str]:
    values = " ".join(ITEM_CLASSES)
    rows = store.select(
        f"SELECT DISTINCT ?item WHERE {{ VALUES ?cls {{ {values} }} GRAPH ?g {{ ?item a ?cls }} }}"
    )
    return {str(r["item"]) for r in rows}


def check_store(store: Store, indexed: set[str] | None) -> ConsistencyReport:
    report = ConsistencyReport()
    for graph_iri, graph in plan_graphs(store).items():
        report.plans += 1
        result = validate_graph(graph)
        if not result.conforms:
            report.shacl_violations.extend(f"<{graph_iri}> {v}" for v in result.errors)
    if indexed is not None:
        report.index_checked = True
        in_graph = graph_item_iris(store)
        report.indexed_missing_in_graph = sorted(indexed - in_graph)
        report.graph_items_not_indexed = sorted(in_graph - indexed)
    return report


def check_all(base: Path) -> ConsistencyReport:
    """Validate the store of a data directory against its search index."""
    from kg.loader import open_store

    store = open_store(base, read_only=True)
    indexed: set[str] | None = None
    if (index_dir(base) / "items").exists():
        from kg.loader import open_engine

        indexed = open_engine(base).indexed_iris()  # type: ignore[attr-defined]
    return check_store(store, indexed)


__all__ = ["ConsistencyReport", "check_all", "check_store", "plan_graphs", "graph_item_iris"]
