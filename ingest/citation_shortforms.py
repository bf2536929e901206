"""Short forms: a document named by type words and number alone ("Nghị quyết 57", "Kế hoạch
hành động số 469"), as drafters write it after citing it once in full, or as OCR leaves it when
the code after the number is lost.

A short form is taken as a mention of a document cited in full in the same plan when its number
and type match exactly one such document; otherwise it is left alone, since a number after type
words can also be a quantity ("Kế hoạch 5 năm"), a table row number, or another document.
An alias definition ("(sau đây gọi tắt là Nghị quyết 57)") only names the document just cited,
so it is not a further mention.
"""

from __future__ import annotations

import re

from ingest.citation_issuers import PlanContext
from ingest.citation_mentions import TYPE_ALT, CitedDoc, Mention, read_tail, type_name
from ingest.citation_text import JoinedText

_SHORT = re.compile(rf"(?:^|(?<=\s))(?P<type>{TYPE_ALT})\s+(?:s\w{{0,2}}\s+)?"
                    r"(?P<num>\d{1,4})\b")
# "5 năm", "10 tháng", "30 ngày": a quantity, not a document number; "ngày" with a date
# after it is the document's date ("Nghị quyết 57 ngày 22/12/2024").
_QUANTITY_AFTER = re.compile(
    r"\s*(?:n\w{0,2}m|th\w{0,3}ng|ng\w{0,2}y(?!\s+\d)|tu\w{0,2}n|gi\w{0,2})\b")
# On the printed text: the symbol goes on ("57-NQ", "71/NQ"), or a percentage ("20%").
_SYMBOL_GOES_ON = re.compile(r"\s{0,2}[-–/%]")
# "gọi là", "gọi tắt là", as OCR prints them ("goi 1a").
_ALIAS_BEFORE = re.compile(r"g\w{0,2}i\s+(?:t\w{0,2}t\s+)?[l1i]\w{0,2}\s+$")
# Between type words and number only "số" may stand: punctuation means the number is something
# else ("... của kế hoạch. 7. Trung tâm ...").
_PUNCT_BETWEEN = re.compile(r"[.,;:()\[\]!?]|\n\s*\n")


def _types_of(doc: CitedDoc) -> set[str]:
    """Type names a document is known by: its code's and the type words printed before it."""
    names = {m.doc_type for m in doc.mentions if m.doc_type}
    if doc.symbol.type_name:
        names.add(doc.symbol.type_name)
    return names


def _agrees(short_type: str, doc: CitedDoc) -> bool:
    # "Kế hoạch hành động 469" names 469-KH/TU: type words may be longer than the code's name.
    return any(short_type == name or short_type.startswith(name + " ")
               for name in _types_of(doc))


def find_short_forms(t: JoinedText, ctx: PlanContext, mentions: list[Mention],
                     docs: dict[str, CitedDoc]) -> list[tuple[str, Mention]]:
    """Short-form mentions resolved to a cited document: (document key, mention) pairs."""
    by_number: dict[int, list[str]] = {}
    for key, doc in docs.items():
        if doc.symbol.number.isdigit():
            by_number.setdefault(int(doc.symbol.number), []).append(key)
    taken = [(m.type_start, m.end) for m in mentions]
    out = []
    for m in _SHORT.finditer(t.folded):
        start, end = m.start("type"), m.end("num")
        if any(a <= start < b or a < end <= b for a, b in taken):
            continue  # part of a full citation
        if _SYMBOL_GOES_ON.match(t.text, end) or _QUANTITY_AFTER.match(t.folded, end):
            continue
        if _ALIAS_BEFORE.search(t.folded[max(0, start - 20):start]):
            continue
        if _PUNCT_BETWEEN.search(t.text, m.end("type"), m.start("num")):
            continue
        if any(end <= x.start <= end + 3 for x in mentions):
            continue  # "Kế hoạch $6 266-KH/TU": the "number" is OCR's "số" before a symbol
        doc_type = type_name(m.group("type"))
        if doc_type is None:
            continue
        keys = [k for k in by_number.get(int(m.group("num")), []) if _agrees(doc_type, docs[k])]
        if len(keys) != 1:
            continue  # no such document cited, or ambiguous: leave it alone
        tail = read_tail(t, end, ctx)
        out.append((keys[0], Mention(docs[keys[0]].symbol, m.start("num"), end, start, tail.end,
                                     doc_type, tail.date, tail.issuer, tail.province,
                                     tail.issuer_start, tail.of_start, short=True)))
    return out
