"""Every SPARQL query of the app and the CLI, with bound parameters and typed results.

Reads go over the union of all graphs. Displayed values are *effective* values: an active
human correction (:mod:`kg.curation`) overrides the machine value, for scalar fields through
:func:`kg.curation.apply_overrides` and for agency links (lead/support/owner/agency) inside
the SPARQL through :func:`kg.curation.effective_pattern`, so filters see corrections too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef
from rdflib.term import Node

from kg.curation import Overrides, active_overrides, apply_overrides, effective_pattern
from kg.store import Row, Store
from ontology.iris import ELI, ORG, PK, SKOS, plan_graph_iri

__all__ = [
    "Stats", "PlanSummary", "DocumentInfo", "PlanDetail", "AgencyRef", "TaskRow", "TaskDetail",
    "IndicatorRow", "AssignmentRow", "AgencySummary", "AgencyProfile", "ReviewItem",
    "TaskExport", "all_tasks", "stats", "list_plans", "plan_detail", "plan_tasks", "plan_indicators", "plan_assignments",
    "list_agencies", "agency_profile", "agencies_by_type", "review_items", "task_detail",
    "legal_documents",
]


# ---------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stats:
    plans: int
    legal_documents: int
    agencies: int
    localities: int
    tasks: int
    indicators: int
    assignments: int


@dataclass(frozen=True)
class PlanSummary:
    iri: str
    number: str | None
    title: str | None
    doc_type: str | None
    issuer: str | None
    date: date | None
    locality: str | None  # label, e.g. "phường Phước Bình"
    province: str | None
    source_document: str | None
    tasks: int = 0
    indicators: int = 0


@dataclass(frozen=True)
class DocumentInfo:
    iri: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    date: date | None
    level: str | None
    mention: str | None
    cited_by: int = 0  # plans citing it (legal_documents only)


@dataclass(frozen=True)
class PlanDetail:
    plan: PlanSummary
    issuer_kind: str | None
    signer: str | None
    locality_iri: str | None
    legal_bases: list[DocumentInfo]
    cited_documents: list[DocumentInfo]


@dataclass(frozen=True)
class AgencyRef:
    iri: str
    label: str


@dataclass(frozen=True)
class TaskRow:
    iri: str
    plan_iri: str
    task_id: str | None
    order: int | None
    group: str | None
    text: str | None
    lead: list[AgencyRef]
    support: list[AgencyRef]
    output: str | None
    deadline: str | None
    deadline_year: int | None
    confidence: float | None
    needs_review: bool
    line_start: int | None
    line_end: int | None


@dataclass(frozen=True)
class TaskExport:
    """A flat task row for tables and CSV (agency names, not nodes)."""

    plan_number: str | None
    locality: str | None
    province: str | None
    task_id: str | None
    order: int | None
    group: str | None
    text: str | None
    lead: list[str]
    support: list[str]
    output: str | None
    deadline: str | None
    deadline_year: int | None
    confidence: float | None
    needs_review: bool
    source_document: str | None
    line_start: int | None
    line_end: int | None
    iri: str
    plan_iri: str


@dataclass(frozen=True)
class TaskDetail:
    task: TaskRow
    plan: PlanSummary
    text_raw: str | None
    source_document: str | None
    locality_iri: str | None
    province_iri: str | None


@dataclass(frozen=True)
class IndicatorRow:
    iri: str
    plan_iri: str
    indicator_id: str | None
    order: int | None
    text: str | None
    unit: str | None
    target: str | None
    targets: dict[int, str]
    year: int | None
    owners: list[AgencyRef]
    needs_review: bool


@dataclass(frozen=True)
class AssignmentRow:
    iri: str
    plan_iri: str
    order: int | None
    agency: AgencyRef | None
    duty: str | None
    needs_review: bool


@dataclass(frozen=True)
class AgencySummary:
    iri: str
    label: str
    type_iri: str | None
    locality: str | None
    tasks_led: int = 0
    tasks_supported: int = 0


@dataclass(frozen=True)
class AgencyProfile:
    agency: AgencySummary
    aliases: list[str]
    led: list[TaskRow]
    supported: list[TaskRow]
    indicators: list[IndicatorRow]
    assignments: list[AssignmentRow]
    deadlines_by_year: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewItem:
    iri: str
    kind: str  # task | indicator | assignment | link
    plan_iri: str | None
    text: str | None
    reason: str  # "low_confidence" | "no_lead"
    confidence: float | None
    line_start: int | None
    line_end: int | None


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------

def _py(row: Row, key: str) -> object | None:
    term = row.get(key)
    return term.toPython() if term is not None else None  # type: ignore[union-attr]


def _str(row: Row, key: str) -> str | None:
    term = row.get(key)
    return str(term) if term is not None else None


def _number(row: Row, key: str, kind: type[int] | type[float]) -> int | float | None:
    value = _py(row, key)
    try:
        return kind(value) if value is not None else None  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _int(row: Row, key: str) -> int | None:
    return _number(row, key, int)


def _float(row: Row, key: str) -> float | None:
    return _number(row, key, float)


def _date(row: Row, key: str) -> date | None:
    value = _py(row, key)
    return value if isinstance(value, date) else None


def _eff(ov: Overrides, subject: str, predicate: URIRef, row: Row, key: str) -> str | None:
    """Effective scalar display value: a correction beats the machine's."""
    machine: Sequence[Node] = [row[key]] if key in row else []
    values = apply_overrides(ov, subject, predicate, machine)
    return str(values[0]) if values else None


def _count(store: Store, where: str) -> int:
    rows = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return _int(rows[0], "n") or 0 if rows else 0


def _agency_refs(store: Store, subjects: list[str], predicate: URIRef) -> dict[str, list[AgencyRef]]:
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
                AgencyRef(str(r["a"]), _str(r, "label") or str(r["a"])))
    return out


# ---------------------------------------------------------------------------------------
# Overview
# ---------------------------------------------------------------------------------------

def stats(store: Store) -> Stats:
    """How much the graph holds (the dashboard's counters)."""
    return Stats(
        plans=_count(store, "?x a pk:Plan"),
        legal_documents=_count(store, "?x a pk:LegalDocument FILTER NOT EXISTS { ?x a pk:Plan }"),
        agencies=_count(store, "?x a pk:Agency"),
        localities=_count(store, "?x a pk:Locality"),
        tasks=_count(store, "?x a pk:Task"),
        indicators=_count(store, "?x a pk:Indicator"),
        assignments=_count(store, "?x a pk:Assignment"),
    )


_PLAN_SELECT = """
SELECT ?p (SAMPLE(?num) AS ?number) (SAMPLE(?ti) AS ?title) (SAMPLE(?dt) AS ?doc_type)
       (SAMPLE(?iss) AS ?issuer) (SAMPLE(?d) AS ?date) (SAMPLE(?locl) AS ?locality)
       (SAMPLE(?provl) AS ?province) (SAMPLE(?src) AS ?source) (SAMPLE(?loc) AS ?loc_iri)
       (SAMPLE(?kind) AS ?issuer_kind) (SAMPLE(?sig) AS ?signer)
WHERE {
  ?p a pk:Plan .
  OPTIONAL { ?p eli:number ?num } OPTIONAL { ?p eli:title ?ti } OPTIONAL { ?p pk:docType ?dt }
  OPTIONAL { ?p pk:issuerName ?iss } OPTIONAL { ?p eli:date_document ?d }
  OPTIONAL { ?p pk:sourceDocument ?src } OPTIONAL { ?p pk:issuerKind ?kind }
  OPTIONAL { ?p pk:signer ?sig }
  OPTIONAL { ?p pk:locality ?loc . OPTIONAL { ?loc rdfs:label ?locl }
             OPTIONAL { ?loc pk:province/rdfs:label ?provl } }
}
GROUP BY ?p ORDER BY DESC(?date) ?number ?p
"""


def _plan_summary(row: Row, ov: Overrides, tasks: int = 0, indicators: int = 0) -> PlanSummary:
    iri = str(row["p"])
    return PlanSummary(
        iri=iri, number=_eff(ov, iri, ELI.number, row, "number"),
        title=_eff(ov, iri, ELI.title, row, "title"), doc_type=_str(row, "doc_type"),
        issuer=_eff(ov, iri, PK.issuerName, row, "issuer"), date=_date(row, "date"),
        locality=_str(row, "locality"), province=_str(row, "province"),
        source_document=_str(row, "source"), tasks=tasks, indicators=indicators)


def _counts_by_plan(store: Store, cls: URIRef) -> Counter[str]:
    rows = store.select("SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls ; pk:plan ?p } "
                        "GROUP BY ?p", {"cls": cls})
    return Counter({str(r["p"]): _int(r, "n") or 0 for r in rows})


def list_plans(store: Store) -> list[PlanSummary]:
    """Every plan, newest first, with its task and indicator counts."""
    ov = active_overrides(store)
    tasks, indicators = _counts_by_plan(store, PK.Task), _counts_by_plan(store, PK.Indicator)
    return [_plan_summary(r, ov, tasks[str(r["p"])], indicators[str(r["p"])])
            for r in store.select(_PLAN_SELECT)]


def _plan_row(store: Store, plan_iri: str) -> Row | None:
    rows = store.select(_PLAN_SELECT, {"p": URIRef(plan_iri)})
    return rows[0] if rows else None


_DOC_ATTRIBUTES = (("number", "eli:number"), ("doc_type", "pk:docType"),
                   ("issuer", "pk:issuerName"), ("date", "eli:date_document"),
                   ("level", "pk:level"), ("mention", "pk:mention"))


def _doc_attributes(store: Store, iris: list[str]) -> dict[str, dict[str, Node]]:
    """Attributes of many documents, one row per value (no OPTIONAL cross products)."""
    if not iris:
        return {}
    values = " ".join(URIRef(i).n3() for i in iris)
    branches = " UNION ".join(f'{{ ?d {p} ?v BIND("{k}" AS ?k) }}' for k, p in _DOC_ATTRIBUTES)
    out: dict[str, dict[str, Node]] = {}
    for r in store.select(f"SELECT ?d ?k ?v WHERE {{ VALUES ?d {{ {values} }} {branches} }} "
                          f"ORDER BY ?d ?k ?v"):
        attrs = out.setdefault(str(r["d"]), {})
        attrs.setdefault(str(r["k"]), r["v"])  # ordered: the earliest date, first value
    return out


def _documents(store: Store, rows: list[Row]) -> list[DocumentInfo]:
    """DocumentInfo for rows holding ?d (and optionally ?mention, ?cited_by), in row order."""
    attrs = _doc_attributes(store, [str(r["d"]) for r in rows])
    out = []
    for r in rows:
        merged: Row = {**attrs.get(str(r["d"]), {}), **r}
        out.append(DocumentInfo(
            iri=str(r["d"]), number=_str(merged, "number"), doc_type=_str(merged, "doc_type"),
            issuer=_str(merged, "issuer"), date=_date(merged, "date"),
            level=_str(merged, "level"), mention=_str(merged, "mention"),
            cited_by=_int(merged, "cited_by") or 0))
    return out


_PLAN_DOCS = """
SELECT ?d (MIN(?o) AS ?first) (SAMPLE(?m) AS ?mention) WHERE {
  GRAPH ?g { ?plan ?rel ?d
    OPTIONAL { ?st rdf:subject ?plan ; rdf:predicate ?rel ; rdf:object ?d ; pk:order ?o }
    OPTIONAL { ?d pk:mention ?m } }
} GROUP BY ?d ORDER BY ?first ?d
"""


def plan_detail(store: Store, plan_iri: str) -> PlanDetail | None:
    """A plan's header with its legal bases and every document it cites."""
    row = _plan_row(store, plan_iri)
    if row is None:
        return None
    ov = active_overrides(store, [plan_iri])
    plan = URIRef(plan_iri)
    bases = _documents(store, store.select(_PLAN_DOCS, {"plan": plan, "rel": ELI.based_on}))
    cited = _documents(store, store.select(_PLAN_DOCS, {"plan": plan, "rel": ELI.cites}))
    return PlanDetail(plan=_plan_summary(row, ov), issuer_kind=_str(row, "issuer_kind"),
                      signer=_eff(ov, plan_iri, PK.signer, row, "signer"),
                      locality_iri=_str(row, "loc_iri"), legal_bases=bases,
                      cited_documents=cited)


def legal_documents(store: Store) -> list[DocumentInfo]:
    """Every cited legal document (not the ingested plans), most cited first."""
    rows = store.select("""
        SELECT ?d (COUNT(DISTINCT ?plan) AS ?cited_by) WHERE {
          ?d a pk:LegalDocument . FILTER NOT EXISTS { ?d a pk:Plan }
          OPTIONAL { ?plan eli:cites ?d }
        } GROUP BY ?d""")
    docs = _documents(store, rows)
    return sorted(docs, key=lambda d: (-d.cited_by, d.number or "\uffff", d.iri))


# ---------------------------------------------------------------------------------------
# Tasks, indicators, assignments
# ---------------------------------------------------------------------------------------

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


def _tasks(store: Store, bindings: dict[str, Node], extra: str = "") -> list[TaskRow]:
    query = _TASKS.replace("?t a pk:Task ; pk:plan ?plan .", "?t a pk:Task ; pk:plan ?plan . "
                           + extra)
    rows = store.select(query, bindings)
    iris = [str(r["t"]) for r in rows]
    ov = active_overrides(store, iris)
    leads = _agency_refs(store, iris, PK.lead)
    supports = _agency_refs(store, iris, PK.support)
    out = []
    for r in rows:
        iri = str(r["t"])
        year = _eff(ov, iri, PK.deadlineYear, r, "year")
        review = _eff(ov, iri, PK.needsReview, r, "review")
        out.append(TaskRow(
            iri=iri, plan_iri=str(r["plan"]), task_id=_str(r, "id"), order=_int(r, "order"),
            group=_eff(ov, iri, PK.group, r, "group"), text=_eff(ov, iri, PK.text, r, "text"),
            lead=leads.get(iri, []), support=supports.get(iri, []),
            output=_eff(ov, iri, PK.output, r, "output"),
            deadline=_eff(ov, iri, PK.deadline, r, "deadline"),
            deadline_year=int(year) if year and year.isdigit() else None,
            confidence=_float(r, "conf"), needs_review=review == "true",
            line_start=_int(r, "ls"), line_end=_int(r, "le")))
    return out


def plan_tasks(store: Store, plan_iri: str) -> list[TaskRow]:
    """A plan's tasks in document order, with effective lead/support agencies."""
    return _tasks(store, {"plan": URIRef(plan_iri)})


def _indicators(store: Store, bindings: dict[str, Node], extra: str = "") -> list[IndicatorRow]:
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
    owners = _agency_refs(store, iris, PK.owner)
    targets: dict[str, dict[int, str]] = {}
    if iris:
        values = " ".join(URIRef(i).n3() for i in iris)
        for r in store.select(f"SELECT ?i ?y ?v WHERE {{ VALUES ?i {{ {values} }} "
                              f"?i pk:hasTarget ?t . ?t pk:year ?y ; pk:value ?v }} ORDER BY ?y"):
            targets.setdefault(str(r["i"]), {})[_int(r, "y") or 0] = str(r["v"])
    return [IndicatorRow(
        iri=str(r["i"]), plan_iri=str(r["plan"]), indicator_id=_str(r, "id"),
        order=_int(r, "order"), text=_eff(ov, str(r["i"]), PK.text, r, "text"),
        unit=_eff(ov, str(r["i"]), PK.unit, r, "unit"),
        target=_eff(ov, str(r["i"]), PK.target, r, "target"),
        targets=targets.get(str(r["i"]), {}), year=_int(r, "year"),
        owners=owners.get(str(r["i"]), []),
        needs_review=_eff(ov, str(r["i"]), PK.needsReview, r, "review") == "true")
        for r in rows]


def plan_indicators(store: Store, plan_iri: str) -> list[IndicatorRow]:
    """A plan's indicators in document order (single or yearly targets, owners)."""
    return _indicators(store, {"plan": URIRef(plan_iri)})


def _assignments(store: Store, bindings: dict[str, Node], extra: str = "") -> list[AssignmentRow]:
    rows = store.select(f"""
        SELECT ?x ?plan ?order ?duty ?review WHERE {{
          ?x a pk:Assignment ; pk:plan ?plan . {extra}
          OPTIONAL {{ ?x pk:order ?order }} OPTIONAL {{ ?x pk:duty ?duty }}
          OPTIONAL {{ ?x pk:needsReview ?review }}
        }} ORDER BY ?plan ?order ?x""", bindings)
    iris = [str(r["x"]) for r in rows]
    ov = active_overrides(store, iris)
    agencies = _agency_refs(store, iris, PK.agency)
    return [AssignmentRow(
        iri=str(r["x"]), plan_iri=str(r["plan"]), order=_int(r, "order"),
        agency=(agencies.get(str(r["x"])) or [None])[0],
        duty=_eff(ov, str(r["x"]), PK.duty, r, "duty"),
        needs_review=_eff(ov, str(r["x"]), PK.needsReview, r, "review") == "true")
        for r in rows]


def plan_assignments(store: Store, plan_iri: str) -> list[AssignmentRow]:
    """A plan's duties per unit ("Tổ chức thực hiện"), in document order."""
    return _assignments(store, {"plan": URIRef(plan_iri)})


def all_tasks(store: Store) -> list[TaskExport]:
    """Every task of every plan, flat, in plan and document order (the CSV export)."""
    plans = {p.iri: p for p in list_plans(store)}
    out = []
    for t in _tasks(store, {}):
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
    tasks = _tasks(store, {"t": URIRef(task_iri)})
    if not tasks:
        return None
    task = tasks[0]
    plan_row = _plan_row(store, task.plan_iri)
    rows = store.select("""
        SELECT ?raw ?src ?loc ?prov WHERE { ?t pk:plan ?p . OPTIONAL { ?t pk:textRaw ?raw }
          OPTIONAL { ?p pk:sourceDocument ?src }
          OPTIONAL { ?p pk:locality ?loc OPTIONAL { ?loc pk:province ?prov } } } LIMIT 1""",
                        {"t": URIRef(task_iri)})
    r = rows[0] if rows else {}
    assert plan_row is not None
    return TaskDetail(task=task, plan=_plan_summary(plan_row, active_overrides(store)),
                      text_raw=_str(r, "raw"), source_document=_str(r, "src"),
                      locality_iri=_str(r, "loc"), province_iri=_str(r, "prov"))


# ---------------------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------------------

def _agency_summaries(store: Store, bindings: dict[str, Node], extra: str = ""
                      ) -> list[AgencySummary]:
    rows = store.select(f"""
        SELECT ?a (SAMPLE(?l) AS ?label) (SAMPLE(?ty) AS ?type) (SAMPLE(?locl) AS ?locality)
        WHERE {{ ?a a pk:Agency . {extra} OPTIONAL {{ ?a skos:prefLabel ?l }}
                 OPTIONAL {{ ?a org:classification ?ty }}
                 OPTIONAL {{ ?a pk:locality/rdfs:label ?locl }} }}
        GROUP BY ?a ORDER BY ?locality ?label ?a""", bindings)
    one = {"a": bindings["a"]} if set(bindings) == {"a"} else {}
    led = _role_counts(store, PK.lead, one)
    supported = _role_counts(store, PK.support, one)
    ov = active_overrides(store, [str(r["a"]) for r in rows])
    return [AgencySummary(iri=str(r["a"]), label=_eff(ov, str(r["a"]), SKOS.prefLabel, r, "label")
                          or str(r["a"]), type_iri=_eff(ov, str(r["a"]), ORG.classification, r, "type"),
                          locality=_str(r, "locality"), tasks_led=led[str(r["a"])],
                          tasks_supported=supported[str(r["a"])]) for r in rows]


def _role_counts(store: Store, role: URIRef, bindings: dict[str, Node]) -> Counter[str]:
    """Tasks per agency in one role (all agencies, or the one bound as ``?a``)."""
    rows = store.select(f"SELECT ?a (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a pk:Task . "
                        f"{effective_pattern('t', role, 'a')} }} GROUP BY ?a", bindings)
    return Counter({str(r["a"]): _int(r, "n") or 0 for r in rows})


def list_agencies(store: Store, locality_iri: str | None = None, plan_iri: str | None = None,
                  type_iri: str | None = None) -> list[AgencySummary]:
    """Agencies, optionally of one locality, one plan's graph, or one agency type."""
    bindings: dict[str, Node] = {}
    extra = []
    if locality_iri:
        bindings["loc"] = URIRef(locality_iri)
        extra.append("?a pk:locality ?loc .")
    if plan_iri:
        bindings["pg"] = URIRef(plan_graph_iri(plan_iri))
        extra.append("GRAPH ?pg { ?a a pk:Agency }")
    if type_iri:
        bindings["type"] = URIRef(type_iri)
        extra.append("?a org:classification ?type .")
    return _agency_summaries(store, bindings, " ".join(extra))


def agencies_by_type(store: Store, type_iri: str) -> list[AgencySummary]:
    """Agencies of one type across every locality (cross-locality comparison)."""
    return list_agencies(store, type_iri=type_iri)


def agency_profile(store: Store, agency_iri: str) -> AgencyProfile | None:
    """What one agency leads, supports, owns and is assigned, with deadlines by year."""
    agency = URIRef(agency_iri)
    found = _agency_summaries(store, {"a": agency})
    if not found:
        return None
    aliases = [str(r["l"]) for r in store.select(
        "SELECT DISTINCT ?l WHERE { ?a skos:altLabel ?l } ORDER BY ?l", {"a": agency})]
    led = _tasks(store, {"agency": agency}, effective_pattern("t", PK.lead, "agency"))
    supported = _tasks(store, {"agency": agency}, effective_pattern("t", PK.support, "agency"))
    years = Counter(t.deadline_year for t in [*led, *supported] if t.deadline_year is not None)
    return AgencyProfile(
        agency=found[0], aliases=aliases, led=led, supported=supported,
        indicators=_indicators(store, {"agency": agency},
                               effective_pattern("i", PK.owner, "agency")),
        assignments=_assignments(store, {"agency": agency},
                                 effective_pattern("x", PK.agency, "agency")),
        deadlines_by_year=dict(sorted(years.items())))


# ---------------------------------------------------------------------------------------
# Review queue
# ---------------------------------------------------------------------------------------

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
    items = [ReviewItem(iri=str(r["x"]), kind=_KINDS.get(_str(r, "kind") or "", "link"),
                        plan_iri=_str(r, "plan"), text=_str(r, "text"), reason="low_confidence",
                        confidence=_float(r, "conf"), line_start=_int(r, "start"),
                        line_end=_int(r, "end")) for r in flagged]
    items += [ReviewItem(iri=str(r["x"]), kind="task", plan_iri=_str(r, "plan"),
                         text=_str(r, "text"), reason="no_lead", confidence=None,
                         line_start=_int(r, "start"), line_end=_int(r, "end")) for r in no_lead]
    return items
