"""The SKOS scheme of agency types (``agency_types.ttl``) as plain dataclasses.

The Turtle file is the single source of agency-type labels: the ingest lexicon, the graph
and the app all read it through :func:`agency_types`, parsed once and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ontology.iris import AGENCY_TYPE_SCHEME

__all__ = ["AgencyType", "agency_types", "agency_type", "scheme_turtle"]


@dataclass(frozen=True)
class AgencyType:
    """One concept of the scheme: an agency type, or a group of types (``is_group``)."""

    iri: str
    notation: str
    pref_label: str  # Vietnamese
    pref_label_en: str
    alt_labels: tuple[str, ...]
    comment: str
    broader: str | None  # notation of the group it belongs to
    is_group: bool

    @property
    def labels(self) -> tuple[str, ...]:
        """Every Vietnamese label, preferred first."""
        return (self.pref_label, *self.alt_labels)


def scheme_turtle() -> str:
    """The Turtle text of the scheme (for loading into a store)."""
    return resources.files("ontology").joinpath("agency_types.ttl").read_text(encoding="utf-8")


def _label(graph: Graph, node: URIRef, prop: URIRef, lang: str) -> str:
    for value in graph.objects(node, prop):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


@lru_cache(maxsize=1)
def agency_types() -> tuple[AgencyType, ...]:
    """All concepts of the scheme, in notation order (groups included)."""
    graph = Graph()
    graph.parse(data=scheme_turtle(), format="turtle")
    scheme = URIRef(AGENCY_TYPE_SCHEME)
    notations = {
        node: str(graph.value(node, SKOS.notation))
        for node in graph.subjects(RDF.type, SKOS.Concept)
        if (node, SKOS.inScheme, scheme) in graph
    }
    out = []
    for node, notation in notations.items():
        broader = graph.value(node, SKOS.broader)
        alts = sorted(
            str(v) for v in graph.objects(node, SKOS.altLabel)
            if isinstance(v, Literal) and v.language == "vi"
        )
        out.append(AgencyType(
            iri=str(node),
            notation=notation,
            pref_label=_label(graph, node, SKOS.prefLabel, "vi"),
            pref_label_en=_label(graph, node, SKOS.prefLabel, "en"),
            alt_labels=tuple(alts),
            comment=str(graph.value(node, RDFS.comment) or ""),
            broader=notations.get(broader) if broader is not None else None,
            is_group=(node, SKOS.topConceptOf, scheme) in graph,
        ))
    return tuple(sorted(out, key=lambda t: t.notation))


def agency_type(notation: str) -> AgencyType | None:
    """The concept with this notation, or None."""
    return next((t for t in agency_types() if t.notation == notation), None)
