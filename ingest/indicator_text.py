"""The indicator text of a flattened target row, without what other columns left in it.

OCR reads a table line by line, so a row's text column comes back interleaved with pieces of
its neighbours: the wrapped end of an owner cell ("... Khoa" / "học & Thông tin"), the start of
an owner name that continues below ("... trực Văn phòng" / "HĐND&UBND"), the baseline cell of
a new indicator ("Chỉ tiêu mới, chưa đánh giá"). Each is recognised by general structure: a
run of words that continues an owner name whose head ends an earlier line of the row, an
agency head noun left at a line end, the fixed wording of a baseline cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from ingest.deadlines import fold_same_length
from ingest.indicator_repeats import drop_repeated_runs
from ingest.indicator_units import rank_unit_at
from ingest.indicator_years import NEW_BASELINE
from ingest.table_cells import clean_text

#: An agency head noun left at the end of a text line: the rest of the name is on a later
#: line ("... trực Văn phòng" / "HĐND&UBND", "... Phòng Nông" / "nghiệp và Môi trường").
_HEAD_AT_END = re.compile(r"(?:(?<=\s)v\w{1,2}n\s+)?(?<![\w])ph\w{0,2}ng(?:\s+\w{1,5})?\s*$")
#: Words that open an indicator, as OCR damages them ("Ty 1€", "Ty 16", "S6 luong").
_OPENING = [
    (re.compile(r"^t[yi]\s*[1l|i][^\s\w]?\w?(?=\s)"), "Tỷ lệ"),
    (re.compile(r"^s[6o0obe]\)?\w?\s*l\w{0,3}[.]?\w{0,3}ng\b"), "Số lượng"),
]
#: Owner-name words too common in indicator text to count as a run on their own.
#: A column rule (OCR "[" or "|") opening a text cell, perhaps after a stray number digit.
_RULE_OPENING = re.compile(r"^\s*(?:\d{1,2}\s+)?[\[|]\s*")
_COMMON = {"tren", "dia", "ban", "cac", "thi", "xa", "phuong", "tinh", "huyen", "va", "cua",
           "nha", "nuoc", "tp", "tx"}
_PUNCT = ".,;:|()[]\"'“”‘’-–~=*!?"
#: A folded Vietnamese syllable (onset, nucleus, coda): damaged words mostly still are one,
#: OCR debris of the value columns ("S0", "Rebqua", "3o") is not.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}"
                       r"(?:ch|ng|nh|[cmnpt])?")
_NUMBER = re.compile(r"[<>≥≤=]?\d{1,4}(?:[.,]\d{1,3})?%?")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    key: str  # folded word, "" for punctuation and "và"


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[_Token, ...]:
    folded = fold_same_length(text).lower()
    out = []
    for m in re.finditer(r"\S+", folded):
        key = m.group(0).strip(_PUNCT)
        # "và" / "&" (which folding blanks) join a name's parts: matched as absent
        out.append(_Token(m.start(), m.end(), "" if key == "va" else key))
    return tuple(out)


@lru_cache(maxsize=16384)
def _same(ocr: str, word: str, last: bool = False) -> bool:
    """An OCR word read as a name word: equal, one edit off ("hod"/"hoa", "po"/"do"), or
    cut short at the fragment's end ("ca" of "cac")."""
    if ocr == word:
        return True
    if len(word) >= 3 and len(ocr) >= 2 and Levenshtein.distance(ocr, word, score_cutoff=1) <= 1:
        return True
    if ocr[:1] in "pb" and ocr[1:] == word[1:] and word[:1] == "d":
        return True  # OCR "Đ" as P or B
    return last and len(ocr) >= 2 and word.startswith(ocr)


def name_sequences(owner_lists: Sequence[Sequence[str]]) -> list[list[str]]:
    """Folded word sequences of the owner cells of a table (one per row's owner list)."""
    seqs: list[list[str]] = []
    for names in owner_lists:
        words = [k for n in names for t in _tokens(n) if (k := t.key)]
        if words and words not in seqs:
            seqs.append(words)
    return seqs


def _tail_run(words: list[str], seqs: list[list[str]], row_ends: list[str],
              near_ends: Sequence[str] = ()) -> int:
    """How many trailing words of a fragment continue an owner name begun on an earlier line.

    The run must sit inside one owner sequence after at least one word, and the word before
    it in the name (the head of the wrapped name, perhaps cut: "Kh") must end one of the
    lines above it in its row (``row_ends``) or, for a run of two words or more, one of the
    table's lines just above it (``near_ends``: a centred cell crosses row cuts).
    """
    if not (any(row_ends) or any(near_ends)) or not words:
        return 0
    best = 0
    for seq in seqs:
        for j in range(1, len(seq)):  # where the fragment's last word sits in the name
            if not _same(words[-1], seq[j], True):
                continue
            k = 1
            while k < len(words) and j - k >= 1 and _same(words[-1 - k], seq[j - k]):
                k += 1
            for n in range(k, best, -1):  # the longest run whose head ends an earlier line
                run = words[-n:]
                if all(w in _COMMON for w in run) or sum(len(w) for w in run) < 3:
                    continue
                ends = [*row_ends, *near_ends] if n >= 2 else row_ends
                if any(e and _same(e, seq[j - n], True) for e in ends):
                    best = n
                    break
    return best


def _kind(tok: str) -> str:
    """"N" number, "W" word (syllable or capital abbreviation), "G" debris, "P" punctuation."""
    core = tok.strip(_PUNCT + "{}")
    if not core:
        return "P"
    if _NUMBER.fullmatch(core):
        return "N"
    folded = fold_same_length(core).lower()
    if len(core) >= 2 and (_SYLLABLE.fullmatch(folded) or (core.isalpha() and core.isupper())):
        return "W"
    return "G"


def drop_value_debris(text: str) -> str:
    """Without runs of value cells and debris inside a text line ("... gia 3o Y 7 50 108 MO").

    The values line of a row can cross the text column, where OCR reads the text cell as
    debris between the numbers: a run of four or more non-words holding three numbers or more
    is no part of the indicator.
    """
    toks = list(re.finditer(r"\S+", text))
    kinds = [_kind(t.group(0)) for t in toks]
    cuts: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if kinds[i] == "W":
            i += 1
            continue
        j = i
        while j < len(toks) and kinds[j] != "W":
            j += 1
        run = kinds[i:j]
        if run.count("N") >= 3 and run.count("N") + run.count("G") >= 4:
            cuts.append((toks[i].start(), toks[j - 1].end()))
        i = j
    for s, e in reversed(cuts):
        text = f"{text[:s]} {text[e:]}"
    return text


def _last_word(line: str) -> str:
    """The folded last word of a line (not "và" and not punctuation)."""
    for tok in reversed(line.split()):
        key = fold_same_length(tok).lower().strip(_PUNCT + " ")
        if key and key != "va":
            return key
    return ""


def strip_foreign(fragments: Sequence[str], above: Sequence[Sequence[str]],
                  seqs: list[list[str]], near: Sequence[Sequence[str]] | None = None
                  ) -> list[str]:
    """Fragments of a row's text column without other columns' pieces.

    ``above[k]`` holds the (up to two) lines read above fragment ``k`` in its row and
    ``near[k]`` the table's two lines above it, whatever row: where the head of a wrapped
    owner name is looked for. A fragment is cut at a column rule ("|") that closes the text
    cell, with at most three words (unit or baseline cell) after it.
    """
    out: list[str] = []
    for i, (frag, lines) in enumerate(zip(fragments, above, strict=True)):
        frag = _cut_at_rule(drop_value_debris(drop_repeated_runs(_drop_baseline(frag))))
        frag = _cut_at_rank_unit(frag)
        toks = [t for t in _tokens(frag) if t.key]
        k = _tail_run([t.key for t in toks], seqs, [_last_word(ln) for ln in lines],
                      [_last_word(ln) for ln in near[i]] if near else []) if seqs else 0
        if k:
            frag = frag[: toks[-k].start]
        elif len(toks) >= 4:
            hm = _HEAD_AT_END.search(fold_same_length(frag).lower())
            if hm and frag[hm.start()].isupper():  # a name, not "phòng chống"
                frag = frag[: hm.start()]
        frag = frag.strip().rstrip(" |;:,-–~&")
        if frag:
            out.append(frag)
    return out


def _cut_at_rank_unit(text: str) -> str:
    """The text before a rank unit cell ("Thứ bậc", only ever a unit): the text column is
    left of the unit column, so what follows on the line is other cells."""
    at = rank_unit_at(text)
    return text if at is None else text[:at]


def _cut_at_rule(text: str) -> str:
    """The text before the last column rule that follows a text cell's worth of letters."""
    at = text.rfind("|")
    if at < 0 or sum(c.isalpha() for c in text[:at]) < 12 or len(text[at + 1:].split()) > 3:
        return text
    return text[:at]


def _drop_baseline(text: str) -> str:
    folded = fold_same_length(text).lower()
    spans = [(m.start(), m.end()) for m in NEW_BASELINE.finditer(folded)]
    for s, e in reversed(spans):
        while e < len(text) and text[e] in ".,;":
            e += 1  # the cell's own punctuation, which folding blanks
        text = f"{text[:s]} {text[e:]}"
    return text


def restore_opening(text: str) -> str:
    """The opening words of an indicator ("Tỷ lệ", "Số lượng") where OCR broke them.

    Words that are only unaccented stay as printed: restoring marks is a later stage's job.
    The column rule before the text cell ("[Ty 16", "4 [Ty 1€": a digit of the number column
    with it) is no part of the text.
    """
    rule = _RULE_OPENING.match(text)
    if rule and text[rule.end():rule.end() + 1].isalpha():
        text = text[rule.end():]
    folded = fold_same_length(text).lower()
    for pattern, words in _OPENING:
        m = pattern.match(folded)
        if m and " ".join(m.group(0).split()) != fold_same_length(words).lower():
            end = m.end()
            while end < len(text) and not text[end].isspace():
                end += 1  # the rest of a damaged word ("1€": folding blanks the "€")
            return words + text[end:]
    return text


def opens_indicator(text: str) -> bool:
    """Whether a text fragment opens like an indicator: "Tỷ lệ ...", "Số lượng ..." (damaged
    or not), capitalised as a cell's first word is."""
    text = text.lstrip(" |[")
    if not text[:1].isupper():
        return False
    folded = fold_same_length(text).lower()
    return any(pattern.match(folded) for pattern, _ in _OPENING)


def indicator_text(fragments: Sequence[str], above: Sequence[Sequence[str]],
                   seqs: list[list[str]], near: Sequence[Sequence[str]] | None = None) -> str:
    """The text cell of a row from its text-column fragments (see :func:`strip_foreign`)."""
    return restore_opening(clean_text(strip_foreign(fragments, above, seqs, near)))


__all__ = ["indicator_text", "name_sequences", "opens_indicator", "restore_opening",
           "strip_foreign"]
