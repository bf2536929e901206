"""Query normalisation for search: what staff type is not what the plans print.

Staff write abbreviations ("CĐS", "TTHC"), name the place they already filtered on, and often
type without diacritics. This module turns a raw query into a :class:`PreparedQuery`: the text
for the lexical side (folded, abbreviations expanded), the text for the dense side (marks
restored when a restorer is available) and how far the query's own marks can be trusted, which
the fusion uses to weight the dense list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ingest.normalize import fold, nfc, strip_marks

#: Abbreviations common in the plans, keyed by their folded form.
ABBREVIATIONS: dict[str, str] = {
    "cds": "chuyển đổi số",
    "khcn": "khoa học, công nghệ",
    "khcndmst": "khoa học, công nghệ, đổi mới sáng tạo",
    "dmst": "đổi mới sáng tạo",
    "tthc": "thủ tục hành chính",
    "dvc": "dịch vụ công",
    "dvctt": "dịch vụ công trực tuyến",
    "attt": "an toàn thông tin",
    "shtt": "sở hữu trí tuệ",
    "cbccvc": "cán bộ, công chức, viên chức",
    "cbcc": "cán bộ, công chức",
    "cntt": "công nghệ thông tin",
    "csdl": "cơ sở dữ liệu",
    "qppl": "quy phạm pháp luật",
    "vhxh": "Văn hóa - Xã hội",
    "pvhcc": "Phục vụ hành chính công",
    "mttq": "Mặt trận Tổ quốc",
    "bcd": "Ban Chỉ đạo",
    "cks": "chữ ký số",
    "hdnd": "Hội đồng nhân dân",
    "ubnd": "Ủy ban nhân dân",
    "ktht": "Kinh tế, Hạ tầng",
    "ktxh": "kinh tế - xã hội",
    "hccc": "hành chính công",
}
#: Abbreviations that are also ordinary words when lower-cased ("ai" = who): only all-caps.
CASED_ABBREVIATIONS: dict[str, str] = {"AI": "trí tuệ nhân tạo", "IOT": "Internet vạn vật"}

#: Folded phrases that make a query a "who is responsible" question.
OWNER_PATTERNS = (
    r"\bai\b", r"\bdon vi nao\b", r"\bco quan nao\b", r"\bbo phan nao\b", r"\bphong nao\b",
    r"\bchu tri\b", r"\bphu trach\b", r"\bchiu trach nhiem\b", r"\bdam nhiem\b",
    r"\bgiao cho\b", r"\bdo ai\b", r"\bwho\b", r"\bnoi nao\b", r"\bcap nao\b",
)
_OWNER_RE = re.compile("|".join(OWNER_PATTERNS))

#: Level words that may precede a place name in a query.
LEVEL_WORDS = ("thi xa", "thi tran", "thanh pho", "dac khu", "phuong", "xa", "tinh", "tp",
               "huyen", "quan")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_VN_MARKED = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class PreparedQuery:
    """A query ready for both retrievers."""

    raw: str
    text: str  # place names dropped, abbreviations expanded (marks as typed)
    dense_text: str  # ``text`` with marks restored when the query had none
    lexical_text: str  # folded ``text``
    mark_trust: float  # 0 = typed without marks, 1 = marks as in normal Vietnamese
    restored: bool  # the dense text came from the diacritics restorer
    asks_owner: bool


def mark_ratio(text: str) -> float:
    """Share of alphabetic syllables carrying a Vietnamese mark (about 0.6-0.8 in normal text)."""
    words = [w for w in _TOKEN.findall(nfc(text)) if not w.isdigit()]
    if not words:
        return 0.0
    marked = sum(1 for w in words if _VN_MARKED.search(w))
    return marked / len(words)


def mark_trust(text: str) -> float:
    """How much the query's marks can be trusted: a ratio of 0.5 or more counts as fully marked."""
    return min(1.0, mark_ratio(text) / 0.5)


def asks_owner(text: str) -> bool:
    """True when the query asks who is responsible ("ai", "đơn vị nào", "chủ trì" ...)."""
    return bool(_OWNER_RE.search(fold(text)))


def expand_abbreviations(text: str) -> str:
    """Replace known abbreviations by their expansion, keeping the abbreviation in parentheses."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        plain = strip_marks(word)
        if plain.upper() == plain and plain.upper() in CASED_ABBREVIATIONS:
            return f"{CASED_ABBREVIATIONS[plain.upper()]} ({word})"
        key = plain.lower()
        if key in ABBREVIATIONS:
            return f"{ABBREVIATIONS[key]} ({word})"
        return word

    return _TOKEN.sub(repl, text)


def _name_core(name: str) -> list[str]:
    """Folded tokens of a place name without its leading level word."""
    folded = fold(name)
    for level in LEVEL_WORDS:
        if folded.startswith(level + " ") and len(folded) > len(level) + 1:
            folded = folded[len(level) + 1 :]
            break
    return folded.split()


def drop_place_names(text: str, names: list[str]) -> str:
    """Remove place names (with or without their level word) already covered by a filter."""
    for name in names:
        core = _name_core(name)
        if not core:
            continue
        tokens = list(_TOKEN.finditer(text))
        folded = [fold(t.group(0)) for t in tokens]
        n = len(core)
        for i in range(len(tokens) - n, -1, -1):
            if folded[i : i + n] != core:
                continue
            start = i
            # swallow a preceding level word (one or two tokens) and a preposition
            for level in LEVEL_WORDS:
                lw = level.split()
                if start >= len(lw) and folded[start - len(lw) : start] == lw:
                    start -= len(lw)
                    break
            if start >= 1 and folded[start - 1] in ("o", "tai", "cua"):
                start -= 1
            text = text[: tokens[start].start()] + text[tokens[i + n - 1].end() :]
            tokens = list(_TOKEN.finditer(text))
            folded = [fold(t.group(0)) for t in tokens]
    return re.sub(r"\s+([?,.!])", r"\1", re.sub(r"\s+", " ", text)).strip()


@lru_cache(maxsize=1)
def _restorer() -> Callable[[str], str] | None:
    """``ingest.diacritics.restore`` when that module exists (it is optional)."""
    try:
        from ingest.diacritics import restore  # type: ignore[attr-defined]
    except ImportError:
        return None
    return restore


def restore_marks(text: str) -> str | None:
    """Restored text, or None when no restorer is installed or it fails."""
    restore = _restorer()
    if restore is None:
        return None
    try:
        out = restore(text)
    except Exception:  # a restorer bug must not break search
        return None
    return nfc(out) if isinstance(out, str) and out.strip() else None


def prepare_query(raw: str, drop_places: list[str] | None = None) -> PreparedQuery:
    """Normalise a raw query for lexical and dense retrieval."""
    text = nfc(raw).strip()
    if drop_places:
        dropped = drop_place_names(text, [p for p in drop_places if p])
        text = dropped or text
    text = expand_abbreviations(text)
    trust = mark_trust(raw)
    dense_text, restored = text, False
    if trust < 1.0:
        fixed = restore_marks(text)
        if fixed is not None:
            dense_text, restored = fixed, True
    return PreparedQuery(raw=raw, text=text, dense_text=dense_text, lexical_text=fold(text),
                         mark_trust=trust, restored=restored, asks_owner=asks_owner(raw))
