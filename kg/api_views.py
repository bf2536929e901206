"""The plain data the app's pages render: one dataclass per view of the graph.

Kept apart from :mod:`kg.api` so pages and tests can name a view without the facade's
machinery; every field is already in display form (labels, Vietnamese captions).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ingest.records import PlanRecord


@dataclass
class Facets:
    """Values the search filters offer, read from the index."""

    provinces: list[str]
    localities: list[str]
    agency_types: list[tuple[str, str]]  # (notation, Vietnamese label)
    kinds: list[str]
    years: list[int]


@dataclass
class SourceLine:
    """One line of the source document: as printed and with diacritics restored."""

    number: int
    raw: str
    restored: str


@dataclass
class FamilyRow:
    """One task family: which localities have it (with the member text) and which lack it."""

    label: str
    cells: dict[str, str]  # locality -> member task text ("" when the locality lacks it)
    iris: dict[str, str]  # locality -> member task IRI
    have: int
    missing: list[str]


@dataclass
class FamilyMatrix:
    """Task families (rows) against the localities that have them (columns)."""

    localities: list[str]
    rows: list[FamilyRow]


@dataclass
class LineageNode:
    """A node of a lineage chart with everything its detail panel shows."""

    iri: str
    label: str
    kind: str  # plan | document
    level: str | None
    description: str
    title: str | None
    issuer: str | None
    date: str | None
    curated: bool
    is_root: bool
    bases: list[str]  # labels of what it rests on, with the relation and who states it


@dataclass
class LineageView:
    """A plan's lineage chart (DOT text) and its nodes; whether it reaches NQ 57."""

    plan_iri: str
    dot: str
    nodes: list[LineageNode]
    reaches_root: bool


@dataclass
class ImplementerView:
    """A plan implementing a document, directly or through the path shown."""

    plan_iri: str
    label: str
    locality: str | None
    province: str | None
    direct: bool
    path: str


@dataclass
class DocumentView:
    """A legal document of the catalog or cited by a plan, with the plans implementing it."""

    iri: str
    label: str
    number: str | None
    doc_type: str | None
    title: str | None
    issuer: str | None
    date: str | None
    level: str | None
    curated: bool
    implementers: list[ImplementerView] = field(default_factory=list)


@dataclass
class FlaggedField:
    """An extracted value the app highlights for review before commit."""

    section: str  # Nhiệm vụ | Chỉ tiêu | Phân công | Văn bản dẫn chiếu | Thông tin chung
    item: str  # task id, indicator id ...
    field: str
    value: str
    confidence: float | None
    reason: str


@dataclass
class UploadPreview:
    """An uploaded file, saved and extracted but not yet written to the graph."""

    name: str
    path: str
    record: PlanRecord
    flagged: list[FlaggedField]

    @property
    def counts(self) -> dict[str, int]:
        r = self.record
        return {"Căn cứ": len(r.legal_bases), "Văn bản dẫn chiếu": len(r.cited_documents),
                "Đơn vị": len(r.agencies), "Nhiệm vụ": len(r.tasks), "Chỉ tiêu": len(r.indicators),
                "Phân công": len(r.assignments)}


@dataclass
class SparqlResult:
    """A read-only query's answer in the shape of its form (rows, a boolean or Turtle)."""

    form: str  # SELECT | ASK | CONSTRUCT
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    boolean: bool | None = None
    turtle: str | None = None
    truncated: bool = False

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=self.columns)
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()


@dataclass
class AgencyView:
    """What one agency (or every agency of one type) leads, supports and owns."""

    title: str
    localities: list[str]
    led: list[Any]  # queries.TaskRow
    supported: list[Any]
    indicators: list[Any]  # queries.IndicatorRow
    assignments: list[Any]  # queries.AssignmentRow
    deadlines_by_year: dict[int, int]


@dataclass
class ReviewView:
    """A fact to review, with its effective values and whether a human corrected it."""

    iri: str
    kind: str
    plan_iri: str | None
    plan_label: str
    locality: str | None
    text: str
    lead: str
    reason: str  # low_confidence | no_lead
    confidence: float | None
    line_start: int | None
    line_end: int | None
    corrected: bool
    doc: str | None


@dataclass
class CorrectionView:
    """One active human correction, for the review page's log."""

    subject: str
    text: str
    field: str
    value: str
    previous: str
    editor: str
    note: str
    time: str


def plan_label(plan: Any) -> str:
    """ "09/KH-UBND · phường Phước Bình" or the source file of an unnumbered plan."""
    name = plan.number or plan.source_document or plan.iri.rsplit("/", 1)[-1]
    return f"{name} · {plan.locality}" if plan.locality else name

