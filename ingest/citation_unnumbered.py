"""Documents cited without a number: named laws, "Đề án 06", a type with a quoted title, "<type>
của <issuer> về <subject>", the local party congress resolution, the unnumbered document a cited
one amends, and preamble items that name a document by its title alone.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ingest.citation_issuers import PlanContext, is_central_issuer, read_issuer
from ingest.citation_mentions import OF_ISSUER, TYPE_ALT, Mention, type_name
from ingest.citation_preamble import (
    PREAMBLE_START,
    preamble_paragraphs,
    preamble_span,
    relation_in,
)
from ingest.citation_text import JoinedText, fold_aligned, iso_date, mention_text, restore_text
from ingest.document import SourceText
from ingest.normalize import fold
from ingest.records import DocumentRef, PlanRecord, Provenance

_AMENDED_UNNUMBERED = re.compile(
    rf"\bs\w{{0,2}}a d\w{{0,2}}[i1l],?\s+b\w{{0,2}} sung,?\s+(?:c\w{{0,2}}p nh\w{{0,2}}t\s+)?"
    rf"(?:v\w{{0,2}}\s+)?(?P<type>{TYPE_ALT})\s+(?=c\w{{0,2}}a\s)")
_PROJECT_WORD = r"\bd{1,2}e [a4]n\b"
_PROJECT_NUMBER = re.compile(rf"(?P<type>{_PROJECT_WORD})\s+(?P<num>\d{{1,3}})\b(?![-/])")
_LAW = re.compile(r"(?<![\w ]{6}ph\w{2} )\b(L)u\w{0,2}t\s+"
                  r"(?P<name>[A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){1,5})")
_QUOTED = re.compile(r"[“\"](?P<title>[^”\"]{10,300})[”\"]")
_TYPE_JUST_BEFORE = re.compile(rf"(?:^|\s)(?P<type>{TYPE_ALT})\s+$")
_OF_BODY = re.compile(rf"(?:^|\s)(?P<type>{TYPE_ALT})(?:,?\s+(?:{TYPE_ALT}))?\s+c\w{{0,2}}a\s+")
_ABOUT = re.compile(r"\s+v\w\s")
_PROMULGATES = re.compile(r"\bban h\w{0,2}nh\s+$")
# "các <type>, " / "những <type> " just before: a plural, generic reference.
_PLURAL_BEFORE = re.compile(rf"\b(?:cac|nhung)\s+(?:(?:{TYPE_ALT}|v\w{{0,2}}n b\w{{0,2}}n)"
                            rf"\s*,?\s*){{0,3}}$")
_ITEM_END = re.compile(r"[;.:]|\n\s*\n|\n\s*[-+\d]")


class _Found(NamedTuple):
    """An unnumbered reference found in the text; ``display`` overrides the restored wording."""

    start: int
    end: int
    doc_type: str | None
    issuer: str | None
    province: str | None
    display: str | None = None


def _described(t: JoinedText, ctx: PlanContext,
               mentions: list[Mention]) -> list[_Found]:
    """"<type> của <issuer> về <subject>" without a number ("nghị quyết của Chính phủ về chương
    trình cắt giảm ..."); not when it re-describes a numbered document of that type and issuer."""
    known = {(m.doc_type, re.sub(r"^Ban Thường vụ ", "", m.issuer or "")) for m in mentions}
    out = []
    for m in _OF_BODY.finditer(t.folded):
        issuer, prov, used = read_issuer(t.folded[m.end():], ctx)
        if not issuer or not _ABOUT.match(t.folded[m.end() + used:m.end() + used + 6]):
            continue
        doc_type = type_name(m.group("type"))
        start = m.start("type")
        if _PLURAL_BEFORE.search(t.folded[max(0, start - 60):start]):
            continue  # "các văn bản, kế hoạch, hướng dẫn của Sở ...": documents in general
        if _PROMULGATES.search(t.folded[max(0, start - 20):start]) and any(
                0 <= start - x.tail_end <= 30 for x in mentions):
            continue  # "Nghị quyết 214/NQ-CP ... của Chính phủ Ban hành Kế hoạch ...": its title
        stop = _ITEM_END.search(t.text, m.end() + used, m.end() + used + 250)
        end = stop.start() if stop else m.end() + used + 250
        cites = any(start < x.start < end for x in mentions)
        if cites and (doc_type, re.sub(r"^Ban Thường vụ ", "", issuer)) in known:
            continue  # "Kế hoạch hành động của Tỉnh ủy về thực hiện NQ 57": the numbered one
        out.append(_Found(start, end, doc_type, issuer, prov))
    return out


_CONGRESS = re.compile(
    r"ngh\w{0,2} quy\w{0,2}t d\w{0,2}i h\w{0,2}i\s+d\w{0,2}ng b\w{0,2}\s+(?P<lvl>ph\w{1,3}ng|xa|x4|"
    r"tinh|thi xa|huyen)?[a-z ]{0,40}?(?:l\w{0,2}n th\w{0,2}\s+(?P<nth>[ivxl]+|\d+)\s+)?"
    r"nhi\w{0,2}m k\w\s+\d{4}\s+\d{4}")


def _congress_resolutions(t: JoinedText, ctx: PlanContext) -> list[_Found]:
    """"Nghị quyết Đại hội Đảng bộ xã lần thứ I nhiệm kỳ 2025 - 2030": the local party
    congress resolution, issued by the congress of the plan's own party organisation."""
    out = []
    for m in _CONGRESS.finditer(t.folded):
        level = m.group("lvl") or ""
        level = "phường" if level.startswith("ph") else ("xã" if level[:1] == "x" else level)
        unit = ctx.locality if ctx.locality and level == ctx.level else None
        nth = f" lần thứ {m.group('nth').upper()}" if m.group("nth") else ""
        issuer = f"Đại hội Đảng bộ {unit}{nth}" if unit else None
        years = re.findall(r"\d{4}", m.group(0))[-2:]
        display = f"Nghị quyết Đại hội Đảng bộ {level}{nth} nhiệm kỳ {years[0]} - {years[1]}"
        out.append(_Found(m.start(), m.end(), "Nghị quyết", issuer,
                          ctx.province if unit else None, display.replace("  ", " ")))
    return out


def unnumbered_refs(t: JoinedText, ctx: PlanContext, mentions: list[Mention],
                source: SourceText) -> list[DocumentRef]:
    """Documents cited without a number: the unnumbered document a cited one amends, "Đề án 06",
    a named law ("Luật Ngân sách nhà nước"), a type with a quoted title (Chương trình “...”)."""
    found: list[_Found] = []
    for m in _AMENDED_UNNUMBERED.finditer(t.folded):
        start = m.start("type")
        issuer, prov, used = read_issuer(t.folded[m.end() + len(
            OF_ISSUER.match(t.folded[m.end():]).group(0)):], ctx) if OF_ISSUER.match(
            t.folded[m.end():]) else (None, None, 0)
        if not issuer:
            continue
        end = m.end() + len(OF_ISSUER.match(t.folded[m.end():]).group(0)) + used
        for nxt in (x for x in mentions if x.type_start >= end):
            gap = t.folded[end:nxt.type_start]
            if len(gap) > 40 or not (relation_in(gap) or re.search(r"\bva\b", gap)
                                     or re.search(r"[;,]", t.text[end:nxt.type_start])):
                break
            end = nxt.tail_end
        found.append(_Found(start, end, type_name(m.group("type")), issuer, prov))
    for m in _PROJECT_NUMBER.finditer(t.folded):
        start, end = m.start(), m.end()
        if t.text[max(0, start - 1):start] == "(":  # "Đề án phát triển ... (Đề án 06)"
            heads = list(re.finditer(_PROJECT_WORD, t.folded[max(0, start - 300):start - 1]))
            if heads:
                start, end = max(0, start - 300) + heads[-1].start(), end + 1
        found.append(_Found(start, end, "Đề án", None, None))
    for m in _LAW.finditer(t.text):
        name = re.split(r"\s+(?:v\w|n\w{0,2}m|c\w{0,2}a|v\w{0,2})\s", m.group(0))[0]
        found.append(_Found(m.start(), m.start() + len(name), "Luật", None, None))
    for m in _QUOTED.finditer(t.text):
        tm = _TYPE_JUST_BEFORE.search(t.folded[max(0, m.start() - 40):m.start()])
        if not tm or not t.text[max(0, m.start() - 40) + tm.start("type")].isupper():
            continue
        start = max(0, m.start() - 40) + tm.start("type")
        found.append(_Found(start, m.end(), type_name(tm.group("type")), None, None))
    found += _described(t, ctx, mentions)
    found += _congress_resolutions(t, ctx)
    refs: list[DocumentRef] = []
    seen: list[str] = []
    for start, end, doc_type, issuer, prov, display in sorted(found):
        if any(x.type_start <= start < x.end for x in mentions):
            continue
        raw = mention_text(t, start, end)
        key = fold(fold_aligned(raw))
        number = re.search(r"\bd{1,2}e [a4]n (\d{1,3})\)?$", key)
        if number:  # "Đề án 06", "(Đề án 06)": one project whatever the spelling
            key = f"de an {int(number.group(1))}"
        if not key or any(key == k or key in k for k in seen):
            continue
        seen.append(key)
        central = is_central_issuer(issuer)
        line_a, line_b = t.line_of(start), t.line_of(max(start, end - 1))
        refs.append(DocumentRef(
            number=None, doc_type=doc_type, issuer=issuer, date=None,
            province=None if central or not issuer else (prov or ctx.province),
            mention=display or restore_text(raw, source.lost_diacritics), mention_raw=raw,
            level="central" if central else None,
            provenance=Provenance(doc=source.name, line_start=line_a, line_end=line_b,
                                  method="rule", confidence=0.6,
                                  page=source.lines[line_a - 1].page)))
    return refs


_TYPE_AT_START = re.compile(rf"^\s*(?P<type>{TYPE_ALT})\b")


def unnumbered_bases(t: JoinedText, source: SourceText, record: PlanRecord, ctx: PlanContext,
                      mentions: list[Mention]) -> list[tuple[int, DocumentRef]]:
    """Preamble items naming a document without a number ("Căn cứ Luật Tổ chức chính quyền
    địa phương ngày 16 tháng 6 năm 2025;"): (offset, ref) for each."""
    span = preamble_span(t, source, record)
    if not span:
        return []
    out = []
    for a, b in preamble_paragraphs(t, *span):
        seg_start = a
        for seg_end in [*(m.start() + a for m in re.finditer(";", t.text[a:b])), b]:
            seg = t.folded[seg_start:seg_end]
            lead = PREAMBLE_START.match(seg)
            body_start = seg_start + (lead.end() if lead else 0)
            tm = _TYPE_AT_START.match(t.folded[body_start:seg_end])
            has_symbol = any(seg_start <= m.start < seg_end for m in mentions)
            if tm and not has_symbol and t.text[body_start + tm.start("type")].isupper():
                start = body_start + tm.start("type")
                raw = mention_text(t, start, seg_end)
                dm = re.search(r"ng\w{0,2}y\s+(\d{1,2})\s+(?:th\w{0,3}ng\s+)?(\d{1,2})\s+"
                               r"(?:n\w{0,2}m\s+)?(\d{4})", t.folded[start:seg_end])
                line_a, line_b = t.line_of(start), t.line_of(max(start, seg_end - 1))
                out.append((start, DocumentRef(
                    number=None, doc_type=type_name(tm.group("type")), issuer=None,
                    date=iso_date(*dm.groups()) if dm else None, province=None,
                    mention=restore_text(raw, source.lost_diacritics), mention_raw=raw,
                    provenance=Provenance(doc=source.name, line_start=line_a, line_end=line_b,
                                          method="rule", confidence=0.6,
                                          page=source.lines[line_a - 1].page))))
            seg_start = seg_end + 1
    return out
