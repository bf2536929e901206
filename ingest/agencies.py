"""Agency names: recognise, canonicalise within a locality, classify by SKOS type.

Plans name the same unit many ways ("Phòng VHXH", "Phong Van hoa Xa hoi", "Phòng Văn hóa – Xã
hội") and OCR damages them further ("Trung tim PVHCC", "Poan Thanh nién"). The lexicon is the
SKOS scheme ``ontology/agency_types.ttl``; matching is done on folded word tokens, exactly for
short abbreviations and fuzzily (rapidfuzz) for longer labels, so OCR damage of one or two
letters still matches; a long name a table cell's line end cut off ("Phòng Văn hóa, Khoa")
is read when its first words begin the labels of one type only. ``ingest/data/
agencies_lexicon.json`` says how each type is named in one plan (locality level word, display
variants, collective cells).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from ingest.document import SourceText
from ingest.normalize import fold, nfc, strip_marks
from ingest.records import Agency, PlanRecord, Provenance
from ontology.agency_types import agency_types

__all__ = [
    "AgencyMention", "find_agencies", "canonical_agency_name", "agency_vocabulary_score",
    "collect_agencies", "level_word", "is_generic_name",
]

_WORD = re.compile(r"\w+", re.UNICODE)
_CONNECTORS = {"va"}
_OVERSIGHT_TYPES = {"DU", "HDND"}  # duties advise or report to them; that is no role
# a body named only as the author of documents: "hướng dẫn của Sở Giáo dục và Đào tạo"
_POSSESSIVE = re.compile(
    r"\b(van ban|ke hoach|huong dan|quy dinh|nghi quyet|chuong trinh|de an|chi dao|y kien|"
    r"quyet dinh|ke hoach hanh dong)\b[^.;]{0,30}\b(cua|ciia|cia|cta|ctia)\b[^.;:]{0,30}$")
_OCR_DIGITS = str.maketrans({"6": "o", "0": "o", "1": "i", "4": "a", "3": "a"})  # "và" and "&" are dropped on both sides: "HĐND&UBND" = "HĐND và UBND"
_MIN_FUZZY_CHARS = 9  # shorter labels (abbreviations) must match exactly
_MIN_SINGLE_TOKEN_CHARS = 4  # "CA", "Sở", "ĐU" alone are ordinary words ("cá nhân", "số")
_FUZZY_CUTOFF = 86.0
_FUZZY_CUTOFF_LONG = 80.0  # labels of 12+ letters are distinctive enough for heavier damage
_LONG_CHARS = 12
_PREFER_LONGER_WITHIN = 12.0  # a longer label wins if it scores within this of the best
_MAX_EXTRA_TOKENS = 2  # a window may hold up to this many more tokens than its label
# Words that typically make up agency cells (folded); used to score table cells.
_AGENCY_WORDS = {
    "phong", "trung", "tam", "cong", "an", "tram", "y", "te", "ban", "uy", "ubnd", "hdnd",
    "doan", "hoi", "van", "co", "quan", "don", "vi", "cac", "truong", "hoc", "doanh", "nghiep",
    "dang", "mat", "tran", "to", "quoc", "thanh", "nien", "xa", "phuong", "lien", "chuyen",
    "mon", "so", "dich", "vu", "hanh", "chinh", "kinh", "hoa", "nhan", "dan", "vhxh", "pvhcc",
    "ttdvth", "mttq", "ubmttq", "chi", "dao", "kiem", "tra", "ha", "tang", "do", "thi",
    "khu", "pho", "ap", "vien", "thong", "nha", "tong", "hop", "tt", "vp", "ca", "dvvt",
}


@dataclass(frozen=True)
class AgencyMention:
    """One agency named in a string; offsets index the string given to :func:`find_agencies`."""

    start: int
    end: int
    surface: str
    name: str  # canonical display name within the locality
    agency_type: str | None  # SKOS notation
    confidence: float
    generic: bool  # a collective cell ("Các cơ quan, đơn vị"), kept verbatim, not an agency
    label: str = ""  # the scheme label that matched (clean Vietnamese)
    level_seen: str | None = None  # level word written after the name ("phường")


@dataclass(frozen=True)
class _Pattern:
    key: str  # folded tokens joined without spaces
    tokens: int
    label: str
    notation: str
    display: str  # the display variant this label stands for
    exact_only: bool


@dataclass(frozen=True)
class _TypePolicy:
    level: str  # always | seen | never
    unique: bool
    generic: bool
    displays: tuple[str, ...]
    needs_level: bool = False  # a unit only with its level word ("Thanh tra thị xã")


@dataclass
class _Lexicon:
    patterns: list[_Pattern]
    by_key: dict[str, list[_Pattern]]
    fuzzy_keys: list[str]
    first_tokens: set[str]
    first_token_list: list[str]
    first_of_key: dict[str, str]  # fuzzy key -> first folded word of its label
    max_key_chars: int
    policies: dict[str, _TypePolicy]
    level_words: dict[str, str]  # folded level word (no spaces) -> display
    max_tokens: int
    token_cache: dict[str, list[str]]  # label -> its folded tokens
    merge_into: dict[str, str]  # type -> type it is the same unit as, when a plan names both
    party_committees: tuple[str, ...]  # "Thị ủy", "Huyện ủy" ...: committees other than Đảng ủy


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of ``text`` as (start, end, folded), connectors dropped.

    Digits inside words are OCR'd letters ("T6" Tổ, "x4" xã, "ph01" phối) and read back.
    """
    out = []
    for m in _WORD.finditer(text):
        folded = _fold_word(m.group())
        if folded and folded not in _CONNECTORS:
            out.append((m.start(), m.end(), folded))
    return out


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """One word folded, OCR digits read back; words repeat, so it is memoised."""
    folded = fold(word).replace(" ", "")
    if not folded.isdigit() and any(c.isdigit() for c in folded):
        folded = folded.translate(_OCR_DIGITS)
    return folded


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    return "".join(t for _, _, t in _tokens(text))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = json.loads(
        resources.files("ingest").joinpath("data/agencies_lexicon.json").read_text("utf-8")
    )
    default = raw["default"]
    policies: dict[str, _TypePolicy] = {}
    patterns: list[_Pattern] = []
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
        policies[concept.notation] = _TypePolicy(
            conf["level"], conf["unique"], conf["generic"], displays,
            bool(conf.get("needs_level", False)),
        )
        for label, display_of in _label_variants(concept.labels, displays, raw):
            key = _key(label)
            n_tokens = len(_tokens(label))
            if not key or (n_tokens == 1 and len(key) < _MIN_SINGLE_TOKEN_CHARS):
                continue
            exact_only = len(key) < _MIN_FUZZY_CHARS
            if display_of is not None:
                display = display_of
            elif exact_only and n_tokens == 1:  # an acronym stands for the main display name
                display = displays[0]
            else:
                display = max(displays, key=lambda d, k=key: (fuzz.ratio(k, _key(d)),
                                                              -displays.index(d)))
            patterns.append(_Pattern(
                key=key, tokens=n_tokens, label=label, notation=concept.notation,
                display=display, exact_only=exact_only,
            ))
    by_key: dict[str, list[_Pattern]] = defaultdict(list)
    for p in patterns:
        by_key[p.key].append(p)
    level_words = {_key(w): w for w in raw["level_words"]}
    level_words.update(raw.get("level_word_ocr", {}))
    return _Lexicon(
        patterns=patterns,
        by_key=dict(by_key),
        fuzzy_keys=sorted({p.key for p in patterns if not p.exact_only}),
        first_tokens={_tokens(p.label)[0][2] for p in patterns},
        first_token_list=sorted({_tokens(p.label)[0][2] for p in patterns}),
        first_of_key={p.key: _tokens(p.label)[0][2] for p in patterns},
        max_key_chars=max(len(p.key) for p in patterns),
        policies=policies,
        level_words=level_words,
        max_tokens=max(p.tokens for p in patterns) + _MAX_EXTRA_TOKENS,
        token_cache={p.label: [t for _, _, t in _tokens(p.label)] for p in patterns},
        merge_into=dict(raw.get("merge_into", {})),
        party_committees=tuple(raw.get("party_committees", [])),
    )


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
        if _key(head) in _lexicon().level_words:
            return _lexicon().level_words[_key(head)]
    return None


@lru_cache(maxsize=65536)
def _could_start(token: str) -> bool:
    """Whether an agency name may begin at this (folded) word: cheap pruning before matching."""
    lex = _lexicon()
    if token in lex.first_tokens:
        return True
    if len(token) < 3:
        return False
    # OCR damage ("Poan" for "Đoàn", "Vin" for "Văn") or glued words ("CActruonghoc")
    if any(len(f) >= 3 and token.startswith(f) for f in lex.first_tokens):
        return True
    return process.extractOne(token, lex.first_token_list, scorer=fuzz.ratio,
                              score_cutoff=65) is not None


@lru_cache(maxsize=65536)
def _keys_for_first(token: str) -> tuple[str, ...]:
    """Fuzzy keys whose label may start at this word: same or OCR-near first word, or glued."""
    lex = _lexicon()
    near = {first for first in set(lex.first_of_key.values())
            if first == token or token.startswith(first) or first.startswith(token)
            or fuzz.ratio(token, first) >= 60}
    return tuple(key for key in lex.fuzzy_keys if lex.first_of_key[key] in near)


@lru_cache(maxsize=65536)
def _key_lengths(first: str) -> tuple[int, int]:
    """Shortest and longest key of :func:`_keys_for_first` (0, 0 when there is none)."""
    lengths = [len(k) for k in _keys_for_first(first)]
    return (min(lengths), max(lengths)) if lengths else (0, 0)


def _within_reach(length: int, key_lengths: tuple[int, int], cutoff: float) -> bool:
    """Whether a string of ``length`` letters can reach ``cutoff`` against a key whose length
    is within ``key_lengths``: ``fuzz.ratio`` is at most 200 * shorter / (sum of lengths),
    best for the key length nearest to ``length``; beyond reach, no scoring is needed."""
    shortest, longest = key_lengths
    if longest == 0:
        return False
    nearest = min(max(length, shortest), longest)
    return 200 * min(length, nearest) >= (cutoff - 1e-6) * (length + nearest)


@lru_cache(maxsize=65536)
def _plan(first: str) -> tuple[int, tuple[float, ...]]:
    """How windows opening with ``first`` are scanned: the longest joined length worth
    looking at (beyond it no key is within reach, and no exact key that long), and for each
    length the fuzzy cutoff to apply, or 0 when no key of this first word is within reach.

    Both conditions only tighten as the joined words grow, so one length bound says when
    to stop."""
    lex = _lexicon()
    key_lengths = _key_lengths(first)
    reach: list[float] = []
    max_len = -1
    for length in range(int(1.25 * lex.max_key_chars) + 2):
        if length > 1.25 * lex.max_key_chars or (
                length > max(lex.max_key_chars, _LONG_CHARS, key_lengths[1])
                and not _within_reach(length, key_lengths, _FUZZY_CUTOFF_LONG)):
            break
        max_len = length
        cutoff = _FUZZY_CUTOFF_LONG if length >= _LONG_CHARS else _FUZZY_CUTOFF
        reach.append(cutoff if _within_reach(length, key_lengths, cutoff) else 0.0)
    return max_len, tuple(reach)


def _best_at(toks: list[tuple[int, int, str]], i: int, lex: _Lexicon
             ) -> tuple[int, _Pattern, float] | None:
    """Best label match starting at token ``i``: (end token index, pattern, score 0..100)."""
    hit = _best_window(tuple(t for _, _, t in toks[i:i + lex.max_tokens]))
    return None if hit is None else (i + hit[0], hit[1], hit[2])


@lru_cache(maxsize=65536)
def _best_window(window: tuple[str, ...]) -> tuple[int, _Pattern, float] | None:
    """Best label match at the start of ``window`` (folded words): (words taken, pattern,
    score 0..100). Memoised: plans repeat their unit names.

    Each label keeps its best-scoring window (so junk after a name is not swallowed); among
    labels, the longest one scoring close to the best wins ("Ủy ban Kiểm tra Đảng ủy" over
    "Ủy ban Kiểm tra" when the OCR damaged "Đảng ủy").
    """
    lex = _lexicon()
    per_label: dict[str, tuple[int, _Pattern, float]] = {}
    max_len, reach = _plan(window[0])
    choices = _keys_for_first(window[0])
    joined = ""
    for j in range(len(window)):
        joined += window[j]
        if len(joined) > max_len:
            break
        n = j + 1
        exact = lex.by_key.get(joined)
        if exact:
            pat = min(exact, key=lambda p: (p.display != p.label, len(p.label)))
            score = 100.0
        else:
            cutoff = reach[len(joined)]
            hit = None
            if cutoff:
                hit = process.extractOne(joined, choices, scorer=fuzz.ratio,
                                         score_cutoff=cutoff)
            if hit is None:
                continue
            pats = [p for p in lex.by_key[hit[0]]
                    if abs(p.tokens - n) <= _MAX_EXTRA_TOKENS
                    and _aligned(list(window[:j + 1]), p, float(hit[1]), lex)]
            if not pats:
                continue
            pat, score = pats[0], float(hit[1])
        old = per_label.get(pat.key)
        if old is None or score > old[2]:
            per_label[pat.key] = (j + 1, pat, score)
    if not per_label:
        return None
    top = max(c[2] for c in per_label.values())
    close = [c for c in per_label.values() if c[2] >= top - _PREFER_LONGER_WITHIN]
    return max(close, key=lambda c: (len(c[1].key), c[2]))


def _aligned(window: list[str], pat: _Pattern, score: float, lex: _Lexicon) -> bool:
    """Guard fuzzy matches word by word, so near-miss strings of other words are refused.

    Same word count: every word must resemble its counterpart ("Poan"~"doan", "ty"~"uy",
    not "nghe"~"an"), and a level word may not stand for a label word ("tinh" for "thon").
    Different counts (glued or split words): the whole must score high and start alike.
    """
    label = lex.token_cache[pat.label]
    if len(window) != len(label):
        first = window[0].startswith(label[0]) or label[0].startswith(window[0])
        joined = "".join(window)
        missing = [i for i, t in enumerate(label) if len(t) >= 2 and t not in joined]
        glued = not missing or (len(label) >= 4 and missing == [missing[0]]
                                and missing[0] != len(label) - 1)
        return score >= 90.0 and first and glued
    short_misses = 0
    for w, lt in zip(window, label, strict=True):
        if w == lt:
            continue
        if w in lex.level_words:
            return False
        if max(len(w), len(lt)) <= 2:  # "P" for "Đô": one lost short word is OCR damage
            short_misses += 1
            if short_misses > 1 or score < 88.0:
                return False
        elif fuzz.ratio(w, lt) < (55.0 if min(len(w), len(lt)) >= 4 else 50.0):
            return False
    return True


_CUT_MIN_CHARS = 12  # a name cut by a line end must keep this many letters ...
_CUT_MIN_TOKENS = 3  # ... and words, and at least this many letters must be missing:
_CUT_MIN_MISSING = 3
_CUT_CUTOFF = 90.0
_CUT_FACTOR = 0.8  # a cut name is less certain than a whole one


def _cell_starts(text: str, toks: list[tuple[int, int, str]]) -> frozenset[int]:
    """Word indexes where a table cell may begin: a capitalised word at the start of the
    text or after a number, a percentage, a rule or a semicolon (the columns before an owner
    cell), not after running words of a sentence."""
    out = set()
    for i, (start, _, _) in enumerate(toks):
        if not text[start:start + 1].isupper():
            continue
        if i == 0:
            out.add(i)
            continue
        before = text[toks[i - 1][0]:start]
        if any(c.isdigit() for c in toks[i - 1][2]) or any(c in before for c in ";|%"):
            out.add(i)
    return frozenset(out)


@lru_cache(maxsize=16384)
def _cut_at_end(words: tuple[str, ...], starts: frozenset[int], whole: frozenset[int]
                ) -> tuple[int, int, _Pattern, float] | None:
    """A long name the line end cut off in a table cell ("Phòng Văn hóa, Khoa" / "học và
    Thông tin"): the last words of the text, from a cell start (:func:`_cell_starts`), are
    the first words of labels of one type only, word by word, the last one maybe cut.
    ``whole``: word indexes where a whole name already runs to the end.

    Returns (first word, end, pattern, score) like a whole match, with a lower score."""
    lex = _lexicon()
    if words and words[-1] in lex.level_words:
        return None  # "Ủy ban nhân dân xã": a whole name and its level
    for i in sorted(starts):
        n = len(words) - i
        if i in whole or n < _CUT_MIN_TOKENS or n > lex.max_tokens:
            continue
        joined = "".join(words[i:])
        if len(joined) < _CUT_MIN_CHARS:
            continue
        hits: list[tuple[float, _Pattern]] = []
        for key in _keys_for_first(words[i]):
            if len(key) - len(joined) < _CUT_MIN_MISSING:
                continue
            # OCR adds or drops a letter or two: the cut may fall a little either side
            score = max(fuzz.ratio(joined, key[:len(joined) + d]) for d in range(-2, 3))
            if score < _CUT_CUTOFF:
                continue
            hits += [(score, p) for p in lex.by_key[key] if _starts_label(words[i:], p, lex)]
        # types a plan's unit is merged into count as that one ("Phòng Kinh tế, Hạ ...")
        notations = {lex.merge_into.get(p.notation, p.notation) for _, p in hits}
        if len(notations) == 1 and not lex.policies[hits[0][1].notation].generic:
            (target,) = notations
            score, pat = max(hits, key=lambda h: (h[1].notation == target, h[0],
                                                  h[1].display == h[1].label))
            return i, len(words), pat, score * _CUT_FACTOR
        if hits:
            return None  # the start of several types' names: which one is not known
    return None


def _starts_label(window: tuple[str, ...], pat: _Pattern, lex: _Lexicon) -> bool:
    """Whether ``window`` reads as the first words of the label, the last one maybe cut
    short ("Kh" of "Khoa"), and leaves at least one word of it out. Collective labels
    ("Các ...") need more words: their first three make a whole phrase."""
    label = lex.token_cache[pat.label]
    if len(window) >= len(label):
        return False
    if label[0] == "cac" and len(window) <= 3:
        return False  # "Các doanh nghiệp" is a whole collective cell, not a cut name
    for k, (w, lt) in enumerate(zip(window, label, strict=False)):
        if k == len(window) - 1 and len(w) < len(lt) and lt.startswith(w[:2]):
            return True
        if w != lt and fuzz.ratio(w, lt) < (55.0 if min(len(w), len(lt)) >= 4 else 50.0):
            return False
    return True


def _capitalised(surface: str, pat: _Pattern, score: float, lex: _Lexicon) -> bool:
    """Unit names start with a capital ("Ban Chỉ đạo", not "văn bản chỉ đạo"). Lower case is
    accepted for collective names ("các nhà trường"), generic cells, names carrying an
    acronym ("phòng VHXH") and long names matched exactly ("trung tâm phục vụ hành chính công")."""
    if not surface[:1].islower():
        return True
    if lex.policies[pat.notation].generic or lex.token_cache[pat.label][0] == "cac":
        return True
    if re.search(r"\b[A-ZĐ]{2,}", surface):
        return True
    return score >= 100.0 and len(pat.key) >= _LONG_CHARS


def _level_after(text: str, toks: list[tuple[int, int, str]], j: int, lex: _Lexicon
                 ) -> tuple[int, str | None]:
    """A level word right after token ``j`` ("Công an phudng"): (new end token, word)."""
    if j >= len(toks):
        return j, None
    for n in (2, 1):
        if j + n > len(toks):
            continue
        words = [t for _, _, t in toks[j:j + n]]
        if n == 2 and words[1] in lex.level_words:  # "Thi xi": OCR of the last syllable
            words[1] = _key(lex.level_words[words[1]])
        key = "".join(words)
        if key in lex.level_words:
            return j + n, lex.level_words[key]
        # "Phong" after a name opens the next office ("Phòng ..."), it is no OCR'd "phường"
        if n == 1 and len(key) >= 5 and not lex.by_key.get(key) \
                and key not in lex.first_tokens:
            hit = process.extractOne(key, list(lex.level_words), scorer=fuzz.ratio,
                                     score_cutoff=80)
            if hit is not None:
                return j + 1, lex.level_words[hit[0]]
    return j, None


def _name(pattern: _Pattern, level_seen: str | None, locality: str | None) -> str:
    policy = _lexicon().policies[pattern.notation]
    local = level_word(locality)
    if policy.generic:
        return pattern.display
    word: str | None = None
    if policy.level == "never":
        word = None
    elif level_seen and local and level_seen != local:
        word = level_seen  # another level: "UBND tỉnh" stays the province's committee
    elif policy.level == "always":
        word = local or level_seen
    elif policy.level == "seen" and level_seen:
        word = local or level_seen
    return f"{pattern.display} {word}" if word else pattern.display


def find_agencies(text: str, locality: str | None = None) -> list[AgencyMention]:
    """Every agency mention in ``text`` (clean or OCR-damaged), non-overlapping, in text order.

    Overlaps are resolved longest match first: "Văn phòng HĐND và UBND" wins over "UBND".
    """
    return list(_find_agencies(text, locality))


@lru_cache(maxsize=16384)
def _find_agencies(text: str, locality: str | None) -> tuple[AgencyMention, ...]:
    """:func:`find_agencies`, memoised: stages ask about the same cells and lines again."""
    lex = _lexicon()
    toks = _tokens(text)
    cands: list[tuple[int, int, _Pattern, float]] = []
    for i, (_, _, tok) in enumerate(toks):
        if not _could_start(tok):
            continue
        hit = _best_at(toks, i, lex)
        if hit is not None:
            cands.append((i, hit[0], hit[1], hit[2]))
    cut = _cut_at_end(tuple(tok for _, _, tok in toks), _cell_starts(text, toks),
                      frozenset(c[0] for c in cands if c[1] == len(toks)))
    if cut is not None:
        cands.append(cut)
    cands = [c for c in cands
             if _capitalised(text[toks[c[0]][0]:toks[c[1] - 1][1]], c[2], c[3], lex)]
    cands.sort(key=lambda c: (-(toks[c[1] - 1][1] - toks[c[0]][0]), -c[3], c[0]))
    taken: list[tuple[int, int, _Pattern, float]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    out = []
    for i, j, pat, score in sorted(taken, key=lambda c: c[0]):
        end_tok, level = _level_after(text, toks, j, lex)
        if end_tok > j and any(t[0] == j for t in taken):
            end_tok, level = j, None  # the next word starts another agency
        policy = lex.policies[pat.notation]
        if policy.needs_level and level is None:
            continue  # "Thanh tra, kiểm tra": the verb, not the inspectorate
        start, end = toks[i][0], toks[end_tok - 1][1]
        out.append(AgencyMention(
            start=start, end=end, surface=text[start:end], name=_name(pat, level, locality),
            agency_type=pat.notation, confidence=round(score / 100.0, 3),
            generic=policy.generic, label=pat.label, level_seen=level,
        ))
    return tuple(out)


def _clean(text: str) -> str:
    text = nfc(text).strip(" \t-–—:;,.()")
    return re.sub(r"\s+", " ", text)


def canonical_agency_name(text: str, locality: str | None = None) -> str:
    """The canonical name of one cell or mention; the cleaned text when nothing is known."""
    mentions = find_agencies(text, locality)
    if not mentions:
        return _clean(text)
    return max(mentions, key=lambda m: (m.end - m.start, m.confidence)).name


def is_generic_name(name: str) -> bool:
    """Whether a (canonical) name is a collective cell rather than an agency."""
    mentions = find_agencies(name)
    return bool(mentions) and all(m.generic for m in mentions)


def agency_vocabulary_score(text: str) -> float:
    """How much ``text`` looks like an agency cell (0..1): lexicon coverage and agency words."""
    toks = _tokens(text)
    if not toks:
        return 0.0
    covered = 0.0
    for m in find_agencies(text):
        n = sum(1 for s, e, _ in toks if s >= m.start and e <= m.end)
        covered += n * m.confidence
    words = sum(1 for _, _, t in toks if t in _AGENCY_WORDS)
    return round(min(1.0, max(covered / len(toks), 0.6 * words / len(toks))), 3)


# --------------------------------------------------------------------------- pipeline stage

def _alias_form(m: AgencyMention, clean_text: bool) -> str:
    """A readable alias: the surface when it is the label in clean text, else the label
    (OCR surfaces like "Phong Kinh té" are not shown)."""
    surface = _clean(m.surface)
    label = m.label
    if m.level_seen and _lexicon().policies[m.agency_type or ""].level != "never" and \
            _key(label)[-len(_key(m.level_seen)):] != _key(m.level_seen):
        label = f"{label} {m.level_seen}"
    if clean_text and _key(surface) == _key(label) and strip_marks(surface) != surface:
        return surface
    return label


@lru_cache(maxsize=4096)
def _committee_of(name: str) -> str | None:
    """The party committee a name belongs to ("Văn phòng Thị ủy" -> "Thị ủy"), if any."""
    key = f" {fold(name)} "
    for word in (*_lexicon().party_committees, "Đảng ủy"):
        if f" {fold(word)} " in key:
            return word
    return None


def _unit_key(m: AgencyMention, plan_committee: str | None) -> str:
    """Mentions with one key are one unit: its type, plus the committee when the mention
    names another committee than the plan's ("Ban Thường vụ Tỉnh ủy" in a Thị ủy plan)."""
    committee = _committee_of(m.name)
    if committee in (None, "Đảng ủy", plan_committee):
        return m.agency_type or ""
    return f"{m.agency_type}|{committee}"


def _unify(mentions: list[AgencyMention], notation: str, locality: str | None,
           plan_committee: str | None) -> str:
    """One canonical name for a unique type in one plan: the fullest form the plan writes."""
    lex = _lexicon()
    policy = lex.policies[notation]
    local = level_word(locality)
    displays = {p.label: p.display for p in lex.patterns if p.notation == notation}

    def rank(m: AgencyMention) -> tuple[bool, bool, int, float]:
        own = plan_committee is not None and _committee_of(m.label) == plan_committee
        return (displays.get(m.label) == m.label, own, len(_key(m.label)), m.confidence)

    fullest = max(mentions, key=rank)
    display = displays.get(fullest.label, fullest.name)
    if plan_committee in lex.party_committees and _committee_of(display) is None and \
            f"{display} {plan_committee}" in displays.values():
        display = f"{display} {plan_committee}"  # a Thị ủy plan's "Ban Nội chính" is its own
    seen_local = any(m.level_seen and (not local or m.level_seen == local) for m in mentions)
    word = None
    if policy.level == "always" or (policy.level == "seen" and seen_local):
        word = local or next((m.level_seen for m in mentions if m.level_seen), None)
    return f"{display} {word}" if word else display


def _roles(record: PlanRecord) -> list[tuple[object, str, Provenance | None]]:
    """(owner object, attribute, provenance) of every role list or role string in the record."""
    out: list[tuple[object, str, Provenance | None]] = []
    for task in record.tasks:
        out += [(task, "lead", task.provenance), (task, "support", task.provenance)]
    for ind in record.indicators:
        out.append((ind, "owner", ind.provenance))
    for asg in record.assignments:
        out.append((asg, "agency", asg.provenance))
    return out


def collect_agencies(source: SourceText, record: PlanRecord) -> None:
    """Pipeline stage: canonicalise every role name and fill ``record.agencies``.

    Roles are task lead/support, indicator owners and assignment agencies; units named inside
    assignment duties ("phối hợp với Đoàn Thanh niên") are given a role too. Role cells naming
    several units are split; collective cells stay verbatim and are not listed. Aliases are
    the other ways this document writes each agency, provenance its first mention.
    """
    locality = record.header.locality
    local_level = level_word(locality)
    lex = _lexicon()
    # 1. mentions in the roles
    role_mentions: dict[tuple[int, str], list[AgencyMention]] = {}
    for owner, attr, _ in _roles(record):
        value = getattr(owner, attr)
        items = value if isinstance(value, list) else [value]
        found: list[AgencyMention] = []
        for item in items:
            ms = find_agencies(item, locality) if item else []
            found += ms or ([_unknown(item)] if item else [])
        role_mentions[(id(owner), attr)] = found
    duty_mentions = [
        (m, asg.provenance)
        for asg in record.assignments
        for m in _role_mentions_in(asg.duty_raw or asg.duty, locality)
    ]
    duty_mentions += _heading_mentions(source, locality)
    if record.header.issuer:
        duty_mentions += [(m, record.header.provenance.get("issuer"))
                          for m in find_agencies(record.header.issuer, locality)[:1]]
    # 2. one name per unit (unique type, and committee), from the way the roles name it
    plan_committee = _committee_of(record.header.issuer or "")
    by_unit: dict[str, list[AgencyMention]] = defaultdict(list)
    for m in [m for ms in role_mentions.values() for m in ms] + [m for m, _ in duty_mentions]:
        if m.agency_type:
            by_unit[_unit_key(m, plan_committee)].append(m)
    unified = {
        key: _unify(ms, ms[0].agency_type or "", locality, plan_committee)
        for key, ms in by_unit.items()
        if lex.policies[ms[0].agency_type or ""].unique
        and not lex.policies[ms[0].agency_type or ""].generic
    }
    for source_type, target in lex.merge_into.items():
        if source_type in unified and target in unified:
            unified[source_type] = unified[target]

    known = sorted(set(unified.values()))

    def final(m: AgencyMention) -> str:
        if m.agency_type is None and known:  # an unlisted heading, OCR'd: "Ban T chirc Thi iy"
            hit = process.extractOne(fold(m.name), [fold(k) for k in known],
                                     scorer=fuzz.ratio, score_cutoff=75)
            return known[hit[2]] if hit else m.name
        return unified.get(_unit_key(m, plan_committee), m.name)

    # 3. rewrite roles with canonical names; agencies in order of first role
    agencies: dict[str, Agency] = {}

    def add(m: AgencyMention, prov: Provenance | None) -> None:
        if not m.generic and final(m) not in agencies:
            notation = m.agency_type
            if notation in lex.merge_into and lex.merge_into[notation] in unified and \
                    unified.get(notation) == unified[lex.merge_into[notation]]:
                notation = lex.merge_into[notation]
            agencies[final(m)] = Agency(name=final(m), agency_type=notation,
                                        provenance=prov)

    for owner, attr, prov in _roles(record):
        names = list(dict.fromkeys(final(m) for m in role_mentions[(id(owner), attr)]))
        if isinstance(getattr(owner, attr), list):
            setattr(owner, attr, names)
        elif names:
            setattr(owner, attr, names[0])
        for m in role_mentions[(id(owner), attr)]:
            add(m, prov)
    for m, prov in duty_mentions:
        add(m, prov)
    # 4. aliases and first-mention provenance from the document text
    clean_text = not source.lost_diacritics and _has_marks(source)
    for line in source.lines:
        for m in find_agencies(line.text, locality):
            if m.generic or (m.level_seen and local_level and m.level_seen != local_level):
                continue
            agency = agencies.get(final(m))
            if agency is None:
                continue
            if agency.provenance is None or agency.provenance.method != "mention":
                agency.provenance = Provenance(source.name, line.number, line.number, "mention",
                                               m.confidence, line.page)
            alias = _alias_form(m, clean_text)
            if fold(alias) != fold(agency.name) and \
                    fold(alias) not in {fold(a) for a in agency.aliases}:
                agency.aliases.append(alias)
    for agency in agencies.values():
        if agency.provenance is None:  # named only where the record has no line span
            agency.provenance = Provenance(source.name, 1, 1, "inferred", 0.5)
    record.agencies = list(agencies.values())


def _has_marks(source: SourceText) -> bool:
    """Whether the text reads as clean Vietnamese: most long words carry their marks (OCR of
    Vietnamese by an English model keeps few)."""
    words = [w for ln in source.lines[:300] for w in _WORD.findall(ln.text) if len(w) >= 3]
    if not words:
        return False
    marked = sum(1 for w in words if strip_marks(w) != w)
    return marked / len(words) >= 0.5


def _role_mentions_in(duty: str, locality: str | None) -> list[AgencyMention]:
    """Units a duty gives a part to ("phối hợp với Phòng VHXH", "chỉ đạo Đoàn Thanh niên").

    Not the overseeing bodies a duty reports to or advises (party committee, council), not
    other levels' bodies, and not a body only named as the author of documents ("của Sở ...").
    """
    local = level_word(locality)
    out = []
    for m in find_agencies(duty, locality):
        if m.generic or m.agency_type in _OVERSIGHT_TYPES:
            continue
        if m.level_seen and local and m.level_seen != local:
            continue
        if _POSSESSIVE.search(fold(duty[max(0, m.start - 60):m.start])):
            continue
        out.append(m)
    return out


def _heading_mentions(source: SourceText, locality: str | None
                      ) -> list[tuple[AgencyMention, Provenance | None]]:
    """Every unit a "Tổ chức thực hiện" heading addresses ("Đề nghị UBMTTQ, các Hội đoàn thể")."""
    from ingest.outline import outline  # outline imports nothing from here; keep it lazy

    ol = outline(source)
    org = ol.organisation
    if org is None:
        return []
    return [(m, Provenance(source.name, sec.line_start, sec.line_start, "heading", m.confidence))
            for sec in ol.children(org) if sec.level == 2
            for m in find_agencies(sec.title, locality)
            if not m.generic and m.agency_type not in _OVERSIGHT_TYPES]


def _unknown(text: str) -> AgencyMention:
    """A role cell the lexicon does not know: kept as written, typed None, low confidence."""
    cleaned = _clean(text)
    return AgencyMention(0, len(text), text, cleaned, None, 0.3,
                         generic=agency_vocabulary_score(text) < 0.3, label=cleaned)
