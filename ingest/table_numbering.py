"""Row numbers and group numerals of flattened tables: reading them and repairing the sequence.

OCR drops the dot of sub-numbers ("31" for 3.1), turns roman "I" into "|" or "l", loses a
heading's numeral altogether (an all-capitals heading remains); the numbering of the rows
around a damaged number tells what it was.
"""

from __future__ import annotations

import re

from ingest.normalize import fold
from ingest.table_columns import header_roles

_GROUP = re.compile(r"^\s*[\W_]{0,2}\s*(?P<r>[IVXLl1|]{1,5}|[ivx]{1,3}[IVX]|[ivx]{1,4}(?=\s*[|.]))"
                    r"\s*[|.:)\-–]?\s+"
                    r"(?P<t>\S.*)$")
# "310" is 3.10 with its dot lost (only sub-numbers 10-30 read that way, not "300", "150")
_NUM = re.compile(r"^\s*[|(\[]?\s*(?P<n>\d{1,2}(?:[.,]\d{1,2})?|[1-9](?:1\d|2\d|30))\s*[|.)\]:,]?"
                  r"(?=\s|$)\s*(?P<t>.*)$")
ROW_ONE_AS_I = re.compile(r"^\s*(?P<n>[Il|])\s*[|.]?\s+(?P<t>[a-zđ].*)$")


def roman_value(token: str) -> int | None:
    """Value of a roman numeral as OCR prints it ("l", "|" and "1" for I), None if not one."""
    t = token.upper().replace("L", "I").replace("|", "I").replace("1", "I")
    t = re.sub(r"V+", "V", t)  # "vV": a doubled glyph
    values = {"I": 1, "V": 5, "X": 10}
    if not t or any(c not in values for c in t):
        return None
    total = 0
    for a, b in zip(t, t[1:] + " ", strict=False):
        v = values[a]
        total += -v if b in values and values[b] > v else v
    return total if 0 < total < 40 else None


#: An upper-case heading whose roman numeral OCR turned into a border or quote ("| PHÁT TRIỂN
#: HẠ TẦNG", "\" PHÁT TRIỂN ..."): a few junk characters, then at least three capitalised words.
_CAPS_HEADING = re.compile(r"^\s*(?P<r>[^\w\s]{0,3}|[IVXLl1|\\]{1,4}[;:]?)\s*(?P<t>[^\W\d_]{2,}"
                           r"(?:\s+[^\W\d_]{1,}){2,}\.?)\s*$")


def _caps_heading(text: str) -> tuple[str, str] | None:
    """(junk numeral, heading) of an all-capitals group heading without a readable numeral."""
    m = _CAPS_HEADING.match(text)
    if not m:
        return None
    rest = m.group("t")
    letters = [c for c in rest if c.isalpha()]
    if len(letters) < 12 or not all(c.isupper() for c in letters) or header_roles(fold(rest)):
        return None
    return m.group("r") or "?", rest


#: A target table's year group ("I. Đến năm 2030") as OCR prints it: "Đ" read "b"/"P"/"D" (so
#: perhaps lower case), the numeral glued to it ("IĐén nam 2030"), marks turned to symbols.
_YEAR_GROUP = re.compile(r"^\s*(?P<r>[IVX]{1,4})\s*[.:)]?\s*"
                         r"(?P<t>[ĐDPBđb][eéèẻẽẹêếềểễệ€¢&]{1,2}n\s+n\S{1,2}m\s+20\d\d\b.*)$")


def is_year_group(text: str) -> bool:
    """Whether a line is a target table's year group ("I. Đến năm 2030"), however damaged:
    "I bén năm 2030" is that heading, not row 1 with "I" for "1"."""
    year = _YEAR_GROUP.match(text)
    return bool(year and roman_value(year.group("r")) is not None)


def group_match(text: str, caps: bool = True) -> tuple[str, str] | None:
    """(roman, heading) when a line is a roman-numbered group heading.

    ``caps``: also take an all-capitals heading whose numeral OCR lost (inside a table body).
    """
    year = _YEAR_GROUP.match(text)
    if year and is_year_group(text):
        return year.group("r"), year.group("t").strip(" |")
    m = _GROUP.match(text)
    fallback = _caps_heading(text) if caps else None
    if not m:
        return fallback
    token, rest = m.group("r"), m.group("t").strip(" |")
    if token.isdigit() or not any(c in token for c in "IVXivx"):
        return fallback
    first = re.search(r"[^\W\d_]", rest)
    if not first or not first.group(0).isupper():
        return fallback
    if roman_value(token) is None:
        return fallback
    return token, rest


def row_number(text: str) -> tuple[str, str] | None:
    """(number, rest of line) when a line starts with a row number ("3.1", "310", "I" for 1)."""
    m = _NUM.match(text)
    if m and m.group("n").strip("0.,"):
        return m.group("n").replace(",", "."), m.group("t")
    m = ROW_ONE_AS_I.match(text)
    if m:
        return "1", m.group("t")
    return None


def roman(value: int) -> str:
    """Roman numeral of a small positive integer."""
    out = ""
    for v, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out += sym
            value -= v
    return out


def corrected_romans(tokens: list[str]) -> list[str]:
    """Group numerals in order, repaired where OCR broke the sequence (I, I, III -> I, II, III)."""
    out: list[str] = []
    last = 0
    values = [roman_value(tok) or 0 for tok in tokens]
    for k, value in enumerate(values):
        nxt = values[k + 1] if k + 1 < len(values) else None
        # a lost glyph ("v" for IV) shows when the next heading repeats the same numeral
        if value <= last or value > last + 2 or (value == last + 2 and nxt == value):
            value = last + 1
        out.append(roman(value))
        last = value
    return out


def repair_numbers(numbers: list[str | None],
                   groups: list[str | None] | None = None) -> list[tuple[str, float]]:
    """Row numbers as printed, repaired against the sequence, with a confidence each.

    Handles OCR that drops the dot of sub-numbers ("31" for 3.1, "310" for 3.10), misreads a
    digit, prints a number twice (the second gets a "b" suffix) or loses it. With ``groups``
    (the group of each row), numbering may restart at 1 in each group.
    """
    out: list[tuple[str, float]] = []
    last: str | None = None
    for k, n in enumerate(numbers):
        if groups and k > 0 and groups[k] != groups[k - 1] and n in ("1", None, "I"):
            last = None
        choice, conf = _next_number(n, last)
        if out and choice == out[-1][0].rstrip("b"):
            choice = f"{choice}b"
        out.append((choice, conf))
        last = choice.rstrip("b")
    return out


def _next_number(n: str | None, last: str | None) -> tuple[str, float]:
    if n is not None and plausible_next(n, last):
        return n, 1.0
    if last is None:
        return (n, 0.7) if n else ("1", 0.5)
    parts = [int(x) for x in last.split(".")]
    expected_sub = f"{parts[0]}.{parts[1] + 1}" if len(parts) == 2 else f"{parts[0]}.1"
    if n and n.isdigit() and n.startswith(str(parts[0])) and len(n) > len(str(parts[0])):
        rest = n[len(str(parts[0])):]
        if f"{parts[0]}.{int(rest)}" == expected_sub:
            return expected_sub, 0.9
    if n is not None and n == last:
        return n, 0.8
    if len(parts) == 2 and n and n.isdigit() and n.startswith(str(parts[0])):
        return expected_sub, 0.6
    if n and n.replace(".", "").isdigit():
        major = int(n.split(".")[0])
        if parts[0] < major <= parts[0] + 3:
            return n, 0.8  # rows skipped in the print
    if len(parts) == 2 and n is None:
        return expected_sub, 0.5
    return str(parts[0] + 1), 0.5


def plausible_next(number: str | None, last: str | None) -> bool:
    """Whether ``number`` can follow ``last`` in a row sequence (1 -> 2, 3 -> 3.1, 3.1 -> 3.2)."""
    if number is None:
        return False
    if last is None:
        return number in ("1", "1.1")
    try:
        a = [int(x) for x in last.split(".")]
        b = [int(x) for x in number.split(".")]
    except ValueError:
        return False
    return b in ([a[0] + 1], [a[0], 1], [a[0] + 1, 1]) or (
        len(a) == 2 and b in ([a[0], a[1] + 1],))
