"""Evaluator: gold vs itself, known perturbations, empty predictions, directory runs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from paths import SHARED
from rich.console import Console

from ingest.errors import UnreadableDocument
from ingest.normalize import strip_marks
from ingest.records import PlanRecord, record_from_gold
from kg.evaluation import (
    ACCURACY_FIELDS,
    FIELDS,
    canonical_symbol,
    evaluate_dir,
    evaluate_record,
    fields_filled_by,
    render_table,
    report_to_dict,
)

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "gold"
if not GOLD_DIR.is_dir():
    GOLD_DIR = SHARED / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

pytestmark = pytest.mark.skipif(not GOLD_FILES, reason="shared/gold not available")


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gold000() -> dict[str, Any]:
    return _load(GOLD_FILES[0])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_evaluation_gold_against_itself_is_perfect(path: Path) -> None:
    gold = _load(path)
    # through the record contract too, as the extractor will produce it
    predicted = record_from_gold(gold).to_gold_dict()
    scores = evaluate_record(predicted, gold)
    assert set(scores.fields) == set(FIELDS)
    for name, score in scores.fields.items():
        assert score.f1 == 1.0, name
        assert score.fp == 0 and score.fn == 0, name
        if name in ACCURACY_FIELDS:
            assert score.accuracy == 1.0, name


def test_evaluation_dropped_and_added_items_give_known_precision_recall(gold000: dict) -> None:
    pred = copy.deepcopy(gold000)
    n_tasks = len(gold000["tasks"])
    del pred["tasks"][::5]  # drop every fifth task
    kept = len(pred["tasks"])
    pred["cited_documents"].append({"number": "999/QĐ-UBND", "mention": "Quyết định 999"})
    pred["cited_documents"].append({"number": "998/QĐ-UBND", "mention": "Quyết định 998"})
    pred["indicators"] = pred["indicators"][:10]
    scores = evaluate_record(pred, gold000).fields

    tasks = scores["tasks"]
    assert (tasks.tp, tasks.fp, tasks.fn) == (kept, 0, n_tasks - kept)
    assert tasks.recall == pytest.approx(kept / n_tasks)
    assert tasks.precision == 1.0

    n_cited = len(gold000["cited_documents"])
    cited = scores["cited_documents"]
    assert (cited.tp, cited.fp, cited.fn) == (n_cited, 2, 0)
    assert cited.precision == pytest.approx(n_cited / (n_cited + 2))

    ind = scores["indicators"]
    assert ind.recall == pytest.approx(10 / len(gold000["indicators"]))
    assert scores["indicators.owner"].total == 10


def test_evaluation_wrong_lead_counts_in_accuracy_and_partial(gold000: dict) -> None:
    pred = copy.deepcopy(gold000)
    task = next(t for t in pred["tasks"] if len(t["lead"]) == 1)
    task["lead"] = task["lead"] + ["Công an phường Không Có"]  # one extra lead unit
    scores = evaluate_record(pred, gold000).fields
    lead = scores["tasks.lead"]
    assert lead.total == len(gold000["tasks"])
    assert lead.correct == lead.total - 1
    assert scores["tasks.lead_partial"].partial == pytest.approx(
        (lead.total - 1 + 0.5) / lead.total)


def test_evaluation_matching_survives_ocr_folding(gold000: dict) -> None:
    """Unrestored OCR text: marks lost, Đ as D, symbols spaced, aliases for names."""
    pred = copy.deepcopy(gold000)
    for task in pred["tasks"]:
        text = strip_marks(task["text"])
        task["text"] = text.replace("c", "e", 2)  # a little character damage
    for ref in pred["cited_documents"]:
        if ref["number"]:
            ref["number"] = "sb " + ref["number"].replace("/", " / ").replace("Đ", "D").lower()
    for agency in pred["agencies"]:
        if agency["aliases"]:
            agency["name"] = agency["aliases"][0]
    scores = evaluate_record(pred, gold000).fields
    assert scores["tasks"].f1 == 1.0
    assert scores["cited_documents"].f1 == 1.0
    assert scores["agencies"].f1 == 1.0


def test_evaluation_alias_duplicate_agency_is_false_positive(gold000: dict) -> None:
    pred = copy.deepcopy(gold000)
    first = pred["agencies"][0]
    pred["agencies"].append({"name": first["aliases"][-1], "aliases": []})
    agencies = evaluate_record(pred, gold000).fields["agencies"]
    assert (agencies.fp, agencies.fn) == (1, 0)


def test_evaluation_empty_prediction_scores_zero_recall(gold000: dict) -> None:
    scores = evaluate_record({"doc": gold000["doc"]}, gold000).fields
    for name in ("legal_bases", "cited_documents", "agencies", "assignments", "tasks",
                 "indicators", "derived_links"):
        assert scores[name].recall == 0.0, name
        assert scores[name].precision == 0.0, name
    assert scores["plan.number"].accuracy == 0.0
    assert scores["tasks.lead"].total == 0  # nothing matched, nothing compared


def test_evaluation_canonical_symbol_normalises_ocr_variants() -> None:
    assert canonical_symbol("57- NQ/TW") == canonical_symbol("57-NQ/TW")
    assert canonical_symbol("27-KH/ĐU") == canonical_symbol("27-kh/du")
    assert canonical_symbol("02-KH/BCĐTW") == canonical_symbol("2-KH/BCDTW")
    assert canonical_symbol("71/NQ-CP") != canonical_symbol("71-NQ/TW")
    assert canonical_symbol(None) is None


def _write_docs(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    gold_dir.mkdir()
    docs_dir.mkdir()
    for path in GOLD_FILES:
        (gold_dir / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        (docs_dir / f"{path.stem}.txt").write_text("placeholder", encoding="utf-8")
    (docs_dir / "999_no_gold.txt").write_text("not annotated", encoding="utf-8")
    return gold_dir, docs_dir


def _gold_extract(gold_dir: Path, broken: str) -> Any:
    def extract(path: Path) -> PlanRecord:
        if path.stem == broken:
            raise UnreadableDocument(f"cannot read {path.name}")
        return record_from_gold(_load(gold_dir / f"{path.stem}.json"))

    return extract


def test_evaluation_dir_records_failures_and_keeps_going(tmp_path: Path) -> None:
    gold_dir, docs_dir = _write_docs(tmp_path)
    broken = GOLD_FILES[0].stem
    seen: list[str] = []
    report = evaluate_dir(gold_dir, docs_dir, extract=_gold_extract(gold_dir, broken),
                          progress=seen.append)
    assert [d.doc for d in report.docs] == [f"{p.stem}.txt" for p in GOLD_FILES]
    assert seen == [d.doc for d in report.docs]
    failed = report.docs[0]
    assert failed.error is not None and "PK101" in failed.error
    assert failed.fields["tasks"].recall == 0.0
    for doc in report.docs[1:]:
        assert doc.error is None
        assert doc.fields["tasks"].f1 == 1.0
    overall = report.overall["tasks"]
    n_broken = len(_load(GOLD_FILES[0])["tasks"])
    assert overall.fn == n_broken and overall.fp == 0

    data = report_to_dict(report)
    json.dumps(data, ensure_ascii=False)  # serialisable
    assert data["documents"][0]["error"] == failed.error
    assert data["overall"]["tasks"]["fn"] == n_broken


def test_evaluation_render_table_lists_every_field(gold000: dict) -> None:
    scores = evaluate_record(gold000, gold000)
    console = Console(record=True, width=200)
    console.print(render_table(scores.fields))
    text = console.export_text()
    for name in FIELDS:
        assert name in text


def test_evaluation_fields_filled_by_stage() -> None:
    assert fields_filled_by(["header"]) == tuple(f for f in FIELDS if f.startswith("plan."))
    citations = fields_filled_by(["citations"])
    assert set(citations) == {"legal_bases", "cited_documents", "cited_numbered",
                              "cited_documents.issuer", "cited_documents.date", "derived_links"}
    assert "indicators.target" in fields_filled_by(["indicators"])
    assert fields_filled_by([]) == ()


def test_cited_issuer_and_date_scored_on_documents_found() -> None:
    from kg.evaluation import score_cited_attributes

    gold = [{"number": "57-NQ/TW", "issuer": "Bộ Chính trị", "date": "2024-12-22"},
            {"number": "92/KH-UBND", "issuer": "UBND tỉnh Đồng Nai", "date": "2025-09-15"},
            {"number": "469-KH/TU", "issuer": "Tỉnh ủy Đồng Nai", "date": None}]
    pred = [{"number": "57- NQ/TW", "issuer": "Bo Chinh tri", "date": "2024-12-22"},
            {"number": "92/KH-UBND", "issuer": None, "date": "2025-09-05"}]
    got = score_cited_attributes(pred, gold)
    assert (got["cited_documents.issuer"].correct, got["cited_documents.issuer"].total) == (1, 2)
    assert (got["cited_documents.date"].correct, got["cited_documents.date"].total) == (1, 2)


def test_agency_names_match_across_unit_abbreviations() -> None:
    from kg.evaluation import AgencyResolver, score_agencies, unit_key

    assert unit_key("Ủy ban MTTQ thị xã") == unit_key("Ủy ban Mặt trận Tổ quốc Việt Nam thị xã")
    assert unit_key("Văn phòng HĐND&UBND") == "van phong hoi dong nhan dan uy ban nhan dan"
    gold = [{"name": "Ủy ban MTTQ thị xã", "aliases": []},
            {"name": "Phòng Văn hóa, Khoa học và Thông tin", "aliases": []}]
    resolver = AgencyResolver(gold)
    assert resolver.resolve("Ủy ban Mặt trận Tổ quốc Việt Nam thị xã") == "uy ban mttq thi xa"
    assert resolver.resolve("Phòng Văn hóa, KH&TT") == "phong van hoa khoa hoc va thong tin"
    assert resolver.resolve("Phòng Nội vụ") == "phong noi vu"  # unknown units stay themselves
    pred = [{"name": "Ủy ban Mặt trận Tổ quốc Việt Nam thị xã"}, {"name": "Phòng Tư pháp"}]
    score = score_agencies(pred, gold)
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
