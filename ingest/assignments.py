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

from rapidfuzz import fuzz, process

from ingest.agencies import AgencyMention, agency_vocabulary_score, find_agencies
from ingest.document import Line, SourceText
from ingest.normalize import fold
from ingest.outline import Section, heading_of, outline
from ingest.records import Assignment, PlanRecord, Provenance

__all__ = ["extract_assignments", "assignments_from_section"]

_BULLET = re.compile(r"^\s*[-–—+•*]\s*")
# a bullet run into the previous sentence by OCR: "giáo dục.- Định kỳ"
_RUN_TOGETHER = re.compile(r"(?<=[.;])\s*[-–]\s*(?=[A-ZĐÀ-Ỹ])")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_CLOSING = re.compile(r"^\s*tren (day|ddy) (la|li)\b")
_REQUEST = re.compile(r"\b(de nghi|yeu cau|giao)\b")
_SENTENCE_START = re.compile(r"(?<=[.;:])\s+(?=[A-ZĐÀ-Ỹ])")
_GIAO = re.compile(r"^\s*(giao|de nghi|pe nghi)\s+", re.IGNORECASE)
_PAREN = re.compile(r"\([^)]*\)")
# what a unit does when a sentence names it as subject ("Ban Chỉ đạo có trách nhiệm ...")
_DUTY_VERBS = (
    "co trach nhiem", "chiu trach nhiem", "la co quan", "chu tri", "tap trung", "to chuc",
    "phoi hop", "thuc hien", "tham muu", "chi dao", "xay dung", "trien khai", "tong hop",
    "theo doi", "huong dan", "kiem tra", "bao cao", "dam nhiem", "giup", "ban hanh", "de xuat",
    "van hanh", "quan triet", "tuyen truyen", "chu dong",
)
_OCR_DIGITS = str.maketrans({"6": "o", "0": "o", "1": "i", "4": "a", "3": "a"})
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


def _fold_ocr(text: str) -> str:
    """Folded text with OCR digits inside words read back as letters ("c6" -> "co")."""
    words = [w.translate(_OCR_DIGITS) if not w.isdigit() and any(c.isdigit() for c in w) else w
             for w in fold(text).split()]
    return " ".join(words)


def _subject_chain(sentence: str, locality: str | None, verb_window: int
                   ) -> list[AgencyMention]:
    """Units a sentence opens with as its subject, when a duty verb follows them.

    "Ban Chỉ đạo có trách nhiệm ...", "Giao Văn phòng Đảng ủy (...) chủ trì ...",
    "Các ban Đảng, UBND xã, Mặt trận, đoàn thể định kỳ ... báo cáo ...".
    """
    if not sentence.strip()[:1].isupper():
        return []  # a sentence broken by a page break, not a subject
    lead = _GIAO.match(fold(sentence))
    offset = len(_GIAO.match(sentence).group(0)) if lead and _GIAO.match(sentence) else 0
    chain: list[AgencyMention] = []
    for m in find_agencies(sentence, locality):
        if m.start < offset:
            continue
        gap = sentence[chain[-1].end if chain else offset:m.start]
        listed = verb_window > 3 and len(gap) <= 25 and "," in gap  # "Các ban Đảng, UBND xã"
        first_ok = not chain and (m.start - offset <= 1 or listed)
        next_ok = chain and fold(gap) in {"", "va", "cac", "va cac"}
        if not (first_ok or next_ok):
            break
        chain.append(m)
    named = [m for m in chain if not m.generic]
    if not named or chain[0].generic:  # "Các cơ quan, đơn vị và các thôn ...": collective
        return []
    after = _PAREN.sub(" ", sentence[chain[-1].end:])
    nxt = find_agencies(after, locality)
    if nxt:  # the verb must come before the next unit named ("yêu cầu Ban Xây dựng Đảng")
        after = after[:nxt[0].start]
    rest = _fold_ocr(after).split()
    for k in range(min(verb_window, len(rest))):
        for n in (1, 2, 3):
            phrase = " ".join(rest[k:k + n])
            if process.extractOne(phrase, _DUTY_VERBS, scorer=fuzz.ratio,
                                  score_cutoff=100 if len(phrase) < 6 else 85):
                return named
    return []


_ESTABLISH = re.compile(r"^\s*thanh [l1i]ap\s+")


def _established(sentence: str, locality: str | None) -> AgencyMention | None:
    """The unit a sentence sets up ("Thành lập Tổ Giúp việc Ban Chỉ đạo gồm ...")."""
    m = _ESTABLISH.match(_fold_ocr(sentence))
    if m is None:
        return None
    mentions = find_agencies(sentence, locality)
    if not mentions or mentions[0].generic or mentions[0].start > len(m.group(0)) + 2:
        return None
    return mentions[0]


def _subject_duties(text: str, locality: str | None, verb_window: int,
                    from_start: bool = False) -> list[tuple[list[AgencyMention], int, int]]:
    """(units, start, end) of each run of sentences opened by units named as subject.

    ``from_start``: the first run also takes the text before it (a bullet's "Label: ...").
    """
    starts = [0] + [m.end() for m in _SENTENCE_START.finditer(text)]
    found = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        sentence = text[start:end]
        chain = _subject_chain(sentence, locality, verb_window)
        if chain:
            found.append((start, chain))
        elif k + 1 < len(starts) and (unit := _established(sentence, locality)) is not None:
            found.append((end, [unit]))  # the next sentences say what the new unit does
    out = []
    for k, (start, chain) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(text)
        out.append((chain, 0 if (k == 0 and from_start) else start, end))
    return out


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
                if agency is None:
                    continue
            seen_bullets = seen_bullets or item.bulleted
            if agency is None:  # a unit-less bullet may name its units as subjects
                out += _subject_assignments(source, item, locality, 16, 0.8)
                continue
            conf = agency.confidence * (1.0 if item.bulleted else 0.9)
            out.append(Assignment(
                agency=agency.name, duty=duty, duty_raw=duty,
                provenance=Provenance(source.name, item.lines[0].number,
                                      item.lines[-1].number, "rule", round(conf, 3),
                                      item.lines[0].page),
            ))
    return out


def _subject_assignments(source: SourceText, item: _Item, locality: str | None,
                         verb_window: int, weight: float) -> list[Assignment]:
    """One assignment per unit named as the subject of the item's sentences."""
    text = item.text
    out = []
    for chain, start, end in _subject_duties(text, locality, verb_window,
                                             from_start=verb_window > 3):
        duty = text[start:end].strip()
        if len(duty) < 10:  # a unit set up and at once given its duties by name
            continue
        lines = _lines_of(item, text, start, end)
        for m in chain:
            out.append(Assignment(
                agency=m.name, duty=duty, duty_raw=duty,
                provenance=Provenance(source.name, lines[0].number, lines[-1].number,
                                      "rule", round(m.confidence * weight, 3), lines[0].page),
            ))
    return out


def _lines_of(item: _Item, text: str, start: int, end: int) -> list[Line]:
    """The item's lines that hold ``text[start:end]`` (by proportion of characters)."""
    n = len(item.lines)
    first = min(n - 1, int(n * start / max(1, len(text))))
    last = min(n - 1, max(first, int(n * max(0, end - 1) / max(1, len(text)))))
    return item.lines[first:last + 1]


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
    locality = record.header.locality
    found = assignments_from_section(source, section, ol.children(section), locality)
    found += body_assignments(source, [s for s in ol.sections if s.kind == "body"
                                       and s.level >= 1], locality)
    record.assignments = sorted(found, key=lambda a: a.provenance.line_start
                                if a.provenance else 0)


def body_assignments(source: SourceText, sections: list[Section], locality: str | None
                     ) -> list[Assignment]:
    """Duties the body gives by naming a unit as a sentence's subject ("Ban Chỉ đạo có trách
    nhiệm ...", "Giao Văn phòng Đảng ủy chủ trì ..."): party plans assign this way."""
    lines: dict[int, Line] = {}
    for sec in sections:
        for ln in source.span(sec.line_start + 1, sec.line_end):
            if heading_of(ln.text) is None:
                lines[ln.number] = ln
    out: list[Assignment] = []
    paragraph: list[Line] = []
    for number in sorted(lines) + [-1]:
        ln = lines.get(number)
        if ln is None or not ln.text.strip() or (paragraph and number != paragraph[-1].number + 1):
            if paragraph:
                item = _Item()
                for p in paragraph:
                    item.add(p, p.text)
                out += _subject_assignments(source, item, locality, 3, 0.7)
            paragraph = [ln] if ln is not None and ln.text.strip() else []
        else:
            paragraph.append(ln)
    return out
