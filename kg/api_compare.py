"""Comparing localities: the nearest tasks to one task in each other locality, and task
families laid out as a locality-by-family matrix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ingest.normalize import fold
from kg.api_views import FamilyMatrix, FamilyRow
from kg.search import Hit, SearchFilters


def nearest_by_locality(engine: Any, iri: str, localities: Callable[[], list[str]],
                        other_localities: bool = True, per_locality: int = 3
                        ) -> dict[str, list[Hit]]:
    """The nearest tasks to one task in EVERY other locality (one filtered search per
    locality, so a locality whose wording differs is not crowded out by closer ones).
    ``localities`` is asked only for an indexed task; others go through kg.families."""
    item = engine.item(iri)
    if item is None:
        from kg.families import similar

        return similar(engine, iri, other_localities=other_localities,
                       per_locality=per_locality)
    out: dict[str, list[Hit]] = {}
    for locality in localities():
        if other_localities and locality == item.locality:
            continue
        result = engine.search(item.text, k=per_locality + 1,
                               filters=SearchFilters(kind="task", locality=locality))
        hits = [h for h in result.hits if h.iri != iri][:per_locality]
        if hits:
            out[locality] = hits
    return out


def family_matrix_view(engine: Any, min_localities: int = 2) -> FamilyMatrix:
    """Task families by locality: who has what, who lacks what."""
    from kg.families import task_families

    families = task_families(engine, min_localities=min_localities)
    localities = sorted({it.locality or "?" for it in engine.items if it.kind == "task"},
                        key=fold)
    rows = []
    for fam in families:
        cells = dict.fromkeys(localities, "")
        iris: dict[str, str] = {}
        for m in fam.members:
            loc = m.locality or "?"
            if not cells.get(loc):
                cells[loc] = m.text
                iris[loc] = m.iri
        rows.append(FamilyRow(fam.label, cells, iris, len(fam.localities), list(fam.missing)))
    return FamilyMatrix(localities, rows)
