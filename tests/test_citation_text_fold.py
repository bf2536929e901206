"""``fold_aligned`` through a translate table equals the character-by-character fold."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ingest.citation_text import _fold_char, fold_aligned


def _reference(text: str) -> str:
    folded = "".join(_fold_char(ch) for ch in text)
    folded = re.sub(r"\bdp(?=[aeiouy])", "dd", folded)
    return re.sub(r"\bp(?=[aeiouy])", "d", folded)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
       | st.lists(st.sampled_from(["Đ", "DPảng", "Pảng", "uỷ", "ÿ", "İ", "w", "j", "\u0301",
                                   "số", "57-NQ/TW", "\n", " ", "…"]), max_size=12).map("".join))
def test_citation_text_fold_aligned_equals_reference(text: str) -> None:
    folded = fold_aligned(text)
    assert folded == _reference(text)
    assert len(folded) == len(text)  # offsets stay offsets


def test_citation_text_fold_aligned_examples() -> None:
    assert fold_aligned("Đảng ủy DPảng Pảng") == "dang uy ddang dang"
