"""Human corrections of machine-extracted values, kept apart from what ingest writes.

A correction is a PROV-annotated node in ``CURATION_GRAPH`` (which ``replace_plan`` never
touches) naming a subject, a property and the value(s) that replace the machine's. The latest
correction of a (subject, property) pair is ``pk:active``; the previous one stays as history
(``prov:wasRevisionOf``). The effective-value rule, applied by :mod:`kg.queries`: an active
correction overrides every machine value of its pair; no correction, the machine value stands.
Because plan IRIs are stable, corrections survive re-ingesting the plan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.store import Store
from ontology.iris import CURATION_GRAPH, PK, PROV, RDF, RDFS, RES, XSD

__all__ = ["Correction", "record_correction", "corrections_for", "active_overrides",
           "effective_values", "effective_pattern", "apply_overrides", "Overrides"]

Overrides = dict[tuple[str, str], list[Node]]
CURATION = URIRef(CURATION_GRAPH)


@dataclass(frozen=True)
class Correction:
    """One human correction, as stored."""

    iri: str
    subject: str
    predicate: str
    values: tuple[Node, ...]
    previous: tuple[Node, ...]
    editor: str
    note: str
    time: datetime
    active: bool


def _term(value: Node | str | int | float | bool) -> Node:
    return value if isinstance(value, URIRef | Literal) else Literal(value)


def _correction_iri(subject: str, predicate: str, when: datetime, editor: str) -> URIRef:
    key = "|".join((subject, predicate, when.isoformat(), editor)).encode()
    return URIRef(f"{RES}correction/{hashlib.sha1(key).hexdigest()[:16]}")


def effective_pattern(subject_var: str, predicate: URIRef, value_var: str) -> str:
    """SPARQL group: ``?value`` is the effective value of ``predicate`` on ``?subject``.

    Only code-defined variable names and ontology IRIs go in; never user text.
    """
    s, v, p, g = f"?{subject_var}", f"?{value_var}", predicate.n3(), CURATION.n3()
    c = f"?_c_{subject_var}_{value_var}"
    return (
        f"{{ {{ {s} {p} {v} . FILTER NOT EXISTS {{ GRAPH {g} {{ {c} pk:correctedSubject {s} ; "
        f"pk:correctedProperty {p} ; pk:active true }} }} }} UNION "
        f"{{ GRAPH {g} {{ {c} pk:correctedSubject {s} ; pk:correctedProperty {p} ; "
        f"pk:active true ; pk:correctedValue {v} }} }} }}"
    )


def active_overrides(store: Store, subjects: Iterable[str] | None = None) -> Overrides:
    """Active corrections as {(subject, predicate): values}; few, so fetched in one query."""
    rows = store.select(
        "SELECT ?c ?s ?p ?v WHERE { GRAPH ?g { ?c a pk:Correction ; pk:active true ; "
        "pk:correctedSubject ?s ; pk:correctedProperty ?p . OPTIONAL { ?c pk:correctedValue ?v } "
        "} } ORDER BY ?c ?v", {"g": CURATION})
    wanted = set(subjects) if subjects is not None else None
    out: Overrides = {}
    for row in rows:
        if wanted is not None and str(row["s"]) not in wanted:
            continue
        values = out.setdefault((str(row["s"]), str(row["p"])), [])
        if "v" in row:
            values.append(row["v"])
    return out


def apply_overrides(overrides: Overrides, subject: str, predicate: URIRef,
                    machine: Sequence[Node]) -> list[Node]:
    """The effective values of one pair: the active correction's, else the machine's."""
    key = (subject, str(predicate))
    return list(overrides[key]) if key in overrides else list(machine)


def effective_values(store: Store, subject_iri: str, predicate: URIRef) -> list[Node]:
    """Effective values of one (subject, property) pair, straight from the store."""
    rows = store.select(
        f"SELECT DISTINCT ?v WHERE {{ {effective_pattern('s', predicate, 'v')} }} ORDER BY ?v",
        {"s": URIRef(subject_iri)})
    return [r["v"] for r in rows]


def corrections_for(store: Store, subject_iri: str) -> list[Correction]:
    """Every correction of one subject, newest first (history included)."""
    rows = store.select(
        "SELECT ?c ?p ?v ?old ?editor ?note ?time ?active WHERE { GRAPH ?g { "
        "?c a pk:Correction ; pk:correctedSubject ?s ; pk:correctedProperty ?p ; "
        "pk:editorName ?editor ; prov:generatedAtTime ?time . "
        "OPTIONAL { ?c pk:correctedValue ?v } OPTIONAL { ?c pk:previousValue ?old } "
        "OPTIONAL { ?c rdfs:comment ?note } OPTIONAL { ?c pk:active ?active } } } "
        "ORDER BY DESC(?time) ?c", {"g": CURATION, "s": URIRef(subject_iri)})
    found: dict[str, dict[str, object]] = {}
    for row in rows:
        item = found.setdefault(str(row["c"]), {
            "predicate": str(row["p"]), "values": [], "previous": [],
            "editor": str(row["editor"]), "note": str(row.get("note", "")),
            "time": row["time"].toPython(), "active": "active" in row})
        for key, var in (("values", "v"), ("previous", "old")):
            bucket = item[key]
            assert isinstance(bucket, list)
            if var in row and row[var] not in bucket:
                bucket.append(row[var])
    return [Correction(iri=iri, subject=subject_iri, predicate=str(d["predicate"]),
                       values=tuple(d["values"]), previous=tuple(d["previous"]),  # type: ignore[arg-type]
                       editor=str(d["editor"]), note=str(d["note"]),
                       time=d["time"], active=bool(d["active"]))  # type: ignore[arg-type]
            for iri, d in found.items()]


def record_correction(store: Store, subject_iri: str, predicate: URIRef,
                      new_value: Node | str | int | float | bool | Sequence[Node | str] | None,
                      editor: str, note: str = "", when: datetime | None = None) -> Correction:
    """Store a correction: ``new_value`` (one, several, or None to remove) replaces the
    machine value of ``predicate`` on ``subject_iri`` wherever queries show it."""
    if not editor.strip():
        raise ValueError("A correction needs the editor's name.")
    when = when or datetime.now(UTC)
    if new_value is None:
        values: list[Node] = []
    elif isinstance(new_value, list | tuple):
        values = [_term(v) for v in new_value]
    else:
        values = [_term(new_value)]  # type: ignore[arg-type]
    previous = effective_values(store, subject_iri, predicate)
    superseded = store.select(
        "SELECT ?c WHERE { GRAPH ?g { ?c pk:correctedSubject ?s ; pk:correctedProperty ?p ; "
        "pk:active true } }", {"g": CURATION, "s": URIRef(subject_iri), "p": predicate})
    node = _correction_iri(subject_iri, str(predicate), when, editor)
    triples = [
        (node, RDF.type, PK.Correction), (node, RDF.type, PROV.Entity),
        (node, PK.correctedSubject, URIRef(subject_iri)), (node, PK.correctedProperty, predicate),
        (node, PK.editorName, Literal(editor.strip())), (node, PK.active, Literal(True)),
        (node, PROV.generatedAtTime, Literal(when.isoformat(), datatype=XSD.dateTime)),
    ]
    triples += [(node, PK.correctedValue, v) for v in values]
    triples += [(node, PK.previousValue, v) for v in previous]
    triples += [(node, PROV.wasRevisionOf, r["c"]) for r in superseded]
    if note.strip():
        triples.append((node, RDFS.comment, Literal(note.strip())))
    store.modify_graph(CURATION_GRAPH, delete=[(r["c"], PK.active, Literal(True))
                                               for r in superseded], insert=triples)
    return Correction(iri=str(node), subject=subject_iri, predicate=str(predicate),
                      values=tuple(values), previous=tuple(previous), editor=editor.strip(),
                      note=note.strip(), time=when, active=True)
