"""Finding agency mentions in a string: whole names, cut names, and the level word after them.

Overlapping candidates are resolved longest first; each mention is named as the locality
calls it ("Công an phường" in a ward's plan, "UBND tỉnh" kept for the province).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from ingest.agency_cut import CUT_MIN_TOKENS, cell_starts, cut_at_end
from ingest.agency_lexicon import (
    WORD,
    Lexicon,
    Pattern,
    fold_key,
    keys_for_first,
    level_word,
    lexicon,
    token_of,
    word_tokens,
)
from ingest.agency_windows import (
    LONG_CHARS,
    best_windows,
    could_start,
    exact_rank,
    has_exact_key_from,
)

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


def _capitalised(surface: str, pat: Pattern, score: float, lex: Lexicon) -> bool:
    """Unit names start with a capital ("Ban Chỉ đạo", not "văn bản chỉ đạo"). Lower case is
    accepted for collective names ("các nhà trường"), generic cells, names carrying an
    acronym ("phòng VHXH") and long names matched exactly ("trung tâm phục vụ hành chính công")."""
    if not surface[:1].islower():
        return True
    if lex.policies[pat.notation].generic or lex.token_cache[pat.label][0] == "cac":
        return True
    if _ACRONYM.search(surface):
        return True
    return score >= 100.0 and len(pat.key) >= LONG_CHARS


_ACRONYM = re.compile(r"\b[A-ZĐ]{2,}")


@lru_cache(maxsize=65536)
def _collective_keys(word: str) -> bool:
    """Whether the fuzzy keys of this first word hold a collective or generic label ("cic co
    quan"): a name opening with it may be written in lower case. Other lower-case openings
    ("trong", "cao", "triển") are refused by :func:`_capitalised` whatever they match."""
    return not _collective_key_set().isdisjoint(keys_for_first(word))


@lru_cache(maxsize=1)
def _collective_key_set() -> frozenset[str]:
    """Fuzzy keys holding a collective or generic label."""
    lex = lexicon()
    return frozenset(key for key in lex.fuzzy_keys if any(
        lex.policies[p.notation].generic or lex.token_cache[p.label][0] == "cac"
        for p in lex.by_key[key]))


@lru_cache(maxsize=1)
def _kept_exact() -> tuple[frozenset[str], frozenset[str]]:
    """Exact keys whose label :func:`_capitalised` keeps in lower case without an acronym
    (collective, generic, or long), and every prefix of them."""
    lex = lexicon()
    kept = frozenset(
        key for key, pats in lex.by_key.items()
        if _capitalised("x", min(pats, key=exact_rank), 100.0, lex))
    return kept, frozenset(key[:n] for key in kept for n in range(1, len(key) + 1))


def _kept_exact_from(words: list[str] | tuple[str, ...], i: int, max_tokens: int) -> bool:
    """Whether the words from ``i`` open with an exact key :func:`_kept_exact` keeps."""
    kept, prefixes = _kept_exact()
    joined = ""
    for word in words[i:i + max_tokens]:
        joined += word
        if joined in kept:
            return True
        if joined not in prefixes:
            return False
    return False


def _level_after(text: str, toks: list[tuple[int, int, str]], j: int, lex: Lexicon
                 ) -> tuple[int, str | None]:
    """A level word right after token ``j`` ("Công an phudng"): (new end token, word)."""
    if j >= len(toks):
        return j, None
    for n in (2, 1):
        if j + n > len(toks):
            continue
        words = [t for _, _, t in toks[j:j + n]]
        if n == 2 and words[1] in lex.level_words:  # "Thi xi": OCR of the last syllable
            words[1] = fold_key(lex.level_words[words[1]])
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


def _name(pattern: Pattern, level_seen: str | None, locality: str | None) -> str:
    policy = lexicon().policies[pattern.notation]
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


@lru_cache(maxsize=65536)
def _word_kind(word: str) -> tuple[str, int] | None:
    """A word as the matcher reads it, memoised since words repeat: its folded form (None
    for a connector) and whether a name may begin there, as :func:`_read` decides: 0 no,
    1 yes, 2 only with an acronym within reach (a lower-case opening no name can keep)."""
    folded = token_of(word)
    if folded is None:
        return None
    if not could_start(folded):
        return folded, 0
    if not word[0].islower() or _collective_keys(folded):
        return folded, 1
    # in lower case, without an acronym, only an exact key :func:`_capitalised` keeps
    # counts: whatever else wins the window is refused, so the window need not be scored
    return folded, 3 if has_exact_key_from(folded) else 2


def _read(text: str, max_tokens: int) -> tuple[list[tuple[int, int, str]], list[int]]:
    """:func:`word_tokens` of ``text`` and the word indexes where a name may begin, in one
    pass over its words: :func:`could_start`, and for a word written in lower case, one
    whose keys hold a collective label, or an acronym within reach after it, or an exact key
    :func:`_capitalised` keeps (the candidates it would refuse are never made)."""
    toks: list[tuple[int, int, str]] = []
    kinds: list[tuple[int, int]] = []
    for m in WORD.finditer(text):
        kind = _word_kind(m.group())
        if kind is not None:
            if kind[1]:
                kinds.append((len(toks), kind[1]))
            toks.append((m.start(), m.end(), kind[0]))
    starts = []
    acronyms: list[int] | None = None
    words: list[str] | None = None
    for i, kind in kinds:
        if kind >= 2:
            if acronyms is None:
                acronyms = [m.start() for m in _ACRONYM.finditer(text)]
            start, end = toks[i][0], toks[min(len(toks), i + max_tokens) - 1][1]
            if any(start <= a < end for a in acronyms):
                starts.append(i)
                continue
            if kind == 2:
                continue
            if words is None:
                words = [t for _, _, t in toks]
            if not _kept_exact_from(words, i, max_tokens):
                continue
        starts.append(i)
    return toks, starts


@lru_cache(maxsize=16384)
def _find_agencies(text: str, locality: str | None) -> tuple[AgencyMention, ...]:
    """:func:`find_agencies`, memoised: stages ask about the same cells and lines again."""
    lex = lexicon()
    toks, starts = _read(text, lex.max_tokens)
    words = tuple(tok for _, _, tok in toks)
    cands = [(i, *hit) for i, hit in zip(starts, best_windows(words, starts, lex.max_tokens),
                                         strict=True) if hit is not None] if starts else []
    # cut_at_end only reads starts among the last max_tokens words, leaving enough words
    cells = cell_starts(text, toks, len(toks) - lex.max_tokens)
    if cells and min(cells) <= len(toks) - CUT_MIN_TOKENS:
        cut = cut_at_end(words, cells, frozenset(c[0] for c in cands if c[1] == len(toks)))
        if cut is not None:
            cands.append(cut)
    if not cands:
        return ()
    cands = [c for c in cands
             if _capitalised(text[toks[c[0]][0]:toks[c[1] - 1][1]], c[2], c[3], lex)]
    cands.sort(key=lambda c: (-(toks[c[1] - 1][1] - toks[c[0]][0]), -c[3], c[0]))
    taken: list[tuple[int, int, Pattern, float]] = []
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


def is_generic_name(name: str) -> bool:
    """Whether a (canonical) name is a collective cell rather than an agency."""
    mentions = find_agencies(name)
    return bool(mentions) and all(m.generic for m in mentions)


@lru_cache(maxsize=16384)
def agency_vocabulary_score(text: str) -> float:
    """How much ``text`` looks like an agency cell (0..1): lexicon coverage and agency words.
    Memoised: table readers score the same cells again."""
    toks = word_tokens(text)
    if not toks:
        return 0.0
    covered = 0.0
    for m in find_agencies(text):
        n = sum(1 for s, e, _ in toks if s >= m.start and e <= m.end)
        covered += n * m.confidence
    words = sum(1 for _, _, t in toks if t in _AGENCY_WORDS)
    return round(min(1.0, max(covered / len(toks), 0.6 * words / len(toks))), 3)


