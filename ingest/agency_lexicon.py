"""The agency lexicon: the SKOS scheme's labels indexed for matching OCR'd text.

Labels come from ``ontology/agency_types.ttl``; ``ingest/data/agencies_lexicon.json`` says how
each type is named in one plan (locality level word, display variants, collective cells) and
which committees older, pre-reform plans name instead of the commune's Đảng ủy ("Thị ủy").
Everything is keyed on folded word tokens, so matching ignores marks, case and OCR digits.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from ingest.normalize import fold, nfc
from ingest.resources import keep_for_process
from ontology.agency_types import agency_types

WORD = re.compile(r"\w+", re.UNICODE)
_CONNECTORS = {"va"}  # "và" and "&" are dropped on both sides: "HĐND&UBND" = "HĐND và UBND"
_OCR_DIGITS = str.maketrans({"6": "o", "0": "o", "1": "i", "4": "a", "3": "a"})
_MIN_FUZZY_CHARS = 9  # shorter labels (abbreviations) must match exactly
_MIN_SINGLE_TOKEN_CHARS = 4  # "CA", "Sở", "ĐU" alone are ordinary words ("cá nhân", "số")
MAX_EXTRA_TOKENS = 2  # a window may hold up to this many more tokens than its label


@dataclass(frozen=True)
class Pattern:
    """One label of a type as matched: its folded key and the display name it stands for."""

    key: str  # folded tokens joined without spaces
    tokens: int
    label: str
    notation: str
    display: str  # the display variant this label stands for
    exact_only: bool


@dataclass(frozen=True)
class TypePolicy:
    """How a type is named in one plan (from ``agencies_lexicon.json``)."""

    level: str  # always | seen | never
    unique: bool
    generic: bool
    displays: tuple[str, ...]
    needs_level: bool = False  # a unit only with its level word ("Thanh tra thị xã")


@dataclass
class Lexicon:
    """All labels, indexed for the matcher: by key, by first word, and their lengths."""

    patterns: list[Pattern]
    by_key: dict[str, list[Pattern]]
    fuzzy_keys: list[str]
    first_tokens: set[str]
    first_token_list: list[str]
    first_of_key: dict[str, str]  # fuzzy key -> first folded word of its label
    max_key_chars: int
    policies: dict[str, TypePolicy]
    level_words: dict[str, str]  # folded level word (no spaces) -> display
    max_tokens: int
    token_cache: dict[str, list[str]]  # label -> its folded tokens
    merge_into: dict[str, str]  # type -> type it is the same unit as, when a plan names both
    party_committees: tuple[str, ...]  # "Thị ủy", "Huyện ủy" ...: committees other than Đảng ủy


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` as (start, end, folded), connectors dropped.

    Digits inside words are OCR'd letters ("T6" Tổ, "x4" xã, "ph01" phối) and read back.
    """
    out = []
    for m in WORD.finditer(text):
        folded = _fold_word(m.group())
        if folded and folded not in _CONNECTORS:
            out.append((m.start(), m.end(), folded))
    return out


def token_of(word: str) -> str | None:
    """One ``WORD`` match as :func:`word_tokens` keeps it: folded, or None (a connector)."""
    folded = _fold_word(word)
    return folded if folded and folded not in _CONNECTORS else None


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """One word folded, OCR digits read back; words repeat, so it is memoised."""
    folded = fold(word).replace(" ", "")
    if not folded.isdigit() and any(c.isdigit() for c in folded):
        folded = folded.translate(_OCR_DIGITS)
    return folded


@lru_cache(maxsize=16384)
def fold_key(text: str) -> str:
    """``text`` as its folded words joined without spaces: the key labels are compared by."""
    return "".join(t for _, _, t in word_tokens(text))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, built once per process from the SKOS scheme and the naming data."""
    raw = json.loads(
        resources.files("ingest").joinpath("data/agencies_lexicon.json").read_text("utf-8")
    )
    default = raw["default"]
    policies: dict[str, TypePolicy] = {}
    patterns: list[Pattern] = []
    for concept in agency_types():
        if concept.is_group:
            continue
        conf = {**default, **raw["types"].get(concept.notation, {})}
        display = conf.get("display")
        if display == "labels":
            displays = concept.labels
        elif display:
            displays = tuple(display)
        else:
            displays = (concept.pref_label,)
        policies[concept.notation] = TypePolicy(
            conf["level"], conf["unique"], conf["generic"], displays,
            bool(conf.get("needs_level", False)),
        )
        for label, display_of in _label_variants(concept.labels, displays, raw):
            key = fold_key(label)
            n_tokens = len(word_tokens(label))
            if not key or (n_tokens == 1 and len(key) < _MIN_SINGLE_TOKEN_CHARS):
                continue
            exact_only = len(key) < _MIN_FUZZY_CHARS
            if display_of is not None:
                display = display_of
            elif exact_only and n_tokens == 1:  # an acronym stands for the main display name
                display = displays[0]
            else:
                display = max(displays, key=lambda d, k=key: (fuzz.ratio(k, fold_key(d)),
                                                              -displays.index(d)))
            patterns.append(Pattern(
                key=key, tokens=n_tokens, label=label, notation=concept.notation,
                display=display, exact_only=exact_only,
            ))
    by_key: dict[str, list[Pattern]] = defaultdict(list)
    for p in patterns:
        by_key[p.key].append(p)
    level_words = {fold_key(w): w for w in raw["level_words"]}
    level_words.update(raw.get("level_word_ocr", {}))
    lex = Lexicon(
        patterns=patterns,
        by_key=dict(by_key),
        fuzzy_keys=sorted({p.key for p in patterns if not p.exact_only}),
        first_tokens={word_tokens(p.label)[0][2] for p in patterns},
        first_token_list=sorted({word_tokens(p.label)[0][2] for p in patterns}),
        first_of_key={p.key: word_tokens(p.label)[0][2] for p in patterns},
        max_key_chars=max(len(p.key) for p in patterns),
        policies=policies,
        level_words=level_words,
        max_tokens=max(p.tokens for p in patterns) + MAX_EXTRA_TOKENS,
        token_cache={p.label: [t for _, _, t in word_tokens(p.label)] for p in patterns},
        merge_into=dict(raw.get("merge_into", {})),
        party_committees=tuple(raw.get("party_committees", [])),
    )
    keep_for_process()  # lives as long as the process
    return lex


def _label_variants(labels: tuple[str, ...], displays: tuple[str, ...], raw: dict
                    ) -> list[tuple[str, str | None]]:
    """(label, display it is itself, or None) for every label of a type; labels naming the
    commune party committee ("Văn phòng Đảng ủy") also stand for the town, district or
    province committee of older plans ("Văn phòng Thị ủy"). A label opening with "Đảng ủy"
    and going on names another committee ("Đảng ủy Quân sự"), so it has no such variant."""
    out: list[tuple[str, str | None]] = [(d, d) for d in displays]
    out += [(lbl, None) for lbl in labels if lbl not in displays]
    for label, display in list(out):
        if "Đảng ủy" not in label or (label.startswith("Đảng ủy") and label != "Đảng ủy"):
            continue
        for committee in raw.get("party_committees", []):
            variant = label.replace("Đảng ủy", committee)
            shown = display.replace("Đảng ủy", committee) if display else None
            out.append((variant, shown or variant if display else None))
    return out


def level_word(locality: str | None) -> str | None:
    """The level word of a locality: "phường Phước Bình" -> "phường"."""
    if not locality:
        return None
    words = nfc(locality).split()
    for n in (2, 1):
        head = " ".join(words[:n]).lower()
        if fold_key(head) in lexicon().level_words:
            return lexicon().level_words[fold_key(head)]
    return None


@lru_cache(maxsize=65536)
def keys_for_first(token: str) -> tuple[str, ...]:
    """Fuzzy keys whose label may start at this word: same or OCR-near first word, or glued."""
    firsts = _key_firsts()
    near = {first for first, _, _ in process.extract(
        token, firsts, scorer=fuzz.ratio, score_cutoff=60, limit=None)}
    # first words the token starts with, and those starting with it (one sorted run)
    known = _key_first_set()
    near.update(token[:k] for k in range(1, len(token) + 1) if token[:k] in known)
    lo = bisect_left(firsts, token)
    near.update(firsts[lo:bisect_left(firsts, token + "\U0010ffff", lo)])
    return _keys_of_firsts(frozenset(near))


@lru_cache(maxsize=1)
def _key_first_set() -> frozenset[str]:
    return frozenset(_key_firsts())


@lru_cache(maxsize=1)
def _key_firsts() -> tuple[str, ...]:
    """The distinct first words of fuzzy-keyed labels."""
    return tuple(sorted(set(lexicon().first_of_key.values())))


@lru_cache(maxsize=4096)
def _keys_of_firsts(near: frozenset[str]) -> tuple[str, ...]:
    """Fuzzy keys (lexicon order) whose label opens with one of ``near``: words share sets."""
    keys = lexicon().fuzzy_keys
    at = _key_positions()
    return tuple(keys[i] for i in sorted(i for first in near for i in at.get(first, ())))


@lru_cache(maxsize=1)
def _key_positions() -> dict[str, tuple[int, ...]]:
    """First word -> positions in the lexicon's fuzzy keys of the keys opening with it."""
    lex = lexicon()
    out: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(lex.fuzzy_keys):
        out[lex.first_of_key[key]].append(i)
    return {first: tuple(at) for first, at in out.items()}


