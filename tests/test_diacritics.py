"""Diacritics restoration: known words, untouched accented text, kept symbols, the stage."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.diacritics import (
    Restorer,
    get_restorer,
    looks_like_ocr,
    mark_ratio,
    modern_tone,
    needs_restoration,
    restore,
    restore_record,
)
from ingest.diacritics_text import _TOKEN
from ingest.document import Line, SourceText
from ingest.normalize import strip_marks
from ingest.records import Assignment, DocumentRef, Indicator, PlanRecord, Task

# Typical plan wording written for this test (not taken from the gold annotations).
SAMPLE = [
    "Tổ chức tuyên truyền, phổ biến cho người dân về lợi ích của dịch vụ công trực tuyến.",
    "Phòng Văn hóa - Xã hội chủ trì, phối hợp với Công an xã và các đơn vị liên quan.",
    "Nâng cao tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình.",
    "Triển khai chữ ký số cho cán bộ, công chức trong hoạt động công vụ.",
    "Đẩy mạnh phát triển kinh tế số, xã hội số và chính quyền số trên địa bàn.",
    "Hoàn thành trong quý II năm 2026; báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh.",
    "Xây dựng cơ sở dữ liệu dân cư, bảo đảm an toàn thông tin và an ninh mạng.",
    "Hướng dẫn người dân kích hoạt tài khoản định danh điện tử và thanh toán không dùng tiền mặt.",
]


def _accuracy(pairs: list[tuple[str, str]]) -> float:
    right = total = 0
    for got, want in pairs:
        g, w = got.split(), want.split()
        assert len(g) == len(w)
        right += sum(a == b for a, b in zip(g, w, strict=True))
        total += len(w)
    return right / total


def test_diacritics_restores_unaccented_query() -> None:
    assert restore("ai phu trach chu ky so cho nguoi dan") == "ai phụ trách chữ ký số cho người dân"


def test_diacritics_repairs_ocr_damage() -> None:
    out = restore("Can ctr Nghi quyét s6 57-NQ/TW ngay 22/12/2024 ciia B Chinh tri vé d6i méi")
    assert out == "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đổi mới"


def test_diacritics_accented_text_unchanged() -> None:
    for sentence in SAMPLE:
        assert restore(sentence) == sentence
    assert restore("Đồng Nai") == "Đồng Nai"
    decomposed = unicodedata.normalize("NFD", SAMPLE[1])
    assert restore(decomposed) == decomposed


def test_diacritics_keeps_numbers_symbols_and_case() -> None:
    text = "KE HOACH so 09/KH-UBND cua UBND phuong Phuoc Binh ngay 15/01/2026 (VNPT, 100%)"
    out = restore(text)
    assert out.startswith("KẾ HOẠCH số 09/KH-UBND của UBND phường Phước Bình ngày 15/01/2026")
    assert out.endswith("(VNPT, 100%)")
    assert strip_marks(out) == strip_marks(text)


def test_diacritics_symbols_untouched_acronyms_get_their_d() -> None:
    out = restore("HDND phuong va BCD tinh; Quyet dinh 379/QD-UBND, tai khoan VNeID", ocr=True)
    assert out == "HĐND phường và BCĐ tỉnh; Quyết định 379/QD-UBND, tài khoản VNeID"


def test_diacritics_ocr_letter_confusions() -> None:
    """English OCR's usual misreadings: digits, ¢, ¥, w for ư, P for Đ, stray d/g."""
    assert restore("dir li¢u", ocr=True) == "dữ liệu"
    assert restore("k¥ nang s6", ocr=True) == "kỹ năng số"
    assert restore("trén dia ban phuwong", ocr=True) == "trên địa bàn phường"
    assert restore("hd trg", ocr=True) == "hỗ trợ"
    assert restore("DPé an", ocr=True) == "Đề án"
    assert restore("stra d01, bd sung", ocr=True) == "sửa đổi, bổ sung"


def test_diacritics_accuracy_on_sample() -> None:
    pairs = [(restore(strip_marks(s)), s) for s in SAMPLE]
    assert _accuracy(pairs) >= 0.93


def test_diacritics_mark_ratio_and_needs_restoration() -> None:
    assert mark_ratio("Triển khai thực hiện Nghị quyết") == 5 / 6
    assert mark_ratio("Trien khai thuc hien Nghi quyet") == 0.0
    assert mark_ratio("57-NQ/TW 2026") == 1.0  # nothing to judge
    assert needs_restoration("Trién khai thuc hién Nghi quyét s6")
    assert not needs_restoration(SAMPLE[0])
    assert looks_like_ocr("Nghi quyét s6 57")
    assert not looks_like_ocr("nghi quyet so 57")


def test_diacritics_modern_tone_placement() -> None:
    assert modern_tone("hoá") == "hóa"
    assert modern_tone("Uỷ") == "Ủy"
    assert modern_tone("quý") == "quý"
    assert modern_tone("của") == "của"


def test_diacritics_plain_text_only_gains_marks() -> None:
    """Without OCR damage the restorer only adds marks: folding gives the input back."""
    text = "tang cuong ung dung cong nghe thong tin trong quan ly nha nuoc tai dia phuong"
    assert strip_marks(restore(text)) == text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_diacritics_never_raises(text: str) -> None:
    out = restore(text)
    assert isinstance(out, str)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="aAbdDeéghiKkmnNoóPqrstuwyy0146¢©¥€ ,.-/()\n", max_size=80))
def test_diacritics_ocr_text_keeps_its_separators(text: str) -> None:
    """Whatever OCR junk comes in, only words change: punctuation and spacing stay put."""
    out = restore(text, ocr=True)
    assert _TOKEN.sub("", out) == _TOKEN.sub("", text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdeghiklmnopqrstuvxy ", max_size=60))
def test_diacritics_unaccented_letters_keep_their_fold(text: str) -> None:
    assert strip_marks(restore(text)).lower() == text.lower() or looks_like_ocr(text)


def test_diacritics_restorer_is_loaded_once() -> None:
    assert get_restorer() is get_restorer()
    fresh = Restorer()
    assert len(fresh.syllables) > 5000  # the shipped model, not a stub
    assert fresh.restore("chuyen doi so") == "chuyển đổi số"


def _record() -> PlanRecord:
    record = PlanRecord(doc="x.txt")
    record.header.title = "Trien khai thuc hien Nghi quyet so 57-NQ/TW"
    record.tasks.append(Task(id="1", text="To chuc tuyen truyen ve chuyen doi so",
                             lead=["Phong Van hoa - Xa hoi"], deadline="Thuong xuyen"))
    record.indicators.append(Indicator(id="I.1", text="Ty le ho so truc tuyen", unit="%",
                                       target={"2026": "100%"}))
    record.assignments.append(Assignment(agency="Cong an xa", duty="Chu tri bao dam an ninh mang"))
    record.legal_bases.append(DocumentRef(number="57-NQ/TW",
                                          mention="Nghi quyet so 57-NQ/TW cua Bo Chinh tri"))
    return record


def test_diacritics_restore_record_keeps_raw_and_agencies() -> None:
    record = _record()
    source = SourceText(name="x.txt", lines=[Line(1, "x", "x")], lost_diacritics=True)
    restore_record(source, record)
    task = record.tasks[0]
    assert task.text == "Tổ chức tuyên truyền về chuyển đổi số"
    assert task.text_raw == "To chuc tuyen truyen ve chuyen doi so"
    assert task.deadline == "Thường xuyên"
    assert task.lead == ["Phong Van hoa - Xa hoi"]  # agencies belong to their own stage
    assert record.header.title == "Triển khai thực hiện Nghị quyết số 57-NQ/TW"
    assert record.indicators[0].text_raw == "Ty le ho so truc tuyen"
    assert record.indicators[0].target == {"2026": "100%"}
    assert record.assignments[0].duty_raw == "Chu tri bao dam an ninh mang"
    assert record.assignments[0].duty.startswith("Chủ trì bảo đảm an ninh mạng")
    assert record.assignments[0].agency == "Cong an xa"
    assert record.legal_bases[0].mention == "Nghị quyết số 57-NQ/TW của Bộ Chính trị"
    assert record.legal_bases[0].mention_raw == "Nghi quyet so 57-NQ/TW cua Bo Chinh tri"
    assert record.text_restored


def test_diacritics_restore_record_leaves_accented_record() -> None:
    record = PlanRecord(doc="y.txt")
    record.tasks.append(Task(id="1", text=SAMPLE[0], text_raw=SAMPLE[0]))
    source = SourceText(name="y.txt", lines=[Line(1, "x", "x")])
    restore_record(source, record)
    assert record.tasks[0].text == SAMPLE[0]
    assert not record.text_restored


def test_diacritics_stage_is_registered() -> None:
    from ingest.pipeline import STAGES

    assert STAGES["restore"].load() is restore_record
