"""Human corrections override machine values and survive re-ingestion."""

from __future__ import annotations

import json

from paths import SHARED
from rdflib import Literal, URIRef

from ingest.records import record_from_gold
from kg import queries as Q
from kg.builder import build_plan_graph
from kg.curation import corrections_for, effective_values, record_correction
from kg.store import OxigraphStore
from ontology.iris import CURATION_GRAPH, PK

GOLD = SHARED / "gold/000_2dc6f65ccb01aa7d.json"


def _record():
    return record_from_gold(json.loads(GOLD.read_text(encoding="utf-8")))


def _loaded():
    store = OxigraphStore.in_memory()
    pg = build_plan_graph(_record())
    store.replace_plan(pg)
    return store, pg


def test_curation_correction_overrides_machine_value_in_queries():
    store, pg = _loaded()
    task = Q.plan_tasks(store, pg.plan_iri)[0]
    record_correction(store, task.iri, PK.deadline, "Quý IV/2026", editor="Lan",
                      note="Theo bản giấy")
    again = Q.plan_tasks(store, pg.plan_iri)[0]
    assert again.deadline == "Quý IV/2026"
    assert effective_values(store, task.iri, PK.deadline) == [Literal("Quý IV/2026")]
    history = corrections_for(store, task.iri)
    assert history[0].previous == (Literal(task.deadline),)
    assert history[0].editor == "Lan" and history[0].note == "Theo bản giấy"


def test_curation_latest_correction_wins_and_history_kept():
    store, pg = _loaded()
    task = Q.plan_tasks(store, pg.plan_iri)[0]
    record_correction(store, task.iri, PK.deadline, "Quý III/2026", editor="Lan")
    record_correction(store, task.iri, PK.deadline, "Quý IV/2026", editor="Minh")
    assert Q.plan_tasks(store, pg.plan_iri)[0].deadline == "Quý IV/2026"
    history = corrections_for(store, task.iri)
    assert [c.active for c in history] == [True, False]


def test_curation_lead_correction_changes_agency_profiles():
    store, pg = _loaded()
    task = Q.plan_tasks(store, pg.plan_iri)[0]
    agencies = {a.label: a for a in Q.list_agencies(store)}
    new_lead = agencies["Trạm Y tế phường"] if "Trạm Y tế phường" in agencies else \
        next(a for a in agencies.values() if a.iri not in {x.iri for x in task.lead})
    before = Q.agency_profile(store, new_lead.iri)
    assert before is not None
    record_correction(store, task.iri, PK.lead, [URIRef(new_lead.iri)], editor="Lan")
    after = Q.agency_profile(store, new_lead.iri)
    assert after is not None and len(after.led) == len(before.led) + 1
    assert [a.iri for a in Q.plan_tasks(store, pg.plan_iri)[0].lead] == [new_lead.iri]


def test_curation_survives_reingest_and_is_untouched_by_replace():
    store, pg = _loaded()
    task = Q.plan_tasks(store, pg.plan_iri)[0]
    record_correction(store, task.iri, PK.text, "Nội dung đã sửa", editor="Lan")
    count = store.quad_count()
    store.replace_plan(build_plan_graph(_record()))
    assert store.quad_count() == count
    assert CURATION_GRAPH in store.named_graphs()
    assert Q.plan_tasks(store, pg.plan_iri)[0].text == "Nội dung đã sửa"


def test_curation_clearing_review_flag_removes_item():
    store, pg = _loaded()
    no_lead = [i for i in Q.review_items(store) if i.reason == "no_lead"]
    assert no_lead
    agency = Q.list_agencies(store)[0]
    record_correction(store, no_lead[0].iri, PK.lead, [URIRef(agency.iri)], editor="Lan")
    remaining = {i.iri for i in Q.review_items(store) if i.reason == "no_lead"}
    assert no_lead[0].iri not in remaining
    assert len(remaining) == len(no_lead) - 1


def test_curation_graph_satisfies_shapes():
    from rdflib import Graph

    from kg.validate import validate_graph

    store, pg = _loaded()
    task = Q.plan_tasks(store, pg.plan_iri)[0]
    record_correction(store, task.iri, PK.deadline, "Quý IV/2026", editor="Lan", note="x")
    record_correction(store, task.iri, PK.deadline, None, editor="Minh")
    graph = Graph()
    for r in store.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
                          {"g": URIRef(CURATION_GRAPH)}):
        graph.add((r["s"], r["p"], r["o"]))
    assert len(graph) > 10
    report = validate_graph(graph)
    assert report.conforms, report.summary()
    assert Q.plan_tasks(store, pg.plan_iri)[0].deadline is None  # removed by the correction
