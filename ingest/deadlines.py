"""Deadline and period cells ("Quý II/2026", "Năm 2025 và các năm tiếp theo", "Thường xuyên").

Task tables print their "thời gian hoàn thành" column in a small grammar of periods. This module
finds such phrases in (possibly OCR-damaged, unaccented) text, so the table reader can tell the
deadline cell from its neighbours, and turns one into a display text plus the end date / year
the period closes, so the graph can sort and filter tasks by time.

Matching runs on :func:`ingest.normalize.fold` text; positions are mapped back to the original
string, which keeps its length under folding except for rare multi-character ligatures.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ingest.normalize import fold

_A_YEAR = re.compile(r"20\d\d")
_YEAR_NEEDED = "20##"
#: What every match of a kind holds (a year, or a word): texts without it skip the pattern.
_NEEDS = {"recurring_from": _YEAR_NEEDED, "quarter": _YEAR_NEEDED, "month": _YEAR_NEEDED,
          "date": _YEAR_NEEDED, "period": _YEAR_NEEDED, "year": _YEAR_NEEDED,
          "plan_ref": "theo", "continuous": "xuy", "on_guidance": "khi", "done": "hoan thanh"}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# OCR reads "II/" as "11", "117" or "1I": a quarter is one to three I-like glyphs, or IV.
_QUARTER = r"(?P<q>iv|[il1|]{1,3}|[1-4](?=\s))"
_YEAR = r"(?P<y>20\d\d)"
_SEP = r"[\s/,.\-7]*"
_NAM = r"n[aid]{1,2}m"  # "năm" as OCR prints it: nam, nim, ndm, niam
# ... and with its "m" lost ("Na 2025"), read only where the rest of the phrase confirms it
_NAM_CUT = r"n[aid]{1,2}m?"
# "hướng dẫn" as OCR prints it: huong, hwéng, huéng, huang; dan, dân, din
_HUONG_DAN = r"h\w{1,3}ng\s+d\w{1,2}n"
_THANG = r"th\w?ng"
# "Hoàn thành" / "Thực hiện" open a deadline only as "Hoàn thành trong/trước ..."; before a
# bare period ("Hoàn thành Năm 2026", "Báo cáo thực hiện Quý IV") they end the output cell.
_DONE_IN = r"(?:(?:hoan thanh|thuc hien)\s+(?=trong|truoc|cuoi))?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("recurring_from", re.compile(
        _DONE_IN + r"(?:trong\s+)?" + _NAM_CUT + r"\s+" + _YEAR
        + r"\s*(?:,|va)?\s*(?:cac\s+)?" + _NAM + r"\s+tiep\s+theo")),
    ("plan_ref", re.compile(
        r"(?:thuc hien\s+)?theo\s+(?:ke\s*hoach|de\s*an|chuong\s+trinh|lo\s+trinh|huong\s+dan)"
        r"(?:\s+cua\s+(?:ubnd|uy ban nhan dan)\s+(?:tinh|xa|phuong|thi xa))?"
        r"(?:\s+" + _NAM + r"\s+" + _YEAR + r")?")),
    ("quarter", re.compile(
        _DONE_IN + r"(?:trong\s+)?(?:truoc\s+)?q[a-z]?y\s*" + _QUARTER + _SEP
        + r"(?:" + _NAM + r"\s+)?" + _YEAR)),
    ("month", re.compile(
        _DONE_IN + r"(?:trong\s+)?(?:truoc\s+)?" + _THANG
        + r"\s*(?P<m>1[0-2]|0?[1-9])" + _SEP + r"(?:" + _NAM + r"\s+)?" + _YEAR)),
    ("date", re.compile(r"(?:truoc\s+)?(?:ngay\s+)?(?P<d>[0-3]?\d)\s*/\s*(?P<m>1[0-2]|0?[1-9])"
                        r"\s*/\s*" + _YEAR)),
    ("period", re.compile(r"(?:giai doan\s+)?(?P<y0>20\d\d)\s*[-–]\s*" + _YEAR)),
    ("year", re.compile(
        _DONE_IN + r"(?:trong\s+)?(?:cuoi\s+|truoc\s+)?" + _NAM + r"\s+"
        + _YEAR)),
    ("continuous", re.compile(r"(?:thuc hien\s+)?th\w{0,2}ng\s+xuy\w{0,2}n")),
    ("yearly", re.compile(r"h[ae]ng\s+" + _NAM)),
    ("on_guidance", re.compile(r"khi\s+(?:trung\s+uong|tinh|co)[\w\s,]{0,30}?" + _HUONG_DAN)),
    # "Đã" as OCR prints it: Da, Pa, D3, Ða
    ("done", re.compile(r"[dp][a3]\s+hoan\s+thanh")),
]


@dataclass(frozen=True)
class Deadline:
    """A parsed deadline: display text, end of the period (ISO) and its year where known."""

    text: str
    kind: str  # quarter | month | date | year | period | recurring_from | continuous | ...
    date: str | None = None
    year: int | None = None
    start: int = 0  # span in the string it was found in
    end: int = 0
    confidence: float = 1.0


def _quarter_value(raw: str) -> int | None:
    raw = raw.replace("l", "i").replace("1", "i").replace("|", "i")
    return _ROMAN.get(raw) or (int(raw) if raw.isdigit() and 1 <= int(raw) <= 4 else None)


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


_QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _build(kind: str, m: re.Match[str], original: str) -> Deadline | None:
    g = m.groupdict()
    year = int(g["y"]) if g.get("y") else None
    text = original[m.start():m.end()].strip(" ,.;")
    conf = 0.9
    date = None
    if kind == "quarter":
        q = _quarter_value(g["q"])
        if q is None or year is None:
            return None
        date = _month_end(year, q * 3)
        text = f"Quý {_QUARTER_NAMES[q]}/{year}"
        conf = 0.95 if re.fullmatch(r"iv|i{1,3}", g["q"]) else 0.8
    elif kind == "month":
        date = _month_end(year, int(g["m"])) if year else None
    elif kind == "date":
        try:
            day = min(int(g["d"]), calendar.monthrange(year, int(g["m"]))[1])
            date = f"{year:04d}-{int(g['m']):02d}-{day:02d}" if year else None
        except ValueError:
            return None
    elif kind in ("year",):
        date = f"{year}-12-31" if year else None
    elif kind == "period":
        date = f"{year}-12-31" if year else None
    elif kind == "recurring_from":
        conf = 0.9
    elif kind == "plan_ref":
        conf = 0.7
    return Deadline(text=text, kind=kind, date=date, year=year, start=m.start(), end=m.end(),
                    confidence=conf)


def find_deadlines(text: str) -> list[Deadline]:
    """Every deadline phrase in ``text``, non-overlapping, in text order (longest kind first)."""
    return list(_find_deadlines(text))


@lru_cache(maxsize=8192)
def _find_deadlines(text: str) -> tuple[Deadline, ...]:
    folded = fold_same_length(text)
    found: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    has_year = _A_YEAR.search(folded) is not None
    for kind, pattern in _PATTERNS:
        needs = _NEEDS.get(kind)
        if needs is not None and not (has_year if needs == _YEAR_NEEDED else needs in folded):
            continue  # a word every match holds is missing: most cells hold no deadline
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if not _word_bounded(folded, m.start(), m.end()):
                continue
            d = _build(kind, m, text)
            if d is not None:
                found.append(d)
                taken.append((m.start(), m.end()))
    found.extend(_fuzzy_words(text, folded, taken))
    return tuple(sorted(found, key=lambda d: d.start))


# Two-word deadline cells that OCR damages beyond the patterns ("Thusne xuvén"): word, kind,
# the least length its second word keeps ("Thường vụ" is no "Thường xuyên") and the pair
# lengths a ratio of 75 allows (the shorter string at least 0.6 of the longer).
_FUZZY_WORDS = tuple(
    (word, kind, least, 0.6 * len(word), len(word) / 0.6)
    for word, kind, least in (("thuong xuyen", "continuous", 3), ("hang nam", "yearly", 1)))
_LETTERS = re.compile(r"[a-z]+")


def _fuzzy_words(text: str, folded: str, taken: list[tuple[int, int]]) -> list[Deadline]:
    out: list[Deadline] = []
    tokens = [(m.start(), m.end(), m.group()) for m in _LETTERS.finditer(folded)]
    for (a0, _a1, a), (_b0, b1, b) in zip(tokens, tokens[1:], strict=False):
        if len(a) < 4 or any(a0 < e and s < b1 for s, e in taken):
            continue
        size = len(a) + 1 + len(b)
        for word, kind, least, shortest, longest in _FUZZY_WORDS:
            if len(b) >= least and shortest <= size <= longest \
                    and fuzz.ratio(f"{a} {b}", word, score_cutoff=75) >= 75:
                out.append(Deadline(text=text[a0:b1], kind=kind, start=a0, end=b1,
                                    confidence=0.6))
                taken.append((a0, b1))
    return out


def _word_bounded(s: str, start: int, end: int) -> bool:
    before = s[start - 1] if start > 0 else " "
    after = s[end] if end < len(s) else " "
    return not before.isalnum() and not (after.isalpha())


def fold_same_length(text: str) -> str:
    """Lowercase, marks removed, đ→d, one output character per input character.

    Keeps positions aligned with the original so spans found in folded text cut the original.
    Runs as one ``str.translate`` over a table filled per character on first sight: every
    table line is folded several times, and a per-character Python loop was a hot spot.
    """
    return text.translate(_FOLD_TABLE)


def fold_spaced(text: str) -> str:
    """:func:`ingest.normalize.fold` through the per-character table: equal to it on NFC text
    whose characters fold to one character each (all of a plan's lines), about twice as fast;
    other text goes through ``fold`` itself."""
    chars = set(text)
    unknown = chars - _ONE_CHAR_FOLDS
    if unknown:
        for ch in unknown:
            if len(fold(ch)) <= 1 and not unicodedata.combining(ch):
                _ONE_CHAR_FOLDS.add(ch)
        if not chars <= _ONE_CHAR_FOLDS:
            return fold(text)
    if not unicodedata.is_normalized("NFC", text):
        return fold(text)
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE)).strip()


_ONE_CHAR_FOLDS: set[str] = set()
_SPACES = re.compile(r"\s+")


class _FoldTable(dict[int, str]):
    """Code point -> folded character, computed by :func:`_fold_char` when first asked."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_FOLD_TABLE = _FoldTable()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    f = fold(ch)
    return f[0] if f else " "


def parse_deadline(text: str | None) -> Deadline | None:
    """The deadline a whole cell states, or None when the cell holds no period phrase.

    The display text is the cell itself (spaces normalised) when a phrase covers most of it,
    otherwise the phrase; quarters are written in the standard "Quý II/2026" form.
    """
    if not text or not text.strip():
        return None
    cell = re.sub(r"\s+", " ", text).strip(" ,.;:-|")
    found = find_deadlines(cell)
    if not found:
        return None
    best = found[0]
    year = best.year
    date = best.date
    if year is None:  # "Thường xuyên" with a year elsewhere in the cell
        for d in found[1:]:
            if d.year:
                year, date = d.year, d.date
                break
    # OCR-mangled quarter numerals ("Quy 112026") are shown in the standard form.
    display = best.text if best.kind == "quarter" and best.confidence < 0.9 else cell
    display = _written(display)
    covered = sum(d.end - d.start for d in found) / max(len(cell), 1)
    conf = best.confidence * (0.6 + 0.4 * min(1.0, covered))
    return Deadline(text=display, kind=best.kind, date=date, year=year, start=0, end=len(cell),
                    confidence=round(conf, 3))


#: Cells that are one stock phrase and nothing else (folded, OCR-tolerant), and how the
#: phrase is written: an unaccented or damaged cell ("Thuong Xuyeén", "Nim 2028") is shown
#: as plans print it.
_STOCK: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"th\w{0,2}ng\s+xuy\w{0,2}n"), "Thường xuyên"),
    (re.compile(r"h[ae]ng\s+n\w{0,2}m"), "Hằng năm"),
    (re.compile(r"[dp][a3]\s+hoan\s+thanh"), "Đã hoàn thành"),
    (re.compile(r"n\w{0,3}m\s+(20\d\d)"), "Năm {0}"),
    (re.compile(r"th\w{0,2}ng\s*(1[0-2]|0?[1-9])\s*[/ ]\s*(20\d\d)"), "Tháng {0}/{1}"),
]


def _written(cell: str) -> str:
    """``cell`` as plans write it when it is one stock phrase, else unchanged."""
    folded = fold_same_length(cell).lower()
    for pattern, shown in _STOCK:
        m = pattern.fullmatch(folded)
        if m:
            return shown.format(*(str(int(g)) for g in m.groups()))
    return cell


def deadline_vocabulary_score(text: str) -> float:
    """Share of ``text`` covered by deadline phrases (0..1): how much it looks like a date cell."""
    if not text.strip():
        return 0.0
    found = find_deadlines(text)
    return min(1.0, sum(d.end - d.start for d in found) / max(len(text.strip()), 1))


_MONTH_WORD_END = re.compile(rf"(?:^|[\s|,;])({_THANG})\s*[.,;]?\s*$")
_MONTH_DATE_END = re.compile(r"(?<![\d/.])(\d{1,2}\s*/\s*20\d\d)\s*[.,;]?\s*$")


def wrapped_month(lines: list[str], reach: int = 3) -> str | None:
    """A month deadline whose cell wrapped over lines: "Tháng" ends one line of a row and
    "9/2025" ends a line below it (the deadline column is the last one, so both sit at the
    line ends of an interleaved row). Returns the cell as "Tháng 9/2025"."""
    for i, line in enumerate(lines):
        if not _MONTH_WORD_END.search(fold_spaced(line)):
            continue
        for below in lines[i + 1: i + 1 + reach]:
            m = _MONTH_DATE_END.search(below)
            if m:
                return f"Tháng {m.group(1).replace(' ', '')}"
    return None


def strip_month_word(text: str | None) -> str | None:
    """The text without a dangling month word at its end ("Kế hoạch của UBND Tháng")."""
    if not text:
        return text
    m = _MONTH_WORD_END.search(fold_spaced(text))
    return text[: m.start(1)].rstrip(" ,;|") or None if m else text


_LAST_WORD = re.compile(r"(\S+?)\W*$")


def _last_word(line: str) -> str:
    m = _LAST_WORD.search(line)
    return fold_same_length(m.group(1)).strip(" ") if m else ""


def wrapped_continuous(lines: list[str], reach: int = 3) -> str | None:
    """"Thường xuyên" wrapped over the row's line ends: "Thường" ends one line and "xuyên"
    a line below it (the deadline column is the last one, so both sit at line ends)."""
    ends = [_last_word(line) for line in lines]
    for i, head in enumerate(ends):
        if not head.startswith("th") or fuzz.ratio(head, "thuong") < 80:
            continue
        for below in ends[i + 1: i + 1 + reach]:
            if fuzz.ratio(below, "xuyen") >= 80:
                return "Thường xuyên"
    return None
