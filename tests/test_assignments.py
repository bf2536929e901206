"""Assignments: one duty per bullet under each unit of "Tổ chức thực hiện"."""

from __future__ import annotations

from ingest.assignments import extract_assignments
from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord

OCR_SECTION = """I. MUC PiCH, YEU CAU
- Tang cuong.
V.TO CHUC THUC HIEN

1. Phong Van hoa Xa hoi

- La co quan Thuong truc, tham muu cho UBND phuong trong viéc trién khai theo Nghi

quyet s6 57-NQ/TW cua B¢ Chinh tri.

- Chu tri xay dung ké hoach trong linh vuc gido duc.- Dinh ky tong hop, xay
dung bao cdo thang, quy, nam vé ket qua thuc hién Nghi quyét s6 57-
NQ/TW trén dia ban phuong.

12

3. Phong Kinh té, Ha ting va D thi

Chu tri tham muu UBND phuong trién khai cac nhiém vu thudc linh vue kinh té.

- Chu tri quan 1y co s¢ dir liéu dat dai; phdi hop véi Phong

Vin hoa — X4 hoi cung cap s6 liéu.

9. Pé nghi UBMT Té Quéc Viét Nam phuong, cac Hoi doan thé

- Ph01 hop voi cac co quan lién quan tuyén truyén.

UBND phuong dé nghi Tha truéng cac co quan, don vi lién quan cin cr chuc nang, nhiem vu
to chuc trién khai thyc hién hi¢u qua K¢é hoach nay.

Trén ddy li Ké hogch trién khai./.
Noi nhan:
- Luu: VT.
"""

PARTY_SECTION = """I. MUC PiCH
1. Quan triet.
V.TO CHUC THUC HIEN
2. Trach nhiém cia Van phong Dang iy va cac Ban tham muu Dang uy
- Van phong bang uy: Thuc hién vai tro Thuong truc Ban Chi dao; chu tri xay dung chién luoc.
- Ban X4y dung Pang: Chu tri, phéi hop voi Co quan Thudng truc Ban Chi dao.
- Tham muu cho Thuong truc Pang uy: Truc tiép lanh dao.
Noi nhan:
- Luu.
"""


def _run(text: str, locality: str) -> PlanRecord:
    source = SourceText("t.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])
    record = PlanRecord(doc="t.txt", header=PlanHeader(locality=locality))
    extract_assignments(source, record)
    return record


def test_assignments_one_per_bullet_with_ocr_damage() -> None:
    record = _run(OCR_SECTION, "phường Phước Bình")
    got = [(a.agency, a.duty[:25]) for a in record.assignments]
    assert got == [
        ("Phòng Văn hóa - Xã hội", "La co quan Thuong truc, t"),
        ("Phòng Văn hóa - Xã hội", "Chu tri xay dung ké hoach"),
        ("Phòng Văn hóa - Xã hội", "Dinh ky tong hop, xay dun"),  # run together by OCR
        ("Phòng Kinh tế, Hạ tầng và Đô thị", "Chu tri tham muu UBND phu"),  # unbulleted first
        ("Phòng Kinh tế, Hạ tầng và Đô thị", "Chu tri quan 1y co s¢ dir"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Ph01 hop voi cac co quan "),
        ("Thủ trưởng các cơ quan, đơn vị liên quan", "UBND phuong dé nghi Tha t"),
    ]


def test_assignments_lines_joined_across_blank_lines_and_page_numbers() -> None:
    record = _run(OCR_SECTION, "phường Phước Bình")
    first, _, third = record.assignments[:3]
    assert first.duty.endswith("quyet s6 57-NQ/TW cua B¢ Chinh tri.")
    assert "57-NQ/TW trén dia ban phuong." in third.duty  # "57-" + "NQ/TW" rejoined
    assert "12" not in third.duty.split()
    assert record.assignments[4].duty.endswith("phdi hop véi Phong Vin hoa — X4 hoi cung cap s6 liéu.")
    assert first.provenance is not None
    assert (first.provenance.line_start, first.provenance.line_end) == (7, 9)


def test_assignments_party_bullets_labelled_with_their_unit() -> None:
    record = _run(PARTY_SECTION, "xã Bình Tân")
    got = [(a.agency, a.duty[:20]) for a in record.assignments]
    assert got == [
        ("Văn phòng Đảng ủy", "Thuc hién vai tro Th"),
        ("Ban Xây dựng Đảng", "Chu tri, phéi hop vo"),
        ("Văn phòng Đảng ủy", "Tham muu cho Thuong "),  # a duty, not a label
    ]


BODY_AND_REPORTING = """I. NHIEM VU VA GIAI PHAP
1. Cong tac lanh dao
Thanh 1ap Ban Chi dao cap xi do dong chi Bi thu Pang uy 1am Trudng ban;
Ban Chi dao c6 trach nhiém lanh dao, chi dao chung trong toan xa.

Van phong Pang uy la Co quan Thuong tryc ciia Ban Chi dao.

Cac co quan, don vi va cac thon td chirc thuc hién nghiém tic cong tac kiém tra.
Ap dung cong nghé sb. Giao Van phong Pang uy (co quan thuong truc Ban Chi dao) chu tri
xay dung hé théng theo doi.
II. TO CHUC THUC HIEN
6. Co ché thong tin, bao cdo
- Thong tin, bao cao dinh ky: Cac ban Bang, UBND xa, Mat tran, doan thé dinh ky hang
thang bao cao két qua guri vé Ban Chi dao; Ban Chi dao téng hop, bdo cao Thuong truc Pang Uy.
Noi nhan:
- Luu.
"""


def test_assignments_units_named_as_sentence_subjects() -> None:
    record = _run(BODY_AND_REPORTING, "xã Bình Tân")
    got = [(a.agency, a.duty[:22]) for a in record.assignments]
    assert got == [
        ("Ban Chỉ đạo", "Ban Chi dao c6 trach n"),
        ("Văn phòng Đảng ủy", "Van phong Pang uy la C"),
        ("Văn phòng Đảng ủy", "Giao Van phong Pang uy"),
        ("Ủy ban nhân dân xã", "Thong tin, bao cao din"),  # one duty, two subjects
        ("Mặt trận Tổ quốc xã", "Thong tin, bao cao din"),
        ("Ban Chỉ đạo", "Ban Chi dao téng hop, "),
    ]


def test_assignments_duties_of_a_unit_the_plan_sets_up() -> None:
    text = ("I. NHIEM VU\n1. Lanh dao\nThanh 1ap T6 Giup viéc Ban Chi dao gém lanh dao cac phong. "
            "Xay dung Quy ché hoat dong; phan cong nhiém vu.\n\nThanh 1ap Ban Chi dao cap xa;\n"
            "Ban Chi dao c6 trach nhiém chi dao chung.\nII. TO CHUC THUC HIEN\n")
    got = [(a.agency, a.duty[:20]) for a in _run(text, "xã Bình Tân").assignments]
    assert got == [("Tổ Giúp việc Ban Chỉ đạo", "Xay dung Quy ché hoa"),
                   ("Ban Chỉ đạo", "Ban Chi dao c6 trach")]


def test_assignments_none_without_organisation_section() -> None:
    record = _run("I. MUC DICH\n- Noi dung.\n", "xã A")
    assert record.assignments == []
