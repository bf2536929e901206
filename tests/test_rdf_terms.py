"""date_literal: the one xsd:date builder shared by plan graphs and the catalog."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.rdf_terms import date_literal

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def test_rdf_terms_date_literal_typed_or_none() -> None:
    assert date_literal("2025-03-07") == Literal("2025-03-07", datatype=XSD_DATE)
    assert date_literal(None) is None
    assert date_literal("") is None
    assert date_literal("2025-02-30") is None  # not a real day: no invalid triple is written
