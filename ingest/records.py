"""Typed records that extraction produces: the data contract between ``ingest`` and ``kg``.

Every fact carries a :class:`Provenance` (document, line span, method, confidence) so the graph
can cite where it came from and the app can flag what needs review. ``to_gold_dict`` renders a
record in the shape of ``../shared/gold/SCHEMA.md`` so extraction can be scored against gold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Facts whose confidence is below this are flagged for review in the graph and the app.
REVIEW_THRESHOLD = 0.6


@dataclass(frozen=True)
class Provenance:
    """Where a fact was read: 1-based inclusive line span in the source text."""

    doc: str
    line_start: int
    line_end: int
    method: str = "rule"
    confidence: float = 1.0
    page: int | None = None

    @property
    def needs_review(self) -> bool:
        return self.confidence < REVIEW_THRESHOLD


@dataclass
class DocumentRef:
    """A legal document mentioned by a plan (legal basis or any citation)."""

    number: str | None  # canonical symbol, e.g. "57-NQ/TW", "92/KH-UBND"; None if unnumbered
    doc_type: str | None = None  # "Nghị quyết", "Kế hoạch", ...
    issuer: str | None = None  # "Bộ Chính trị", "UBND tỉnh Đồng Nai", ...
    date: str | None = None  # ISO date
    province: str | None = None  # for provincial/local documents
    mention: str = ""  # restored wording of the first mention
    mention_raw: str = ""  # the mention as printed
    level: str | None = None  # central | provincial | local
    provenance: Provenance | None = None

    def to_gold(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "doc_type": self.doc_type,
            "issuer": self.issuer,
            "date": self.date,
            "province": self.province,
            "mention": self.mention,
        }


@dataclass
class DerivedLink:
    """A link between two cited documents that the text states (A implements/amends/guides B)."""

    source: str  # symbol of the document that implements/amends
    relation: str  # implements | amends | guides
    target: str
    provenance: Provenance | None = None

    def to_gold(self) -> dict[str, Any]:
        return {"from": self.source, "relation": self.relation, "to": self.target}


@dataclass
class Agency:
    """A unit given a role in the plan, canonicalised within the plan's locality."""

    name: str  # canonical full Vietnamese name, e.g. "Phòng Văn hóa - Xã hội"
    aliases: list[str] = field(default_factory=list)
    agency_type: str | None = None  # SKOS concept notation from ontology/agency_types.ttl
    provenance: Provenance | None = None

    def to_gold(self) -> dict[str, Any]:
        return {"name": self.name, "aliases": list(self.aliases)}


@dataclass
class Assignment:
    """One duty given to one unit in the body text ("Tổ chức thực hiện")."""

    agency: str
    duty: str
    duty_raw: str = ""
    provenance: Provenance | None = None

    def to_gold(self) -> dict[str, Any]:
        return {"agency": self.agency, "duty": self.duty}


@dataclass
class Task:
    """A row of a task appendix or an item of a prose task list."""

    id: str
    text: str
    group: str | None = None
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    output: str | None = None
    deadline: str | None = None  # as printed (restored)
    deadline_date: str | None = None  # ISO date (end of the period) where one can be read
    deadline_year: int | None = None
    text_raw: str = ""
    provenance: Provenance | None = None
    field_confidence: dict[str, float] = field(default_factory=dict)  # per field: lead, deadline ...

    def to_gold(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "text": self.text,
            "lead": list(self.lead),
            "support": list(self.support),
            "output": self.output,
            "deadline": self.deadline,
        }


@dataclass
class Indicator:
    """A target row: text, unit, target (single or per year), owner."""

    id: str
    text: str
    unit: str | None = None
    target: str | dict[str, str] | None = None
    year: int | None = None
    owner: list[str] = field(default_factory=list)
    text_raw: str = ""
    provenance: Provenance | None = None
    field_confidence: dict[str, float] = field(default_factory=dict)

    def to_gold(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "unit": self.unit,
            "target": self.target,
            "year": self.year,
            "owner": list(self.owner),
        }


@dataclass
class PlanHeader:
    """The plan's own identity, read from its header block."""

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issuer_kind: str | None = None  # government | party
    locality: str | None = None  # with its level word: "phường Phước Bình"
    province: str | None = None
    date: str | None = None
    title: str | None = None
    signer: str | None = None
    provenance: dict[str, Provenance] = field(default_factory=dict)  # per field name

    def to_gold(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("provenance")
        return d


@dataclass
class PlanRecord:
    """Everything extracted from one plan document."""

    doc: str  # source file name, the document's identity for re-ingestion
    header: PlanHeader = field(default_factory=PlanHeader)
    legal_bases: list[DocumentRef] = field(default_factory=list)
    cited_documents: list[DocumentRef] = field(default_factory=list)
    derived_links: list[DerivedLink] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source_sha256: str | None = None
    text_restored: bool = False  # diacritics were restored (the source lost them)

    def to_gold_dict(self) -> dict[str, Any]:
        """The record in the gold annotation schema (``../shared/gold/SCHEMA.md``)."""
        return {
            "doc": self.doc,
            "plan": self.header.to_gold(),
            "legal_bases": [d.to_gold() for d in self.legal_bases],
            "cited_documents": [d.to_gold() for d in self.cited_documents],
            "derived_links": [d.to_gold() for d in self.derived_links],
            "agencies": [a.to_gold() for a in self.agencies],
            "assignments": [a.to_gold() for a in self.assignments],
            "tasks": [t.to_gold() for t in self.tasks],
            "indicators": [i.to_gold() for i in self.indicators],
            "notes": "; ".join(self.notes) if self.notes else None,
        }

    def to_json_dict(self) -> dict[str, Any]:
        """Gold-shaped dict plus provenance and confidence for every fact."""
        return asdict(self)


def _prov_from(d: dict[str, Any] | None) -> Provenance | None:
    return Provenance(**d) if d else None


def record_from_gold(data: dict[str, Any]) -> PlanRecord:
    """Build a PlanRecord from a gold annotation (or from ``to_json_dict`` output).

    Used by tests and to measure search on perfect extraction.
    """
    plan = dict(data.get("plan") or data.get("header") or {})
    plan.pop("provenance", None)
    header = PlanHeader(**{k: plan.get(k) for k in PlanHeader.__dataclass_fields__ if k in plan})

    def refs(items: list[dict[str, Any]]) -> list[DocumentRef]:
        out = []
        for it in items or []:
            kw = {k: it.get(k) for k in DocumentRef.__dataclass_fields__ if k in it}
            kw["provenance"] = _prov_from(it.get("provenance"))
            kw.setdefault("mention", it.get("mention") or "")
            out.append(DocumentRef(**kw))
        return out

    def build(cls: type, items: list[dict[str, Any]]) -> list[Any]:
        out = []
        for it in items or []:
            kw = {k: it.get(k) for k in cls.__dataclass_fields__ if k in it}
            if "provenance" in kw:
                kw["provenance"] = _prov_from(kw["provenance"])
            for key in ("lead", "support", "owner", "aliases"):
                if key in kw and kw[key] is None:
                    kw[key] = []
            out.append(cls(**kw))
        return out

    links = [
        DerivedLink(source=it.get("from") or it.get("source"), relation=it["relation"],
                    target=it.get("to") or it.get("target"),
                    provenance=_prov_from(it.get("provenance")))
        for it in data.get("derived_links") or []
    ]
    notes = data.get("notes")
    return PlanRecord(
        doc=data["doc"],
        header=header,
        legal_bases=refs(data.get("legal_bases")),
        cited_documents=refs(data.get("cited_documents")),
        derived_links=links,
        agencies=build(Agency, data.get("agencies")),
        assignments=build(Assignment, data.get("assignments")),
        tasks=build(Task, data.get("tasks")),
        indicators=build(Indicator, data.get("indicators")),
        notes=[notes] if isinstance(notes, str) else list(notes or []),
    )
