"""Scoring of each field of one plan against its gold annotation (the matching rules are in
:mod:`kg.evaluation` and ``docs/evaluation.md``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ingest.normalize import fold
from kg.eval_match import (
    SHORT_THRESHOLD,
    TEXT_THRESHOLD,
    TITLE_THRESHOLD,
    AgencyResolver,
    canonical_symbol,
    greedy_match,
    name_ratio,
    norm_target,
    norm_value,
    order_tie_break,
    similar,
    text_scores,
)
from kg.eval_report import HEADER_FIELDS, DocScores, Score, detection


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return hasattr(value, "__len__") and len(value) == 0


def _score_value(score: Score, pred: Any, gold: Any, equal: Callable[[Any, Any], bool]) -> None:
    """Accuracy of one compared value; empty-vs-empty is correct and counts in neither P nor R."""
    empty_p, empty_g = _is_empty(pred), _is_empty(gold)
    score.total += 1
    ok = (empty_p and empty_g) or (not empty_p and not empty_g and equal(pred, gold))
    score.correct += int(ok)
    if ok and not empty_g:
        score.tp += 1
    if not ok:
        score.fp += int(not empty_p)
        score.fn += int(not empty_g)


def header_equal(name: str) -> Callable[[Any, Any], bool]:
    if name == "number":
        return lambda a, b: canonical_symbol(a) == canonical_symbol(b)
    if name == "date":
        return lambda a, b: str(a).strip() == str(b).strip()
    if name in ("issuer_kind", "doc_type"):
        return lambda a, b: norm_value(a) == norm_value(b)
    if name == "title":
        return lambda a, b: similar(a, b, TITLE_THRESHOLD)
    return lambda a, b: similar(a, b, SHORT_THRESHOLD)


def score_documents(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                    numbered_only: bool = False) -> Score:
    """Numbered refs by canonical symbol (multiset), unnumbered by mention similarity."""
    def split(items: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
        numbered, mentions = [], []
        for it in items:
            sym = canonical_symbol(it.get("number"))
            if sym:
                numbered.append(sym)
            else:
                mentions.append(it.get("mention") or it.get("mention_raw") or "")
        return numbered, mentions

    p_num, p_men = split(pred)
    g_num, g_men = split(gold)
    remaining = list(g_num)
    matched = 0
    for sym in p_num:
        if sym in remaining:
            remaining.remove(sym)
            matched += 1
    score = detection(len(p_num), len(g_num), matched)
    if not numbered_only:
        pairs = greedy_match(text_scores(p_men, g_men), TEXT_THRESHOLD)
        score.add(detection(len(p_men), len(g_men), len(pairs)))
    return score


def score_cited_attributes(pred: list[dict[str, Any]], gold: list[dict[str, Any]]
                           ) -> dict[str, Score]:
    """Issuer and date of the numbered documents found (matched by canonical symbol): what
    lineage keys a document by, beyond finding it."""
    found: dict[str, list[dict[str, Any]]] = {}
    for it in pred:
        sym = canonical_symbol(it.get("number"))
        if sym:
            found.setdefault(sym, []).append(it)
    out = {"cited_documents.issuer": Score(), "cited_documents.date": Score()}
    for g in gold:
        sym = canonical_symbol(g.get("number"))
        if not sym or not found.get(sym):
            continue
        p = found[sym].pop(0)
        for name in ("issuer", "date"):
            _score_value(out[f"cited_documents.{name}"], p.get(name), g.get(name),
                         header_equal(name))
    return out


def score_links(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Score:
    def key(link: dict[str, Any]) -> tuple[Any, str, Any]:
        return (canonical_symbol(link.get("from") or link.get("source")),
                norm_value(link.get("relation")),
                canonical_symbol(link.get("to") or link.get("target")))

    remaining = [key(g) for g in gold]
    matched = 0
    for link in pred:
        k = key(link)
        if k in remaining:
            remaining.remove(k)
            matched += 1
    return detection(len(pred), len(gold), matched)


def score_agencies(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Score:
    """One-to-one: a prediction matches a gold agency by its name or any alias."""
    scores = np.zeros((len(pred), len(gold)))
    for j, g in enumerate(gold):
        variants = [fold(v) for v in [g.get("name") or "", *(g.get("aliases") or [])] if v]
        for i, p in enumerate(pred):
            name = fold(p.get("name") or "")
            if not name or not variants:
                continue
            best = max(name_ratio(name, v) for v in variants)
            # the canonical name wins over an alias shared with another agency
            scores[i, j] = best + (0.5 if name == variants[0] else 0.0)
    return detection(len(pred), len(gold), len(greedy_match(scores, SHORT_THRESHOLD)))


def score_assignments(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                      resolver: AgencyResolver) -> Score:
    sims = text_scores([p.get("duty") or "" for p in pred], [g.get("duty") or "" for g in gold])
    p_ag = [resolver.resolve(p.get("agency")) for p in pred]
    g_ag = [resolver.resolve(g.get("agency")) for g in gold]
    same = np.array([[float(a == b) for b in g_ag] for a in p_ag]).reshape(len(pred), len(gold))
    pairs = greedy_match(sims * same, TEXT_THRESHOLD, order_tie_break(pred, gold))
    return detection(len(pred), len(gold), len(pairs))


def _agency_set(names: Any, resolver: AgencyResolver) -> frozenset[str]:
    if isinstance(names, str):
        names = [names]
    return frozenset(k for k in (resolver.resolve(n) for n in names or []) if k)


def _score_sets(full: Score, partial: Score, pred: Any, gold: Any,
                resolver: AgencyResolver) -> None:
    ps, gs = _agency_set(pred, resolver), _agency_set(gold, resolver)
    _score_value(full, ps, gs, lambda a, b: a == b)
    partial.total += 1
    union = ps | gs
    jaccard = 1.0 if not union else len(ps & gs) / len(union)
    partial.credit += jaccard
    partial.correct += int(ps == gs)
    partial.tp += len(ps & gs)
    partial.fp += len(ps - gs)
    partial.fn += len(gs - ps)


def _match_rows(pred: list[dict[str, Any]], gold: list[dict[str, Any]]
                ) -> list[tuple[int, int, float]]:
    """One-to-one pairs of predicted and gold rows (tasks, indicators) by folded text."""
    return greedy_match(text_scores([p.get("text") or "" for p in pred],
                                     [g.get("text") or "" for g in gold]),
                        TEXT_THRESHOLD, order_tie_break(pred, gold))


def score_tasks(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                resolver: AgencyResolver) -> dict[str, Score]:
    pairs = _match_rows(pred, gold)
    out = {"tasks": detection(len(pred), len(gold), len(pairs))}
    for name in ("lead", "lead_partial", "support", "support_partial", "deadline", "output"):
        out[f"tasks.{name}"] = Score()
    for i, j, _ in pairs:
        p, g = pred[i], gold[j]
        for role in ("lead", "support"):
            _score_sets(out[f"tasks.{role}"], out[f"tasks.{role}_partial"], p.get(role),
                        g.get(role), resolver)
        for name in ("deadline", "output"):
            _score_value(out[f"tasks.{name}"], p.get(name), g.get(name),
                         lambda a, b: similar(a, b, SHORT_THRESHOLD))
    return out


def score_indicators(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                     resolver: AgencyResolver) -> dict[str, Score]:
    pairs = _match_rows(pred, gold)
    out = {"indicators": detection(len(pred), len(gold), len(pairs))}
    for name in ("owner", "owner_partial", "target", "unit"):
        out[f"indicators.{name}"] = Score()
    for i, j, _ in pairs:
        p, g = pred[i], gold[j]
        _score_sets(out["indicators.owner"], out["indicators.owner_partial"], p.get("owner"),
                    g.get("owner"), resolver)
        _score_value(out["indicators.target"], norm_target(p.get("target")),
                     norm_target(g.get("target")), lambda a, b: a == b)
        _score_value(out["indicators.unit"], p.get("unit"), g.get("unit"),
                     lambda a, b: similar(a, b, SHORT_THRESHOLD))
    return out


def evaluate_record(predicted: dict[str, Any], gold: dict[str, Any]) -> DocScores:
    """Score one predicted gold-schema dict against its gold annotation."""
    doc = DocScores(doc=str(gold.get("doc") or predicted.get("doc") or ""))
    p_plan, g_plan = predicted.get("plan") or {}, gold.get("plan") or {}
    for name in HEADER_FIELDS:
        score = Score()
        _score_value(score, p_plan.get(name), g_plan.get(name), header_equal(name))
        doc.fields[f"plan.{name}"] = score

    def items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        return list(data.get(key) or [])

    doc.fields["legal_bases"] = score_documents(items(predicted, "legal_bases"),
                                                items(gold, "legal_bases"))
    doc.fields["cited_documents"] = score_documents(items(predicted, "cited_documents"),
                                                    items(gold, "cited_documents"))
    doc.fields["cited_numbered"] = score_documents(items(predicted, "cited_documents"),
                                                   items(gold, "cited_documents"), True)
    doc.fields.update(score_cited_attributes(items(predicted, "cited_documents"),
                                             items(gold, "cited_documents")))
    doc.fields["derived_links"] = score_links(items(predicted, "derived_links"),
                                              items(gold, "derived_links"))
    doc.fields["agencies"] = score_agencies(items(predicted, "agencies"), items(gold, "agencies"))
    resolver = AgencyResolver(items(gold, "agencies"))
    doc.fields["assignments"] = score_assignments(items(predicted, "assignments"),
                                                  items(gold, "assignments"), resolver)
    doc.fields.update(score_tasks(items(predicted, "tasks"), items(gold, "tasks"), resolver))
    doc.fields.update(score_indicators(items(predicted, "indicators"), items(gold, "indicators"),
                                       resolver))
    return doc
