"""``plankg trace / implementers / gaps`` on an on-disk store filled from the gold plans."""

from __future__ import annotations

import json

import pytest
from paths import SHARED
from typer.testing import CliRunner

from ingest.records import record_from_gold
from kg.builder import build_plan_graph
from kg.catalog import refresh_catalog
from kg.cli import app
from kg.config import store_dir
from kg.store import OxigraphStore

GOLD = SHARED / "gold"
STEMS = ("000_2dc6f65ccb01aa7d", "001_2050ba26a5080564", "004_bb2f54c0a58013f3")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    base = tmp_path_factory.mktemp("plankg")
    store = OxigraphStore.open(store_dir(base))
    for stem in STEMS:
        data = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        store.replace_plan(build_plan_graph(record_from_gold(data)))
    refresh_catalog(store)
    store.close()
    return str(base)


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_lineage_cli_trace_text_dot_json(data_dir: str) -> None:
    text = _run("trace", "09/KH-UBND", "--data-dir", data_dir)
    assert "57-NQ/TW" in text and "Dẫn tới Nghị quyết 57-NQ/TW" in text
    dot = _run("trace", "004_bb2f54c0a58013f3.txt", "--format", "dot", "--data-dir", data_dir)
    assert dot.startswith("digraph lineage {")
    tree = json.loads(_run("trace", "27-KH/ĐU", "--format", "json", "--data-dir", data_dir))
    assert any(n["number"] == "57-NQ/TW" for n in tree["nodes"])


def test_lineage_cli_implementers_lists_every_plan(data_dir: str) -> None:
    rows = json.loads(_run("implementers", "57-NQ/TW", "--json", "--data-dir", data_dir))
    assert {r["source_document"] for r in rows} == {f"{s}.txt" for s in STEMS}
    assert "Đồng Nai" in _run("implementers", "57-NQ/TW", "--data-dir", data_dir)


def test_lineage_cli_gaps(data_dir: str) -> None:
    report = json.loads(_run("gaps", "--json", "--data-dir", data_dir))
    assert report["not_reaching_root"] == []
    assert any(d["label"].endswith("55/KH-UBND") for d in report["uncatalogued"])
    assert "Văn bản được trích dẫn nhưng thiếu trong danh mục" in _run("gaps", "--data-dir",
                                                                          data_dir)


def test_lineage_cli_unknown_plan_fails_with_code(data_dir: str) -> None:
    result = CliRunner().invoke(app, ["trace", "999/KH-XYZ", "--data-dir", data_dir])
    assert result.exit_code == 1
    assert "PK310" in result.output
