"""Search evaluation on the query files (``../shared/queries/dev_*.jsonl``).

For BM25 alone, dense alone and the hybrid, each with the queries as written and with their
diacritics stripped: Recall@1, Recall@5, MRR@10 and owner accuracy (the top hit's lead matches
one of ``expected_lead``). Queries are filtered to their own locality, as staff would.

Matching (the queries README): texts are folded (lowercase, no marks, đ→d, punctuation and
spacing normalised); a hit matches when the folded texts are equal, or their token-multiset F1
is at least 0.8, or their rapidfuzz ``ratio`` is at least 85 — extracted text need not be
identical to the gold wording. Units match the same way, or when one folded name contains the
other (e.g. "Phòng Văn hóa - Xã hội" and "Văn hóa - Xã hội").
"""

from __future__ import annotations

import atexit
import hashlib
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ingest.normalize import fold, strip_marks
from ingest.records import PlanRecord, record_from_gold
from kg.embeddings import CachedEmbedder, Embedder, EmbeddingCache, get_embedder
from kg.search import METHODS, SearchEngine, SearchFilters

VARIANTS = ("as written", "stripped")
TEXT_F1 = 0.8
TEXT_RATIO = 85.0


@dataclass(frozen=True)
class EvalQuery:
    id: str
    query: str
    doc: str
    locality: str | None
    province: str | None
    kind: str | None
    expected_text: str
    expected_lead: list[str]
    expected_alt: list[str] = field(default_factory=list)
    style: str | None = None
    source: str = ""  # the query file's name


@dataclass
class Scores:
    """Metrics of one method on one query variant."""

    method: str
    variant: str
    file: str = "all"
    n: int = 0
    hits1: int = 0
    hits5: int = 0
    rr: float = 0.0
    owner_n: int = 0
    owner_ok: int = 0

    @property
    def recall1(self) -> float:
        return self.hits1 / self.n if self.n else 0.0

    @property
    def recall5(self) -> float:
        return self.hits5 / self.n if self.n else 0.0

    @property
    def mrr(self) -> float:
        return self.rr / self.n if self.n else 0.0

    @property
    def owner_accuracy(self) -> float:
        return self.owner_ok / self.owner_n if self.owner_n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "variant": self.variant, "file": self.file, "n": self.n,
                "recall@1": round(self.recall1, 4), "recall@5": round(self.recall5, 4),
                "mrr": round(self.mrr, 4), "owner_accuracy": round(self.owner_accuracy, 4),
                "owner_n": self.owner_n}


def _f1(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def text_matches(hit: str, expected: str) -> bool:
    """Folded fuzzy match of an item text against an expected text (see module docstring)."""
    a, b = fold(hit), fold(expected)
    if not a or not b:
        return False
    return a == b or _f1(a.split(), b.split()) >= TEXT_F1 or fuzz.ratio(a, b) >= TEXT_RATIO


def unit_matches(unit: str, expected: str) -> bool:
    a, b = fold(unit), fold(expected)
    if not a or not b:
        return False
    return a == b or a in b or b in a or fuzz.ratio(a, b) >= TEXT_RATIO


def load_queries(path: str | Path) -> list[EvalQuery]:
    """Queries from one JSONL file or every ``*.jsonl`` of a directory."""
    path = Path(path)
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    out = []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            out.append(EvalQuery(
                id=d.get("id", ""), query=d["query"], doc=d.get("doc", ""),
                locality=d.get("locality"), province=d.get("province"), kind=d.get("kind"),
                expected_text=d["expected_text"], expected_lead=list(d.get("expected_lead") or []),
                expected_alt=list(d.get("expected_alt") or []), style=d.get("style"),
                source=file.name))
    return out


def default_docs_dir() -> Path:
    """The sample plans bundled in the ``ingest`` package (same files as the shared seeds)."""
    return Path(str(resources.files("ingest") / "samples"))


def gold_records(gold_dir: str | Path) -> list[PlanRecord]:
    return [record_from_gold(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(Path(gold_dir).glob("*.json"))]


def _ingest_fingerprint() -> str:
    """Hash of the extractor's source, so cached extractions expire when extraction changes."""
    h = hashlib.sha256()
    root = Path(str(resources.files("ingest")))
    for p in sorted(root.rglob("*.py")):
        h.update(p.read_bytes())
    for p in sorted((root / "data").glob("*")) if (root / "data").exists() else []:
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def available_stages() -> tuple[str, ...]:
    """Pipeline stages whose module imports (extraction is built in parallel; skip missing)."""
    from ingest.pipeline import DEFAULT_PIPELINE, STAGES

    ok = []
    for name in DEFAULT_PIPELINE:
        try:
            STAGES[name].load()
        except (ImportError, AttributeError):
            continue
        ok.append(name)
    return tuple(ok)


def extracted_records(docs_dir: str | Path, cache_dir: Path | None = None,
                      only: set[str] | None = None) -> list[PlanRecord]:
    """Extract the documents of ``docs_dir`` (those named in ``only`` when given); results are
    cached by (document, extractor source) so a warm run does not re-extract."""
    from ingest.pipeline import extract

    stages = available_stages()
    fingerprint = _ingest_fingerprint() + "-" + "-".join(stages)
    records = []
    paths = sorted(p for p in Path(docs_dir).iterdir() if p.is_file())
    if only and any(p.name in only for p in paths):
        paths = [p for p in paths if p.name in only]
    for path in paths:
        cached = None
        if cache_dir is not None:
            key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            cached = cache_dir / "records" / f"{path.stem}-{key}-{fingerprint}.json"
            if cached.exists():
                records.append(record_from_gold(json.loads(cached.read_text(encoding="utf-8"))))
                continue
        record = extract(path, stages)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(record.to_json_dict(), ensure_ascii=False, default=str),
                              encoding="utf-8")
        records.append(record)
    return records


def build_engine(records: Iterable[PlanRecord], cache_dir: Path,
                 embedder: Embedder | None = None) -> SearchEngine:
    """A throwaway index of ``records`` (embeddings come from the persistent cache)."""
    index_dir = Path(tempfile.mkdtemp(prefix="plankg-eval-"))
    atexit.register(shutil.rmtree, index_dir, True)
    inner = embedder if embedder is not None else get_embedder(None)
    cached = CachedEmbedder(inner, EmbeddingCache(Path(cache_dir) / "embeddings.sqlite"),
                            cache_queries=True)
    engine = SearchEngine.open(index_dir, embedder=cached)
    for record in records:
        engine.index_plan(record)
    return engine


def evaluate(engine: SearchEngine, queries: list[EvalQuery],
             methods: tuple[str, ...] = METHODS, k: int = 10,
             per_file: bool = False) -> list[Scores]:
    """Score every method on both query variants (and per query file with ``per_file``)."""
    table: dict[tuple[str, str, str], Scores] = {}
    for variant in VARIANTS:
        for method in methods:
            for q in queries:
                text = q.query if variant == "as written" else strip_marks(q.query)
                result = engine.search(text, k=k, method=method,
                                       filters=SearchFilters(locality=q.locality))
                expected = [q.expected_text, *q.expected_alt]
                rank = next((r for r, h in enumerate(result.hits, 1)
                             if any(text_matches(h.text, e) for e in expected)), None)
                lead = result.hits[0].lead if result.hits else []
                owner = any(unit_matches(u, e) for u in lead for e in q.expected_lead)
                for file in ("all", q.source) if per_file else ("all",):
                    s = table.setdefault((method, variant, file), Scores(method, variant, file))
                    s.n += 1
                    s.hits1 += rank == 1
                    s.hits5 += bool(rank and rank <= 5)
                    s.rr += 1.0 / rank if rank else 0.0
                    if q.expected_lead:
                        s.owner_n += 1
                        s.owner_ok += owner
    return list(table.values())


def format_table(scores: list[Scores], file: str = "all") -> str:
    """Methods as rows, the two variants side by side (one query file, or all of them)."""
    scores = [s for s in scores if s.file == file]
    by = {(s.method, s.variant): s for s in scores}
    methods = list(dict.fromkeys(s.method for s in scores))
    head = f"{'method':<8}" + "".join(
        f" | {v:^31}" for v in VARIANTS)
    sub = f"{'':<8}" + " | R@1   R@5   MRR   Owner  n  " * len(VARIANTS)
    lines = [head, sub.rstrip(), "-" * len(head)]
    for m in methods:
        row = f"{m:<8}"
        for v in VARIANTS:
            s = by.get((m, v))
            row += (f" | {s.recall1:.2f}  {s.recall5:.2f}  {s.mrr:.2f}  {s.owner_accuracy:.2f}  "
                    f"{s.n:<3}" if s else " | " + " " * 31)
        lines.append(row)
    return "\n".join(lines)
