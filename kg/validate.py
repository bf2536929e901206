"""SHACL validation of what plankg writes (``ontology/shapes.ttl``), with readable results.

Run on a plan's graph before it is stored, and on the catalog or an export. Violations mean
the graph breaks the contract; warnings are shown but do not block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pyshacl import validate
from rdflib import Graph, Literal
from rdflib.term import Node

from kg.builder import PlanGraph, bind_prefixes
from ontology import load_shapes_graph
from ontology.iris import RDF, SH

__all__ = ["Violation", "ValidationReport", "validate_graph", "validate_plan"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    focus_node: str
    path: str | None
    message: str
    severity: str  # Violation | Warning | Info
    value: str | None = None
    shape: str | None = None

    def __str__(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        got = f" (giá trị: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus_node}{where}: {self.message}{got}"


@dataclass
class ValidationReport:
    """The outcome of validating one graph; ``conforms`` ignores warnings."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    def text(self) -> str:
        return self.summary()

    def summary(self, limit: int | None = None) -> str:
        """One line per result (errors first), at most ``limit`` of them."""
        if not self.violations:
            return "Đồ thị hợp lệ."
        shown = self.violations if limit is None else self.violations[:limit]
        lines = [str(v) for v in shown]
        if len(shown) < len(self.violations):
            lines.append(f"... và {len(self.violations) - len(shown)} kết quả khác.")
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return load_shapes_graph()


def _short(graph: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        return str(node)
    try:
        return graph.namespace_manager.normalizeUri(str(node)) if graph else str(node)
    except Exception:  # not every IRI has a prefix form
        return str(node)


def _message(report: Graph, result: Node) -> str:
    messages = list(report.objects(result, SH.resultMessage))
    for wanted in ("vi", "en", None):
        for msg in messages:
            if isinstance(msg, Literal) and msg.language == wanted:
                return str(msg)
    return str(messages[0]) if messages else "Không đạt ràng buộc."


def validate_graph(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate a data graph against the plankg shapes (or the given ones)."""
    data = bind_prefixes(Graph())
    for triple in graph:
        data.add(triple)
    conforms, report, _ = validate(data, shacl_graph=shapes or _shapes(), inference="none",
                                   allow_warnings=True, advanced=True)
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus_node=_short(data, report.value(result, SH.focusNode)) or "",
            path=_short(data, report.value(result, SH.resultPath)),
            message=_message(report, result),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            value=_short(data, report.value(result, SH.value)),
            shape=_short(data, report.value(result, SH.sourceShape)),
        ))
    violations.sort(key=lambda v: (v.severity != "Violation", v.focus_node, v.path or ""))
    return ValidationReport(conforms=bool(conforms), violations=violations)


def validate_plan(plan_graph: PlanGraph) -> ValidationReport:
    """Validate one plan's named graph before it is written."""
    return validate_graph(plan_graph.graph)
