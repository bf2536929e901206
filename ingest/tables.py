"""Tables of task and target appendices: location, header-learned columns, row reassembly.

OCR and PDF text flatten a table into lines: one row's cells are spread over several lines and
interleaved with the neighbouring columns, and the row number may sit on the middle line of the
row (vertically centred) rather than the first. This module

1. finds table headers ("STT | Nhiệm vụ | Đơn vị chủ trì | ...") and learns the column roles in
   printed order from the header words (:func:`locate_tables`);
2. cuts the body into group headings (roman numerals) and rows (:func:`segment_rows`): rows
   start at a numbered line when the table prints numbers on the first line of a row, or at the
   line where a new text cell begins (capitalised first word) when numbers are centred;
3. splits the lines of one row into cells (:func:`split_line`) using the vocabularies that tell
   cells apart: agency names (``ingest.agencies``), deadline phrases (``ingest.deadlines``) and,
   for targets, units and values. Left-to-right order on a line follows the column order; a
   "|" rule that OCR kept closes the text column (:func:`column_bar`).

OCR layouts handled besides: group headings whose numeral became "|" or a quote (capitals
only), or sits on the middle line of a wrapped heading; appendix titles split over lines
("PHỤ" / "LỤC III"); rows printed paragraph by paragraph after a lone number (``RawRow.block``),
including numbers that repair took for page numbers; stray copies of a row number.

Nothing here knows a particular document: only column labels, symbol grammar and vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.agencies import AgencyMention, find_agencies
from ingest.deadlines import find_deadlines, fold_same_length
from ingest.document import Line, SourceText
from ingest.normalize import fold

# ------------------------------------------------------------------ header and columns

#: Column roles recognised from header words (folded, OCR-tolerant).
_ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("unit", re.compile(r"don\s*vi\s*tinh|\bdvt\b|tinh\s*/\s*do")),
    ("support", re.compile(r"\bph[oedb0]i\b(?:\s*h\w{0,2}p)?")),
    ("owner", re.compile(r"theo\s*d\w{0,2}i|tong\s+hop|danh\s+gia|bao\s+cao")),
    ("lead", re.compile(r"ch\w?\s*tri\b|thuc\s*hien|tham\s+m\w{0,2}u")),
    ("output", re.compile(r"k\w?t\s+qu\w?|san\s+pham")),
    ("deadline", re.compile(r"th\w{0,2}i\s+g\w{0,3}|tien\s+do|hoan\s+th\w{0,2}nh")),
    ("budget", re.compile(r"kinh\s+phi|tong\s+so\s+tien|du\s+toan")),
    ("target_text", re.compile(r"chi\s*ti\w{0,2}u|m\w?c\s+ti\w{0,2}u")),
    ("task_text", re.compile(r"nhi\w{0,2}m\s+v\w|noi\s+dung|ten\s+nhi")),
    ("baseline", re.compile(r"hi\w{0,2}n\s*tr\w{0,2}ng")),
    ("year", re.compile(r"(?<![\d/])20[2-5]\d(?!\d)")),
]

_STT = re.compile(r"^\W*(?:(?:so\s*)?(?:s\s?tt|tt)|so\s*thu\s*tu)\b")  # STT, TT, Số TT, Số thứ tự
_APPENDIX = re.compile(r"^\W*ph\w?\s*l\w?c(?:\b|[il1]+\b)")
_ROMAN_CHARS = "IVXLl|"


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


def _header_roles(text: str) -> list[str]:
    """Roles in the order their labels appear in the folded header text."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for role, pattern in _ROLE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), f"year:{m.group(0)}" if role == "year" else role))
            if role != "year" and role != "lead":
                break
    found.sort()
    roles: list[str] = []
    for _, role in found:
        if role not in roles:
            roles.append(role)
    return roles


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
    return bool(_group_match(text) or re.match(
        r"^\W{0,3}\d{1,2}(?:\.\d{1,2})?(?!\d)\W{0,3}\s*\S+\s+\S", text))


def _is_row_text(text: str) -> bool:
    """A long line without column labels below the STT line: the first row's text (its number
    printed lower, centred on the row), not more header."""
    folded = fold(text)
    return sum(c.isalpha() for c in folded) >= 35 and not _header_roles(folded)


def locate_tables(source: SourceText) -> list[TableRegion]:
    """Every task, target or budget table in the document, in order."""
    lines = source.lines
    anchors: list[tuple[int, int, list[str], str]] = []
    i = 0
    while i < len(lines):
        f = fold(lines[i].text)
        if not _STT.match(f):
            i += 1
            continue
        # The header may wrap over a few lines above and below the STT line.
        lo = i
        for k in range(i - 1, max(-1, i - 4), -1):
            fk = fold(lines[k].text)
            if not fk:
                continue
            if _is_body_start(lines[k].text) or _APPENDIX.match(fk) or len(fk) > 90 \
                    or not _header_roles(fk) or lines[k].text.isupper():
                break
            lo = k
        hi = i
        seen = 0
        for k in range(i + 1, min(len(lines), i + 16)):
            if _is_body_start(lines[k].text) or _is_row_text(lines[k].text):
                break
            if fold(lines[k].text):
                seen += 1
                hi = k
            if seen >= 9:
                break
        text = " ".join(fold(lines[k].text) for k in range(lo, hi + 1))
        roles = _header_roles(text)
        kind = _kind(roles)
        if kind:
            anchors.append((lo, hi, roles, kind))
        i = hi + 1
    regions: list[TableRegion] = []
    for n, (lo, hi, roles, kind) in enumerate(anchors):
        end = anchors[n + 1][0] - 1 if n + 1 < len(anchors) else len(lines) - 1
        while end > hi and (not fold(lines[end].text) or (
                n + 1 < len(anchors) and _group_match(lines[end].text)
                and end >= anchors[n + 1][0] - 3)):
            end -= 1  # the next table's own section heading is not part of this body
        # A continuation header of the same kind (a table running over a page) is merged later.
        for k in range(hi + 1, end + 1):
            fk = fold(lines[k].text)
            if _appendix_at(lines, k) or fk.startswith("ban hanh kem theo") or fk.startswith(
                    "(ban hanh") or fk.startswith("noi nhan"):
                end = k - 1
                if fk.startswith("ban hanh kem theo"):
                    # the next appendix's title sits right above its "(Ban hành kèm theo ...)"
                    above = [j for j in range(end, max(hi, end - 6), -1)
                             if fold(lines[j].text)][:2]
                    for j in above:
                        if len(lines[j].text.strip()) < 60 and not _row_number(lines[j].text):
                            end = j - 1
                break
        section = None
        for k in range(lo - 1, max(-1, lo - 4), -1):
            gm = _group_match(lines[k].text, caps=False)
            if gm:
                section = gm[0]
                break
            if fold(lines[k].text) and not _header_roles(fold(lines[k].text)):
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


def roman(value: int) -> str:
    """Roman numeral of a small positive integer."""
    out = ""
    for v, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out += sym
            value -= v
    return out


def _correct_sections(regions: list[TableRegion]) -> None:
    """Sections of one appendix count up: an OCR "I" after section I is section II."""
    last = 0
    for r in regions:
        if r.title:
            last = 0
        if r.section is None:
            continue
        value = _roman_value(r.section) or 0
        if value <= last:
            value = last + 1
        r.section = roman(value)
        last = value


def corrected_romans(tokens: list[str]) -> list[str]:
    """Group numerals in order, repaired where OCR broke the sequence (I, I, III -> I, II, III)."""
    out: list[str] = []
    last = 0
    values = [_roman_value(tok) or 0 for tok in tokens]
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
    if n is not None and _plausible_next(n, last):
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


def _next_filled(lines: list[Line], k: int, limit: int = 3) -> int | None:
    """Index of the next non-empty line after ``k`` (within ``limit`` lines)."""
    return next((j for j in range(k + 1, min(len(lines), k + 1 + limit))
                 if fold(lines[j].text)), None)


def _appendix_at(lines: list[Line], k: int) -> bool:
    """An appendix title line, also when OCR split "PHỤ" / "LỤC III" over two lines."""
    f = fold(lines[k].text)
    if _APPENDIX.match(f):
        return True
    if re.fullmatch(r"ph\w?", f):
        j = _next_filled(lines, k)
        return j is not None and bool(re.match(r"l\w?c\b", fold(lines[j].text)))
    return False


def _title_above(lines: list[Line], lo: int) -> str | None:
    """The appendix title above a table header: up to eight filled lines back."""
    filled = 0
    for k in range(lo - 1, max(-1, lo - 20), -1):
        if not fold(lines[k].text):
            continue
        filled += 1
        if filled > 8:
            break
        if _appendix_at(lines, k):
            head = lines[k].text.strip()
            j = _next_filled(lines, k)
            if re.fullmatch(r"ph\w?", fold(head)) and j is not None:
                head = f"{head} {lines[j].text.strip()}"
                j = _next_filled(lines, j)
            nxt = lines[j].text.strip() if j is not None and j < lo else ""
            return f"{head} - {nxt}".strip(" -:") if nxt else head.strip(" -:")
    return None


def _merge_continuations(regions: list[TableRegion], lines: list[Line]) -> list[TableRegion]:
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


# ------------------------------------------------------------------ groups and rows

_GROUP = re.compile(r"^\s*[\W_]{0,2}\s*(?P<r>[IVXLl1|]{1,5}|[ivx]{1,3}[IVX]|[ivx]{1,4}(?=\s*[|.]))"
                    r"\s*[|.:)\-–]?\s+"
                    r"(?P<t>\S.*)$")
# "310" is 3.10 with its dot lost (only sub-numbers 10-30 read that way, not "300", "150")
_NUM = re.compile(r"^\s*[|(\[]?\s*(?P<n>\d{1,2}(?:[.,]\d{1,2})?|[1-9](?:1\d|2\d|30))\s*[|.)\]:,]?"
                  r"(?=\s|$)\s*(?P<t>.*)$")
_NUM_I = re.compile(r"^\s*(?P<n>[Il|])\s*[|.]?\s+(?P<t>[a-zđ].*)$")


def _roman_value(token: str) -> int | None:
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
    if len(letters) < 12 or not all(c.isupper() for c in letters) or _header_roles(fold(rest)):
        return None
    return m.group("r") or "?", rest


def _group_match(text: str, caps: bool = True) -> tuple[str, str] | None:
    """(roman, heading) when a line is a roman-numbered group heading.

    ``caps``: also take an all-capitals heading whose numeral OCR lost (inside a table body).
    """
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
    if _roman_value(token) is None:
        return fallback
    return token, rest


def _first_word(text: str, max_offset: int | None = None) -> str:
    """First real word of a line (two or more characters, mostly letters), skipping OCR junk.

    With ``max_offset``, only a word starting that close to the line start counts.
    """
    pos = 0
    for tok in text.split():
        start = text.find(tok, pos)
        pos = start + len(tok)
        core = tok.strip(".,;:|()\"'“”‘’-")
        letters = sum(c.isalpha() for c in core)
        if len(core) >= 2 and core[0].isalpha() and letters * 2 >= len(core):
            if max_offset is not None and start > max_offset:
                return ""
            return core
    return ""


@dataclass
class RawRow:
    """Lines of one table row, with the printed row number if one was found."""

    lines: list[Line]
    number: str | None = None
    number_line: int | None = None
    group: str | None = None  # group heading text
    group_roman: str | None = None
    # cells printed as separate paragraphs after a number alone on its line (text, lead, ...)
    block: bool = False


@dataclass
class Segmented:
    rows: list[RawRow]
    groups: list[tuple[str, str, int]]  # (roman, heading, line number)
    centred: bool


def _row_number(text: str) -> tuple[str, str] | None:
    m = _NUM.match(text)
    if m and m.group("n").strip("0.,"):
        return m.group("n").replace(",", "."), m.group("t")
    m = _NUM_I.match(text)
    if m:
        return "1", m.group("t")
    return None


#: Collective units that open a responsibility cell ("Các cơ quan, đơn vị", "Các phòng ...").
_COLLECTIVE = re.compile(r"^c\w{1,2}c\s*(?:co\s*quan|phong|don\s*vi|truong|ban|nganh|cap|"
                         r"chi\s*bo|hoi|doan)\b")


#: Collective cells as a flattened table cuts them ("Các cơ quan," / "đơn vị" on the next line):
#: the head is enough to know the cell, and its usual full wording names it.
_COLLECTIVE_CELLS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"c\w{1,2}c\s*co\s*\w{0,2}an\b"), "Các cơ quan, đơn vị"),
    (re.compile(r"c\w{1,2}c\s*ph\w{0,2}ng\s*(?:ch\w{0,3}n\s*m\w{0,2}n|ban)?\b"),
     "Các phòng chuyên môn"),
    (re.compile(r"c\w{1,2}c\s*d\w{1,2}n\s*v\w?\b"), "Các đơn vị liên quan"),
    (re.compile(r"c\w{1,2}c\s*nha\s*tr\w{0,3}ng\b"), "Các nhà trường"),
    (re.compile(r"c\w{1,2}c\s*tr\w{0,3}ng(?:\s*hoc)?\b"), "Các trường học"),
]


def collective_cells(text: str) -> list[tuple[int, int, str]]:
    """(start, end, full name) of collective-cell heads in ``text`` (OCR-tolerant)."""
    folded = fold_same_length(text).lower()
    out: list[tuple[int, int, str]] = []
    for pattern, name in _COLLECTIVE_CELLS:
        for m in pattern.finditer(folded):
            if m.start() > 0 and folded[m.start() - 1].isalnum():
                continue
            if not any(m.start() < e and s < m.end() for s, e, _ in out):
                out.append((m.start(), m.end(), name))
    return sorted(out)


def _starts_cell(text: str, locality: str | None, collective: bool = True) -> bool:
    """A line that opens with a cell of a later column (agency, deadline, value), not text."""
    stripped = text.strip(" .,;:|-~=>'‘’\"")
    if not stripped:
        return True
    if _COLLECTIVE.match(fold(stripped[:30])):
        return collective
    lead = text.find(stripped)
    # whole-line look-ups: the same lines are split into cells later (cached)
    mentions = agencies_in(text, locality)
    if mentions and mentions[0].start <= lead + 2:
        return True
    deadlines = find_deadlines(text)
    return bool(deadlines and deadlines[0].start <= lead + 2)


def _is_text_start(text: str, locality: str | None, cells: bool = True,
                   collective: bool = True) -> bool:
    """A line that opens a new text cell (capitalised, not an agency/deadline cell).

    ``cells=False`` for tables without responsibility columns (budget lists), where a line
    may well begin with a unit's name ("Tổ công nghệ số cộng đồng ...").
    """
    word = _first_word(text, max_offset=4)
    return bool(word) and word[0].isupper() and (
        not cells or not _starts_cell(text, locality, collective))


def _number_rest_is_text(rest: str, locality: str | None = None) -> bool:
    tokens = rest.split(maxsplit=2)
    if tokens and len(tokens[0]) == 1 and (tokens[0].islower() or tokens[0] in "%°~" or (
            len(tokens) > 1 and len(tokens[1]) == 1 and not tokens[1].isalnum())):
        # "15 o Thứ bậc": an OCR'd unit cell ("%") opens the rest; "2 N . A . Đảng và":
        # letters and dots of neighbouring cells, not the row's text
        return False
    word = _first_word(rest)
    if not word or not word[0].isupper():
        return False
    head = rest[rest.find(word):]
    if not _starts_cell(head, locality):
        return True
    # "10 Thường xuyên kiểm tra, giám sát ...": a deadline word opening a long sentence
    found = find_deadlines(head)
    after = head[found[0].end:] if found and found[0].start <= 2 else ""
    return len(after) > 25 and bool(re.match(r"\s+[a-zà-ỹđ]", after))


def segment_rows(source: SourceText, region: TableRegion,
                 locality: str | None = None) -> Segmented:
    """Cut a table body into group headings and rows.

    A row starts at a numbered line whose text begins with a capital (number on the first
    line), at a lone number, or at a capitalised text line when the next number below it is
    followed by lower-case text (number centred on the row's middle line).
    """
    body = _body_lines(source, region)
    skip: set[int] = set()
    for lo, hi in region.continuation_headers:
        skip.update(range(lo, hi + 1))
        # the top line of a repeated header ("Cơ quan theo") may sit apart, above it
        above = [ln for ln in body if lo - 5 <= ln.number < lo][-2:]
        skip.update(ln.number for ln in above
                    if len(ln.text.strip()) < 30 and not any(c.isdigit() for c in ln.text)
                    and not _group_match(ln.text))
    body = [ln for ln in body if ln.number not in skip and not _STT.match(fold(ln.text))]
    numbered = [_row_number(ln.text) for ln in body]
    for idx, nm in enumerate(numbered):
        # a stray copy of the row number a line or two above the real one ("2 oz 2 . g" /
        # ... / "2 |các cơ quan"): only the lower one numbers the row
        if nm and not _number_rest_is_text(nm[1], locality) and any(
                later and later[0] == nm[0] for later in numbered[idx + 1: idx + 4]):
            numbered[idx] = None
    lower = sum(1 for nm in numbered if nm and not _number_rest_is_text(nm[1]))
    centred = lower > 0.2 * max(1, sum(1 for nm in numbered if nm))

    blocks = {idx for idx in range(len(body)) if _opens_block(body, numbered, idx, locality)}
    if len(blocks) < 2:
        blocks = set()  # one isolated number is no evidence of a paragraph-per-cell layout
    rows: list[RawRow] = []
    groups: list[tuple[str, str, int]] = []
    group: tuple[str, str] | None = None
    current: RawRow | None = None
    heading_open = False
    last_number: str | None = None
    for idx, (ln, nm) in enumerate(zip(body, numbered, strict=True)):
        gm = _group_match(ln.text)
        mid = _mid_heading(ln.text, groups) if region.kind == "tasks" and not gm else None
        if mid:
            # the numeral sits on the middle line of a wrapped heading: its first line was
            # read as the start of a row ("Nâng cao nhận thức ..." / "II [truyền thông ...")
            first = ""
            if current is not None and current.lines and current.lines[-1] is body[idx - 1] \
                    and _is_text_start(body[idx - 1].text, locality) \
                    and not split_line(body[idx - 1].text, body[idx - 1].number,
                                       locality).pieces:
                first = current.lines.pop().text.strip()
                if not current.lines:
                    rows.remove(current)
            gm = (mid[0], f"{first} {mid[1]}".strip())
        if gm and heading_open and groups and not mid \
                and not _group_match(ln.text, caps=False):
            # the second line of a wrapped capitals heading ("PHÁT TRIỂN HỆ SINH THÁI" /
            # "ĐỔI MỚI SÁNG TẠO") continues it
            group = (group[0], f"{group[1]} {gm[1]}") if group else None
            groups[-1] = (groups[-1][0], f"{groups[-1][1]} {gm[1]}", groups[-1][2])
            continue
        if gm and not _NUM_I.match(ln.text):
            group = gm
            groups.append((gm[0], gm[1], ln.number))
            current = None
            heading_open = True
            continue
        if heading_open and not nm and not _is_text_start(ln.text, locality) \
                and not split_line(ln.text, ln.number, locality).pieces:
            group = (group[0], f"{group[1]} {ln.text.strip()}") if group else None
            groups[-1] = (groups[-1][0], groups[-1][1] + " " + ln.text.strip(), groups[-1][2])
            continue
        heading_open = False
        if idx in blocks:
            current = RawRow(lines=[], group=group[1] if group else None,
                             group_roman=group[0] if group else None, block=True)
            rows.append(current)
            starts = False
        elif current is not None and current.block and not nm:
            starts = False  # the paragraphs below a block's number are its cells
        elif nm:
            # a number followed by text opens a row; a number followed by lower-case text or
            # nothing is the centred number of the row already open (if that has none yet)
            starts = _number_rest_is_text(nm[1], locality) or current is None \
                or current.number is not None
            if starts and current is not None and current.number is not None \
                    and not _number_rest_is_text(nm[1], locality) \
                    and not _plausible_next(current.number, last_number) \
                    and _plausible_next(nm[0], last_number):
                current.number = None  # the earlier "number" was OCR noise inside the row
                starts = False
        else:
            # budget tables have no name cells; in target tables a collective phrase opening
            # a line ("Các cơ quan đảng ...") is row text, only the owner column holds names
            starts = _is_text_start(ln.text, locality, region.kind != "budget",
                                    collective=region.kind == "tasks") and \
                (current is None or current.number is not None or _row_is_full(current, locality)) \
                and _next_number_is_centred(body, numbered, idx, centred, locality,
                                            region.kind != "indicators")
        if starts or current is None:
            current = RawRow(lines=[], group=group[1] if group else None,
                             group_roman=group[0] if group else None)
            rows.append(current)
        current.lines.append(ln)
        if nm and current.number is None:
            current.number = nm[0]
            current.number_line = ln.number
            if len(rows) >= 2 and rows[-2].number:
                last_number = rows[-2].number
    merged: list[RawRow] = []
    for r in rows:
        letters = sum(c.isalpha() for ln in r.lines for c in ln.text)
        if merged and r.number is None and letters < 25 and r.group == merged[-1].group:
            merged[-1].lines.extend(r.lines)  # a stray tail line of the row above
        else:
            merged.append(r)
    return Segmented(rows=merged, groups=groups, centred=centred)


_MID_HEADING = re.compile(r"^\s*(?P<r>[IVXl1|]{1,4})\s*[\[{|]\s*(?P<t>[a-zđà-ỹ].*)$")


def _mid_heading(text: str, groups: list[tuple[str, str, int]]) -> tuple[str, str] | None:
    """(roman, rest) of a group numeral printed before a lower-case heading continuation
    ("II [truyền thông tạo sự đồng thuận ..."): only the next group number or the one after
    (a heading OCR lost) counts, so a row line starting with "I" is not taken for one."""
    m = _MID_HEADING.match(text)
    if not m or not groups:
        return None
    value = _roman_value(m.group("r"))
    last = _roman_value(groups[-1][0]) or 0
    if value is None or not last < value <= last + 2:
        return None
    return m.group("r"), m.group("t").strip()


def _body_lines(source: SourceText, region: TableRegion) -> list[Line]:
    """Filled lines of a table body, with row numbers that repair took for page numbers.

    A lone number continuing the row sequence ("17" / "18" / "19") is a row number even when
    it also continues the page sequence; repair blanks it, the raw line still has it.
    """
    out: list[Line] = []
    last: str | None = None
    for ln in source.lines:
        if not region.body_start <= ln.number <= region.body_end:
            continue
        text = ln.text
        if not text.strip():
            lone = re.fullmatch(r"\s*(\d{1,2})[.,]?\s*", ln.raw)
            # task tables only: a target row reads its values from the same lines
            if region.kind != "tasks" or not lone or last is None \
                    or not _plausible_next(lone.group(1), last):
                continue
            text = ln.raw.strip()
            ln = Line(ln.number, text, ln.raw, ln.page)
        nm = _row_number(text)
        if nm:
            last = nm[0]
        out.append(ln)
    return out


def _opens_block(body: list[Line], numbered: list[tuple[str, str] | None], idx: int,
                 locality: str | None) -> bool:
    """A number alone on its line, a blank line, then a capitalised text paragraph:
    the row's cells follow as paragraphs (OCR of a table read cell by cell)."""
    nm = numbered[idx]
    if not nm or nm[1].strip(" .,;:|") or idx + 1 >= len(body):
        return False
    after_gap = body[idx + 1].number > body[idx].number + 1
    return after_gap and _is_text_start(body[idx + 1].text, locality)


def _next_number_is_centred(body: list[Line], numbered: list[tuple[str, str] | None],
                            idx: int, centred: bool, locality: str | None,
                            last_row_holds: bool = False) -> bool:
    """Whether the next row number below is centred on its row (so a text line above it
    opens that row). ``last_row_holds``: below the last number every row has one, so lines
    after it still belong to the last row (target tables often lose numbers to OCR)."""
    for k in range(idx + 1, min(len(body), idx + 5)):
        nm = numbered[k]
        if nm:
            return not _number_rest_is_text(nm[1], locality)
        if _group_match(body[k].text):
            return False
    if last_row_holds and centred and not any(numbered[idx + 1:]) and any(numbered[:idx]):
        return False  # numbered rows, and no number left below: still the last row
    return centred


def _row_is_full(row: RawRow, locality: str | None) -> bool:
    """A row without a readable number that already shows its deadline cell or many lines."""
    if len(row.lines) >= 5:
        return True
    return any(p.kind == "deadline" for ln in row.lines
               for p in split_line(ln.text, ln.number, locality).pieces)


def _plausible_next(number: str | None, last: str | None) -> bool:
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


def _looks_like_cells(text: str, locality: str | None) -> bool:
    return len(agencies_in(text, locality)) >= 1 and len(text) < 60


def _has_text(row: RawRow, locality: str | None) -> bool:
    for ln in row.lines:
        t = ln.text
        nm = _row_number(t)
        if nm:
            t = nm[1]
        if _first_word(t) and not _starts_cell(t, locality):
            return True
    return False


# ------------------------------------------------------------------ cells


@dataclass
class Piece:
    """A typed piece of a line: agency mention, deadline phrase, or untyped text."""

    kind: str  # agency | deadline | text
    text: str
    line: int
    offset: int
    mention: AgencyMention | None = None


@dataclass
class LineCells:
    """One line of a row split into its text prefix and its cell pieces."""

    line: int
    text: str  # the text-column part (row number removed)
    pieces: list[Piece] = field(default_factory=list)


_OF = re.compile(r"\b(?:c\w{0,2}a|theo)\s*$")  # "của" as OCR prints it: cua, ctia, cta, ciia


def text_column_width(lines: list[Line], locality: str | None = None) -> int:
    """Where the text column ends, in characters: a high percentile of text-only line lengths.

    Flattened tables keep each row's cells to the right of the wrapped task text, so cell
    pieces are looked for only beyond most of that width.
    """
    lengths = sorted(len(ln.text.rstrip()) for ln in lines
                     if len(ln.text.strip()) > 20
                     and not split_line(ln.text, ln.number, locality).pieces)
    if len(lengths) < 3:
        return 30
    return lengths[int(0.7 * (len(lengths) - 1))]


@lru_cache(maxsize=8192)
def agencies_in(text: str, locality: str | None = None) -> tuple[AgencyMention, ...]:
    """Cached :func:`ingest.agencies.find_agencies` (rows are re-read several times)."""
    return tuple(find_agencies(text, locality))


#: The head word of an office name ("Phòng", "Ban", "Trung tâm"), folded.
_OFFICE_HEAD = re.compile(r"(?<!\w)(?:phong|ban|trung\s*tam)\s+(?=\S)")
#: One part of an office name: a capitalised word or abbreviation ("KH&TT") and up to two
#: lower-case syllables of it ("Văn hóa", "Tài chính", "Nội vụ"), never "và".
_NAME_PART = re.compile(r"[A-ZĐÀ-Ỹ][\w&]*(?:\s+(?!va\b|và\b)[a-zđà-ỹ]\w{0,5}){0,2}(?![\w&])")
_NAME_JOIN = re.compile(r"\s*(?:,|&|-|–|\bvà\b|\bva\b)\s*")


def office_names(text: str) -> list[AgencyMention]:
    """Office names in an owner cell that the agency scheme does not know ("Phòng Văn hóa,
    Khoa học & Thông tin", "Phòng Nội vụ"): kept as written, typed None.

    Only the owner column reads these: it holds nothing but names, whereas in task cells and
    running text a capitalised "Phòng ..." phrase is too often something else.
    """
    folded = fold_same_length(text).lower()
    out: list[AgencyMention] = []
    for head in _OFFICE_HEAD.finditer(folded):
        if not text[head.start():head.start() + 1].isupper() or (
                out and head.start() < out[-1].end):
            continue
        pos, end = head.end(), None
        while (part := _NAME_PART.match(text, pos)) and part.end() - head.start() <= 60:
            end = part.end()
            join = _NAME_JOIN.match(text, end)
            if not join or not _NAME_PART.match(text, join.end()):
                break
            pos = join.end()
        # an abbreviation alone ("Phong VEIXH") is more likely a known name OCR damaged
        if end is not None and re.search(r"[A-ZĐÀ-Ỹ]\w*\s+[a-zđà-ỹ]", text[head.end():end]):
            surface = text[head.start():end].rstrip(" ,&-–")
            out.append(AgencyMention(head.start(), head.start() + len(surface), surface,
                                     re.sub(r"\s+", " ", surface), None, 0.4, generic=False,
                                     label=surface))
    return out




@lru_cache(maxsize=8192)
def split_line(text: str, line_no: int, locality: str | None = None,
               strip_number: bool = False, cells_only: bool = False,
               text_first: bool = False, min_offset: int = 24) -> LineCells:
    """Text-column prefix and typed cell pieces of one line.

    ``cells_only``: the line has no text column (a stacked cell area); ``text_first``: the
    line opens a row, so whatever it starts with is task text ("Thường xuyên kiểm tra ...");
    ``min_offset``: where the text column ends on this table's lines (cells start after it).
    A cell after text starts with a capital: lower-case names ("trên địa bàn các ấp") are text.
    """
    body = text
    if strip_number:
        nm = _row_number(text)
        if nm:
            body = nm[1]
    body = body.rstrip()
    lead_junk = len(body) - len(body.lstrip(" .,;:|-~=>'‘’\"*"))
    spans: list[tuple[int, int, str, AgencyMention | None]] = []
    folded = fold_same_length(body)
    shift = text.find(body) if body else 0  # look names up on the whole line (one cache entry)
    for m in agencies_in(text, locality):
        start, end = m.start - shift, m.end - shift
        if start < 0 or end > len(body):
            continue
        if _OF.search(folded[max(0, start - 8):start]):
            continue  # "của UBND tỉnh": part of a phrase, not a cell
        spans.append((start, end, "agency", m))
    for s0, e0, _name in collective_cells(body):
        if not any(s0 < e and s < e0 for s, e, _, _ in spans):
            spans.append((s0, e0, "agency", None))
    for d in find_deadlines(body):
        if not any(d.start < e and s < d.end for s, e, _, _ in spans):
            spans.append((d.start, d.end, "deadline", None))
    spans.sort(key=lambda s: s[0])
    word = _first_word(body)
    word_at = body.find(word) if word else len(body)
    # a line whose first real word opens a cell has no text column ("~ . Theo Kế hoạch")
    cell_only = bool(spans) and spans[0][0] <= max(lead_junk + 1, word_at) and not text_first
    if cells_only:
        spans.insert(0, (lead_junk, lead_junk, "text", None))
        cell_only = True
    first_cell = None
    for n, (s, _e, k, _m) in enumerate(spans):
        if cell_only or (s >= min_offset and body[s:s + 1].isupper()):
            first_cell = s
            break
        # the last, short line of a text cell: a name followed by more cells on the line
        if k == "agency" and s >= 0.6 * min_offset and body[s:s + 1].isupper() \
                and n + 1 < len(spans) and spans[-1][2] == "deadline":
            first_cell = s
            break
    bar = None if cells_only else column_bar(body, min_offset)
    if bar is not None and (first_cell is None or bar < first_cell):
        # a vertical rule OCR kept ("... thông minh| Ban Nội chính ..."): the text column ends
        out = LineCells(line=line_no, text=body[:bar].strip(" |"))
        first_cell = pos = bar + 1
    elif first_cell is None:
        return LineCells(line=line_no, text=body.strip())
    else:
        out = LineCells(line=line_no, text=body[:first_cell].strip())
        pos = first_cell
    for s, e, kind, m in spans:
        if s < first_cell:
            continue
        if s > pos:
            gap = body[pos:s].strip(" |")
            # a bare "," / "và" joins two names of one cell in a stacked cell area; in an OCR
            # line it is as likely the edge of the neighbouring column
            if _meaningful(gap) or (cells_only and re.fullmatch(r"[,;&+/]+|và|va", gap)):
                out.pieces.append(Piece("text", gap, line_no, pos))
        if e > s:
            out.pieces.append(Piece(kind, body[s:e], line_no, s, m))
        pos = max(pos, e)
    tail = body[pos:].strip(" |")
    if _meaningful(tail):
        out.pieces.append(Piece("text", tail, line_no, pos))
    return out


def column_bar(body: str, min_offset: int) -> int | None:
    """Position of a "|" that OCR kept of the rule closing the text column, if any.

    Only a bar near or past the text column's usual width counts, with words on both sides:
    bars right after a row number ("6 | ...") or inside a cell area are not that rule.
    """
    for m in re.finditer(r"\|", body):
        if m.start() < max(15, int(0.8 * min_offset)):
            continue
        left, right = body[: m.start()], body[m.end():]
        if sum(c.isalpha() for c in left) >= 12 and sum(c.isalpha() for c in right) >= 3:
            return m.start()
        return None
    return None


def _meaningful(text: str) -> bool:
    return sum(c.isalnum() for c in text) >= 2


def clean_text(parts: list[str]) -> str:
    """Join text fragments of one cell, dropping OCR junk tokens at the edges."""
    text = " ".join(p.strip() for p in parts if p.strip())
    text = re.sub(r"\s+", " ", text)
    tokens = [t for t in text.split(" ") if _kept_token(t)]
    while tokens and not _real_token(tokens[-1]):
        tokens.pop()
    while tokens and not _real_token(tokens[0]):
        tokens.pop(0)
    return " ".join(tokens).strip(" |;")


def _kept_token(tok: str) -> bool:
    """OCR debris inside a cell: bare punctuation and stray single capitals ("A", "X", "\\")."""
    core = tok.strip(".,;:|()\"'“”‘’-~=")
    if not core:
        return tok in (",", ";", "-", "–", "—", "+", "&", "/")
    if len(core) == 1 and not core.isdigit() and core not in ("y", "Y", "%", "&", "/", "+"):
        return False
    return any(c.isalnum() for c in core)


def _real_token(tok: str) -> bool:
    core = tok.strip(".,;:|()\"'“”‘’-~=")
    if not core:
        return False
    if any(c.isdigit() for c in core):
        return True
    letters = sum(c.isalpha() for c in core)
    return letters >= 2 or core.lower() in ("y", "a", "o", "và") or core in ("%",)
