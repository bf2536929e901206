"""The restorer's fast mark stripping is exactly ``normalize.strip_marks``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.diacritics_fold import strip_marks_fast
from ingest.normalize import strip_marks


def test_speed_fold_every_character_alone_and_in_words() -> None:
    for code in range(0x3000):
        c = chr(code)
        for text in (c, f"ngh{c}p", f"{c}\u0301", f"Đ{c}ệ"):
            assert strip_marks_fast(text) == strip_marks(text), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2fff), max_size=12))
def test_speed_fold_any_text(text: str) -> None:
    assert strip_marks_fast(text) == strip_marks(text)


def test_speed_fold_vietnamese() -> None:
    assert strip_marks_fast("Nghiệp vụ Đảng ủy") == "Nghiep vu Dang uy"
    assert strip_marks_fast("hi¢én") == strip_marks("hi¢én")  # an OCR glyph: full path
