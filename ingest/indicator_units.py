"""Units of target rows that OCR left unread: what the indicator's own words say it counts.

A unit cell ("Đơn vị tính") is short and narrow, so OCR often drops it, wraps it over two
lines ("Doanh" / "nghiệp") or reads it as a stray glyph taken for "%". The indicator text says
the unit too: "Số lượng dự án ..." counts projects, "Xếp hạng ..." is a rank. That reading is
only used where the table has a unit column (a table without one leaves counts unitless).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.deadlines import fold_same_length
from ingest.document import SourceText
from ingest.normalize import fold
from ingest.table_layout import TableRegion

#: "người" folded, as OCR also prints it ("ngudi", "ngwoi", "ngu6i").
PERSONS_FOLDED = r"ng[uw][od6e0]i"
#: Count nouns a target row is measured in (folded pattern, as printed in unit cells).
COUNT_NOUNS: tuple[tuple[str, str], ...] = (
    (r"doanh\s*ngh\w{0,3}p", "Doanh nghiệp"),
    (r"d\w\s*an", "Dự án"),
    (r"sang\s*ki\w{0,2}n", "Sáng kiến"),
    (r"san\s*ph\w{1,2}m", "Sản phẩm"),
    (r"d\w{0,2}n\s*d\w{0,2}ng\s*k\w", "Đơn đăng ký"),
    (r"nhi\w{0,2}m\s*v\w", "Nhiệm vụ"),
    (r"cong\s*tr\w{0,2}nh", "Công trình"),
    (r"he\s*th\w{0,2}ng", "Hệ thống"),
    (r"de\s*tai", "Đề tài"),
    (r"to\s*ch\w{0,2}c", "Tổ chức"),
    (PERSONS_FOLDED, "Người"),
    (r"h\w\s*s\w", "Hồ sơ"),
)
_COUNTED = re.compile(r"^s\w?\s*l\w{0,3}ng\s+(?:cac\s+)?(?P<n>.{0,24})")
_RANK = re.compile(r"^x\w{0,2}p\s*h\w{0,2}ng\b")
#: The rank unit as a unit cell prints it ("Thứ bậc", "Thir bac", "Thu b" / "bac").
_RANK_UNIT = re.compile(r"\bth\w{0,2}\s+b\w?c\b")
#: A unit column's header: "Đơn vị tính", "ĐVT", "(tính/đo lường)" as OCR interleaves it.
_UNIT_HEADER = re.compile(r"\bdvt\b|don\s*vi\s*tinh\b|\btinh\s*do\b")


def rank_unit_at(text: str) -> int | None:
    """Where a rank unit cell ("Thứ bậc", capitalised as a cell is) starts in ``text``; the
    words in running text ("tăng thứ bậc xếp hạng") are no cell."""
    for m in _RANK_UNIT.finditer(fold_same_length(text).lower()):
        if text[m.start()] == "T":
            return m.start()
    return None


def has_unit_column(source: SourceText, region: TableRegion) -> bool:
    """Whether the table prints a unit column, from its columns or its header's wording."""
    if region.has("unit"):
        return True
    header = source.lines[max(0, region.header_start - 1): region.header_end]
    return any(_UNIT_HEADER.search(fold(ln.text)) for ln in header)


def counted_unit(text: str) -> str | None:
    """The unit an indicator's words name: the counted noun of "Số lượng ...", or a rank."""
    folded = fold(text)
    if _RANK.match(folded):
        return "Thứ bậc"
    m = _COUNTED.match(folded)
    if not m:
        return None
    for pattern, unit in COUNT_NOUNS:
        if re.match(pattern + r"\b", m.group("n")):
            return unit
    return None


def table_unit(unit: str | None, text: str, unit_column: bool,
               lines: Sequence[str] = ()) -> str | None:
    """A row's unit, with the counted noun of its text where its unit cell was not read.

    A count ("Số lượng doanh nghiệp") is not a percentage: a "%" read on such a row is a stray
    glyph of the unit cell, so the noun replaces it. "Thứ bậc" (a rank) is only ever a unit
    cell: printed anywhere on the row's ``lines`` ("15 o Thir bac X"), it is the unit.
    """
    if unit and unit != "%":
        return spelled_unit(unit)
    if unit is None and any(rank_unit_at(t) is not None for t in lines):
        return "Thứ bậc"
    if not unit_column:
        return unit
    return counted_unit(text) or unit


def spelled_unit(unit: str) -> str:
    """A unit cell read as printed ("Dự an", "San phim") in the vocabulary's spelling."""
    folded = fold(unit)
    return next((name for pattern, name in COUNT_NOUNS if re.fullmatch(pattern, folded)), unit)


__all__ = ["COUNT_NOUNS", "PERSONS_FOLDED", "counted_unit", "has_unit_column", "rank_unit_at", "spelled_unit",
           "table_unit"]
