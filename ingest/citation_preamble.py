"""The preamble ("Căn cứ ...", "Thực hiện ...") walked mention by mention: which documents are
legal bases of the plan, and which links between documents the wording states.

A verb between two mentions ("thực hiện", "triển khai", "sửa đổi, bổ sung", "hướng dẫn") makes
the second the object of the first (a derived link); a list after it ("...; Nghị quyết 71 ... và
Kế hoạch 469") keeps the same subject, unless the dates say it cannot (a document cannot
implement a later one): then the mention starts a new legal basis.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.citation_mentions import Mention
from ingest.citation_text import JoinedText, fold_aligned
from ingest.document import SourceText
from ingest.ocr_words import find_phrase, opens_with, phrase_at
from ingest.records import PlanRecord

_IMPLEMENTS = re.compile(r"\b(th\w{0,2}c hi\w{0,2}n|tri\w{0,2}n khai|c\w th\w h\w?a)\b")
_AMENDS = re.compile(r"\b(s\w{0,2}a d\w{0,2}i|b\w{0,2} sung)\b")
_GUIDES = re.compile(r"\bh\w{0,2}\w?ng d\w{0,2}n\b")
PREAMBLE_START = re.compile(r"^\s*(c\w{1,2}n c\w{1,2}|th\w{0,2}c hi\w{0,2}n|tri\w{0,2}n khai)\b")
_PREAMBLE_END = re.compile(
    r"\b(ubnd|uy ban nhan dan|ban th\w{0,3}ng vu|d\w?ang uy|thi uy|huyen uy)\b[^.;]{0,80}?"
    r"\b(xay dung|ban hanh)\b")
_HEADING = re.compile(r"^\s*(i|1|phan i|ph\w{0,2}n i)\s*[.)]?\s")
_BODY = re.compile(r"\b(ubnd|uy ban nhan dan|ban th\w{0,3}ng vu|d\w?ang uy|thi uy|huyen uy)\b")
_ENACTS = ("xay dung", "ban hanh")
_IMPLEMENT_WORDS = ("thuc hien", "trien khai")
_WORD = re.compile(r"[^\W_]+")


def _own_sentences(folded: str, pos: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of "<body> ... xây dựng/ban hành" with the verb as OCR may print it ("xay dng",
    "xiy dung"): the body words, then the verb within 80 characters and no "." or ";"."""
    for m in _BODY.finditer(folded, pos, end):
        window = folded[m.end():min(m.end() + 90, end)]
        stop = re.search(r"[.;]", window)
        window = window[:stop.start()] if stop else window
        words = list(_WORD.finditer(window))
        keys = [w.group(0) for w in words]
        hits = [(k, v) for v in _ENACTS if (k := find_phrase(keys, v)) is not None]
        if hits:
            k, verb = min(hits)
            last = words[min(k + len(verb.split()), len(words)) - 1]
            if words[k].start() <= 80:
                yield m.start(), m.end() + last.end()


def relation_in(gap_folded: str) -> str | None:
    """The relation stated by the last verb in the text between two mentions."""
    best: tuple[int, str] | None = None
    for pattern, rel in ((_IMPLEMENTS, "implements"), (_AMENDS, "amends"), (_GUIDES, "guides")):
        for m in pattern.finditer(gap_folded):
            if best is None or m.start() > best[0]:
                best = (m.start(), rel)
    words = list(_WORD.finditer(gap_folded))
    keys = [w.group(0) for w in words]
    for i in range(len(words) - 1, -1, -1):  # "thue hien", "thuc h1en": OCR-damaged verbs
        if best is not None and words[i].start() <= best[0]:
            break
        if any(phrase_at(keys, verb, i) for verb in _IMPLEMENT_WORDS):
            best = (words[i].start(), "implements")
            break
    if best is None:
        return None
    if best[1] == "implements" and _GUIDES.search(gap_folded[max(0, best[0] - 12):best[0]]):
        return "guides"
    return best[1]


def preamble_span(t: JoinedText, source: SourceText,
                   record: PlanRecord) -> tuple[int, int] | None:
    """Offsets of the preamble: from the first "Căn cứ/Thực hiện" line after the title to the
    plan's own "... xây dựng/ban hành kế hoạch" sentence or the first heading."""
    from ingest.header import find_doc_type_line

    title = record.header.provenance.get("title")
    dt = find_doc_type_line(source)
    first = t.index.get(title.line_end, -1) + 1 if title else ((dt[0] + 1) if dt else 0)
    start_index = next((i for i in range(first, min(first + 41, len(source.lines)))
                        if PREAMBLE_START.match(fold_aligned(source.lines[i].text))
                        or opens_with(source.lines[i].text)), None)
    if start_index is None:
        return None
    start = t.starts[start_index]
    end = len(t.text)
    for line in source.lines[start_index + 1:start_index + 121]:
        if _HEADING.match(fold_aligned(line.text)):
            end = t.offset_of_line(line.number)
            break
    pos = start
    while (m := _PREAMBLE_END.search(t.folded, pos, end)) is not None:
        if _opens_sentence(t, start, m.start(), m.end()):
            return start, m.start()
        pos = m.start() + 1
    for a, b in _own_sentences(t.folded, start, end):  # the verb damaged by OCR
        if _opens_sentence(t, start, a, b):
            return start, a
    return start, end


def _opens_sentence(t: JoinedText, start: int, a: int, b: int) -> bool:
    """The plan's own sentence at ``a``-``b`` starts a sentence of its own."""
    before = t.text[start:a].rstrip(" ")
    return re.search(r"[.;]", t.text[a:b]) is None and (
        not before or before[-1] in ".;:\n" or before.endswith(("”", '"')))


def preamble_paragraphs(t: JoinedText, start: int, end: int) -> list[tuple[int, int]]:
    """Split the preamble where a line opens with "Căn cứ"/"Thực hiện"/"Triển khai"."""
    cuts = [start]
    for m in re.finditer(r"\n", t.text[start:end]):
        pos = start + m.end()
        prev = t.text[:pos - 1].rstrip()
        if (PREAMBLE_START.match(t.folded[pos:pos + 30])
                or (not t.text[pos:pos + 1].isspace() and opens_with(t.text[pos:pos + 40]))) \
                and (not prev or prev[-1] in ";.,:”\""):
            cuts.append(pos)
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _later_or_same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a >= b


@dataclass
class PreambleWalk:
    """What the preamble says: its legal bases (in order) and the links between documents."""

    bases: list[str] = field(default_factory=list)
    span: dict[str, tuple[int, int]] = field(default_factory=dict)  # basis -> mention span
    opening: dict[str, Mention] = field(default_factory=dict)  # basis -> its opening mention
    links: list[tuple[str, str, str, int]] = field(default_factory=list)


def walk_preamble(t: JoinedText, source: SourceText, record: PlanRecord, mentions: list[Mention],
                   key_of: dict[int, str], dates: dict[str, str | None]) -> PreambleWalk:
    """Walk the preamble mention by mention (see the module docstring for the rules)."""
    walk = PreambleWalk()
    span = preamble_span(t, source, record)
    if not span:
        return walk
    pre = [m for m in mentions if span[0] <= m.start < span[1]]
    for a, b in preamble_paragraphs(t, *span):
        subject: str | None = None
        relation: str | None = None
        prev: Mention | None = None
        for m in (m for m in pre if a <= m.start < b):
            k = key_of[id(m)]
            gap = t.folded[prev.tail_end:m.type_start] if prev else ""
            rel = relation_in(gap) if prev else None
            raw_gap = t.text[prev.tail_end:m.type_start] if prev else ""
            listed = prev is not None and (re.search(r"[;,]", raw_gap) is not None
                                           or re.search(r"\bva\b", gap) is not None)
            if prev and rel:
                subject, relation = key_of[id(prev)], rel
                walk.links.append((subject, relation, k, m.start))
            elif (prev and subject and relation and listed
                  and _later_or_same(dates[subject], dates[k])):
                walk.links.append((subject, relation, k, m.start))
            else:
                subject = relation = None
                if k not in walk.bases:
                    walk.bases.append(k)
                walk.span[k] = (m.type_start, b)
                walk.opening.setdefault(k, m)
            prev = m
        # A basis's mention runs to the next basis of its paragraph.
        heads = [k for k in walk.bases if k in walk.span and a <= walk.span[k][0] < b]
        for k, nxt in zip(heads, heads[1:], strict=False):
            walk.span[k] = (walk.span[k][0], walk.span[nxt][0])
    return walk
