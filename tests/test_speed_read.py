"""The reader's shortcuts (plain lines skip ftfy, repair steps skip lines without their
signs) give exactly what the full work gives."""

from __future__ import annotations

import unicodedata

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import ROOT

from ingest.readers import _ftfy_lines
from ingest.repair import (
    _SPACES,
    _close_symbols,
    _fix_glyphs,
    _split_glued,
    new_style_tones,
    repair_line,
)

# Characters the shortcuts look for, and their neighbours: marks, glyphs, digits, HTML.
ALPHABET = ("aeouyAOUEYoạáàảãéèẹýỳỵ\u0301\u0300\u0323\u0309\u0303¢€ﬁ©¥‘`´"
            "0123456789/- &<>;amp\n\tÃ¡ÂºÂ¿ KHNQTW")


def _full_repair(text: str) -> str:
    """Every repair step on every line, as before the shortcuts."""
    text = unicodedata.normalize("NFC", text)
    text = _close_symbols(_split_glued(new_style_tones(_fix_glyphs(text))))
    return _SPACES.sub(" ", text).rstrip()


def _full_ftfy(text: str) -> str:
    return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=True,
                         fix_latin_ligatures=False)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_speed_repair_line_equals_every_step(text: str) -> None:
    assert repair_line(text) == _full_repair(text)


# What ftfy acts on, beside Vietnamese letters: mojibake pieces, entities, control, width and
# line-break characters, typographic punctuation.
FTFY_ALPHABET = (ALPHABET + "ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                 "ùúủũụừứửữựỳýỷỹỵÃÂÄÅÆÐ¡¢£¤¥¦§¨©ª«»¿Ñ€‚ƒ„…†‡ˆ‰Š‹ŒŽ''""•–—˜™š›œžŸ"
                 "\r\x85\u2028\x1b\x00\x7f\x9d\ufeffＡ　“”")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=FTFY_ALPHABET, max_size=60))
def test_speed_ftfy_lines_equal_fix_text(text: str) -> None:
    assert _ftfy_lines(text) == _full_ftfy(text)


def test_speed_ftfy_lines_fix_mojibake_like_fix_text() -> None:
    """Vietnamese UTF-8 read as a Western code page is fixed exactly as ftfy fixes it."""
    clean = "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW về phát triển khoa học, công nghệ"
    for codec in ("cp1252", "latin-1"):
        broken = clean.encode("utf-8").decode(codec, errors="replace")
        text = f"{clean}\n{broken}\nplain line\n"
        assert _ftfy_lines(text) == _full_ftfy(text)
    assert _ftfy_lines(clean.encode("utf-8").decode("latin-1") + "\n").startswith("Kế hoạch")


def test_speed_shortcuts_equal_full_work_on_seeds() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "ingest" / "samples").glob("*.txt"))]
    assert texts, "no seed texts"
    for text in texts:
        assert _ftfy_lines(text) == _full_ftfy(text)
        lines = text.split("\n")
        assert [repair_line(ln) for ln in lines] == [_full_repair(ln) for ln in lines]


def test_speed_plain_lines_after_html_switch_off() -> None:
    """A "<" turns HTML unescaping off for the lines after it, as in ftfy."""
    text = "a &amp; b\nx < y\nc &amp; d\nplain line\n"
    assert _ftfy_lines(text) == _full_ftfy(text)
    assert _ftfy_lines(text).splitlines()[0] == "a & b"
