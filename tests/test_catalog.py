"""The catalog: curated facts as RDF, extension by cited documents, conflicts kept and flagged."""

from __future__ import annotations

import json

from paths import SHARED
from rdflib import Literal, URIRef

from ingest.records import DocumentRef, PlanHeader, PlanRecord, Provenance
from kg.builder import build_plan_graph
from kg.catalog import (
    CURATED,
    OBSERVED,
    curated_graph,
    load_catalog,
    refresh_catalog,
    title_from_mention,
)
from kg.identity import resolve_symbol
from kg.store import OxigraphStore
from ontology.iris import CATALOG_GRAPH, ELI, PK

SHARED = SHARED / "catalog/catalog.json"
NQ57 = resolve_symbol("57-NQ/TW").iri


def _record(doc: str, refs: list[DocumentRef]) -> PlanRecord:
    header = PlanHeader(number="261-KH/TU", doc_type="Kế hoạch", issuer="Ban Thường vụ Thị ủy Bỉm Sơn",
                        issuer_kind="party", locality="thị xã Bỉm Sơn", province="Thanh Hóa",
                        date="2025-05-13")
    return PlanRecord(doc=doc, header=header, legal_bases=refs, cited_documents=list(refs))


def test_catalog_ships_the_shared_facts() -> None:
    shared = json.loads(SHARED.read_text(encoding="utf-8"))["documents"]
    catalog = load_catalog()
    assert len(catalog.entries) == len(shared)
    assert catalog.find("57-NQ/TW").date == "2024-12-22"
    assert catalog.find("92/KH-UBND", "Đồng Nai").issuer == "UBND tỉnh Đồng Nai"
    assert catalog.find("92/KH-UBND", "Phú Thọ") is None  # provincial symbols need the province


def test_catalog_graph_holds_documents_and_links() -> None:
    graph = curated_graph()
    nq57, dn469 = URIRef(NQ57), URIRef(resolve_symbol("469-KH/TU", "Đồng Nai").iri)
    assert (nq57, PK.catalogSource, Literal(CURATED)) in graph
    assert (dn469, ELI.applies, nq57) in graph
    assert (URIRef(resolve_symbol("71/NQ-CP").iri), ELI.amends,
            URIRef(resolve_symbol("03/NQ-CP").iri)) in graph


def test_catalog_refresh_keeps_conflicting_dates_with_sources() -> None:
    store = OxigraphStore.in_memory()
    misdated = DocumentRef("57-NQ/TW", doc_type="Nghị quyết", issuer="Bộ Chính trị",
                           date="2025-12-22", mention="Nghị quyết số 57-NQ/TW ngày 22/12/2025",
                           provenance=Provenance("002.txt", 14, 16))
    local = DocumentRef("266-KH/TU", issuer="Tỉnh ủy Thanh Hóa", date="2025-04-26",
                        mention="Kế hoạch hành động số 266-KH/TU ngày 26/4/2025 của Tỉnh ủy "
                                "Thanh Hóa về việc thực hiện Nghị quyết số 57-NQ/TW")
    unknown = DocumentRef("12/KH-UBND", issuer="UBND thị xã Bỉm Sơn", date="2025-03-01",
                          mention="Kế hoạch số 12/KH-UBND ngày 01/3/2025 của UBND thị xã về "
                                  "chuyển đổi số năm 2025")
    plan = build_plan_graph(_record("002.txt", [misdated, local, unknown]))
    store.replace_plan(plan)
    summary = refresh_catalog(store)
    readings = {r.value: r for r in summary.conflicts[NQ57]}
    assert set(readings) == {"2024-12-22", "2025-12-22"}
    assert readings["2025-12-22"].plan == plan.plan_iri
    assert (readings["2025-12-22"].line_start, readings["2025-12-22"].line_end) == (14, 16)
    assert readings["2024-12-22"].plan is None  # the curated catalog's reading
    rows = store.select(
        "SELECT ?date ?bad WHERE { GRAPH ?g { ?doc eli:date_document ?date ; "
        "pk:conflictingDate ?bad ; pk:hasConflict ?c . ?c a pk:Conflict } }",
        {"doc": URIRef(NQ57), "g": URIRef(CATALOG_GRAPH)})
    assert [(str(r["date"]), str(r["bad"])) for r in rows] == [("2024-12-22", "2025-12-22")]
    # A cited document the curated catalog lacks is added with what the citing text says.
    observed = store.select(
        "SELECT ?title ?src WHERE { GRAPH ?g { ?doc eli:number '12/KH-UBND' ; "
        "pk:catalogSource ?src ; dcterms:title ?title } }", {"g": URIRef(CATALOG_GRAPH)})
    assert [(str(r["title"]), str(r["src"])) for r in observed] == \
        [("Chuyển đổi số năm 2025", OBSERVED)]
    assert summary.observed == 1  # 266-KH/TU is curated, 57-NQ/TW too


def test_catalog_refresh_is_idempotent() -> None:
    store = OxigraphStore.in_memory()
    store.replace_plan(build_plan_graph(_record("x.txt", [DocumentRef("57-NQ/TW")])))
    refresh_catalog(store)
    first = store.quad_count()
    refresh_catalog(store)
    assert store.quad_count() == first


def test_catalog_title_from_mention() -> None:
    assert title_from_mention("Kế hoạch số 55/KH-UBND ngày 29/9/2025 của UBND phường về Triển "
                              "khai thực hiện Nghị quyết 57") == "Triển khai thực hiện Nghị quyết 57"
    assert title_from_mention("Nghị quyết số 71/NQ-CP của Chính phủ sửa đổi, bổ sung Chương "
                              "trình (sau đây gọi là Nghị quyết 71)") == \
        "Sửa đổi, bổ sung Chương trình"
    assert title_from_mention("Nghị quyết 57") is None


def test_catalog_refresh_records_what_uncatalogued_documents_implement() -> None:
    from ingest.records import DerivedLink

    store = OxigraphStore.in_memory()
    ref = DocumentRef("12/KH-UBND", issuer="UBND thị xã Bỉm Sơn", date="2025-03-01")
    record = _record("y.txt", [ref])
    record.derived_links.append(DerivedLink("12/KH-UBND", "implements", "57-NQ/TW"))
    store.replace_plan(build_plan_graph(record))
    refresh_catalog(store)
    rows = store.select("SELECT ?b WHERE { GRAPH ?g { ?a eli:number '12/KH-UBND' ; "
                        "eli:applies ?b } }", {"g": URIRef(CATALOG_GRAPH)})
    assert [str(r["b"]) for r in rows] == [NQ57]


def test_catalog_uses_only_declared_ontology_terms() -> None:
    """Fails until ontology/plankg.ttl declares the terms listed in docs/lineage.md."""
    from ingest.records import Provenance as Prov
    from ontology import load_ontology_graph
    from ontology.iris import OWL, RDF

    store = OxigraphStore.in_memory()
    ref = DocumentRef("57-NQ/TW", date="2025-12-22", provenance=Prov("z.txt", 3, 4))
    store.replace_plan(build_plan_graph(_record("z.txt", [ref])))
    refresh_catalog(store)
    rows = store.select("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }",
                        {"g": URIRef(CATALOG_GRAPH)})
    used = {r["p"] for r in rows if str(r["p"]).startswith(str(PK))}
    used |= {r["t"] for r in store.select("SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s a ?t } }",
                                          {"g": URIRef(CATALOG_GRAPH)})
             if str(r["t"]).startswith(str(PK))}
    onto = load_ontology_graph()
    declared = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
                for s in onto.subjects(RDF.type, t)}
    assert sorted(str(t) for t in used - declared) == []
