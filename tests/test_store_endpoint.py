"""SparqlEndpointStore against a real ``oxigraph serve`` (PyPI ``oxigraph``), when installed."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from paths import SHARED
from rdflib import Literal, URIRef

from ingest.records import record_from_gold
from kg import queries as Q
from kg.builder import build_plan_graph
from kg.curation import record_correction
from kg.store import QueryRefused, SparqlEndpointStore
from ontology.iris import PK

GOLD = SHARED / "gold/000_2dc6f65ccb01aa7d.json"
BINARY = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
pytestmark = pytest.mark.skipif(not Path(BINARY).exists(), reason="oxigraph server not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[SparqlEndpointStore]:
    port = _free_port()
    proc = subprocess.Popen([BINARY, "serve", "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # wait until it answers, not a timing assertion
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield SparqlEndpointStore(f"{base}/query", f"{base}/update")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_store_endpoint_round_trip_and_reingest(endpoint):
    record = record_from_gold(json.loads(GOLD.read_text(encoding="utf-8")))
    pg = build_plan_graph(record)
    endpoint.replace_plan(pg)
    assert endpoint.quad_count() == len(pg)
    endpoint.replace_plan(build_plan_graph(record))
    assert endpoint.quad_count() == len(pg)
    tasks = Q.plan_tasks(endpoint, pg.plan_iri)
    assert [t.task_id for t in tasks][:2] == [t.id for t in record.tasks][:2]
    rows = endpoint.select("SELECT ?n WHERE { ?p eli:number ?n }", {"p": URIRef(pg.plan_iri)})
    assert rows == [{"n": Literal("09/KH-UBND")}]
    record_correction(endpoint, tasks[0].iri, PK.deadline, "Quý IV/2026", editor="Lan")
    assert Q.plan_tasks(endpoint, pg.plan_iri)[0].deadline == "Quý IV/2026"
    with pytest.raises(QueryRefused):
        endpoint.query("DROP ALL")
    endpoint.remove_plan(pg.plan_iri)
    assert pg.graph_iri not in endpoint.named_graphs()
