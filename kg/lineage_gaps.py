"""Gaps report: plans not reaching Resolution 57-NQ/TW, plans skipping their province's
implementing plans, cited documents the catalog lacks, conflicting dates, self-citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from ingest.normalize import fold
from kg.citation_graph import (
    RELATION_VI,
    ROOT_SYMBOL,
    basis_view,
    citation_graph,
    node_info,
    root_iri,
)
from kg.store import Store


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


def gaps(store: Store | nx.DiGraph) -> GapsReport:
    """Plans not reaching NQ 57, plans skipping their province's implementing plans, cited
    documents the catalog lacks, documents with conflicting dates, self-citations."""
    graph = store if isinstance(store, nx.DiGraph) else citation_graph(store)
    view = basis_view(graph)
    root = root_iri(graph, ROOT_SYMBOL)
    plans = sorted((n for n in graph if node_info(graph, n).kind == "plan"),
                   key=lambda n: node_info(graph, n).label)
    reaching_root = set(nx.ancestors(view, root)) if root else set()
    not_reaching, skipping = [], []
    for plan in plans:
        info = node_info(graph, plan)
        if plan not in reaching_root:
            cites = root is not None and graph.has_edge(plan, root)
            detail = ("chỉ trích dẫn, không nêu làm căn cứ" if cites else
                      "không có chuỗi căn cứ nào tới Nghị quyết 57")
            not_reaching.append(PlanGap(plan, info.label, info.province, info.locality, detail))
        if not info.province or info.level == "provincial":
            continue
        provincial = [n for n in reaching_root | ({root} if root else set())
                      if n != plan and node_info(graph, n).level == "provincial"
                      and node_info(graph, n).province
                      and fold(node_info(graph, n).province or "") == fold(info.province)]
        if not provincial:
            continue
        reached = nx.descendants(view, plan)
        if not any(n in reached for n in provincial):
            skipping.append(PlanGap(
                plan, info.label, info.province, info.locality,
                "không dựa vào kế hoạch/chương trình nào của tỉnh",
                sorted(node_info(graph, n).label for n in provincial)))
    uncatalogued = []
    for node in sorted(graph, key=lambda n: node_info(graph, n).label):
        info = node_info(graph, node)
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
    conflicts = [DateConflict(n, node_info(graph, n).label, dict(node_info(graph, n).dates))
                 for n in sorted(graph) if len(node_info(graph, n).dates) > 1]
    selfs = [f"{node_info(graph, n).label} ({RELATION_VI[r]})"
             for n, r in graph.graph.get("self_citations", [])]
    return GapsReport(not_reaching, skipping, uncatalogued, conflicts, sorted(set(selfs)))
