"""The SKOS scheme of agency types parses and every concept is fully described."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ingest.agencies import find_agencies
from ontology.agency_types import agency_type, agency_types, scheme_turtle
from ontology.iris import AGENCY_TYPE_SCHEME, agency_type_iri


def test_agencies_scheme_every_concept_has_labels_notation_comment() -> None:
    graph = Graph().parse(data=scheme_turtle(), format="turtle")
    scheme = URIRef(AGENCY_TYPE_SCHEME)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 30
    for c in concepts:
        assert (c, SKOS.inScheme, scheme) in graph
        langs = {lbl.language for lbl in graph.objects(c, SKOS.prefLabel)}
        assert langs == {"vi", "en"}, c
        assert graph.value(c, SKOS.notation) is not None, c
        assert graph.value(c, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")), c


def test_agencies_scheme_iris_come_from_the_minting_function() -> None:
    types = agency_types()
    assert len({t.notation for t in types}) == len(types)
    for t in types:
        assert t.iri == agency_type_iri(t.notation)
        assert t.pref_label and t.pref_label_en and t.comment
        assert t.is_group or t.broader is not None


def test_agencies_scheme_loader_is_cached_and_typed() -> None:
    assert agency_types() is agency_types()
    vhxh = agency_type("VHXH")
    assert vhxh is not None and vhxh.pref_label == "Phòng Văn hóa - Xã hội"
    assert "Phòng VHXH" in vhxh.alt_labels and vhxh.broader == "G-CHINH-QUYEN"
    assert agency_type("NO-SUCH") is None


def test_agencies_scheme_every_type_is_recognised_by_its_pref_label() -> None:
    for t in agency_types():
        if t.is_group or t.notation == "SO":  # SO's pref label is a description
            continue
        # the inspectorate is a unit only with its level word ("Thanh tra huyện")
        text = f"{t.pref_label} huyện" if t.notation == "THANH-TRA" else t.pref_label
        mentions = find_agencies(text)
        assert mentions and mentions[0].agency_type == t.notation, t.notation
