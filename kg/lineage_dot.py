"""Lineage as labelled nodes and edges for the app, and their Graphviz DOT rendering."""

from __future__ import annotations

from dataclasses import dataclass


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
