"""Symbols found far into a long text are read as they are at its start: the look-back for
"Số" glued or split before a number is bounded, not the whole text before it."""

from __future__ import annotations

import pytest

from ingest.symbols import find_symbols


@pytest.mark.parametrize(("text", "canonical"), [
    ("theo 5 7-NQ/TW", "7-NQ/TW"),  # a lone digit joins the next only after "số"
    ("số 5 7-NQ/TW", "57-NQ/TW"),
    ("S627 -KH/PU", "27-KH/ĐU"),
    ("s6 -KH/TU và 09/KH-UBND", "09/KH-UBND"),
])
@pytest.mark.parametrize("padding", ["", "Căn cứ các văn bản sau đây;\n" * 400])
def test_symbols_same_far_into_a_text(text: str, canonical: str, padding: str) -> None:
    found = find_symbols(padding + text)
    assert [m.symbol.format() for m in found] == [canonical]
    assert found[0].printed == (padding + text)[found[0].start:found[0].end]


def test_symbols_split_number_only_at_text_start_or_after_so() -> None:
    # "x 5 7-NQ/TW": the lone digit is not joined (no "số" before it); at the very start it is.
    assert [m.symbol.format() for m in find_symbols("x 5 7-NQ/TW")] == ["7-NQ/TW"]
    assert [m.symbol.format() for m in find_symbols("a" * 50 + "\n5 7-NQ/TW")] == ["7-NQ/TW"]
