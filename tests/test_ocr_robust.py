"""Cue words, headings, header phrases, preamble openers and symbols read through OCR damage.

The damaged snippets are written by hand from the measured confusions (``ingest/data/
ocr_noise.json``: marked vowels -> digits, symbols or letter pairs, Đ -> P/b, "/" lost, "-"
-> "—", words glued); none is copied from a seed. Each fix is also checked not to take a
different cue for the one it looks for.
"""

from __future__ import annotations

import pytest

from ingest.citation_issuers import PlanContext, read_issuer
from ingest.document import Line, SourceText
from ingest.header import extract_header
from ingest.ocr_words import closest, find_phrase, ocr_key, opens_with, split_glued
from ingest.outline import SECTION_TITLES, outline
from ingest.records import PlanHeader, PlanRecord
from ingest.symbols import find_symbols, parse_symbol


def _source(text: str) -> SourceText:
    return SourceText("t.txt", [Line(i + 1, t, t) for i, t in enumerate(text.split("\n"))])


# --- ocr_words --------------------------------------------------------------------------

def test_ocr_key_undoes_in_word_confusions_but_keeps_numbers() -> None:
    assert ocr_key("B6 PHAN C¢NG 2025") == "bo phan ceng 2025"
    assert ocr_key("Pang uy") == "dang uy"  # a bare P is OCR of Đ
    assert ocr_key("Ph€ duyét 12 muc") == "phe duyet 12 muc"
    assert ocr_key("tangCuong") == "tang cuong"


def test_split_glued_only_at_a_capital_between_lower_case_letters() -> None:
    assert split_glued("trienKhai ké hoachNam") == "trien Khai ké hoach Nam"
    assert split_glued("UBND KH-UBND CTr TTg") == "UBND KH-UBND CTr TTg"


@pytest.mark.parametrize("title", ["TO CHÚC THUC HIEN", "T0 CHIIC THYC HIEN",
                                   "TB CHTRC THUC HI&N", "TO CHUC THC HI€N"])
def test_closest_reads_a_damaged_section_title(title: str) -> None:
    assert closest(title, SECTION_TITLES) == "to chuc thuc hien"


@pytest.mark.parametrize("title", ["KINH PHI THYC HI6N", "THUC HIEN", "TO CHUC CAC HOAT DONG",
                                   "TRACH NHIEM CUA CAC DON VI"])
def test_closest_does_not_take_another_title_for_it(title: str) -> None:
    assert closest(title, SECTION_TITLES) != "to chuc thuc hien"


def test_find_phrase_tolerates_a_letter_per_five_and_glued_words() -> None:
    words = ocr_key("Phong Van hoa xiy dnug ke hoach").split()
    assert find_phrase(words, "xay dung") is None  # two edits in seven letters
    assert find_phrase(ocr_key("Phong Van hoa xiy dung ke").split(), "xay dung") == 3
    assert find_phrase(ocr_key("UBND xa Hoa An xaydyng ke").split(), "xay dung") == 4
    assert find_phrase(["tay", "dung"], "xay dung") is None  # first letters are kept


@pytest.mark.parametrize("line", ["Cdn ct Nghị quyết số 3-NQ/TU", "Cian cu Quyết định số 5",
                                  "Can ciChỉ thị số 9-CT/TW", "Thyc hi&n Kế hoạch số 2/KH-UBND",
                                  "Trién khaiKé hoach số 8", "Cin c Thông báo số 4-TB/TU"])
def test_opens_with_reads_damaged_preamble_openers(line: str) -> None:
    assert opens_with(line)


@pytest.mark.parametrize("line", ["Các cơ quan, đơn vị", "Cin c ngày 12 tháng 5",
                                  "Chủ động tham mưu", "Thúc đẩy chuyển đổi số",
                                  "Cần thiết ban hành", "Cần cung cấp số liệu"])
def test_opens_with_rejects_other_lines(line: str) -> None:
    assert not opens_with(line)


# --- outline: the organisation section under damage -------------------------------------

def _plan(org_title: str, budget_title: str = "KINH PHI THUC HIEN") -> SourceText:
    return _source(f"""KE HOACH
Chuyen doi so

Can cu Nghi quyet so 3-NQ/TU ngay 1/2/2025 cua Tinh uy;
I. MUC DICH, YEU CAU
1. Muc dich
Nang cao nhan thuc.
II. NHIEM VU
1. Xay dung ha tang so.
III. {budget_title}
Ngan sach xa.
IV. {org_title}
1. Phong Van hoa - Xa hoi: chu tri theo doi.
2. Van phong HDND va UBND: tong hop bao cao.
Noi nhan:
- Nhu tren;""")


@pytest.mark.parametrize("title", ["T0 CHIIC THYC HIEN", "TB CHTRC THUC HI&N",
                                   "TO CHUC THC HI€N", "TO CHUC THUC HIEN"])
def test_outline_finds_a_damaged_organisation_heading(title: str) -> None:
    out = outline(_plan(title))
    org = out.organisation
    assert org is not None and org.number == "IV" and org.line_start == 12
    kinds = {s.number: s.kind for s in out.sections if s.level == 1}
    assert kinds["III"] == "body"


def test_outline_keeps_a_damaged_budget_heading_out_of_organisation() -> None:
    out = outline(_plan("KET QUA DAT DUOC", budget_title="KINH PHI THYC HI6N"))
    assert out.organisation is None


def test_outline_preamble_starts_at_a_damaged_opener() -> None:
    src = _source("KE HOACH\nChuyen doi so\n\nCian ct Nghi quyet so 3-NQ/TU;\nI. MUC TIEU\n"
                  "1. Muc tieu chung")
    pre = outline(src).of_kind("preamble")
    assert pre and pre[0].line_start == 4


def test_outline_preamble_does_not_start_at_a_title_opening_with_a_verb() -> None:
    src = _source("KE HOACH\nTrien khaii thue hien Nghi quyet so 3-NQ/TU\n\n"
                  "Cian ct Nghi quyet so 3-NQ/TU;\nI. MUC TIEU\n1. Muc tieu chung")
    pre = outline(src).of_kind("preamble")
    assert pre and pre[0].line_start == 4


# --- header: issuer in the preamble, title end ------------------------------------------

_HEADER = """KẾ HOẠCH
Triển khai chuyển đổi số năm 2026
trên địa bàn phường Tân Mai
{opener} Nghị quyết số 3-NQ/TU ngày 01/02/2025 của Tỉnh ủy Đồng Nai;
{body} triển khai như sau:
I. MỤC TIÊU"""


def _header(opener: str = "Căn cứ", body: str = "UBND phường Tân Mai xây dựng kế hoạch",
            ) -> PlanRecord:
    record = PlanRecord(doc="t.txt")
    extract_header(_source(_HEADER.format(opener=opener, body=body)), record)
    return record


@pytest.mark.parametrize("body", ["UBND phường Tân Mai xây dựng kế hoạch",
                                  "UBND phường Tân Mai xiy dung ké hoach",
                                  "UBND phuong Tan Mai xay dyng ké hoach",
                                  "UBND phường Tân Mai xaydung ké hoach",
                                  "UBND phường Tân Mai xay dungké hoach",
                                  "UBND phuong Tan Mai xây dựngkế hoạch",
                                  "UBND phường Tân Mai ban hinh ké hoach",
                                  # two letters damaged, or the second word's first lost:
                                  # read only before a document type
                                  "UBND phuong Tan Mai xiy dyng ké hoach",
                                  "UBND phuong Tan Mai xiy ung ké hoach"])
def test_header_issuer_from_a_damaged_preamble_sentence(body: str) -> None:
    h = _header(body=body).header
    assert (h.issuer, h.issuer_kind, h.locality) == (
        "UBND phường Tân Mai", "government", "phường Tân Mai")


@pytest.mark.parametrize("body", ["UBND phường Tân Mai phối hợp kiểm tra",
                                  # a verb damaged twice without a document type after it
                                  "UBND phuong Tan Mai xiy dyng nha van hoa",
                                  "UBND phuong Tan Mai"])
def test_header_no_issuer_without_the_verb(body: str) -> None:
    h = _header(body=body).header
    assert h.issuer is None


@pytest.mark.parametrize("opener", ["Căn cứ", "Cdn ct", "Cian cu", "Cin c"])
def test_header_title_stops_at_a_damaged_preamble_opener(opener: str) -> None:
    h = _header(opener=opener).header
    assert h.title == "Triển khai chuyển đổi số năm 2026 trên địa bàn phường Tân Mai"


# --- symbols ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "symbol", "printed"), [
    ("số 8-KH/ĐUngày 3/4/2025", "8-KH/ĐU", "8-KH/ĐU"),
    ("số 14/QĐ-UBNDngay 2/5", "14/QĐ-UBND", "14/QĐ-UBND"),
    ("số 6—KH/TU ngày", "6-KH/TU", "6—KH/TU"),
    ("số 31/KH—UBND ngày", "31/KH-UBND", "31/KH—UBND"),
    ("số 5-KH/bU ngày", "5-KH/ĐU", "5-KH/bU"),
    ("số 212-NQ TU, ngày", "212-NQ/TU", "212-NQ TU"),
    ("số 33-CTTW ngày", "33-CT/TW", "33-CTTW"),
    ("số 7/CTr-UBND ngày", "7/CTr-UBND", "7/CTr-UBND"),
    ("số 2/QĐi-TTg, ngày", "2/QĐi-TTg", "2/QĐi-TTg"),
])
def test_symbols_read_through_ocr_damage(text: str, symbol: str, printed: str) -> None:
    found = find_symbols(text)
    assert [(m.symbol.format(), m.printed) for m in found] == [(symbol, printed)]


@pytest.mark.parametrize("text", ["giai đoạn 2021-2025 KH UBND", "mã 12-AB CD", "7-XYZW",
                                  "số 4-KH/TUẤn"])
def test_symbols_not_made_up_from_other_text(text: str) -> None:
    assert find_symbols(text) == []


def test_parse_symbol_em_dash_and_lost_slash() -> None:
    assert str(parse_symbol("Số: 9—KH/UBND")) == "9/KH-UBND"
    assert str(parse_symbol("Số: 27-KH ĐU")) == "27-KH/ĐU"


# --- citation issuers -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["chinh phu sua doi", "chinhphu sua doi", "chin phu sua doi",
                                  "chinh phii sua doi"])
def test_read_issuer_government_through_damage(text: str) -> None:
    ctx = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(province="Đồng Nai")))
    assert read_issuer(text, ctx)[0] == "Chính phủ"


def test_read_issuer_not_government_from_a_place_name() -> None:
    ctx = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(province="Đồng Nai")))
    assert read_issuer("chinh phuong", ctx)[0] != "Chính phủ"


# --- citations: a damaged preamble still gives its legal bases and links -----------------

_PREAMBLE = """KE HOACH
Chuyen doi so tren dia ban xa Hoa An

Cian ct Nghi quyet so 3-NQ/TU ngay 01/02/2025 cua Tinh uy Dong Nai;
Can ciKe hoach so 14/KH—UBND ngay 05/3/2025 cua UBND tinh Dong Nai thuc hien Nghi quyet so 3-NQ TU ngay 01/02/2025 cua Tinh uy;
Cin c Ke hoach hanh dong so 8-KH/bUngay 10/4/2025 cua Dang uy xa;
UBND xa Hoa An xiy dung ke hoach trien khai Ke hoach so 14/KH-UBND va Nghi quyet so 3-NQ/TU nhu sau:
I. MUC TIEU
1. Muc tieu chung"""


def test_citations_from_a_damaged_preamble() -> None:
    from ingest.citations import extract_citations

    record = PlanRecord(doc="t.txt", header=PlanHeader(
        number="20/KH-UBND", province="Đồng Nai", locality="xã Hòa An", issuer="UBND xã Hòa An"))
    extract_citations(_source(_PREAMBLE), record)
    assert [d.number for d in record.legal_bases] == ["3-NQ/TU", "14/KH-UBND", "8-KH/ĐU"]
    links = {(x.source, x.relation, x.target) for x in record.derived_links}
    assert links == {("14/KH-UBND", "implements", "3-NQ/TU")}


def test_citation_relation_through_a_damaged_verb() -> None:
    from ingest.citation_preamble import relation_in

    assert relation_in(" cua chinh phu sua doi, bo sung chuong trinh thue hien ") == "implements"
    assert relation_in(" ve thuc h1en ") == "implements"
    assert relation_in(" cua chinh phu sua doi, bo sung ") == "amends"
    assert relation_in(" cua tinh uy ve thuong hieu ") is None


@pytest.mark.parametrize("text", ["dang uy xa ve", "dang iy xa ve", "bang tiy xa ve",
                                  "dang ty xa ve"])
def test_read_issuer_party_committee_through_damage(text: str) -> None:
    ctx = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(
        province="Đồng Nai", locality="xã Hòa An", issuer="UBND xã Hòa An")))
    assert read_issuer(text, ctx)[0] == "Đảng ủy xã Hòa An"


def test_read_issuer_a_word_like_the_party_committee_is_not_it() -> None:
    ctx = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(
        province="Đồng Nai", locality="xã Hòa An", issuer="UBND xã Hòa An")))
    assert read_issuer("bang tin xa ve", ctx)[0] is None


@pytest.mark.parametrize(("text", "issuer"), [
    ("iy ban nhan din tinh ve", "UBND tỉnh Đồng Nai"),
    ("ay ban han dan tinh ve", "UBND tỉnh Đồng Nai"),
    ("tiy ban nhan dan xa ve", "UBND xã Hòa An"),
    ("hoi dong nhan dan tinh ve", "HĐND tỉnh Đồng Nai"),
])
def test_read_issuer_peoples_committee_through_damage(text: str, issuer: str) -> None:
    ctx = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(
        province="Đồng Nai", locality="xã Hòa An", issuer="UBND xã Hòa An")))
    assert read_issuer(text, ctx)[0] == issuer


def test_read_issuer_other_words_before_ban_are_not_the_committee() -> None:
    ctx = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(province="Đồng Nai")))
    assert read_issuer("hay ban nhan dan tinh ve", ctx)[0] is None


@pytest.mark.parametrize("level", ["xã", "xi", "x4"])
def test_header_issuer_level_word_through_damage(level: str) -> None:
    record = PlanRecord(doc="t.txt")
    text = _HEADER.replace("phường Tân Mai", "xã Nha Bích").format(
        opener="Căn cứ", body=f"UBND {level} Nha Bích xây dựng kế hoạch")
    extract_header(_source(text), record)
    assert (record.header.issuer, record.header.locality) == ("UBND xã Nha Bích", "xã Nha Bích")


def test_ocr_key_reads_ir_as_u_inside_a_word() -> None:
    """"ứ" printed "ir" ("cir", "sir dung", "T6 CHIRC"): no Vietnamese syllable holds "ir"."""
    assert ocr_key("Cian cir Nghi quyét") == "cian cu nghi quyet"
    assert ocr_key("T6 CHIRC THUC HI€N") == "to chuc thuc hien"
    assert ocr_key("ir") == "ir"  # not after a letter: left alone
    assert opens_with("Cdn cir Nghi quyét số 57-NQ/TW")
    assert not opens_with("Cian eir vao")  # one edit too many without a document type
