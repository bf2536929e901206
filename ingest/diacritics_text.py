"""The text side of diacritics restoration: what a token is, how a token folds and how OCR
may have misread it, which tokens are kept as printed, and whether a text lost its marks.

``ingest.diacritics`` decodes; this module only reads text, so the pipeline's other stages can
ask "does this text need restoring?" without loading the language model.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import NamedTuple, TypeVar

from ingest.normalize import nfc, strip_marks

_K = TypeVar("_K")
_V = TypeVar("_V")

DIGIT_COST = 0.7  # channel cost (log units) per digit read as a letter ("d6i" -> "đổi")

# A word: letters/digits plus the OCR artefacts that stand for a damaged vowel ("hi¢én", "B¢").
_TOKEN = re.compile(r"(?:[^\W_]|[¢©¥€]|(?<=[^\W\d_])&)+")
# What English OCR's stray symbols stand for: ¢/© a damaged vowel, ¥ ỹ, € and & ế/ệ.
_ARTEFACTS = str.maketrans({"¢": "", "©": "", "¥": "y", "€": "e", "&": "e"})
_KEEP_DAMAGE = str.maketrans({"©": "¢", "¥": "y", "€": "e", "&": "e"})
_VOWELS = set("aeiouy")
# Vietnamese syllable shape on folded text; tokens in capitals that don't fit it are acronyms.
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)
# A whitespace-free chunk holding a slash and a digit is a symbol or a date: never touched.
_SYMBOL = re.compile(r"\S*\d\S*/\S*|\S*/\S*\d\S*")
_LATIN1_MARKED = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


#: Below this share of marked syllables, a Vietnamese text is taken to have lost its marks.
MARK_RATIO_THRESHOLD = 0.4

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(r"^([^aeiouy]*)(o|u)([aey])$")
_I_AS_Y = re.compile(r"^(?:h|k|l|m|t|qu)i$")


def modern_tone(syllable: str) -> str:
    """Spell a syllable the way current official texts do: "hoá" -> "hóa", "uỷ" -> "ủy",
    "lí" -> "lý", "kĩ" -> "kỹ".

    Sources mix the conventions; the gold and today's legal documents use these.
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return syllable
    tone = tones[0] if tones else ""
    bare = decomposed.replace(tone, "") if tone else decomposed
    if _I_AS_Y.match(bare.lower()):
        bare = bare[:-1] + ("Y" if bare[-1].isupper() else "y")
        return unicodedata.normalize("NFC", bare + tone)
    m = _OLD_STYLE.match(bare.lower())
    if not tone or not m or m.group(1).endswith("q"):  # "quý", "quả": u belongs to the initial
        return unicodedata.normalize("NFC", decomposed)
    cut = len(m.group(1)) + 1
    return unicodedata.normalize("NFC", bare[:cut] + tone + bare[cut:])


def _is_marked(token: str) -> bool:
    return strip_marks(token) != token


def _syllables(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(nfc(text)) if t.isalpha() or not any(map(str.isdigit, t))]


def mark_ratio(text: str) -> float:
    """Share of syllables that carry a Vietnamese mark (0.89 in the clean seed 004, about 0.2
    in the English-OCR'd seeds, 0 in text typed without marks).

    Only syllable-shaped words count, so acronyms and numbers don't dilute it.
    Returns 1.0 when there is nothing to judge (no syllables): such text needs no restoration.
    """
    words = [w for w in _syllables(text) if _SYLLABLE.match(strip_marks(w).lower())]
    if not words:
        return 1.0
    return sum(_is_marked(w) for w in words) / len(words)


# Artefacts, "K&", digits inside or glued to short lowercase words ("ph01", "s6", "1y", "x4").
_OCR_SIGNS = re.compile(
    r"[¢©¥€]|[^\W\d_]&|[^\W\d_]\d[^\W\d_]|\b[^\W\d_]{1,2}\d\b|\b\d[^\W\d_A-Z]{1,2}\b"
)


def looks_like_ocr(text: str) -> bool:
    """Text with some stray marks, digits inside words or OCR artefacts is OCR output."""
    if _OCR_SIGNS.search(text):
        return True
    return 0.03 < mark_ratio(text) < 0.6  # some marks, far fewer than Vietnamese has


@lru_cache(maxsize=65536)
def _fold_token(token: str, keep_damage: bool = False) -> str:
    """Folded form; ``keep_damage`` keeps the ¢/© that mark a lost vowel, for the OCR rules."""
    token = unicodedata.normalize("NFKC", token)
    token = token.translate(_KEEP_DAMAGE if keep_damage else _ARTEFACTS)
    return strip_marks(token).lower()


@lru_cache(maxsize=65536)
def _apply_case(original: str, syllable: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return syllable.upper()
    if original[:1].isupper() or (original[:1].isdigit() and len(letters) == 1 and letters[0].isupper()):
        return syllable[:1].upper() + syllable[1:]
    return syllable


# How English OCR misreads Vietnamese letters: (pattern, reading, cost). Patterns are regexes on
# the folded token; "(?<=.)" keeps a rule off the first letter, where "tr"/"ti" are real.
_OCR_RULES: tuple[tuple[re.Pattern[str], str, float], ...] = tuple(
    (re.compile(p), r, c)
    for p, r, c in (
        (r"6|0", "o", DIGIT_COST), (r"6", "e", DIGIT_COST), (r"1", "l", DIGIT_COST), (r"1", "i", DIGIT_COST),
        (r"4", "a", DIGIT_COST), (r"4", "d", DIGIT_COST), (r"3|8", "a", DIGIT_COST),
        (r"9", "g", DIGIT_COST), (r"5", "s", DIGIT_COST),
        (r"uw|w", "u", 0.5), (r"ir", "u", 1.0), (r"(?<=.)tr", "u", 1.0), (r"ii", "u", 1.0),
        (r"(?<=.)ti", "u", 1.0), (r"(?<=.)y", "u", 1.0), (r"^dp|^p(?!h)", "d", 0.5),
        (r"^b", "d", 1.5), (r"(?<=.)it", "u", 1.0),
        (r"¢", "", 0.2), (r"¢", "e", 0.5), (r"¢", "o", 0.5),
        # d is only ever initial and g only in gh/gi/ng: elsewhere they are misread vowels
        # ("hd trg" hỗ trợ, "hodc" hoặc)
        (r"(?<=.)d", "o", 0.7), (r"(?<=.)d", "a", 0.7), (r"(?<=[^n])g$", "o", 0.7),
        # nor does b follow a letter, nor l end a word; I is a capital l ("sb" số, "Al" Ai)
        (r"(?<=.)b", "o", 0.7), (r"(?<=.)l$", "i", 0.7), (r"^i", "l", 1.0),
    )
)

_TYPING_RULES = tuple(r for r in _OCR_RULES if r[1] == "u" and "w" in r[0].pattern)


def _triggers(pattern: str) -> frozenset[str]:
    """Characters one of which every match of a rule contains (each alternative's first
    literal, once look-arounds and anchors are dropped): forms without any skip the rule."""
    bare = re.sub(r"\(\?<?[=!][^)]*\)|\^|\$", "", pattern)
    return frozenset(alt[0] for alt in bare.split("|"))


_RULE_TRIGGERS = {pattern: _triggers(pattern.pattern) for pattern, _, _ in _OCR_RULES}


@lru_cache(maxsize=65536)
def _ocr_variants(folded: str, ocr: bool, max_variants: int = 24
                  ) -> tuple[tuple[str, float], ...]:
    """Readings of a folded OCR token, cheapest first (the token itself at cost 0).

    Text typed without marks (not ``ocr``) gets only the typing rule "uw"/"w" -> "ư".
    """
    rules = _OCR_RULES if ocr else _TYPING_RULES
    seen = {folded: 0.0}
    frontier = [folded]
    for _ in range(3):  # up to three rewrites ("ph01" -> "phoi" takes two)
        nxt = []
        for form in frontier:
            chars = set(form)
            for pattern, reading, cost in rules:
                if chars.isdisjoint(_RULE_TRIGGERS[pattern]):
                    continue
                for m in pattern.finditer(form):
                    new = form[: m.start()] + reading + form[m.end():]
                    total = seen[form] + cost
                    if total < seen.get(new, math.inf):
                        seen[new] = total
                        nxt.append(new)
        frontier = nxt[:max_variants]
        if len(seen) >= max_variants:
            break
    return tuple(sorted(seen.items(), key=lambda kv: kv[1])[:max_variants])

class _Token(NamedTuple):
    start: int
    end: int
    text: str
    protected: bool  # keep as printed (a number, symbol or acronym: a class in the model)
    symbol: bool = False  # part of a document symbol or date: never rewritten

@lru_cache(maxsize=65536)
def _caps_syllable(word: str) -> bool:
    """A syllable-shaped word in capitals (a heading word when a neighbour is one too)."""
    return _is_caps(word) and _SYLLABLE.match(_fold_token(word)) is not None


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 0 and all(c.isupper() for c in letters)


def _runs(tokens: Iterable[_Token], text: str) -> list[list[_Token]]:
    """Tokens split into runs of words separated by whitespace only (decoded together)."""
    runs: list[list[_Token]] = []
    for tok in tokens:
        if runs and not text[runs[-1][-1].end:tok.start].strip():
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def _tokens_of(text: str) -> tuple[_Token, ...]:
    return tuple(_tokenize(text))


_GLUED_NUMBER = re.compile(r"\d{2,}(?=[^\W\d_]{3})")


def _tokenize(text: str) -> list[_Token]:
    """Words of ``text``, each marked protected when it must be kept as printed.

    A word in capitals counts as a heading word (to restore: "KE HOACH") when a neighbour is
    in capitals too; alone in running text it is an acronym ("CA xã", "UBND").
    """
    # both forms of a symbol hold a slash: most texts have none to look for
    symbols = [m.span() for m in _SYMBOL.finditer(text)] if "/" in text else []
    matches = list(_TOKEN.finditer(text))
    words = [m.group() for m in matches]
    # a word with a lower-case letter is no word in capitals: the common case, decided here
    caps = [False if w.islower() else _caps_syllable(w) for w in words]
    last = len(caps) - 1
    out: list[_Token] = []
    si = 0
    for k, m in enumerate(matches):
        start, end = m.span()
        word = words[k]
        in_symbol = False
        if symbols:
            while si < len(symbols) and symbols[si][1] <= start:
                si += 1
            in_symbol = si < len(symbols) and symbols[si][0] <= start
        heading = (k > 0 and caps[k - 1]) or (k < last and caps[k + 1])
        lead = _GLUED_NUMBER.match(word) if word[:1].isdigit() else None
        if lead:  # "19thang": a number glued to a word
            out.append(_Token(start, start + lead.end(), lead.group(), True))
            start, word = start + lead.end(), word[lead.end():]
        out.append(_Token(start, end, word, in_symbol or _protected(word, heading), in_symbol))
    return out


@lru_cache(maxsize=65536)
def _protected(word: str, heading: bool) -> bool:
    """Numbers, acronyms (UBND, VNPT, CA in running text) and mixed-case names (VNeID, TTg)."""
    letters = [c for c in word if c.isalpha() or c in "¢©¥€&"]
    if not letters:
        return True
    folded = _fold_token(word)
    if word[0].isdigit() and any(c.isupper() for c in letters):
        return True  # "5G", "3D"; but "d01", "16n", "1y" are misread words
    if len(letters) > 1 and any(c.isupper() for c in letters[1:]):
        if not all(c.isupper() for c in letters):
            if not _is_marked(word) and "¢" not in word:
                return True  # mixed case: VNeID, CTr, TTg (but "DPé" is OCR for "Đề")
        elif not heading or not _SYLLABLE.match(folded):
            return True
    if len(letters) > 1 and all(c.isupper() for c in letters) and not (_VOWELS & set(folded)):
        return True
    return False


# Acronyms spelled with Đ, as text without marks (D) or English OCR (P) prints them. Acronyms
# inside document symbols ("379/QD-UBND") are left to the citation stage.
_ACRONYMS = {
    variant: acronym
    for acronym in ("HĐND", "BCĐ", "BCĐTW", "QĐ", "ĐTN", "ĐBQH", "CĐS")
    for variant in (acronym.replace("Đ", "D"), acronym.replace("Đ", "P"))
    if len(variant) > 2 or variant.endswith("D")  # "QP" is quốc phòng
}


def bounded_memo(store: dict[_K, _V], key: _K, limit: int, make: Callable[[], _V]) -> _V:
    """``store[key]``, made by ``make()`` when missing; a full store (``limit`` entries) is
    emptied first, so the restorer's memos stay bounded while a plan's working set fits."""
    found = store.get(key)
    if found is None:
        if len(store) >= limit:
            store.clear()
        found = store[key] = make()
    return found
