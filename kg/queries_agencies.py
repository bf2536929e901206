"""Queries over agencies: listings (by locality, plan or type) and one agency's profile."""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef
from rdflib.term import Node

from kg.curation import active_overrides, effective_pattern
from kg.queries_items import select_assignments, select_indicators, select_tasks
from kg.queries_results import AgencyProfile, AgencySummary
from kg.queries_rows import cell_int, cell_str, effective_value
from kg.store import Store
from ontology.iris import ORG, PK, SKOS, plan_graph_iri


def _agency_summaries(store: Store, bindings: dict[str, Node], extra: str = ""
                      ) -> list[AgencySummary]:
    rows = store.select(f"""
        SELECT ?a (SAMPLE(?l) AS ?label) (SAMPLE(?ty) AS ?type) (SAMPLE(?locl) AS ?locality)
        WHERE {{ ?a a pk:Agency . {extra} OPTIONAL {{ ?a skos:prefLabel ?l }}
                 OPTIONAL {{ ?a org:classification ?ty }}
                 OPTIONAL {{ ?a pk:locality/rdfs:label ?locl }} }}
        GROUP BY ?a ORDER BY ?locality ?label ?a""", bindings)
    one = {"a": bindings["a"]} if set(bindings) == {"a"} else {}
    led = _role_counts(store, PK.lead, one)
    supported = _role_counts(store, PK.support, one)
    ov = active_overrides(store, [str(r["a"]) for r in rows])
    return [AgencySummary(iri=str(r["a"]),
                          label=effective_value(ov, str(r["a"]), SKOS.prefLabel, r, "label")
                          or str(r["a"]),
                          type_iri=effective_value(ov, str(r["a"]), ORG.classification, r, "type"),
                          locality=cell_str(r, "locality"), tasks_led=led[str(r["a"])],
                          tasks_supported=supported[str(r["a"])]) for r in rows]


def _role_counts(store: Store, role: URIRef, bindings: dict[str, Node]) -> Counter[str]:
    """Tasks per agency in one role (all agencies, or the one bound as ``?a``)."""
    rows = store.select(f"SELECT ?a (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pk:Task . "
                        f"{effective_pattern('t', role, 'a')} }} GROUP BY ?a", bindings)
    return Counter({str(r["a"]): cell_int(r, "n") or 0 for r in rows})


def list_agencies(store: Store, locality_iri: str | None = None, plan_iri: str | None = None,
                  type_iri: str | None = None) -> list[AgencySummary]:
    """Agencies, optionally of one locality, one plan's graph, or one agency type."""
    bindings: dict[str, Node] = {}
    extra = []
    if locality_iri:
        bindings["loc"] = URIRef(locality_iri)
        extra.append("?a pk:locality ?loc .")
    if plan_iri:
        bindings["pg"] = URIRef(plan_graph_iri(plan_iri))
        extra.append("GRAPH ?pg { ?a a pk:Agency }")
    if type_iri:
        bindings["type"] = URIRef(type_iri)
        extra.append("?a org:classification ?type .")
    return _agency_summaries(store, bindings, " ".join(extra))


def agencies_by_type(store: Store, type_iri: str) -> list[AgencySummary]:
    """Agencies of one type across every locality (cross-locality comparison)."""
    return list_agencies(store, type_iri=type_iri)


def agency_profile(store: Store, agency_iri: str) -> AgencyProfile | None:
    """What one agency leads, supports, owns and is assigned, with deadlines by year."""
    agency = URIRef(agency_iri)
    found = _agency_summaries(store, {"a": agency})
    if not found:
        return None
    aliases = [str(r["l"]) for r in store.select(
        "SELECT DISTINCT ?l WHERE { ?a skos:altLabel ?l } ORDER BY ?l", {"a": agency})]
    led = select_tasks(store, {"agency": agency}, effective_pattern("t", PK.lead, "agency"))
    supported = select_tasks(store, {"agency": agency},
                             effective_pattern("t", PK.support, "agency"))
    years = Counter(t.deadline_year for t in [*led, *supported] if t.deadline_year is not None)
    return AgencyProfile(
        agency=found[0], aliases=aliases, led=led, supported=supported,
        indicators=select_indicators(store, {"agency": agency},
                               effective_pattern("i", PK.owner, "agency")),
        assignments=select_assignments(store, {"agency": agency},
                                 effective_pattern("x", PK.agency, "agency")),
        deadlines_by_year=dict(sorted(years.items())))
