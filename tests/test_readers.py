"""Readers: encodings, PDF text layer with pages, DOCX body order and exact table cells."""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import pytest

from ingest.errors import OCRUnavailable, UnreadableDocument, UnsupportedFormat
from ingest.readers import decode_bytes, lost_diacritics, ocr_available, read_document

VI = "Kế hoạch triển khai thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá"
SEEDS = Path(__file__).resolve().parents[1] / "ingest" / "samples"


def _cp1258(text: str) -> bytes:
    """Encode like Windows-1258 does: precomposed where the code page has it, else base+mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("data", [
    VI.encode("utf-8"),
    VI.encode("utf-8-sig"),
    VI.encode("utf-16"),
    _cp1258(VI * 3),
    pytest.param(VI.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8"),
                 marks=pytest.mark.skipif(importlib.util.find_spec("ftfy") is None,
                                          reason="ftfy repairs mojibake"), id="mojibake"),
])
def test_readers_decode_variants(data: bytes) -> None:
    assert decode_bytes(data).startswith("Kế hoạch triển khai")


def test_readers_txt_lines_and_lost_diacritics(tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_text("KE HOACH\nTrien khai thuc hien Nghi quyet so 57\n" * 10, encoding="utf-8")
    src = read_document(p)
    assert src.lines[1].number == 2 and src.lines[1].raw.startswith("Trien")
    assert src.lost_diacritics
    assert not lost_diacritics((VI + "\n") * 5)


def test_readers_seed_ocr_flagged() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    assert read_document(seed).lost_diacritics
    assert not read_document(next(SEEDS.glob("004_*.txt"))).lost_diacritics


def test_readers_docx_body_order_and_tables(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["STT", "Nhiệm vụ", "Chủ trì"], ["1", "Số hóa hồ sơ", "Phòng VHXH"],
                             ["2", "Xây dựng\nphần mềm", "Công an xã"]]):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    d.add_paragraph("Nơi nhận:")
    p = tmp_path / "plan.docx"
    d.save(str(p))
    src = read_document(p)
    texts = [ln.text for ln in src.lines]
    assert texts[0] == "KẾ HOẠCH" and texts[-1] == "Nơi nhận:"
    assert src.tables[0].rows[2] == ["2", "Xây dựng phần mềm", "Công an xã"]
    tab = src.tables[0]
    assert "Số hóa hồ sơ" in src.lines[tab.line_start].text
    assert tab.line_end - tab.line_start == 2


def test_readers_pdf_text_layer_pages(tmp_path: Path) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    p = tmp_path / "plan.pdf"
    c = canvas.Canvas(str(p))
    for page in range(2):
        y = 800
        for i in range(12):
            c.drawString(50, y, f"Trang {page + 1} dong {i} ke hoach trien khai nghi quyet")
            y -= 20
        c.showPage()
    c.save()
    src = read_document(p)
    assert src.lines[0].page == 1 and src.lines[-1].page == 2
    assert any("Trang 2 dong 3" in ln.text for ln in src.lines if ln.page == 2)


def test_readers_image_pdf_needs_ocr(tmp_path: Path) -> None:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    p = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(p))
    c.rect(50, 50, 200, 200, fill=1)
    c.showPage()
    c.save()
    if ocr_available():
        pytest.skip("ocrmypdf + tesseract-ocr-vie installed: see tests/test_readers_ocr.py")
    with pytest.raises(OCRUnavailable, match="tesseract-ocr-vie"):
        read_document(p)


def test_readers_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(UnreadableDocument, match="broken.pdf"):
        read_document(bad)
    odd = tmp_path / "plan.xyz"
    odd.write_text("x")
    with pytest.raises(UnsupportedFormat, match="plan.xyz"):
        read_document(odd)
    with pytest.raises(UnreadableDocument, match="missing.txt"):
        read_document(tmp_path / "missing.txt")
    broken_docx = tmp_path / "broken.docx"
    broken_docx.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(UnreadableDocument, match="broken.docx"):
        read_document(broken_docx)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu font needed to draw Vietnamese")
def test_readers_pdf_vietnamese_text_layer(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", str(DEJAVU)))
    p = tmp_path / "vi.pdf"
    c = canvas.Canvas(str(p))
    for page in (1, 2):
        c.setFont("DejaVu", 11)
        for i in range(6):
            c.drawString(50, 800 - 18 * i, f"Trang {page}: triển khai thực hiện Nghị quyết số "
                                           f"57-NQ/TW của Bộ Chính trị, mục {i}")
        c.showPage()
    c.save()
    src = read_document(p)
    assert not src.lost_diacritics
    assert src.lines[0].text.startswith("Trang 1: triển khai thực hiện Nghị quyết")
    assert unicodedata.is_normalized("NFC", src.text)
    assert {ln.page for ln in src.lines if "Trang 2" in ln.text} == {2}


def test_readers_txt_form_feeds_are_pages(tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    p.write_text("Trang một\ndòng hai\fTrang hai", encoding="utf-8")
    src = read_document(p)
    assert [(ln.number, ln.page, ln.text) for ln in src.lines] == [
        (1, 1, "Trang một"), (2, 1, "dòng hai"), (3, 2, "Trang hai")]


@pytest.mark.skipif(importlib.util.find_spec("ftfy") is None, reason="ftfy repairs mojibake")
def test_readers_double_mojibake() -> None:
    assert decode_bytes("KÃ¡ÂºÂ¿ hoáº¡ch sá»‘ 09".encode()) == "Kế hoạch số 09"
