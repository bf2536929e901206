"""Mean field scores of the gold plans read through N ``ocr-noise`` seeds, and their tables.

One noise seed is one possible scan, and one scan says little (a damaged header label loses a
whole column, or a whole table, in some scans only), so header robustness is measured over many
seeds: every gold document that the noise changes is extracted clean once and damaged once per
seed; per field the clean figure and the mean [min-max] over seeds are printed (F1 for set
fields, accuracy for value fields), then, with ``--tables``, each seed whose located tables
(kind and column roles) differ from the clean text's.

    python scripts/header_noise_sweep.py [-n 20] [--jobs 2] [--fields tasks,tasks.lead]
                                         [--tables] [--dump DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import statistics
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"
DOCS = ROOT.parent / "shared" / "seeds"
DEFAULT_FIELDS = ("tasks", "tasks.lead", "tasks.support", "tasks.deadline", "tasks.output",
                  "indicators", "indicators.owner")


def _figure(name: str, score: Any) -> float | None:
    """What the evaluation table shows for a field; None when there is nothing to score."""
    from kg.eval_report import ACCURACY_FIELDS

    if name in ACCURACY_FIELDS:
        if score.total == 0:
            return None
        return score.partial if name.endswith("_partial") else score.accuracy
    return score.f1


def _run(doc: str, gold_path: str, seed: int | None, dump: str | None) -> dict[str, Any]:
    """Field figures and located tables of one document, clean (``seed`` None) or damaged."""
    from ingest.degrade import ocr_noise
    from ingest.pipeline import run_stages
    from ingest.readers import read_document
    from ingest.repair import repair
    from ingest.table_layout import locate_tables
    from kg.evaluation import evaluate_record

    source = read_document(Path(doc))
    if seed is not None:
        source = ocr_noise(source, seed=seed)
        if dump:
            (Path(dump) / f"{Path(doc).stem}.seed{seed}.txt").write_text(
                "\n".join(ln.text for ln in source.lines), encoding="utf-8")
    repaired = repair(source)
    tables = [f"{t.kind}@{t.header_start}:{','.join(t.columns)}" for t in locate_tables(repaired)]
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    try:
        predicted = run_stages(repaired).to_gold_dict()
    except Exception:  # noqa: BLE001 - scored as an empty record, as plankg eval does
        predicted = {"doc": Path(doc).name}
    fields = {k: _figure(k, s) for k, s in evaluate_record(predicted, gold).fields.items()}
    return {"doc": Path(doc).name, "seed": seed, "fields": fields, "tables": tables}


def _damaged_pairs(gold: Path, docs: Path) -> list[tuple[Path, Path]]:
    """Gold documents ``ocr_noise`` changes (a text that lost its marks is left as is)."""
    from ingest.degrade import ocr_noise
    from ingest.readers import read_document
    from kg.evaluation import document_pairs

    out = []
    for doc, gold_path in document_pairs(gold, docs):
        source = read_document(doc)
        if ocr_noise(source, seed=0) is not source:
            out.append((doc, gold_path))
    return out


def _fmt(v: float | None) -> str:
    return "  —  " if v is None else f"{v:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--docs", type=Path, default=DOCS)
    ap.add_argument("-n", type=int, default=20, help="noise seeds 0..n-1")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--fields", default=",".join(DEFAULT_FIELDS),
                    help="comma separated fields; 'all' for every field")
    ap.add_argument("--tables", action="store_true", help="print seeds whose tables differ")
    ap.add_argument("--dump", type=Path, help="write each damaged text here")
    ap.add_argument("--json", type=Path, help="write the per-seed figures here")
    args = ap.parse_args()

    from kg.eval_report import FIELDS

    pairs = _damaged_pairs(args.gold, args.docs)
    if not pairs:
        raise SystemExit("no gold document is changed by ocr-noise (all already OCR'd)")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    dump = str(args.dump) if args.dump else None
    jobs = [(str(d), str(g), s, dump) for d, g in pairs for s in [None, *range(args.n)]]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(_run, *zip(*jobs, strict=True)))
    fields = list(FIELDS) if args.fields == "all" else [
        f.strip() for f in args.fields.split(",") if f.strip()]
    for doc, _ in pairs:
        runs = [r for r in results if r["doc"] == doc.name]
        clean = next(r for r in runs if r["seed"] is None)
        noisy = [r for r in runs if r["seed"] is not None]
        print(f"{doc.name}: clean -> ocr-noise over {len(noisy)} seeds, mean [min-max]")
        for name in fields:
            vals = [r["fields"][name] for r in noisy if r["fields"].get(name) is not None]
            base = _fmt(clean["fields"].get(name))
            if not vals:
                print(f"  {name:24s} {base} ->   —")
                continue
            print(f"  {name:24s} {base} -> {statistics.fmean(vals):.3f} "
                  f"[{min(vals):.3f}-{max(vals):.3f}]")
        if args.tables:
            print(f"  clean tables: {' | '.join(clean['tables'])}")
            for r in noisy:
                if [t.split("@")[0] + t.split(":", 1)[1] for t in r["tables"]] != [
                        t.split("@")[0] + t.split(":", 1)[1] for t in clean["tables"]]:
                    print(f"  seed {r['seed']:3d}: {' | '.join(r['tables'])}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
