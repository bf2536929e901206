"""The plan's issuing body, its kind (party or state), locality and province.

Read from the header's left column ("ỦY BAN NHÂN DÂN / PHƯỜNG PHƯỚC BÌNH", "ĐẢNG BỘ TỈNH ĐỒNG
NAI / ĐẢNG ỦY XÃ BÌNH TÂN") with the motto on the right stripped, or, where a plan has no header
block, from its preamble sentence "UBND xã X xây dựng/ban hành kế hoạch"; the unit is resolved
in the gazetteer, and a party body acting through its standing committee is named so.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz.distance import Levenshtein

from ingest.document import SourceText
from ingest.header_signer import restore_name
from ingest.header_text import NUMBER_LABEL, WORDS, header_fold, line_provenance
from ingest.ocr_words import DOC_TYPE_WORDS, find_phrase, phrase_at, tolerance
from ingest.places import Place, resolve_locality, resolve_province
from ingest.records import PlanHeader
from ingest.symbols import parse_symbol

_MOTTO = [
    re.compile(r"\s*\bcong hoa xa hoi chu nghia viet nam\b.*$"),
    re.compile(r"\s*\b\w{0,3}ang cong san viet nam\b.*$"),
    re.compile(r"\s*\b\w?oc [l1i]\w?p\b.*$"),
    re.compile(r"\s*\bt\w do\b.*hanh ph\w*$"),
]

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
        words = words[len(level.split()):][:_MAX_NAME_WORDS + 4]
        at = [k for k in (find_phrase(words[:_MAX_NAME_WORDS + 2], v, 1) for v in _ENACTS)
              if k is not None]
        if not at:
            at = [k for k in range(1, min(_MAX_NAME_WORDS + 1, len(words) - 2))
                  if _enacts_before_type(words, k)]
        if at and min(at) <= _MAX_NAME_WORDS:
            return m.group(1), level, " ".join(words[:min(at)])
    return None


def _enacts_before_type(words: list[str], k: int) -> bool:
    """The plan's verb at ``words[k]`` damaged one edit more than :func:`phrase_at` allows,
    its second word's first letter included ("xiy dyng", "xiy ung"), where a document type
    follows it ("... kế hoạch"): that context says what the two words are."""
    pair = "".join(words[k:k + 2])
    for verb in _ENACTS:
        glued = verb.replace(" ", "")
        if words[k][:1] == glued[:1] and \
                Levenshtein.distance(pair, glued) <= tolerance(glued) + 1 and \
                any(phrase_at(words, t, k + 2) for t in DOC_TYPE_WORDS):
            return True
    return False


def _strip_motto(folded: str) -> str:
    for pattern in _MOTTO:
        folded = pattern.sub("", folded)
    return folded.strip(" *%-")


def _province_mentions(source: SourceText, limit: int = 200) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in source.lines[:limit]:
        f = header_fold(line.text)
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
        so = NUMBER_LABEL.search(line.text)
        text = line.text[:so.start()] if so else line.text
        f = _strip_motto(header_fold(text)).strip()
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
    return (forced_level and header_fold(forced_level)), rest


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
            hit = _preamble_body(header_fold(line.text))
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
        words = WORDS.findall(line.text)
        folded = [header_fold(w) for w in words]
        for i in range(len(words) - len(target) + 1):
            if folded[i:i + len(target)] == target:
                name = " ".join(w[:1].upper() + w[1:].lower() for w in words[i:i + len(target)])
                if source.lost_diacritics:
                    name = restore_name(name)
                return name
    return None


def read_issuer(source: SourceText, top: int, h: PlanHeader) -> None:
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
            h.provenance["issuer"] = line_provenance(source, line_no, line_no, confidence,
                                           method="rule" if place else "printed")
            h.provenance["locality"] = h.provenance["issuer"]
        h.issuer_kind = kind
        h.provenance["issuer_kind"] = line_provenance(source, line_no, line_no, 0.9)
    elif h.number:
        h.issuer_kind = "party" if parse_symbol(h.number).is_party else "government"
    if province_hint:
        h.province = province_hint
        h.provenance["province"] = line_provenance(source, 1, max(top, 1), 0.85)
    elif place:
        h.province = place.province
        h.provenance["province"] = line_provenance(source, line_no, line_no, 0.8, method="gazetteer")


# Lines per window of the standing-committee search, and the windows' overlap: a match has
# five words on consecutive non-blank lines, so every match lies whole in some window.
_WINDOW, _OVERLAP = 64, 8


def _standing_committee(source: SourceText, prefix: str) -> bool:
    """The party body acts through its standing committee ("Ban Thường vụ Đảng ủy", "TM. Ban
    Thường vụ") somewhere in the text.

    Searched on the folded lines joined by spaces, window by window from the top, stopping at
    the first hit (usually in the preamble): a window is a substring of the whole joined text,
    so the answer is the whole text's without folding every line of it."""
    first = header_fold(prefix).split()[0]
    patterns = (re.compile(rf"\bban th\w{{0,3}}ng vu {first} \w{{1,3}}\b"),
                re.compile(r"\bt ?m ban th\w{0,3}ng vu\b"))
    lines = source.lines
    for start in range(0, max(len(lines), 1), _WINDOW - _OVERLAP):
        text = " ".join(header_fold(ln.text) for ln in lines[start:start + _WINDOW])
        if any(p.search(text) for p in patterns):
            return True
        if start + _WINDOW >= len(lines):
            break
    return False
