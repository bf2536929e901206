"""Store seam: atomic plan replacement, read-only queries, on-disk concurrency."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from paths import SHARED
from rdflib import Literal, URIRef

from ingest.records import PlanRecord, record_from_gold
from kg.builder import PlanGraph, build_plan_graph
from kg.store import (
    InvalidQuery,
    OxigraphStore,
    QueryRefused,
    StoreBusy,
    StoreReadOnly,
    StoreWriteFailed,
    generation_path,
)
from ontology.iris import CATALOG_GRAPH, PK, RDFS

GOLD = SHARED / "gold"
STEMS = ("000_2dc6f65ccb01aa7d", "001_2050ba26a5080564", "004_bb2f54c0a58013f3")
PLAN_COUNT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pk:Plan }"


def gold_record(stem: str) -> PlanRecord:
    return record_from_gold(json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8")))


def plan_count(store: OxigraphStore) -> int:
    return int(store.select(PLAN_COUNT)[0]["n"].toPython())


@pytest.fixture(scope="module")
def graphs() -> list[PlanGraph]:
    return [build_plan_graph(gold_record(s)) for s in STEMS]


def test_store_round_trip_records_to_sparql(graphs):
    store = OxigraphStore.in_memory()
    store.replace_plan(graphs[0])
    rows = store.select("SELECT ?n WHERE { ?p pk:plan ?plan ; a pk:Task . BIND(1 AS ?n) }",
                        {"plan": URIRef(graphs[0].plan_iri)})
    assert len(rows) == len(gold_record(STEMS[0]).tasks)
    number = store.select("SELECT ?num WHERE { ?plan eli:number ?num }",
                          {"plan": URIRef(graphs[0].plan_iri)})
    assert number == [{"num": Literal("09/KH-UBND")}]


def test_store_reingest_keeps_quad_count(graphs):
    store = OxigraphStore.in_memory()
    store.replace_plan(graphs[0])
    before = store.quad_count()
    store.replace_plan(build_plan_graph(gold_record(STEMS[0])))
    assert store.quad_count() == before == len(graphs[0])


def test_store_remove_deletes_exactly_that_plan(graphs):
    store = OxigraphStore.in_memory()
    for pg in graphs:
        store.replace_plan(pg)
    store.load_graph(CATALOG_GRAPH, [(URIRef("urn:x:doc"), RDFS.label, Literal("catalog"))])
    total = store.quad_count()
    store.remove_plan(graphs[1].plan_iri)
    assert store.quad_count() == total - len(graphs[1])
    assert graphs[1].graph_iri not in store.named_graphs()
    assert {graphs[0].graph_iri, graphs[2].graph_iri, CATALOG_GRAPH} <= set(store.named_graphs())


@pytest.mark.parametrize("text", [
    "DROP ALL",
    "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }",
    "DELETE WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "ASK { FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }",
])
def test_store_query_refuses_updates_and_service(graphs, text):
    store = OxigraphStore.in_memory()
    store.replace_plan(graphs[0])
    before = store.quad_count()
    with pytest.raises(QueryRefused) as info:
        store.query(text)
    assert info.value.code == "PK201"
    assert store.quad_count() == before


def test_store_bindings_are_not_pasted_as_text(graphs):
    store = OxigraphStore.in_memory()
    store.replace_plan(graphs[0])
    nasty = 'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    rows = store.select("SELECT ?t WHERE { ?t pk:text ?text }", {"text": nasty})
    assert rows == []
    assert store.quad_count() == len(graphs[0])
    with pytest.raises(InvalidQuery):
        store.query("SELEC nothing")


@pytest.mark.parametrize("bad", [URIRef("relative/iri"), URIRef("not an iri")])
def test_store_failing_write_leaves_old_plan_intact(tmp_path, graphs, bad):
    store = OxigraphStore.open(tmp_path / "store")
    store.replace_plan(graphs[0])
    broken = build_plan_graph(gold_record(STEMS[0]))
    broken.graph.remove((None, PK.text, None))
    broken.graph.add((URIRef(broken.plan_iri), PK.text, bad))
    with pytest.raises(StoreWriteFailed):
        store.replace_plan(broken)
    assert store.quad_count() == len(graphs[0])
    assert len(store.select("SELECT ?t WHERE { ?t pk:text ?x }")) > 0


def test_store_export_formats(graphs):
    store = OxigraphStore.in_memory()
    store.replace_plan(graphs[0])
    assert "09/KH-UBND" in store.export("turtle")
    assert graphs[0].graph_iri in store.export("trig")
    assert store.export("nquads").count("\n") == len(graphs[0])
    assert json.loads(store.export("jsonld"))


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=120)


INGEST = """
import json, sys
from ingest.records import record_from_gold
from kg.builder import build_plan_graph
from kg.store import OxigraphStore
record = record_from_gold(json.load(open(sys.argv[2], encoding="utf-8")))
OxigraphStore.open(sys.argv[1], lock_timeout=float(sys.argv[3])).replace_plan(
    build_plan_graph(record))
print("ok")
"""


def test_store_on_disk_survives_reopening_in_new_process(tmp_path, graphs):
    path = tmp_path / "store"
    result = _run(INGEST, str(path), str(GOLD / f"{STEMS[0]}.json"), "30")
    assert result.returncode == 0, result.stderr
    reader = OxigraphStore.read_only(path)
    assert reader.quad_count() == len(graphs[0])
    assert plan_count(reader) == 1


def test_store_reader_sees_plan_ingested_by_another_process(tmp_path):
    path = tmp_path / "store"
    assert _run(INGEST, str(path), str(GOLD / f"{STEMS[0]}.json"), "30").returncode == 0
    reader = OxigraphStore.read_only(path)
    assert plan_count(reader) == 1  # the reader now holds a snapshot open
    generation = reader.generation()
    result = _run(INGEST, str(path), str(GOLD / f"{STEMS[2]}.json"), "30")
    assert result.returncode == 0, result.stderr
    assert reader.generation() != generation
    assert plan_count(reader) == 2
    with pytest.raises(StoreReadOnly):
        reader.remove_plan("urn:x")


def test_store_write_reports_busy_while_another_writer_holds_the_lock(tmp_path):
    path = tmp_path / "store"
    OxigraphStore.open(path)
    holder = ox.Store(str(path))  # stands for another process's long write
    result = _run(INGEST, str(path), str(GOLD / f"{STEMS[0]}.json"), "0.3")
    assert result.returncode != 0
    assert "PK202" in result.stderr
    with pytest.raises(StoreBusy):
        OxigraphStore(path, lock_timeout=0.1).remove_plan("urn:x:plan")
    del holder
    result = _run(INGEST, str(path), str(GOLD / f"{STEMS[0]}.json"), "30")
    assert result.returncode == 0, result.stderr


def test_store_generation_file_bumps_on_write(tmp_path, graphs):
    path = tmp_path / "store"
    store = OxigraphStore.open(path)
    first = generation_path(path).read_text()
    store.replace_plan(graphs[0])
    assert generation_path(path).read_text() != first


def test_store_binding_names_are_checked(graphs):
    store = OxigraphStore.in_memory()
    store.replace_plan(graphs[0])
    with pytest.raises(InvalidQuery):
        store.select("SELECT ?t WHERE { ?t pk:text ?x }", {"x) } DROP ALL #": "a"})
    assert store.quad_count() == len(graphs[0])


def test_store_open_creates_missing_parent_folders(tmp_path, graphs):
    store = OxigraphStore.open(tmp_path / "new" / "data" / "store")
    store.replace_plan(graphs[0])
    assert store.quad_count() == len(graphs[0])
