"""How two values are compared and two lists paired, for ``plankg eval``: folded and
canonical forms, similarity thresholds, one-to-one greedy matching, agency name resolution."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from ingest.normalize import fold, strip_marks

#: fuzz.ratio on folded text at or above which two task/indicator/duty/mention texts are the
#: same item. Measured on the gold plans (docs/evaluation.md): texts with 30% of characters
#: damaged still reach it; raw OCR windows with other table cells mixed in reach it for 88% of
#: tasks; 5% of texts that are not rows (headings, duties, rows of the other table) reach it,
#: against 8% at 65. WRatio, token_set and partial ratios were rejected: the plans' shared
#: boilerplate ("khoa học, công nghệ, đổi mới sáng tạo...") gives distinct tasks 85-100.
TEXT_THRESHOLD = 70.0
#: fuzz.ratio on folded short values (names, places, deadlines): tolerates about one OCR error
#: per ten characters.
SHORT_THRESHOLD = 90.0
TITLE_THRESHOLD = 85.0


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_BEFORE_NUMBER = re.compile(r"^\D+(?=\d)")  # "Số:", OCR "sb"/"so" before the number
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_SPACES = re.compile(r"\s+")


def canonical_symbol(symbol: str | None) -> str | None:
    """Comparable form of a document symbol: "Số: 02- KH/BCĐTW" -> "2-KH/BCDTW".

    Symbols begin with their number, so anything before the first digit is a prefix ("số",
    OCR "sb"/"sé") and is dropped, along with leading zeros of the number.
    """
    if not symbol:
        return None
    s = _SPACES.sub("", _DASHES.sub("-", strip_marks(symbol))).upper()
    return _LEADING_ZEROS.sub("", _BEFORE_NUMBER.sub("", s)) or None


def norm_value(value: Any) -> str:
    """Folded form of a short cell value ("Quý II/2026" -> "quy ii 2026")."""
    return fold(str(value)) if value is not None else ""


def norm_target(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).strip(): norm_target(v) for k, v in value.items()}
    if value is None:
        return None
    s = strip_marks(str(value)).lower().replace("≥", ">=").replace("≤", "<=")
    return _SPACES.sub("", s).rstrip(".") or None


def similar(a: Any, b: Any, threshold: float) -> bool:
    fa, fb = norm_value(a), norm_value(b)
    if not fa or not fb:
        return fa == fb
    return fa == fb or fuzz.ratio(fa, fb) >= threshold


def greedy_match(
    scores: np.ndarray, threshold: float, tie_break: np.ndarray | None = None
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (pred, gold, score) from best to worst while score >= threshold."""
    if scores.size == 0:
        return []
    keyed = scores + (tie_break if tie_break is not None else 0.0)
    order = np.argsort(-keyed, axis=None, kind="stable")
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for flat in order:
        i, j = divmod(int(flat), scores.shape[1])
        if scores[i, j] < threshold:
            continue
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j, float(scores[i, j])))
    return pairs


def text_scores(pred: Sequence[str], gold: Sequence[str]) -> np.ndarray:
    if not pred or not gold:
        return np.zeros((len(pred), len(gold)))
    return process.cdist([fold(p or "") for p in pred], [fold(g or "") for g in gold],
                         scorer=fuzz.ratio, workers=1).astype(float)


def order_tie_break(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> np.ndarray:
    """Small bonus (< 0.6 points) for equal ids and close relative positions."""
    n, m = len(pred), len(gold)
    pos_p = np.arange(n)[:, None] / max(n - 1, 1)
    pos_g = np.arange(m)[None, :] / max(m - 1, 1)
    same_id = np.array([[float(bool(p.get("id")) and fold(str(p.get("id"))) == fold(str(g.get("id"))))
                         for g in gold] for p in pred]).reshape(n, m)
    return 0.5 * same_id + 0.1 * (1.0 - np.abs(pos_p - pos_g))


#: Unit abbreviations written interchangeably with their words (folded): "Ủy ban MTTQ thị xã" is
#: "Ủy ban Mặt trận Tổ quốc Việt Nam thị xã". Only unambiguous ones.
_UNIT_ABBREVIATIONS = (
    (r"\bubmttqvn\b|\bubmttq\b", "uy ban mat tran to quoc"),
    (r"\bmttqvn\b|\bmttq\b", "mat tran to quoc"),
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bkh ?cn\b", "khoa hoc va cong nghe"), (r"\bkh ?tt\b", "khoa hoc va thong tin"),
    (r"\bvh ?xh\b", "van hoa xa hoi"), (r"\bbcd\b", "ban chi dao"),
    (r"\bto quoc viet nam\b", "to quoc"),
)


def unit_key(name: str | None) -> str:
    """Folded name with unit abbreviations written out, to compare names across spellings."""
    key = fold(name or "")
    for pattern, words in _UNIT_ABBREVIATIONS:
        key = re.sub(pattern, words, key)
    return key


def name_ratio(a: str, b: str) -> float:
    """Similarity of two folded names, as written or with abbreviations written out."""
    return max(fuzz.ratio(a, b), fuzz.ratio(unit_key(a), unit_key(b)))


class AgencyResolver:
    """Maps an agency mention to its gold canonical name (folded) via names and aliases."""

    def __init__(self, gold_agencies: Iterable[dict[str, Any]]) -> None:
        self.keys: list[str] = []
        self.canon: list[str] = []
        for agency in gold_agencies:
            name = fold(agency.get("name") or "")
            for variant in [agency.get("name") or "", *(agency.get("aliases") or [])]:
                key = fold(variant)
                if key:
                    self.keys.append(key)
                    self.canon.append(name)
        self.unit_keys = [unit_key(k) for k in self.keys]  # abbreviations written out

    def resolve(self, mention: str | None) -> str:
        key = fold(mention or "")
        if not key or not self.keys:
            return key
        hits = [process.extractOne(key, self.keys, scorer=fuzz.ratio),
                process.extractOne(unit_key(key), self.unit_keys, scorer=fuzz.ratio)]
        best = max((h for h in hits if h is not None), key=lambda h: h[1], default=None)
        if best is not None and best[1] >= SHORT_THRESHOLD:
            return self.canon[best[2]]
        return key
