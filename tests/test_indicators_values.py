"""Values and units of target rows as OCR leaves them."""

from __future__ import annotations

import pytest

from ingest.document import Line, SourceText
from ingest.indicator_values import percent_row, repair_percent, row_unit
from ingest.indicators import extract_indicators
from ingest.normalize import fold
from ingest.records import PlanHeader, PlanRecord


def _run(text: str) -> PlanRecord:
    source = SourceText("snippet.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã Nha Bích"))
    extract_indicators(source, record)
    return record


def test_indicators_values_misread_percent_sign_repaired() -> None:
    assert [repair_percent(v) for v in ("1009", "10096", "5504", "10006", "1000%")] == [
        "100%", "100%", "55%", "100%", "100%"]
    # plausible numbers, years and values without a "%" reading stay as printed
    assert [repair_percent(v) for v in ("100", "59", "2025", "107", "0,61%")] == [
        "100", "59", "2025", "107", "0,61%"]


def test_indicators_values_repair_only_in_percent_rows() -> None:
    assert percent_row(["85%", "90%", "1009"], None) == ["85%", "90%", "100%"]
    assert percent_row(["5504", "60%"], "%") == ["55%", "60%"]
    assert percent_row(["1200", "1500"], "Người") == ["1200", "1500"]


def test_indicators_values_unit_debris_and_rates() -> None:
    assert row_unit("e %", "Tỷ lệ cán bộ") == "%"
    assert row_unit("% GRDP", "Quy mô kinh tế số") == "% GRDP"
    assert row_unit(None, "Tỷ lệ người dân có chữ ký số") == "%"
    assert row_unit(None, "Ty 1e nguoi dan") is None  # a damaged opening is not guessed
    assert row_unit(None, "Số lượng dự án") is None


COUNTED_TARGETS = """BẢNG CHỈ TIÊU
STT Chỉ tiêu Đơn vị tính Chỉ tiêu đến năm 2030 Cơ quan chủ trì
1 Số cán bộ nghiên cứu khoa học và công nghệ toàn xã {unit} ≥ 30 {noun} Phòng VH-XH
2 Số sáng kiến được công nhận hằng năm Sáng kiến ≥ 5/{year} Phòng VH-XH
"""


@pytest.mark.parametrize(("unit", "noun", "year"), [
    ("Người", "người", "năm"),  # printed with marks
    ("Nguoi", "nguoi", "nam"),  # marks lost
    ("Ngudi", "ngwoi", "nim"),  # OCR'd: "ờ" read "d"/"o", "ư" read "w", "ă" read "i"
])
def test_indicators_counted_target_keeps_its_noun(unit: str, noun: str, year: str) -> None:
    """A target written with its counted noun ("≥ 30 người") is one value cell, however the
    noun lost its marks; the unit cell before it stays the unit, not part of the text."""
    text = COUNTED_TARGETS.format(unit=unit, noun=noun, year=year)
    first, second = _run(text).indicators
    assert first.target == f"≥ 30 {noun}"
    assert first.unit is not None and fold(first.unit) == "nguoi"
    assert first.text.endswith("toàn xã")
    assert second.target == f"≥ 5/{year}"


def test_indicators_a_word_after_a_count_is_no_person_noun() -> None:
    """Only "người" as OCR prints it joins the value: another word after a number does not."""
    text = COUNTED_TARGETS.format(unit="Người", noun="ngày", year="năm")
    first, _ = _run(text).indicators
    assert "ngày" not in (first.target or "")
