"""Owners of target rows read against the table's own owner column."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.indicator_owners import complete_names, marked_names, plural_units
from ingest.indicators import extract_indicators
from ingest.records import PlanHeader, PlanRecord

VHKHTT = "Phòng Văn hóa, Khoa học và Thông tin"


def test_indicators_owners_cut_copy_reads_as_the_column_name() -> None:
    column = marked_names([VHKHTT, "Phòng Nội vụ", "Phong Van hod, Khoa"])
    assert complete_names(["Phong Van hod, Khoa"], column) == [VHKHTT]
    assert complete_names(["Phong Vin hod, Kh"], column) == [VHKHTT]
    # a marked (lexicon) name is its own agency, even when it starts a longer one
    column = marked_names(["Phòng Kinh tế", "Phòng Kinh tế, Hạ tầng và Đô thị"])
    assert complete_names(["Phòng Kinh tế"], column) == ["Phòng Kinh tế"]
    # two names alike at the copy's length: no guess
    column = marked_names(["Phòng Văn hóa - Xã hội", "Phòng Văn hóa, Khoa học và Thông tin"])
    assert complete_names(["Phong Van hoa"], column) == ["Phong Van hoa"]


def test_indicators_owners_plural_unit_levels() -> None:
    assert plural_units("nghiep UBND phuong, xa") == "nghiep UBND các phường, xã"
    assert plural_units("UBND phuong, xi;") == "UBND các phường, xã;"
    assert plural_units("UBND các phường, xã") == "UBND các phường, xã"
    assert plural_units("UBND phường Phước Bình") == "UBND phường Phước Bình"


CENTRED = """PHỤ LỤC I
STT Nội dung chỉ tiêu Đơn vị 2025 2030 Cơ quan theo dõi
I PHÁT TRIỂN HẠ TẦNG
Tỷ lệ phủ sóng 4G trên địa bàn
1 toàn thị xã, kể cả vùng % 90% 100% Phòng Văn hóa, Khoa học và Thông tin
sâu, vùng xa
Phòng Tài chính - Kế hoạch;
2 Tỷ lệ cán bộ được bồi dưỡng kỹ năng số % 80% 100% Phòng Nội vụ
"""


def test_indicators_owners_centred_cell_goes_to_the_nearest_row() -> None:
    lines = [Line(i + 1, t, t) for i, t in enumerate(CENTRED.splitlines())]
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="thị xã Bỉm Sơn"))
    extract_indicators(SourceText("snippet.txt", lines), record)
    first, second = record.indicators
    assert first.owner == [VHKHTT]
    # printed above row 2's number line, nearer to it than to row 1's
    assert second.owner == ["Phòng Tài chính - Kế hoạch", "Phòng Nội vụ"]
    assert first.text == "Tỷ lệ phủ sóng 4G trên địa bàn toàn thị xã, kể cả vùng sâu, vùng xa"


def test_indicators_owners_specialised_offices_read_with_their_qualifier() -> None:
    from ingest.indicator_owners import qualify_collectives

    entries = [(10, ["Các phòng chuyên môn"]), (13, ["Ủy ban nhân dân thị xã"])]
    assert qualify_collectives(entries, {}) == [["Các phòng chuyên môn UBND thị xã"]]
    entries = [(10, ["Các phòng chuyên môn"]), (11, ["UBND các phường, xã"])]
    text_of = {11: "don vi su nghiep truc"}
    assert qualify_collectives(entries, text_of) == [
        ["Các phòng chuyên môn, đơn vị sự nghiệp trực thuộc"], ["UBND các phường, xã"]]
    # a committee far below is another cell
    entries = [(10, ["Các phòng chuyên môn"]), (20, ["Ủy ban nhân dân thị xã"])]
    assert qualify_collectives(entries, {}) == [["Các phòng chuyên môn"],
                                                ["Ủy ban nhân dân thị xã"]]


def test_indicators_owners_lead_label_among_years_is_one_agency_column() -> None:
    from ingest.indicators import _two_agency_columns
    from ingest.table_layout import TableRegion

    def region(columns: list[str]) -> TableRegion:
        return TableRegion("indicators", 1, 2, 3, 9, columns)

    assert not _two_agency_columns(region(["year:2025", "baseline", "lead", "year:2030", "owner"]))
    assert _two_agency_columns(region(["lead", "output", "owner"]))
    assert _two_agency_columns(region(["year:2025", "year:2030", "lead", "owner"]))


def test_indicators_owners_council_abbreviation_with_misread_d() -> None:
    from ingest.indicator_owners import spell_cells

    assert spell_cells("|HPND&UBND Thi xi;") == "|HĐND&UBND Thi xi;"
    assert spell_cells("HBND & UBND phuong, xa") == "HĐND & UBND các phường, xã"
    assert spell_cells("HPND tinh") == "HPND tinh"  # not followed by UBND: left alone


def test_indicators_owners_damaged_copy_one_space_apart() -> None:
    from ingest.document import Line as _Line
    from ingest.indicator_owners import owner_copy
    from ingest.table_rows import RawRow

    cells = {"phongvhxh": "Phòng Văn hóa - Xã hội", "phongkinhte": "Phòng Kinh tế",
             "conganxa": "Công an xã"}

    def row(*texts: str) -> RawRow:
        return RawRow(number="7", number_line=1, group=None,
                      lines=[_Line(i + 1, t, t) for i, t in enumerate(texts)])

    # the owner cell one space after the text, two letters misread: still clearly VHXH
    assert owner_copy(row("7 So giai thuong KHCN cap tinh Phong VEIXH", "hang nam"),
                      cells) == ["Phòng Văn hóa - Xã hội"]
    assert owner_copy(row("7 So giai thuong | Phong VHXII |"), cells) == [
        "Phòng Văn hóa - Xã hội"]
    # too far from every name, or text words only: no owner
    assert owner_copy(row("7 So giai thuong KHCN cap tinh Phong VTT"), cells) == []
    assert owner_copy(row("7 Ty le phong chong thien tai"), cells) == []


def test_indicators_owners_rejoined_plural_units_spelled_again() -> None:
    from ingest.indicator_cells import read_row
    from ingest.table_rows import RawRow

    lines = ["27 | Ty le ho so xu ly tren moi truong dien tu % 100 100 UBND Thi xa; UBND",
             "dieu hanh noi bo , . N", "\\ A cac phuong, xa"]
    row = RawRow([Line(i + 1, t, t) for i, t in enumerate(lines)], "27", 1)
    owners = [n for cells in read_row(row, "thị xã Bỉm Sơn", True).read.owners for n in cells]
    assert "UBND các phường, xã" in owners
    assert "Ủy ban nhân dân phường" not in owners
