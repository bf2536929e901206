"""Duties per unit from the "Tổ chức thực hiện" section: one Assignment per bullet.

The section lists units as numbered headings ("1. Phòng Văn hóa - Xã hội", "9. Đề nghị
UBMTTQ ...", "2. Trách nhiệm của Văn phòng Đảng ủy ...") each followed by "- ..." bullets.
Party plans also label a bullet with its unit ("- Ban Xây dựng Đảng: Chủ trì ..."). OCR runs
bullets together ("giáo dục.- Định kỳ"), breaks lines mid-sentence and inserts page numbers;
items are rebuilt from the bullet grammar, not from line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.agencies import AgencyMention, find_agencies
from ingest.document import Line, SourceText
from ingest.normalize import fold
from ingest.outline import Section, outline
from ingest.records import Assignment, PlanRecord, Provenance

__all__ = ["extract_assignments", "assignments_from_section"]

_BULLET = re.compile(r"^\s*[-–—+•*]\s*")
# a bullet run into the previous sentence by OCR: "giáo dục.- Định kỳ"
_RUN_TOGETHER = re.compile(r"(?<=[.;])\s*[-–]\s*(?=[A-ZĐÀ-Ỹ])")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_CLOSING = re.compile(r"^\s*tren (day|ddy) (la|li)\b")
_REQUEST = re.compile(r"\b(de nghi|yeu cau|giao)\b")
_LABEL_MAX_CHARS = 60  # "Văn phòng Đảng ủy:" labels a bullet; longer prefixes are sentences


@dataclass
class _Item:
    lines: list[Line] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    bulleted: bool = False

    def add(self, line: Line, text: str) -> None:
        self.lines.append(line)
        if self.parts and self.parts[-1].endswith("-") and self.parts[-1][-2:-1].isalnum():
            self.parts[-1] = self.parts[-1] + text.lstrip()  # "57-" + "NQ/TW"
        else:
            self.parts.append(text.strip())

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(p for p in self.parts if p)).strip()


def _unit_of(text: str, locality: str | None) -> AgencyMention | None:
    """The unit a heading or bullet label names (its first non-generic agency, else generic)."""
    mentions = find_agencies(text, locality)
    named = [m for m in mentions if not m.generic]
    return (named or mentions or [None])[0]


def _bullet_label(text: str, locality: str | None) -> tuple[AgencyMention, str] | None:
    """ "Ban Xây dựng Đảng: Chủ trì ..." -> (the unit, the duty after the colon)."""
    head, sep, rest = text.partition(":")
    if not sep or len(head) > _LABEL_MAX_CHARS or not rest.strip():
        return None
    mentions = find_agencies(head, locality)
    if not mentions or mentions[0].generic:
        return None
    m = mentions[0]
    if m.start > 2 or (m.end - m.start) < 0.6 * len(head.strip()):
        return None  # "Tham mưu cho Thường trực Đảng ủy: ..." is a duty, not a label
    return m, rest.strip()


def _split_run_together(text: str) -> list[str]:
    return [p for p in _RUN_TOGETHER.split(text) if p.strip()]


def _items(lines: list[Line]) -> list[_Item]:
    """Bullets and unbulleted paragraphs of a unit's block, OCR line breaks undone."""
    items: list[_Item] = []
    blank_before = True
    for line in lines:
        text = line.text
        if not text.strip():
            blank_before = True
            continue
        if _PAGE_NUMBER.match(text):
            continue
        pieces = _split_run_together(text)
        for k, piece in enumerate(pieces):
            bullet = bool(_BULLET.match(piece)) or k > 0
            body = _BULLET.sub("", piece) if bullet else piece
            prev = items[-1] if items else None
            new_paragraph = (
                prev is not None and blank_before and not bullet
                and prev.text.endswith((".", ";", ":")) and body.strip()[:1].isupper()
            )
            if bullet or prev is None or new_paragraph:
                items.append(_Item(bulleted=bullet))
            items[-1].add(line, body)
        blank_before = False
    return [it for it in items if it.text]


def assignments_from_section(source: SourceText, section: Section, children: list[Section],
                             locality: str | None) -> list[Assignment]:
    """Assignments of one "Tổ chức thực hiện" section given its numbered unit headings."""
    out: list[Assignment] = []
    units = [c for c in children if c.level == 2] or [section]
    closing_at = next((ln.number for ln in source.span(section.line_start, section.line_end)
                       if _CLOSING.match(fold(ln.text))), section.line_end + 1)
    for k, unit in enumerate(units):
        body = source.span(unit.line_start + 1, min(unit.line_end, closing_at - 1))
        heading = None
        if unit is not section:
            title, inline, body = _heading_text(unit, body)
            heading = _unit_of(title, locality) or _unlisted_unit(title)
            if inline:  # "4. Trách nhiệm của HĐND thị xã: tăng cường giám sát ..."
                body = [Line(unit.line_start, "- " + inline, inline, unit.line_end), *body]
        last_unit = k == len(units) - 1
        seen_bullets = False
        for item in _items(body):
            agency, duty = heading, item.text
            labelled = _bullet_label(item.text, locality)
            if labelled is not None:
                agency, duty = labelled
            elif last_unit and seen_bullets and not item.bulleted:
                # a closing paragraph after the last unit: "... đề nghị Thủ trưởng các cơ quan"
                agency = _addressee(item.text, locality)
            seen_bullets = seen_bullets or item.bulleted
            if agency is None:
                continue
            conf = agency.confidence * (1.0 if item.bulleted else 0.9)
            out.append(Assignment(
                agency=agency.name, duty=duty, duty_raw=duty,
                provenance=Provenance(source.name, item.lines[0].number,
                                      item.lines[-1].number, "rule", round(conf, 3),
                                      item.lines[0].page),
            ))
    return out


def _heading_text(unit: Section, body: list[Line]) -> tuple[str, str, list[Line]]:
    """A unit heading's full title, any duty written after its colon, and the rest of the
    block. A heading broken over two lines continues on a lower-case, unbulleted line."""
    title = unit.title
    rest = list(body)
    while rest and not rest[0].text.strip():
        rest.pop(0)
    if rest and not title.rstrip().endswith((".", ":", ";")) and \
            not _BULLET.match(rest[0].text) and rest[0].text.strip()[:1].islower() and \
            len(title) > 40:
        title = f"{title} {rest.pop(0).text.strip()}"
    head, sep, inline = title.partition(":")
    if sep and len(inline.strip()) > 10:
        return head, inline.strip(), rest
    return title, "", rest


_TITLE_PREFIX = re.compile(
    r"^\W*(trach nhiem (cua|ciia|cia|cta|ctia|ciaa)|de nghi|pe nghi|p nghi)\s+", re.IGNORECASE)


# first words of unit names: "Ban ...", "Phòng ...", "Trung tâm ...", "Các ..."
_UNIT_HEAD_WORDS = {"ban", "phong", "trung", "uy", "hoi", "doan", "van", "to", "tram", "truong",
                    "cac", "cong", "chi", "dang", "mat", "so", "vp", "tt", "ubnd", "hdnd"}


def _unlisted_unit(title: str) -> AgencyMention | None:
    """A heading that names a unit the lexicon does not know ("Ban Tổ chức Thị ủy" badly
    OCR'd): kept as printed, untyped and with low confidence, when it reads like a unit."""
    from ingest.agencies import agency_vocabulary_score

    words = title.split()
    folded = fold(title)
    m = _TITLE_PREFIX.match(folded)
    if m:  # drop the prefix word by word (folding keeps the number of words)
        words = words[len(m.group(0).split()):]
    name = " ".join(words).strip(" :.;,-")
    head = fold(words[0]) if words else ""
    if not name or len(name) > 80 or (head not in _UNIT_HEAD_WORDS
                                      and agency_vocabulary_score(name) < 0.5):
        return None
    return AgencyMention(0, len(title), title, name, None, 0.5, False, label=name)


def _addressee(text: str, locality: str | None) -> AgencyMention | None:
    """The single unit a closing paragraph requests ("đề nghị Thủ trưởng các cơ quan ...")."""
    key = fold(text)
    m = _REQUEST.search(key)
    if m is None:
        return None
    mentions = [x for x in find_agencies(text, locality) if x.start >= _offset(text, m.end())]
    near = [x for x in mentions if x.start - _offset(text, m.end()) < 40]
    named = [x for x in near if not x.generic]
    if len(named) > 1:
        return None  # several units addressed together: no single owner of the duty
    return (near or [None])[0]


def _offset(text: str, folded_pos: int) -> int:
    """Approximate position in ``text`` of a position in its folded form."""
    return int(folded_pos * len(text) / max(1, len(fold(text))))


def extract_assignments(source: SourceText, record: PlanRecord) -> None:
    """Pipeline stage: fill ``record.assignments`` from the "Tổ chức thực hiện" section."""
    ol = outline(source)
    section = ol.organisation
    if section is None:
        record.assignments = []
        return
    record.assignments = assignments_from_section(
        source, section, ol.children(section), record.header.locality
    )
