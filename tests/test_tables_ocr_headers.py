"""Table header labels read through OCR damage, and body lines that must stay body lines.

The snippets are written by hand in the ways OCR without a Vietnamese model misreads a plan
(look-alike digits and letters for marked vowels, "Đ" as "P"/"b", a symbol for "ệ" that
folding turns into a space, a lost vowel or final letter, glued words); none is copied from a
seed.
"""

from __future__ import annotations

import pytest

from ingest.document import Line, SourceText
from ingest.header_words import canonical_labels, word_cost
from ingest.normalize import fold
from ingest.table_columns import header_roles
from ingest.table_layout import locate_tables


@pytest.mark.parametrize(("printed", "roles"), [
    # clean, for reference
    ("STT Nội dung công việc Cơ quan chủ trì Cơ quan phối hợp Thời hạn hoàn thành",
     ["task_text", "lead", "support", "deadline"]),
    # "ủ" -> "ii", "ố" -> "0", "ợ" -> "g", "ờ" -> "d", "à" -> "i"
    ("STT Ndi dung cong viec Co quan chii tri Co quan ph0i hgp Thdi han hoan thinh",
     ["task_text", "lead", "support", "deadline"]),
    # "ệ" printed as a symbol (folded to a space), "Đ" -> "b", "ố" -> "b"
    ("TT Nhi€m vu cu the bon vi thuc hien bon vi phbi hop San pham",
     ["task_text", "lead", "support", "output"]),
    # a final letter lost ("hoàn thàn"), "Đ" -> "P", "ị" -> "j"
    ("STT Ten nhiem vu Pon vj chu tri Tién dé hoan than", ["task_text", "lead", "deadline"]),
    # words glued by OCR
    ("STT Nhiem vu Donvi chutri Donvi phoihop", ["task_text", "lead", "support"]),
    # a target table: "ỉ" lost, "ê" -> "1" (digit for a letter), "Đ" -> "P", "ã" -> "4"
    ("TT Ch tieu Pon vi tinh Nam 2026 Nam 2030 Co quan theo d6i",
     ["target_text", "unit", "year:2026", "year:2030", "owner"]),
    ("So TT Muc t1eu Dvt Hien trang Kết qua", ["target_text", "unit", "baseline", "output"]),
    # "c" -> "e" as a first letter, "ố" -> "6" with "i" lost, "ệ" -> "¢" (folded away)
    ("STT Nhi¢m vu Don vi ehu tri Đon vi ph6 hop", ["task_text", "lead", "support"]),
    # a label word that is another one damaged: "phi" ("kinh phi") for "phối"
    ("STT Nhiém vu Don vi ehu tri Pon vi phi hop", ["task_text", "lead", "support"]),
    # "m" -> "n", "ủ" -> "ti", "ố" -> "b"
    ("STT Nhién vu Don vi chti tri Don vi phbi hop", ["task_text", "lead", "support"]),
    # an inner consonant lost, affordable only inside the whole "Đơn vị phối hợp"
    ("STT Nhiém vu Don vi chu tri Pon vi poi hop", ["task_text", "lead", "support"]),
])
def test_damaged_header_labels_read_as_their_columns(printed: str, roles: list[str]) -> None:
    assert header_roles(fold(printed)) == roles


@pytest.mark.parametrize("body", [
    # "ứng dụng" with its first letter lost is not "nội dung"
    "Tăng cường ng dung cong nghe sb trong quan ly nha nudc",
    # "tin đa ..." is not "tiến độ"; "bốn vị" alone is no "Đơn vị" column
    "Cung cấp tin da chieu cho bon vi lanh dao xa",
    # "thác hải ..." is not "thực hiện"; "chi tiết" is not "chỉ tiêu"
    "Khai thác hai san ven bien, xem chi tiết tai phu lục",
    "Tổ chức hội thảo giới thiệu công nghệ số cho doanh nghiệp trên địa bàn",
    "Hỗ trợ chuyển giao công nghệ, đổi mới sáng tạo cho hợp tác xã",
    # "phí hợp" is no damaged "phối hợp" outside the whole label
    "Miễn phí hợp đồng cho các đơn vị sự nghiệp",
    "Thu phi, le phi hop ly cho nguoi dan tai don vi",
    # "poi hop" alone (an inner consonant lost) is too weak to be a label
    "Khuyen khich poi hop tac xa tham gia",
])
def test_body_lines_stay_without_column_labels(body: str) -> None:
    assert header_roles(fold(body)) == []


def test_clean_text_comes_back_unchanged() -> None:
    for text in ("stt nhiem vu don vi chu tri don vi phoi hop ket qua thoi gian hoan thanh",
                 "1 xay dung ha tang so cho cac xa", ""):
        assert canonical_labels(text) is text


def test_costs_cheap_for_lookalikes_dear_for_other_letters() -> None:
    assert word_cost("phoi", "phoi") == 0
    assert word_cost("ph6i", "phoi") < word_cost("phai", "phoi")
    assert word_cost("chti", "chu") < 0.5  # "ủ" printed as two letters
    assert word_cost("mu", "muc") < 1  # a lost final letter
    assert word_cost("mc", "muc") < 1  # a lost vowel
    assert word_cost("uc", "muc") >= 1  # a lost first consonant is not OCR's way


def _source(text: str) -> SourceText:
    return SourceText("snippet.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


def test_damaged_task_table_found_with_its_columns() -> None:
    src = _source("PHU LUC II\nDANH MUC NHIEM VU\n\nSTT Nhi¢m vu Pon vi chti tri bon vi ph6i\n"
                  "hgp\nThdi gian\nhoan thanh\nI Tang cuong lanh dao\n"
                  "1 Ban hanh quy che lam viec cua Ban Chi dao Van phong Cac phong Quy I/2026\n")
    (table,) = locate_tables(src)
    assert table.kind == "tasks"
    assert table.columns == ["lead", "support", "deadline"]
    assert (table.header_start, table.header_end, table.body_start) == (4, 7, 8)


def test_group_heading_printed_small_ends_the_header() -> None:
    # "I Đến năm 2030" with "Đ" read as "b": the year belongs to the body, not to the header
    src = _source("STT Chi tieu Don vi tinh Ket qua Don vi chu tri\nI bén nim 2030\n"
                  "1 Ty le ho gia dinh co cap quang % 90 Phong Van hoa\n")
    (table,) = locate_tables(src)
    assert table.kind == "indicators"
    assert table.header_end == 1
    assert table.years == []


@pytest.mark.parametrize(("line", "is_label"), [
    ("STT Nhiệm vụ Đơn vị chủ trì", True),
    ("STTMUc tiéu Don vi", True),  # OCR glued "STT" to the label after it
    ("STTNhiem vu Don vi chu tri", True),
    ("TTHC cấp xã được số hóa", False),  # an acronym, not the number column
    ("Sttmuc", False),  # glued to no label word
])
def test_stt_label_read_when_glued_to_the_next_label(line: str, is_label: bool) -> None:
    from ingest.table_columns import STT_LABEL

    assert bool(STT_LABEL.match(fold(line))) is is_label
