"""Queries over a plan's rows: tasks, indicators, assignments, the flat task export and one
task's detail, with effective (corrected) values and agency links."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.term import Node

from kg.curation import active_overrides
from kg.queries_plans import find_plan_row, list_plans, plan_summary
from kg.queries_results import AssignmentRow, IndicatorRow, TaskDetail, TaskExport, TaskRow
from kg.queries_rows import (
    agency_refs,
    cell_float,
    cell_int,
    cell_str,
    effective_value,
)
from kg.store import Store
from ontology.iris import PK

_TASKS = """
SELECT ?t ?plan ?id ?order ?group ?text ?output ?deadline ?year ?conf ?review ?ls ?le WHERE {
  ?t a pk:Task ; pk:plan ?plan .
  OPTIONAL { ?t pk:taskId ?id } OPTIONAL { ?t pk:order ?order } OPTIONAL { ?t pk:group ?group }
  OPTIONAL { ?t pk:text ?text } OPTIONAL { ?t pk:output ?output }
  OPTIONAL { ?t pk:deadline ?deadline } OPTIONAL { ?t pk:deadlineYear ?year }
  OPTIONAL { ?t pk:confidence ?conf } OPTIONAL { ?t pk:needsReview ?review }
  OPTIONAL { ?t pk:lineStart ?ls } OPTIONAL { ?t pk:lineEnd ?le }
} ORDER BY ?plan ?order ?t
"""


def select_tasks(store: Store, bindings: dict[str, Node], extra: str = "") -> list[TaskRow]:
    query = _TASKS.replace("?t a pk:Task ; pk:plan ?plan .", "?t a pk:Task ; pk:plan ?plan . "
                           + extra)
    rows = store.select(query, bindings)
    iris = [str(r["t"]) for r in rows]
    ov = active_overrides(store, iris)
    leads = agency_refs(store, iris, PK.lead)
    supports = agency_refs(store, iris, PK.support)
    out = []
    for r in rows:
        iri = str(r["t"])
        year = effective_value(ov, iri, PK.deadlineYear, r, "year")
        review = effective_value(ov, iri, PK.needsReview, r, "review")
        out.append(TaskRow(
            iri=iri, plan_iri=str(r["plan"]), task_id=cell_str(r, "id"), order=cell_int(r, "order"),
            group=effective_value(ov, iri, PK.group, r, "group"),
            text=effective_value(ov, iri, PK.text, r, "text"),
            lead=leads.get(iri, []), support=supports.get(iri, []),
            output=effective_value(ov, iri, PK.output, r, "output"),
            deadline=effective_value(ov, iri, PK.deadline, r, "deadline"),
            deadline_year=int(year) if year and year.isdigit() else None,
            confidence=cell_float(r, "conf"), needs_review=review == "true",
            line_start=cell_int(r, "ls"), line_end=cell_int(r, "le")))
    return out


def plan_tasks(store: Store, plan_iri: str) -> list[TaskRow]:
    """A plan's tasks in document order, with effective lead/support agencies."""
    return select_tasks(store, {"plan": URIRef(plan_iri)})


def select_indicators(store: Store, bindings: dict[str, Node], extra: str = ""
                      ) -> list[IndicatorRow]:
    rows = store.select(f"""
        SELECT ?i ?plan ?id ?order ?text ?unit ?target ?year ?review WHERE {{
          ?i a pk:Indicator ; pk:plan ?plan . {extra}
          OPTIONAL {{ ?i pk:indicatorId ?id }} OPTIONAL {{ ?i pk:order ?order }}
          OPTIONAL {{ ?i pk:text ?text }} OPTIONAL {{ ?i pk:unit ?unit }}
          OPTIONAL {{ ?i pk:target ?target }} OPTIONAL {{ ?i pk:year ?year }}
          OPTIONAL {{ ?i pk:needsReview ?review }}
        }} ORDER BY ?plan ?order ?i""", bindings)
    iris = [str(r["i"]) for r in rows]
    ov = active_overrides(store, iris)
    owners = agency_refs(store, iris, PK.owner)
    targets: dict[str, dict[int, str]] = {}
    if iris:
        values = " ".join(URIRef(i).n3() for i in iris)
        for r in store.select(f"SELECT ?i ?y ?v WHERE {{ VALUES ?i {{ {values} }} "
                              f"?i pk:hasTarget ?t . ?t pk:year ?y ; pk:value ?v }} ORDER BY ?y"):
            targets.setdefault(str(r["i"]), {})[cell_int(r, "y") or 0] = str(r["v"])
    return [IndicatorRow(
        iri=str(r["i"]), plan_iri=str(r["plan"]), indicator_id=cell_str(r, "id"),
        order=cell_int(r, "order"), text=effective_value(ov, str(r["i"]), PK.text, r, "text"),
        unit=effective_value(ov, str(r["i"]), PK.unit, r, "unit"),
        target=effective_value(ov, str(r["i"]), PK.target, r, "target"),
        targets=targets.get(str(r["i"]), {}), year=cell_int(r, "year"),
        owners=owners.get(str(r["i"]), []),
        needs_review=effective_value(ov, str(r["i"]), PK.needsReview, r, "review") == "true")
        for r in rows]


def plan_indicators(store: Store, plan_iri: str) -> list[IndicatorRow]:
    """A plan's indicators in document order (single or yearly targets, owners)."""
    return select_indicators(store, {"plan": URIRef(plan_iri)})


def select_assignments(store: Store, bindings: dict[str, Node], extra: str = ""
                       ) -> list[AssignmentRow]:
    rows = store.select(f"""
        SELECT ?x ?plan ?order ?duty ?review WHERE {{
          ?x a pk:Assignment ; pk:plan ?plan . {extra}
          OPTIONAL {{ ?x pk:order ?order }} OPTIONAL {{ ?x pk:duty ?duty }}
          OPTIONAL {{ ?x pk:needsReview ?review }}
        }} ORDER BY ?plan ?order ?x""", bindings)
    iris = [str(r["x"]) for r in rows]
    ov = active_overrides(store, iris)
    agencies = agency_refs(store, iris, PK.agency)
    return [AssignmentRow(
        iri=str(r["x"]), plan_iri=str(r["plan"]), order=cell_int(r, "order"),
        agency=(agencies.get(str(r["x"])) or [None])[0],
        duty=effective_value(ov, str(r["x"]), PK.duty, r, "duty"),
        needs_review=effective_value(ov, str(r["x"]), PK.needsReview, r, "review") == "true")
        for r in rows]


def plan_assignments(store: Store, plan_iri: str) -> list[AssignmentRow]:
    """A plan's duties per unit ("Tổ chức thực hiện"), in document order."""
    return select_assignments(store, {"plan": URIRef(plan_iri)})


def all_tasks(store: Store) -> list[TaskExport]:
    """Every task of every plan, flat, in plan and document order (the CSV export)."""
    plans = {p.iri: p for p in list_plans(store)}
    out = []
    for t in select_tasks(store, {}):
        plan = plans.get(t.plan_iri)
        out.append(TaskExport(
            plan_number=plan.number if plan else None, locality=plan.locality if plan else None,
            province=plan.province if plan else None, task_id=t.task_id, order=t.order,
            group=t.group, text=t.text, lead=[a.label for a in t.lead],
            support=[a.label for a in t.support], output=t.output, deadline=t.deadline,
            deadline_year=t.deadline_year, confidence=t.confidence, needs_review=t.needs_review,
            source_document=plan.source_document if plan else None, line_start=t.line_start,
            line_end=t.line_end, iri=t.iri, plan_iri=t.plan_iri))
    return out


def task_detail(store: Store, task_iri: str) -> TaskDetail | None:
    """One task with its plan, locality, province and source line span."""
    tasks = select_tasks(store, {"t": URIRef(task_iri)})
    if not tasks:
        return None
    task = tasks[0]
    plan_row = find_plan_row(store, task.plan_iri)
    rows = store.select("""
        SELECT ?raw ?src ?loc ?prov WHERE { ?t pk:plan ?p . OPTIONAL { ?t pk:textRaw ?raw }
          OPTIONAL { ?p pk:sourceDocument ?src }
          OPTIONAL { ?p pk:locality ?loc OPTIONAL { ?loc pk:province ?prov } } } LIMIT 1""",
                        {"t": URIRef(task_iri)})
    r = rows[0] if rows else {}
    assert plan_row is not None
    return TaskDetail(task=task, plan=plan_summary(plan_row, active_overrides(store)),
                      text_raw=cell_str(r, "raw"), source_document=cell_str(r, "src"),
                      locality_iri=cell_str(r, "loc"), province_iri=cell_str(r, "prov"))
