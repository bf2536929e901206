"""Score extracted plan records against gold annotations (``../shared/gold/SCHEMA.md``).

Both sides are gold-schema dicts (``PlanRecord.to_gold_dict()``). Extracted text may be
unrestored OCR, so every textual comparison folds both sides (``ingest.normalize.fold``: no
marks, đ→d, lower case, punctuation to spaces) and compares them with rapidfuzz.

Matching rules (also in ``docs/evaluation.md``):

* Header fields are scored one value each: ``number`` by canonical symbol, ``date`` exactly,
  ``issuer_kind`` and ``doc_type`` by folded equality, ``issuer``/``locality``/``province``/
  ``signer`` by ``fuzz.ratio >= 90`` on folded text, ``title`` by ``fuzz.ratio >= 85``. Both
  null counts as correct.
* Documents (``legal_bases``, ``cited_documents``): numbered references match one-to-one by
  canonical symbol (spaces removed, upper case, marks and Đ→D, dashes unified, any prefix
  before the number and leading zeros dropped: "sb 02-KH/BCĐTW" = "2-KH/BCDTW").
  Unnumbered gold references match unnumbered predictions by folded mention similarity (``ratio >= TEXT_THRESHOLD``).
  ``cited_numbered`` scores numbered references only.
* ``derived_links``: one-to-one on (canonical from, relation, canonical to).
* ``agencies``: a predicted name matches a gold agency when its folded form is within
  ``fuzz.ratio >= 90`` of the gold name or of one of its aliases; one-to-one, so a second
  prediction for the same agency (an uncanonicalised alias) is a false positive.
* ``assignments``: agency resolved to a gold agency (name/alias, as above) must agree, and the
  duty must reach ``fuzz.ratio >= TEXT_THRESHOLD`` (70).
* ``tasks`` and ``indicators``: one-to-one by folded text similarity (``fuzz.ratio``, threshold
  :data:`TEXT_THRESHOLD` = 70), greedy from the best pair down; near ties are broken by equal id
  and then by relative position. On matched pairs: lead/support/owner are sets of agencies
  (resolved through gold aliases, folded): accuracy is set equality and ``*_partial`` the mean
  Jaccard overlap; deadline/output/unit by ``fuzz.ratio >= 90`` on folded text; target after
  normalising spaces, ≥/≤ and a trailing period (per-year dicts must agree on every year).

Every field is a :class:`Score` with tp/fp/fn (precision, recall, F1) and, for per-value
fields, correct/total (accuracy). Overall figures are micro averages (counts summed).
With nothing predicted and nothing in gold, precision and recall are 1.0; with gold items but
no predictions both are 0.0.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ingest.records import PlanRecord
from kg.eval_match import (
    SHORT_THRESHOLD,
    TEXT_THRESHOLD,
    TITLE_THRESHOLD,
    AgencyResolver,
    canonical_symbol,
    greedy_match,
    unit_key,
)
from kg.eval_render import render_doc_tables, render_table, report_to_dict
from kg.eval_report import (
    ACCURACY_FIELDS,
    FIELDS,
    HEADER_FIELDS,
    DocScores,
    EvalReport,
    Score,
    fields_filled_by,
    record_field,
)
from kg.eval_scorers import (
    evaluate_record,
    header_equal,
    score_agencies,
    score_assignments,
    score_cited_attributes,
    score_documents,
    score_indicators,
    score_links,
    score_tasks,
)

#: Former private name, still imported by tests.
_header_equal = header_equal

__all__ = [
    "ACCURACY_FIELDS", "FIELDS", "HEADER_FIELDS", "SHORT_THRESHOLD", "TEXT_THRESHOLD",
    "TITLE_THRESHOLD", "AgencyResolver", "DocScores", "EvalReport", "Score", "canonical_symbol",
    "document_pairs", "evaluate_dir", "evaluate_record", "fields_filled_by", "greedy_match",
    "header_equal", "record_field", "render_doc_tables", "render_table", "report_to_dict",
    "score_agencies", "score_assignments", "score_cited_attributes", "score_documents",
    "score_indicators", "score_links", "score_tasks", "unit_key",
]

def document_pairs(gold_dir: str | Path, docs_dir: str | Path) -> list[tuple[Path, Path]]:
    """(document, gold file) for every document in ``docs_dir`` that has ``<stem>.json`` gold."""
    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    gold = {p.stem: p for p in gold_dir.glob("*.json")}
    return [(doc, gold[doc.stem]) for doc in sorted(docs_dir.iterdir())
            if doc.is_file() and doc.suffix != ".json" and doc.stem in gold]


def evaluate_dir(
    gold_dir: str | Path,
    docs_dir: str | Path,
    extract: Callable[[Path], PlanRecord] | None = None,
    progress: Callable[[str], None] | None = None,
) -> EvalReport:
    """Extract and score every gold-annotated document; a failing document scores as empty.

    ``extract`` defaults to ``ingest.pipeline.extract``, looked up at call time so the pipeline
    (and its stages) load only when a run needs them. ``progress`` is called after each
    document with its file name.
    """
    if extract is None:
        from ingest import pipeline

        extract = pipeline.extract
    report = EvalReport()
    for doc_path, gold_path in document_pairs(gold_dir, docs_dir):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        error = None
        try:
            predicted = extract(doc_path).to_gold_dict()
        except Exception as exc:  # one broken document must not end the run
            predicted = {"doc": doc_path.name}
            error = str(exc) or repr(exc)
        scores = evaluate_record(predicted, gold)
        scores.doc = doc_path.name
        scores.error = error
        report.docs.append(scores)
        if progress is not None:
            progress(doc_path.name)
    return report
