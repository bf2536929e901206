"""Agency recognition and canonicalisation on clean and OCR-damaged snippets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.agencies import (
    agency_vocabulary_score,
    canonical_agency_name,
    find_agencies,
    level_word,
)

WARD = "phường Phước Bình"
COMMUNE = "xã Nha Bích"


@pytest.mark.parametrize(
    ("text", "locality", "name", "notation"),
    [
        ("Phong VHXH", WARD, "Phòng Văn hóa - Xã hội", "VHXH"),
        ("Phong Van hoa Xa hoi", WARD, "Phòng Văn hóa - Xã hội", "VHXH"),
        ("Phòng Văn hóa – Xã hội", COMMUNE, "Phòng Văn hóa - Xã hội", "VHXH"),
        ("Phòng VH-XH", COMMUNE, "Phòng Văn hóa - Xã hội", "VHXH"),
        ("P. VHXH", WARD, "Phòng Văn hóa - Xã hội", "VHXH"),
        ("Van phong HDND va UBND", WARD, "Văn phòng HĐND và UBND phường", "VP-HDND-UBND"),
        ("VP HĐND-UBND", COMMUNE, "Văn phòng HĐND và UBND xã", "VP-HDND-UBND"),
        ("Van phong HBND & UBND", WARD, "Văn phòng HĐND và UBND phường", "VP-HDND-UBND"),
        ("TT PVHCC", WARD, "Trung tâm Phục vụ hành chính công", "PVHCC"),
        ("Trung tim PVHCC", WARD, "Trung tâm Phục vụ hành chính công", "PVHCC"),
        ("CA xã", COMMUNE, "Công an xã", "CA"),
        ("Cong an phudng", WARD, "Công an phường", "CA"),
        ("Tram y té", WARD, "Trạm Y tế phường", "TYT"),
        ("UBMTTQ", COMMUNE, "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "MTTQ"),
        ("Poan Thanh nién phuong", WARD, "Đoàn Thanh niên phường", "DTN"),
        ("Phong Kinh té Ha tang, DO thi", WARD, "Phòng Kinh tế, Hạ tầng và Đô thị", "KT-HT-DT"),
        ("Phòng Kinh tế", COMMUNE, "Phòng Kinh tế", "KT"),
        ("Van phong Pang uy", "xã Bình Tân", "Văn phòng Đảng ủy", "VP-DU"),
        ("Uy ban Kiém tra Pang ty", "xã Bình Tân", "Ủy ban Kiểm tra Đảng ủy", "UBKT"),
        ("Trung tâm DVTH", COMMUNE, "Trung tâm Dịch vụ tổng hợp", "DVTH"),
        ("Các đơn vị DVVT", COMMUNE, "Các đơn vị dịch vụ viễn thông", "DNVT"),
    ],
)
def test_agencies_find_canonical(text: str, locality: str, name: str, notation: str) -> None:
    mentions = find_agencies(text, locality)
    assert len(mentions) == 1
    assert mentions[0].name == name
    assert mentions[0].agency_type == notation
    assert not mentions[0].generic
    assert canonical_agency_name(text, locality) == name


def test_agencies_two_mentions_in_one_cell_in_order() -> None:
    text = "Phong VHXH Cac co quan, don vi"
    mentions = find_agencies(text, WARD)
    assert [m.name for m in mentions] == ["Phòng Văn hóa - Xã hội", "Các cơ quan, đơn vị"]
    assert [m.generic for m in mentions] == [False, True]
    assert text[mentions[1].start:mentions[1].end] == "Cac co quan, don vi"


def test_agencies_longest_match_wins_over_inner_abbreviation() -> None:
    mentions = find_agencies("Văn phòng HĐND và UBND phường", WARD)
    assert [m.agency_type for m in mentions] == ["VP-HDND-UBND"]


def test_agencies_other_level_keeps_its_level_word() -> None:
    assert canonical_agency_name("UBND tỉnh", WARD) == "Ủy ban nhân dân tỉnh"


def test_agencies_generic_cells_kept_verbatim() -> None:
    for cell, name in [("Congdan, doanh nghiép", "Công dân, doanh nghiệp"),
                       ("Các phòng chuyên môn", "Các phòng chuyên môn"),
                       ("Cac don vi lién quan", "Các đơn vị liên quan")]:
        mentions = find_agencies(cell, WARD)
        assert len(mentions) == 1 and mentions[0].generic
        assert mentions[0].name == name


def test_agencies_ordinary_words_are_not_agencies() -> None:
    for text in ["Nghị quyết số 57-NQ/TW", "cá nhân, tổ chức", "cong nghé Phong",
                 "Ban nhân dân tỉnh xa"]:
        assert all(m.agency_type not in {"SO", "CA", "KHU-PHO"} for m in find_agencies(text))


def test_agencies_unknown_text_falls_back_to_cleaned_text() -> None:
    assert canonical_agency_name("  Hợp tác xã   Nông nghiệp ; ") == "Hợp tác xã Nông nghiệp"


def test_agencies_vocabulary_score_tells_cells_apart() -> None:
    assert agency_vocabulary_score("Trung tam PVHCC") > 0.8
    assert agency_vocabulary_score("Cac co quan, don vi") > 0.8
    assert agency_vocabulary_score("Tỷ lệ hồ sơ trực tuyến đạt 90%") < 0.3
    assert agency_vocabulary_score("") == 0.0


def test_agencies_level_word_of_locality() -> None:
    assert level_word("phường Phước Bình") == "phường"
    assert level_word("xã Bình Tân") == "xã"
    assert level_word(None) is None


def test_agencies_never_level_types_ignore_a_following_word() -> None:
    # "quan" of a following "cơ quan" must not become a level word; VHXH never takes one
    assert canonical_agency_name("Phong Van hoa Xa hoi quan", "phường A") == "Phòng Văn hóa - Xã hội"


def test_agencies_collect_canonicalises_roles_and_lists_agencies() -> None:
    from ingest.agencies import collect_agencies
    from ingest.document import Line, SourceText
    from ingest.records import Assignment, Indicator, PlanHeader, PlanRecord, Provenance, Task

    text = ["1. Phong Kinh té, Ha tang va Do thi", "- Chu tri phoi hop voi Phong VHXH.",
            "2. Cong an phuong", "- Phoi hop voi Doan Thanh nien phuong."]
    source = SourceText("p.txt", [Line(i + 1, t, t) for i, t in enumerate(text)])
    prov = Provenance("p.txt", 9, 9)
    record = PlanRecord(doc="p.txt", header=PlanHeader(locality="phường Phước Bình"))
    record.tasks = [Task(id="1", text="t", lead=["Phong Kinh té"],
                         support=["Cong an phudng, Cac co quan, don vi"], provenance=prov)]
    record.indicators = [Indicator(id="1", text="i", owner=["Phòng KT-HT-ĐT"], provenance=prov)]
    record.assignments = [Assignment(agency="Phòng Văn hóa - Xã hội", duty="Phối hợp với "
                                     "Đoàn Thanh niên phường triển khai.", provenance=prov)]
    collect_agencies(source, record)
    # a ward's "Phòng Kinh tế" is its economy-infrastructure office when the plan names both
    assert record.tasks[0].lead == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert record.tasks[0].support == ["Công an phường", "Các cơ quan, đơn vị"]
    assert record.indicators[0].owner == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    by_name = {a.name: a for a in record.agencies}
    assert set(by_name) == {"Phòng Kinh tế, Hạ tầng và Đô thị", "Công an phường",
                            "Phòng Văn hóa - Xã hội", "Đoàn Thanh niên phường"}
    assert by_name["Phòng Kinh tế, Hạ tầng và Đô thị"].agency_type == "KT-HT-DT"
    assert "Phòng VHXH" in by_name["Phòng Văn hóa - Xã hội"].aliases
    cong_an = by_name["Công an phường"]
    assert cong_an.provenance is not None and cong_an.provenance.line_start == 3


def test_agencies_lower_case_only_for_acronyms_collectives_and_long_exact_names() -> None:
    assert canonical_agency_name("phòng VHXH") == "Phòng Văn hóa - Xã hội"
    assert find_agencies("trung tâm phục vụ hành chính công")[0].agency_type == "PVHCC"
    assert find_agencies("các nhà trường")[0].agency_type == "TRUONG"
    assert find_agencies("các văn bản chỉ đạo, điều hành") == []  # "bản chỉ đạo"
    assert find_agencies("cơ sở y tế") == []  # "sở Y tế"

_PIECES = st.sampled_from([
    "Phong VHXH", "Cac co quan, don vi", "Trung tim PVHCC", "Cong an phudng", " ", ", ",
    "và", "Tram y té", "UBND", "xã", "phường", "cơ quan", "57-NQ/TW", "Đoàn", "T6", "-", "(", "ﬁ",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, max_size=8).map(" ".join))
def test_agencies_mentions_are_ordered_disjoint_spans_of_the_text(text: str) -> None:
    mentions = find_agencies(text, "phường A")
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert 0.0 < m.confidence <= 1.0 and m.name
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start
    assert 0.0 <= agency_vocabulary_score(text) <= 1.0


def test_agencies_collect_keeps_other_committees_apart_and_adopts_ocr_headings() -> None:
    from ingest.agencies import collect_agencies
    from ingest.document import Line, SourceText
    from ingest.records import Assignment, PlanHeader, PlanRecord, Task

    source = SourceText("p.txt", [Line(1, "Ban Thuong vu Thi uy", "Ban Thuong vu Thi uy")])
    record = PlanRecord(doc="p.txt", header=PlanHeader(locality="thị xã Bỉm Sơn",
                                                       issuer="Ban Thường vụ Thị ủy Bỉm Sơn"))
    record.tasks = [Task(id="1", text="t", lead=["Ban Thường vụ Tỉnh ủy"],
                         support=["Ban Tổ chức Thị ủy"])]
    record.assignments = [Assignment(agency="Ban T chirc Thi iy", duty="Tham mưu.")]
    collect_agencies(source, record)
    names = [a.name for a in record.agencies]
    assert "Ban Thường vụ Tỉnh ủy" in names and "Ban Thường vụ Thị ủy" in names
    assert record.assignments[0].agency == "Ban Tổ chức Thị ủy"
    assert names.count("Ban Tổ chức Thị ủy") == 1
