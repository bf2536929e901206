"""Interleaved task rows: cells OCR packed into the text column behind debris of the rules."""

from __future__ import annotations

from ingest.table_cells import word_tokens
from ingest.tasks import _debris_cells

LOCALITY = "phường Phước Bình"


def test_syllables_count_as_words_debris_does_not() -> None:
    assert word_tokens("Thực hiện liên thông dữ liệu") == (6, 0)
    assert word_tokens("2 1 , A . cn L 2R")[0] == 0
    assert word_tokens("UBND 2026") == (0, 0)  # abbreviation and year: neither


def test_name_behind_debris_opens_the_cell_area() -> None:
    text, pieces = _debris_cells("2 1 , A . cn L 2R Công an . 1a Z Thực hiện theo", 7,
                                 LOCALITY, 40)
    assert text == ""
    agencies = [p for p in pieces if p.kind == "agency"]
    assert agencies and agencies[0].text.startswith("Công an")
    assert agencies[0].offset >= 40  # packed cells sit past the text column


def test_debris_line_is_no_text_but_real_text_stays() -> None:
    assert _debris_cells(". 1 A L Tt s A e QA X X phuong, cac A ke hoach cua", 3,
                         LOCALITY, 40) == ("", [])
    line = "Hoàn thành và @ a0 khai thác hiệu quả dữ liệu , . , . ,"
    assert _debris_cells(line, 3, LOCALITY, 40) == (line, [])
    # words before the name: the name is part of the text ("... Công an phường ...")
    line = "Phối hợp với lực lượng Công an phường rà soát dữ liệu dân cư"
    assert _debris_cells(line, 3, LOCALITY, 40)[0] == line
