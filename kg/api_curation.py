"""Review and curation for the app: the facts to review, the log of human corrections, and
storing a correction.

Corrections live in their own graph (:mod:`kg.curation`) and are applied over the extracted
values, so everything here reads and shows the effective value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.api_views import CorrectionView, ReviewView, plan_label


def review_views(items: list[Any], corrected: set[str], plans: list[Any],
                 leads: dict[str, list[str]]) -> list[ReviewView]:
    """Review items (queries.ReviewItem) with their plan, effective lead and correction mark."""
    by_iri = {p.iri: p for p in plans}
    out = []
    for it in items:
        plan = by_iri.get(it.plan_iri or "")
        out.append(ReviewView(
            iri=it.iri, kind=it.kind, plan_iri=it.plan_iri,
            plan_label=plan_label(plan) if plan else (it.plan_iri or ""),
            locality=plan.locality if plan else None, text=it.text or "",
            lead=", ".join(leads.get(it.iri, [])), reason=it.reason,
            confidence=it.confidence, line_start=it.line_start, line_end=it.line_end,
            corrected=it.iri in corrected,
            doc=plan.source_document if plan else None))
    return out


def task_leads(store: Any, task_iris: list[str]) -> dict[str, list[str]]:
    """Effective lead unit labels of each task (a human correction replaces the extracted)."""
    from rdflib import URIRef

    from kg.curation import effective_pattern
    from ontology.iris import PK

    if not task_iris:
        return {}
    values = " ".join(URIRef(i).n3() for i in task_iris)
    rows = store.select(
        f"SELECT ?t ?a ?l WHERE {{ VALUES ?t {{ {values} }} "
        f"{effective_pattern('t', PK.lead, 'a')} OPTIONAL {{ ?a skos:prefLabel ?l }} }} "
        f"ORDER BY ?t ?l")
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(str(r["t"]), []).append(str(r.get("l", r["a"])))
    return out


def correction_views(store: Any, engine: Any, subjects: set[str]) -> list[CorrectionView]:
    """Active corrections of ``subjects``, newest first, with the fact they correct."""
    from kg.curation import corrections_for
    from ontology.iris import PK

    names = {str(PK.text): "Nội dung", str(PK.duty): "Nội dung", str(PK.lead): "Đơn vị chủ trì",
             str(PK.deadline): "Thời hạn", str(PK.output): "Kết quả",
             str(PK.needsReview): "Cần rà soát"}
    out = []
    for subject in sorted(subjects):
        item = engine.item(subject)
        for c in corrections_for(store, subject):
            if not c.active:
                continue
            values = [term_label(store, v) for v in c.values]
            previous = [term_label(store, v) for v in c.previous]
            out.append(CorrectionView(
                subject, item.text if item else subject,
                names.get(c.predicate, c.predicate.rsplit("#", 1)[-1]),
                "; ".join(values) or "(bỏ trống)", "; ".join(previous), c.editor,
                c.note, c.time.strftime("%Y-%m-%d %H:%M:%S")))
    out.sort(key=lambda c: c.time, reverse=True)
    return out


def term_label(store: Any, term: Any) -> str:
    """A unit's label for an IRI, the text of a literal."""
    from rdflib import URIRef

    if isinstance(term, URIRef):
        rows = store.select("SELECT ?l WHERE { ?a skos:prefLabel ?l } LIMIT 1", {"a": term})
        return str(rows[0]["l"]) if rows else str(term)
    return str(term)


def store_correction(base: Path, subject_iri: str, field_name: str, value: str, editor: str,
                     note: str, place_of: Callable[[str], tuple[str | None, str | None]]
                     ) -> None:
    """Store a human correction of one field: ``text``, ``lead`` (unit names separated by
    ";"), ``deadline``, ``output`` or ``reviewed`` (clears the review flag). The writer is
    opened for this one update; ``place_of`` gives (locality, province) for new unit IRIs."""
    from rdflib import Literal, URIRef

    from kg.curation import record_correction
    from kg.loader import open_store
    from ontology.iris import CURATION_GRAPH, PK, RDF, SKOS, agency_iri

    predicates = {"text": PK.text, "duty": PK.duty, "deadline": PK.deadline,
                  "output": PK.output, "lead": PK.lead, "reviewed": PK.needsReview}
    if field_name not in predicates:
        raise ValueError(f"unknown field {field_name!r}")
    writer = open_store(base)
    try:
        new: Any
        if field_name == "lead":
            where = place_of(subject_iri)
            names = [n.strip() for n in re.split(r"[;\n]", value) if n.strip()]
            new = [URIRef(agency_iri(n, *where)) for n in names]
            triples = []
            for name, node in zip(names, new, strict=True):
                triples += [(node, RDF.type, PK.Agency), (node, SKOS.prefLabel, Literal(name))]
            if triples:  # units a reviewer names may be new to the plan's graph
                writer.modify_graph(CURATION_GRAPH, insert=triples)
        elif field_name == "reviewed":
            new = Literal(False)
        else:
            new = Literal(value.strip()) if value.strip() else None
        record_correction(writer, subject_iri, predicates[field_name], new, editor, note)
    finally:
        writer.close()
