"""RDF literals built the same way by every graph writer (plan graphs and the catalog)."""

from __future__ import annotations

from datetime import date

from rdflib import Literal

from ontology.iris import XSD


def date_literal(value: str | None) -> Literal | None:
    """An ``xsd:date`` literal of an ISO date; None when absent or not a real date, so callers
    can skip the triple instead of writing an invalid one."""
    if not value:
        return None
    try:
        return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
    except ValueError:
        return None
