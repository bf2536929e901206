"""Targets of plans without shared gold (seeds 002, 003) against a hand reading.

The hand annotations under ``tests/data/hand_*.json`` are one engineer's reading of the OCR
(labelled as such in each file), not shared gold; thresholds sit just under what extraction
reaches (measured 2026-11-30, raised the same day), so a drop means a change broke a layout
seen in real plans.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.document import Line, SourceText
from ingest.indicators import prose_indicators
from ingest.pipeline import read_and_repair, run_stages
from kg.evaluation import AgencyResolver, score_indicators

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "ingest" / "samples"
DATA = ROOT / "tests" / "data"


def _source(text: str) -> SourceText:
    return SourceText("snippet.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


def _scores(stem: str) -> tuple[dict, list[dict], dict]:
    hand = json.loads((DATA / f"hand_{stem}.json").read_text(encoding="utf-8"))
    record = run_stages(read_and_repair(SAMPLES / f"{stem}.txt"), ["header", "indicators"])
    pred = record.to_gold_dict()["indicators"]
    return hand, pred, score_indicators(pred, hand["indicators"],
                                        AgencyResolver(hand["agencies"]))


PROSE = """II. MỤC TIÊU
1. Mục tiêu chung:
- Tiếp tục xây dựng chính quyền số hiện đại.
2. Mục tiêu cụ thể:
- Duy trì và nâng cao tỷ lệ dịch vụ công trực tuyến toàn trình.
- Tiếp tục phấn đấu đạt và vượt tỷ lệ sử dụng dịch vụ công trực tuyến của người dân
và doanh nghiệp đạt 90%.
- Duy trì và nâng cao tỷ lệ giao dịch không dùng tiền mặt đạt tối thiểu 60%.
- Phấn đấu đến năm 2030, 100% hồ sơ được số hóa.
III. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao nhận thức
- Quán triệt sâu sắc các quan điểm đạt 100%.
"""


def test_indicators_prose_target_list_bullets() -> None:
    found = prose_indicators(_source(PROSE), plan_year=2026)
    assert [i.id for i in found] == ["2.1", "2.2", "2.3", "2.4"]
    assert found[0].target is None and found[0].unit is None
    assert found[1].text.endswith("và doanh nghiệp đạt 90%")  # wrapped bullet rejoined
    assert (found[1].target, found[1].unit, found[1].year) == ("90%", "%", 2026)
    assert found[2].target == "≥ 60%"
    assert (found[3].target, found[3].year) == ("100%", 2030)
    assert all(i.provenance and i.provenance.method == "prose" for i in found)


def test_indicators_prose_list_ends_at_next_heading() -> None:
    found = prose_indicators(_source(PROSE), plan_year=None)
    assert not any("Quán triệt" in i.text for i in found)
    assert not any("chính quyền số hiện đại" in i.text for i in found)  # Mục tiêu chung


def test_indicators_prose_not_used_when_plan_has_a_target_table() -> None:
    record = run_stages(read_and_repair(SAMPLES / "002_bf010496bf85ed6b.txt"),
                        ["header", "indicators"])
    assert record.indicators
    assert all(i.provenance and i.provenance.method == "table" for i in record.indicators)


def test_indicators_hand_003_prose_targets() -> None:
    hand, pred, scores = _scores("003_94017bbf33b74b77")
    assert len(pred) == len(hand["indicators"]) == 5
    assert scores["indicators"].recall == 1.0
    assert scores["indicators.target"].accuracy >= 0.99
    assert scores["indicators.unit"].accuracy >= 0.99


def test_indicators_hand_002_multi_year_table() -> None:
    hand, pred, scores = _scores("002_bf010496bf85ed6b")
    expected = hand["expected_counts"]["indicators"]
    assert abs(len(pred) - expected) <= 4
    assert scores["indicators"].recall >= 0.86
    assert scores["indicators.target"].accuracy >= 0.8  # baseline column left out of targets
    assert scores["indicators.unit"].accuracy >= 0.85  # units from the counted noun
    assert scores["indicators.owner"].accuracy >= 0.86  # office names the scheme lacks
    multi = [i for i in pred if isinstance(i["target"], dict) and len(i["target"]) >= 4]
    assert len(multi) >= 35
    # five groups, numbered in order even where OCR turned the numeral into "|" or "Il"
    groups = [i["id"].split(".")[0] for i in pred]
    assert groups[0] == "I" and {"II", "III", "IV", "V"} <= set(groups)


def test_indicators_wrapped_owner_end_rejoined() -> None:
    from ingest.indicator_cells import rejoin_wrapped_names

    lines = ["Ty le nhiem vu duoc theo doi o 90 Cac co quan, don = Van phong HDND",
             "hanh chinh thuc hien tren moi truong dien tu ? Vi & UBND"]
    out = rejoin_wrapped_names(lines, "phường Phước Bình")
    assert out[0].endswith("UBND") and "Van phong HDND" in out[0]
    assert not out[1].endswith("UBND")
    # a level word the next line happens to end with is not part of the name above
    lines = ["Ty le TTHC o 70 Trung tam PVHCC", "trung uong va tinh, cac cap chinh quyen"]
    assert rejoin_wrapped_names(lines, "phường Phước Bình") == lines


def test_indicators_sub_number_without_dot_and_percent_cell() -> None:
    from ingest.tables import _row_number

    assert _row_number("310 Ti le cac co quan nha nuoc")[0] == "310"  # 3.10, repaired later
    assert _row_number("300 nguoi du thi") is None
    text = """PHỤ LỤC I
STT Chỉ tiêu Đơn vị tính Chỉ tiêu năm 2026 Đơn vị chủ trì
3.9 Tỷ lệ nhiệm vụ được theo dõi trên môi trường điện tử o 90 Văn phòng HĐND và UBND
310 Tỷ lệ các cơ quan nhà nước thực hiện chỉ đạo, điều hành o 100 Văn phòng HĐND và UBND
"""
    from ingest.indicators import extract_indicators
    from ingest.records import PlanHeader, PlanRecord

    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="phường Phước Bình"))
    extract_indicators(_source(text), record)
    assert [i.id for i in record.indicators] == ["3.9", "3.10"]
    assert record.indicators[1].text.startswith("Tỷ lệ các cơ quan")
    assert [(i.unit, i.target) for i in record.indicators] == [("%", "90"), ("%", "100")]


def test_indicators_prose_paragraphs_and_year_context() -> None:
    text = """b) Mục tiêu cụ thể
a) Đến năm 2026:
- Tỷ lệ hồ sơ công việc xử lý trên môi trường điện tử đạt 95%.
b) Đến năm 2030:
Phấn đấu 100% người dân trưởng thành có tài khoản định danh
điện tử mức độ 2.

Tỷ lệ giao dịch không dùng tiền mặt đạt trên 80%.
c) Về kinh tế số: tiếp tục phát triển.
3. Nhiệm vụ
"""
    found = prose_indicators(_source(text), plan_year=2025)
    assert [(i.target, i.year) for i in found] == [("95%", 2026), ("100%", 2030),
                                                   ("> 80%", 2030)]
    assert found[1].text.endswith("mức độ 2")  # a wrapped paragraph rejoined


def test_indicators_owner_office_names_the_scheme_does_not_know() -> None:
    from ingest.tables import office_names as _office_names

    names = [m.surface for m in _office_names(
        "% 85% 90% | 95% Phong Van hoa, Khoa hoc & Thong tin; Phong Tai chinh - KH")]
    assert names == ["Phong Van hoa, Khoa hoc & Thong tin", "Phong Tai chinh - KH"]
    assert [m.surface for m in _office_names("Phòng Giáo dục và Đào tạo;")] == [
        "Phòng Giáo dục và Đào tạo"]
    assert _office_names("Ban hành kế hoạch triển khai") == []  # not a name
    assert _office_names("Phong VEIXH") == []  # a damaged abbreviation, not a new name
