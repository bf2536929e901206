"""What search indexes: one :class:`SearchItem` per task, indicator and assignment of a plan.

Items carry every display field a hit needs (plan, lead, output, deadline, source lines), so a
search answers from the index folder alone, without a graph round trip. IRIs are minted only
through :mod:`ontology.iris`, so a hit's IRI is the graph node of the same item.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.records import PlanRecord, Provenance
from kg.builder import item_iris
from ontology.iris import plan_iri

KINDS = ("task", "indicator", "assignment")
_YEAR = re.compile(r"\b(20\d\d)\b")


@dataclass
class SearchItem:
    """One searchable item with its display fields."""

    iri: str
    kind: str  # task | indicator | assignment
    text: str  # best Vietnamese text (restored)
    plan_iri: str
    doc: str
    plan_symbol: str | None = None
    locality: str | None = None
    province: str | None = None
    group: str | None = None
    lead: list[str] = field(default_factory=list)  # lead units / indicator owner / agency
    support: list[str] = field(default_factory=list)
    agency_types: list[str] = field(default_factory=list)
    output: str | None = None
    deadline: str | None = None
    deadline_year: int | None = None
    line_start: int | None = None
    line_end: int | None = None

    @property
    def embed_text(self) -> str:
        """Text to embed: the item's own text. Prefixing the group heading was measured worse
        (dense MRR on the dev queries 0.88 vs 0.98): a long heading dominates e5's mean pooling;
        the heading stays a display field."""
        return self.text

    @property
    def lexical_text(self) -> str:
        """Text for the lexical index: the item's own words (headings would blur BM25)."""
        return self.text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchItem:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def _year(*values: object) -> int | None:
    for value in values:
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            years = _YEAR.findall(value)
            if years:
                return max(int(y) for y in years)
    return None


def _span(prov: Provenance | None) -> tuple[int | None, int | None]:
    return (prov.line_start, prov.line_end) if prov else (None, None)


def items_from_record(record: PlanRecord) -> list[SearchItem]:
    """Tasks, indicators and assignments of one plan as search items, in document order."""
    h = record.header
    plan = plan_iri(record.doc, h.locality, h.province)
    types = {a.name: a.agency_type for a in record.agencies if a.agency_type}
    for a in record.agencies:
        for alias in a.aliases:
            if a.agency_type:
                types.setdefault(alias, a.agency_type)

    def base(iri: str, kind: str, text: str, prov: Provenance | None) -> SearchItem:
        start, end = _span(prov)
        return SearchItem(iri=iri, kind=kind, text=text.strip(), plan_iri=plan, doc=record.doc,
                          plan_symbol=h.number, locality=h.locality, province=h.province,
                          line_start=start, line_end=end)

    def agency_types(names: list[str]) -> list[str]:
        return sorted({types[n] for n in names if n in types})

    iris = item_iris(record)  # the graph's own naming, so graph and index always agree
    items: list[SearchItem] = []
    for task, iri in zip(record.tasks, iris.tasks, strict=True):
        if iri is None:
            continue
        item = base(iri, "task", task.text, task.provenance)
        item.group, item.lead, item.support = task.group, list(task.lead), list(task.support)
        item.output, item.deadline = task.output, task.deadline
        item.deadline_year = task.deadline_year or _year(task.deadline_date, task.deadline)
        item.agency_types = agency_types(item.lead + item.support)
        items.append(item)
    for ind, iri in zip(record.indicators, iris.indicators, strict=True):
        if iri is None:
            continue
        item = base(iri, "indicator", ind.text, ind.provenance)
        item.lead = list(ind.owner)
        target = ind.target if isinstance(ind.target, str) else None
        item.output = " ".join(p for p in (target, ind.unit) if p) or None
        years = list(ind.target) if isinstance(ind.target, dict) else []
        item.deadline_year = ind.year or _year(*years)
        item.deadline = str(item.deadline_year) if item.deadline_year else None
        item.agency_types = agency_types(item.lead)
        items.append(item)
    for asg, iri in zip(record.assignments, iris.assignments, strict=True):
        if iri is None:
            continue
        item = base(iri, "assignment", asg.duty, asg.provenance)
        item.lead = [asg.agency] if asg.agency else []
        item.agency_types = agency_types(item.lead)
        items.append(item)
    return items
