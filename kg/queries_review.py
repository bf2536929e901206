"""The review queue: facts flagged for review (low confidence) and tasks with no lead unit."""

from __future__ import annotations

from kg.curation import effective_pattern
from kg.queries_results import ReviewItem
from kg.queries_rows import cell_float, cell_int, cell_str
from kg.store import Store
from ontology.iris import PK

_KINDS = {str(PK.Task): "task", str(PK.Indicator): "indicator", str(PK.Assignment): "assignment"}


def review_items(store: Store) -> list[ReviewItem]:
    """Facts flagged for review (low confidence) and tasks with no lead unit."""
    flagged = store.select(f"""
        SELECT ?x (SAMPLE(?cls) AS ?kind) (SAMPLE(?p) AS ?plan) (SAMPLE(?txt) AS ?text)
               (SAMPLE(?c) AS ?conf) (SAMPLE(?ls) AS ?start) (SAMPLE(?le) AS ?end)
        WHERE {{
          {effective_pattern('x', PK.needsReview, 'flag')} FILTER(?flag = true)
          OPTIONAL {{ ?x a ?cls }} OPTIONAL {{ ?x pk:plan|prov:wasQuotedFrom ?p }}
          OPTIONAL {{ ?x pk:text|pk:duty ?txt }} OPTIONAL {{ ?x pk:confidence ?c }}
          OPTIONAL {{ ?x pk:lineStart ?ls }} OPTIONAL {{ ?x pk:lineEnd ?le }}
        }} GROUP BY ?x ORDER BY ?plan ?start ?x""")
    no_lead = store.select(f"""
        SELECT ?x ?plan ?text ?start ?end WHERE {{
          ?x a pk:Task ; pk:plan ?plan .
          FILTER NOT EXISTS {{ {effective_pattern('x', PK.lead, 'a')} }}
          OPTIONAL {{ ?x pk:text ?text }} OPTIONAL {{ ?x pk:lineStart ?start }}
          OPTIONAL {{ ?x pk:lineEnd ?end }} OPTIONAL {{ ?x pk:order ?o }}
        }} ORDER BY ?plan ?o ?x""")
    items = [ReviewItem(iri=str(r["x"]), kind=_KINDS.get(cell_str(r, "kind") or "", "link"),
                        plan_iri=cell_str(r, "plan"), text=cell_str(r, "text"),
                        reason="low_confidence",
                        confidence=cell_float(r, "conf"), line_start=cell_int(r, "start"),
                        line_end=cell_int(r, "end")) for r in flagged]
    items += [ReviewItem(iri=str(r["x"]), kind="task", plan_iri=cell_str(r, "plan"),
                         text=cell_str(r, "text"), reason="no_lead", confidence=None,
                         line_start=cell_int(r, "start"), line_end=cell_int(r, "end"))
              for r in no_lead]
    return items
