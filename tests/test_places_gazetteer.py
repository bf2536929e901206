"""The gazetteer read from the package's JSON equals the package's Python API, and the
single-pass ``ocr_fold`` equals the rule-by-rule fold it replaced."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize import fold
from ingest.places import _LEVEL_OCR, _divisions, _divisions_from_api, ocr_fold


def _ocr_fold_reference(text: str) -> str:
    """One substitution per rule, in order: the definition ``ocr_fold`` must keep."""
    f = fold(text)
    for ocr, real in _LEVEL_OCR.items():
        f = re.sub(rf"\b{re.escape(ocr)}\b", real, f)
    f = re.sub(r"(?<=[a-z])[6](?=[a-z]|\b)", "o", f)
    f = re.sub(r"(?<=[a-z])0(?=[a-z])", "o", f)
    f = f.replace("uw", "u").replace("w", "u").replace("j", "i")
    f = re.sub(r"\b(?:dp|pd|dd)(?=[aeiouy])", "d", f)
    f = re.sub(r"\bp(?!h)", "d", f)
    return re.sub(r"\s+", " ", f).strip()


def test_places_gazetteer_json_equals_python_api() -> None:
    provinces, wards = _divisions()
    assert len(provinces) == 34 and len(wards) > 3000
    assert (provinces, wards) == _divisions_from_api()  # same units, same order


_OCR_WORDS = st.sampled_from([*_LEVEL_OCR, "DPong", "Ddong", "pong", "phong", "d60i", "ph0ng",
                              "x4x3", "Phuwoc", "Đồng", "Nai", "j", "w", "-", ",", "  ", "6", "0"])


@given(st.lists(st.one_of(_OCR_WORDS, st.text(max_size=6)), max_size=12))
def test_places_ocr_fold_equals_rule_by_rule(words: list[str]) -> None:
    text = " ".join(words)
    assert ocr_fold(text) == _ocr_fold_reference(text)


def test_places_ocr_fold_level_words() -> None:
    assert ocr_fold("UBND thi x4 Binh, phudng Tan x3") == "ubnd thi xa binh phuong tan xa"
