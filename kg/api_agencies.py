"""Agency views for the app: one agency's work, every agency of a type pooled across
localities, and the types ranked by how much work the graph gives them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ingest.normalize import fold
from kg.api_views import AgencyView
from ontology.agency_types import agency_types


def busiest_types(agencies: list[Any]) -> list[tuple[str, str]]:
    """(type IRI, Vietnamese label) of the types of ``agencies`` (queries.AgencySummary),
    most tasks led and supported first."""
    labels = {t.iri: t.pref_label for t in agency_types()}
    work: Counter[str] = Counter()
    for a in agencies:
        if a.type_iri:
            work[a.type_iri] += a.tasks_led + a.tasks_supported
    return sorted(((t, labels.get(t, t.rsplit("/", 1)[-1])) for t in work),
                  key=lambda p: (-work[p[0]], fold(p[1])))


def agency_view(store: Any, agency_iri: str) -> AgencyView | None:
    """What one agency leads, supports, owns, with its deadlines by year."""
    from kg import queries

    prof = queries.agency_profile(store, agency_iri)
    if prof is None:
        return None
    return AgencyView(prof.agency.label, [prof.agency.locality or "?"], prof.led,
                      prof.supported, prof.indicators, prof.assignments,
                      dict(prof.deadlines_by_year))


def agency_type_view(store: Any, type_iri: str) -> AgencyView:
    """Every agency of one type across localities, pooled (cross-locality comparison)."""
    from kg import queries

    labels = {t.iri: t.pref_label for t in agency_types()}
    view = AgencyView(labels.get(type_iri, type_iri), [], [], [], [], [], {})
    years: Counter[int] = Counter()
    for agency in queries.agencies_by_type(store, type_iri):
        prof = queries.agency_profile(store, agency.iri)
        if prof is None:
            continue
        if agency.locality and agency.locality not in view.localities:
            view.localities.append(agency.locality)
        view.led += prof.led
        view.supported += prof.supported
        view.indicators += prof.indicators
        view.assignments += prof.assignments
        years.update(prof.deadlines_by_year)
    view.localities.sort(key=fold)
    view.deadlines_by_year = dict(sorted(years.items()))
    return view
