"""Lineage answers from SPARQL property paths: a cross-check of the networkx traversals
(tests assert both agree), also usable against a store without loading the whole graph."""

from __future__ import annotations

from rdflib import URIRef

from kg.store import Store

#: One or more basis steps, crossing between a plan and the document cited for it (sameAs).
_BASIS_CLOSURE = "(eli:based_on|eli:applies|eli:amends|owl:sameAs|^owl:sameAs)+"


def _alias_map(store: Store) -> dict[str, str]:
    rows = store.select("SELECT ?plan ?doc WHERE { ?plan a pk:Plan ; owl:sameAs ?doc }")
    return {str(r["doc"]): str(r["plan"]) for r in rows if r["doc"] != r["plan"]}


def _select_from_each(store: Store, iri: str, query: str) -> tuple[list[str], dict[str, str]]:
    """Values of ``?x`` with ``?start`` bound to ``iri`` and to each document merged into it
    (a plan is also cited under a document IRI), and the alias map used."""
    aliases = _alias_map(store)
    found: list[str] = []
    for start in [iri] + [d for d, p in aliases.items() if p == iri]:
        found += [str(r["x"]) for r in store.select(query, {"start": URIRef(start)})]
    return found, aliases


def sparql_bases(store: Store, iri: str) -> set[str]:
    """Everything ``iri`` rests on, by a SPARQL property path (plans merged with their docs)."""
    found, aliases = _select_from_each(
        store, iri, f"SELECT DISTINCT ?x WHERE {{ ?start {_BASIS_CLOSURE} ?x }}")
    return {aliases.get(x, x) for x in found} - {iri}


def sparql_implementers(store: Store, iri: str) -> set[str]:
    """Every plan resting on ``iri`` directly or transitively, by a SPARQL property path."""
    found, _ = _select_from_each(
        store, iri, f"SELECT DISTINCT ?x WHERE {{ ?x a pk:Plan . ?x {_BASIS_CLOSURE} ?start }}")
    return set(found) - {iri}
