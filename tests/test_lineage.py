"""Lineage over a real in-memory Oxigraph store filled by the real builder."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from paths import SHARED

from ingest.records import (
    DerivedLink,
    DocumentRef,
    PlanHeader,
    PlanRecord,
    Provenance,
    record_from_gold,
)
from kg.builder import build_plan_graph
from kg.catalog import curated_graph
from kg.identity import resolve_symbol
from kg.lineage import (
    LineageError,
    citation_graph,
    find_nodes,
    gaps,
    implementers,
    lineage_graph,
    sparql_bases,
    sparql_implementers,
    to_dot,
    trace,
)
from kg.store import OxigraphStore
from ontology.iris import CATALOG_GRAPH

GOLD = SHARED / "gold"
STEMS = ("000_2dc6f65ccb01aa7d", "001_2050ba26a5080564", "004_bb2f54c0a58013f3")
NQ57 = resolve_symbol("57-NQ/TW").iri


def _gold(stem: str) -> PlanRecord:
    return record_from_gold(json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8")))


def _plan(doc: str, number: str | None, locality: str, province: str,
          bases: list[DocumentRef], links: list[DerivedLink] = ()) -> PlanRecord:
    header = PlanHeader(number=number, doc_type="Kế hoạch", issuer=f"UBND {locality}",
                        issuer_kind="government", locality=locality, province=province,
                        date="2026-01-10", title="Kế hoạch thử")
    return PlanRecord(doc=doc, header=header, legal_bases=list(bases),
                      derived_links=list(links))


def _store(*records: PlanRecord) -> OxigraphStore:
    store = OxigraphStore.in_memory()
    store.load_graph(CATALOG_GRAPH, curated_graph())
    for record in records:
        store.replace_plan(build_plan_graph(record))
    return store


@pytest.fixture(scope="module")
def gold_store() -> OxigraphStore:
    return _store(*(_gold(s) for s in STEMS))


@pytest.fixture(scope="module")
def gold_graph(gold_store: OxigraphStore) -> nx.DiGraph:
    return citation_graph(gold_store)


@pytest.mark.parametrize("stem", STEMS)
def test_lineage_trace_reaches_nq57_from_every_gold_plan(gold_graph: nx.DiGraph,
                                                         stem: str) -> None:
    tree = trace(gold_graph, f"{stem}.txt")
    assert tree.reaches(NQ57)
    assert NQ57 in tree.roots
    text = tree.to_text()
    assert "57-NQ/TW" in text and "theo " in text
    assert json.loads(json.dumps(tree.to_json(), ensure_ascii=False))["root"] == tree.root
    assert tree.to_dot().startswith("digraph lineage {")


def test_lineage_trace_goes_through_the_provincial_plan(gold_graph: nx.DiGraph) -> None:
    tree = trace(gold_graph, "004_bb2f54c0a58013f3.txt")
    dn92 = resolve_symbol("92/KH-UBND", "Đồng Nai").iri
    edge = next(e for e in tree.edges if e.source == dn92)
    assert edge.relations == ["applies"]
    assert any(s.plan == tree.root for s in edge.sources)  # the plan's text states the link


def test_lineage_trace_accepts_symbol_and_iri(gold_graph: nx.DiGraph) -> None:
    by_symbol = trace(gold_graph, "09/KH-UBND")
    assert trace(gold_graph, by_symbol.root).root == by_symbol.root
    with pytest.raises(LineageError):
        trace(gold_graph, "999/KH-XYZ")


def test_lineage_sparql_paths_agree_with_networkx(gold_store: OxigraphStore,
                                                 gold_graph: nx.DiGraph) -> None:
    for stem in STEMS:
        tree = trace(gold_graph, f"{stem}.txt")
        assert sparql_bases(gold_store, tree.root) == set(tree.nodes) - {tree.root}
    by_nx = {i.plan for i in implementers(gold_graph, "57-NQ/TW")}
    assert sparql_implementers(gold_store, NQ57) == by_nx


def test_lineage_implementers_of_nq57_lists_every_plan(gold_graph: nx.DiGraph) -> None:
    found = implementers(gold_graph, "57-NQ/TW")
    assert {i.source_document for i in found} == {f"{s}.txt" for s in STEMS}
    assert {i.province for i in found} == {"Đồng Nai"}
    assert all(i.path[-1].endswith("57-NQ/TW") for i in found)
    via_92 = implementers(gold_graph, "92/KH-UBND")  # only the plans resting on it
    assert {i.source_document for i in via_92} == {f"{STEMS[0]}.txt", f"{STEMS[2]}.txt"}


def test_lineage_cycle_and_self_citation_do_not_hang() -> None:
    x, y = DocumentRef("11-KH/TU", issuer="Tỉnh ủy Đồng Nai"), \
        DocumentRef("12/KH-UBND", issuer="UBND tỉnh Đồng Nai")
    prov = Provenance("c.txt", 5, 6)
    record = _plan("c.txt", "01/KH-UBND", "xã An Phước", "Đồng Nai", [x, y], [
        DerivedLink("11-KH/TU", "implements", "12/KH-UBND", prov),
        DerivedLink("12/KH-UBND", "implements", "11-KH/TU", prov),
        DerivedLink("11-KH/TU", "implements", "11-KH/TU", prov),
        DerivedLink("01/KH-UBND", "implements", "01/KH-UBND", prov),
    ])
    record.derived_links.append(DerivedLink("12/KH-UBND", "implements", "01/KH-UBND", prov))
    store = _store(record)
    graph = citation_graph(store)
    tree = trace(graph, "c.txt")
    x_iri = resolve_symbol("11-KH/TU", "Đồng Nai").iri
    y_iri = resolve_symbol("12/KH-UBND", "Đồng Nai", "UBND tỉnh Đồng Nai").iri
    assert {x_iri, y_iri} <= set(tree.nodes)
    assert graph.has_edge(x_iri, y_iri) and graph.has_edge(y_iri, x_iri)
    assert "(vòng lặp)" in tree.to_text() or "(đã nêu ở trên)" in tree.to_text()
    assert sparql_bases(store, tree.root) == set(tree.nodes) - {tree.root}
    report = gaps(graph)
    assert report.self_citations and any("11-KH/TU" in s for s in report.self_citations)
    assert [g.label for g in report.not_reaching_root] == ["Kế hoạch 01/KH-UBND"]


def test_lineage_gaps_find_skipped_province_and_uncatalogued(gold_graph: nx.DiGraph) -> None:
    skipper = _plan("s.txt", "05/KH-UBND", "xã Long Hưng", "Đồng Nai",
                    [DocumentRef("57-NQ/TW", issuer="Bộ Chính trị", date="2024-12-22"),
                     DocumentRef("44/KH-UBND", issuer="UBND xã Long Hưng", date="2025-10-01")])
    orphan = _plan("o.txt", "06/KH-UBND", "xã Phú Lý", "Đồng Nai", [])
    report = gaps(_store(*(_gold(s) for s in STEMS), skipper, orphan))
    assert [g.label for g in report.not_reaching_root] == ["Kế hoạch 06/KH-UBND"]
    skipping = {g.label: g for g in report.skipping_province}
    assert "Kế hoạch 05/KH-UBND" in skipping
    assert any("469-KH/TU" in m for m in skipping["Kế hoạch 05/KH-UBND"].missing)
    assert not {"Kế hoạch 09/KH-UBND", "Kế hoạch 27-KH/ĐU"} & set(skipping)
    uncat = {d.label.split()[-1]: d for d in report.uncatalogued}
    assert "44/KH-UBND" in uncat and "57-NQ/TW" not in uncat and "92/KH-UBND" not in uncat
    assert "Kế hoạch 05/KH-UBND" in uncat["44/KH-UBND"].cited_by
    assert "danh mục" in report.to_text() or "thiếu" in report.to_text()


def test_lineage_conflicting_dates_are_reported_with_sources() -> None:
    record = _plan("d.txt", "07/KH-UBND", "xã Bình An", "Thanh Hóa",
                   [DocumentRef("57-NQ/TW", issuer="Bộ Chính trị", date="2025-12-22",
                                provenance=Provenance("d.txt", 14, 16))])
    report = gaps(_store(record))
    conflict = next(c for c in report.conflicts if c.document == NQ57)
    assert set(conflict.readings) == {"2024-12-22", "2025-12-22"}
    assert conflict.readings["2024-12-22"] == ["danh mục"]


def test_lineage_plan_cited_by_another_plan_is_one_node() -> None:
    commune_party = _plan("p.txt", "03-KH/ĐU", "xã Tân Hòa", "Phú Thọ",
                          [DocumentRef("02-CTr/TU", issuer="Tỉnh ủy Phú Thọ")])
    commune_party.header.issuer = "Đảng ủy xã Tân Hòa"
    commune_gov = _plan("g.txt", "08/KH-UBND", "xã Tân Hòa", "Phú Thọ",
                        [DocumentRef("03-KH/ĐU", issuer="Đảng ủy xã Tân Hòa",
                                     date="2026-01-10")])
    graph = citation_graph(_store(commune_party, commune_gov))
    tree = trace(graph, "g.txt")
    party_plan = find_nodes(graph, "p.txt")[0]
    assert party_plan in tree.nodes and tree.reaches(NQ57)


def test_lineage_graph_parts_and_dot_escape_quotes(gold_graph: nx.DiGraph) -> None:
    plan = find_nodes(gold_graph, "000_2dc6f65ccb01aa7d.txt")[0]
    nodes, edges = lineage_graph(gold_graph, plan)
    assert sum(n.is_root for n in nodes) == 1
    assert {e.source for e in edges} <= {n.id for n in nodes}
    dot = to_dot(nodes[:1] + [nodes[1].__class__("x", 'say "hi"', "document", None)], [])
    assert 'say \\"hi\\"' in dot


def test_lineage_ambiguous_plan_symbol_is_refused_with_candidates() -> None:
    nq57 = DocumentRef("57-NQ/TW", issuer="Bộ Chính trị", date="2024-12-22")
    a = _plan("a.txt", "09/KH-UBND", "xã Phú Lý", "Đồng Nai", [nq57])
    b = _plan("b.txt", "09/KH-UBND", "phường Việt Trì", "Phú Thọ", [nq57])
    graph = citation_graph(_store(a, b))
    with pytest.raises(LineageError) as err:
        trace(graph, "09/KH-UBND")
    assert "xã Phú Lý" in str(err.value) and "phường Việt Trì" in str(err.value)
    assert trace(graph, "b.txt").reaches(NQ57)
    assert {i.province for i in implementers(graph, "57-NQ/TW")} == {"Đồng Nai", "Phú Thọ"}
