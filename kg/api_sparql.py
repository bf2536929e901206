"""Read-only SPARQL for the app's query page, answered in the shape of the query's form."""

from __future__ import annotations

from typing import Any

from kg.api_views import SparqlResult

SPARQL_ROW_LIMIT = 5000


def run_sparql(store: Any, query: str) -> SparqlResult:
    """A read-only query (updates and SERVICE are refused by the store with PK201); SELECT
    answers stop at SPARQL_ROW_LIMIT rows."""
    from rdflib import Graph

    from kg.store import PREFIXES, check_read_only

    form = check_read_only(query)
    result = store.query(query)
    if isinstance(result, bool):
        return SparqlResult("ASK", boolean=result)
    if isinstance(result, Graph):
        for prefix, ns in PREFIXES.items():
            result.bind(prefix, ns)
        return SparqlResult("CONSTRUCT", turtle=result.serialize(format="turtle"))
    columns: list[str] = []
    for row in result:
        columns.extend(k for k in row if k not in columns)
    rows = [{c: str(row[c]) if c in row else "" for c in columns}
            for row in result[:SPARQL_ROW_LIMIT]]
    return SparqlResult(form.replace("Query", "").upper() or "SELECT", columns, rows,
                        truncated=len(result) > SPARQL_ROW_LIMIT)
