"""Repair text that was already read (or OCR'd) without changing its line numbering.

Repair fixes the surface, it does not restore diacritics (that is ``ingest.diacritics``):
- Unicode NFC, and one tone-mark convention. We use the *new* style (mark on the main vowel:
  "hòa", "khỏe", "thủy"), as in Decree 30/2020 era administrative texts and the gold, so the same
  word has one spelling for matching and display. Old style "hoà/khoẻ/thuỷ" is rewritten.
- Stray glyphs that English-model OCR leaves inside Vietnamese words ("hi¢u", "tﬁng", "‘an",
  "©"): ¢ and € inside a word stand for a lost "ê", ﬁ between consonants for a lost "â";
  others are dropped.
- Page numbers (a lone number on its own line that continues the page sequence and stands at
  a page boundary: a blank-line gap, a page break, a form feed or a running header; not a
  table's lone row number) and running headers (the same line at the top or bottom of three
  or more pages) are blanked. Lone table row numbers are told apart from page numbers
  (:func:`lone_row_numbers`) and kept: the table readers number rows with them (task
  tables) or skip them (target tables, where they would read as values).
- Obvious glued words around numbers ("19thang", "ngay15") are split; spaces inside a
  document symbol ("57- NQ/TW", "09 /KH-UBND") are closed.
``Line.raw`` always keeps the line as read.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from ingest.document import Line, SourceText
from ingest.normalize import fold

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}  # huyền sắc hỏi ngã nặng
_VOWELS = set("aeiouyăâêôơưAEIOUYĂÂÊÔƠƯ")

# Old-style placement: the mark on the second vowel of an open "oa", "oe", "uy" syllable.
_OLD_STYLE = re.compile(
    r"(?<![^\W\d_])([^\W\d_]*?)(?<![qQ])([oO])([aAeE])([\u0300\u0301\u0309\u0303\u0323])"
    r"(?![^\W\d_]|[\u0300-\u036f])"
    r"|(?<![^\W\d_])([^\W\d_]*?)(?<![qQ])([uU])([yY])([\u0300\u0301\u0309\u0303\u0323])"
    r"(?![^\W\d_]|[\u0300-\u036f])"
)

_LETTER = r"[^\W\d_]"
_CENT_NEAR_E = re.compile(r"(?<=[eéèẻẽẹêếềểễệEÉÈẺẼẸÊẾỀỂỄỆ])¢|¢(?=[eéèẻẽẹêếềểễệEÉÈẺẼẸÊẾỀỂỄỆ])")
_CENT_IN_WORD = re.compile(rf"(?<={_LETTER})¢|¢(?={_LETTER})")
# "€" is what the English model makes of a marked "ê" ("nghi€p", "ti€u"): a letter, not money
_EURO_IN_WORD = re.compile(rf"(?<={_LETTER})€(?!\d)|€(?={_LETTER})")
_FI_IN_WORD = re.compile(r"(?<=[bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX])ﬁ(?=[^\W\d_])")
_LIGATURES = {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"}
_STRAY_NEAR_LETTER = re.compile(rf"(?<={_LETTER})[©®™¬§¥£¤¦]|[©®™¬§¥£¤¦¢](?={_LETTER})"
                                rf"|(?<=\s)[©®™¬§¥£¤¦¢](?=\s|$)|^[©®™¬§¥£¤¦¢](?=\s|$)")
_QUOTE_IN_WORD = re.compile(rf"(?<={_LETTER})[‘`´](?={_LETTER})|(?<![\w’'])‘(?={_LETTER}[^’\s]*(\s|$))")
_DIGIT_GLUE = re.compile(r"(\d)([^\W\d_]{3,6})(?=\s|$)")
_WORD_DIGIT_GLUE = re.compile(r"\b([^\W\d_]{3,5})(\d{1,4})\b")
_DATE_WORDS = {"ngay", "thang", "nam"}
_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(\d{1,3})\s*[-–—]?\s*$")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u200b]+")


# Every character one of the glyph fixes (:func:`_fix_glyphs`) rewrites or drops.
_GLYPHS = re.compile("[" + re.escape("¢€ﬁ" + "".join(_LIGATURES) + "©®™¬§¥£¤¦‘`´") + "]")


def _tone_first(bases: str) -> str:
    """Precomposed letters whose decomposition is one of ``bases`` and then a tone mark."""
    out = []
    for code in range(0xC0, 0x2000):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and parts[0] in bases and parts[1] in _TONES:
            out.append(chr(code))
    return "".join(out)


# What :data:`_OLD_STYLE` needs in NFC text: "o" before a toned a/e, "u" before a toned y,
# or a loose combining mark. Lines without it are left as they are by new_style_tones.
_OLD_STYLE_SIGN = re.compile(
    f"[oO][{_tone_first('aAeE')}]|[uU][{_tone_first('yY')}]|[\u0300-\u036f]")
_DIGIT = re.compile(r"\d")


def new_style_tones(text: str) -> str:
    """Rewrite old-style tone placement (hoà, khoẻ, thuỷ) to new style (hòa, khỏe, thủy)."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match[str]) -> str:
        if m.group(2) is not None:
            pre, first, second, tone = m.group(1), m.group(2), m.group(3), m.group(4)
        else:
            pre, first, second, tone = m.group(5), m.group(6), m.group(7), m.group(8)
        if any(ch in _VOWELS for ch in unicodedata.normalize("NFD", pre or "")
               if unicodedata.category(ch) != "Mn"):
            return m.group(0)  # "uoa"-like clusters are not the oa/oe/uy case
        return f"{pre}{first}{tone}{second}"

    return unicodedata.normalize("NFC", _OLD_STYLE.sub(move, decomposed))


def _fix_glyphs(text: str) -> str:
    text = _CENT_NEAR_E.sub("", text)
    text = _CENT_IN_WORD.sub("e", text)
    text = _EURO_IN_WORD.sub("e", text)
    text = _FI_IN_WORD.sub("a", text)
    for lig, rep in _LIGATURES.items():
        text = text.replace(lig, rep)
    text = _STRAY_NEAR_LETTER.sub("", text)
    text = _QUOTE_IN_WORD.sub("", text)
    return text


def _split_glued(text: str) -> str:
    def digit_word(m: re.Match[str]) -> str:
        return f"{m.group(1)} {m.group(2)}" if _is_date_word(m.group(2)) else m.group(0)

    def word_digit(m: re.Match[str]) -> str:
        return f"{m.group(1)} {m.group(2)}" if _is_date_word(m.group(1)) else m.group(0)

    return _WORD_DIGIT_GLUE.sub(word_digit, _DIGIT_GLUE.sub(digit_word, text))


def _is_date_word(word: str) -> bool:
    """"thang", "tháng", OCR "thdang"/"ndam": date words with at most one extra letter."""
    f = fold(word)
    if f in _DATE_WORDS:
        return True
    return any(len(f) == len(w) + 1 and any(f[:i] + f[i + 1:] == w for i in range(len(f)))
               for w in _DATE_WORDS)


def _close_symbols(text: str) -> str:
    """"57- NQ/TW", "09 /KH-UBND", "5 7-NQ/TW" -> spaces inside a document symbol removed
    (codes are left as printed: restoring Đ is the symbol grammar's job)."""
    from ingest.symbols import find_symbols

    for m in reversed(find_symbols(text)):
        text = text[:m.start] + re.sub(r"\s+", "", m.printed) + text[m.end:]
    return text


def repair_line(text: str) -> str:
    """Repair one line of text (no cross-line context).

    Each step runs only on lines holding what it acts on (:data:`_GLYPHS`,
    :data:`_OLD_STYLE_SIGN`, a digit): most lines need none, and the result is the same."""
    text = unicodedata.normalize("NFC", text)
    if _GLYPHS.search(text):
        text = _fix_glyphs(text)
    if _OLD_STYLE_SIGN.search(text) or not unicodedata.is_normalized("NFC", text):
        text = new_style_tones(text)
    if _DIGIT.search(text):  # glued numbers, and symbols, which all open with a number
        text = _split_glued(text)
        text = _close_symbols(text)
    return _SPACES.sub(" ", text).rstrip()


def _blank(line: str) -> bool:
    return not line.strip()


def page_number_lines(lines: list[Line]) -> set[int]:
    """Indexes of lines that are page numbers: isolated numbers that continue a page sequence
    and sit at a page boundary (:func:`_at_page_boundary`).

    A lone number inside a flattened table ("18" between two rows' cells) is isolated too;
    it is told apart by where it stands: no blank-line gap, no page break, and neighbours
    that read as the rows numbered around it.
    """
    headers = running_header_lines(lines)
    return _number_sequence(lines, lambda i, value: _at_page_boundary(lines, i, headers)
                            and not _between_rows(lines, i, value))


def lone_row_numbers(lines: list[Line]) -> set[int]:
    """Indexes of isolated numbers continuing a sequence away from any page boundary: the
    row numbers of tables OCR'd cell by cell ("17" / "18" / "19" between rows' cells)."""
    return _number_sequence(lines, lambda i, value: True) - page_number_lines(lines)


def _number_sequence(lines: list[Line], keep: Callable[[int, int], bool]) -> set[int]:
    """Indexes of numbers alone between blank lines, kept by ``keep(index, value)``, that
    continue one another (1, 2, 3 ...; the first may start anywhere a successor follows)."""
    cands: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        m = _PAGE_NUMBER.match(line.text)
        if not m:
            continue
        before = i == 0 or _blank(lines[i - 1].text)
        after = i == len(lines) - 1 or _blank(lines[i + 1].text)
        if before and after and keep(i, int(m.group(1))):
            cands.append((i, int(m.group(1))))
    found: set[int] = set()
    last: int | None = None
    values = [v for _, v in cands]
    for k, (i, value) in enumerate(cands):
        continues = last is not None and value == last + 1
        starts = last is None and (value <= 2 or value + 1 in values[k + 1:])
        if continues or starts:
            found.add(i)
            last = value
    return found


_PAGE_GAP = 2  # blank lines that OCR or text extraction leave between two pages


def _at_page_boundary(lines: list[Line], i: int, headers: set[int]) -> bool:
    """Whether line ``i`` stands where one page ends and the next begins: after or before a
    gap of blank lines, at a change of page, by a form feed, or next to a running header."""
    prev_i, gap_before = _neighbour(lines, i, -1)
    next_i, gap_after = _neighbour(lines, i, 1)
    if gap_before >= _PAGE_GAP or gap_after >= _PAGE_GAP or prev_i is None or next_i is None:
        return True
    if lines[i].page is not None and (lines[prev_i].page != lines[i].page
                                      or lines[next_i].page != lines[i].page):
        return True
    if "\f" in lines[i].raw or "\f" in lines[next_i].raw:
        return True
    return any(abs(h - i) <= 3 for h in headers)


def _between_rows(lines: list[Line], i: int, value: int) -> bool:
    """Whether the nearest text line above or below opens the row numbered just before or
    after ``value`` ("17 Tăng cường ...", "19"): then the number is a table's row number."""
    for step in (-1, 1):
        j, _ = _neighbour(lines, i, step)
        if j is None:
            continue
        m = re.match(r"\s*(\d{1,3})\b", lines[j].text)
        if m and int(m.group(1)) in (value - 1, value + 1):
            return True
    return False


def _neighbour(lines: list[Line], i: int, step: int) -> tuple[int | None, int]:
    """The nearest non-blank line from ``i`` in direction ``step``, and the blank lines
    skipped to reach it."""
    j, gap = i + step, 0
    while 0 <= j < len(lines) and _blank(lines[j].text):
        j, gap = j + step, gap + 1
    return (j if 0 <= j < len(lines) else None), gap


def page_edge_numbers(lines: list[Line]) -> set[int]:
    """Indexes of lone numbers that open or close a page and equal its page number (PDF)."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None and line.text.strip():
            pages.setdefault(line.page, []).append(i)
    found = set()
    for page, idxs in pages.items():
        for i in {idxs[0], idxs[-1]}:
            m = _PAGE_NUMBER.match(lines[i].text)
            if m and int(m.group(1)) in (page, page - 1):  # some plans leave page 1 unnumbered
                found.add(i)
    return found


def running_header_lines(lines: list[Line]) -> set[int]:
    """Indexes of lines repeated at the top or bottom of three or more pages."""
    pages: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.page is not None and line.text.strip():
            pages.setdefault(line.page, []).append(i)
    if len(pages) < 3:
        return set()
    edge: Counter[str] = Counter()
    edge_idx: dict[str, list[int]] = {}
    for idxs in pages.values():
        for i in {idxs[0], idxs[-1]}:
            key = re.sub(r"\d+", "#", fold(lines[i].text))
            if key:
                edge[key] += 1
                edge_idx.setdefault(key, []).append(i)
    return {i for key, n in edge.items() if n >= 3 for i in edge_idx[key]}


def repair(source: SourceText) -> SourceText:
    """Return a repaired copy of ``source`` with the same line numbers and pages."""
    # Lone row numbers are no page numbers and stay: ``ingest.table_rows`` tells a row number
    # alone on its line from a value by the row sequence.
    drop = (page_number_lines(source.lines)
            | page_edge_numbers(source.lines) | running_header_lines(source.lines))
    lines = [
        Line(number=line.number, text="" if i in drop else repair_line(line.text),
             raw=line.raw, page=line.page)
        for i, line in enumerate(source.lines)
    ]
    return SourceText(name=source.name, lines=lines, media_type=source.media_type,
                      tables=source.tables, lost_diacritics=source.lost_diacritics)
