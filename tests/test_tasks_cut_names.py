"""A unit's name wrapped after a comma inside interleaved task rows ("Phòng Văn hóa," on one
line, "KH&TT" on a line below) is rejoined into one lead cell (ingest.table_names)."""

from __future__ import annotations

from ingest.table_cells import Piece
from ingest.table_names import rejoin_cut_names

LOCALITY = "thị xã Bỉm Sơn"


def test_cut_name_in_text_rejoined_before_the_support_cell() -> None:
    lines = ["Triển khai quy chế bảo vệ dữ liệu cá nhân Phong Van hod, |Cac phong, ban, don",
             "7 . Vién ban",
             ", 2 \\ . \\ N KH&TT vi lién quan 9/2025"]
    texts = ["Triển khai quy chế bảo vệ dữ liệu cá nhân Phong Van hod,", "", ""]
    pieces: list[list[Piece]] = [[Piece("agency", "Cac phong, ban", 1, 60)], [], []]
    rejoin_cut_names(texts, pieces, lines, LOCALITY)
    assert texts[0] == "Triển khai quy chế bảo vệ dữ liệu cá nhân"
    assert [p.text for p in pieces[0]] == ["Phong Van hod, KH&TT", "Cac phong, ban"]


def test_cut_name_in_a_text_piece_and_tail_in_the_next_text() -> None:
    lines = ["Trien khai Phong Van hod,", "cho doanh nghiep KH&TT"]
    texts = ["Trien khai", "cho doanh nghiep KH&TT"]
    pieces: list[list[Piece]] = [[Piece("text", "Phong Van hod,", 1, 30)], []]
    rejoin_cut_names(texts, pieces, lines, LOCALITY)
    assert texts[1] == "cho doanh nghiep"  # the tail leaves the task text
    assert [(p.kind, p.text) for p in pieces[0]] == [("agency", "Phong Van hod, KH&TT")]


def test_no_join_when_the_words_name_no_unit() -> None:
    lines = ["Xây dựng kế hoạch, triển khai Nền tảng,", "dùng chung R&D"]
    texts = list(lines)
    pieces: list[list[Piece]] = [[], []]
    rejoin_cut_names(texts, pieces, lines, LOCALITY)
    assert texts == lines and pieces == [[], []]


def test_name_wrapped_after_va_rejoined() -> None:
    from ingest.table_names import rejoin_and_names

    texts = ["Ban hành Kế hoạch triển khai phong trào", "N . A . Đảng và các đơn vị",
             "trên địa bàn Thị xã Dan van Thi uy x .,"]
    pieces: list[list[Piece]] = [
        [Piece("agency", "Ban Tuyén giao", 1, 60), Piece("text", "va ?C ar", 1, 75)], [], []]
    rejoin_and_names(texts, pieces, LOCALITY)
    assert pieces[0][0].text == "Ban Tuyén giao và Dan van Thi uy"
    assert texts[2] == "trên địa bàn Thị xã"


def test_va_without_a_unit_below_changes_nothing() -> None:
    from ingest.table_names import rejoin_and_names

    texts = ["Ban hành Kế hoạch", "trên địa bàn Thị xã Hằng năm"]
    pieces: list[list[Piece]] = [
        [Piece("agency", "Phòng Nội vụ", 1, 60), Piece("text", "và các đơn vị", 1, 75)], []]
    rejoin_and_names(texts, pieces, LOCALITY)
    assert [p.text for p in pieces[0]] == ["Phòng Nội vụ", "và các đơn vị"]
    assert texts[1] == "trên địa bàn Thị xã Hằng năm"
