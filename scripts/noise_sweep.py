"""Score extraction under ``--degrade ocr-noise`` over many noise seeds, per field.

One noise seed is one possible scan; a single seed says little (some scans break a whole
section, most do not), so robustness work is measured over N seeds: for every gold document
that the noise changes (a text already OCR'd is left alone), extract the clean text once and
the damaged text once per seed, and print per field the clean score and the mean [min-max]
under noise (F1 for set fields, accuracy for value fields, Jaccard for ``*_partial``).

    python scripts/noise_sweep.py [--gold DIR] [--docs DIR] [-n 20] [--first 0] [--jobs 2]
                                  [--json OUT] [--dump DIR] [--fields a,b]

``--json`` writes the per-seed figures (to compare a branch before/after); ``--dump`` writes
each damaged text as ``<stem>.seed<k>.txt`` to read what broke a field.
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


def _value(name: str, score: Any) -> float | None:
    """The figure the evaluation table shows for a field (None: nothing to score)."""
    from kg.eval_report import ACCURACY_FIELDS

    if name in ACCURACY_FIELDS:
        if score.total == 0:
            return None
        return score.partial if name.endswith("_partial") else score.accuracy
    return score.f1


def _score(doc: str, gold_path: str, seed: int | None, dump: str | None) -> dict[str, Any]:
    """Field figures of one document, clean (seed None) or read through noise seed ``seed``."""
    from ingest.degrade import ocr_noise
    from ingest.pipeline import run_stages
    from ingest.readers import read_document
    from ingest.repair import repair
    from kg.evaluation import evaluate_record

    source = read_document(Path(doc))
    if seed is not None:
        source = ocr_noise(source, seed=seed)
        if dump:
            out = Path(dump) / f"{Path(doc).stem}.seed{seed}.txt"
            out.write_text("\n".join(ln.text for ln in source.lines), encoding="utf-8")
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    try:
        predicted = run_stages(repair(source)).to_gold_dict()
    except Exception:  # scored as empty, like plankg eval does
        predicted = {"doc": Path(doc).name}
    scores = evaluate_record(predicted, gold)
    return {"doc": Path(doc).name, "seed": seed,
            "fields": {k: _value(k, s) for k, s in scores.fields.items()}}


def _damaged_docs(gold: Path, docs: Path) -> list[tuple[Path, Path]]:
    """Gold documents that ``ocr_noise`` changes (an already OCR'd text is returned as is)."""
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
    ap.add_argument("-n", type=int, default=20, help="number of noise seeds")
    ap.add_argument("--first", type=int, default=0, help="first noise seed (held-out seeds)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write per-seed figures here")
    ap.add_argument("--dump", type=Path, help="write damaged texts here")
    ap.add_argument("--fields", default="", help="only these fields (comma separated)")
    args = ap.parse_args()

    from kg.eval_report import FIELDS

    pairs = _damaged_docs(args.gold, args.docs)
    if not pairs:
        raise SystemExit("no gold document is changed by ocr-noise (all already OCR'd)")
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    dump = str(args.dump) if args.dump else None
    jobs = [(str(d), str(g), s, dump) for d, g in pairs for s in [None, *range(args.first, args.first + args.n)]]
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(_score, *zip(*jobs, strict=True)))
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] or list(FIELDS)
    for doc, _ in pairs:
        runs = [r for r in results if r["doc"] == doc.name]
        clean = next(r for r in runs if r["seed"] is None)["fields"]
        noisy = [r["fields"] for r in runs if r["seed"] is not None]
        print(f"{doc.name}: clean -> ocr-noise, {len(noisy)} seeds: mean [min-max] (#worse)")
        for name in fields:
            vals = [f[name] for f in noisy if f.get(name) is not None]
            if not vals:
                print(f"  {name:28s} {_fmt(clean.get(name))} ->   —")
                continue
            base = clean.get(name)
            worse = sum(v < base - 1e-9 for v in vals) if base is not None else 0
            print(f"  {name:28s} {_fmt(base)} -> {statistics.fmean(vals):.3f} "
                  f"[{min(vals):.3f}-{max(vals):.3f}] ({worse})")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
