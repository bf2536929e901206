"""Indicator text cleaned of the pieces other columns leave in a flattened row."""

from __future__ import annotations

from ingest.indicator_text import indicator_text, name_sequences, restore_opening, strip_foreign

SEQS = name_sequences([["Phòng Văn hóa, Khoa học và Thông tin", "Các doanh nghiệp viễn thông"],
                       ["Phòng Giáo dục và Đào tạo", "Phòng Kinh tế, Hạ tầng và Đô thị"]])


def test_indicators_text_wrapped_owner_end_dropped_after_its_head() -> None:
    lines = ["Phong Vian hod, Khoa", "A e s n hoc & Thong tin; Cac",
             "1 Ty le phu song 5G tren dia ban", "Doanh nghiep vién", "théng"]
    frags = ["A e s n hoc & Thong tin", "Ty le phu song 5G tren dia ban", "théng"]
    above = [lines[:1], lines[:2], lines[2:4]]
    assert strip_foreign(frags, above, SEQS) == ["A e s n", "Ty le phu song 5G tren dia ban"]
    assert indicator_text(frags, above, SEQS) == "Ty le phu song 5G tren dia ban"


def test_indicators_text_name_words_without_a_head_above_stay() -> None:
    # "khoa học và" opens the text; no owner head ends a line above it
    lines = ["11 So luong nhiem vu khoa hoc va Nhiem vu 17 19 Phong Van hoa, Khoa",
             "cong nghe trien khai moi nam"]
    frags = ["So luong nhiem vu khoa hoc va", "cong nghe trien khai moi nam"]
    assert strip_foreign(frags, [[], lines[:1]], SEQS) == frags
    # a place phrase an owner also contains is not a name run
    seqs = name_sequences([["Các ngân hàng nhà nước trên địa bàn thị xã"]])
    lines = ["Cac ngan hang nha nuoc", "So doanh nghiep tren dia ban thi xa"]
    assert strip_foreign([lines[1]], [lines[:1]], seqs) == [lines[1]]


def test_indicators_text_head_and_baseline_cells_dropped() -> None:
    lines = ["Ty le su dung dich vu cong truc Vién phong"]
    assert strip_foreign(lines, [[]], []) == ["Ty le su dung dich vu cong truc"]
    lines = ["Ty 1¢ giao dich khong dung tién Chi tieéu mai, mit chua d4nh gia"]
    assert indicator_text(lines, [[]], []) == "Tỷ lệ giao dich khong dung tién mit"


def test_indicators_text_damaged_opening_restored_only_when_damaged() -> None:
    assert restore_opening("Ty 16 doanh nghiep") == "Tỷ lệ doanh nghiep"
    assert restore_opening("Ty 1€ phu song") == "Tỷ lệ phu song"
    assert restore_opening("S6 luong san pham") == "Số lượng san pham"
    assert restore_opening("Ty le nguoi dan") == "Ty le nguoi dan"  # only unaccented
    assert restore_opening("So doanh nghiep") == "So doanh nghiep"


def test_indicators_text_value_run_across_the_text_column_dropped() -> None:
    from ingest.indicator_text import drop_value_debris

    text = "Ty le so hoa ho ket qua gia Y 7 50 108 MO Rebqua gy 100 100 | 100 [100 quyet thu tuc"
    out = " ".join(drop_value_debris(text).split())
    assert out == "Ty le so hoa ho ket qua gia MO Rebqua gy quyet thu tuc"
    # numbers of the text itself stay: a year, a size, "5G"
    for keep in ("Ty le phu song 5G (6G tu nam 2035 tro di)", "Dan so tu 15 tuoi tro len",
                 "toc do tren 01 Gb/s"):
        assert drop_value_debris(keep) == keep


CENTRED = """PHỤ LỤC I
STT Nội dung chỉ tiêu Đơn vị 2025 2030 Cơ quan theo dõi
I PHÁT TRIỂN KHOA HỌC
Tỷ lệ doanh nghiệp sử dụng kết quả
1 nghiên cứu của viện, trường trong % 40% 60% Phòng Kinh tế
sản xuất, kinh doanh
ung dung AI, IoT trong quan ly moi
2 truong, do thi thong minh; nang cao Hệ thống 1 2 Phòng Kinh tế
chat luong song nguoi dan
"""


def test_indicators_text_centred_row_start_cut_into_the_row_above() -> None:
    from ingest.document import Line, SourceText
    from ingest.indicators import extract_indicators
    from ingest.records import PlanHeader, PlanRecord

    lines = [Line(i + 1, t, t) for i, t in enumerate(CENTRED.splitlines())]
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality="thị xã Bỉm Sơn"))
    extract_indicators(SourceText("snippet.txt", lines), record)
    first, second = record.indicators
    assert first.text.endswith("trong sản xuất, kinh doanh")
    assert second.text.startswith("ung dung AI, IoT trong quan ly moi truong")


def test_indicators_text_cut_at_the_rule_closing_the_text_cell() -> None:
    frags = ["Ty le doanh nghiep cong nghe so | nghiep/", "So luong du an tinh moi| Du an"]
    assert strip_foreign(frags, [[], []], []) == ["Ty le doanh nghiep cong nghe so",
                                                  "So luong du an tinh moi"]
    # a rule before the text, or more than a short cell after it, is kept
    keep = ["|duoc boi duong ky nang so can ban", "Ty le | nguoi dan co tai khoan dinh danh"]
    assert strip_foreign(keep, [[], []], []) == keep


def test_indicators_text_lower_case_phong_is_text_not_a_head() -> None:
    frag = ["Ty le xa dat chuan ve cong tac phong chong"]
    assert strip_foreign(frag, [[]], []) == frag


def test_indicators_text_worded_year_cells_dropped() -> None:
    from ingest.indicator_repeats import drop_repeated_runs
    from ingest.indicator_text import strip_foreign

    # "Có" in five year cells, OCR-damaged; "Đạt mức" in three, with "Đ" read as P
    assert drop_repeated_runs("Xay dung kho du lieu so C6 C6 Cé C6") == \
        "Xay dung kho du lieu so"
    assert drop_repeated_runs("Nang cao nang luc Dat muc Pat muc | Pat mirc so") == \
        "Nang cao nang luc mirc so"
    # words a real indicator repeats further apart stay
    text = "Tỷ lệ số hóa hồ sơ số trong chuyển đổi số của xã"
    assert drop_repeated_runs(text) == text
    # a rank unit cell ends the text cell on its line
    assert strip_foreign(["Xep hang chi so an toan thong tin Thir bac TP huyen"], [[]], []) \
        == ["Xep hang chi so an toan thong tin"]
    assert strip_foreign(["Thu bac | <10"], [[]], []) == []


def test_indicators_text_repeated_words_of_real_text_kept() -> None:
    from ingest.indicator_repeats import drop_repeated_runs

    for text in ["Ty le cac co quan, cac don vi, cac to chuc su dung chu ky so",
                 "Ty le so hoa ho so so hoa ket qua", "Tỷ lệ phát triển, phát triển số"]:
        assert drop_repeated_runs(text) == text
