"""Read a plan file (TXT, PDF, DOCX) into a :class:`SourceText` with a line and page map.

Why each branch exists:
- TXT arrives in every encoding local offices use: UTF-8, UTF-16 with a BOM, Windows-1258
  (Vietnamese, with combining tone marks) and UTF-8 that was mis-decoded as CP1252/Latin-1
  somewhere on the way (mojibake "KÃ¡ÂºÂ¿"). We decode, then let ftfy undo mojibake.
- PDF with a text layer is read page by page so provenance can cite pages; a PDF without one
  is a scan and goes through ocrmypdf with the Vietnamese model (reading the scan with
  ``-l vie`` beats any repair of English-model OCR afterwards).
- DOCX keeps paragraphs and tables in body order, and exposes table cells exactly
  (:class:`SourceTable`) so table extractors need not guess columns.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from ingest.document import Line, SourceTable, SourceText
from ingest.errors import OCRUnavailable, UnreadableDocument, UnsupportedFormat

try:  # loaded with the module, not on the first document: it compiles many patterns
    import ftfy
    from ftfy.badness import is_bad
except ImportError:  # optional: without it, mojibake stays
    ftfy = None

TEXT_SUFFIXES = {".txt", ".text", ".md"}
#: Below this share of syllables carrying a Vietnamese mark, the text layer has lost its marks.
#: Clean Vietnamese prose measures 0.6-0.8; English-model OCR of Vietnamese 0.1-0.3.
LOST_DIACRITICS_THRESHOLD = 0.4
#: Below this many letters per page a PDF page is treated as having no text layer.
MIN_LETTERS_PER_PAGE = 40

_VIET_MARKED = set(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def read_document(path: Path) -> SourceText:
    """Read ``path`` by its format; raise coded errors that name the file."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableDocument(f"Không tìm thấy tệp '{path.name}' ({path}).")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        source = _read_text(path)
    elif suffix == ".pdf":
        source = _read_pdf(path)
    elif suffix == ".docx":
        source = _read_docx(path)
    elif suffix == ".doc":
        raise UnsupportedFormat(
            f"'{path.name}' là tệp Word cũ (.doc): hãy lưu lại dưới dạng .docx hoặc PDF.")
    else:
        raise UnsupportedFormat(
            f"Không hỗ trợ định dạng '{suffix or '(không có đuôi)'}' của '{path.name}'; "
            "chỉ nhận .txt, .pdf, .docx.")
    source.lost_diacritics = lost_diacritics(source.text)
    return source


def marked_share(text: str) -> float:
    """Share of alphabetic syllables that carry at least one Vietnamese mark."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if not words:
        return 0.0
    marked = sum(1 for w in words if not w.isascii() and not _VIET_MARKED.isdisjoint(w))
    return marked / len(words)


def lost_diacritics(text: str) -> bool:
    """True when the text reads as Vietnamese stripped of (most of) its marks."""
    return len(_WORD.findall(text)) >= 20 and marked_share(text) < LOST_DIACRITICS_THRESHOLD


# --- text -------------------------------------------------------------------------------------

_TONE_MARKS = set("\u0300\u0301\u0303\u0309\u0323")


def _viet_score(text: str) -> float:
    """How Vietnamese a decoding looks: one-tone syllables count for; two tones in a syllable,
    capitals inside a lowercase word and stray symbols count against (they mark a wrong code page).
    """
    text = unicodedata.normalize("NFC", text)
    score = 0.0
    for word in _WORD.findall(text):
        tones = sum(1 for ch in unicodedata.normalize("NFD", word) if ch in _TONE_MARKS)
        inner_cap = any(ch.isupper() for ch in word[1:]) and not word.isupper()
        if tones > 1 or inner_cap:
            score -= 3
        elif any(ch in _VIET_MARKED for ch in word.lower()):
            score += 1
    bad = sum(
        1 for ch in text
        if ord(ch) > 127 and ch.lower() not in _VIET_MARKED
        and unicodedata.category(ch)[0] in "SCM" and ch not in "“”‘’–—…•"
    )
    return score - 3 * bad


def decode_bytes(data: bytes, name: str = "") -> str:
    """Decode text bytes in any of the encodings Vietnamese offices produce, then fix mojibake."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _fix_mojibake(data.decode(enc))
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(f"'{name}': mã hóa {enc} bị hỏng ({exc}).") from exc
    try:
        return _fix_mojibake(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    candidates = ["cp1258", "cp1252", "latin-1"]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding not in candidates:
            candidates.insert(0, best.encoding)
    except ImportError:
        pass
    decoded = []
    for enc in candidates:
        try:
            decoded.append(data.decode(enc))
        except (UnicodeDecodeError, LookupError):
            continue
    if not decoded:
        raise UnreadableDocument(f"'{name}': không nhận ra mã hóa văn bản.")
    return _fix_mojibake(max(decoded, key=_viet_score))


# A line of printable ASCII without "&" (no entity, no mojibake, no control or width
# character, nothing NFC changes): every ftfy fix leaves it as it is.
_PLAIN_SEGMENT = re.compile(r"[\x20-\x25\x27-\x7e]*\n?")
# The same plus Vietnamese letters and typographic punctuation: no fix but the mojibake
# one can change it either, and that one leaves text alone unless ftfy finds it "bad".
_LETTER_SEGMENT = re.compile(r"[\x20-\x25\x27-\x7eÀ-ÖØ-öø-ÿĂăĐđĨĩŨũƠơƯưẠ-ỹ“”‘’–—…]*\n?")


def _fix_mojibake(text: str) -> str:
    if ftfy is None:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    else:
        text = _ftfy_lines(text)
    return unicodedata.normalize("NFC", text)


def _unchanged_by_ftfy(segment: str) -> bool:
    """Whether every fix of :func:`_ftfy_lines` leaves ``segment`` as it is: plain ASCII, or
    NFC Vietnamese letters that ftfy's own mojibake test (``is_bad``) finds nothing in."""
    if _PLAIN_SEGMENT.fullmatch(segment):
        return True
    return (_LETTER_SEGMENT.fullmatch(segment) is not None
            and unicodedata.is_normalized("NFC", segment) and not is_bad(segment))


def _ftfy_lines(text: str) -> str:
    """``ftfy.fix_text(text, ...)`` as ftfy runs it (line by line, HTML unescaping switched
    off from the first line holding a "<" on), except that lines no fix changes
    (:func:`_unchanged_by_ftfy`) skip ftfy's per-line work: most of a plan's lines."""
    config = ftfy.TextFixerConfig(explain=False, normalization="NFC", uncurl_quotes=False,
                                  fix_line_breaks=True, fix_latin_ligatures=False)
    out = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + config.max_decode_length)
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        out.append(segment if _unchanged_by_ftfy(segment)
                   else ftfy.fix_and_explain(segment, config).text)
        pos = end
    return "".join(out)


def _lines_from_text(text: str, page: int | None = None, start: int = 1) -> list[Line]:
    out = []
    for i, raw in enumerate(text.split("\n")):
        out.append(Line(number=start + i, text=raw, raw=raw, page=page))
    return out


def _read_text(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"Không đọc được '{path.name}': {exc}") from exc
    text = decode_bytes(data, path.name)
    if "\f" not in text:
        return SourceText(name=path.name, lines=_lines_from_text(text), media_type="text/plain")
    lines: list[Line] = []  # form feeds (pdftotext output) are page breaks: keep the page map
    for page_no, page_text in enumerate(text.split("\f"), start=1):
        lines.extend(_lines_from_text(page_text, page=page_no, start=len(lines) + 1))
    return SourceText(name=path.name, lines=lines, media_type="text/plain")


# --- PDF --------------------------------------------------------------------------------------

def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            reader.decrypt("")
        return [unicodedata.normalize("NFC", page.extract_text() or "") for page in reader.pages]
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"PDF '{path.name}' bị hỏng hoặc không đọc được: {exc}") from exc


def _has_text_layer(pages: list[str]) -> bool:
    letters = sum(len(_WORD.findall(p)) for p in pages)
    return bool(pages) and letters >= MIN_LETTERS_PER_PAGE * len(pages) / 4


def ocr_available() -> bool:
    """ocrmypdf and tesseract with the Vietnamese model are both installed."""
    if not _ocr_command():
        return False
    tess = shutil.which("tesseract")
    return tess is not None and _tesseract_has_vie(tess)


@functools.lru_cache(maxsize=8)
def _tesseract_has_vie(tess: str) -> bool:
    """Asked once per tesseract binary: the check runs a process and PDFs are read often."""
    try:
        langs = subprocess.run([tess, "--list-langs"], capture_output=True, text=True,
                               timeout=30, check=False).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in langs


def _module_exists(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _ocr_command() -> list[str]:
    """The ocrmypdf of this interpreter first (a venv's bin is often not on PATH), else PATH's."""
    if _module_exists("ocrmypdf"):
        return [sys.executable, "-m", "ocrmypdf"]
    exe = shutil.which("ocrmypdf")
    return [exe] if exe else []


#: OCR budget: start-up plus a share per page. Measured here with ``-l vie`` on 2 busy cores
#: (load 5-7): an A4 page at 300 dpi takes 8-15 s (header page) to ~30 s (40 dense lines), so
#: these bounds only stop a hung run.
OCR_START_TIMEOUT = 60.0
OCR_PAGE_TIMEOUT = 120.0

# ocrmypdf's documented exit codes -> what the user should hear.
_OCR_EXIT_REASONS = {
    2: "ocrmypdf không đọc được tệp PDF đầu vào",
    4: "ocrmypdf tạo ra PDF không hợp lệ",
    6: "tệp đã có lớp chữ",
    7: "tesseract (hoặc ghostscript) bị lỗi khi nhận dạng chữ",
    8: "PDF bị mã hóa (có mật khẩu)",
}


def _run_ocr(cmd: list[str], name: str, timeout: float) -> None:
    """Run ocrmypdf in its own process group so a timeout also ends its tesseract children."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=os.name == "posix")
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise UnreadableDocument(
            f"OCR '{name}' chạy quá {timeout:.0f} giây nên đã dừng: kiểm tra tesseract, "
            "hoặc tách tệp thành các phần nhỏ hơn.") from None
    if proc.returncode == 3:
        raise OCRUnavailable(f"ocrmypdf thiếu chương trình phụ trợ để OCR '{name}': "
                             f"{_tail(err)}")
    if proc.returncode != 0:
        reason = _OCR_EXIT_REASONS.get(proc.returncode, f"mã thoát {proc.returncode}")
        raise UnreadableDocument(f"OCR thất bại trên '{name}' ({reason}): {_tail(err)}")


def _tail(stderr: str, limit: int = 300) -> str:
    """The end of a tool's stderr, where the actual error is; tracebacks go first."""
    lines = [ln.strip() for ln in stderr.strip().splitlines() if ln.strip()]
    return " | ".join(lines[-3:])[-limit:] or "(không có thông báo lỗi)"


def _ocr_pdf(path: Path, page_count: int, force: bool = True) -> list[str]:
    """Pages of ``path`` read by tesseract's Vietnamese model (all pages, or with ``force``
    False only those without a text layer)."""
    if not ocr_available():
        raise OCRUnavailable(
            f"'{path.name}' là bản quét (không có lớp chữ) nên cần OCR: cài gói "
            "`pip install 'plankg[ocr]'` (ocrmypdf) và `apt-get install tesseract-ocr "
            "tesseract-ocr-vie`, rồi chạy lại.")
    timeout = OCR_START_TIMEOUT + OCR_PAGE_TIMEOUT * max(1, page_count)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ocr.pdf"
        # --tesseract-timeout as long as the whole budget: ocrmypdf would otherwise drop a
        # slow page's text silently; we would rather stop and say so.
        _run_ocr([*_ocr_command(), "-l", "vie", "--force-ocr" if force else "--skip-text",
                  "--output-type", "pdf", "--optimize", "0",
                  "--tesseract-timeout", f"{timeout:.0f}", "--quiet", str(path), str(out)],
                 path.name, timeout)
        if not out.exists():
            raise UnreadableDocument(f"OCR '{path.name}' không tạo ra tệp kết quả.")
        return _pdf_pages(out)


def _read_pdf(path: Path) -> SourceText:
    with path.open("rb") as fh:
        if not fh.read(1024).lstrip().startswith(b"%PDF"):
            raise UnreadableDocument(f"'{path.name}' không phải PDF hợp lệ.")
    pages = _pdf_pages(path)
    media = "application/pdf"
    if not _has_text_layer(pages):
        pages = _ocr_pdf(path, len(pages))
    elif ocr_available():
        blank = [p for p in pages if len(_WORD.findall(p)) < MIN_LETTERS_PER_PAGE / 4]
        if lost_diacritics("\n".join(pages)):
            # A text layer made by an English OCR model: re-reading the scan with the Vietnamese
            # model beats any repair; keep whichever reading carries more Vietnamese marks.
            again = _ocr_pdf(path, len(pages))
            if marked_share("\n".join(again)) > marked_share("\n".join(pages)):
                pages = again
        elif blank:
            pages = _ocr_pdf(path, len(pages), force=False)  # some pages are scans: OCR only those
    lines: list[Line] = []
    for page_no, page_text in enumerate(pages, start=1):
        lines.extend(_lines_from_text(page_text, page=page_no, start=len(lines) + 1))
    return SourceText(name=path.name, lines=lines, media_type=media)


# --- DOCX -------------------------------------------------------------------------------------

def _cell_text(cell: object) -> str:
    text = "\n".join(p.text for p in cell.paragraphs)  # type: ignore[attr-defined]
    return unicodedata.normalize("NFC", re.sub(r"\s*\n\s*", " ", text).strip())


def _read_docx(path: Path) -> SourceText:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(f"DOCX '{path.name}' bị hỏng hoặc không đọc được: {exc}") from exc
    except Exception as exc:  # python-docx raises its own types for broken packages
        raise UnreadableDocument(f"DOCX '{path.name}' không đọc được: {exc}") from exc
    lines: list[Line] = []
    tables: list[SourceTable] = []

    def add(text: str) -> None:
        text = unicodedata.normalize("NFC", text)
        for part in text.split("\n"):
            lines.append(Line(number=len(lines) + 1, text=part, raw=part))

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            add(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            rows: list[list[str]] = []
            start = len(lines) + 1
            for row in table.rows:
                seen: set[int] = set()
                cells = []
                for cell in row.cells:  # a merged cell repeats: keep it once per row
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(_cell_text(cell))
                rows.append(cells)
                add(" | ".join(cells))
            tables.append(SourceTable(rows=rows, line_start=start, line_end=len(lines)))
    media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return SourceText(name=path.name, lines=lines, media_type=media, tables=tables)
