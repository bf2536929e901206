"""``normalize.strip_marks``' table path (ASCII and precomposed letters) is exactly the slow
decompose-and-recompose path."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import _strip_marks_exact, strip_marks


def test_speed_fold_every_character_alone_and_in_words() -> None:
    for code in range(0x3000):
        c = chr(code)
        for text in (c, f"ngh{c}p", f"{c}\u0301", f"Đ{c}ệ"):
            assert strip_marks(text) == _strip_marks_exact(text), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2fff), max_size=12))
def test_speed_fold_any_text(text: str) -> None:
    assert strip_marks(text) == _strip_marks_exact(text)


def test_speed_fold_vietnamese() -> None:
    assert strip_marks("Nghiệp vụ Đảng ủy") == "Nghiep vu Dang uy"
    assert strip_marks("hi¢én") == _strip_marks_exact("hi¢én")  # an OCR glyph: full path
