"""Numbered citations: every printed symbol with its type words, date and issuer, grouped by
document.

How a citation reads: ``<type words> [số] <symbol> [, ngày <date>] [của <issuer>]``. We find
every symbol (``ingest.symbols``), read the type words before it and the date and issuer after
it, and merge all mentions of one document (canonical symbol + issuer scope) into one
:class:`CitedDoc`, whose date is the majority date (so one misprinted date does not win).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from ingest.citation_issuers import STATE_CODE_OF, PlanContext, issuer_before, read_issuer
from ingest.citation_text import JoinedText, iso_date
from ingest.symbols import Symbol, find_symbols

# Type words before a symbol (folded, OCR-tolerant), longest first.
TYPE_WORDS: list[tuple[str, str]] = [
    (r"ch\w{0,2}\w?ng tr\w{0,2}nh h\w{0,2}nh d\w{0,2}ng", "Chương trình hành động"),
    (r"k\w{0,2}\s{1,2}ho\w{0,2}ch h\w{0,2}nh d\w{0,2}ng", "Kế hoạch hành động"),
    (r"th\w{0,2}ng b\w{0,2}o k\w{0,2}t lu\w{0,2}n", "Thông báo kết luận"),
    (r"ngh\w{0,2} quy\w{0,2}t", "Nghị quyết"),
    (r"k\w{0,2}\s{1,2}ho\w{0,2}ch", "Kế hoạch"),
    (r"quy\w{0,2}t d\w{0,2}nh", "Quyết định"),
    (r"quy d\w{0,2}nh", "Quy định"),
    (r"ch\w{0,2}\w?ng tr\w{0,2}nh", "Chương trình"),
    (r"th\w{0,2}ng b\w{0,2}o", "Thông báo"),
    (r"h\w{0,2}\w?ng d\w{0,2}n", "Hướng dẫn"),
    (r"ch\w{0,2} th\w{0,2}", "Chỉ thị"),
    (r"k\w{0,2}t lu\w{0,2}n", "Kết luận"),
    (r"ngh\w{0,2} d\w{0,2}nh", "Nghị định"),
    (r"th\w{0,2}ng t\w{0,2}", "Thông tư"),
    (r"c\w{0,2}ng v\w{0,2}n", "Công văn"),
    (r"v\w{0,2}n b\w{0,2}n", "Văn bản"),
    (r"quy ch\w{0,2}", "Quy chế"),
    (r"d{1,2}e [a4]n", "Đề án"),
    (r"lu[a4]t", "Luật"),
]
TYPE_ALT = "|".join(f"(?:{pat})" for pat, _ in TYPE_WORDS)
_TYPE_BEFORE = [(re.compile(rf"(?:^|\s)({pat})\s+(?:s\w{{0,2}}\s+)?(?:ky hieu\s+)?$"), name)
                for pat, name in TYPE_WORDS]
_DATE_AFTER = re.compile(
    r"^[\s,]*ng\w{0,2}y\s+(?:ng\w{0,2}y\s+)?(?:"
    r"(?P<d>\d{1,2})\s+(?P<m>\d{1,2})\s+(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+th\w{0,3}ng\s+(?P<m2>\d{1,2})\s+n\w{0,2}m\s+(?P<y2>\d{4}))")
OF_ISSUER = re.compile(r"^[\s,]*(?:c\w{0,3}a|cua)\s+")  # OCR: "ctia", "ciia", "ctiia"


@dataclass
class Mention:
    """One printed occurrence of a numbered document."""

    symbol: Symbol
    start: int  # offset of the symbol in the joined text
    end: int  # end of the symbol
    type_start: int  # start of the type words (or the symbol)
    tail_end: int  # end of the date/issuer part that follows
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None
    issuer_province: str | None = None
    issuer_start: int | None = None  # offset where the issuer words begin
    of_start: int | None = None  # offset of "của" before the issuer
    short: bool = False  # a short form ("Nghị quyết 57") resolved to this symbol


@dataclass
class CitedDoc:
    key: str
    symbol: Symbol
    mentions: list[Mention] = field(default_factory=list)


def type_name(folded: str) -> str | None:
    """Display name of folded type words ("nghi quyet" -> "Nghị quyết")."""
    for pattern, name in TYPE_WORDS:
        if re.fullmatch(pattern, folded.strip()):
            return name
    return None


class Tail(NamedTuple):
    """What follows a document's number: its date and issuer, and where that reading ends."""

    end: int
    date: str | None = None
    issuer: str | None = None
    province: str | None = None
    issuer_start: int | None = None
    of_start: int | None = None


def read_tail(t: JoinedText, end: int, ctx: PlanContext) -> Tail:
    """Read ``[, ngày <date>] [của <issuer>]`` from offset ``end`` on."""
    after = t.folded[end:end + 400]
    pos = 0
    date = None
    dm = _DATE_AFTER.match(after)
    if dm:
        if dm.group("d"):
            date = iso_date(dm.group("d"), dm.group("m"), dm.group("y"))
        else:
            date = iso_date(dm.group("d2"), dm.group("m2"), dm.group("y2"))
        pos = dm.end()
    om = OF_ISSUER.match(after[pos:])
    if om:
        issuer, prov, used = read_issuer(after[pos + om.end():], ctx)
        if issuer:
            return Tail(end + pos + om.end() + used, date, issuer, prov, end + pos + om.end(),
                        end + pos)
    return Tail(end + pos, date)


def find_mentions(t: JoinedText, ctx: PlanContext) -> list[Mention]:
    """Every printed symbol with the type words before it and the date and issuer after it."""
    out = []
    for sm in find_symbols(t.text):
        before = t.folded[max(0, sm.start - 60):sm.start]
        doc_type, type_start = None, sm.start
        for pattern, name in _TYPE_BEFORE:
            m = pattern.search(before)
            if m:
                doc_type = name
                type_start = sm.start - (len(before) - m.start(1))
                break
        tail = read_tail(t, sm.end, ctx)
        issuer, province = tail.issuer, tail.province
        if issuer is None and doc_type:
            lo = max(0, type_start - 90)
            issuer, province = issuer_before(t.folded[lo:type_start], t.text[lo:type_start], ctx)
        out.append(Mention(sm.symbol, sm.start, sm.end, type_start, tail.end, doc_type,
                           tail.date, issuer, province, tail.issuer_start, tail.of_start))
    return out


def _correct_symbol(m: Mention) -> Symbol:
    """A party-form "71-NQ/TW" printed as "của Chính phủ" is the state symbol 71/NQ-CP."""
    code = STATE_CODE_OF.get(m.issuer or "")
    sym = m.symbol
    if code and sym.form == "party" and sym.issuer == "TW":
        return Symbol(sym.number, sym.doc_type, code, None, "state")
    return sym


def _scope(sym: Symbol, issuer: str | None, ctx: PlanContext) -> str:
    """Identity of a document: central symbols are unique alone, local ones within a province."""
    return sym.key if sym.is_central else f"{sym.key}@{ctx.province or ''}"


def group_mentions(mentions: list[Mention],
                   ctx: PlanContext) -> tuple[dict[str, CitedDoc], list[str]]:
    """Mentions by document. A symbol corrected by its issuer ("71-NQ/TW của Chính phủ") takes
    its other mentions along ("Nghị quyết 71-NQ/TW" elsewhere, without an issuer)."""
    aliases: dict[str, Symbol] = {}
    for m in mentions:
        fixed = _correct_symbol(m)
        if fixed != m.symbol:
            aliases[_scope(m.symbol, None, ctx)] = fixed
            m.symbol = fixed
    docs: dict[str, CitedDoc] = {}
    order: list[str] = []
    for m in mentions:
        alias = aliases.get(_scope(m.symbol, m.issuer, ctx))
        if alias is not None and m.issuer is None:
            m.symbol = alias
        key = _scope(m.symbol, m.issuer, ctx)
        if key not in docs:
            docs[key] = CitedDoc(key, m.symbol)
            order.append(key)
        docs[key].mentions.append(m)
    return _merge_type_slips(docs, order)


def _merge_type_slips(docs: dict[str, CitedDoc],
                      order: list[str]) -> tuple[dict[str, CitedDoc], list[str]]:
    """One document printed with two type codes ("Chương trình hành động số 02-KH/TU" and
    "02-CTr/TU", same issuer and date): keep the code that agrees with the printed type words."""
    def facts(d: CitedDoc) -> tuple[str, str, str | None, str | None] | None:
        date = next((m.date for m in d.mentions if m.date), None)
        issuer = next((m.issuer for m in d.mentions if m.issuer), None)
        if not date or not issuer:
            return None
        return str(int(d.symbol.number)), d.symbol.issuer, date, issuer

    def agrees(d: CitedDoc) -> bool:
        words = next((m.doc_type for m in d.mentions if m.doc_type), "") or ""
        return bool(d.symbol.type_name) and words.startswith(d.symbol.type_name or "-")

    for i, k in enumerate(list(order)):
        if k not in docs:
            continue
        for other in order[i + 1:]:
            if other not in docs or facts(docs[k]) is None or facts(docs[k]) != facts(docs[other]):
                continue
            keep, drop = (k, other) if agrees(docs[k]) or not agrees(docs[other]) else (other, k)
            docs[keep].mentions = sorted(docs[keep].mentions + docs[drop].mentions,
                                         key=lambda m: m.start)
            del docs[drop]
            if drop == k:
                break
    return docs, sorted(docs, key=lambda k: docs[k].mentions[0].start)


def date_of(doc: CitedDoc, plan_date: str | None) -> str | None:
    """The most printed date; a date after the plan's own cannot be right (a misprinted year)."""
    printed = [m.date for m in doc.mentions if m.date]
    possible = [d for d in printed if plan_date is None or d <= plan_date] or printed
    if not possible:
        return None
    counts = Counter(possible)
    return max(counts, key=lambda d: (counts[d], -possible.index(d)))
