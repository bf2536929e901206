"""The outline of a plan: numbered sections with titles, kinds and line spans.

Plans share one shape: header, preamble of legal bases, roman-numbered body sections (one of
them "Tổ chức thực hiện": duties per unit), the closing "Nơi nhận" list and signature, then
appendices ("Phụ lục I", "Phụ lục II"). Extractors use the outline to read only the part they
need. Headings are recognised by their numbering grammar (I., 1., 1.1., a)) on folded text,
so OCR damage ("I11." for "III.", "V.TO CHUC") does not hide them.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ingest.document import SourceText
from ingest.normalize import fold
from ingest.ocr_words import closest, opens_with
from ingest.table_numbering import roman

__all__ = ["Section", "Outline", "outline", "KINDS", "roman_value", "heading_of"]

#: Kinds of blocks and sections, in the order they appear in a plan.
KINDS = ("header", "preamble", "body", "organisation", "recipients", "signature", "appendix")

_ROMAN = re.compile(r"^\s*([IVXl1]{1,5})\s*[.:|)]\s*(\S.*)?$")
_ARABIC2 = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_ARABIC = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\S.*)$")
_LETTER = re.compile(r"^\s*([a-zđ])\)\s*(\S.*)$")
_APPENDIX = re.compile(r"^\s*phu\s*luc(\s*[ivxl1\d]+|\s*$|\s*[:.])")
_ATTACHED = re.compile(r"^\W*(ban hanh )?kem theo (ke|k)\b")  # "(Ban hành kèm theo Kế hoạch số ...)"
_TABLE_HEAD = re.compile(r"^\W*stt\b")
_RECIPIENTS = re.compile(r"^\s*noi\s*nh[a-z]*n\b")
_PREAMBLE = re.compile(r"^\s*(can cu|cin cir|can ctr|thuc hien|thyc hien)\b")
# A damaged "Căn cứ" opens the preamble too; "Thực hiện"/"Triển khai" are left to _PREAMBLE, as
# titles open with them ("Triển khai thực hiện Nghị quyết ...").
_BASIS_OPENER = ("can cu",)
_CLOSING = re.compile(r"^\s*tren (day|ddy|đay) (la|li)\b")
_ORGANISATION_TITLES = ("to chuc thuc hien",)
#: Roman section titles plans print (folded), to tell a damaged "TỔ CHỨC THỰC HIỆN" from the
#: titles that share its words ("KINH PHÍ THỰC HIỆN").
SECTION_TITLES = ("muc dich yeu cau", "muc dich", "yeu cau", "muc tieu", "muc tieu chung",
                  "quan diem", "nhiem vu", "giai phap", "nhiem vu giai phap",
                  "nhiem vu va giai phap", "cac chi tieu nhiem vu", "kinh phi thuc hien",
                  "to chuc thuc hien", "tinh hinh thuc hien", "de xuat kien nghi",
                  "can cu lap ke hoach", "che do bao cao", "dieu khoan thi hanh")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class Section:
    """A block or numbered section. Lines are 1-based and inclusive."""

    number: str | None  # "V", "1", "1.2", "a"; None for unnumbered blocks
    level: int  # 0 block, 1 roman, 2 arabic, 3 arabic.arabic, 4 letter
    title: str  # the heading text after the number, as printed
    kind: str  # one of KINDS
    line_start: int
    line_end: int
    parent: int | None = None  # index of the enclosing section in Outline.sections

    @property
    def heading_line(self) -> int:
        return self.line_start


@dataclass
class Outline:
    """All sections of one document, in text order; ``parent`` links make the tree."""

    doc: str
    sections: list[Section] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]

    def children(self, section: Section) -> list[Section]:
        idx = self.sections.index(section)
        return [s for s in self.sections if s.parent == idx]

    def section_at(self, line: int) -> Section | None:
        """The deepest section containing ``line``."""
        hits = [s for s in self.sections if s.line_start <= line <= s.line_end]
        return max(hits, key=lambda s: (s.level, s.line_start)) if hits else None

    def find(self, title: str, min_score: float = 85.0) -> Section | None:
        """The first section whose folded title contains ``title`` (fuzzy, OCR-tolerant)."""
        key = fold(title)
        for s in self.sections:
            if s.title and fuzz.partial_ratio(key, fold(s.title)) >= min_score:
                return s
        return None

    @property
    def organisation(self) -> Section | None:
        """The "Tổ chức thực hiện" section (duties per unit), if any."""
        return next((s for s in self.sections if s.kind == "organisation" and s.level == 1),
                    None)

    @property
    def appendices(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "appendix" and s.level == 0]


def roman_value(token: str) -> int | None:
    """Value of an OCR-read roman numeral ("I11" -> 3, "1V" -> 4); None if not one."""
    if not re.search(r"[IVX]", token):
        return None
    token = token.replace("1", "I").replace("l", "I")
    if not re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", token):
        return None
    total = 0
    for i, ch in enumerate(token):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[token[i + 1]] if i + 1 < len(token) else 0
        total += -v if v < nxt else v
    return total or None


@dataclass
class _Heading:
    line: int
    number: str
    level: int
    title: str


def _heading(text: str) -> _Heading | None:
    m = _ROMAN.match(text)
    if m and (value := roman_value(m.group(1))) is not None:
        return _Heading(0, roman(value), 1, (m.group(2) or "").strip())
    m = _ARABIC2.match(text)
    if m:
        return _Heading(0, f"{int(m.group(1))}.{int(m.group(2))}", 3, m.group(3).strip())
    m = _ARABIC.match(text)
    if m and not m.group(2)[0].isdigit():
        return _Heading(0, str(int(m.group(1))), 2, m.group(2).strip())
    m = _LETTER.match(text)
    if m:
        return _Heading(0, m.group(1), 4, m.group(2).strip())
    return None


def heading_of(text: str) -> tuple[str, int, str] | None:
    """(number, level, title) when a line reads as a numbered heading, else None."""
    h = _heading(text)
    return (h.number, h.level, h.title) if h else None


def _roman_step(title: str) -> int:
    """How far a roman heading may jump: OCR loses headings, but a body line starting with
    "V." is rarely an upper-case title."""
    letters = [c for c in title if c.isalpha()]
    upper = sum(c.isupper() for c in letters) / max(1, len(letters))
    return 5 if upper >= 0.7 else 2


def _is_organisation(title: str) -> bool:
    """"Tổ chức thực hiện", as printed or as OCR damaged it ("TE CHTIC THUC HIEN"): the
    nearest known section title, by a margin."""
    key = fold(title)
    if len(key) >= 40:
        return False
    if any(fuzz.partial_ratio(t, key) >= 85 for t in _ORGANISATION_TITLES):
        return True
    return closest(title, SECTION_TITLES) in _ORGANISATION_TITLES


#: The last outline read per document (assignments and agencies both need it): keyed by the
#: source object's id, checked against a weak reference so a new document never gets it.
_LAST: dict[str, tuple[weakref.ref[SourceText], Outline]] = {}


def outline(source: SourceText) -> Outline:
    """Read the outline of a document from its numbering grammar and block markers (once per
    document object; callers must not change it)."""
    cached = _LAST.get("last")
    if cached is not None and cached[0]() is source:
        return cached[1]
    result = _read_outline(source)
    _LAST["last"] = (weakref.ref(source), result)
    return result


def _read_outline(source: SourceText) -> Outline:
    lines = source.lines
    last = lines[-1].number if lines else 0
    folded = {ln.number: fold(ln.text) for ln in lines}
    recipients = next((ln.number for ln in lines if _RECIPIENTS.match(folded[ln.number])),
                      None)
    rec_end = _recipients_end(source, recipients) if recipients else 0
    appendix_starts = _appendix_starts(source, folded, rec_end)
    body_end = (appendix_starts[0] - 1) if appendix_starts else last
    text_end = (recipients - 1) if recipients else body_end

    # numbered headings of the body; roman ones must roughly follow each other
    headings: list[_Heading] = []
    prev_roman = 0
    for ln in lines:
        if ln.number > text_end:
            break
        h = _heading(ln.text)
        if h is None:
            continue
        if h.level == 1:
            value = roman_value(h.number) or 0
            if not h.title or not (prev_roman < value <= prev_roman + _roman_step(h.title)):
                continue
            prev_roman = value
        elif prev_roman == 0:
            continue  # numbered purposes before the first roman section are preamble text
        h.line = ln.number
        headings.append(h)

    first_body = headings[0].line if headings else text_end + 1
    preamble = next((ln.number for ln in lines if ln.number < first_body
                     and (_PREAMBLE.match(folded[ln.number])
                          or opens_with(ln.text, _BASIS_OPENER))), None)
    out = Outline(doc=source.name)
    header_end = (preamble or first_body) - 1
    if header_end >= 1:
        out.sections.append(Section(None, 0, "", "header", 1, header_end))
    if preamble:
        out.sections.append(Section(None, 0, "", "preamble", preamble, first_body - 1))
    closing = next((ln.number for ln in lines if first_body <= ln.number <= text_end
                    and _CLOSING.match(folded[ln.number])), None)
    _add_numbered(out, headings, text_end, closing)
    if recipients:
        rec_end = min(rec_end, body_end)
        out.sections.append(Section(None, 0, "Nơi nhận", "recipients", recipients, rec_end))
        if rec_end < body_end:
            out.sections.append(Section(None, 0, "", "signature", rec_end + 1, body_end))
    for i, start in enumerate(appendix_starts):
        end = appendix_starts[i + 1] - 1 if i + 1 < len(appendix_starts) else last
        _add_appendix(out, source, start, end)
    return out


def _recipients_end(source: SourceText, start: int) -> int:
    """Last line of the "Nơi nhận" list: its "- ..." items and their unfinished second lines."""
    end, open_item, extra = start, False, 0
    for ln in source.lines[start:]:
        stripped = ln.text.strip()
        if not stripped:
            continue
        key = fold(stripped)
        if _APPENDIX.match(key) or _TABLE_HEAD.match(key) or _ATTACHED.match(key):
            break
        if stripped.startswith(("-", "–", "+", "•")):
            end, extra = ln.number, 0
        elif open_item and extra < 2 and ln.number - end <= 2:
            end, extra = ln.number, extra + 1
        else:
            break
        open_item = not stripped.endswith((";", ".", "./."))
    return end


def _back_to_title(source: SourceText, line: int, floor: int, max_lines: int) -> int:
    """Step back over the title lines printed just above an appendix marker."""
    start, seen = line, 0
    for n in range(line - 1, floor, -1):
        if source.lines[n - 1].text.strip():
            start, seen = n, seen + 1
            if seen >= max_lines:
                break
    return start


def _appendix_starts(source: SourceText, folded: dict[int, str], after: int) -> list[int]:
    """First lines of appendices: "PHỤ LỤC ..." titles, else the "(Ban hành kèm theo ...)"
    line or the first table header after the signature, with the title lines above them."""
    marks: list[tuple[int, bool]] = []  # (line, printed "PHỤ LỤC" title)
    for ln in source.lines:
        if ln.number <= after:
            continue
        key = folded[ln.number]
        floor = marks[-1][0] if marks else after
        if _APPENDIX.match(key) and len(key) < 60:
            marks.append((ln.number, True))
        elif _ATTACHED.match(key):
            marks.append((_back_to_title(source, ln.number, floor, 2), False))
        elif _TABLE_HEAD.match(key) and not marks:
            marks.append((_back_to_title(source, ln.number, after, 4), False))
    out: list[tuple[int, bool]] = []
    for line, strong in sorted(marks):
        if out and line - out[-1][0] <= 8 and not (strong and out[-1][1]):
            if strong and not out[-1][1]:
                out[-1] = (line, True)
            continue
        out.append((line, strong))
    return [line for line, _ in out]


def _add_numbered(out: Outline, headings: list[_Heading], text_end: int,
                  closing: int | None) -> None:
    stack: list[int] = []  # indices of open sections by level
    org_level: int | None = None
    for k, h in enumerate(headings):
        end = text_end
        for nxt in headings[k + 1:]:
            if nxt.level <= h.level:
                end = nxt.line - 1
                break
        if h.level == 1 and closing and h.line < closing <= end:
            end = closing - 1 if closing > h.line else end
        while stack and out.sections[stack[-1]].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else None
        kind = "body"
        if h.level == 1:
            org_level = 1 if _is_organisation(h.title) else None
            kind = "organisation" if org_level else "body"
        elif org_level is not None and parent is not None and \
                out.sections[parent].kind == "organisation":
            kind = "organisation"
        if parent is not None:
            end = min(end, out.sections[parent].line_end)
        out.sections.append(Section(h.number, h.level, h.title, kind, h.line, end, parent))
        stack.append(len(out.sections) - 1)
    if closing:
        out.sections.append(Section(None, 0, "", "body", closing, text_end))


def _add_appendix(out: Outline, source: SourceText, start: int, end: int) -> None:
    title_line = source.lines[start - 1].text.strip()
    idx = len(out.sections)
    out.sections.append(Section(None, 0, title_line, "appendix", start, end))
    heads = []
    prev = 0
    for ln in source.span(start + 1, end):
        m = _ROMAN.match(ln.text)
        value = roman_value(m.group(1)) if m and m.group(2) else None
        if value is None:
            continue
        title = m.group(2).strip()  # type: ignore[union-attr]
        if value <= prev and prev and _roman_step(title) > 2:
            value = prev + 1  # an upper-case group title whose numeral lost a stroke ("I" for "II")
        if prev < value <= prev + 2:
            heads.append((ln.number, roman(value), title))
            prev = value
    for k, (line, number, title) in enumerate(heads):
        sec_end = heads[k + 1][0] - 1 if k + 1 < len(heads) else end
        out.sections.append(Section(number, 1, title, "appendix", line, sec_end, idx))
