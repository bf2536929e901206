"""The OCR path for real: a scanned (image-only) plan page read by ocrmypdf + tesseract ``vie``.

The page is drawn with Pillow in a font that has the Vietnamese glyphs and saved as a PDF with
no text layer, the way a scanner delivers it. Skipped, with the reason, where ocrmypdf,
tesseract-ocr-vie or the font are missing (CI installs them: see the report of issue #5).
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

import pytest

from ingest import readers
from ingest.errors import OCRUnavailable, UnreadableDocument
from ingest.normalize import fold
from ingest.readers import ocr_available, read_document

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = FONT_DIR / "DejaVuSerif.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"

pytestmark = [
    pytest.mark.slow,  # each OCR run takes 8-15 s per page on two busy cores
    pytest.mark.skipif(not ocr_available(), reason="ocrmypdf/tesseract-ocr-vie not installed"),
    pytest.mark.skipif(not FONT.exists(), reason="DejaVu font (fonts-dejavu-core) not installed"),
]

# A plan's first page as printed: two header columns, then title and preamble.
LEFT = ["ỦY BAN NHÂN DÂN", "PHƯỜNG PHƯỚC BÌNH", "", "Số: 12/KH-UBND"]
RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
         "Phước Bình, ngày 15 tháng 01 năm 2026"]
BODY = [
    ("KẾ HOẠCH", True),
    ("Triển khai thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị", True),
    ("", False),
    ("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát", False),
    ("triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;", False),
    ("Ủy ban nhân dân phường Phước Bình xây dựng Kế hoạch triển khai thực hiện như sau:", False),
    ("I. MỤC ĐÍCH, YÊU CẦU", True),
    ("1. Mục đích: nâng cao nhận thức của cán bộ, công chức về chuyển đổi số.", False),
]


def _scan(path: Path) -> Path:
    """Draw the page at 300 dpi (A4) and save it as an image-only PDF."""
    from PIL import Image, ImageDraw, ImageFont

    regular = ImageFont.truetype(str(FONT), 34)
    bold = ImageFont.truetype(str(FONT_BOLD if FONT_BOLD.exists() else FONT), 34)
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    for i, (left, right) in enumerate(zip(LEFT, RIGHT, strict=True)):
        y = 250 + 60 * i
        draw.text((430, y), left, font=bold, fill=0, anchor="ma")
        draw.text((1650, y), right, font=bold if i < 2 else regular, fill=0, anchor="ma")
    y = 650
    for text, strong in BODY:
        draw.text((240, y), text, font=bold if strong else regular, fill=0)
        y += 64
    page.save(path, resolution=300)
    return path


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _scan(tmp_path_factory.mktemp("ocr") / "scan.pdf")


def test_readers_ocr_scanned_pdf_reads_vietnamese(scan: Path) -> None:
    from pypdf import PdfReader

    assert not (PdfReader(str(scan)).pages[0].extract_text() or "").strip()  # really a scan
    src = read_document(scan)
    text = src.text
    assert unicodedata.is_normalized("NFC", text)
    assert "12/KH-UBND" in text and "57-NQ/TW" in text
    assert "ỦY BAN NHÂN DÂN" in text
    assert "Nghị quyết" in text and "Bộ Chính trị" in text  # marks kept, not folded away
    assert not src.lost_diacritics
    assert {ln.page for ln in src.lines} == {1}


def test_readers_ocr_pipeline_extracts_number_and_basis(scan: Path) -> None:
    from ingest.pipeline import extract

    record = extract(scan, ("header", "citations"))
    assert record.header.number == "12/KH-UBND"
    assert fold(record.header.locality or "") == "phuong phuoc binh"
    assert record.header.date == "2026-01-15"
    basis = [r for r in record.legal_bases if r.number == "57-NQ/TW"]
    assert basis and basis[0].date == "2024-12-22" and basis[0].issuer == "Bộ Chính trị"
    assert basis[0].provenance.page == 1


def _fake_tesseract(bin_dir: Path, body: str) -> None:
    """A tesseract that answers ocrmypdf's version/language probes with the real one and then
    behaves as ``body`` says when asked to recognise a page."""
    import shutil

    real = shutil.which("tesseract")
    script = bin_dir / "tesseract"
    script.write_text(
        "#!/bin/sh\n"
        'case "$*" in *--version*|*--list-langs*|*--print-parameters*) '
        f'exec {real} "$@";; esac\n{body}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_readers_ocr_tesseract_failure_is_coded(scan: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_tesseract(tmp_path, 'echo "tesseract: cannot read page image" >&2; exit 1')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(UnreadableDocument, match="tesseract") as err:
        read_document(scan)
    assert err.value.code == "PK101" and "scan.pdf" in str(err.value)


def test_readers_ocr_timeout_stops_the_run(scan: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_tesseract(tmp_path, "sleep 120")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(readers, "OCR_START_TIMEOUT", 2.0)
    monkeypatch.setattr(readers, "OCR_PAGE_TIMEOUT", 0.0)
    with pytest.raises(UnreadableDocument, match="giây") as err:
        read_document(scan)
    assert err.value.code == "PK101"


def test_readers_ocr_missing_tools_is_coded(scan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "ocr_available", lambda: False)
    with pytest.raises(OCRUnavailable, match="tesseract-ocr-vie") as err:
        read_document(scan)
    assert err.value.code == "PK103"


def test_readers_ocr_only_the_scanned_pages(scan: Path, tmp_path: Path) -> None:
    """A PDF whose first page has a text layer and whose second is a scan: the text layer is
    kept as is, the scan is read by OCR, and each line keeps its page."""
    from pypdf import PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    typed = tmp_path / "typed.pdf"
    c = canvas.Canvas(str(typed))
    c.setFont("DejaVuSerif", 11)
    for i in range(8):
        c.drawString(50, 800 - 18 * i, f"Trang đánh máy, dòng {i}: chuyển đổi số trên địa bàn xã")
    c.showPage()
    c.save()
    mixed = tmp_path / "mixed.pdf"
    writer = PdfWriter()
    writer.append(str(typed))
    writer.append(str(scan))
    writer.write(str(mixed))
    src = read_document(mixed)
    assert src.lines[0].page == 1 and src.lines[0].text.startswith("Trang đánh máy, dòng 0")
    page2 = "\n".join(ln.text for ln in src.lines if ln.page == 2)
    assert "57-NQ/TW" in page2 and "Căn cứ Nghị quyết" in page2
    assert "Trang đánh máy" not in page2


def test_readers_ocr_rereads_an_english_model_text_layer(scan: Path, tmp_path: Path) -> None:
    """Scanners often ship PDFs whose text layer came from an English OCR model ("Nghi quyét
    s6"): the scan is read again with the Vietnamese model, and the better reading is kept."""
    import subprocess

    from pypdf import PdfReader

    eng = tmp_path / "eng.pdf"
    proc = subprocess.run([*readers._ocr_command(), "-l", "eng", "--force-ocr", "--output-type",
                           "pdf", "--optimize", "0", "--quiet", str(scan), str(eng)],
                          capture_output=True, text=True, timeout=300, check=False)
    if proc.returncode != 0:
        pytest.skip(f"tesseract's English model unavailable: {proc.stderr[-200:]}")
    layer = PdfReader(str(eng)).pages[0].extract_text() or ""
    assert "57-NQ/TW" in layer and readers.lost_diacritics(layer)  # the damage seen in seeds
    src = read_document(eng)
    assert not src.lost_diacritics
    assert "Căn cứ Nghị quyết số 57-NQ/TW" in src.text
