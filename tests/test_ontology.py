"""The ontology and shapes parse, and every term carries labels and comments."""

from __future__ import annotations

import json

from paths import SHARED
from rdflib import URIRef

from ingest.records import record_from_gold
from kg.builder import build_plan_graph
from ontology import load_ontology_graph, load_shapes_graph, resource_path
from ontology.iris import ELI, OWL, PK, RDF, RDFS, SH

GOLD = SHARED / "gold"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)


def _terms(graph):
    return {s for t in TERM_TYPES for s in graph.subjects(RDF.type, t)}


def test_ontology_resources_are_packaged():
    assert resource_path("plankg.ttl").is_file()
    assert resource_path("shapes.ttl").is_file()


def test_ontology_every_term_has_vi_en_labels_and_comment():
    g = load_ontology_graph()
    terms = _terms(g)
    assert len(terms) > 40
    for term in terms:
        langs = {label.language for label in g.objects(term, RDFS.label)}
        assert {"vi", "en"} <= langs, term
        assert any(True for _ in g.objects(term, RDFS.comment)), term


def test_ontology_roles_and_reuse():
    g = load_ontology_graph()
    assert (PK.lead, RDFS.subPropertyOf, PK.role) in g
    assert (PK.support, RDFS.subPropertyOf, PK.role) in g
    assert (PK.Plan, RDFS.subClassOf, PK.LegalDocument) in g
    assert (PK.LegalDocument, RDFS.subClassOf, ELI.LegalResource) in g


def test_ontology_declares_every_term_the_builder_uses():
    declared = _terms(load_ontology_graph())
    record = record_from_gold(json.loads(
        (GOLD / "001_2050ba26a5080564.json").read_text(encoding="utf-8")))
    g = build_plan_graph(record).graph
    used = {p for p in g.predicates() if str(p).startswith(str(PK))}
    used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(str(PK))}
    assert used - declared == set()


def test_ontology_every_shape_has_label_and_comment():
    g = load_shapes_graph()
    shapes = {s for t in (SH.NodeShape, SH.PropertyShape) for s in g.subjects(RDF.type, t)}
    assert len(shapes) >= 10
    for shape in shapes:
        assert isinstance(shape, URIRef)
        assert any(True for _ in g.objects(shape, RDFS.label)), shape
        assert any(True for _ in g.objects(shape, RDFS.comment)), shape
    targets = set(g.objects(None, SH.targetClass))
    assert {PK.Plan, PK.Task, PK.Indicator, PK.Assignment, PK.Agency, PK.LegalDocument,
            PK.Locality} <= targets
