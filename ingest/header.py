"""Pipeline stage ``header``: the plan's own identity from its header block and signature.

A Vietnamese administrative header is two columns flattened onto lines by OCR: the issuing body
on the left ("ỦY BAN NHÂN DÂN / PHƯỜNG PHƯỚC BÌNH", "ĐẢNG BỘ TỈNH ĐỒNG NAI / ĐẢNG ỦY XÃ BÌNH
TÂN"), the national or party motto on the right; then "Số: 09/KH-UBND" and "Place, ngày ..
tháng .. năm ..", then the document type ("KẾ HOẠCH") and the title up to the preamble
("Căn cứ ...", "Thực hiện ..."). The signer's name closes the signature block next to
"Nơi nhận". Everything is matched on OCR-folded text (``places.ocr_fold``); displayed strings
are rebuilt from vocabulary (gazetteer names, level words, body words) so they carry full marks
even when the text lost them.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ingest.citation_text import restore_text
from ingest.document import SourceText
from ingest.ocr_words import find_phrase, opens_with, phrase_at
from ingest.places import Place, ocr_fold, resolve_locality, resolve_province
from ingest.records import PlanHeader, PlanRecord, Provenance
from ingest.symbols import find_symbols, parse_symbol

#: Document-type lines (folded) and their display names; longest first.
DOC_TYPE_NAMES: dict[str, str] = {
    "chuong trinh hanh dong": "Chương trình hành động",
    "ke hoach hanh dong": "Kế hoạch hành động",
    "ke hoach": "Kế hoạch",
    "chuong trinh": "Chương trình",
    "nghi quyet": "Nghị quyết",
    "quyet dinh": "Quyết định",
    "quy dinh": "Quy định",
    "huong dan": "Hướng dẫn",
    "thong bao": "Thông báo",
    "bao cao": "Báo cáo",
    "quy che": "Quy chế",
    "de an": "Đề án",
    "chi thi": "Chỉ thị",
    "to trinh": "Tờ trình",
}

_MOTTO = [
    re.compile(r"\s*\bcong hoa xa hoi chu nghia viet nam\b.*$"),
    re.compile(r"\s*\b\w{0,3}ang cong san viet nam\b.*$"),
    re.compile(r"\s*\b\w?oc [l1i]\w?p\b.*$"),
    re.compile(r"\s*\bt\w do\b.*hanh ph\w*$"),
]
_PREAMBLE = re.compile(r"^(c[aiâ]n c\w{0,2}|th\w{0,2}c hi\w{0,2}n|tri\w{0,2}n khai|x[eé]t d\w n"
                       r"ghi|theo d\w n)\b")
_HEADING = re.compile(r"^([ivx]+|\d+)[.)]\s")
_SO = re.compile(r"(?<![^\W\d_])(?:[sS][ốôoó6b0éèeỐÔOÓÉÈE])\s*[:.]?\s*(?=\d|[.…]{2,})")
_DIGITS = str.maketrans({"i": "1", "l": "1", "o": "0", "s": "5", "z": "2", "b": "6", "g": "9"})
_DATE_WORDS = re.compile(
    r"ng\w{0,2}y\s*(?P<d>[0-9ilosz](?:\s?[0-9])?)\s*,?\s*th\w{0,3}ng\s*(?P<m>[0-9ilosz]{1,2})\s*,?\s*"
    r"n\w{0,2}m\s*(?P<y>[0-9]{4})")
_DATE_SLASH = re.compile(r"ng\w{0,2}y\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")

# Left-column bodies: folded pattern -> (display prefix, issuer kind, locality level word).
_BODIES: list[tuple[re.Pattern[str], str, str, str | None]] = [
    (re.compile(r"\b(uy ban nhan dan|ubnd)\b"), "UBND", "government", None),
    (re.compile(r"\bhoi dong nhan dan\b"), "HĐND", "government", None),
    (re.compile(r"\bd\w?ang uy\b"), "Đảng ủy", "party", None),
    (re.compile(r"\bthi uy\b"), "Thị ủy", "party", "thị xã"),
    (re.compile(r"\bhuyen uy\b"), "Huyện ủy", "party", "huyện"),
    (re.compile(r"\bquan uy\b"), "Quận ủy", "party", "quận"),
    (re.compile(r"\bthanh uy\b"), "Thành ủy", "party", "thành phố"),
    (re.compile(r"\btinh uy\b"), "Tỉnh ủy", "party", "tỉnh"),
]
_LEVEL_WORDS = r"(phuong|xa|thi tran|dac khu|thi xa|huyen|quan|thanh pho|tinh)"
_LEVEL_DISPLAY = {"phuong": "phường", "xa": "xã", "thi tran": "thị trấn", "dac khu": "đặc khu",
                  "thi xa": "thị xã", "huyen": "huyện", "quan": "quận", "thanh pho": "thành phố",
                  "tinh": "tỉnh"}
_PARTY_WORDS = re.compile(r"\b(d\w?ang uy|d\w?ang bo|thi uy|tinh uy|huyen uy|quan uy|thanh uy|"
                          r"ban thuong vu)\b")
_STANDING = re.compile(r"\bban th\w{0,3}ng vu\b")

# Vietnamese name syllables (folded -> usual marked form), common first: signer names are
# rebuilt from these where OCR destroyed the marks.
_SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh "
             "Trương Lâm Mai Trịnh Đào Cao Lương Tô Hà Tạ Châu Quách Lưu Kiều Thái Đoàn "
             "Triệu Hứa Lại La Từ Phùng Chu Đàm Thân Tống Khổng Mạc Nông Lò Vi").split()
_GIVEN = ("Văn Thị Hữu Đức Minh Anh Hoàng Quang Thanh Ngọc Xuân Hồng Thu Bá Công Đình Quốc "
          "Trung Tuấn Hùng Dũng Hải Nam Sơn Long Phúc Việt Tiến Thắng Bình Hòa Cường Hiếu Hiền "
          "Lan Hương Hạnh Hà Huy Khánh Khoa Lâm Linh Lộc Mạnh Nga Nhân Nhung Phong Phương Quân "
          "Quý Tâm Tân Thành Thảo Thịnh Thủy Toàn Trí Trọng Tú Tùng Vinh Vũ Yến Kim Bảo Chí Gia "
          "Hiệp Huệ Kiên Lực Lợi Luân Mai Na Nghĩa Ninh Oanh Quyết Sang Tài Thái Thiện Thông "
          "Thuận Tiên Trang Trâm Tuyết Uyên Vân Vy Duy Đạt Định Đông Giang Hậu Hiển Hưng Kha "
          "Khải Khang Khôi Luận Nguyên Nhật Phát Tín Tường Biết Châu Diệp").split()
_SURNAME_KEYS = {ocr_fold(w) for w in _SURNAMES}
_SURNAME_FOLDS = [ocr_fold(c) for c in _SURNAMES]
_GIVEN_FOLDS = [ocr_fold(c) for c in _GIVEN]

_DP = re.compile(r"\bdp|\bpd")
_NOI_NHAN = re.compile(r"^n\w{0,2}i nh\w{0,3}n\b")
_PHU_LUC = re.compile(r"^\s*ph\w{0,2} l\w{0,2}c\b")
_WORDS = re.compile(r"[^\W\d_]+")
_PROVINCE_MENTION = re.compile(r"\b(?:tinh|thanh pho)\s+((?:[a-z]+\s*){1,4})")
_PREAMBLE_BODY = re.compile(r"\b(ubnd|uy ban nhan dan|d\w?ang uy|ban thuong vu d\w?ang uy)\s+"
                            r"([a-z ]+)")
#: Level words of a unit, longest first; the one-word ones may carry one OCR error ("xi").
_LEVELS = ("thi tran", "dac khu", "thi xa", "thanh pho", "phuong", "huyen", "quan", "tinh", "xa")
#: The plan's own verb after its issuer in the preamble ("UBND xã X xây dựng kế hoạch").
_ENACTS = ("xay dung", "ban hanh")
_MAX_NAME_WORDS = 5


def _preamble_body(folded: str) -> tuple[str, str, str] | None:
    """(body words, level word, unit name) of "UBND xã X xây dựng/ban hành ..." in a folded
    line; the verb is matched OCR-tolerantly ("xay dng", "xiy dung")."""
    for m in _PREAMBLE_BODY.finditer(folded):
        words = m.group(2).split()
        level = next((lv for lv in _LEVELS if words[:len(lv.split())] == lv.split()), None) \
            or next((lv for lv in _LEVELS if " " not in lv and phrase_at(words, lv, 0)), None)
        if level is None:
            continue
        words = words[len(level.split()):][:_MAX_NAME_WORDS + 2]
        at = [k for k in (find_phrase(words, v, 1) for v in _ENACTS) if k is not None]
        if at and min(at) <= _MAX_NAME_WORDS:
            return m.group(1), level, " ".join(words[:min(at)])
    return None


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """OCR fold for header matching; memoised, as stages fold the same lines repeatedly."""
    return _DP.sub("d", ocr_fold(text))


def _prov(source: SourceText, start: int, end: int, conf: float = 0.9,
          method: str = "rule") -> Provenance:
    page = source.lines[start - 1].page if 0 < start <= len(source.lines) else None
    return Provenance(doc=source.name, line_start=start, line_end=end, method=method,
                      confidence=conf, page=page)


def find_doc_type_line(source: SourceText, limit: int = 40) -> tuple[int, str] | None:
    """Index and display name of the document-type line ("KẾ HOẠCH") near the top."""
    return _doc_type_in(tuple(line.text for line in source.lines[:limit]))


@lru_cache(maxsize=256)
def _doc_type_in(texts: tuple[str, ...]) -> tuple[int, str] | None:
    """:func:`find_doc_type_line` on the top lines' texts; memoised, as the citation stage
    asks once per mention."""
    for i, text in enumerate(texts):
        f = _fold(text)
        if not f or len(f) > 30:
            continue
        for key, name in DOC_TYPE_NAMES.items():
            if f == key or fuzz.ratio(f, key) >= 85:
                if text.strip().isupper() or text.strip()[:1].isupper():
                    return i, name
    return None


def _strip_motto(folded: str) -> str:
    for pattern in _MOTTO:
        folded = pattern.sub("", folded)
    return folded.strip(" *%-")


def _parse_date(text: str) -> str | None:
    f = _fold(text)
    for pattern in (_DATE_WORDS, _DATE_SLASH):
        m = pattern.search(f)
        if not m:
            continue
        try:
            d = int(m.group("d").replace(" ", "").translate(_DIGITS))
            mo = int(m.group("m").translate(_DIGITS))
            y = int(m.group("y"))
        except ValueError:
            continue
        if 1 <= d <= 31 and 1 <= mo <= 12 and 1990 <= y <= 2100:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _restore_name(raw: str) -> str:
    """Rebuild a name from syllable lexicons (surname first, then given-name syllables): the
    nearest by edit distance, the more common form on ties."""
    words = []
    for i, w in enumerate(raw.split()):
        lex, folds = (_SURNAMES, _SURNAME_FOLDS) if i == 0 else (_GIVEN, _GIVEN_FOLDS)
        key = _fold(w).replace("ii", "u")
        dist, _, best = min((Levenshtein.distance(key, f), r, c)
                            for r, (c, f) in enumerate(zip(lex, folds, strict=True)))
        words.append(best if dist <= max(1, len(key) // 3) else w)
    return " ".join(words)


def _fix_vocabulary(text: str, header: PlanHeader) -> str:
    """Vocabulary the restorer may miss: the plan's own locality, "năm <year>", "ngày <day>"."""
    text = re.sub(r"\b[nN]am(?= \d{4}\b)", lambda m: "Năm" if m.group(0)[0] == "N" else "năm",
                  text)
    if header.locality:
        target = _fold(header.locality).split()
        words = list(re.finditer(r"\S+", text))
        for i in range(len(words) - len(target) + 1):
            window = words[i:i + len(target)]
            if [_fold(w.group(0)) for w in window] == target:
                start, end = window[0].start(), window[-1].end()
                trail = re.search(r"[^\w]*$", window[-1].group(0)).group(0)
                return text[:start] + header.locality + trail + text[end:]
    return text


def find_signer(source: SourceText) -> tuple[str, int] | None:
    """The last person name in the signature block around "Nơi nhận"; (name, line number)."""
    start = next((i for i in range(len(source.lines) - 1, -1, -1)  # the last one, from the end
                  if _NOI_NHAN.match(_fold(source.lines[i].text))), None)
    if start is None:
        return None
    best: tuple[str, int] | None = None
    for line in source.lines[start:start + 30]:
        if _PHU_LUC.match(_fold(line.text)) and best:
            break
        tokens = _WORDS.findall(line.text)
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            if _fold(tok).replace("ii", "u") in _SURNAME_KEYS and tok[:1].isupper():
                rest = []
                for nxt in tokens[k + 1:k + 4]:
                    if not nxt[:1].isupper() or (nxt.isupper() and len(nxt) > 1):
                        break
                    rest.append(nxt)
                if 1 <= len(rest) <= 3:
                    best = (" ".join([tok, *rest]), line.number)
                    k += len(rest)
            k += 1
    return best


def _province_mentions(source: SourceText, limit: int = 200) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in source.lines[:limit]:
        f = _fold(line.text)
        for m in _PROVINCE_MENTION.finditer(f):
            words = m.group(1).split()
            for n in (4, 3, 2):
                if len(words) >= n:
                    hit = resolve_province(" ".join(words[:n]))
                    if hit and hit[1] >= 95:
                        counts[hit[0]] += 1
                        break
    return counts


def _issuer_block(source: SourceText, end: int) -> list[tuple[int, str]]:
    """(line number, folded left-column text) of the header lines before the doc type.

    The left column ends where "Số: ..." begins (OCR puts it on its own line; a DOCX header
    table puts the whole cell on one line)."""
    out = []
    for line in source.lines[:end]:
        so = _SO.search(line.text)
        text = line.text[:so.start()] if so else line.text
        f = _strip_motto(_fold(text)).strip()
        if f:
            out.append((line.number, f))
    return out


def _body_from_text(folded: str) -> tuple[str, str, str | None, str] | None:
    """(prefix, kind, level word, remaining folded name) from one folded header/preamble text."""
    for pattern, prefix, kind, level in _BODIES:
        m = pattern.search(folded)
        if m:
            rest = folded[m.end():].strip()
            return prefix, kind, level, rest
    return None


def _locality_from(rest: str, forced_level: str | None) -> tuple[str | None, str]:
    m = re.match(rf"^{_LEVEL_WORDS}\s+(.+)$", rest)
    if m:
        return m.group(1), m.group(2)
    return (forced_level and _fold(forced_level)), rest


def extract_header(source: SourceText, record: PlanRecord) -> None:
    """Fill ``record.header`` with number, type, issuer, locality, province, date, title, signer."""
    h = record.header
    dt = find_doc_type_line(source)
    top = dt[0] if dt else min(len(source.lines), 12)
    if dt:
        h.doc_type = dt[1]
        h.provenance["doc_type"] = _prov(source, dt[0] + 1, dt[0] + 1, 0.95)
    _read_number(source, top, h)
    _read_date(source, top, h)
    _read_issuer(source, top, h)
    if dt:
        _read_title(source, dt[0], h)
    signer = find_signer(source)
    if signer:
        lost = source.lost_diacritics
        h.signer = _restore_name(signer[0]) if lost else signer[0]
        h.provenance["signer"] = _prov(source, signer[1], signer[1], 0.7 if lost else 0.9)


def _read_number(source: SourceText, top: int, h: PlanHeader) -> None:
    """The symbol after "Số" in the header (None when left blank, "Số: ..../KH-UBND")."""
    for line in source.lines[:top]:
        m = _SO.search(line.text)
        if m:
            sym = parse_symbol(line.text[m.start():])
            h.number = sym.format() if sym else None
            h.provenance["number"] = _prov(source, line.number, line.number,
                                           0.9 if sym else 0.5)
            return
    for line in source.lines[:top]:  # no "Số": a symbol alone in the header ("261-KH/TU")
        found = find_symbols(line.text)
        if found:
            h.number = found[0].symbol.format()
            h.provenance["number"] = _prov(source, line.number, line.number, 0.7)
            return


def _read_date(source: SourceText, top: int, h: PlanHeader) -> None:
    """"Place, ngày .. tháng .. năm ...." in the header."""
    for line in source.lines[:top + 1]:
        iso = _parse_date(line.text)
        if iso:
            h.date = iso
            h.provenance["date"] = _prov(source, line.number, line.number, 0.85)
            return


def _find_body(source: SourceText,
               top: int) -> tuple[tuple[str, str, str | None, str] | None, int | None, str | None]:
    """(issuing body, its line, province printed in a party header) from the left column, or
    from the preamble's "UBND xã X xây dựng/ban hành" sentence when there is no header block."""
    block = _issuer_block(source, top)
    province_hint: str | None = None
    body = None
    body_line = None
    for k, (num, f) in enumerate(block):
        if re.search(r"\bd\w?ang bo (tinh|thanh pho)\b", f):
            hit = resolve_province(re.sub(r"^.*?\bd\w?ang bo\s+", "", f))
            province_hint = hit[0] if hit else province_hint
            continue
        parsed = _body_from_text(f)
        if parsed and body is None:
            prefix, kind, level, rest = parsed
            if not rest and k + 1 < len(block):
                rest = block[k + 1][1]
            body, body_line = (prefix, kind, level, rest), num
    if body is None:
        for line in source.lines[:150]:
            hit = _preamble_body(_fold(line.text))
            parsed = _body_from_text(hit[0]) if hit else None
            if hit and parsed:
                body = (parsed[0], parsed[1], None, f"{hit[1]} {hit[2]}")
                body_line = line.number
                break
    return body, body_line, province_hint


def _resolve_unit(level_display: str | None, name: str, hint: str | None) -> Place | None:
    if level_display in ("tỉnh", "thành phố"):  # a provincial plan: the province is the unit
        hit = resolve_province(name)
        if hit:
            return Place(name=hit[0], level=level_display, province=hit[0], score=hit[1])
    if level_display == "tỉnh":
        return None
    query = f"{level_display} {name}" if level_display else name
    return resolve_locality(query, hint) or resolve_locality(query, None)


def _printed_name(source: SourceText, line_no: int, folded_name: str) -> str | None:
    """The unit's name as printed near the issuer line, for a unit the gazetteer cannot place
    (ambiguous without a province, or not in it): "XÃ TÂN HÒA" -> "Tân Hòa"."""
    target = folded_name.split()
    if not target or len(target) > 5:
        return None
    for line in source.lines[max(line_no - 1, 0):line_no + 2]:
        words = _WORDS.findall(line.text)
        folded = [_fold(w) for w in words]
        for i in range(len(words) - len(target) + 1):
            if folded[i:i + len(target)] == target:
                name = " ".join(w[:1].upper() + w[1:].lower() for w in words[i:i + len(target)])
                if source.lost_diacritics:
                    name = _restore_name(name)
                return name
    return None


def _read_issuer(source: SourceText, top: int, h: PlanHeader) -> None:
    """Issuer, its kind, locality and province."""
    body, body_line, province_hint = _find_body(source, top)
    mentions = _province_mentions(source)
    if province_hint is None and mentions:
        province_hint = mentions.most_common(1)[0][0]
    line_no = body_line or 1
    place: Place | None = None
    if body:
        prefix, kind, forced_level, rest = body
        level_key, name = _locality_from(rest, forced_level)
        place = _resolve_unit(_LEVEL_DISPLAY.get(level_key or "", forced_level), name,
                              province_hint)
        party = kind == "party" or bool(h.number and parse_symbol(h.number).is_party)
        kind = "party" if party else "government"
        confidence = min(0.95, place.score / 100) if place else 0.5
        level_display = _LEVEL_DISPLAY.get(level_key or "", forced_level)
        printed = None if place else _printed_name(source, line_no, name)
        if place or (printed and level_display):
            unit_name = place.name if place else printed
            locality = f"{place.level if place else level_display} {unit_name}"
            issuer = (f"{prefix} {unit_name}" if prefix.endswith(" ủy") and prefix != "Đảng ủy"
                      else f"{prefix} {locality}")
            standing = kind == "party" and _standing_committee(source, prefix)
            h.issuer = f"Ban Thường vụ {issuer}" if standing else issuer
            h.locality = locality
            h.provenance["issuer"] = _prov(source, line_no, line_no, confidence,
                                           method="rule" if place else "printed")
            h.provenance["locality"] = h.provenance["issuer"]
        h.issuer_kind = kind
        h.provenance["issuer_kind"] = _prov(source, line_no, line_no, 0.9)
    elif h.number:
        h.issuer_kind = "party" if parse_symbol(h.number).is_party else "government"
    if province_hint:
        h.province = province_hint
        h.provenance["province"] = _prov(source, 1, max(top, 1), 0.85)
    elif place:
        h.province = place.province
        h.provenance["province"] = _prov(source, line_no, line_no, 0.8, method="gazetteer")


# Lines per window of the standing-committee search, and the windows' overlap: a match has
# five words on consecutive non-blank lines, so every match lies whole in some window.
_WINDOW, _OVERLAP = 64, 8


def _standing_committee(source: SourceText, prefix: str) -> bool:
    """The party body acts through its standing committee ("Ban Thường vụ Đảng ủy", "TM. Ban
    Thường vụ") somewhere in the text.

    Searched on the folded lines joined by spaces, window by window from the top, stopping at
    the first hit (usually in the preamble): a window is a substring of the whole joined text,
    so the answer is the whole text's without folding every line of it."""
    first = _fold(prefix).split()[0]
    patterns = (re.compile(rf"\bban th\w{{0,3}}ng vu {first} \w{{1,3}}\b"),
                re.compile(r"\bt ?m ban th\w{0,3}ng vu\b"))
    lines = source.lines
    for start in range(0, max(len(lines), 1), _WINDOW - _OVERLAP):
        text = " ".join(_fold(ln.text) for ln in lines[start:start + _WINDOW])
        if any(p.search(text) for p in patterns):
            return True
        if start + _WINDOW >= len(lines):
            break
    return False


def _opens_preamble(folded: str, raw: str) -> bool:
    """A preamble line ("Căn cứ ...", or OCR'd "Cdn cu ...", "Can ciKé ...") ends the title."""
    return bool(_PREAMBLE.match(folded)) or opens_with(raw)


def _read_title(source: SourceText, dt_index: int, h: PlanHeader) -> None:
    """The lines after the document type up to the preamble (a blank line inside is allowed)."""
    lines = source.lines
    title_lines = []
    i = dt_index + 1
    while i < len(lines) and len(title_lines) < 8:
        text = lines[i].text.strip()
        if not text:
            j = i + 1
            while j < len(lines) and not lines[j].text.strip():
                j += 1
            raw = lines[j].text if j < len(lines) else ""
            nxt = _fold(raw)
            if title_lines and (_opens_preamble(nxt, raw) or _HEADING.match(nxt) or j - i > 2):
                break
            i = j
            continue
        f = _fold(text)
        if title_lines and (_opens_preamble(f, text) or _HEADING.match(f)):
            break
        title_lines.append(lines[i])
        i += 1
    if not title_lines:
        return
    lost = source.lost_diacritics
    title = re.sub(r"\s+", " ", " ".join(ln.text.strip() for ln in title_lines))
    title = re.sub(r"(\d)-\s+(?=[A-ZĐ])", r"\1-", title)
    title = _fix_vocabulary(restore_text(title, lost), h)
    h.title = title[:1].upper() + title[1:]
    h.provenance["title"] = _prov(source, title_lines[0].number, title_lines[-1].number,
                                  0.8 if lost else 0.95)


__all__ = ["DOC_TYPE_NAMES", "extract_header", "find_doc_type_line", "find_signer"]
