"""Resolve OCR'd place names against the gazetteer of Vietnam's post-July-2025 units.

The gazetteer is ``vietnam-provinces`` (34 provinces, 3,321 communes/wards/special zones). A
pre-reform unit ("thị xã Bỉm Sơn", "tỉnh Bình Phước") keeps the name and level the document
prints and gets its *current* province (a ward of the same name, or the merge table of
Resolution 202/2025/QH15 in ``data/places_old_provinces.json``). Matching is on folded text
with OCR confusions undone (Đ read as P, ư as "uw"/"w", ơ/ô as 6/0), and every match carries a
score; below ``MIN_SCORE`` nothing matches, so garbage never resolves silently.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ingest.normalize import fold

MIN_SCORE = 88.0
_DATA = Path(__file__).with_name("data") / "places_old_provinces.json"

#: Level words as printed (folded form -> display form), longest first for stripping.
LEVELS: dict[str, str] = {
    "thanh pho": "thành phố", "thi xa": "thị xã", "thi tran": "thị trấn", "dac khu": "đặc khu",
    "phuong": "phường", "xa": "xã", "huyen": "huyện", "quan": "quận", "tinh": "tỉnh",
}
#: Levels of the two tiers below the province (display spelling): pre-2025 towns and
#: districts, and communes. A commune-tier body named in a district-tier plan is a lower body.
DISTRICT_LEVELS = frozenset({"thị xã", "huyện", "thành phố", "quận"})
COMMUNE_LEVELS = frozenset({"phường", "xã", "thị trấn", "đặc khu"})


def is_below(level: str | None, plan_level: str | None) -> bool:
    """Whether ``level`` (e.g. "phường") is a tier below ``plan_level`` (e.g. "thị xã")."""
    return level in COMMUNE_LEVELS and plan_level in DISTRICT_LEVELS


_LEVEL_RE = re.compile(r"^(thanh pho|thi xa|thi tran|dac khu|phuong|xa|huyen|quan|tinh)\s+")
# OCR spellings of the level words (English-model Tesseract on Vietnamese).
_LEVEL_OCR = {"phuwong": "phuong", "phudng": "phuong", "phwong": "phuong", "phuong": "phuong",
              "x4": "xa", "x3": "xa", "xd": "xa", "tinh": "tinh", "thi x4": "thi xa",
              "thi x3": "thi xa"}


@dataclass(frozen=True)
class Place:
    """A resolved unit. ``name`` is official (with marks), ``level`` the level word."""

    name: str
    level: str
    province: str
    code: int | None = None
    score: float = 100.0
    current: bool = True  # False for a pre-reform unit resolved to its current province

    @property
    def display(self) -> str:
        return f"{self.level} {self.name}"


# One pass over the whole words of ``_LEVEL_OCR`` (each word maps independently, so one
# alternation equals substituting them one after another; "thi x4" is covered by "x4").
_LEVEL_OCR_RE = re.compile(r"\b(?:" + "|".join(
    re.escape(k) for k in sorted(_LEVEL_OCR, key=len, reverse=True) if " " not in k) + r")\b")
_DIGIT_6 = re.compile(r"(?<=[a-z])[6](?=[a-z]|\b)")
_DIGIT_0 = re.compile(r"(?<=[a-z])0(?=[a-z])")
_D_DOUBLED = re.compile(r"\b(?:dp|pd|dd)(?=[aeiouy])")  # OCR of Đ: "DPong", "Ddong"
_BARE_P = re.compile(r"\bp(?!h)")  # Vietnamese words never start with a bare p: OCR of Đ
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def ocr_fold(text: str) -> str:
    """Fold and undo the OCR confusions seen in place names.

    Memoised: the header and citation stages fold the same lines several times."""
    f = _LEVEL_OCR_RE.sub(lambda m: _LEVEL_OCR[m.group(0)], fold(text))
    f = _DIGIT_6.sub("o", f)
    f = _DIGIT_0.sub("o", f)
    f = f.replace("uw", "u").replace("w", "u").replace("j", "i")
    f = _D_DOUBLED.sub("d", f)
    f = _BARE_P.sub("d", f)
    return _SPACES.sub(" ", f).strip()


def short_province(name: str) -> str:
    return re.sub(r"^(Tỉnh|Thành phố)\s+", "", name)


def split_level(name: str) -> tuple[str | None, str]:
    """("thi xa", "bim son") from "Thị xã Bỉm Sơn"; the level is None when not printed."""
    f = ocr_fold(name)
    m = _LEVEL_RE.match(f)
    if m:
        return m.group(1), f[m.end():]
    return None, f


_Divisions = tuple[list[tuple[int, str]], list[tuple[str, str, int, int]]]


def _divisions() -> _Divisions:
    """Provinces (code, name) and wards (name, level, province code, code), in the library's
    order (ties between equal names are broken by it).

    Read from the package's JSON form (``vietnam_provinces.NESTED_DIVISIONS_JSON_PATH``,
    documented for direct use; located without importing the package, whose enum of 3,321
    codes takes 50 ms to build); from the Python API when the file is not there."""
    spec = importlib.util.find_spec("vietnam_provinces")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "data" / "nested-divisions.json"
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            return ([(int(p["code"]), p["name"]) for p in data],
                    [(w["name"], w["division_type"], int(p["code"]), int(w["code"]))
                     for p in data for w in p["wards"]])
    return _divisions_from_api()


def _divisions_from_api() -> _Divisions:
    import vietnam_provinces as vp

    return ([(int(p.code), p.name) for p in vp.Province.iter_all()],
            [(w.name, str(w.division_type.value), int(w.province_code), int(w.code))
             for w in vp.Ward.iter_all()])


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, list[tuple[str, str, str, int]]], dict[str, str]]:
    """Units by folded bare name -> [(name, level, province, code)], provinces by folded name."""
    province_list, wards = _divisions()
    provinces = {code: short_province(name) for code, name in province_list}
    units: dict[str, list[tuple[str, str, str, int]]] = {}
    for name, level, province_code, code in wards:
        bare = name[len(level):].strip() if name.lower().startswith(level) else name
        units.setdefault(fold(bare), []).append((bare, level, provinces[province_code], code))
    by_name = {fold(p): p for p in provinces.values()}
    return units, by_name


@lru_cache(maxsize=1)
def _old_provinces() -> dict[str, str]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    return {fold(k): v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=4096)
def resolve_province(name: str) -> tuple[str, float] | None:
    """Current province for a printed province name (old or new, OCR-damaged): (name, score).

    Memoised (the gazetteer is fixed): a plan repeats its province in every other line."""
    if not name or not name.strip():
        return None
    _, provinces = _gazetteer()
    level, bare = split_level(name)
    if level not in (None, "tinh", "thanh pho"):
        return None
    bare = re.sub(r"^(thanh pho|tp)\s+", "", bare)
    if bare in provinces:
        return provinces[bare], 100.0
    old = _old_provinces()
    if bare in old:
        return old[bare], 100.0
    choices = {**{k: v for k, v in provinces.items()}, **old}
    best = process.extractOne(bare, list(choices), scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    if best is None:
        return None
    return choices[best[0]], float(best[1])


def _candidates(bare: str, units: dict[str, list[tuple[str, str, str, int]]],
                province: str | None) -> list[tuple[float, tuple[str, str, str, int]]]:
    """Units scoring at least MIN_SCORE against ``bare``, within ``province`` if given."""
    keys = [k for k, us in units.items() if province is None or any(u[2] == province for u in us)]
    out = []
    for key, score, _ in process.extract(bare, keys, scorer=fuzz.ratio, score_cutoff=MIN_SCORE,
                                         limit=10):
        out += [(float(score), u) for u in units[key] if province is None or u[2] == province]
    return out


@lru_cache(maxsize=4096)
def resolve_locality(name: str, province_hint: str | None = None) -> Place | None:
    """Resolve a commune/ward/town name; None when nothing scores at least ``MIN_SCORE``.

    ``province_hint`` (printed or resolved) narrows candidates; an ambiguous name without a
    hint resolves only if one candidate has the level word the document prints.
    """
    if not name or len(fold(name)) < 3:
        return None
    units, _ = _gazetteer()
    level, bare = split_level(name)
    hit = resolve_province(province_hint) if province_hint else None
    hint = hit[0] if hit else None
    cands = _candidates(bare, units, hint) if hint else []
    if not cands:  # no hint, or a pre-reform unit named under another province
        cands = _candidates(bare, units, None)
    if not cands:
        return None
    printed_level = LEVELS.get(level or "", None)
    top = max(s for s, _ in cands)
    best = [(s, u) for s, u in cands if s == top]
    if len(best) > 1 and printed_level:
        same = [(s, u) for s, u in best if u[1] == printed_level]
        best = same or best
    if len(best) > 1 and len({u[2] for _, u in best}) > 1:
        return None  # the same name in several provinces and nothing to choose by
    score, (official, unit_level, province, code) = best[0]
    # A pre-reform level ("thị xã", "huyện") keeps its own level; the unit's province is current.
    current = printed_level in (None, unit_level)
    return Place(name=official, level=printed_level or unit_level, province=province,
                 code=code if current else None, score=score, current=current)
