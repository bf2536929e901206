"""Uploads from the app: save the file safely, extract it, flag what a reviewer should check,
and write it to the graph the way ``plankg ingest`` does.

Extraction and commit are two steps so the editor sees the record (and its flagged values)
before anything is written.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.errors import UnsupportedFormat
from ingest.normalize import strip_marks
from ingest.records import REVIEW_THRESHOLD, Indicator, PlanRecord, Task
from kg.api_views import FlaggedField, UploadPreview

SUPPORTED_UPLOADS = ("txt", "pdf", "docx")

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_upload_name(name: str) -> str:
    """A file name safe to keep under uploads/: no path, ASCII letters, digits, ``._-``."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", strip_marks(stem)).strip("._-") or "tai_lieu"
    suffix = _UNSAFE.sub("", suffix.lower())
    return f"{stem[:120]}.{suffix}" if suffix else stem[:120]


def save_upload(folder: Path, data: bytes, name: str) -> Path:
    """Keep an uploaded file under ``folder`` with a safe name; written whole or not at all
    (a reader never sees half a file)."""
    safe = safe_upload_name(name)
    if safe.rsplit(".", 1)[-1] not in SUPPORTED_UPLOADS:
        raise UnsupportedFormat(f"'{name}': chỉ nhận tệp TXT, PDF hoặc DOCX.")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def extract_saved(path: Path, data: bytes,
                  on_stage: Callable[[str, int, int], None] | None = None) -> UploadPreview:
    """Extract a saved upload (no write); ``on_stage(name, done, total)`` counts reading as
    the first of the stages."""
    from ingest.pipeline import DEFAULT_PIPELINE, read_and_repair, run_stages

    total = len(DEFAULT_PIPELINE) + 1
    if on_stage:
        on_stage("read", 0, total)
    source = read_and_repair(path)
    record = run_stages(source, DEFAULT_PIPELINE,
                        on_stage=(lambda name, done, _n: on_stage(name, done + 1, total))
                        if on_stage else None)
    record.source_sha256 = hashlib.sha256(data).hexdigest()
    return UploadPreview(path.name, str(path), record, flag_record(record))


def commit_preview(base: Path, preview: UploadPreview, engine: Any) -> Any:
    """Write a previewed record: one atomic plan-graph swap, its search items, and the
    catalog refresh that ``plankg ingest`` does after a file (IngestReport)."""
    from kg.loader import ingest_record, open_store, refresh_catalog

    writer = open_store(base)
    try:
        report = ingest_record(preview.record, writer, engine, preview.path)
        refresh_catalog(writer)
        return report
    finally:
        writer.close()


def flag_record(record: PlanRecord) -> list[FlaggedField]:
    """Low-confidence values and tasks without a lead unit: what a reviewer should look at."""
    out: list[FlaggedField] = []

    def low(conf: float | None) -> bool:
        return conf is not None and conf < REVIEW_THRESHOLD

    def flag_item(kind: str, item: Task | Indicator) -> None:
        """The item itself and each of its fields whose confidence is under the threshold."""
        conf = item.provenance.confidence if item.provenance else None
        if low(conf):
            out.append(FlaggedField(kind, item.id, "text", item.text, conf, "độ tin cậy thấp"))
        for fname, fconf in sorted(item.field_confidence.items()):
            if low(fconf):
                value = getattr(item, fname, "")
                value = ", ".join(value) if isinstance(value, list) else str(value or "")
                out.append(FlaggedField(kind, item.id, fname, value, fconf, "độ tin cậy thấp"))

    for t in record.tasks:
        flag_item("Nhiệm vụ", t)
        if not t.lead:
            out.append(FlaggedField("Nhiệm vụ", t.id, "lead", "", None, "chưa có đơn vị chủ trì"))
    for i in record.indicators:
        flag_item("Chỉ tiêu", i)
    for n, a in enumerate(record.assignments, start=1):
        if a.provenance and low(a.provenance.confidence):
            out.append(FlaggedField("Phân công", str(n), "duty", a.duty,
                                    a.provenance.confidence, "độ tin cậy thấp"))
    for d in record.cited_documents:
        if d.provenance and low(d.provenance.confidence):
            out.append(FlaggedField("Văn bản dẫn chiếu", d.number or "?", "number",
                                    d.mention or d.number or "", d.provenance.confidence,
                                    "độ tin cậy thấp"))
    h = record.header
    for fname in ("number", "issuer", "locality", "date"):
        if not getattr(h, fname):
            out.append(FlaggedField("Thông tin chung", "", fname, "", None, "không đọc được"))
    return out
