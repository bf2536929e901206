"""Target rows: a row number OCR turned into a glyph, an owner cell OCR damaged in one row."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.indicators import extract_indicators
from ingest.records import PlanHeader, PlanRecord

TABLE = """PHỤ LỤC I
DANH MỤC CÁC CHỈ TIÊU CỤ THỂ
STT Mục tiêu 2025 2030 2035 Cơ quan theo dõi
I Phát triển doanh nghiệp
1 | Số doanh nghiệp khoa học và công nghệ | >5 | >10 | >15 | Phòng Kinh tế
o | Số doanh nghiệp khởi nghiệp sáng tạo | 50 | 60 | 70 | PhongKinhé
3 | Số vườn ươm doanh nghiệp hoạt động | >2 | >4 | >6 | Phòng Kinh tế
"""


def _run(text: str) -> PlanRecord:
    lines = [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())]
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="xã Nha Bích"))
    extract_indicators(SourceText("snippet.txt", lines), record)
    return record


def test_lost_row_number_splits_the_merged_rows() -> None:
    inds = _run(TABLE).indicators
    assert [i.id for i in inds] == ["I.1", "I.2", "I.3"]
    assert inds[1].text == "Số doanh nghiệp khởi nghiệp sáng tạo"
    assert inds[1].target == {"2025": "50", "2030": "60", "2035": "70"}


def test_damaged_owner_cell_reads_as_its_column_copy() -> None:
    inds = _run(TABLE).indicators
    assert inds[1].owner == inds[0].owner == ["Phòng Kinh tế"]


def test_no_sequence_gap_no_new_row() -> None:
    # numbers 1, 2 follow each other: the glyph line is a wrapped line of row 1
    text = TABLE.replace("o | Số doanh", "o | Thêm doanh").replace("3 | Số vườn", "2 | Số vườn")
    inds = _run(text).indicators
    assert [i.id for i in inds] == ["I.1", "I.2"]


def test_name_wrapped_around_the_values_line_is_one_owner() -> None:
    # "Văn phòng" / values line / "HĐND&UBND": the owner cell wraps around the values
    text = """PHỤ LỤC I
DANH MỤC CÁC CHỈ TIÊU CỤ THỂ
STT Mục tiêu 2025 2030 2035 Cơ quan theo dõi
I Chuyển đổi số
1 | Số doanh nghiệp khoa học và công nghệ | >5 | >10 | >15 | Phòng Kinh tế
 Tỷ lệ người dân có tài khoản định Văn phòng
2 | 60% | 80% | 100%
danh điện tử (VNeID) HĐND&UBND
3 | Số vườn ươm doanh nghiệp hoạt động | >2 | >4 | >6 | Phòng Kinh tế
"""
    inds = _run(text).indicators
    assert inds[1].text == "Tỷ lệ người dân có tài khoản định danh điện tử (VNeID)"
    assert inds[1].owner and inds[1].owner[0].startswith("Văn phòng HĐND")


def test_year_values_from_the_line_that_prints_them() -> None:
    from ingest.indicator_cells import RowRead
    from ingest.indicators import _year_values

    read = RowRead(values=["0", "0", "3", "6", "10", "20", "1"],
                    value_runs=[["0", "0", "3", "6", "10", "20"], ["1"]])
    assert _year_values(read, 5) == ["0", "0", "3", "6", "10", "20"]  # "1" is debris below
    read = RowRead(values=["50%", "80%"], value_runs=[["50%"], ["80%"]])
    assert _year_values(read, 5) == ["50%", "80%"]  # no full line: all values
