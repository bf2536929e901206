"""Agency types of pre-July-2025 town and district plans (seed 002 and plans like it): the
offices, boards and centres of the three-tier model, as OCR prints them, and the matching
rules they need (level word required, OCR'd level words, party-committee variants)."""

from __future__ import annotations

import pytest

from ingest.agencies import canonical_agency_name, collect_agencies, find_agencies
from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord, Task
from ontology.agency_types import agency_type

TOWN = "thị xã Bỉm Sơn"


@pytest.mark.parametrize(("text", "notation", "name"), [
    ("Phong Vian hod, Khoa hoc & Thong tin", "VH-KH-TT", "Phòng Văn hóa, Khoa học và Thông tin"),
    ("Phong Van hoa, KH&TT", "VH-KH-TT", "Phòng Văn hóa, Khoa học và Thông tin"),
    ("Phòng Văn hóa và Thông tin", "VH-KH-TT", "Phòng Văn hóa, Khoa học và Thông tin"),
    ("Phong Tai chinh — KH", "TC-KH", "Phòng Tài chính - Kế hoạch"),
    ("Phong Né6i vu", "NOI-VU", "Phòng Nội vụ"),
    ("Phong Gido duc va bao tao", "GD-DT", "Phòng Giáo dục và Đào tạo"),
    ("Phòng LĐ-TB&XH", "LD-TBXH", "Phòng Lao động - Thương binh và Xã hội"),
    ("Phong Nong nghiép va Mo6i truong", "NN-MT", "Phòng Nông nghiệp và Môi trường"),
    ("Phòng TN&MT", "TN-MT", "Phòng Tài nguyên và Môi trường"),
    ("Phòng Tư pháp", "TU-PHAP", "Phòng Tư pháp"),
    ("Phòng Quản lý đô thị", "QLDT", "Phòng Quản lý đô thị"),
    ("Ban QLDA", "BQLDA", "Ban Quản lý dự án đầu tư xây dựng"),
    ("Ban Quan Iy du an ddu tu xay dyng", "BQLDA", "Ban Quản lý dự án đầu tư xây dựng"),
    ("Trung tdm VH, TT&DL", "TTVH", "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"),
    ("TT VHTT&DL", "TTVH", "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch"),
    ("Trung tâm Chính trị thị xã", "TTCT", "Trung tâm Chính trị thị xã"),
    ("Trung tâm Y tế huyện", "TTYT", "Trung tâm Y tế huyện"),
    ("Ban Chi huy Quan su Thi xa", "QS", "Ban Chỉ huy Quân sự thị xã"),
    ("Đảng ủy Quân sự thị xã", "DU-QS", "Đảng ủy Quân sự thị xã"),
    ("Cong an thi xa", "CA", "Công an thị xã"),
    ("Bưu điện thị xã", "BUU-DIEN", "Bưu điện thị xã"),
    ("UBND céc phuong, xa", "UBND-CAP-DUOI", "UBND các phường, xã"),
    ("Ban Noi chinh", "BNC", "Ban Nội chính"),
    ("Sở Thông tin và Truyền thông", "SO", "Sở Thông tin và Truyền thông"),
    ("VNPT", "DNVT", "Các doanh nghiệp viễn thông"),
])
def test_agencies_pre_reform_units_as_ocr_prints_them(text: str, notation: str, name: str) -> None:
    (mention,) = find_agencies(text, TOWN)
    assert (mention.agency_type, mention.name) == (notation, name)
    assert mention.surface == text  # the whole name, level word included


def test_agencies_pre_reform_culture_centre_is_not_the_service_centre() -> None:
    # these abbreviations used to fall to "Trung tâm Dịch vụ tổng hợp" (a commune unit)
    for text in ("Trung tam VHTTDL", "Trung tdm VHTTDL"):
        assert [m.agency_type for m in find_agencies(text, TOWN)] == ["TTVH"]


def test_agencies_inspectorate_needs_its_level_word() -> None:
    assert find_agencies("Thanh tra, kiểm tra việc thực hiện", TOWN) == []
    (m,) = find_agencies("Thanh tra Thi xa", TOWN)
    assert (m.agency_type, m.name) == ("THANH-TRA", "Thanh tra thị xã")


def test_agencies_next_office_word_is_not_an_ocr_level_word() -> None:
    # "Phong" opens the next name; it is no OCR'd "phường" closing the first one
    ms = find_agencies("Trung tdm VHTTDL; Phong Tai chinh - KH", TOWN)
    assert [(m.surface, m.level_seen) for m in ms] == [
        ("Trung tdm VHTTDL", None), ("Phong Tai chinh - KH", None)]
    assert find_agencies("Cong an phudng", "phường Việt Trì")[0].level_seen == "phường"


def test_agencies_ocr_level_word_of_two_syllables() -> None:
    (m,) = find_agencies("Vin phong HDND&UBND Thi xi", TOWN)
    assert m.surface.endswith("Thi xi") and m.level_seen == "thị xã"


def test_agencies_committee_named_units_have_no_committee_variant() -> None:
    # "Đảng ủy Quân sự" is another committee, not a body of the Đảng ủy: no "Thị ủy Quân sự"
    assert [m.agency_type for m in find_agencies("Chi huy Quan su Thi xa", TOWN)] != ["DU-QS"]
    assert canonical_agency_name("Ban kiém tra Thi uy", TOWN).startswith("Ủy ban Kiểm tra")


def test_agencies_collect_party_board_takes_the_plan_committee() -> None:
    source = SourceText("p.txt", [Line(1, "Ban Noi chinh", "Ban Noi chinh")])
    record = PlanRecord(doc="p.txt", header=PlanHeader(locality=TOWN,
                                                       issuer="Ban Thường vụ Thị ủy Bỉm Sơn"))
    record.tasks = [Task(id="1", text="t", lead=["Ban Noi chinh"],
                         support=["Phong Van hoa, KH&TT", "Phong Tai chinh - KH"])]
    collect_agencies(source, record)
    assert record.tasks[0].lead == ["Ban Nội chính Thị ủy"]
    assert record.tasks[0].support == ["Phòng Văn hóa, Khoa học và Thông tin",
                                       "Phòng Tài chính - Kế hoạch"]
    types = {a.name: a.agency_type for a in record.agencies}
    assert types["Phòng Tài chính - Kế hoạch"] == "TC-KH"


def test_agencies_collect_commune_plan_keeps_bare_board_names() -> None:
    source = SourceText("p.txt", [Line(1, "Ban Noi chinh", "Ban Noi chinh")])
    record = PlanRecord(doc="p.txt", header=PlanHeader(locality="xã Bình Tân",
                                                       issuer="Ban Thường vụ Đảng ủy xã Bình Tân"))
    record.tasks = [Task(id="1", text="t", lead=["Ban Noi chinh"])]
    collect_agencies(source, record)
    assert record.tasks[0].lead == ["Ban Nội chính"]


def test_agencies_district_office_merges_into_ward_office_when_both_named() -> None:
    source = SourceText("p.txt", [Line(1, "x", "x")])
    record = PlanRecord(doc="p.txt", header=PlanHeader(locality="phường Phước Bình"))
    record.tasks = [Task(id="1", text="t", lead=["Phong KT,HT"],
                         support=["Phòng Kinh tế, Hạ tầng và Đô thị"])]
    collect_agencies(source, record)
    assert record.tasks[0].lead == record.tasks[0].support == ["Phòng Kinh tế, Hạ tầng và Đô thị"]


def test_agencies_scheme_pre_reform_concepts_are_grouped() -> None:
    groups = {"VH-KH-TT": "G-CHINH-QUYEN", "BNC": "G-DANG", "TTVH": "G-SU-NGHIEP",
              "BUU-DIEN": "G-BEN-NGOAI", "UBND-CAP-DUOI": "G-CHINH-QUYEN"}
    for notation, group in groups.items():
        concept = agency_type(notation)
        assert concept is not None and concept.broader == group
        assert concept.pref_label_en and concept.comment


def test_agencies_name_cut_by_the_line_end_of_a_cell() -> None:
    # an owner cell wrapped over two lines: "Phong Van hod, Khoa" / "hoc & Thong tin"
    for text in ("Phong Vian hod, Khoa", "% 85% 90% Phong Van hod, Kh", "100 | Phong Van hAoé, Khoa"):
        (m,) = find_agencies(text, TOWN)
        assert m.agency_type == "VH-KH-TT" and m.confidence < 0.8, text
    # not in running text, not a whole name with its level, not a whole collective phrase
    assert find_agencies("phối hợp với Phòng Văn hóa, Khoa", TOWN) == []
    assert [m.agency_type for m in find_agencies("Uy ban nhan dan xa", TOWN)] == ["UBND"]
    assert find_agencies("Cac doanh nghiep", TOWN) == []
    # the start of two types' names ("Phòng Văn hóa" - Xã hội or, Khoa học ...) is not cut
    assert find_agencies("Trung tâm Dịch vụ", TOWN) == []


def test_agencies_cut_name_of_types_one_unit_merges_into() -> None:
    # "Phòng Kinh tế, Hạ ..." begins both the ward office and the district "Phòng Kinh tế và
    # Hạ tầng", which a plan naming both merges into the ward office: that is the one read
    (m,) = find_agencies("tao; Phong Kinh té, ha", TOWN)
    assert m.agency_type == "KT-HT-DT" and m.surface == "Phong Kinh té, ha"
