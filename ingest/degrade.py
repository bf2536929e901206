"""Damage a document the way scanning damages plans, to measure how extraction generalises.

The gold plans are cleaner than most real ones: two of three have their marks. Scoring the same
plans with their marks stripped (``plankg eval --degrade strip-marks``) measures what a plan
that lost its diacritics to OCR would score, against the same annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ingest.document import Line, SourceText
from ingest.normalize import strip_marks
from ingest.pipeline import DEFAULT_PIPELINE, run_stages
from ingest.records import PlanRecord


def _strip(source: SourceText) -> SourceText:
    """Every mark removed (đ -> d), as OCR without a Vietnamese model reads a scan."""
    lines = [Line(ln.number, strip_marks(ln.text), strip_marks(ln.raw), ln.page)
             for ln in source.lines]
    return replace(source, lines=lines, tables=[], lost_diacritics=True)


#: Degradation name -> what it does to a read document (before repair).
DEGRADATIONS: dict[str, Callable[[SourceText], SourceText]] = {"strip-marks": _strip}


def degraded_extract(path: str | Path, degradation: str,
                     stages: Sequence[str] = DEFAULT_PIPELINE) -> PlanRecord:
    """Read ``path``, damage it with ``degradation``, repair it and run ``stages``."""
    from ingest.readers import read_document
    from ingest.repair import repair

    damage = DEGRADATIONS[degradation]
    return run_stages(repair(damage(read_document(Path(path)))), stages or DEFAULT_PIPELINE)
