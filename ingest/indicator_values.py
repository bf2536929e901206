"""Values and units of a target row as OCR leaves them: misread "%" signs, debris units.

Tesseract's English model reads the "%" of a narrow table cell as "9", "96", "94", "04", "06"
or "0" glued to the number ("1009", "10096", "5504", "10006"): a percentage above 100 that ends in
one of those readings is the number before it, with its sign.
"""

from __future__ import annotations

import re

from ingest.normalize import fold

#: The misreadings of "%", longest first so "10096" loses "96", not "6".
_PERCENT_READS = ("96", "94", "04", "06", "0%", "9", "0")
_DIGITS = re.compile(r"^(?P<cmp>[<>≥≤=]?\s*)(?P<num>\d{3,5})(?P<pct>%?)$")


def repair_percent(value: str) -> str:
    """"1009" -> "100%", "5504" -> "55%"; any other value is returned as printed."""
    m = _DIGITS.match(value.strip())
    if not m or int(m.group("num")) <= 100 or re.fullmatch(r"(19|20)\d\d", m.group("num")):
        return value
    num = m.group("num") + m.group("pct")
    for junk in _PERCENT_READS:
        head = num[: -len(junk)]
        if num.endswith(junk) and head.isdigit() and 0 < int(head) <= 100 and head[0] != "0":
            return f"{m.group('cmp')}{head}%"
    return value


#: "≥" as OCR prints it before a value: "=" (the upper stroke lost) or a "2" glued to a
#: percentage ("240%": no rate is 240%). No target is printed with a bare "=".
_EQUALS = re.compile(r"^=\s*(?=\d)")
_GLUED_AT_LEAST = re.compile(r"^2(?P<num>[1-9]\d|100)%$")


#: A bound below one whose decimal comma OCR lost (">06" for ">0,6"): a compared number
#: never prints a leading zero otherwise.
_LOST_COMMA = re.compile(r"^(?P<cmp>[<>≥≤]=?\s*)0(?P<dec>\d)$")


def repair_comparison(value: str) -> str:
    """"=10" -> "≥10", "240%" -> "≥40%", ">06" -> ">0,6"; any other value as printed."""
    value = _EQUALS.sub("≥", value)
    value = _LOST_COMMA.sub(r"\g<cmp>0,\g<dec>", value)
    m = _GLUED_AT_LEAST.match(value)
    return f"≥{m.group('num')}%" if m else value


def percent_row(values: list[str], unit: str | None) -> list[str]:
    """A row's values with misread comparison and "%" signs repaired (the latter when the row
    counts in percent)."""
    values = [repair_comparison(v) for v in values]
    if unit != "%" and sum(v.endswith("%") for v in values) * 2 < len(values):
        return values
    # a bare "1" among percentages is a column rule or the "l" of a text word ("xử lý")
    return [repair_percent(v) for v in values if v.rstrip(".") != "1"]




_NUMBER = re.compile(r"^(?P<pre>[<>≥≤=]*\s*)(?P<num>\d+(?:,\d+)?)(?P<post>\s*%?)$")


def _number(value: str) -> float | None:
    m = _NUMBER.match(value.strip())
    return float(m.group("num").replace(",", ".")) if m else None


def repair_lost_commas(values: list[str]) -> list[str]:
    """Year values with a decimal comma OCR lost restored: ">15%" between ">1%" and ">2%" is
    ">1,5%" - targets rise from year to year, and only the comma read makes it rise."""
    out = list(values)
    nums = [_number(v) for v in values]
    for i in range(1, len(values) - 1):
        prev, this, nxt = nums[i - 1], nums[i], nums[i + 1]
        m = _NUMBER.match(values[i].strip())
        if prev is None or this is None or nxt is None or not m or "," in m.group("num") \
                or len(m.group("num")) != 2 or not prev <= this / 10 <= nxt < this:
            continue
        num = m.group("num")
        out[i] = f"{m.group('pre')}{num[0]},{num[1]}{m.group('post')}"
    return out


#: "Tỷ lệ ..." (a rate): an indicator measured in percent, whatever OCR left of its unit cell.
_RATE = re.compile(r"^t[yi]\s*l[eê]\b")


def row_unit(unit: str | None, text: str) -> str | None:
    """The unit of a row: OCR debris before a unit dropped ("e %"), "%" for a rate."""
    if unit:
        words = unit.split()
        while len(words) > 1 and len(words[0]) == 1 and words[0].isalpha():
            words.pop(0)  # a stray glyph of the text column ("e %")
        return " ".join(words)
    return "%" if _RATE.match(fold(text).lower()) else None


__all__ = ["percent_row", "repair_comparison", "repair_lost_commas", "repair_percent",
           "row_unit"]
