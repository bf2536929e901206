"""The document as one string for citation matching, and the small text helpers citations share.

Matching runs on an offset-preserving fold of the text (``fold_aligned``): an offset found in
the folded string is the same offset in the printed one, so every match maps back to its line
for provenance and to the printed wording for display.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from ingest.document import SourceText


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()[:1]  # one char out for one char in
    if base in ("w", "j"):
        return {"w": "u", "j": "i"}[base]
    return base if base.isalnum() else " "


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`_fold_char`, filled on first sight of each character:
    folding then runs in C instead of a Python call per character."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()
_DP_VOWEL = re.compile(r"\bdp(?=[aeiouy])")
_P_VOWEL = re.compile(r"\bp(?=[aeiouy])")


def fold_aligned(text: str) -> str:
    """Fold character by character (length preserved): offsets in it are offsets in ``text``.

    OCR reads Đ as P or DP: a word-initial bare "p" (never Vietnamese) becomes "d"."""
    folded = _DP_VOWEL.sub("dd", text.translate(_FOLD_TABLE))
    return _P_VOWEL.sub("d", folded)


class JoinedText:
    """The document joined into one string, with offsets back to line numbers."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        parts, self.starts = [], []
        self.index = {line.number: i for i, line in enumerate(source.lines)}
        pos = 0
        for line in source.lines:
            self.starts.append(pos)
            parts.append(line.text)
            pos += len(line.text) + 1
        self.text = "\n".join(parts)
        self.folded = fold_aligned(self.text)

    def line_of(self, offset: int) -> int:
        return self.source.lines[max(0, bisect.bisect_right(self.starts, offset) - 1)].number

    def offset_of_line(self, number: int) -> int:
        return self.starts[self.index[number]]


def iso_date(d: str, m: str, y: str) -> str | None:
    """ISO date from printed day, month, year; None when OCR made it impossible."""
    di, mi, yi = int(d), int(m), int(y)
    if 1 <= di <= 31 and 1 <= mi <= 12 and 1900 <= yi <= 2100:
        return f"{yi:04d}-{mi:02d}-{di:02d}"
    return None


def mention_text(t: JoinedText, start: int, end: int) -> str:
    """The printed wording between two offsets on one line, with "57- NQ" rejoined."""
    text = re.sub(r"\s+", " ", t.text[start:end]).strip(" ;,.")
    return re.sub(r"(\d)-\s+(?=[A-ZĐ])", r"\1-", text)


def restore_text(text: str, lost: bool) -> str:
    """Diacritics put back for display when the text layer lost them (citation mentions,
    the header title)."""
    if not lost:
        return text
    try:
        from ingest.diacritics import restore
    except ImportError:
        return text
    return restore(text)
