"""Target rows merged because OCR turned a row number into letters."""

from __future__ import annotations

from ingest.document import Line
from ingest.indicator_rows import split_lost_numbers
from ingest.table_rows import RawRow


def _row(number: str, number_line: int, lines: dict[int, str]) -> RawRow:
    return RawRow([Line(n, t, t) for n, t in lines.items()], number, number_line)


def test_indicators_rows_lost_number_cuts_the_merged_row() -> None:
    rows = [_row("20", 867, {867: "20 Ty le doanh nghiep 25% 40%"}),
            _row("22", 874, {869: "So luong sang kien Cac phong chuyen mon",
                             870: "g1 [So sang kien 0 3 5 UBND thi xa",
                             871: "cong duoc cong nhan moi nam",
                             872: "Phong Tai chinh - KH;",
                             874: "22 So luong du an khoi nghiep 3 5",
                             875: "tao moi nam"})]
    out = split_lost_numbers(rows)
    assert [(r.number, r.number_line) for r in out] == [("20", 867), ("21", 870), ("22", 874)]
    assert [ln.number for ln in out[1].lines] == [869, 870, 871]
    assert out[1].lines[1].text.startswith("21 [So sang kien")
    assert [ln.number for ln in out[2].lines] == [872, 874, 875]  # a tie stays below


def test_indicators_rows_no_gap_or_no_glyph_number_no_cut() -> None:
    rows = [_row("20", 867, {867: "20 Ty le"}),
            _row("21", 874, {870: "g1 [So sang kien", 874: "21 So luong"})]
    assert split_lost_numbers(rows) == rows  # numbering has no gap
    rows = [_row("20", 867, {867: "20 Ty le"}),
            _row("22", 874, {870: "45 [So sang kien", 874: "22 So luong"})]
    assert split_lost_numbers(rows) == rows  # "45" does not read as 21


def test_indicators_rows_heading_inside_an_unnumbered_row_opens_a_group() -> None:
    from dataclasses import replace

    from ingest.indicator_rows import split_at_headings

    group = "PHAT TRIEN HE SINH THAI"
    rows = [replace(_row("23", 880, {880: "23 Trinh do cong nghe Thu bac"}), group=group),
            replace(_row(None, None, {881: "tinh", 883: "\\Y; PHAT TRIEN CHUYEN DOI SO",
                                      884: "Dat muc"}), group=group),
            replace(_row("24", 894, {894: "24 Tiem luc khoa hoc"}), group=group),
            replace(_row("1", 900, {900: "1 Ty le"}), group="OTHER")]
    groups = [("IV", group, 841), ("VI", "OTHER", 899)]
    out, found = split_at_headings(rows, groups)
    assert [r.number for r in out] == ["23", "24", "1"]
    assert [ln.number for ln in out[0].lines] == [880, 881]
    assert [ln.number for ln in out[1].lines] == [884, 894]
    assert out[1].group == "PHAT TRIEN CHUYEN DOI SO" and out[2].group == "OTHER"
    assert [g[2] for g in found] == [841, 883, 899]


def test_indicators_rows_one_digit_number_read_as_a_letter() -> None:
    rows = [_row("4", 728, {728: "4 Ty le nhiem vu trien khai 5% 10%"}),
            _row("6", 732, {729: "s |So don dang ky so huu tri tue 5 5 5",
                            730: "hang nam",
                            731: "Ty le ket qua duoc ung dung",
                            732: "6 | thuc tien sau 12 thang 10% 15%"})]
    out = split_lost_numbers(rows)
    assert [(r.number, r.number_line) for r in out] == [("4", 728), ("5", 729), ("6", 732)]
    assert out[1].lines[0].text.startswith("5 |So don dang ky")
    assert [ln.number for ln in out[2].lines] == [731, 732]
    # a letter that is no glyph of the missing digit: no cut
    rows[1] = _row("6", 732, {729: "k |So don dang ky", 732: "6 | thuc tien"})
    assert split_lost_numbers(rows) == rows
