"""Prose target lists: plans without a target table state their targets as bullets.

"2. Mục tiêu cụ thể: - ... đạt 90%": each bullet (or paragraph stating a percentage) under a
"Mục tiêu cụ thể" / "Chỉ tiêu chủ yếu" heading is one indicator, its percentage the target.
"""

from __future__ import annotations

import re

from ingest.document import Line, SourceText
from ingest.normalize import fold, fold_keep_punct
from ingest.records import Indicator, Provenance


def year_of(text: str | None) -> int | None:
    """The target year a text names ("đến năm 2030", "Năm 2026"), if any."""
    if not text:
        return None
    m = re.search(r"(?:n\w{1,2}m|den)\s+(20\d\d)", fold(text))
    return int(m.group(1)) if m else None


#: The heading of a prose target list: "2. Mục tiêu cụ thể:", "b) Các chỉ tiêu chủ yếu".
_TARGET_HEADING = re.compile(r"^(?:(?P<n>\d{1,2}|[a-dđ])\s*[.)]\s*)?(?:cac\s+)?"
                             r"(?:muc\s*ti\w{0,2}u|chi\s*ti\w{0,2}u)(?:\s+\w+){0,1}\s+"
                             r"(?:cu\s*th\w?|chu\s*y\w{0,2}u)\b")
_BULLET = re.compile(r"^\s*[-–+•*]\s*(?P<t>\S.*)$")
#: Any heading that ends the list: a numbered, lettered or roman item, or a capitals line.
_NEXT_HEADING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})?\s*[.)]|[IVXLl]{1,5}\s*[.)])\s+\S")
#: The target value of a prose bullet: "đạt 90%", "tối thiểu 60%", "100% cán bộ", "≥ 20%".
_PROSE_VALUE = re.compile(r"(?:(?:[≥≤><]=?|tr\w{0,2}n|t\w{0,2}i\s*thi\w{0,2}u|[ií]t\s*nh\w{0,2}t)\s*)?"
                          r"(?<![\d/])\d{1,3}(?:[.,]\d{1,2})?\s*%", re.IGNORECASE)
_MAX_LIST_LINES = 60
_AT_LEAST = re.compile(r"^(?:t\w{0,2}i\s*thi\w{0,2}u|[ií]t\s*nh\w{0,2}t)\s*", re.IGNORECASE)
_ABOVE = re.compile(r"^tr\w{0,2}n\s*", re.IGNORECASE)


def _prose_value(raw: str) -> str:
    """A prose target in table notation: "tối thiểu 60%" -> "≥ 60%", "trên 90%" -> "> 90%"."""
    value = re.sub(r"\s+", " ", raw).strip()
    if _AT_LEAST.match(value):
        return "≥ " + _AT_LEAST.sub("", value)
    if _ABOVE.match(value):
        return "> " + _ABOVE.sub("", value)
    return value


_LETTERED = re.compile(r"^[a-zđ]\s*[).]\s+\S")
_Item = tuple[list[tuple[str, int, str]], int | None]  # (text, line, raw) parts, context year


def _target_items(lines: list[Line], heading_year: int | None) -> list[_Item]:
    """The items of a target list: bullets, or paragraphs stating a percentage.

    Lettered or colon-ended lines ("a) Đến năm 2030:") are context (their year applies to the
    items below), not items; the list ends at the next numbered or roman heading.
    """
    items: list[_Item] = []
    context_year = heading_year
    open_item = False
    paragraph = False  # the open item is a paragraph: a blank line closes it
    for ln in lines:
        text = ln.text.strip()
        if not text:
            open_item = open_item and not paragraph
            continue
        if _NEXT_HEADING.match(text) or (text.isupper() and len(text) > 8):
            break
        bm = _BULLET.match(text)
        if bm:
            items.append(([(bm.group("t"), ln.number, ln.raw)], context_year))
            open_item, paragraph = True, False
        elif _LETTERED.match(text) or text.endswith(":"):
            context_year = year_of(text) or heading_year
            open_item = False
        elif open_item:
            items[-1][0].append((text, ln.number, ln.raw))
        elif text[:1].isupper() and _PROSE_VALUE.search(text):
            items.append(([(text, ln.number, ln.raw)], context_year))  # a target paragraph
            open_item, paragraph = True, True
        elif not items:
            break  # prose that states no target: not a target list
    return items


def prose_indicators(source: SourceText, plan_year: int | None) -> list[Indicator]:
    """Bullets of a prose target list ("Mục tiêu cụ thể: - ... đạt 90%") as indicators.

    Plans without a target appendix state their targets as bullets under a "Mục tiêu cụ thể"
    (or "Chỉ tiêu chủ yếu") heading; each bullet is one indicator, its percentage the target.
    """
    lines = source.lines
    out: list[Indicator] = []
    for i, ln in enumerate(lines):
        hm = _TARGET_HEADING.match(fold_keep_punct(ln.text).lstrip(" -"))
        if not hm or len(ln.text.strip()) > 80:
            continue
        prefix = hm.group("n") or "MT"
        heading_year = year_of(ln.text)
        items = _target_items(lines[i + 1: i + 1 + _MAX_LIST_LINES], heading_year)
        for k, (parts, context_year) in enumerate(items, start=1):
            # plain joining: prose keeps its one-letter syllables ("y tế"), unlike table debris
            text = re.sub(r"\s+", " ", " ".join(p[0] for p in parts)).strip(" .;")
            values = [m for m in _PROSE_VALUE.finditer(text)]
            value = _prose_value(values[-1].group(0)) if values else None
            year = year_of(text) or context_year or plan_year
            conf = {"text": 0.8, "owner": 0.5, "target": 0.75 if value else 0.5,
                    "unit": 0.75 if value else 0.5, "id": 0.6}
            out.append(Indicator(
                id=f"{prefix}.{k}", text=text, unit="%" if value else None, target=value,
                year=year, owner=[], text_raw="\n".join(p[2] for p in parts),
                provenance=Provenance(source.name, parts[0][1], parts[-1][1], "prose", 0.5,
                                      lines[i].page),
                field_confidence=conf))
        if out:
            break
    return out


__all__ = ["prose_indicators", "year_of"]
