"""Reading SPARQL result rows for :mod:`kg.queries`: typed cells, effective (corrected) values,
counts and the effective agency links of many subjects in one query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rdflib import URIRef
from rdflib.term import Node

from kg.curation import Overrides, apply_overrides, effective_pattern
from kg.queries_results import AgencyRef
from kg.store import Row, Store


def _py(row: Row, key: str) -> object | None:
    term = row.get(key)
    return term.toPython() if term is not None else None  # type: ignore[union-attr]


def cell_str(row: Row, key: str) -> str | None:
    term = row.get(key)
    return str(term) if term is not None else None


def _number(row: Row, key: str, kind: type[int] | type[float]) -> int | float | None:
    value = _py(row, key)
    try:
        return kind(value) if value is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def cell_int(row: Row, key: str) -> int | None:
    return _number(row, key, int)


def cell_float(row: Row, key: str) -> float | None:
    return _number(row, key, float)


def cell_date(row: Row, key: str) -> date | None:
    value = _py(row, key)
    return value if isinstance(value, date) else None


def effective_value(ov: Overrides, subject: str, predicate: URIRef, row: Row,
                    key: str) -> str | None:
    """Effective scalar display value: a correction beats the machine's."""
    machine: Sequence[Node] = [row[key]] if key in row else []
    values = apply_overrides(ov, subject, predicate, machine)
    return str(values[0]) if values else None


def count_distinct(store: Store, where: str) -> int:
    rows = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return cell_int(rows[0], "n") or 0 if rows else 0


def agency_refs(store: Store, subjects: list[str], predicate: URIRef
                ) -> dict[str, list[AgencyRef]]:
    """Effective agency links of many subjects at once: {subject: [AgencyRef]}.

    Few subjects are bound with VALUES; for many (whole-store listings) one unbound query
    filtered here is faster than a long VALUES join.
    """
    if not subjects:
        return {}
    values = ""
    if len(subjects) <= 300:
        values = f"VALUES ?s {{ {' '.join(URIRef(s).n3() for s in subjects)} }} "
    rows = store.select(
        f"SELECT DISTINCT ?s ?a (SAMPLE(?l) AS ?label) WHERE {{ {values}"
        f"{effective_pattern('s', predicate, 'a')} OPTIONAL {{ ?a skos:prefLabel ?l }} }} "
        f"GROUP BY ?s ?a ORDER BY ?s ?label")
    wanted = set(subjects)
    out: dict[str, list[AgencyRef]] = {}
    for r in rows:
        if str(r["s"]) in wanted:
            out.setdefault(str(r["s"]), []).append(
                AgencyRef(str(r["a"]), cell_str(r, "label") or str(r["a"])))
    return out
