"""Regression against gold: agencies F1 and assignments P/R on the annotated seeds.

Roles (tasks, indicators) come from gold so this measures the agencies stage itself; the
assignments are extracted from the seed text. Thresholds sit just under what is reached.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.agencies import collect_agencies
from ingest.assignments import extract_assignments
from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord, record_from_gold
from kg.evaluation import AgencyResolver, score_agencies, score_assignments

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"

# doc stem -> (agencies F1, assignments precision, assignments recall) floors
FLOORS = {
    "000_2dc6f65ccb01aa7d": (0.95, 0.95, 0.95),
    "001_2050ba26a5080564": (0.90, 0.95, 0.90),
    "004_bb2f54c0a58013f3": (0.90, 0.95, 0.95),
}

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="gold annotations not available")


def _source(stem: str) -> SourceText:
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    return SourceText(f"{stem}.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


def _gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", sorted(FLOORS))
def test_agencies_gold_f1(stem: str) -> None:
    gold = _gold(stem)
    record = record_from_gold(gold)
    record.agencies = []
    record.assignments = []
    source = _source(stem)
    extract_assignments(source, record)
    collect_agencies(source, record)
    score = score_agencies([a.to_gold() for a in record.agencies], gold["agencies"])
    assert score.f1 >= FLOORS[stem][0], (score.to_dict(), [a.name for a in record.agencies])
    assert all(a.provenance is not None for a in record.agencies)


@pytest.mark.parametrize("stem", sorted(FLOORS))
def test_assignments_gold_precision_recall(stem: str) -> None:
    gold = _gold(stem)
    record = PlanRecord(doc=f"{stem}.txt", header=PlanHeader(locality=gold["plan"]["locality"]))
    extract_assignments(_source(stem), record)
    score = score_assignments([a.to_gold() for a in record.assignments], gold["assignments"],
                              AgencyResolver(gold["agencies"]))
    assert score.precision >= FLOORS[stem][1]
    assert score.recall >= FLOORS[stem][2]
    assert all(a.provenance and a.provenance.line_start <= a.provenance.line_end
               for a in record.assignments)
