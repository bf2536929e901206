"""Who issued a cited document: read "của <issuer>" into one canonical issuer name.

A citation names its issuer in words ("của Ban Thường vụ Tỉnh ủy", "của UBND phường", "của Ban
Chỉ đạo Trung ương về phát triển khoa học ..."), often without the place, which then is the
plan's own (:class:`PlanContext`); central bodies carry no province. All reading is on folded
text (``citation_text.fold_aligned``) and tolerant of OCR damage.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ingest.citation_text import fold_aligned
from ingest.places import resolve_locality, resolve_province
from ingest.records import PlanRecord
from ingest.symbols import Symbol

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


def is_central_issuer(issuer: str | None) -> bool:
    """Central bodies, ministries and ministers, the central steering committee: no province."""
    return bool(issuer) and (issuer in CENTRAL_BODIES or issuer.startswith(
        ("Bộ ", "Ban Chỉ đạo Trung ương", "Cơ quan thường trực Ban Chỉ đạo Trung ương")))
_STEERING = "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"


class PlanContext:
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


def _place_after(rest: str, ctx: PlanContext) -> tuple[str | None, int]:
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
                ctx: PlanContext) -> tuple[str, str | None, int]:
    """"UBND phường" + optional name -> ("UBND phường Phước Bình", province, length used)."""
    level_f = "phuong" if level_f.startswith("ph") else ("xa" if level_f[:1] == "x" else level_f)
    level = _LEVELS.get(level_f, level_f)
    words = rest.split()
    local_f = fold_aligned(ctx.local_name).split() if ctx.local_name else []
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


#: "Đảng ủy" as OCR prints it: Đ read as D/P/B ("Pang", "bang"), "ủ" as u, i, ti, t, ii.
_PARTY_COMMITTEE = r"[db]\w?ang (?:uy|iy|tiy|ty|iiy)"
#: "Ủy ban nhân dân" as OCR prints it: "Ủ" as U, A, I, T, TI; a letter of "nhân"/"dân" lost
#: or misread ("Iy ban nhan din", "Ay ban han dan").
_PEOPLES_COMMITTEE = r"(?:ubnd|[uaitl]{0,2}y ban n?h?\w{1,2}n d\w{1,2}n)"


def read_issuer(folded_rest: str, ctx: PlanContext) -> tuple[str | None, str | None, int]:
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
                      # OCR drops the "h" of "Chính" or glues the two words ("Chinhphủ")
                      (r"th\w t\w{0,3}ng ch\w{0,2}nh? ?ph\w{0,2}\b", "Thủ tướng Chính phủ"),
                      (r"ch\w{0,2}nh? ?ph\w{0,2}\b", "Chính phủ"),
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
    m = re.match(rf"(ubnd|{_PEOPLES_COMMITTEE}|hdnd|hoi dong nhan dan) t\w{{0,2}}nh\b", r)
    if m:
        prefix = "HĐND" if m.group(1) in ("hdnd", "hoi dong nhan dan") else "UBND"
        prov, used = _place_after(r[m.end():], ctx)
        prov = prov or ctx.province
        return (f"{prefix} tỉnh {prov}" if prov else f"{prefix} tỉnh"), prov, m.end() + used
    m = re.match(rf"(ubnd|{_PEOPLES_COMMITTEE}|hdnd|hoi dong nhan dan|{_PARTY_COMMITTEE}|"
                 rf"ban th\w{{0,3}}ng vu {_PARTY_COMMITTEE})\s+(ph\w{{1,3}}ng|xa|x4|x3|thi tran|dac khu)\b",
                 r)
    if m:
        prefix = {"hdnd": "HĐND", "hoi dong nhan dan": "HĐND"}.get(
            m.group(1), "UBND" if re.fullmatch(_PEOPLES_COMMITTEE, m.group(1)) else "Đảng ủy")
        if m.group(1).startswith("ban th"):
            prefix = "Ban Thường vụ Đảng ủy"
        issuer, prov, used = _local_unit(prefix, m.group(2), r[m.end():], ctx)
        return issuer, prov, m.end() + used
    found = _department(r, ctx) or _minister(r) or _chairman(r, ctx) or _district_body(r, ctx)
    if found:
        return found
    m = _CENTRAL_CONFERENCE.match(r)
    if m:
        return "Ban Chấp hành Trung ương Đảng", None, m.end()
    return None, None, 0


def _ministry_words(rest: str) -> tuple[str, int] | None:
    """The ministry whose words open ``rest`` -> (name, length), e.g. "noi vu" -> Bộ Nội vụ."""
    for words, name in _MINISTRY_NAMES:
        m = re.match(words + r"\b", rest)
        if m:
            return name, m.end()
    return None


def _department(r: str, ctx: PlanContext) -> tuple[str, str | None, int] | None:
    """"Sở Khoa học và Công nghệ [tỉnh Phú Thọ]": a provincial department (OCR reads Sở as
    "S&", "Sé", "S6")."""
    m = re.match(r"s\w?\s+", r)
    hit = _ministry_words(r[m.end():]) if m else None
    if not m or not hit:
        return None
    end = m.end() + hit[1]
    tm = re.match(r"\s*t\w{0,2}nh\s+", r[end:])
    prov, used = _place_after(r[end + tm.end():], ctx) if tm else (None, 0)
    prov = prov or ctx.province
    name = "Sở " + hit[0].removeprefix("Bộ ")
    return (f"{name} tỉnh {prov}" if prov else name), prov, end + (
        tm.end() + used if tm and used else 0)


def _minister(r: str) -> tuple[str, str | None, int] | None:
    """"Bộ Khoa học và Công nghệ", "Bộ trưởng Bộ Nội vụ": a ministry or its minister (central)."""
    m = re.match(r"(b\w{0,2} tr\w{0,3}ng\s+)?b\w{0,2}\s+", r)
    hit = _ministry_words(r[m.end():]) if m else None
    if not m or not hit:
        return None
    return ("Bộ trưởng " if m.group(1) else "") + hit[0], None, m.end() + hit[1]


def _chairman(r: str, ctx: PlanContext) -> tuple[str, str | None, int] | None:
    """"Chủ tịch UBND tỉnh Phú Thọ": decisions signed by the chairman carry his title."""
    m = re.match(r"ch\w{0,2} t\w{0,2}ch\s+(?=ubnd|uy ban nhan dan)", r)
    if not m:
        return None
    issuer, prov, used = read_issuer(r[m.end():], ctx)
    if not issuer or not issuer.startswith("UBND"):
        return None
    return f"Chủ tịch {issuer}", prov, m.end() + used


#: Town/district-level bodies (pre-2025 "thị xã", "huyện" plans keep them): party committee and
#: its standing board, people's committee and council.
_DISTRICT = re.compile(
    r"(?P<body>(?:ban th\w{0,3}ng v\w\s+)?(?:th\w uy|th\w \wy|huy\w{0,2}n uy|huy\w{0,2}n \wy)|"
    r"(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\s+(?:thi xa|thi x\w|huy\w{0,2}n))\b")


def _district_body(r: str, ctx: PlanContext) -> tuple[str, str | None, int] | None:
    """"Ban Thường vụ Thị ủy [Bỉm Sơn]", "UBND huyện X" -> named after the plan's own town when
    the level agrees and no other place follows; the province is the plan's."""
    m = _DISTRICT.match(r)
    if not m:
        return None
    body = m.group("body")
    party = bool(re.search(r"(?:uy|\wy)$", body))
    town = body.split()[-2].startswith("th")  # "thị ủy", "thị xã" (vs "huyện ủy", "huyện")
    level = "thị xã" if town else "huyện"
    if party:
        head = ("Ban Thường vụ " if body.startswith("ban") else "") + (
            "Thị ủy" if town else "Huyện ủy")
    else:
        head = "HĐND" if body.startswith(("hdnd", "hoi")) else "UBND"
        head = f"{head} {level}"
    rest = r[m.end():]
    words = rest.split()
    if ctx.locality and ctx.level == level:
        local_f = fold_aligned(ctx.local_name).split()
        n = len(local_f)
        if n and len(words) >= n and fuzz.ratio(" ".join(words[:n]), " ".join(local_f)) >= 80:
            return f"{head} {ctx.local_name}", ctx.province, m.end() + _words_span(rest, n)
        return f"{head} {ctx.local_name}", ctx.province, m.end()
    for k in (3, 2):
        place = resolve_locality(f"{level} {' '.join(words[:k])}", ctx.province)
        if place and len(words) >= k and place.level == level:
            return f"{head} {place.name}", place.province, m.end() + _words_span(rest, k)
    return head, ctx.province, m.end()


# "Hội nghị Trung ương 8 khóa XIII", "Hội nghị lần thứ tám Ban Chấp hành Trung ương khóa XIII".
_CENTRAL_CONFERENCE = re.compile(
    r"h\w{0,2}i ngh\w{0,2}\s+(?:l\w{0,2}n th\w{0,3}\s+\w+\s+)?(?:ban ch\w{0,2}p h\w{0,2}nh\s+)?"
    r"trung \w{2,5}(?:\s+(?:l\w{0,2}n th\w{0,3}\s+)?\w+)?\s+kh\w{0,2}a\s+[xivl]+\b")

#: Ministries by their folded words (current names first; pre-2025 ones still cited) -> name.
_MINISTRY_NAMES: tuple[tuple[str, str], ...] = tuple(
    (r"\s+".join(w.split()), name) for w, name in (
        ("khoa hoc va cong nghe", "Bộ Khoa học và Công nghệ"),
        ("kh&cn", "Bộ Khoa học và Công nghệ"), ("khcn", "Bộ Khoa học và Công nghệ"),
        ("thong tin va truyen thong", "Bộ Thông tin và Truyền thông"),
        ("tt&tt", "Bộ Thông tin và Truyền thông"),
        ("noi vu", "Bộ Nội vụ"), ("tai chinh", "Bộ Tài chính"), ("cong an", "Bộ Công an"),
        ("quoc phong", "Bộ Quốc phòng"), ("ngoai giao", "Bộ Ngoại giao"),
        ("tu phap", "Bộ Tư pháp"), ("cong thuong", "Bộ Công Thương"),
        ("xay dung", "Bộ Xây dựng"), ("y te", "Bộ Y tế"),
        ("nong nghiep va moi truong", "Bộ Nông nghiệp và Môi trường"),
        ("giao duc va dao tao", "Bộ Giáo dục và Đào tạo"),
        ("van hoa,? the thao va du lich", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("dan toc va ton giao", "Bộ Dân tộc và Tôn giáo"),
        ("ke hoach va dau tu", "Bộ Kế hoạch và Đầu tư"),
        ("tai nguyen va moi truong", "Bộ Tài nguyên và Môi trường"),
        ("lao dong,? thuong binh va xa hoi", "Bộ Lao động - Thương binh và Xã hội"),
    ))


#: Issuer codes of symbols that name one central body; used when the text names no issuer.
CODE_ISSUERS = {"CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội",
                "BTGTW": "Ban Tuyên giáo Trung ương", "VPTW": "Văn phòng Trung ương Đảng",
                "VPCP": "Văn phòng Chính phủ", "BKHCN": "Bộ Khoa học và Công nghệ",
                "BTTTT": "Bộ Thông tin và Truyền thông", "BNV": "Bộ Nội vụ",
                "BTC": "Bộ Tài chính", "BCA": "Bộ Công an", "BTP": "Bộ Tư pháp",
                "BGDĐT": "Bộ Giáo dục và Đào tạo", "BYT": "Bộ Y tế",
                "BCĐTW": f"Ban Chỉ đạo Trung ương về {_STEERING}"}
STATE_CODE_OF = {"Chính phủ": "CP", "Thủ tướng Chính phủ": "TTg"}


def code_issuer(symbol: Symbol, ctx: PlanContext) -> str | None:
    """The issuer a symbol's code names when the text names none: "71/NQ-CP" -> Chính phủ;
    an official letter "1552/BTTTT-THH" is signed by its first code (the ministry), and a
    provincial department's "2315/SKHCN-CPS" by the plan province's department."""
    codes = [symbol.issuer] if symbol.type_name else [symbol.doc_type, symbol.issuer]
    for code in codes:
        if code in CODE_ISSUERS:
            return CODE_ISSUERS[code]
        ministry = CODE_ISSUERS.get("B" + code[1:]) if code and code.startswith("S") else None
        if ministry and ministry.startswith("Bộ "):
            name = "Sở " + ministry.removeprefix("Bộ ")
            return f"{name} tỉnh {ctx.province}" if ctx.province else name
    return None


# "... đã ban hành", "... đã xây dựng, triển khai" right before a document's type words.
_ENACTED = re.compile(r"\s+(?:\w{1,2}\s+)?(?:(?:x\w{0,2}y d\w{0,2}ng|tri\w{0,2}n khai|ban h\w{0,2}nh)"
                      r"(?:\s*,\s*|\s+va\s+|\s+)?)+$")


def issuer_before(folded_before: str, raw_before: str,
                  ctx: PlanContext) -> tuple[str | None, str | None]:
    """"UBND phường đã ban hành Quyết định số 124/QĐ-UBND": the subject that enacted the
    document, for citations that name no issuer after the number -> (issuer, province).
    The subject is in the same clause: nothing before a ".", ";", ":" or bracket counts."""
    m = _ENACTED.search(folded_before)
    if not m:
        return None, None
    head = folded_before[:m.start()].rstrip()
    clause = max(raw_before.rfind(c) for c in ".;:()") + 1
    for w in [w.start() for w in re.finditer(r"\S+", head) if w.start() >= clause][-8:]:
        issuer, prov, used = read_issuer(head[w:], ctx)
        if issuer and w + used >= len(head):
            return issuer, prov
    return None, None
