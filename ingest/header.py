"""Pipeline stage ``header``: the plan's own identity from its header block and signature.

A Vietnamese administrative header is two columns flattened onto lines by OCR: the issuing body
on the left ("ỦY BAN NHÂN DÂN / PHƯỜNG PHƯỚC BÌNH", "ĐẢNG BỘ TỈNH ĐỒNG NAI / ĐẢNG ỦY XÃ BÌNH
TÂN"), the national or party motto on the right; then "Số: 09/KH-UBND" and "Place, ngày ..
tháng .. năm ..", then the document type ("KẾ HOẠCH") and the title up to the preamble
("Căn cứ ...", "Thực hiện ..."). The signer's name closes the signature block next to
"Nơi nhận". Everything is matched on OCR-folded text (``places.ocr_fold``); displayed strings
are rebuilt from vocabulary (gazetteer names, level words, body words) so they carry full marks
even when the text lost them. This module reads the number, date, type and title; the issuer
is read by ``header_issuer``, the signer by ``header_signer``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from ingest.citation_text import restore_text
from ingest.document import SourceText
from ingest.header_issuer import read_issuer
from ingest.header_signer import find_signer, restore_name
from ingest.header_text import NUMBER_LABEL, header_fold, line_provenance
from ingest.ocr_words import opens_with
from ingest.records import PlanHeader, PlanRecord
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

_PREAMBLE = re.compile(r"^(c[aiâ]n c\w{0,2}|th\w{0,2}c hi\w{0,2}n|tri\w{0,2}n khai|x[eé]t d\w n"
                       r"ghi|theo d\w n)\b")
_HEADING = re.compile(r"^([ivx]+|\d+)[.)]\s")
_DIGITS = str.maketrans({"i": "1", "l": "1", "o": "0", "s": "5", "z": "2", "b": "6", "g": "9"})
_DATE_WORDS = re.compile(
    r"ng\w{0,2}y\s*(?P<d>[0-9ilosz](?:\s?[0-9])?)\s*,?\s*th\w{0,3}ng\s*(?P<m>[0-9ilosz]{1,2})\s*,?\s*"
    r"n\w{0,2}m\s*(?P<y>[0-9]{4})")
_DATE_SLASH = re.compile(r"ng\w{0,2}y\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})")



def find_doc_type_line(source: SourceText, limit: int = 40) -> tuple[int, str] | None:
    """Index and display name of the document-type line ("KẾ HOẠCH") near the top."""
    return _doc_type_in(tuple(line.text for line in source.lines[:limit]))


@lru_cache(maxsize=256)
def _doc_type_in(texts: tuple[str, ...]) -> tuple[int, str] | None:
    """:func:`find_doc_type_line` on the top lines' texts; memoised, as the citation stage
    asks once per mention."""
    for i, text in enumerate(texts):
        f = header_fold(text)
        if not f or len(f) > 30:
            continue
        for key, name in DOC_TYPE_NAMES.items():
            if f == key or fuzz.ratio(f, key) >= 85:
                if text.strip().isupper() or text.strip()[:1].isupper():
                    return i, name
    return None


def _parse_date(text: str) -> str | None:
    f = header_fold(text)
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


def _fix_vocabulary(text: str, header: PlanHeader) -> str:
    """Vocabulary the restorer may miss: the plan's own locality, "năm <year>", "ngày <day>"."""
    text = re.sub(r"\b[nN]am(?= \d{4}\b)", lambda m: "Năm" if m.group(0)[0] == "N" else "năm",
                  text)
    if header.locality:
        target = header_fold(header.locality).split()
        words = list(re.finditer(r"\S+", text))
        for i in range(len(words) - len(target) + 1):
            window = words[i:i + len(target)]
            if [header_fold(w.group(0)) for w in window] == target:
                start, end = window[0].start(), window[-1].end()
                trail = re.search(r"[^\w]*$", window[-1].group(0)).group(0)
                return text[:start] + header.locality + trail + text[end:]
    return text


def extract_header(source: SourceText, record: PlanRecord) -> None:
    """Fill ``record.header`` with number, type, issuer, locality, province, date, title, signer."""
    h = record.header
    dt = find_doc_type_line(source)
    top = dt[0] if dt else min(len(source.lines), 12)
    if dt:
        h.doc_type = dt[1]
        h.provenance["doc_type"] = line_provenance(source, dt[0] + 1, dt[0] + 1, 0.95)
    _read_number(source, top, h)
    _read_date(source, top, h)
    read_issuer(source, top, h)
    if dt:
        _read_title(source, dt[0], h)
    signer = find_signer(source)
    if signer:
        lost = source.lost_diacritics
        h.signer = restore_name(signer[0]) if lost else signer[0]
        h.provenance["signer"] = line_provenance(source, signer[1], signer[1],
                                                 0.7 if lost else 0.9)


def _read_number(source: SourceText, top: int, h: PlanHeader) -> None:
    """The symbol after "Số" in the header (None when left blank, "Số: ..../KH-UBND")."""
    for line in source.lines[:top]:
        m = NUMBER_LABEL.search(line.text)
        if m:
            sym = parse_symbol(line.text[m.start():])
            h.number = sym.format() if sym else None
            h.provenance["number"] = line_provenance(source, line.number, line.number,
                                                     0.9 if sym else 0.5)
            return
    for line in source.lines[:top]:  # no "Số": a symbol alone in the header ("261-KH/TU")
        found = find_symbols(line.text)
        if found:
            h.number = found[0].symbol.format()
            h.provenance["number"] = line_provenance(source, line.number, line.number, 0.7)
            return


def _read_date(source: SourceText, top: int, h: PlanHeader) -> None:
    """"Place, ngày .. tháng .. năm ...." in the header."""
    for line in source.lines[:top + 1]:
        iso = _parse_date(line.text)
        if iso:
            h.date = iso
            h.provenance["date"] = line_provenance(source, line.number, line.number, 0.85)
            return


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
            nxt = header_fold(raw)
            if title_lines and (_opens_preamble(nxt, raw) or _HEADING.match(nxt) or j - i > 2):
                break
            i = j
            continue
        f = header_fold(text)
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
    h.provenance["title"] = line_provenance(source, title_lines[0].number,
                                            title_lines[-1].number, 0.8 if lost else 0.95)


__all__ = ["DOC_TYPE_NAMES", "extract_header", "find_doc_type_line", "find_signer"]
