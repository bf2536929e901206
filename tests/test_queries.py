"""Typed queries over a store holding the three gold plans."""

from __future__ import annotations

import json

import pytest
from paths import SHARED

from ingest.records import Provenance, record_from_gold
from kg import queries as Q
from kg.builder import PlanGraph, build_plan_graph
from kg.store import OxigraphStore

GOLD = SHARED / "gold"
STEMS = ("000_2dc6f65ccb01aa7d", "001_2050ba26a5080564", "004_bb2f54c0a58013f3")


def _gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def loaded() -> tuple[OxigraphStore, list[PlanGraph]]:
    store = OxigraphStore.in_memory()
    graphs = []
    for stem in STEMS:
        record = record_from_gold(_gold(stem))
        if stem == STEMS[0]:
            record.tasks[2].provenance = Provenance(record.doc, 40, 42, confidence=0.2)
        graphs.append(build_plan_graph(record))
        store.replace_plan(graphs[-1])
    return store, graphs


def test_queries_stats_counts_match_gold(loaded):
    store, _ = loaded
    s = Q.stats(store)
    golds = [_gold(x) for x in STEMS]
    assert s.plans == 3
    assert s.tasks == sum(len(g["tasks"]) for g in golds)
    assert s.indicators == sum(len(g["indicators"]) for g in golds)
    assert s.assignments == sum(len(g["assignments"]) for g in golds)
    assert s.localities == 4  # three communes/wards and their province
    assert s.legal_documents > 0 and s.agencies > 0


def test_queries_list_plans_and_detail(loaded):
    store, graphs = loaded
    plans = {p.iri: p for p in Q.list_plans(store)}
    assert set(plans) == {g.plan_iri for g in graphs}
    first = plans[graphs[0].plan_iri]
    assert (first.number, first.locality, first.province) == ("09/KH-UBND", "phường Phước Bình",
                                                               "Đồng Nai")
    assert first.tasks == len(_gold(STEMS[0])["tasks"])
    detail = Q.plan_detail(store, graphs[0].plan_iri)
    assert detail is not None and detail.signer == "Nguyễn Văn Dũng"
    assert [d.number for d in detail.legal_bases] == [
        b["number"] for b in _gold(STEMS[0])["legal_bases"]]
    assert len(detail.cited_documents) >= len(detail.legal_bases)
    assert Q.plan_detail(store, "https://w3id.org/plankg/id/plan/none") is None


def test_queries_plan_tasks_in_order_with_agencies(loaded):
    store, graphs = loaded
    tasks = Q.plan_tasks(store, graphs[0].plan_iri)
    gold = _gold(STEMS[0])["tasks"]
    assert [t.task_id for t in tasks] == [t["id"] for t in gold]
    assert [a.label for a in tasks[0].lead] == gold[0]["lead"]
    assert tasks[2].needs_review and tasks[2].line_start == 40


def test_queries_indicators_with_yearly_targets(loaded):
    store, graphs = loaded
    indicators = Q.plan_indicators(store, graphs[1].plan_iri)
    gold = _gold(STEMS[1])["indicators"]
    assert len(indicators) == len(gold)
    assert indicators[0].targets[2025] == gold[0]["target"]["2025"]


def test_queries_assignments(loaded):
    store, graphs = loaded
    rows = Q.plan_assignments(store, graphs[0].plan_iri)
    gold = _gold(STEMS[0])["assignments"]
    assert [r.agency.label for r in rows if r.agency] == [a["agency"] for a in gold]


def test_queries_agency_profile_and_listing(loaded):
    store, graphs = loaded
    agencies = Q.list_agencies(store, plan_iri=graphs[0].plan_iri)
    vhxh = next(a for a in agencies if a.label == "Phòng Văn hóa - Xã hội")
    expected_led = sum("Phòng Văn hóa - Xã hội" in t["lead"] for t in _gold(STEMS[0])["tasks"])
    assert vhxh.tasks_led == expected_led
    profile = Q.agency_profile(store, vhxh.iri)
    assert profile is not None
    assert len(profile.led) == expected_led
    assert "Phòng VHXH" in profile.aliases
    assert profile.assignments
    all_vhxh = [a for a in Q.list_agencies(store) if a.label == "Phòng Văn hóa - Xã hội"]
    assert len({a.locality for a in all_vhxh}) == len(all_vhxh) > 1  # local, not merged


def test_queries_review_items(loaded):
    store, graphs = loaded
    items = Q.review_items(store)
    low = [i for i in items if i.reason == "low_confidence"]
    assert [i.iri for i in low] == [Q.plan_tasks(store, graphs[0].plan_iri)[2].iri]
    no_lead = {i.iri for i in items if i.reason == "no_lead"}
    expected = sum(not t["lead"] for s in STEMS for t in _gold(s)["tasks"])
    assert len(no_lead) == expected


def test_queries_task_detail_and_documents(loaded):
    store, graphs = loaded
    task = Q.plan_tasks(store, graphs[0].plan_iri)[2]
    detail = Q.task_detail(store, task.iri)
    assert detail is not None
    assert detail.plan.iri == graphs[0].plan_iri
    assert (detail.task.line_start, detail.task.line_end) == (40, 42)
    assert detail.source_document == "000_2dc6f65ccb01aa7d.txt"
    assert detail.province_iri and detail.province_iri.endswith("/place/dong-nai")
    docs = {d.number: d for d in Q.legal_documents(store)}
    assert docs["57-NQ/TW"].cited_by == 3
    assert docs["57-NQ/TW"].level == "central"


def test_queries_all_tasks_flat_rows(loaded):
    store, _ = loaded
    rows = Q.all_tasks(store)
    assert len(rows) == sum(len(_gold(s)["tasks"]) for s in STEMS)
    first = next(r for r in rows if r.plan_number == "09/KH-UBND" and r.order == 1)
    assert first.lead == _gold(STEMS[0])["tasks"][0]["lead"]
    assert first.locality == "phường Phước Bình"
