"""Gazetteer resolution: OCR names, pre-reform units, old provinces, and no silent garbage."""

from __future__ import annotations

import pytest

from ingest.places import ocr_fold, resolve_locality, resolve_province


@pytest.mark.parametrize(("name", "hint", "display", "province"), [
    ("Phuwoc Binh", None, "phường Phước Bình", "Đồng Nai"),
    ("PHUONG VIET TRI", None, "phường Việt Trì", "Phú Thọ"),
    ("Binh Tan", "Pong Nai", "xã Bình Tân", "Đồng Nai"),
    ("xã Bình Tân", None, "xã Bình Tân", "Đồng Nai"),
    ("Nha Bich", "tinh Dong Nai", "xã Nha Bích", "Đồng Nai"),
])
def test_places_resolve_ocr_names(name: str, hint: str | None, display: str,
                                  province: str) -> None:
    place = resolve_locality(name, hint)
    assert place is not None and place.display == display and place.province == province
    assert place.score >= 88


def test_places_pre_reform_unit_keeps_its_level() -> None:
    place = resolve_locality("thị xã Bỉm Sơn", None)
    assert place is not None
    assert (place.display, place.province, place.current) == ("thị xã Bỉm Sơn", "Thanh Hóa", False)


@pytest.mark.parametrize("garbage", ["asdfgh qwe", "Hanh phuc", "Chinh tri", "", "xa", "Tinh"])
def test_places_garbage_does_not_match(garbage: str) -> None:
    assert resolve_locality(garbage, None) is None


def test_places_ambiguous_name_needs_a_hint() -> None:
    assert resolve_locality("Binh Tan", None) is None  # a ward in HCMC and a commune in Đồng Nai
    assert resolve_locality("Binh Tan", "Hồ Chí Minh").display == "phường Bình Tân"


@pytest.mark.parametrize(("printed", "current"), [
    ("Pong Nai", "Đồng Nai"), ("THANH HOA", "Thanh Hóa"), ("tỉnh Bình Phước", "Đồng Nai"),
    ("Kon Tum", "Quảng Ngãi"), ("thành phố Hồ Chí Minh", "Hồ Chí Minh"), ("Thanh Hod", "Thanh Hóa"),
])
def test_places_provinces_old_and_new(printed: str, current: str) -> None:
    hit = resolve_province(printed)
    assert hit is not None and hit[0] == current


def test_places_ocr_fold() -> None:
    assert ocr_fold("Phuwoc Binh") == "phuoc binh"
    assert ocr_fold("DPong Nai") == "dong nai"
    assert resolve_province("xyz") is None
