"""Text folding used for every comparison: matching must survive OCR damage and lost marks."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics, keeping case; đ/Đ become d/D."""
    decomposed = unicodedata.normalize("NFD", text)
    out = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", out.replace("đ", "d").replace("Đ", "D"))


def fold(text: str) -> str:
    """Lowercase, marks removed, đ→d, punctuation to spaces, spacing collapsed."""
    folded = strip_marks(text).lower()
    folded = _PUNCT.sub(" ", folded).replace("_", " ")
    return _SPACE.sub(" ", folded).strip()


def fold_keep_punct(text: str) -> str:
    """Like :func:`fold` but keeps punctuation (for symbol grammars)."""
    return _SPACE.sub(" ", strip_marks(text).lower()).strip()
