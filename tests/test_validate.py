"""SHACL shapes accept plan graphs built from gold and reject broken ones readably."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from paths import SHARED
from rdflib import Literal, URIRef

from ingest.records import record_from_gold
from kg.builder import PlanGraph, build_plan_graph
from kg.validate import validate_graph, validate_plan
from ontology.iris import ORG, PK, SKOS

GOLD = SHARED / "gold"


def plan_graph(stem: str = "000_2dc6f65ccb01aa7d") -> PlanGraph:
    return build_plan_graph(record_from_gold(
        json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))))


@pytest.mark.parametrize("stem", ["000_2dc6f65ccb01aa7d", "001_2050ba26a5080564",
                                  "004_bb2f54c0a58013f3"])
def test_validate_accepts_gold_plan_graphs(stem):
    report = validate_plan(plan_graph(stem))
    assert report.conforms, report.text()
    assert report.errors == []


def test_validate_accepts_agency_type_classification():
    pg = plan_graph()
    agency = next(pg.graph.subjects(SKOS.prefLabel, Literal("Phòng Văn hóa - Xã hội")))
    pg.graph.add((agency, ORG.classification,
                  URIRef("https://w3id.org/plankg/id/agency-type/vhxh")))
    assert validate_plan(pg).conforms


def _first_task(pg: PlanGraph) -> URIRef:
    return next(t for t in pg.graph.subjects(PK.order, Literal(1))
                if (t, PK.taskId, None) in pg.graph)


@pytest.mark.parametrize(("breakage", "path"), [
    ("confidence", "pk:confidence"),
    ("span", "pk:lineStart"),
    ("lead", "pk:lead"),
    ("text", "pk:text"),
    ("locality", "pk:locality"),
])
def test_validate_rejects_broken_graph_with_readable_violation(breakage, path):
    pg = plan_graph()
    g, task = pg.graph, _first_task(pg)
    if breakage == "confidence":
        g.add((task, PK.confidence, Literal(Decimal("1.5"))))
    elif breakage == "span":
        g.add((task, PK.lineStart, Literal(20)))
        g.add((task, PK.lineEnd, Literal(10)))
    elif breakage == "lead":
        g.add((task, PK.lead, URIRef("urn:x:not-an-agency")))
    elif breakage == "text":
        g.remove((task, PK.text, None))
    else:  # two localities for one plan
        g.add((URIRef(pg.plan_iri), PK.locality, next(g.objects(URIRef(pg.plan_iri), PK.locality))))
        g.add((URIRef(pg.plan_iri), PK.locality, URIRef("urn:x:another-place")))
    report = validate_graph(g)
    assert not report.conforms
    assert {v.path for v in report.errors} == {path}
    assert report.errors[0].message
    assert report.errors[0].focus_node
    assert path in report.text()


def test_validate_missing_locality_is_a_warning_not_a_violation():
    """An unreadable header must not block ingestion: the plan is kept and flagged."""
    pg = plan_graph()
    pg.graph.remove((URIRef(pg.plan_iri), PK.locality, None))
    report = validate_graph(pg.graph)
    assert report.conforms
    assert [v.path for v in report.violations if v.severity == "Warning"] == ["pk:locality"]


def test_validate_summary_limits_lines():
    pg = plan_graph()
    for task in list(pg.graph.subjects(PK.taskId, None))[:3]:
        pg.graph.remove((task, PK.text, None))
    report = validate_plan(pg)
    assert len(report.errors) == 3
    assert len(report.summary(limit=2).splitlines()) == 3  # two results and "... và 1"


def test_validate_assignment_without_agency_is_a_warning_and_flagged():
    record = record_from_gold(json.loads(
        (GOLD / "000_2dc6f65ccb01aa7d.json").read_text(encoding="utf-8")))
    record.assignments[0].agency = ""
    pg = build_plan_graph(record)
    report = validate_plan(pg)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]
    assert (None, PK.needsReview, Literal(True)) in pg.graph
