"""Lineage answers from SPARQL property paths: a cross-check of the networkx traversals
(tests assert both agree), also usable against a store without loading the whole graph."""

from __future__ import annotations

from rdflib import URIRef

from kg.citation_graph import BASIS_PATH
from kg.store import Store


def _alias_map(store: Store) -> dict[str, str]:
    rows = store.select("SELECT ?plan ?doc WHERE { ?plan a pk:Plan ; owl:sameAs ?doc }")
    return {str(r["doc"]): str(r["plan"]) for r in rows if r["doc"] != r["plan"]}


def _equivalents(start: str, aliases: dict[str, str]) -> list[str]:
    return [start] + [d for d, p in aliases.items() if p == start]


def sparql_bases(store: Store, iri: str) -> set[str]:
    """Everything ``iri`` rests on, by a SPARQL property path (plans merged with their docs)."""
    aliases = _alias_map(store)
    path = f"({BASIS_PATH[1:-1]}|owl:sameAs|^owl:sameAs)+"
    found: set[str] = set()
    for start in _equivalents(iri, aliases):
        rows = store.select(f"SELECT DISTINCT ?x WHERE {{ ?start {path} ?x }}",
                            {"start": URIRef(start)})
        found |= {aliases.get(str(r["x"]), str(r["x"])) for r in rows}
    return found - {iri}


def sparql_implementers(store: Store, iri: str) -> set[str]:
    """Every plan resting on ``iri`` directly or transitively, by a SPARQL property path."""
    aliases = _alias_map(store)
    path = f"({BASIS_PATH[1:-1]}|owl:sameAs|^owl:sameAs)+"
    found: set[str] = set()
    for target in _equivalents(iri, aliases):
        rows = store.select(f"SELECT DISTINCT ?plan WHERE {{ ?plan a pk:Plan . ?plan {path} ?t }}",
                            {"t": URIRef(target)})
        found |= {str(r["plan"]) for r in rows}
    return found - {iri}
