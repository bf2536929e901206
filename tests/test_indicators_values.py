"""Values and units of target rows as OCR leaves them."""

from __future__ import annotations

from ingest.indicator_values import percent_row, repair_percent, row_unit


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
