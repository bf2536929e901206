"""Output cells, collective subjects and wrapped joint names of flattened task rows.

The strings are OCR as seeds 002-like plans print it (marks lost, "Kế" read "K&", cells of
neighbouring columns interleaved).
"""

from __future__ import annotations

from pathlib import Path

from ingest.agencies import AgencyMention
from ingest.deadlines import find_deadlines, parse_deadline
from ingest.table_collective import collective_phrase
from ingest.table_names import joined_name
from ingest.table_outputs import TableNames, output_heads, split_output
from ingest.table_starts import number_rest_is_text

LOCALITY = "thị xã Bỉm Sơn"


def _mention(surface: str, name: str) -> AgencyMention:
    return AgencyMention(0, len(surface), surface, name, None, 1.0, generic=False)


def _table() -> TableNames:
    names = TableNames()
    for surface, name in [
        ("Phong Van hoa, KH&TT", "Phòng Văn hóa, Khoa học và Thông tin"),
        ("Phong Van hoa, KH&TT", "Phòng Văn hóa, Khoa học và Thông tin"),
        ("Van phong Thi uy", "Văn phòng Thị ủy"),
        ("Van phong HDND&UBND", "Văn phòng HĐND và UBND thị xã"),
    ]:
        names.add(_mention(surface, name))
    return names


def test_output_heads_read_through_ocr() -> None:
    text = "Phong Van ho4, K& hoach"
    (span,) = output_heads(text)
    assert text[span[0]:span[1]] == "K& hoach"
    assert output_heads("Huéng dan")  # Hướng dẫn
    assert output_heads("Van phong Thi uy") == []  # a unit, not "Văn bản"
    assert output_heads("Trung tâm liễu được") == []  # "tâm liễu" is no "tài liệu"


def test_split_output_moves_name_fragments_to_support() -> None:
    output, names = split_output("Phong Van ho4, K& hoach", LOCALITY, _table())
    assert output == "K& hoach"
    assert names == ["Phòng Văn hóa, Khoa học và Thông tin"]
    # debris before the head is dropped, names nothing
    assert split_output("5 am Hoan thanh", LOCALITY, _table()) == ("Hoan thanh", [])
    # running words before a head are part of the output
    text = "Triển khai các nhiệm vụ của Đề án"
    assert split_output(text, LOCALITY, _table()) == (text, [])
    # an output without head words is left alone
    assert split_output("Đạt tỷ lệ 25%", LOCALITY, _table()) == ("Đạt tỷ lệ 25%", [])


def test_split_output_tail_stops_at_other_cells() -> None:
    assert split_output("K& hoach ctua Thang 5/2025", LOCALITY)[0] == "K& hoach"
    assert split_output("Ké hoach Thi Vin phong Thi ty; Ké hoach", LOCALITY)[0] == "Ké hoach"
    assert split_output("Quyết định của Ban Thường vụ Thị ủy", LOCALITY)[0] == \
        "Quyết định của Ban Thường vụ Thị ủy"  # the issuer after "của" stays
    assert split_output("Kế hoạch, báo cáo", LOCALITY)[0] == "Kế hoạch, báo cáo"


def test_table_names_resolve_only_unambiguous_fragments() -> None:
    table = _table()
    assert table.resolve("Phong Van ho4,") == "Phòng Văn hóa, Khoa học và Thông tin"
    assert table.resolve("Van hoa, KH&TT;") == "Phòng Văn hóa, Khoa học và Thông tin"
    # "Văn phòng" + damage is as close to two table names: no guess
    assert table.resolve("Van phong ad") is None
    assert table.resolve("Phong") is None  # too short to name anything


def test_collective_phrase_keeps_the_plan_wording() -> None:
    assert collective_phrase("Céc phong, ban, don vi lién quan") == \
        "Các phòng, ban, đơn vị liên quan"
    assert collective_phrase("Các cơ quan, đơn vị") == "Các cơ quan, đơn vị"
    assert collective_phrase("Cac phong chuyén mon, don vi lién quan Ké hoach") == \
        "Các phòng chuyên môn, đơn vị liên quan"
    assert collective_phrase("Các phòng; UBND các phường") == "Các phòng"
    assert collective_phrase("Cac Chi bd") is None
    # a cell wrapped after "đơn" (the rest on a lower line, or in part): the usual wording
    assert collective_phrase("C4c phong, ban , don") == "Các phòng, ban, đơn vị liên quan"
    assert collective_phrase("Cac phong, ban , don quan") == "Các phòng, ban, đơn vị liên quan"
    assert collective_phrase("Cac phong, ban , don Ké hoach") == "Các phòng, ban"


def test_joined_name_completes_a_cell_wrapped_after_va() -> None:
    row = "Ban Tuyén Gido va Phong Van h?a ... Déan van Thi uy . chuyén muc"
    assert joined_name("Ban Tuyên giáo", row) == "Ban Tuyên giáo và Dân vận Thị ủy"
    assert joined_name("Ban Tuyên giáo", "Ban Tuyên giáo Phòng Nội vụ") == "Ban Tuyên giáo"
    assert joined_name("Phòng Nội vụ", row) == "Phòng Nội vụ"


def test_deadlines_output_word_and_ocr_da() -> None:
    # "Hoàn thành" before a bare period is the output cell beside it
    (d,) = find_deadlines("Hoan thanh Nam 2026")
    assert d.text == "Nam 2026"
    assert find_deadlines("Hoàn thành trong năm 2025")[0].text == "Hoàn thành trong năm 2025"
    assert parse_deadline("Pa hoan thanh").kind == "done"  # "Đã" as OCR prints it
    assert parse_deadline("D3 hoan thanh").kind == "done"
    assert [d.kind for d in find_deadlines("Ban Thuong vu Thi uy")] == []
    assert parse_deadline("Thuong Xuyeén").kind == "continuous"


def test_number_before_a_wrapped_name_end_does_not_open_a_row() -> None:
    assert not number_rest_is_text("Uy; thiét 1ap cac quy trinh dién tir; trién khai")
    assert number_rest_is_text("Xây dựng kế hoạch chuyển đổi số trong các cơ quan")


def test_rule_after_cua_closes_the_text_column() -> None:
    from ingest.table_cells import split_line

    ruled = split_line("2 |các cơ quan đảng theo Quyết định số 204 của| Văn phòng Thị ủy Kế hoạch",
                       1, LOCALITY, strip_number=True, min_offset=30)
    assert [(p.kind, p.text) for p in ruled.pieces][0] == ("agency", "Văn phòng Thị ủy")
    plain = split_line("2 |các cơ quan đảng theo Quyết định số 204 của Văn phòng Thị ủy",
                       1, LOCALITY, strip_number=True, min_offset=30)
    assert not [p for p in plain.pieces if p.kind == "agency"]  # "của X": part of the text


def test_table_names_read_a_damaged_whole_name() -> None:
    table = _table()
    assert table.opening("Vin phong Thi iy R o . .,") == ("Văn phòng Thị ủy", 16)
    # the name stops before an output head word
    name, end = table.opening("Phong Van ho4, K& hoach") or ("", 0)
    assert name == "Phòng Văn hóa, Khoa học và Thông tin" and end == len("Phong Van ho4,")
    assert table.opening("Van phong HDND Thi uy") is None  # two table names come as close


def test_output_words_around_a_wrapped_month_cell() -> None:
    # "Quyết định phê Tháng" / "duyệt dự án 6/2027": the output goes on between the pieces
    assert split_output("Quyét dinh phé Thang duyét du an 6/2027 quan", LOCALITY)[0] == \
        "Quyét dinh phé duyét du an"
    # words after the month word with no date below are another column's
    assert split_output("Quyet dinh phé Thang phuong xa chuyén", LOCALITY)[0] == "Quyet dinh phé"


def test_party_bodies_take_the_committee_of_their_table() -> None:
    from ingest.table_names import table_committee, with_committee

    committee = table_committee(["Văn phòng Thị ủy", "Ban Tổ chức Thị ủy", "Phòng Nội vụ"])
    assert committee == "Thị ủy"
    assert with_committee("Ban Nội chính", committee) == "Ban Nội chính Thị ủy"
    assert with_committee("Ủy ban Kiểm tra Đảng ủy", committee) == "Ủy ban Kiểm tra Thị ủy"
    assert with_committee("Phòng Nội vụ", committee) == "Phòng Nội vụ"  # no party body
    assert table_committee(["Văn phòng Thị ủy", "Phòng Nội vụ"]) is None  # one is no evidence


def test_collective_cell_after_a_fuzzy_name_stands() -> None:
    from ingest.table_cells import split_line

    line = ("3 ndi bo; ho so tai li€u, két qua giai quyét tha tuc hanh chinh Trung tam Céc coquan, "
            "Vian bér~1 hudng Thusne xuvén")
    pieces = split_line(line, 1, "phường Phước Bình", strip_number=True, min_offset=40).pieces
    agencies = [p.text for p in pieces if p.kind == "agency"]
    assert len(agencies) == 2 and agencies[1].startswith("Céc coquan")


def test_stacked_cells_output_after_a_deadline_and_repeated_period() -> None:
    from ingest.document import Line, SourceText
    from ingest.records import PlanHeader, PlanRecord
    from ingest.tasks import extract_tasks

    text = """PHỤ LỤC
TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Kết quả Thời gian
1 Đẩy mạnh phát triển hạ tầng số, trong đó tập trung về hạ tầng công nghệ thông tin
Phòng VH-XH Năm 2025, các
năm tiếp theo
Kế hoạch, báo
cáo
Năm 2025,
các năm tiếp
theo
2 Triển khai hạ tầng Internet băng thông rộng tốc độ cao cho người sử dụng cuối
Phòng VH-XH Đơn vị DVVT Báo cáo thực
hiện
Quý IV,
2025
"""
    source = SourceText("s.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])
    record = PlanRecord(doc="s.txt", header=PlanHeader(locality="xã Nha Bích"))
    extract_tasks(source, record)
    first, second = record.tasks
    assert (first.output, first.deadline) == ("Kế hoạch, báo cáo", "Năm 2025, các năm tiếp theo")
    assert (second.output, second.deadline) == ("Báo cáo thực hiện", "Quý IV, 2025")


def test_plan_reference_deadline_takes_its_wrapped_year() -> None:
    from ingest.pipeline import read_and_repair, run_stages

    record = run_stages(read_and_repair(
        Path(__file__).resolve().parents[1] / "ingest" / "samples" / "000_2dc6f65ccb01aa7d.txt"),
        ["header", "tasks"])
    row = next(t for t in record.tasks if t.id == "II.12")
    assert row.deadline and row.deadline.endswith("2026") and row.deadline_year == 2026
    assert not row.text.endswith("2026")  # the year left the text column's words
