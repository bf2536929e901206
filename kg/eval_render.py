"""Showing a ``plankg eval`` run: rich tables (overall, per document) and the JSON report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from kg.eval_report import ACCURACY_FIELDS, FIELDS, EvalReport, Score


def _defined(name: str, score: Score) -> bool:
    """Attribute fields (lead, target...) over zero matched items have no meaningful P/R/F1."""
    return not (name in ACCURACY_FIELDS and score.total == 0)


def _score_dict(name: str, score: Score) -> dict[str, Any]:
    out = score.to_dict()
    if not _defined(name, score):
        out.update(precision=None, recall=None, f1=None)
    return out


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_table(scores: dict[str, Score], title: str = "Tổng hợp (overall, micro)",
                 fields: Sequence[str] = FIELDS) -> Table:
    """Rich table: field, P, R, F1, tp/fp/fn, accuracy (and partial credit), n."""
    table = Table(title=title)
    for col in ("Trường (field)", "P", "R", "F1", "TP", "FP", "FN", "Acc", "n"):
        table.add_column(col, justify="left" if col.startswith("Tr") else "right")
    for name in fields:
        s = scores.get(name, Score())
        acc = s.partial if name.endswith("_partial") else s.accuracy
        shown = name in ACCURACY_FIELDS
        prf = (s.precision, s.recall, s.f1) if _defined(name, s) else (None, None, None)
        table.add_row(name, *(_fmt(v) for v in prf), str(s.tp), str(s.fp),
                      str(s.fn), _fmt(acc) if shown else "", str(s.total) if shown else "")
    return table


def render_doc_tables(report: EvalReport, fields: Sequence[str] = FIELDS) -> list[Table]:
    return [render_table(d.fields, title=d.doc + (f" — lỗi: {d.error}" if d.error else ""),
                         fields=fields)
            for d in report.docs]


def report_to_dict(report: EvalReport, fields: Sequence[str] = FIELDS) -> dict[str, Any]:
    """JSON-ready report: overall micro scores and per-document scores with errors."""
    overall = report.overall
    return {
        "fields": list(fields),
        "overall": {name: _score_dict(name, overall[name]) for name in fields},
        "documents": [
            {"doc": d.doc, "error": d.error,
             "fields": {name: _score_dict(name, d.fields[name])
                        for name in fields if name in d.fields}}
            for d in report.docs
        ],
    }
