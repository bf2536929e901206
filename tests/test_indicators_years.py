"""Year columns, baselines, units and value repairs of target rows (hand-written snippets)."""

from __future__ import annotations

import pytest

from ingest.document import Line, SourceText
from ingest.indicator_text import restore_opening
from ingest.indicator_units import counted_unit, has_unit_column, table_unit
from ingest.indicator_values import percent_row, repair_comparison
from ingest.indicator_years import new_baseline, year_targets
from ingest.indicators import extract_indicators
from ingest.records import PlanHeader, PlanRecord
from ingest.table_layout import locate_tables

YEARS = ["2025", "2030", "2035", "2040", "2045"]


def _source(text: str) -> SourceText:
    return SourceText("snippet.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


def test_years_short_row_fills_the_later_columns() -> None:
    # no baseline column: four values of five years start late
    assert year_targets([">5", ">10", ">15", ">20"], YEARS, False, False) == {
        "2030": ">5", "2035": ">10", "2040": ">15", "2045": ">20"}
    # values that reach 100% were met early: the blank cells are the later ones
    assert year_targets([">60%", ">80%", "100%"], YEARS, False, False) == {
        "2025": ">60%", "2030": ">80%", "2035": "100%"}
    assert year_targets(["1%", "2%", "3%", "4%", "5%", "6%"], YEARS, False, False) == {
        y: f"{k}%" for k, y in enumerate(YEARS, start=1)}
    assert year_targets([], YEARS, False, False) is None


def test_years_baseline_column() -> None:
    # the baseline printed and all five years: six values, the first is not a target
    assert year_targets(["0", "1", "2", "3", "4", "5"], YEARS, True, False) == {
        y: str(k) for k, y in enumerate(YEARS, start=1)}
    # the baseline printed, one year lost: a rate at 100% keeps it in the later years
    assert year_targets(["25%", "70%", "90%", "100%", "100%"], YEARS, True, False) == {
        "2025": "70%", "2030": "90%", "2035": "100%", "2040": "100%", "2045": "100%"}
    # ... and one below 100% leaves the lost year out
    assert year_targets(["5%", "10%", "20%", "30%", "40%"], YEARS, True, False) == {
        "2025": "10%", "2030": "20%", "2035": "30%", "2040": "40%"}
    # a row marked new prints words in the baseline cell: every value is a target
    assert year_targets(["40%", "70%", "100%"], YEARS, True, True) == {
        "2035": "40%", "2040": "70%", "2045": "100%"}
    assert year_targets(["12"], YEARS, True, False) is None  # the baseline alone


def test_years_new_indicator_mark_clean_and_damaged() -> None:
    assert new_baseline(["3 Tỷ lệ hồ sơ số hóa % Chỉ tiêu mới, chưa đánh giá 50%"])
    assert new_baseline(["| % Chitiéumoi. | 20% | 60%", "chua d4nh gia"])
    assert not new_baseline(["Tỷ lệ chỉ tiêu hoàn thành % 20% 40% 60%"])


def test_values_comparison_read_as_equals_or_two() -> None:
    assert repair_comparison("=15") == "≥15"
    assert repair_comparison("= 8%") == "≥8%"
    assert repair_comparison("260%") == "≥60%"
    assert repair_comparison("2100%") == "≥100%"
    assert repair_comparison("25%") == "25%"  # a real rate
    assert repair_comparison(">=5") == ">=5" and repair_comparison("300%") == "300%"
    assert percent_row(["=70%", "8504", "9094"], "%") == ["≥70%", "85%", "90%"]


def test_units_from_the_counted_noun() -> None:
    assert counted_unit("Số lượng dự án chuyển đổi số được triển khai") == "Dự án"
    assert counted_unit("S6 luong sang kien duoc cong nhan") == "Sáng kiến"
    assert counted_unit("So luong cac doanh nghiep so") == "Doanh nghiệp"
    assert counted_unit("Xếp hạng chỉ số cải cách hành chính") == "Thứ bậc"
    assert counted_unit("Số lượng người bệnh khám từ xa") == "Người"
    assert counted_unit("Tỷ lệ dự án hoàn thành") is None
    assert counted_unit("Số lượng ứng dụng") is None  # not a unit noun
    # only where the table has a unit column; a read unit other than a stray "%" stays
    assert table_unit(None, "Số lượng dự án", True) == "Dự án"
    assert table_unit(None, "Số lượng dự án", False) is None
    assert table_unit("%", "Số lượng dự án", True) == "Dự án"
    assert table_unit("DN", "Số lượng doanh nghiệp", True) == "DN"
    assert table_unit("%", "Tỷ lệ dự án", True) == "%"


UNIT_TABLE = """PHỤ LỤC: CHỈ TIÊU CỤ THỂ
Đơn vị CHỈ TIÊU Cơ quan
STT Nội dung chỉ tiêu tính/đo Hiện trạng Năm | Năm | Năm | Năm | Năm chủ trì
lường (6/2025) 2025 | 2030 | 2035 | 2040 | 2045
I | PHÁT TRIỂN ĐỔI MỚI SÁNG TẠO
1 | Số lượng dự án hợp tác với viện, trường | Dự an 0 1 2 4 6 8 Phòng Kinh tế
2 | Số lượng sáng kiến được công nhận mỗi năm 1 2 3 4 5 6 Phòng Nội vụ
3 | Tỷ lệ thôn có điểm truy cập internet công cộng % 30% 50% | 70% | 90% | 100% Phòng Kinh tế
4 | Tỷ lệ hộ dùng điện toán đám mây % Chỉ tiêu mới, | 20% | 45% | 1009 | Phòng Kinh tế
chưa đánh giá
"""


def test_units_and_baseline_in_a_flattened_table() -> None:
    source = _source(UNIT_TABLE)
    region = next(r for r in locate_tables(source) if r.kind == "indicators")
    assert has_unit_column(source, region)  # "tính/đo lường" split over two header lines
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã An Phú"))
    extract_indicators(source, record)
    by_id = {i.id: i for i in record.indicators}
    assert by_id["I.1"].unit == "Dự án" and by_id["I.2"].unit == "Sáng kiến"
    assert by_id["I.1"].target == {"2025": "1", "2030": "2", "2035": "4", "2040": "6",
                                   "2045": "8"}
    assert by_id["I.3"].target == {"2025": "50%", "2030": "70%", "2035": "90%",
                                   "2040": "100%", "2045": "100%"}
    assert by_id["I.4"].target == {"2035": "20%", "2040": "45%", "2045": "100%"}


def test_opening_column_rule_dropped() -> None:
    assert restore_opening("[Ty 16 phu song trén dia ban") == "Tỷ lệ phu song trén dia ban"
    assert restore_opening("4 [Ty 1€ thon co internet") == "Tỷ lệ thon co internet"
    assert restore_opening("| Số lượng dự án") == "Số lượng dự án"
    assert restore_opening("(5G) phủ sóng") == "(5G) phủ sóng"
    assert restore_opening("10 [ ") == "10 [ "  # no text after the rule: left alone


def test_units_read_as_printed_spelled_from_the_vocabulary() -> None:
    from ingest.indicator_units import spelled_unit

    assert spelled_unit("San phim") == "Sản phẩm"
    assert spelled_unit("Du an") == "Dự án"
    assert spelled_unit("Nhiém vu") == "Nhiệm vụ"
    assert spelled_unit("% GRDP") == "% GRDP" and spelled_unit("DN") == "DN"


ROW_OPENS_ABOVE = """Co quan theo
STT Muc tieu 2025 2030 | 2035 | 2040 | 2045
doi, tong hop
I | Phat trien chuyen doi so
4 Ty le van ban di duoc ky so | 80% | 90% | 100% | 100% | 100% | Phong VHXH
Ty le ho so, ket qua giai quyet
5 TTHC duoc so hoa >70% | 100% | 100% | 100% | 100% Phong VHXH
6 | Chu ky so ca nhan cua nguoi dan | 10% | 30% | 40% | 50% | 60% | Phong VHXH
"""


def test_rows_text_opening_above_its_number_line_moves_down() -> None:
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã Bình Tân"))
    extract_indicators(_source(ROW_OPENS_ABOVE), record)
    by_id = {i.id: i for i in record.indicators}
    assert by_id["I.4"].text == "Ty le van ban di duoc ky so"
    assert by_id["I.5"].text == "Ty le ho so, ket qua giai quyet TTHC duoc so hoa"
    assert by_id["I.6"].text.startswith("Chu ky so ca nhan")
    # OCR-damaged opening ("Ty 1€"), and a second row's values below it: not moved
    damaged = ROW_OPENS_ABOVE.replace("Ty le ho so", "Ty 1€ ho so")
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã Bình Tân"))
    extract_indicators(_source(damaged), record)
    assert {i.id: i for i in record.indicators}["I.5"].text.startswith("Tỷ lệ ho so")
    merged = ROW_OPENS_ABOVE.replace("5 TTHC duoc so hoa", "TTHC duoc so hoa")  # number lost
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã Bình Tân"))
    extract_indicators(_source(merged), record)
    last = record.indicators[-1]
    assert last.text.startswith("Chu ky so ca nhan")  # the merged row's lines stay in it


def test_wrapped_name_ends_are_words_not_value_cells() -> None:
    from ingest.indicator_cells import rejoin_wrapped_names

    lines = ["Ty le ho so xu ly truc tuyen % 80 Phong Van hoa Xa", "tren mang hoi"]
    assert rejoin_wrapped_names(lines, "xã An Phú")[0].endswith("Xa hoi")
    # a line ending in a value cell, or a value cell below, joins nothing
    lines = ["Ty le ho so xu ly truc tuyen Phong Van hoa Xa 100%", "tren mang hoi"]
    assert rejoin_wrapped_names(lines, "xã An Phú") == lines
    lines = ["Ty le ho so xu ly truc tuyen % 80 Phong Van hoa Xa", "tren mang 100%"]
    assert rejoin_wrapped_names(lines, "xã An Phú") == lines


def test_values_lost_decimal_comma_of_a_bound_below_one() -> None:
    assert repair_comparison(">07") == ">0,7"
    assert repair_comparison("=09") == "≥0,9"
    assert repair_comparison("07") == "07"  # a count printed with its zero ("07 sáng kiến")
    assert repair_comparison(">0,5") == ">0,5" and repair_comparison(">10") == ">10"


def test_units_rank_cell_anywhere_on_the_row() -> None:
    lines = ["Chỉ số hài lòng của người dân, doanh nghiệp Đạt loại", "12 o Thir bac X . ..",
             "tốt"]
    assert table_unit(None, "Chỉ số hài lòng", False, lines) == "Thứ bậc"
    assert table_unit(None, "Chỉ số hài lòng", False, ["Chỉ số hài lòng Thứ bậc Tốp 10"]) \
        == "Thứ bậc"
    assert table_unit(None, "Trình độ công nghệ", False, ["Nâng cao trình độ bậc thợ"]) is None
    assert table_unit("%", "Chỉ số hài lòng", False, lines) == "%"


NO_UNIT_COLUMN = """Co quan theo
STT Muc tieu 2025 2030 | 2035 | 2040 | 2045
doi, tong hop
I | Phat trien nguon luc
3 | Iy 1€ can bo duoc boi duong ky nang so | 85 | 90% | 100% | 100% | 100% | Phong VHXH
"""


def test_units_percent_from_most_values_without_a_unit_column() -> None:
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã Bình Tân"))
    extract_indicators(_source(NO_UNIT_COLUMN), record)
    assert [i.unit for i in record.indicators] == ["%"]  # one value of five lost its "%"


def test_values_bare_one_among_percentages_is_debris() -> None:
    assert percent_row(["1", "70%", "80%", "90%", "100%", "100%"], "%") == [
        "70%", "80%", "90%", "100%", "100%"]
    assert percent_row(["50%", "1", "100%"], None) == ["50%", "100%"]
    assert percent_row(["1", "2", "3"], None) == ["1", "2", "3"]  # counts keep their 1
    assert percent_row(["1%", "5%"], "%") == ["1%", "5%"]


def test_values_lost_decimal_comma_between_rising_targets() -> None:
    from ingest.indicator_values import repair_lost_commas

    assert repair_lost_commas([">1%", ">15%", ">2%", ">2,5%"]) == [">1%", ">1,5%", ">2%",
                                                                  ">2,5%"]
    assert repair_lost_commas(["0,2", "05", "0,8"]) == ["0,2", "0,5", "0,8"]
    assert repair_lost_commas(["2", "35", "4"]) == ["2", "3,5", "4"]
    # a real rise, or a value that rises anyway, stays
    assert repair_lost_commas(["10%", "15%", "20%"]) == ["10%", "15%", "20%"]
    assert repair_lost_commas(["1", "15", "30"]) == ["1", "15", "30"]
    assert repair_lost_commas(["15%", "1%"]) == ["15%", "1%"]  # no neighbour on both sides


def test_units_rank_words_of_running_text_are_no_cell() -> None:
    from ingest.indicator_text import strip_foreign

    text = "Tăng thứ bậc xếp hạng chỉ số năng lực cạnh tranh"
    assert strip_foreign([text], [[]], []) == [text]
    assert table_unit(None, text, True, [text]) is None


@pytest.mark.parametrize("heading", ["I Đến năm 2030", "I bén nAm 2030", "IĐén nam 2030",
                                     "I P&n nam 2030"])
def test_year_group_heading_read_through_ocr_damage(heading: str) -> None:
    """"I. Đến năm 2030" is the year group of the rows below it, also with its "Đ" read
    "b"/"P" (lower case: not "I" for row 1) or its numeral glued on."""
    from ingest.table_numbering import group_match, is_year_group

    assert is_year_group(heading)
    assert group_match(heading) is not None
    text = YEAR_GROUP_TABLE.format(heading=heading)
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã Nha Bích"))
    extract_indicators(_source(text), record)
    first = record.indicators[0]
    assert (first.year, first.target) == (2030, "≥ 20%")


def test_year_group_needs_the_year_phrase() -> None:
    from ingest.table_numbering import is_year_group

    assert not is_year_group("I bán năm 2025 cho dân")  # "bán" is no damaged "Đến"
    assert not is_year_group("1 Đến năm 2030")  # an arabic row number


YEAR_GROUP_TABLE = """BẢNG CHỈ TIÊU
STT Mục tiêu Đơn vị tính Kết quả Đơn vị chủ trì
{heading}
1 Tỷ lệ doanh nghiệp ứng dụng nền tảng số % ≥ 20% Phòng Kinh tế
2 Tỷ lệ hồ sơ trực tuyến toàn trình % ≥ 80% Văn phòng HĐND và UBND
"""
