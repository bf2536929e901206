"""Similar tasks across localities and task families (equivalent tasks found in many plans).

Plans implementing the same resolution repeat the same tasks in different words ("Triển khai
chữ ký số cho toàn bộ CBCCVC" / "Triển khai thực hiện chữ ký số cho toàn bộ cán bộ, công chức,
viên chức"). Two tasks of different plans are taken as equivalent when each is the other's
nearest neighbour in that plan (mutual nearest neighbours) and they are close enough: e5 cosine
>= 0.955 alone, or >= 0.93 with folded-syllable overlap (F1) >= 0.45, or >= 0.9 when the task
heads agree (a task opens with its action and object: "Thành lập Ban Chỉ đạo ..."; head = first
six folded syllables, F1 >= 0.8). Neighbours are ranked by cosine plus a small head bonus, so a
long task still finds its short counterpart. Thresholds were read off the distribution of
mutual-nearest pairs between the annotated plans (e5 scores are bunched at 0.78-0.92 for
unrelated tasks). Families are the connected components of that relation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ingest.normalize import fold
from kg.search import Hit, SearchEngine, SearchFilters
from kg.search_items import SearchItem

COSINE_ALONE = 0.955
COSINE_WITH_WORDS = 0.93
WORD_F1 = 0.45
COSINE_WITH_HEAD = 0.9
HEAD_F1 = 0.8
HEAD_SYLLABLES = 6
HEAD_BONUS = 0.05


def _word_f1(a: str, b: str, head: int | None = None) -> float:
    ta, tb = fold(a).split()[:head], fold(b).split()[:head]
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    return 2 * common / (len(ta) + len(tb))


def similar(engine: SearchEngine, iri_or_text: str, other_localities: bool = True,
            per_locality: int = 3, kind: str | None = "task") -> dict[str, list[Hit]]:
    """Nearest items to an indexed item (by IRI) or to a text, grouped by locality.

    With ``other_localities`` the item's own locality is left out (for a text query nothing is
    left out). Hybrid ranking is used, so unaccented texts work too.
    """
    item = engine.item(iri_or_text)
    text = item.text if item else iri_or_text
    filters = SearchFilters(kind=kind if kind else None)
    if item is not None and other_localities and item.locality:
        filters.exclude_locality = item.locality
    n_localities = len({it.locality for it in engine.items}) or 1
    result = engine.search(text, k=per_locality * n_localities + 1, filters=filters,
                           infer_locality=False)
    grouped: dict[str, list[Hit]] = {}
    for hit in result.hits:
        if item is not None and hit.iri == item.iri:
            continue
        bucket = grouped.setdefault(hit.locality or "?", [])
        if len(bucket) < per_locality:
            bucket.append(hit)
    return grouped


@dataclass
class TaskFamily:
    """Equivalent tasks across plans: which localities have it and which lack it."""

    label: str  # the member text closest to the family's centroid
    members: list[SearchItem]
    localities: list[str]
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "localities": self.localities, "missing": self.missing,
                "members": [{"iri": m.iri, "text": m.text, "locality": m.locality,
                             "plan_symbol": m.plan_symbol, "lead": m.lead} for m in self.members]}


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def task_families(engine: SearchEngine, min_localities: int = 2,
                  kind: str = "task") -> list[TaskFamily]:
    """Clusters of equivalent tasks across all plans, most widespread first."""
    items = [it for it in engine.items if it.kind == kind]
    vecs = [engine.vector_of(it.iri) for it in items]
    keep = [i for i, v in enumerate(vecs) if v is not None]
    items = [items[i] for i in keep]
    if len(items) < 2:
        return []
    matrix = np.vstack([vecs[i] for i in keep]).astype(np.float32)
    plans = sorted({it.plan_iri for it in items})
    plan_of = np.array([plans.index(it.plan_iri) for it in items])
    parent = list(range(len(items)))
    for a in range(len(plans)):
        ia = np.nonzero(plan_of == a)[0]
        for b in range(a + 1, len(plans)):
            ib = np.nonzero(plan_of == b)[0]
            if not len(ia) or not len(ib):
                continue
            sim = matrix[ia] @ matrix[ib].T
            heads = np.array([[_word_f1(items[i].text, items[j].text, HEAD_SYLLABLES)
                               for j in ib] for i in ia])
            ranked = sim + HEAD_BONUS * heads
            best_b, best_a = ranked.argmax(axis=1), ranked.argmax(axis=0)
            for x, y in enumerate(best_b):
                if best_a[y] != x:
                    continue
                score = float(sim[x, y])
                i, j = int(ia[x]), int(ib[y])
                if score >= COSINE_ALONE or (
                        score >= COSINE_WITH_HEAD and heads[x, y] >= HEAD_F1) or (
                        score >= COSINE_WITH_WORDS
                        and _word_f1(items[i].text, items[j].text) >= WORD_F1):
                    parent[_find(parent, i)] = _find(parent, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(_find(parent, i), []).append(i)
    all_localities = sorted({it.locality or "?" for it in items})
    families = []
    for members in groups.values():
        localities = sorted({items[i].locality or "?" for i in members})
        if len(localities) < min_localities:
            continue
        centroid = matrix[members].mean(axis=0)
        label = items[members[int(np.argmax(matrix[members] @ centroid))]].text
        families.append(TaskFamily(
            label=label, members=[items[i] for i in members], localities=localities,
            missing=[loc for loc in all_localities if loc not in localities]))
    families.sort(key=lambda f: (-len(f.localities), f.label))
    return families
