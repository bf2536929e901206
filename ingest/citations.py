"""Pipeline stage ``citations``: legal bases, every cited document, and the links they state.

How a citation reads: ``<type words> [số] <symbol> [, ngày <date>] [của <issuer>] [<description>]``
("Kế hoạch hành động 469-KH/TU ngày 16/5/2025 của Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số
57-NQ/TW ..."). We find every symbol (``ingest.symbols``), read the type words before it and the
date and issuer after it, and merge all mentions of one document (canonical symbol + issuer
scope) into one :class:`DocumentRef` with the majority date (so one misprinted date does not
win).

The preamble ("Căn cứ ...", "Thực hiện ...") is walked mention by mention: a verb between two
mentions ("thực hiện", "triển khai", "sửa đổi, bổ sung", "hướng dẫn") makes the second the object
of the first (a derived link); a list after it ("...; Nghị quyết 71 ... và Kế hoạch 469") keeps
the same subject, unless the dates say it cannot (a document cannot implement a later one):
then the mention starts a new legal basis.

All matching runs on an offset-preserving fold of the text (``_fold_aligned``), so spans map
back to lines for provenance.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz

from ingest.document import SourceText
from ingest.normalize import fold
from ingest.places import resolve_locality, resolve_province
from ingest.records import DerivedLink, DocumentRef, PlanRecord, Provenance
from ingest.symbols import Symbol, find_symbols, parse_symbol

# Central bodies named by their full words (folded -> display), beyond the party/state tops.
_CENTRAL_WORDS = {
    "ban tuyen giao trung uong": "Ban Tuyên giáo Trung ương",
    "ban tuyen giao va dan van trung uong": "Ban Tuyên giáo và Dân vận Trung ương",
    "ban to chuc trung uong": "Ban Tổ chức Trung ương",
    "uy ban kiem tra trung uong": "Ủy ban Kiểm tra Trung ương",
    "van phong trung uong dang": "Văn phòng Trung ương Đảng",
    "van phong chinh phu": "Văn phòng Chính phủ",
    "bo khoa hoc va cong nghe": "Bộ Khoa học và Công nghệ",
    "bo thong tin va truyen thong": "Bộ Thông tin và Truyền thông",
    "bo noi vu": "Bộ Nội vụ",
    "bo tai chinh": "Bộ Tài chính",
    "bo cong an": "Bộ Công an",
    "bo giao duc va dao tao": "Bộ Giáo dục và Đào tạo",
    "bo y te": "Bộ Y tế",
}
CENTRAL_BODIES = {"Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương Đảng", "Chính phủ",
                  "Thủ tướng Chính phủ", "Quốc hội", *_CENTRAL_WORDS.values()}
_STEERING = "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"

# Type words before a symbol (folded, OCR-tolerant), longest first.
_TYPE_WORDS: list[tuple[str, str]] = [
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
_TYPE_BEFORE = [(re.compile(rf"(?:^|\s)({pat})\s+(?:s\w{{0,2}}\s+)?(?:ky hieu\s+)?$"), name)
                for pat, name in _TYPE_WORDS]

_DATE_AFTER = re.compile(
    r"^[\s,]*ng\w{0,2}y\s+(?:ng\w{0,2}y\s+)?(?:"
    r"(?P<d>\d{1,2})\s+(?P<m>\d{1,2})\s+(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+th\w{0,3}ng\s+(?P<m2>\d{1,2})\s+n\w{0,2}m\s+(?P<y2>\d{4}))")
_OF = re.compile(r"^[\s,]*(?:c\w{0,2}a|cua)\s+")

_IMPLEMENTS = re.compile(r"\b(th\w{0,2}c hi\w{0,2}n|tri\w{0,2}n khai|c\w th\w h\w?a)\b")
_AMENDS = re.compile(r"\b(s\w{0,2}a d\w{0,2}i|b\w{0,2} sung)\b")
_GUIDES = re.compile(r"\bh\w{0,2}\w?ng d\w{0,2}n\b")
_PREAMBLE_START = re.compile(r"^\s*(c\w{1,2}n c\w{1,2}|th\w{0,2}c hi\w{0,2}n|tri\w{0,2}n khai)\b")
_PREAMBLE_END = re.compile(
    r"\b(ubnd|uy ban nhan dan|ban th\w{0,3}ng vu|d\w?ang uy|thi uy|huyen uy)\b[^.;]{0,80}?"
    r"\b(xay dung|ban hanh)\b")
_ANNEXED = re.compile(r"k\w{0,2}m theo\s+$")
_HEADING = re.compile(r"^\s*(i|1|phan i|ph\w{0,2}n i)\s*[.)]?\s")


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()[:1]  # one char out for one char in
    if base in ("w", "j"):
        return {"w": "u", "j": "i"}[base]
    return base if base.isalnum() else " "


def _fold_aligned(text: str) -> str:
    """Fold character by character (length preserved): offsets in it are offsets in ``text``.

    OCR reads Đ as P or DP: a word-initial bare "p" (never Vietnamese) becomes "d"."""
    folded = "".join(_fold_char(ch) for ch in text)
    folded = re.sub(r"\bdp(?=[aeiouy])", "dd", folded)
    return re.sub(r"\bp(?=[aeiouy])", "d", folded)


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


@dataclass
class _Doc:
    key: str
    symbol: Symbol
    mentions: list[Mention] = field(default_factory=list)


class _Text:
    """The document joined into one string, with offsets back to line numbers."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        parts, self.starts = [], []
        self.index = {line.number: i for i, line in enumerate(source.lines)}
        pos = 0
        for line in source.lines:
            self.starts.append(pos)
            parts.append(line.text)
            pos += len(line.text) + 1
        self.text = "\n".join(parts)
        self.folded = _fold_aligned(self.text)

    def line_of(self, offset: int) -> int:
        return self.source.lines[max(0, bisect.bisect_right(self.starts, offset) - 1)].number

    def offset_of_line(self, number: int) -> int:
        return self.starts[self.index[number]]


def _iso(d: str, m: str, y: str) -> str | None:
    di, mi, yi = int(d), int(m), int(y)
    if 1 <= di <= 31 and 1 <= mi <= 12 and 1900 <= yi <= 2100:
        return f"{yi:04d}-{mi:02d}-{di:02d}"
    return None


class _Context:
    """What the plan says about itself: its province and locality, to complete issuers."""

    def __init__(self, record: PlanRecord) -> None:
        h = record.header
        self.province = h.province
        self.locality = h.locality  # "phường Phước Bình"
        self.level, _, self.local_name = (h.locality or "").partition(" ")
        if self.level == "thị" or self.level == "đặc":
            parts = (h.locality or "").split(" ", 2)
            self.level, self.local_name = " ".join(parts[:2]), parts[2] if len(parts) > 2 else ""


def _words_span(rest: str, n: int) -> int:
    """Length of ``rest`` up to the end of its first ``n`` words (whitespace included)."""
    m = re.match(r"\s*" + r"\s+".join([r"\S+"] * n), rest)
    return m.end() if m else 0


def _place_after(rest: str, ctx: _Context) -> tuple[str | None, int]:
    """Province named at the start of ``rest`` ("dong nai ...") -> (name, length used)."""
    words = rest.split()
    for n in (4, 3, 2):
        if len(words) >= n:
            hit = resolve_province(" ".join(words[:n]))
            if hit and hit[1] >= 88:
                return hit[0], _words_span(rest, n)
    return None, 0


_LEVELS = {"phuong": "phường", "xa": "xã", "thi tran": "thị trấn", "dac khu": "đặc khu",
           "thi xa": "thị xã"}


def _local_unit(prefix: str, level_f: str, rest: str,
                ctx: _Context) -> tuple[str, str | None, int]:
    """"UBND phường" + optional name -> ("UBND phường Phước Bình", province, length used)."""
    level_f = "phuong" if level_f.startswith("ph") else ("xa" if level_f[:1] == "x" else level_f)
    level = _LEVELS.get(level_f, level_f)
    words = rest.split()
    local_f = _fold_aligned(ctx.local_name).split() if ctx.local_name else []
    n = len(local_f)
    if ctx.locality and level == ctx.level:
        if n and len(words) >= n and fuzz.ratio(" ".join(words[:n]), " ".join(local_f)) >= 80:
            return f"{prefix} {ctx.locality}", ctx.province, _words_span(rest, n)
        if not words or not resolve_locality(" ".join(words[:2]), ctx.province):
            return f"{prefix} {ctx.locality}", ctx.province, 0
    for k in (3, 2):
        place = resolve_locality(f"{level} {' '.join(words[:k])}", ctx.province)
        if place and len(words) >= k:
            return f"{prefix} {level} {place.name}", place.province, _words_span(rest, k)
    return f"{prefix} {level}", ctx.province, 0


# "về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số" as OCR folds it.
_STEERING_ABOUT = re.compile(r"\s+v\w\s+ph\w{0,2}t tri\w{0,2}n khoa h\w{0,2}c[a-z0-9 ]{0,80}?"
                             r"chuy\w{0,2}n d\w{0,2}i s\w{0,2}\b")


def read_issuer(folded_rest: str, ctx: _Context) -> tuple[str | None, str | None, int]:
    """Canonical issuer at the start of ``folded_rest`` -> (issuer, its province, length)."""
    r = folded_rest
    m = re.match(r"co quan th\w{0,3}ng tr\w{0,2}c ban ch\w d\w{0,2}o trung \w{2,5}\b", r)
    if m:
        about = _STEERING_ABOUT.match(r[m.end():])
        return (f"Cơ quan thường trực Ban Chỉ đạo Trung ương về {_STEERING}", None,
                m.end() + (about.end() if about else 0))
    m = re.match(r"ban ch\w d\w{0,2}o trung \w{2,5}\b", r)
    if m:
        about = _STEERING_ABOUT.match(r[m.end():])
        name = f"Ban Chỉ đạo Trung ương về {_STEERING}" if about else "Ban Chỉ đạo Trung ương"
        return name, None, m.end() + (about.end() if about else 0)
    m = re.match(rf"ban ch\w d\w{{0,2}}o\b(?P<about>{_STEERING_ABOUT.pattern})?\s+"
                 r"(?P<lvl>ph\w{1,3}ng|xa|x4|tinh)\b", r)
    if m:
        base = f"Ban Chỉ đạo về {_STEERING}" if m.group("about") else "Ban Chỉ đạo"
        if m.group("lvl") == "tinh":
            prov, used = _place_after(r[m.end():], ctx)
            prov = prov or ctx.province
            return f"{base} tỉnh {prov}" if prov else base, prov, m.end() + used
        issuer, prov, used = _local_unit(base, m.group("lvl"), r[m.end():], ctx)
        return issuer, prov, m.end() + used
    for words, name in _CENTRAL_WORDS.items():
        m = re.match(r"\s+".join(words.split()) + r"\b", r)
        if m:
            return name, None, m.end()
    for pat, name in ((r"b\w{0,2}\s?chinh tr\w?\b", "Bộ Chính trị"),
                      (r"ban b\w th\w\b", "Ban Bí thư"),
                      (r"ban ch\w{0,2}p h\w{0,2}nh trung \w{2,5}( d\w?ang)?\b",
                       "Ban Chấp hành Trung ương Đảng"),
                      (r"th\w t\w{0,3}ng ch\w{0,2}nh ph\w{0,2}\b", "Thủ tướng Chính phủ"),
                      (r"ch\w{0,2}nh ph\w{0,2}\b", "Chính phủ"),
                      (r"qu\w{0,2}c h\w{0,2}i\b", "Quốc hội")):
        m = re.match(pat, r)
        if m:
            return name, None, m.end()
    m = re.match(r"(ban th\w{0,3}ng v\w )?t\w{0,2}nh \w{1,3}\b", r)
    if m and not re.match(r"t\w{0,2}nh \w{1,3} ban", r):
        prov, used = _place_after(r[m.end():], ctx)
        if re.match(r"(ban th\w{0,3}ng v\w )?t\w{0,2}nh (uy|ty|oty|iy|u)\b", r) or prov:
            prov = prov or ctx.province
            body = "Ban Thường vụ Tỉnh ủy" if m.group(1) else "Tỉnh ủy"
            return (f"{body} {prov}" if prov else body), prov, m.end() + used
    m = re.match(r"(ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan) t\w{0,2}nh\b", r)
    if m:
        prefix = "HĐND" if m.group(1) in ("hdnd", "hoi dong nhan dan") else "UBND"
        prov, used = _place_after(r[m.end():], ctx)
        prov = prov or ctx.province
        return (f"{prefix} tỉnh {prov}" if prov else f"{prefix} tỉnh"), prov, m.end() + used
    m = re.match(r"(ubnd|uy ban nhan dan|d\w?ang uy|ban th\w{0,3}ng vu d\w?ang uy)\s+"
                 r"(ph\w{1,3}ng|xa|x4|x3|thi tran|dac khu)\b", r)
    if m:
        prefix = {"ubnd": "UBND", "uy ban nhan dan": "UBND"}.get(m.group(1), "Đảng ủy")
        if m.group(1).startswith("ban"):
            prefix = "Ban Thường vụ Đảng ủy"
        issuer, prov, used = _local_unit(prefix, m.group(2), r[m.end():], ctx)
        return issuer, prov, m.end() + used
    m = re.match(r"s\w (khoa h\w{0,2}c va c\w{0,2}ng ngh\w|kh&cn|khcn)\b", r)
    if m:
        rest = r[m.end():]
        tm = re.match(r"\s*t\w{0,2}nh\s+", rest)
        prov, used = _place_after(rest[tm.end():], ctx) if tm else (None, 0)
        prov = prov or ctx.province
        name = "Sở Khoa học và Công nghệ" + (f" tỉnh {prov}" if prov else "")
        return name, prov, m.end() + (tm.end() + used if tm else 0)
    return None, None, 0


_CODE_ISSUERS = {"CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội",
                 "BTGTW": "Ban Tuyên giáo Trung ương", "VPTW": "Văn phòng Trung ương Đảng",
                 "VPCP": "Văn phòng Chính phủ"}
_STATE_CODE_OF = {"Chính phủ": "CP", "Thủ tướng Chính phủ": "TTg"}


def _mentions(t: _Text, ctx: _Context) -> list[Mention]:
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
        after = t.folded[sm.end:sm.end + 400]
        pos = 0
        date = None
        dm = _DATE_AFTER.match(after)
        if dm:
            if dm.group("d"):
                date = _iso(dm.group("d"), dm.group("m"), dm.group("y"))
            else:
                date = _iso(dm.group("d2"), dm.group("m2"), dm.group("y2"))
            pos = dm.end()
        issuer, prov, issuer_start, of_start = None, None, None, None
        om = _OF.match(after[pos:])
        if om:
            issuer, prov, used = read_issuer(after[pos + om.end():], ctx)
            if issuer:
                issuer_start = sm.end + pos + om.end()
                of_start = sm.end + pos
                pos += om.end() + used
        out.append(Mention(sm.symbol, sm.start, sm.end, type_start, sm.end + pos,
                           doc_type, date, issuer, prov, issuer_start, of_start))
    return out


def _correct_symbol(m: Mention) -> Symbol:
    """A party-form "71-NQ/TW" printed as "của Chính phủ" is the state symbol 71/NQ-CP."""
    code = _STATE_CODE_OF.get(m.issuer or "")
    sym = m.symbol
    if code and sym.form == "party" and sym.issuer == "TW":
        return Symbol(sym.number, sym.doc_type, code, None, "state")
    return sym


def _scope(sym: Symbol, issuer: str | None, ctx: _Context) -> str:
    """Identity of a document: central symbols are unique alone, local ones within a province."""
    return sym.key if sym.is_central else f"{sym.key}@{ctx.province or ''}"


def _group(mentions: list[Mention], ctx: _Context) -> tuple[dict[str, _Doc], list[str]]:
    """Mentions by document. A symbol corrected by its issuer ("71-NQ/TW của Chính phủ") takes
    its other mentions along ("Nghị quyết 71-NQ/TW" elsewhere, without an issuer)."""
    aliases: dict[str, Symbol] = {}
    for m in mentions:
        fixed = _correct_symbol(m)
        if fixed != m.symbol:
            aliases[_scope(m.symbol, None, ctx)] = fixed
            m.symbol = fixed
    docs: dict[str, _Doc] = {}
    order: list[str] = []
    for m in mentions:
        alias = aliases.get(_scope(m.symbol, m.issuer, ctx))
        if alias is not None and m.issuer is None:
            m.symbol = alias
        key = _scope(m.symbol, m.issuer, ctx)
        if key not in docs:
            docs[key] = _Doc(key, m.symbol)
            order.append(key)
        docs[key].mentions.append(m)
    return _merge_type_slips(docs, order)


def _merge_type_slips(docs: dict[str, _Doc], order: list[str]) -> tuple[dict[str, _Doc], list[str]]:
    """One document printed with two type codes ("Chương trình hành động số 02-KH/TU" and
    "02-CTr/TU", same issuer and date): keep the code that agrees with the printed type words."""
    def facts(d: _Doc) -> tuple[str, str, str | None, str | None] | None:
        date = next((m.date for m in d.mentions if m.date), None)
        issuer = next((m.issuer for m in d.mentions if m.issuer), None)
        if not date or not issuer:
            return None
        return str(int(d.symbol.number)), d.symbol.issuer, date, issuer

    def agrees(d: _Doc) -> bool:
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


def _date_of(doc: _Doc, plan_date: str | None) -> str | None:
    """The most printed date; a date after the plan's own cannot be right (a misprinted year)."""
    printed = [m.date for m in doc.mentions if m.date]
    possible = [d for d in printed if plan_date is None or d <= plan_date] or printed
    if not possible:
        return None
    counts = Counter(possible)
    return max(counts, key=lambda d: (counts[d], -possible.index(d)))


def _mention_text(t: _Text, start: int, end: int) -> str:
    text = re.sub(r"\s+", " ", t.text[start:end]).strip(" ;,.")
    return re.sub(r"(\d)-\s+(?=[A-ZĐ])", r"\1-", text)


def _relation(gap_folded: str) -> str | None:
    """The relation stated by the last verb in the text between two mentions."""
    best: tuple[int, str] | None = None
    for pattern, rel in ((_IMPLEMENTS, "implements"), (_AMENDS, "amends"), (_GUIDES, "guides")):
        for m in pattern.finditer(gap_folded):
            if best is None or m.start() > best[0]:
                best = (m.start(), rel)
    if best is None:
        return None
    if best[1] == "implements" and _GUIDES.search(gap_folded[max(0, best[0] - 12):best[0]]):
        return "guides"
    return best[1]


def _preamble_span(t: _Text, source: SourceText,
                   record: PlanRecord) -> tuple[int, int] | None:
    """Offsets of the preamble: from the first "Căn cứ/Thực hiện" line after the title to the
    plan's own "... xây dựng/ban hành kế hoạch" sentence or the first heading."""
    from ingest.header import find_doc_type_line

    title = record.header.provenance.get("title")
    dt = find_doc_type_line(source)
    first = t.index.get(title.line_end, -1) + 1 if title else ((dt[0] + 1) if dt else 0)
    start_index = next((i for i in range(first, min(first + 41, len(source.lines)))
                        if _PREAMBLE_START.match(_fold_aligned(source.lines[i].text))), None)
    if start_index is None:
        return None
    start = t.starts[start_index]
    end = len(t.text)
    for line in source.lines[start_index + 1:start_index + 121]:
        if _HEADING.match(_fold_aligned(line.text)):
            end = t.offset_of_line(line.number)
            break
    pos = start
    while (m := _PREAMBLE_END.search(t.folded, pos, end)) is not None:
        before = t.text[start:m.start()].rstrip(" ")
        if re.search(r"[.;]", t.text[m.start():m.end()]) is None and (
                not before or before[-1] in ".;:\n" or before.endswith(("”", '"'))):
            return start, m.start()
        pos = m.start() + 1
    return start, end


def _paragraphs(t: _Text, start: int, end: int) -> list[tuple[int, int]]:
    """Split the preamble where a line opens with "Căn cứ"/"Thực hiện"/"Triển khai"."""
    cuts = [start]
    for m in re.finditer(r"\n", t.text[start:end]):
        pos = start + m.end()
        prev = t.text[:pos - 1].rstrip()
        if _PREAMBLE_START.match(t.folded[pos:pos + 30]) and (not prev or prev[-1] in ";.,:”\""):
            cuts.append(pos)
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _build_ref(t: _Text, d: _Doc, shown: Mention, end: int, date: str | None, ctx: _Context,
               record: PlanRecord, source: SourceText) -> DocumentRef:
    """One DocumentRef from all mentions of a document, worded from ``shown`` up to ``end``."""
    sym = d.symbol
    with_type = next((m for m in d.mentions if m.doc_type), shown)
    with_issuer = next((m for m in d.mentions if m.issuer), None)
    issuer = with_issuer.issuer if with_issuer else _CODE_ISSUERS.get(sym.issuer)
    central = sym.is_central or issuer in CENTRAL_BODIES or (issuer or "").startswith(
        ("Ban Chỉ đạo Trung ương", "Cơ quan thường trực Ban Chỉ đạo Trung ương"))
    province = None if central else (
        (with_issuer.issuer_province if with_issuer else None) or ctx.province)
    town_party = (record.header.issuer or "").startswith(("Thị ủy", "Ban Thường vụ Thị ủy"))
    provincial = bool(issuer and ("tỉnh" in issuer or "Tỉnh ủy" in issuer)) or (
        issuer is None and sym.issuer == "TU" and not town_party)
    level = "central" if central else ("provincial" if provincial else "local")
    doc_type = shown.doc_type or with_type.doc_type or sym.type_name
    raw = _mention_text(t, shown.type_start, end)
    mention = raw
    if source.lost_diacritics:
        # Rebuild the known parts (type, symbol, issuer) from vocabulary, restore the rest.
        head = f"{doc_type} số {sym.format()}" if doc_type else sym.format()
        if shown.issuer and shown.issuer_start is not None:
            middle = _restore(_mention_text(t, shown.end, shown.of_start or shown.end), True)
            rest = _restore(_mention_text(t, shown.tail_end, end), True)
            mention = " ".join(x for x in (head, middle, "của", shown.issuer, rest) if x)
        else:
            mention = " ".join(x for x in (head, _restore(_mention_text(t, shown.end, end), True))
                               if x)
        mention = re.sub(r"\s+([,;.])", r"\1", mention)
    line_a, line_b = t.line_of(shown.type_start), t.line_of(max(shown.type_start, end - 1))
    conf = 0.9 if (with_issuer and date) else 0.7
    return DocumentRef(
        number=sym.format(), doc_type=doc_type, issuer=issuer, date=date, province=province,
        mention=mention, mention_raw=raw, level=level,
        provenance=Provenance(doc=source.name, line_start=line_a, line_end=line_b,
                              method="rule", confidence=conf,
                              page=source.lines[line_a - 1].page))


def _is_own(m: Mention, t: _Text, source: SourceText, record: PlanRecord) -> bool:
    """The plan's own number (header, appendix "ban hành kèm theo") is not a citation."""
    from ingest.header import find_doc_type_line

    dt = find_doc_type_line(source)
    if dt and t.line_of(m.start) <= source.lines[dt[0]].number:
        return True
    if _ANNEXED.search(t.folded[max(0, m.type_start - 40):m.type_start]):
        return True  # "(Ban hành) kèm theo Kế hoạch số ...": the plan itself, as appendices cite it
    own = parse_symbol(record.header.number) if record.header.number else None
    h = record.header
    if m.date and m.date == h.date and m.issuer and m.issuer == h.issuer:
        return True
    return own is not None and own.key == m.symbol.key


def _later_or_same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a >= b


@dataclass
class _Walk:
    """What the preamble says: its legal bases (in order) and the links between documents."""

    bases: list[str] = field(default_factory=list)
    span: dict[str, tuple[int, int]] = field(default_factory=dict)  # basis -> mention span
    opening: dict[str, Mention] = field(default_factory=dict)  # basis -> its opening mention
    links: list[tuple[str, str, str, int]] = field(default_factory=list)


def _walk_preamble(t: _Text, source: SourceText, record: PlanRecord, mentions: list[Mention],
                   key_of: dict[int, str], dates: dict[str, str | None]) -> _Walk:
    """Walk the preamble mention by mention (see the module docstring for the rules)."""
    walk = _Walk()
    span = _preamble_span(t, source, record)
    if not span:
        return walk
    pre = [m for m in mentions if span[0] <= m.start < span[1]]
    for a, b in _paragraphs(t, *span):
        subject: str | None = None
        relation: str | None = None
        prev: Mention | None = None
        for m in (m for m in pre if a <= m.start < b):
            k = key_of[id(m)]
            gap = t.folded[prev.tail_end:m.type_start] if prev else ""
            rel = _relation(gap) if prev else None
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


def extract_citations(source: SourceText, record: PlanRecord) -> None:
    """Fill ``legal_bases``, ``cited_documents`` and ``derived_links`` of ``record``."""
    t = _Text(source)
    ctx = _Context(record)
    mentions = [m for m in _mentions(t, ctx) if not _is_own(m, t, source, record)]
    docs, order = _group(mentions, ctx)
    key_of = {id(m): k for k, d in docs.items() for m in d.mentions}
    dates = {k: _date_of(d, record.header.date) for k, d in docs.items()}

    walk = _walk_preamble(t, source, record, mentions, key_of, dates)
    bases, base_span, base_mention, links = walk.bases, walk.span, walk.opening, walk.links

    def ref(k: str, as_basis: bool) -> DocumentRef:
        d = docs[k]
        opening = base_mention.get(k) if as_basis else None
        with_type = next((m for m in d.mentions if m.doc_type), d.mentions[0])
        shown = opening or with_type
        end = base_span[k][1] if opening else shown.tail_end
        return _build_ref(t, d, shown, end, dates[k], ctx, record, source)

    plain = _unnumbered_bases(t, source, record, ctx, mentions)
    for k, (s_, e_) in list(base_span.items()):  # a basis's wording stops at the next one
        base_span[k] = (s_, min([e_, *(p for p, _ in plain if s_ < p < e_)]))
    numbered = [ref(k, True) for k in bases]
    basis_refs = {k: r for k, r in zip(bases, numbered, strict=True)}
    ordered = [(base_span[k][0], r) for k, r in basis_refs.items()] + plain
    record.legal_bases = [r for _, r in sorted(ordered, key=lambda x: x[0])]
    record.cited_documents = [basis_refs.get(k) or ref(k, False) for k in order]
    others = _unnumbered(t, ctx, mentions, source)
    plain_keys = [fold(r.mention_raw) for _, r in plain]
    record.cited_documents += [r for _, r in plain] + [
        r for r in others if not any(fold(r.mention_raw) in k for k in plain_keys)]
    seen: set[tuple[str, str, str]] = set()
    for src, rel, dst, pos in links:
        key = (src, rel, dst)
        if src == dst or key in seen:
            continue
        seen.add(key)
        line = t.line_of(pos)
        record.derived_links.append(DerivedLink(
            source=docs[src].symbol.format(), relation=rel, target=docs[dst].symbol.format(),
            provenance=Provenance(doc=source.name, line_start=line, line_end=line,
                                  method="rule", confidence=0.8,
                                  page=source.lines[line - 1].page)))


_TYPE_ALT = "|".join(f"(?:{pat})" for pat, _ in _TYPE_WORDS)
_AMENDED_UNNUMBERED = re.compile(
    rf"\bs\w{{0,2}}a d\w{{0,2}}[i1l],?\s+b\w{{0,2}} sung,?\s+(?:c\w{{0,2}}p nh\w{{0,2}}t\s+)?"
    rf"(?:v\w{{0,2}}\s+)?(?P<type>{_TYPE_ALT})\s+(?=c\w{{0,2}}a\s)")
_PROJECT_WORD = r"\bd{1,2}e [a4]n\b"
_PROJECT_NUMBER = re.compile(rf"(?P<type>{_PROJECT_WORD})\s+(?P<num>\d{{1,3}})\b(?![-/])")
_LAW = re.compile(r"(?<![\w ]{6}ph\w{2} )\b(L)u\w{0,2}t\s+(?P<name>[A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){1,5})")
_QUOTED = re.compile(r"[“\"](?P<title>[^”\"]{10,300})[”\"]")
_TYPE_JUST_BEFORE = re.compile(rf"(?:^|\s)(?P<type>{_TYPE_ALT})\s+$")


_OF_BODY = re.compile(rf"(?:^|\s)(?P<type>{_TYPE_ALT})(?:,?\s+(?:{_TYPE_ALT}))?\s+c\w{{0,2}}a\s+")
_ABOUT = re.compile(r"\s+v\w\s")
_ITEM_END = re.compile(r"[;.:]|\n\s*\n|\n\s*[-+\d]")


def _described(t: _Text, ctx: _Context,
               mentions: list[Mention]) -> list[_Found]:
    """"<type> của <issuer> về <subject>" without a number ("nghị quyết của Chính phủ về chương
    trình cắt giảm ..."); not when it re-describes a numbered document of that type and issuer."""
    known = {(m.doc_type, re.sub(r"^Ban Thường vụ ", "", m.issuer or "")) for m in mentions}
    out = []
    for m in _OF_BODY.finditer(t.folded):
        issuer, prov, used = read_issuer(t.folded[m.end():], ctx)
        if not issuer or not _ABOUT.match(t.folded[m.end() + used:m.end() + used + 6]):
            continue
        doc_type = _type_name(m.group("type"))
        start = m.start("type")
        stop = _ITEM_END.search(t.text, m.end() + used, m.end() + used + 250)
        end = stop.start() if stop else m.end() + used + 250
        cites = any(start < x.start < end for x in mentions)
        if cites and (doc_type, re.sub(r"^Ban Thường vụ ", "", issuer)) in known:
            continue  # "Kế hoạch hành động của Tỉnh ủy về thực hiện NQ 57": the numbered one
        out.append(_Found(start, end, doc_type, issuer, prov))
    return out


class _Found(NamedTuple):
    """An unnumbered reference found in the text; ``display`` overrides the restored wording."""

    start: int
    end: int
    doc_type: str | None
    issuer: str | None
    province: str | None
    display: str | None = None


_CONGRESS = re.compile(
    r"ngh\w{0,2} quy\w{0,2}t d\w{0,2}i h\w{0,2}i\s+d\w{0,2}ng b\w{0,2}\s+(?P<lvl>ph\w{1,3}ng|xa|x4|"
    r"tinh|thi xa|huyen)?[a-z ]{0,40}?(?:l\w{0,2}n th\w{0,2}\s+(?P<nth>[ivxl]+|\d+)\s+)?"
    r"nhi\w{0,2}m k\w\s+\d{4}\s+\d{4}")


def _congress_resolutions(t: _Text, ctx: _Context) -> list[_Found]:
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


def _type_name(folded: str) -> str | None:
    for pattern, name in _TYPE_WORDS:
        if re.fullmatch(pattern, folded.strip()):
            return name
    return None


def _unnumbered(t: _Text, ctx: _Context, mentions: list[Mention],
                source: SourceText) -> list[DocumentRef]:
    """Documents cited without a number: the unnumbered document a cited one amends, "Đề án 06",
    a named law ("Luật Ngân sách nhà nước"), a type with a quoted title (Chương trình “...”)."""
    found: list[_Found] = []
    for m in _AMENDED_UNNUMBERED.finditer(t.folded):
        start = m.start("type")
        issuer, prov, used = read_issuer(t.folded[m.end() + len(
            _OF.match(t.folded[m.end():]).group(0)):], ctx) if _OF.match(
            t.folded[m.end():]) else (None, None, 0)
        if not issuer:
            continue
        end = m.end() + len(_OF.match(t.folded[m.end():]).group(0)) + used
        for nxt in (x for x in mentions if x.type_start >= end):
            gap = t.folded[end:nxt.type_start]
            if len(gap) > 40 or not (_relation(gap) or re.search(r"\bva\b", gap)
                                     or re.search(r"[;,]", t.text[end:nxt.type_start])):
                break
            end = nxt.tail_end
        found.append(_Found(start, end, _type_name(m.group("type")), issuer, prov))
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
        found.append(_Found(start, m.end(), _type_name(tm.group("type")), None, None))
    found += _described(t, ctx, mentions)
    found += _congress_resolutions(t, ctx)
    refs: list[DocumentRef] = []
    seen: list[str] = []
    for start, end, doc_type, issuer, prov, display in sorted(found):
        if any(x.type_start <= start < x.end for x in mentions):
            continue
        raw = _mention_text(t, start, end)
        key = fold(_fold_aligned(raw))
        number = re.search(r"\bd{1,2}e [a4]n (\d{1,3})\)?$", key)
        if number:  # "Đề án 06", "(Đề án 06)": one project whatever the spelling
            key = f"de an {int(number.group(1))}"
        if not key or any(key == k or key in k for k in seen):
            continue
        seen.append(key)
        central = issuer in CENTRAL_BODIES
        line_a, line_b = t.line_of(start), t.line_of(max(start, end - 1))
        refs.append(DocumentRef(
            number=None, doc_type=doc_type, issuer=issuer, date=None,
            province=None if central or not issuer else (prov or ctx.province),
            mention=display or _restore(raw, source.lost_diacritics), mention_raw=raw,
            level="central" if central else None,
            provenance=Provenance(doc=source.name, line_start=line_a, line_end=line_b,
                                  method="rule", confidence=0.6,
                                  page=source.lines[line_a - 1].page)))
    return refs


_TYPE_AT_START = re.compile(rf"^\s*(?P<type>{_TYPE_ALT})\b")


def _unnumbered_bases(t: _Text, source: SourceText, record: PlanRecord, ctx: _Context,
                      mentions: list[Mention]) -> list[tuple[int, DocumentRef]]:
    """Preamble items naming a document without a number ("Căn cứ Luật Tổ chức chính quyền
    địa phương ngày 16 tháng 6 năm 2025;"): (offset, ref) for each."""
    span = _preamble_span(t, source, record)
    if not span:
        return []
    out = []
    for a, b in _paragraphs(t, *span):
        seg_start = a
        for seg_end in [*(m.start() + a for m in re.finditer(";", t.text[a:b])), b]:
            seg = t.folded[seg_start:seg_end]
            lead = _PREAMBLE_START.match(seg)
            body_start = seg_start + (lead.end() if lead else 0)
            tm = _TYPE_AT_START.match(t.folded[body_start:seg_end])
            has_symbol = any(seg_start <= m.start < seg_end for m in mentions)
            if tm and not has_symbol and t.text[body_start + tm.start("type")].isupper():
                start = body_start + tm.start("type")
                raw = _mention_text(t, start, seg_end)
                dm = re.search(r"ng\w{0,2}y\s+(\d{1,2})\s+(?:th\w{0,3}ng\s+)?(\d{1,2})\s+"
                               r"(?:n\w{0,2}m\s+)?(\d{4})", t.folded[start:seg_end])
                line_a, line_b = t.line_of(start), t.line_of(max(start, seg_end - 1))
                out.append((start, DocumentRef(
                    number=None, doc_type=_type_name(tm.group("type")), issuer=None,
                    date=_iso(*dm.groups()) if dm else None, province=None,
                    mention=_restore(raw, source.lost_diacritics), mention_raw=raw,
                    provenance=Provenance(doc=source.name, line_start=line_a, line_end=line_b,
                                          method="rule", confidence=0.6,
                                          page=source.lines[line_a - 1].page))))
            seg_start = seg_end + 1
    return out


def _restore(text: str, lost: bool) -> str:
    if not lost:
        return text
    try:
        from ingest.diacritics import restore
    except ImportError:
        return text
    return restore(text)
