"""Text folding used for every comparison: matching must survive OCR damage and lost marks."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _strip_marks_exact(text: str) -> str:
    """Decompose, drop combining marks, recompose: right for any text, slow per character."""
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", out.replace("đ", "d").replace("Đ", "D"))


def _mark_table() -> dict[int, str]:
    """Precomposed letters whose decomposition is an ASCII letter plus combining marks only,
    mapped to that letter; đ/Đ to d/D."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    # Latin-1, Latin Extended-A/B and Latin Extended Additional hold every Vietnamese letter;
    # any other character takes the exact path (built at import, so kept small).
    for code in [*range(0x80, 0x250), *range(0x1E00, 0x1F00)]:
        parts = unicodedata.normalize("NFD", chr(code))
        if parts[0].isascii() and all(unicodedata.category(p) == "Mn" for p in parts[1:]):
            table[code] = parts[0]
    return table


_MARK_TABLE = _mark_table()


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case; đ/Đ become d/D.

    Every comparison folds text, tens of thousands of times per plan: ASCII text is returned
    as is and precomposed letters go through a table; only text with anything else (combining
    marks, other scripts, punctuation beyond ASCII) takes the exact decompose-and-recompose path.
    """
    if text.isascii():
        return text
    out = text.translate(_MARK_TABLE)
    return out if out.isascii() else _strip_marks_exact(text)


def fold(text: str) -> str:
    """Lowercase, marks removed, đ→d, punctuation to spaces, spacing collapsed."""
    folded = strip_marks(text).lower()
    folded = _PUNCT.sub(" ", folded).replace("_", " ")
    return _SPACE.sub(" ", folded).strip()


def fold_keep_punct(text: str) -> str:
    """Like :func:`fold` but keeps punctuation (for symbol grammars)."""
    return _SPACE.sub(" ", strip_marks(text).lower()).strip()
