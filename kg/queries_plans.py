"""Queries over plans and the documents they cite: counters, plan list and detail, legal
documents."""

from __future__ import annotations

from collections import Counter

from rdflib import URIRef
from rdflib.term import Node

from kg.curation import Overrides, active_overrides
from kg.queries_results import DocumentInfo, PlanDetail, PlanSummary, Stats
from kg.queries_rows import cell_date, cell_int, cell_str, count_distinct, effective_value
from kg.store import Row, Store
from ontology.iris import ELI, PK


def stats(store: Store) -> Stats:
    """How much the graph holds (the dashboard's counters)."""
    return Stats(
        plans=count_distinct(store, "?x a pk:Plan"),
        legal_documents=count_distinct(
            store, "?x a pk:LegalDocument FILTER NOT EXISTS { ?x a pk:Plan }"),
        agencies=count_distinct(store, "?x a pk:Agency"),
        localities=count_distinct(store, "?x a pk:Locality"),
        tasks=count_distinct(store, "?x a pk:Task"),
        indicators=count_distinct(store, "?x a pk:Indicator"),
        assignments=count_distinct(store, "?x a pk:Assignment"),
    )


_PLAN_SELECT = """
SELECT ?p (SAMPLE(?num) AS ?number) (SAMPLE(?ti) AS ?title) (SAMPLE(?dt) AS ?doc_type)
       (SAMPLE(?iss) AS ?issuer) (SAMPLE(?d) AS ?date) (SAMPLE(?locl) AS ?locality)
       (SAMPLE(?provl) AS ?province) (SAMPLE(?src) AS ?source) (SAMPLE(?loc) AS ?loc_iri)
       (SAMPLE(?kind) AS ?issuer_kind) (SAMPLE(?sig) AS ?signer)
WHERE {
  ?p a pk:Plan .
  OPTIONAL { ?p eli:number ?num } OPTIONAL { ?p eli:title ?ti } OPTIONAL { ?p pk:docType ?dt }
  OPTIONAL { ?p pk:issuerName ?iss } OPTIONAL { ?p eli:date_document ?d }
  OPTIONAL { ?p pk:sourceDocument ?src } OPTIONAL { ?p pk:issuerKind ?kind }
  OPTIONAL { ?p pk:signer ?sig }
  OPTIONAL { ?p pk:locality ?loc . OPTIONAL { ?loc rdfs:label ?locl }
             OPTIONAL { ?loc pk:province/rdfs:label ?provl } }
}
GROUP BY ?p ORDER BY DESC(?date) ?number ?p
"""


def plan_summary(row: Row, ov: Overrides, tasks: int = 0, indicators: int = 0) -> PlanSummary:
    iri = str(row["p"])
    return PlanSummary(
        iri=iri, number=effective_value(ov, iri, ELI.number, row, "number"),
        title=effective_value(ov, iri, ELI.title, row, "title"), doc_type=cell_str(row, "doc_type"),
        issuer=effective_value(ov, iri, PK.issuerName, row, "issuer"), date=cell_date(row, "date"),
        locality=cell_str(row, "locality"), province=cell_str(row, "province"),
        source_document=cell_str(row, "source"), tasks=tasks, indicators=indicators)


def _counts_by_plan(store: Store, cls: URIRef) -> Counter[str]:
    rows = store.select("SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls ; pk:plan ?p } "
                        "GROUP BY ?p", {"cls": cls})
    return Counter({str(r["p"]): cell_int(r, "n") or 0 for r in rows})


def list_plans(store: Store) -> list[PlanSummary]:
    """Every plan, newest first, with its task and indicator counts."""
    ov = active_overrides(store)
    tasks, indicators = _counts_by_plan(store, PK.Task), _counts_by_plan(store, PK.Indicator)
    return [plan_summary(r, ov, tasks[str(r["p"])], indicators[str(r["p"])])
            for r in store.select(_PLAN_SELECT)]


def find_plan_row(store: Store, plan_iri: str) -> Row | None:
    rows = store.select(_PLAN_SELECT, {"p": URIRef(plan_iri)})
    return rows[0] if rows else None


_DOC_ATTRIBUTES = (("number", "eli:number"), ("doc_type", "pk:docType"),
                   ("issuer", "pk:issuerName"), ("date", "eli:date_document"),
                   ("level", "pk:level"), ("mention", "pk:mention"))


def _doc_attributes(store: Store, iris: list[str]) -> dict[str, dict[str, Node]]:
    """Attributes of many documents, one row per value (no OPTIONAL cross products)."""
    if not iris:
        return {}
    values = " ".join(URIRef(i).n3() for i in iris)
    branches = " UNION ".join(f'{{ ?d {p} ?v BIND("{k}" AS ?k) }}' for k, p in _DOC_ATTRIBUTES)
    out: dict[str, dict[str, Node]] = {}
    for r in store.select(f"SELECT ?d ?k ?v WHERE {{ VALUES ?d {{ {values} }} {branches} }} "
                          f"ORDER BY ?d ?k ?v"):
        attrs = out.setdefault(str(r["d"]), {})
        attrs.setdefault(str(r["k"]), r["v"])  # ordered: the earliest date, first value
    return out


def _documents(store: Store, rows: list[Row]) -> list[DocumentInfo]:
    """DocumentInfo for rows holding ?d (and optionally ?mention, ?cited_by), in row order."""
    attrs = _doc_attributes(store, [str(r["d"]) for r in rows])
    out = []
    for r in rows:
        merged: Row = {**attrs.get(str(r["d"]), {}), **r}
        out.append(DocumentInfo(
            iri=str(r["d"]), number=cell_str(merged, "number"),
            doc_type=cell_str(merged, "doc_type"),
            issuer=cell_str(merged, "issuer"), date=cell_date(merged, "date"),
            level=cell_str(merged, "level"), mention=cell_str(merged, "mention"),
            cited_by=cell_int(merged, "cited_by") or 0))
    return out


_PLAN_DOCS = """
SELECT ?d (MIN(?o) AS ?first) (SAMPLE(?m) AS ?mention) WHERE {
  GRAPH ?g { ?plan ?rel ?d
    OPTIONAL { ?st rdf:subject ?plan ; rdf:predicate ?rel ; rdf:object ?d ; pk:order ?o }
    OPTIONAL { ?d pk:mention ?m } }
} GROUP BY ?d ORDER BY ?first ?d
"""


def plan_detail(store: Store, plan_iri: str) -> PlanDetail | None:
    """A plan's header with its legal bases and every document it cites."""
    row = find_plan_row(store, plan_iri)
    if row is None:
        return None
    ov = active_overrides(store, [plan_iri])
    plan = URIRef(plan_iri)
    bases = _documents(store, store.select(_PLAN_DOCS, {"plan": plan, "rel": ELI.based_on}))
    cited = _documents(store, store.select(_PLAN_DOCS, {"plan": plan, "rel": ELI.cites}))
    return PlanDetail(plan=plan_summary(row, ov), issuer_kind=cell_str(row, "issuer_kind"),
                      signer=effective_value(ov, plan_iri, PK.signer, row, "signer"),
                      locality_iri=cell_str(row, "loc_iri"), legal_bases=bases,
                      cited_documents=cited)


def legal_documents(store: Store) -> list[DocumentInfo]:
    """Every cited legal document (not the ingested plans), most cited first."""
    rows = store.select("""
        SELECT ?d (COUNT(DISTINCT ?plan) AS ?cited_by) WHERE {
          ?d a pk:LegalDocument . FILTER NOT EXISTS { ?d a pk:Plan }
          OPTIONAL { ?plan eli:cites ?d }
        } GROUP BY ?d""")
    docs = _documents(store, rows)
    return sorted(docs, key=lambda d: (-d.cited_by, d.number or "\uffff", d.iri))
