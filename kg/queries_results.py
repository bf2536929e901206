"""The typed results of :mod:`kg.queries`: what the app, the CLI and the API get back.

Plain frozen dataclasses, so callers never see SPARQL rows or RDF terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Stats:
    plans: int
    legal_documents: int
    agencies: int
    localities: int
    tasks: int
    indicators: int
    assignments: int


@dataclass(frozen=True)
class PlanSummary:
    iri: str
    number: str | None
    title: str | None
    doc_type: str | None
    issuer: str | None
    date: date | None
    locality: str | None  # label, e.g. "phường Phước Bình"
    province: str | None
    source_document: str | None
    tasks: int = 0
    indicators: int = 0


@dataclass(frozen=True)
class DocumentInfo:
    iri: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    date: date | None
    level: str | None
    mention: str | None
    cited_by: int = 0  # plans citing it (legal_documents only)


@dataclass(frozen=True)
class PlanDetail:
    plan: PlanSummary
    issuer_kind: str | None
    signer: str | None
    locality_iri: str | None
    legal_bases: list[DocumentInfo]
    cited_documents: list[DocumentInfo]


@dataclass(frozen=True)
class AgencyRef:
    iri: str
    label: str


@dataclass(frozen=True)
class TaskRow:
    iri: str
    plan_iri: str
    task_id: str | None
    order: int | None
    group: str | None
    text: str | None
    lead: list[AgencyRef]
    support: list[AgencyRef]
    output: str | None
    deadline: str | None
    deadline_year: int | None
    confidence: float | None
    needs_review: bool
    line_start: int | None
    line_end: int | None


@dataclass(frozen=True)
class TaskExport:
    """A flat task row for tables and CSV (agency names, not nodes)."""

    plan_number: str | None
    locality: str | None
    province: str | None
    task_id: str | None
    order: int | None
    group: str | None
    text: str | None
    lead: list[str]
    support: list[str]
    output: str | None
    deadline: str | None
    deadline_year: int | None
    confidence: float | None
    needs_review: bool
    source_document: str | None
    line_start: int | None
    line_end: int | None
    iri: str
    plan_iri: str


@dataclass(frozen=True)
class TaskDetail:
    task: TaskRow
    plan: PlanSummary
    text_raw: str | None
    source_document: str | None
    locality_iri: str | None
    province_iri: str | None


@dataclass(frozen=True)
class IndicatorRow:
    iri: str
    plan_iri: str
    indicator_id: str | None
    order: int | None
    text: str | None
    unit: str | None
    target: str | None
    targets: dict[int, str]
    year: int | None
    owners: list[AgencyRef]
    needs_review: bool


@dataclass(frozen=True)
class AssignmentRow:
    iri: str
    plan_iri: str
    order: int | None
    agency: AgencyRef | None
    duty: str | None
    needs_review: bool


@dataclass(frozen=True)
class AgencySummary:
    iri: str
    label: str
    type_iri: str | None
    locality: str | None
    tasks_led: int = 0
    tasks_supported: int = 0


@dataclass(frozen=True)
class AgencyProfile:
    agency: AgencySummary
    aliases: list[str]
    led: list[TaskRow]
    supported: list[TaskRow]
    indicators: list[IndicatorRow]
    assignments: list[AssignmentRow]
    deadlines_by_year: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewItem:
    iri: str
    kind: str  # task | indicator | assignment | link
    plan_iri: str | None
    text: str | None
    reason: str  # "low_confidence" | "no_lead"
    confidence: float | None
    line_start: int | None
    line_end: int | None
