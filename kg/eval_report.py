"""What ``plankg eval`` reports: the scored fields and their counts (:class:`Score`), per
document and summed over a run (micro averages)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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


def detection(n_pred: int, n_gold: int, n_matched: int) -> Score:
    return Score(tp=n_matched, fp=n_pred - n_matched, fn=n_gold - n_matched)
