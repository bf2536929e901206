"""The grammar of Vietnamese document symbols ("số ký hiệu"), robust to OCR damage.

Three official forms (Decree 30/2020/NĐ-CP and the Party's Hướng dẫn 36-HD/VPTW):

- Party bodies:  ``number-TYPE/ISSUER``      57-NQ/TW, 469-KH/TU, 27-KH/ĐU, 01-KH/BCĐTW
- State bodies:  ``number/TYPE-ISSUER``      71/NQ-CP, 09/KH-UBND, 2315/SKHCN-CPS
- Laws, NA resolutions, decrees: ``number/year/[TYPE-]ISSUER``  193/2025/QH15, 24/2018/NĐ-CP

OCR writes them "s6 57-NQ/TW", "sb 57- NQ/TW", "5 7-NQ/TW", "09 /KH-UBND", and turns Đ into
D/P/B ("09-KH/DU", "01-KH/BCD"); drafters misprint the form ("469/KH-TU", "57-NQ-TW"). The
form is decided by the issuer code (party codes take the party form), so every variant of one
document has one canonical string. ``Symbol.key`` ignores zero padding ("2-KH/BCĐTW" is
"02-KH/BCĐTW") for deduplication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Document-type codes and their Vietnamese names.
DOC_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "KHHĐ": "Kế hoạch hành động",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "CTr": "Chương trình",
    "CT": "Chỉ thị",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "QC": "Quy chế",
    "TTr": "Tờ trình",
    "BC": "Báo cáo",
    "KL": "Kết luận",
    "ĐA": "Đề án",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "L": "Luật",
    "PL": "Pháp lệnh",
}

#: Issuer codes with their usual body (central ones are unique with the year).
ISSUERS: dict[str, str] = {
    "TW": "Trung ương",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "BCĐTW": "Ban Chỉ đạo Trung ương",
    "TU": "Tỉnh ủy",
    "ĐU": "Đảng ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "BCĐ": "Ban Chỉ đạo",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "VPCP": "Văn phòng Chính phủ",
}

# Ministry codes: Bộ + initials (BKHCN, BTTTT, BNV, BGDĐT); BCĐ is a steering committee.
_MINISTRY = re.compile(r"^B(?!CĐ)[A-ZĐ]{2,7}$")
CENTRAL_ISSUERS = {"TW", "CP", "TTg", "QH", "BCĐTW", "VPTW", "BTGTW", "VPCP"}

# Codes that carry Đ, by their OCR spellings (Đ read as D, P or B).
_D_CODES = ["QĐ", "QĐi", "ĐU", "BCĐ", "BCĐTW", "CQTTBCĐ", "HĐND", "NĐ", "CĐ", "ĐA", "KHHĐ",
            "ĐUK", "ĐTN", "VPĐU"]
_MIXED_CASE = {"CTR": "CTr", "TTR": "TTr", "TTG": "TTg", "QĐI": "QĐi"}


def _variants(code: str) -> set[str]:
    out = {""}
    for ch in code:
        opts = ["Đ", "D", "P", "B"] if ch == "Đ" else [ch]
        out = {o + x for o in out for x in opts}
    return {v.upper() for v in out}


_D_RESTORE: dict[str, str] = {}
for _code in _D_CODES:
    for _v in _variants(_code):
        # OCR variants that collide with a real code keep the real code (HD = hướng dẫn).
        if _v not in DOC_TYPES and _v not in ISSUERS and _v not in {"BC", "BB", "CP", "CB"}:
            _D_RESTORE.setdefault(_v, _code)
_D_RESTORE.update({"DU": "ĐU", "PU": "ĐU", "BU": "ĐU", "QD": "QĐ", "ND": "NĐ", "DA": "ĐA"})

_PARTY_ISSUER = re.compile(r"^(TW|TU|ĐU|HU|QU|ĐUK|TWĐ|.*TW|.*BCĐ.*|[A-ZĐ]{0,4}U)$")


def restore_code(code: str) -> str:
    """Canonical spelling of one code: Đ restored, mixed case fixed ("BCDTW" -> "BCĐTW")."""
    up = code.upper().replace("Ð", "Đ")
    if up in _MIXED_CASE:
        return _MIXED_CASE[up]
    if up in _D_RESTORE:
        return _D_RESTORE[up]
    if up in DOC_TYPES or up in {c.upper() for c in ISSUERS}:
        return next((c for c in [*DOC_TYPES, *ISSUERS] if c.upper() == up), up)
    # Compound codes ending in a steering committee: CQTTBCD -> CQTTBCĐ, BCDTW -> BCĐTW.
    up = re.sub(r"BC[DPB](?=TW$|$)", "BCĐ", up)
    up = re.sub(r"^HPND$|^HDND$", "HĐND", up)
    return up


def is_party_issuer(code: str) -> bool:
    return bool(_PARTY_ISSUER.match(code)) and code not in {"UBND", "CP", "QH", "TTg"}


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol; ``format()`` gives the canonical string."""

    number: str
    doc_type: str | None  # type code ("NQ"), None for "193/2025/QH15"
    issuer: str  # issuer code ("TW", "UBND", "QH15")
    year: int | None = None
    form: str = "party"  # party | state | year

    def format(self) -> str:
        if self.form == "year":
            tail = f"{self.doc_type}-{self.issuer}" if self.doc_type else self.issuer
            return f"{self.number}/{self.year}/{tail}"
        if self.form == "state":
            return f"{self.number}/{self.doc_type}-{self.issuer}"
        return f"{self.number}-{self.doc_type}/{self.issuer}"

    @property
    def key(self) -> str:
        """Identity for deduplication: zero padding ignored."""
        return Symbol(str(int(self.number)), self.doc_type, self.issuer, self.year,
                      self.form).format()

    @property
    def type_name(self) -> str | None:
        return DOC_TYPES.get(self.doc_type or "")

    @property
    def is_central(self) -> bool:
        """Central bodies, laws, and ministries ("3090/QĐ-BKHCN", "1552/BTTTT-TTH")."""
        if self.issuer in CENTRAL_ISSUERS or self.form == "year":
            return True
        return any(_MINISTRY.match(code or "") for code in (self.issuer, self.doc_type))

    @property
    def is_party(self) -> bool:
        return self.form == "party"

    def __str__(self) -> str:
        return self.format()


# A code starts with a capital; OCR reads a leading Đ as lower-case "b" too ("10-KH/bU").
_CODE = r"(?:[A-ZĐÐ]|b(?=[A-Z]))[A-Za-zĐđÐ]{0,9}"
_DASH = "[-–—]"  # OCR prints "-" as an em dash ("57—NQ/TW", "92/KH—UBND")
# The issuer code ends the symbol where the word ends, or where OCR glued the next word to it:
# an upper-case letter followed by two lower-case ones ("10-KH/ĐUngày", "71/NQ-CPngay"); mixed
# codes ("CTr", "TTg", "QĐi") end in a single lower-case letter, so they are kept whole.
_ISS = (r"(?P<iss>(?:[A-ZĐÐ]|b(?=[A-Z]))[A-Za-zĐđÐ]{0,9}?)"
        r"(?:(?![\w/])|(?<=[A-ZĐÐ])(?=[^\W\d_A-ZĐÐ]{2}))")
_SEP = r"\s{0,2}"
_NUM = r"(?P<num>\d{1,5})"
_PATTERNS = [
    ("year", re.compile(
        rf"{_NUM}{_SEP}/{_SEP}(?P<year>(?:19|20)\d\d){_SEP}/{_SEP}"
        rf"(?:(?P<type>{_CODE}){_SEP}-{_SEP})?(?P<iss>[A-ZĐ][A-Za-zĐ]{{0,9}}\d{{0,2}})(?![\w/])")),
    ("state", re.compile(
        rf"{_NUM}{_SEP}/{_SEP}(?P<type>{_CODE}){_SEP}{_DASH}{_SEP}{_ISS}")),
    # The slash may be lost to OCR ("57-NQ TW", "469-KHTU"): then only a known type code
    # followed by a known issuer code is read (see _split_codes).
    ("party", re.compile(
        rf"{_NUM}{_SEP}{_DASH}{_SEP}(?P<type>{_CODE})(?P<sep>{_SEP}[/–—-]{_SEP}| ?){_ISS}")),
]
# "số" as OCR prints it, before a symbol: số, so, s6, sb, s0, sé, sô, S6 glued to the number.
_SO_PREFIX = re.compile(r"^\s*(?:s[ốôoó6b0éeồ]|S[ỐÔO6B0ÉE])\s*[:.]?\s*", re.UNICODE)
_SPLIT_BEFORE = re.compile(r"(?:^|(?<!\w)[sS$][ốôoó6b0éèeỐÔOÓÉÈE]:?\s{0,2})(\d)\s$")
# "số" read as one token with its "ố" as a digit ("s6", "S0"), glued to what follows.
_GLUED_SO = re.compile(r"(?<![^\W\d_])[sS][60]$")
_SPLIT_NUM = re.compile(r"^(\d)\s(\d)(?=\s{0,2}[-/])")
# The two patterns above only match the last few characters before a symbol: they are
# searched in this many characters (more than their longest match, lookbehind included)
# rather than in the whole text before it, which made a document's search quadratic.
_LOOKBACK = 16


@dataclass(frozen=True)
class SymbolMatch:
    symbol: Symbol
    start: int
    end: int
    printed: str


def _split_codes(type_code: str, issuer: str, spaced: bool) -> tuple[str, str] | None:
    """(type, issuer) of a party symbol whose slash OCR lost: a known type code, then a known
    issuer code; glued ("KHTU") they are split where both are known."""
    codes = type_code + issuer
    if not re.fullmatch(r"[A-ZĐ]+", codes):
        return None
    cuts = [len(type_code)] if spaced else range(1, len(codes))
    for k in cuts:
        t, i = restore_code(codes[:k]), restore_code(codes[k:])
        if t in DOC_TYPES and len(i) >= 2 and (i in ISSUERS or is_party_issuer(i)):
            return t, i
    return None


def _build(form: str, m: re.Match[str]) -> Symbol | None:
    num = m.group("num")
    type_code = m.group("type")
    issuer = restore_code(m.group("iss"))
    type_code = restore_code(type_code) if type_code else None
    year = int(m.group("year")) if form == "year" else None
    if form == "party" and not m.group("sep").strip():
        split = _split_codes(m.group("type"), m.group("iss"), bool(m.group("sep")))
        if split is None:
            return None
        type_code, issuer = split
        form = "party"
    if form == "year":
        if re.fullmatch(r"[A-ZĐ]+\d*", issuer) is None and type_code is None:
            return None
        return Symbol(num, type_code, issuer, year, "year")
    if type_code is None or len(type_code) > 6:
        return None
    # The issuer code decides the form: "469/KH-TU" and "57-NQ-TW" are party symbols;
    # "71-NQ/CP" is a state symbol.
    party = is_party_issuer(issuer)
    if form == "party" and not party and issuer in ISSUERS:
        form = "state"
    elif form == "state" and party:
        form = "party"
    return Symbol(num, type_code, issuer, None, form)


def find_symbols(text: str) -> list[SymbolMatch]:
    """Every symbol in ``text``, left to right, non-overlapping."""
    found: list[SymbolMatch] = []
    taken: list[tuple[int, int]] = []
    for form, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if m.start() > 0 and text[m.start() - 1].isdigit():
                continue
            if text[m.end():m.end() + 1].isalpha() and not text[m.end():m.end() + 2].islower():
                continue  # the glued-word branch of _ISS only before lower-case letters
            sym = _build(form, m)
            if sym is None:
                continue
            start = m.start()
            if (_GLUED_SO.search(text, max(0, start - _LOOKBACK), start + 1)
                    and m.group("num")[0] in "60"):
                # "S627 -KH/ĐU" is "Số 27"; "số\n-KH/TU" read as "s6 -KH/TU" has no number yet.
                if len(m.group("num")) == 1:
                    continue
                sym = Symbol(m.group("num")[1:], sym.doc_type, sym.issuer, sym.year, sym.form)
                start += 1
            # "5 7-NQ/TW": a single digit split from the next one, right after "số".
            split = (_SPLIT_BEFORE.search(text, max(0, start - _LOOKBACK), start)
                     if len(m.group("num")) == 1 else None)
            if split:
                sym = Symbol(split.group(1) + sym.number, sym.doc_type, sym.issuer, sym.year,
                             sym.form)
                start = split.start(1)
            taken.append((start, m.end()))
            found.append(SymbolMatch(sym, start, m.end(), text[start:m.end()]))
    return sorted(found, key=lambda s: s.start)


def parse_symbol(text: str) -> Symbol | None:
    """Parse a symbol written alone (optionally after "Số:"); None if there is none. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return None
    s = text.strip()
    glued = re.match(r"^(?:s[ốôo6b0é]|S[ỐÔO6B0É])(\d{1,5}\s{0,2}[-/])", s)
    if glued:  # "S627 -KH/PU": "Số" glued to the number
        s = s[2:]
    else:
        s = _SO_PREFIX.sub("", s, count=1)
    s = _SPLIT_NUM.sub(r"\1\2", s)
    matches = find_symbols(s)
    return matches[0].symbol if matches else None


def canonical_symbol(text: str) -> str | None:
    """The canonical string of the symbol in ``text`` ("sb 57- NQ/TW" -> "57-NQ/TW")."""
    sym = parse_symbol(text)
    return sym.format() if sym else None


def symbol_key(canonical: str | None) -> str | None:
    """Deduplication key of a canonical symbol string."""
    if not canonical:
        return None
    sym = parse_symbol(canonical)
    return sym.key if sym else canonical
