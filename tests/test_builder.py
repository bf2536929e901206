"""The builder turns a PlanRecord into one deterministic named graph per plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import SHARED
from rdflib import BNode, Literal, URIRef

from ingest.records import PlanRecord, Provenance, record_from_gold
from kg.builder import build_plan_graph, locality_level
from ontology.iris import ELI, ORG, PK, PROV, RDF, RDFS, SKOS, agency_type_iri

GOLD = SHARED / "gold"


def gold_record(stem: str = "000_2dc6f65ccb01aa7d") -> PlanRecord:
    return record_from_gold(json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def plan000():
    return build_plan_graph(gold_record())


def test_builder_iris_identical_across_runs(plan000):
    again = build_plan_graph(gold_record())
    assert again.plan_iri == plan000.plan_iri
    assert set(again.graph) == set(plan000.graph)


def test_builder_uses_no_blank_nodes(plan000):
    assert not any(isinstance(term, BNode) for triple in plan000.graph for term in triple)


def test_builder_counts_match_record(plan000):
    rec = gold_record()
    g = plan000.graph
    assert len(set(g.subjects(RDF.type, PK.Task))) == len(rec.tasks)
    assert len(set(g.subjects(RDF.type, PK.Indicator))) == len(rec.indicators)
    assert len(set(g.subjects(RDF.type, PK.Assignment))) == len(rec.assignments)
    plan = URIRef(plan000.plan_iri)
    assert (plan, ELI.number, Literal("09/KH-UBND")) in g
    assert len(set(g.objects(plan, ELI.based_on))) == len({r.number for r in rec.legal_bases})


def test_builder_resolves_aliases_to_one_agency(plan000):
    g = plan000.graph
    labels = [str(o) for o in g.objects(None, SKOS.prefLabel)]
    assert "Phòng Văn hóa - Xã hội" in labels
    assert "Phòng VHXH" not in labels  # an alias, not a second agency
    vhxh = next(g.subjects(SKOS.prefLabel, Literal("Phòng Văn hóa - Xã hội")))
    assert (vhxh, RDF.type, ORG.Organization) in g
    assert (vhxh, SKOS.altLabel, Literal("Phòng VHXH")) in g


def test_builder_flags_low_confidence_and_keeps_provenance():
    rec = gold_record()
    rec.tasks[0].provenance = Provenance(rec.doc, 10, 12, method="table", confidence=0.3)
    rec.tasks[1].provenance = Provenance(rec.doc, 13, 14, method="table", confidence=0.95)
    rec.agencies[0].agency_type = "vhxh"
    g = build_plan_graph(rec).graph
    tasks = sorted(g.subjects(RDF.type, PK.Task), key=lambda t: int(g.value(t, PK.order)))
    assert g.value(tasks[0], PK.needsReview) == Literal(True)
    assert g.value(tasks[0], PK.lineStart).toPython() == 10
    assert g.value(tasks[1], PK.needsReview) is None
    assert g.value(tasks[1], PROV.wasDerivedFrom) is not None
    assert (None, ORG.classification, URIRef(agency_type_iri("vhxh"))) in g


def test_builder_reifies_document_links():
    rec = gold_record()
    rec.legal_bases[0].provenance = Provenance(rec.doc, 5, 6, confidence=0.9)
    g = build_plan_graph(rec).graph
    statements = list(g.subjects(RDF.predicate, ELI.based_on))
    assert statements
    assert all(g.value(s, PROV.wasQuotedFrom) is not None for s in statements)
    assert any(g.value(s, PK.lineStart) == Literal(5) for s in statements)
    assert list(g.subject_objects(ELI.applies))  # derived "implements" links


def test_builder_multi_year_targets():
    g = build_plan_graph(gold_record("001_2050ba26a5080564")).graph
    targets = list(g.subjects(RDF.type, PK.Target))
    assert targets
    assert {g.value(t, PK.year).toPython() for t in targets} >= {2025, 2030}


def test_builder_repeated_task_ids_stay_distinct():
    rec = gold_record()
    rec.tasks[1].id = rec.tasks[0].id
    g = build_plan_graph(rec).graph
    assert len(set(g.subjects(RDF.type, PK.Task))) == len(rec.tasks)


def test_builder_names_equal_but_for_case_are_one_agency_with_one_label():
    rec = gold_record()
    rec.tasks[0].lead = ["Các cấp Ủy, chính quyền"]
    rec.tasks[0].support = ["Các cấp ủy, chính quyền"]
    g = build_plan_graph(rec).graph
    task = next(s for s in g.subjects(RDF.type, PK.Task) if (s, PK.lead, None) in g
                and "cap-uy" in str(g.value(s, PK.lead)))
    lead, support = g.value(task, PK.lead), g.value(task, PK.support)
    assert lead == support
    assert len(list(g.objects(lead, SKOS.prefLabel))) == 1


@pytest.mark.parametrize(("name", "level"), [
    ("phường Phước Bình", "phường"), ("xã Bình Tân", "xã"), ("thị xã Bỉm Sơn", "thị xã"),
    ("Đặc khu Côn Đảo", "đặc khu"), ("Phước Bình", None)])
def test_builder_locality_level(name, level):
    assert locality_level(name) == level


def test_builder_document_cited_twice_keeps_one_span_per_mention():
    rec = gold_record()
    ref = rec.cited_documents[0]
    ref.provenance = Provenance(rec.doc, 30, 31, confidence=0.9)
    again = type(ref)(**{**ref.__dict__, "provenance": Provenance(rec.doc, 80, 80,
                                                                  confidence=0.5)})
    rec.cited_documents.append(again)
    g = build_plan_graph(rec).graph
    spans = set()
    for st in g.subjects(RDF.predicate, ELI.cites):
        starts = list(g.objects(st, PK.lineStart))
        assert len(starts) <= 1 and len(list(g.objects(st, PK.confidence))) <= 1
        spans.update(s.toPython() for s in starts)
    assert {30, 80} <= spans


def test_builder_same_triples_in_a_new_process(plan000):
    """Identity must not depend on hash seeds or process state."""
    import os
    import subprocess
    import sys

    code = ("import json,sys; from ingest.records import record_from_gold; "
            "from kg.builder import build_plan_graph; "
            "g = build_plan_graph(record_from_gold(json.load(open(sys.argv[1], encoding='utf-8'))))"
            ".graph; sys.stdout.write(''.join(sorted(g.serialize(format='nt').splitlines(True))))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code, str(GOLD / "000_2dc6f65ccb01aa7d.json")],
                         capture_output=True, text=True, env=env, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    here = "".join(sorted(plan000.graph.serialize(format="nt").splitlines(True)))
    assert out == here


def test_builder_province_wording_gives_one_node():
    a = gold_record()
    b = gold_record()
    b.header.province = "tỉnh Đồng Nai"
    ga, gb = build_plan_graph(a).graph, build_plan_graph(b).graph
    pa = set(ga.subjects(PK.level, Literal("tỉnh")))
    pb = set(gb.subjects(PK.level, Literal("tỉnh")))
    assert pa == pb and len(pa) == 1
    assert (next(iter(pb)), RDFS.label, Literal("Đồng Nai")) in gb


def test_builder_item_iris_name_exactly_the_built_items():
    from kg.builder import item_iris

    rec = gold_record()
    rec.tasks[1].id = rec.tasks[0].id
    rec.tasks[3].text = "  "
    rec.assignments[0].duty = ""
    iris = item_iris(rec)
    g = build_plan_graph(rec).graph
    assert iris.tasks[3] is None and iris.assignments[0] is None
    assert {URIRef(i) for i in iris.tasks if i} == set(g.subjects(RDF.type, PK.Task))
    assert {URIRef(i) for i in iris.indicators if i} == set(g.subjects(RDF.type, PK.Indicator))
    assert {URIRef(i) for i in iris.assignments if i} == set(g.subjects(RDF.type, PK.Assignment))
