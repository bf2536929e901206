"""Extraction as named stages over one document (read -> repair -> stages -> PlanRecord).

Each stage declares which record fields it fills and is a plain function
``(source: SourceText, record: PlanRecord) -> None``; the order lives in ``DEFAULT_PIPELINE``.
Stages are imported lazily by dotted path so a stage's heavy resources load only when used.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.document import SourceText
from ingest.errors import EmptyDocument, ExtractionFailed, PlanKGError
from ingest.records import PlanRecord
from ingest.resources import collector_paused

StageFunc = Callable[[SourceText, PlanRecord], None]


@dataclass(frozen=True)
class Stage:
    name: str
    target: str  # "module:function"
    fills: tuple[str, ...]
    requires: tuple[str, ...] = ()

    def load(self) -> StageFunc:
        module, func = self.target.split(":")
        return getattr(importlib.import_module(module), func)


STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("header", "ingest.header:extract_header", ("header",)),
        Stage("citations", "ingest.citations:extract_citations",
              ("legal_bases", "cited_documents", "derived_links"), ("header",)),
        Stage("tasks", "ingest.tasks:extract_tasks", ("tasks",), ("header",)),
        Stage("task_citations", "ingest.citation_tasks:cite_from_tasks", ("cited_documents",),
              ("citations", "tasks")),
        Stage("indicators", "ingest.indicators:extract_indicators", ("indicators",), ("header",)),
        Stage("assignments", "ingest.assignments:extract_assignments", ("assignments",),
              ("header",)),
        Stage("agencies", "ingest.agencies:collect_agencies", ("agencies",),
              ("tasks", "indicators", "assignments")),
        Stage("restore", "ingest.diacritics:restore_record", ("text_restored",),
              ("header", "citations", "tasks", "indicators", "assignments", "agencies")),
    )
}

DEFAULT_PIPELINE: tuple[str, ...] = (
    "header", "citations", "tasks", "task_citations", "indicators", "assignments", "agencies",
    "restore",
)


#: Progress callback: (stage name, stages done before it, total stages).
OnStage = Callable[[str, int, int], None]


def run_stages(source: SourceText, stages: Sequence[str] = DEFAULT_PIPELINE,
               on_stage: OnStage | None = None) -> PlanRecord:
    """Run the named stages over an already read and repaired document."""
    if not any(line.text.strip() for line in source.lines):
        raise EmptyDocument(
            f"'{source.name}' không có chữ nào để trích xuất (no text to extract).")
    record = PlanRecord(doc=source.name)
    with collector_paused():
        for done, name in enumerate(stages):
            if on_stage:
                on_stage(name, done, len(stages))
            try:
                STAGES[name].load()(source, record)
            except PlanKGError:
                raise
            except Exception as exc:  # a stage bug must not lose the document silently
                raise ExtractionFailed(
                    f"bước '{name}' lỗi với '{source.name}' (stage failed): {exc!r}") from exc
    return record


def read_and_repair(path: str | Path) -> SourceText:
    from ingest.readers import read_document
    from ingest.repair import repair

    return repair(read_document(Path(path)))


def extract(path: str | Path, stages: Sequence[str] = DEFAULT_PIPELINE) -> PlanRecord:
    """Extract one document file into a PlanRecord."""
    path = Path(path)
    source = read_and_repair(path)
    record = run_stages(source, stages)
    record.source_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    return record
