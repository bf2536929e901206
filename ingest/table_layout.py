"""Where the task, target and budget tables of a document are, and what their columns hold.

A table is found by its header ("STT | Nhiệm vụ | Đơn vị chủ trì | ..."), which may wrap over
a few lines around the STT label; its body runs to the next table, appendix title or closing
block. A header repeated after a page break continues the table above; the appendix title and
the roman section heading above a header name the table.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.deadlines import fold_spaced
from ingest.document import Line, SourceText
from ingest.table_columns import STT_LABEL, header_roles
from ingest.table_numbering import group_match, roman, roman_value, row_number

#: :func:`ingest.normalize.fold` memoised (through its fast equivalent): table lines are folded
#: many times over (header search, body end, appendix titles, then when the body is cut).
cached_fold = lru_cache(maxsize=16384)(fold_spaced)

_APPENDIX = re.compile(r"^\W*ph\w?\s*l\w?c(?:\b|[il1]+\b)")
_PHU_ALONE = re.compile(r"ph\w?")  # "PHỤ" with "LỤC" on the next line
_LUC = re.compile(r"l\w?c\b")


@dataclass
class TableRegion:
    """One table: its kind, header lines, body line span and learned column roles."""

    kind: str  # tasks | indicators | budget
    header_start: int  # 1-based line numbers
    header_end: int
    body_start: int
    body_end: int
    columns: list[str]  # roles in printed order ("lead", "support", "year:2025", ...)
    section: str | None = None  # roman section heading printed just above ("II NHIỆM VỤ CỤ THỂ")
    title: str | None = None  # appendix title ("Phụ lục II - Dự toán kinh phí ...")
    # header lines repeated where the table runs over a page break
    continuation_headers: list[tuple[int, int]] = field(default_factory=list)

    @property
    def years(self) -> list[str]:
        return [c.split(":", 1)[1] for c in self.columns if c.startswith("year:")]

    def has(self, role: str) -> bool:
        return role in self.columns


def _kind(roles: list[str]) -> str | None:
    years = [r for r in roles if r.startswith("year:")]
    if "target_text" in roles or len(years) >= 2:
        return "indicators"
    if "task_text" in roles and ({"lead", "support", "deadline"} & set(roles)):
        return "tasks"
    if "task_text" in roles and "budget" in roles:
        return "budget"
    return None


def _is_body_start(text: str) -> bool:
    """A line that opens a table body: a roman group heading or a numbered row with text."""
    return bool(group_match(text) or re.match(
        r"^\W{0,3}\d{1,2}(?:\.\d{1,2})?(?!\d)\W{0,3}\s*\S+\s+\S", text))


def _is_row_text(text: str) -> bool:
    """A long line without column labels below the STT line: the first row's text (its number
    printed lower, centred on the row), not more header."""
    folded = cached_fold(text)
    return sum(c.isalpha() for c in folded) >= 35 and not header_roles(folded)


_ROMAN_LEAD = re.compile(r"^\W{0,3}(?P<r>[IVX]{1,4})[.)]?\s+\S")


def _is_group_below(text: str) -> bool:
    """Below the STT line, a roman numeral and words without column labels (a year is no
    label) open the body: a group heading whose capital OCR printed small ("I bén năm 2030"
    for "I Đến năm 2030")."""
    m = _ROMAN_LEAD.match(text)
    return bool(m and roman_value(m.group("r")) and all(
        r.startswith("year:") for r in header_roles(cached_fold(text))))


def locate_tables(source: SourceText) -> list[TableRegion]:
    """Every task, target or budget table in the document, in order.

    Both the tasks and the indicators stage ask, so the answer is memoised on the lines; each
    caller gets its own copy to change.
    """
    return copy.deepcopy(_locate(tuple(source.lines)))


@lru_cache(maxsize=4)
def _locate(lines: Sequence[Line]) -> list[TableRegion]:
    anchors: list[tuple[int, int, list[str], str]] = []
    i = 0
    while i < len(lines):
        f = cached_fold(lines[i].text)
        if not STT_LABEL.match(f):
            i += 1
            continue
        # The header may wrap over a few lines above and below the STT line.
        lo = i
        for k in range(i - 1, max(-1, i - 4), -1):
            fk = cached_fold(lines[k].text)
            if not fk:
                continue
            if _is_body_start(lines[k].text) or _APPENDIX.match(fk) or len(fk) > 90 \
                    or not header_roles(fk) or lines[k].text.isupper():
                break
            lo = k
        hi = i
        seen = 0
        for k in range(i + 1, min(len(lines), i + 16)):
            if _is_body_start(lines[k].text) or _is_row_text(lines[k].text) or \
                    _is_group_below(lines[k].text):
                break
            if cached_fold(lines[k].text):
                seen += 1
                hi = k
            if seen >= 9:
                break
        text = " ".join(cached_fold(lines[k].text) for k in range(lo, hi + 1))
        roles = header_roles(text)
        kind = _kind(roles)
        if kind:
            anchors.append((lo, hi, roles, kind))
        i = hi + 1
    regions: list[TableRegion] = []
    for n, (lo, hi, roles, kind) in enumerate(anchors):
        end = anchors[n + 1][0] - 1 if n + 1 < len(anchors) else len(lines) - 1
        while end > hi and (not cached_fold(lines[end].text) or (
                n + 1 < len(anchors) and group_match(lines[end].text)
                and end >= anchors[n + 1][0] - 3)):
            end -= 1  # the next table's own section heading is not part of this body
        # A continuation header of the same kind (a table running over a page) is merged later.
        for k in range(hi + 1, end + 1):
            fk = cached_fold(lines[k].text)
            if _appendix_at(lines, k) or fk.startswith("ban hanh kem theo") or fk.startswith(
                    "(ban hanh") or fk.startswith("noi nhan"):
                end = k - 1
                if fk.startswith("ban hanh kem theo"):
                    # the next appendix's title sits right above its "(Ban hành kèm theo ...)"
                    above = [j for j in range(end, max(hi, end - 6), -1)
                             if cached_fold(lines[j].text)][:2]
                    for j in above:
                        if len(lines[j].text.strip()) < 60 and not row_number(lines[j].text):
                            end = j - 1
                break
        section = None
        for k in range(lo - 1, max(-1, lo - 4), -1):
            gm = group_match(lines[k].text, caps=False)
            if gm:
                section = gm[0]
                break
            if cached_fold(lines[k].text) and not header_roles(cached_fold(lines[k].text)):
                break
        regions.append(TableRegion(kind=kind, header_start=lines[lo].number,
                                   header_end=lines[hi].number,
                                   body_start=lines[hi].number + 1, body_end=lines[end].number,
                                   columns=[r for r in roles if r not in ("task_text",
                                                                          "target_text")],
                                   section=section, title=_title_above(lines, lo)))
    regions = _merge_continuations(regions, lines)
    _correct_sections(regions)
    return regions


def _correct_sections(regions: list[TableRegion]) -> None:
    """Sections of one appendix count up: an OCR "I" after section I is section II."""
    last = 0
    for r in regions:
        if r.title:
            last = 0
        if r.section is None:
            continue
        value = roman_value(r.section) or 0
        if value <= last:
            value = last + 1
        r.section = roman(value)
        last = value


def _next_filled(lines: Sequence[Line], k: int, limit: int = 3) -> int | None:
    """Index of the next non-empty line after ``k`` (within ``limit`` lines)."""
    return next((j for j in range(k + 1, min(len(lines), k + 1 + limit))
                 if cached_fold(lines[j].text)), None)


def _appendix_at(lines: Sequence[Line], k: int) -> bool:
    """An appendix title line, also when OCR split "PHỤ" / "LỤC III" over two lines."""
    f = cached_fold(lines[k].text)
    if _APPENDIX.match(f):
        return True
    if _PHU_ALONE.fullmatch(f):
        j = _next_filled(lines, k)
        return j is not None and bool(_LUC.match(cached_fold(lines[j].text)))
    return False


def _title_above(lines: Sequence[Line], lo: int) -> str | None:
    """The appendix title above a table header: up to eight filled lines back."""
    filled = 0
    for k in range(lo - 1, max(-1, lo - 20), -1):
        if not cached_fold(lines[k].text):
            continue
        filled += 1
        if filled > 8:
            break
        if _appendix_at(lines, k):
            head = lines[k].text.strip()
            j = _next_filled(lines, k)
            if _PHU_ALONE.fullmatch(cached_fold(head)) and j is not None:
                head = f"{head} {lines[j].text.strip()}"
                j = _next_filled(lines, j)
            nxt = lines[j].text.strip() if j is not None and j < lo else ""
            return f"{head} - {nxt}".strip(" -:") if nxt else head.strip(" -:")
    return None


def _merge_continuations(regions: list[TableRegion], lines: Sequence[Line]) -> list[TableRegion]:
    """A header repeated on the next page continues the previous table of the same kind."""
    out: list[TableRegion] = []
    for r in regions:
        gap = [ln for ln in lines if out and out[-1].body_end < ln.number < r.header_start
               and ln.text.strip()]
        # the top line of a repeated header ("Cơ quan theo") may sit apart, above the STT line
        if out and out[-1].kind == r.kind and r.section is None and r.title is None and \
                0 < len(gap) <= 2 and all(len(g.text.strip()) < 30 and not any(
                    c.isdigit() for c in g.text) for g in gap):
            r.header_start = gap[0].number
            gap = []
        if out and out[-1].kind == r.kind and not gap and r.section is None and r.title is None:
            prev = out[-1]
            prev.body_end = r.body_end
            prev.continuation_headers.append((r.header_start, r.header_end))
            continue
        out.append(r)
    return out
