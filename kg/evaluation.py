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
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rich.table import Table

from ingest.normalize import fold, strip_marks
from ingest.records import PlanRecord

#: fuzz.ratio on folded text at or above which two task/indicator/duty/mention texts are the
#: same item. Measured on the gold plans (docs/evaluation.md): texts with 30% of characters
#: damaged still reach it; raw OCR windows with other table cells mixed in reach it for 88% of
#: tasks; 5% of texts that are not rows (headings, duties, rows of the other table) reach it,
#: against 8% at 65. WRatio, token_set and partial ratios were rejected: the plans' shared
#: boilerplate ("khoa học, công nghệ, đổi mới sáng tạo...") gives distinct tasks 85-100.
TEXT_THRESHOLD = 70.0
#: fuzz.ratio on folded short values (names, places, deadlines): tolerates about one OCR error
#: per ten characters.
SHORT_THRESHOLD = 90.0
TITLE_THRESHOLD = 85.0

HEADER_FIELDS: tuple[str, ...] = (
    "number", "doc_type", "issuer", "issuer_kind", "locality", "province", "date", "title",
    "signer",
)
#: Every scored field, in report order.
FIELDS: tuple[str, ...] = (
    *(f"plan.{name}" for name in HEADER_FIELDS),
    "legal_bases", "cited_documents", "cited_numbered", "cited_documents.issuer",
    "cited_documents.date", "derived_links", "agencies", "assignments",
    "tasks", "tasks.lead", "tasks.lead_partial", "tasks.support", "tasks.support_partial",
    "tasks.deadline", "tasks.output",
    "indicators", "indicators.owner", "indicators.owner_partial", "indicators.target",
    "indicators.unit",
)
#: Fields reported as accuracy over compared values rather than as item detection.
ACCURACY_FIELDS = frozenset(f for f in FIELDS if f.startswith("plan.") or "." in f)


def record_field(name: str) -> str:
    """The PlanRecord attribute a scored field comes from ("tasks.lead" -> "tasks")."""
    if name.startswith("plan."):
        return "header"
    if name == "cited_numbered":
        return "cited_documents"
    return name.split(".")[0]


def fields_filled_by(stages: Iterable[str]) -> tuple[str, ...]:
    """Scored fields that the named pipeline stages fill, to score one stage on its own."""
    from ingest.pipeline import STAGES

    filled = {f for name in stages if name in STAGES for f in STAGES[name].fills}
    return tuple(name for name in FIELDS if record_field(name) in filled)


@dataclass
class Score:
    """Counts for one field. tp/fp/fn give P/R/F1; correct/total (and credit) give accuracy."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0
    credit: float = 0.0  # partial-credit sum (Jaccard), averaged over total

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def accuracy(self) -> float | None:
        return None if self.total == 0 else self.correct / self.total

    @property
    def partial(self) -> float | None:
        return None if self.total == 0 else self.credit / self.total

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.correct += other.correct
        self.total += other.total
        self.credit += other.credit

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
            "partial": None if self.partial is None else round(self.partial, 4),
            "correct": self.correct, "total": self.total,
        }


@dataclass
class DocScores:
    """Scores of one document; ``error`` is set when extraction failed (scored as empty)."""

    doc: str
    fields: dict[str, Score] = field(default_factory=dict)
    error: str | None = None


@dataclass
class EvalReport:
    docs: list[DocScores] = field(default_factory=list)

    @property
    def overall(self) -> dict[str, Score]:
        """Micro averages: counts of every document summed per field."""
        total = {name: Score() for name in FIELDS}
        for doc in self.docs:
            for name, score in doc.fields.items():
                total[name].add(score)
        return total


# ---------------------------------------------------------------- normalisers

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_BEFORE_NUMBER = re.compile(r"^\D+(?=\d)")  # "Số:", OCR "sb"/"so" before the number
_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_SPACES = re.compile(r"\s+")


def canonical_symbol(symbol: str | None) -> str | None:
    """Comparable form of a document symbol: "Số: 02- KH/BCĐTW" -> "2-KH/BCDTW".

    Symbols begin with their number, so anything before the first digit is a prefix ("số",
    OCR "sb"/"sé") and is dropped, along with leading zeros of the number.
    """
    if not symbol:
        return None
    s = _SPACES.sub("", _DASHES.sub("-", strip_marks(symbol))).upper()
    return _LEADING_ZEROS.sub("", _BEFORE_NUMBER.sub("", s)) or None


def _norm_value(value: Any) -> str:
    """Folded form of a short cell value ("Quý II/2026" -> "quy ii 2026")."""
    return fold(str(value)) if value is not None else ""


def _norm_target(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).strip(): _norm_target(v) for k, v in value.items()}
    if value is None:
        return None
    s = strip_marks(str(value)).lower().replace("≥", ">=").replace("≤", "<=")
    return _SPACES.sub("", s).rstrip(".") or None


def _similar(a: Any, b: Any, threshold: float) -> bool:
    fa, fb = _norm_value(a), _norm_value(b)
    if not fa or not fb:
        return fa == fb
    return fa == fb or fuzz.ratio(fa, fb) >= threshold


# ---------------------------------------------------------------- matching


def greedy_match(
    scores: np.ndarray, threshold: float, tie_break: np.ndarray | None = None
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (pred, gold, score) from best to worst while score >= threshold."""
    if scores.size == 0:
        return []
    keyed = scores + (tie_break if tie_break is not None else 0.0)
    order = np.argsort(-keyed, axis=None, kind="stable")
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for flat in order:
        i, j = divmod(int(flat), scores.shape[1])
        if scores[i, j] < threshold:
            continue
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j, float(scores[i, j])))
    return pairs


def _text_scores(pred: Sequence[str], gold: Sequence[str]) -> np.ndarray:
    if not pred or not gold:
        return np.zeros((len(pred), len(gold)))
    return process.cdist([fold(p or "") for p in pred], [fold(g or "") for g in gold],
                         scorer=fuzz.ratio, workers=1).astype(float)


def _order_tie_break(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> np.ndarray:
    """Small bonus (< 0.6 points) for equal ids and close relative positions."""
    n, m = len(pred), len(gold)
    pos_p = np.arange(n)[:, None] / max(n - 1, 1)
    pos_g = np.arange(m)[None, :] / max(m - 1, 1)
    same_id = np.array([[float(bool(p.get("id")) and fold(str(p.get("id"))) == fold(str(g.get("id"))))
                         for g in gold] for p in pred]).reshape(n, m)
    return 0.5 * same_id + 0.1 * (1.0 - np.abs(pos_p - pos_g))


def _detection(n_pred: int, n_gold: int, n_matched: int) -> Score:
    return Score(tp=n_matched, fp=n_pred - n_matched, fn=n_gold - n_matched)


#: Unit abbreviations written interchangeably with their words (folded): "Ủy ban MTTQ thị xã" is
#: "Ủy ban Mặt trận Tổ quốc Việt Nam thị xã". Only unambiguous ones.
_UNIT_ABBREVIATIONS = (
    (r"\bubmttqvn\b|\bubmttq\b", "uy ban mat tran to quoc"),
    (r"\bmttqvn\b|\bmttq\b", "mat tran to quoc"),
    (r"\bubnd\b", "uy ban nhan dan"), (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bkh ?cn\b", "khoa hoc va cong nghe"), (r"\bkh ?tt\b", "khoa hoc va thong tin"),
    (r"\bvh ?xh\b", "van hoa xa hoi"), (r"\bbcd\b", "ban chi dao"),
    (r"\bto quoc viet nam\b", "to quoc"),
)


def unit_key(name: str | None) -> str:
    """Folded name with unit abbreviations written out, to compare names across spellings."""
    key = fold(name or "")
    for pattern, words in _UNIT_ABBREVIATIONS:
        key = re.sub(pattern, words, key)
    return key


def _name_ratio(a: str, b: str) -> float:
    """Similarity of two folded names, as written or with abbreviations written out."""
    return max(fuzz.ratio(a, b), fuzz.ratio(unit_key(a), unit_key(b)))


class AgencyResolver:
    """Maps an agency mention to its gold canonical name (folded) via names and aliases."""

    def __init__(self, gold_agencies: Iterable[dict[str, Any]]) -> None:
        self.keys: list[str] = []
        self.canon: list[str] = []
        for agency in gold_agencies:
            name = fold(agency.get("name") or "")
            for variant in [agency.get("name") or "", *(agency.get("aliases") or [])]:
                key = fold(variant)
                if key:
                    self.keys.append(key)
                    self.canon.append(name)
        self.unit_keys = [unit_key(k) for k in self.keys]  # abbreviations written out

    def resolve(self, mention: str | None) -> str:
        key = fold(mention or "")
        if not key or not self.keys:
            return key
        hits = [process.extractOne(key, self.keys, scorer=fuzz.ratio),
                process.extractOne(unit_key(key), self.unit_keys, scorer=fuzz.ratio)]
        best = max((h for h in hits if h is not None), key=lambda h: h[1], default=None)
        if best is not None and best[1] >= SHORT_THRESHOLD:
            return self.canon[best[2]]
        return key


# ---------------------------------------------------------------- per field


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


def _header_equal(name: str) -> Callable[[Any, Any], bool]:
    if name == "number":
        return lambda a, b: canonical_symbol(a) == canonical_symbol(b)
    if name == "date":
        return lambda a, b: str(a).strip() == str(b).strip()
    if name in ("issuer_kind", "doc_type"):
        return lambda a, b: _norm_value(a) == _norm_value(b)
    if name == "title":
        return lambda a, b: _similar(a, b, TITLE_THRESHOLD)
    return lambda a, b: _similar(a, b, SHORT_THRESHOLD)


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
    score = _detection(len(p_num), len(g_num), matched)
    if not numbered_only:
        pairs = greedy_match(_text_scores(p_men, g_men), TEXT_THRESHOLD)
        score.add(_detection(len(p_men), len(g_men), len(pairs)))
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
                         _header_equal(name))
    return out


def score_links(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Score:
    def key(link: dict[str, Any]) -> tuple[Any, str, Any]:
        return (canonical_symbol(link.get("from") or link.get("source")),
                _norm_value(link.get("relation")),
                canonical_symbol(link.get("to") or link.get("target")))

    remaining = [key(g) for g in gold]
    matched = 0
    for link in pred:
        k = key(link)
        if k in remaining:
            remaining.remove(k)
            matched += 1
    return _detection(len(pred), len(gold), matched)


def score_agencies(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Score:
    """One-to-one: a prediction matches a gold agency by its name or any alias."""
    scores = np.zeros((len(pred), len(gold)))
    for j, g in enumerate(gold):
        variants = [fold(v) for v in [g.get("name") or "", *(g.get("aliases") or [])] if v]
        for i, p in enumerate(pred):
            name = fold(p.get("name") or "")
            if not name or not variants:
                continue
            best = max(_name_ratio(name, v) for v in variants)
            # the canonical name wins over an alias shared with another agency
            scores[i, j] = best + (0.5 if name == variants[0] else 0.0)
    return _detection(len(pred), len(gold), len(greedy_match(scores, SHORT_THRESHOLD)))


def score_assignments(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                      resolver: AgencyResolver) -> Score:
    sims = _text_scores([p.get("duty") or "" for p in pred], [g.get("duty") or "" for g in gold])
    p_ag = [resolver.resolve(p.get("agency")) for p in pred]
    g_ag = [resolver.resolve(g.get("agency")) for g in gold]
    same = np.array([[float(a == b) for b in g_ag] for a in p_ag]).reshape(len(pred), len(gold))
    pairs = greedy_match(sims * same, TEXT_THRESHOLD, _order_tie_break(pred, gold))
    return _detection(len(pred), len(gold), len(pairs))


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
    return greedy_match(_text_scores([p.get("text") or "" for p in pred],
                                     [g.get("text") or "" for g in gold]),
                        TEXT_THRESHOLD, _order_tie_break(pred, gold))


def score_tasks(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                resolver: AgencyResolver) -> dict[str, Score]:
    pairs = _match_rows(pred, gold)
    out = {"tasks": _detection(len(pred), len(gold), len(pairs))}
    for name in ("lead", "lead_partial", "support", "support_partial", "deadline", "output"):
        out[f"tasks.{name}"] = Score()
    for i, j, _ in pairs:
        p, g = pred[i], gold[j]
        for role in ("lead", "support"):
            _score_sets(out[f"tasks.{role}"], out[f"tasks.{role}_partial"], p.get(role),
                        g.get(role), resolver)
        for name in ("deadline", "output"):
            _score_value(out[f"tasks.{name}"], p.get(name), g.get(name),
                         lambda a, b: _similar(a, b, SHORT_THRESHOLD))
    return out


def score_indicators(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                     resolver: AgencyResolver) -> dict[str, Score]:
    pairs = _match_rows(pred, gold)
    out = {"indicators": _detection(len(pred), len(gold), len(pairs))}
    for name in ("owner", "owner_partial", "target", "unit"):
        out[f"indicators.{name}"] = Score()
    for i, j, _ in pairs:
        p, g = pred[i], gold[j]
        _score_sets(out["indicators.owner"], out["indicators.owner_partial"], p.get("owner"),
                    g.get("owner"), resolver)
        _score_value(out["indicators.target"], _norm_target(p.get("target")),
                     _norm_target(g.get("target")), lambda a, b: a == b)
        _score_value(out["indicators.unit"], p.get("unit"), g.get("unit"),
                     lambda a, b: _similar(a, b, SHORT_THRESHOLD))
    return out


# ---------------------------------------------------------------- documents and runs


def evaluate_record(predicted: dict[str, Any], gold: dict[str, Any]) -> DocScores:
    """Score one predicted gold-schema dict against its gold annotation."""
    doc = DocScores(doc=str(gold.get("doc") or predicted.get("doc") or ""))
    p_plan, g_plan = predicted.get("plan") or {}, gold.get("plan") or {}
    for name in HEADER_FIELDS:
        score = Score()
        _score_value(score, p_plan.get(name), g_plan.get(name), _header_equal(name))
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


# ---------------------------------------------------------------- rendering


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
