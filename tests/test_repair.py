"""Repair keeps line numbers and raw text, fixes glyphs, tones, page numbers and glued dates."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.repair import new_style_tones, repair, repair_line


def _src(texts: list[str], pages: list[int | None] | None = None) -> SourceText:
    pages = pages or [None] * len(texts)
    return SourceText("t.txt", [Line(i + 1, t, t, p) for i, (t, p) in enumerate(zip(texts, pages, strict=True))])


def test_repair_tone_convention_new_style() -> None:
    assert new_style_tones("hoà khoẻ thuỷ Thanh Hoá") == "hòa khỏe thủy Thanh Hóa"
    assert new_style_tones("hoặc hoàn quý ngoài") == "hoặc hoàn quý ngoài"


def test_repair_ocr_glyphs() -> None:
    assert repair_line("thuc hi¢n hi¢u qua cong ngh¢") == "thuc hien hieu qua cong nghe"
    assert repair_line("K¢é hoach tﬁng cuong") == "Ké hoach tang cuong"
    assert repair_line("tinh gon, ‘minh bach ©") == "tinh gon, minh bach"
    assert repair_line("“đột phá” ‘quote’") == "“đột phá” ‘quote’"


def test_repair_glued_date_words() -> None:
    assert repair_line("ngay 19thdang 11ndam 2025") == "ngay 19 thdang 11 ndam 2025"
    assert repair_line("ngày15 tháng 01") == "ngày 15 tháng 01"
    assert repair_line("Quy 12026") == "Quy 12026"


def test_repair_page_numbers_blanked_keeps_numbering() -> None:
    # page numbers stand after the gap of a page break
    texts = ["a", "", "", "2", "", "b", "3 Quy mô", "", "", "3", "", "c", "7"]
    out = repair(_src(texts))
    assert [ln.number for ln in out.lines] == list(range(1, 14))
    assert out.lines[3].text == "" and out.lines[9].text == ""
    assert out.lines[3].raw == "2"
    assert out.lines[12].text == "7"  # not isolated: a table value


def test_repair_running_headers_on_pages() -> None:
    texts, pages = [], []
    for p in range(1, 5):
        texts += [f"KẾ HOẠCH số 09/KH-UBND trang {p}", f"nội dung {p}", f"mục {'abcd'[p - 1]}"]
        pages += [p, p, p]
    out = repair(_src(texts, pages))
    assert all(out.lines[i].text == "" for i in range(0, 12, 3))
    assert out.lines[1].text == "nội dung 1"


def test_repair_closes_split_symbols() -> None:
    assert repair_line("Nghi quyét sb 57- NQ/TW va S6: 09 /KH-UBND") == (
        "Nghi quyét sb 57-NQ/TW va S6: 09/KH-UBND")
    assert repair_line("ngày 22/12/2024 của Bộ") == "ngày 22/12/2024 của Bộ"


def test_repair_page_number_at_page_edge() -> None:
    texts = ["Nội dung trang 1", "kết thúc", "2", "Nội dung trang 2", "12"]
    out = repair(_src(texts, [1, 1, 2, 2, 2]))
    assert out.lines[2].text == ""  # first line of page 2 is "2"
    assert out.lines[4].text == "12"  # a value, not this page's number


def test_repair_euro_sign_inside_a_word_is_a_lost_e() -> None:
    assert repair_line("Doanh nghi€p vién théng, ti€u chi") == "Doanh nghiep vién théng, tieu chi"
    assert repair_line("Kinh phí 100€ và € 5") == "Kinh phí 100€ và € 5"  # money stays


# Seed 002's Phụ lục II as OCR read it cell by cell: row numbers alone between single blanks
TABLE_ROWS = ["Báo cáo", "", "Thường", "xuyên", "", "18", "", "Xây dựng cơ chế giám sát",
              "định kỳ", "", "Các phòng, ban", "", "Thường", "xuyên", "", "19", "",
              "Đẩy mạnh tuyên truyền"]
# A page number: the number stands after the gap a page break leaves
PAGE_BREAK = ["kết thúc trang", "", "", "", "", "14", "", "Công an phường", "", "", "", "",
              "15", "", "PHỤ LỤC II"]


def test_repair_page_number_needs_a_page_boundary() -> None:
    from ingest.repair import lone_row_numbers, page_number_lines

    rows = _src(TABLE_ROWS).lines
    assert page_number_lines(rows) == set()
    assert lone_row_numbers(rows) == {5, 15}
    pages = _src(PAGE_BREAK).lines
    assert page_number_lines(pages) == {5, 12}
    assert lone_row_numbers(pages) == set()


def test_repair_page_number_at_a_page_change_without_gap() -> None:
    from ingest.repair import page_number_lines

    texts = ["nội dung", "", "2", "", "tiếp theo", "", "3", "", "còn nữa"]
    assert page_number_lines(_src(texts).lines) == set()  # no gap, no page change
    paged = _src(texts, [1, 1, 2, 2, 2, 2, 3, 3, 3]).lines
    assert page_number_lines(paged) == {2, 6}


def test_repair_lone_number_next_to_its_neighbour_row_is_a_row_number() -> None:
    from ingest.repair import lone_row_numbers, page_number_lines

    # a gap before it, but the line below opens row 18: "17" is the row above's number
    texts = ["văn bản", "", "", "17", "", "18 Xây dựng cơ chế giám sát", "", "", "19", "",
             "20 Đẩy mạnh tuyên truyền"]
    lines = _src(texts).lines
    assert page_number_lines(lines) == set()
    assert lone_row_numbers(lines) == set()  # 17, 19 do not continue one another
    assert repair(_src(texts)).lines[3].text == "17"


def test_repair_keeps_lone_row_numbers_blanks_page_numbers() -> None:
    # row numbers stay for the table readers; only page numbers are blanked (raw kept)
    out = repair(_src(TABLE_ROWS))
    assert out.lines[5].text == "18" and out.lines[15].text == "19"
    pages = repair(_src(PAGE_BREAK))
    assert pages.lines[5].text == "" and pages.lines[5].raw == "14"
