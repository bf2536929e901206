"""Outline: numbered sections, kinds and spans on clean and OCR-damaged snippets."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.outline import outline, roman_value

OCR_PLAN = """UY BAN NHAN DAN CONG HOA XA HOI CHU NGHIA VIET NAM
S6: 09 /KH-UBND Phuwoc Binh, ngay 15 thang 01 nam 2026
KE HOACH
Trién khai thue hi¢én Nghj quyét s0 57-NQ/TW

Can ctr Nghi quyét s6 57-NQ/TW ngay 22/12/2024 ctia B Chinh tri;

I. MUC PiCH, YEU CAU
1. Muc dich
- bay manh ung dung khoa hoc.
2. Yéu ciu
- Pam béo tinh dong bo.
I11. CAC CHI TIEU, NHIEM VU
(Dinh kem Phu luc I - Danh muc cdc chi tiéu - nhiém vu)
V.TO CHUC THUC HIEN
1. Phong Van hoa Xa hoi
- La co quan Thuong truc.
2. Cong an phuong
- Chu tri trién khai.
Trén ddy li Ké hogch trién khai./.
Noi nhan:
- UBND tinh;
- Luu: VT.
Nguyén Vin Diing
 Phu luc I
DANH MUC CAC CHI TIEU
I |CAC CHI TIEU CU THE
1 Ty le ho so 90 Phong VHXH
I |NHIEM VU CU THE
1 Trien khai Phong VHXH
PHU LUCII :
DU TOAN KINH PHI
"""


def _source(text: str) -> SourceText:
    return SourceText("t.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


def test_outline_blocks_and_sections_of_an_ocr_plan() -> None:
    ol = outline(_source(OCR_PLAN))
    kinds = [s.kind for s in ol.sections if s.level == 0]
    assert kinds[:2] == ["header", "preamble"]
    assert "recipients" in kinds and kinds.count("appendix") == 2
    romans = [(s.number, s.kind) for s in ol.sections if s.level == 1 and s.kind != "appendix"]
    assert romans == [("I", "body"), ("III", "body"), ("V", "organisation")]
    org = ol.organisation
    assert org is not None and org.title == "TO CHUC THUC HIEN"
    units = ol.children(org)
    assert [u.title for u in units] == ["Phong Van hoa Xa hoi", "Cong an phuong"]
    assert all(u.kind == "organisation" for u in units)
    # the closing sentence and the recipients are not part of the last unit
    assert units[-1].line_end == 19
    rec = ol.of_kind("recipients")[0]
    assert (rec.line_start, rec.line_end) == (21, 23)


def test_outline_appendix_spans_and_subsections() -> None:
    ol = outline(_source(OCR_PLAN))
    first, second = ol.appendices
    assert first.line_start == 25 and first.line_end == second.line_start - 1
    assert second.title.startswith("PHU LUC")
    sub = [s for s in ol.sections if s.kind == "appendix" and s.level == 1]
    # the second part's numeral lost a stroke in OCR ("I" for "II")
    assert [(s.number, s.title) for s in sub] == [("I", "CAC CHI TIEU CU THE"),
                                                  ("II", "NHIEM VU CU THE")]


def test_outline_find_and_section_at() -> None:
    ol = outline(_source(OCR_PLAN))
    found = ol.find("Tổ chức thực hiện")
    assert found is not None and found.number == "V"
    at = ol.section_at(18)
    assert at is not None and at.title == "Cong an phuong"


def test_outline_clean_text_with_colons() -> None:
    text = "KẾ HOẠCH\nCăn cứ Luật;\nI. MỤC ĐÍCH\n1. Mục đích:\nnội dung\nV. TỔ CHỨC THỰC HIỆN\n" \
           "1. Phòng Văn hóa – Xã hội:\n- Chủ trì.\nNơi nhận:\n- Lưu: VT.\n"
    ol = outline(_source(text))
    org = ol.organisation
    assert org is not None
    assert [c.title for c in ol.children(org)] == ["Phòng Văn hóa – Xã hội:"]


def test_outline_roman_values_survive_ocr() -> None:
    assert roman_value("I11") == 3
    assert roman_value("IV") == 4
    assert roman_value("1V") == 4
    assert roman_value("12") is None
    assert roman_value("IIII") is None
