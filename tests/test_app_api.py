"""kg.api, the facade the app calls: upload names, and following other processes' writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.api import PlanKG, SearchFilters, safe_upload_name


@pytest.mark.parametrize(("given", "kept"), [
    ("Kế hoạch Tân Hòa.docx", "Ke_hoach_Tan_Hoa.docx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\Đề án (bản 2).PDF", "De_an_ban_2.pdf"),
    (".bashrc", "tai_lieu.bashrc"),
])
def test_app_api_upload_names_are_safe(given: str, kept: str) -> None:
    assert safe_upload_name(given) == kept


@pytest.mark.slow
def test_app_api_follows_a_cli_ingest_while_open(app_data_copy: Path, app_docx_plan: bytes,
                                                 tmp_path: Path) -> None:
    """The app holds the store read-only; `plankg ingest` in another process writes, and the
    open facade then shows the new plan and finds its tasks."""
    kg = PlanKG.open(app_data_copy)
    before = {p.iri for p in kg.plans()}
    assert len(before) == 5
    doc = tmp_path / "long_thanh.docx"
    doc.write_bytes(app_docx_plan)
    done = subprocess.run([str(Path(sys.executable).parent / "plankg"), "ingest", str(doc),
                           "--data-dir", str(app_data_copy)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    after = {p.iri for p in kg.plans()}
    assert len(after - before) == 1
    hits = kg.search("bản đồ số nông sản", k=3, filters=SearchFilters(locality="xã Long Thành"))
    assert hits.hits and hits.hits[0].doc == "long_thanh.docx"
