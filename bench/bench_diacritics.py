"""Measure diacritics restoration against the gold annotations.

Two figures, as syllable accuracy (share of gold syllables restored exactly, ignoring case):
- OCR: each gold task/indicator/assignment text of seeds 000 and 001 is located in the seed's
  OCR text (fuzzy alignment on folded text), that span is restored and compared with the gold;
- clean: the gold strings with their marks stripped are restored and compared.
004's clean text is in the shipped model's training data, so its figure is leaky; with
``--underthesea-wheel`` a leave-one-out model (built without 004) gives the honest one, and
the OCR figures of a model that saw no clean plan at all.
Also prints speed (syllables/s) and the latency of a short query. Usage::

    .venv/bin/python bench/bench_diacritics.py [--underthesea-wheel PATH]
"""

from __future__ import annotations

import argparse
import difflib
import json
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz

from ingest.diacritics import Restorer, looks_like_ocr
from ingest.diacritics_text import _TOKEN, _fold_token
from ingest.normalize import strip_marks

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OCR_DOCS = ("000", "001")


def gold_strings(doc: str) -> list[str]:
    path = next((SHARED / "gold").glob(f"{doc}_*.json"))
    data = json.loads(path.read_text("utf-8"))
    out = [t["text"] for t in data["tasks"]]
    out += [i["text"] for i in data["indicators"]]
    out += [a["duty"] for a in data["assignments"]]
    return [s for s in out if s and len(_TOKEN.findall(s)) >= 3]


def score(restored: str, gold: str) -> tuple[int, int]:
    """(syllables of ``gold`` restored exactly, syllables of ``gold``)."""
    got = _TOKEN.findall(restored)
    want = _TOKEN.findall(gold)
    matcher = difflib.SequenceMatcher(
        a=[_fold_token(t) for t in got], b=[_fold_token(t) for t in want], autojunk=False
    )
    correct = 0
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal" or (op == "replace" and a1 - a0 == b1 - b0):
            correct += sum(g.lower() == w.lower() for g, w in zip(got[a0:a1], want[b0:b1], strict=True))
    return correct, len(want)


def ocr_spans(doc: str) -> list[tuple[str, str]]:
    """(OCR span, gold string) for each gold string found in the seed's OCR text."""
    text = next((SHARED / "seeds").glob(f"{doc}_*.txt")).read_text("utf-8")
    tokens = list(_TOKEN.finditer(text))
    folded, starts = [], []
    pos = 0
    for m in tokens:
        starts.append(pos)
        f = _fold_token(m.group())
        folded.append(f)
        pos += len(f) + 1
    doc_f = " ".join(folded)
    out = []
    for gold in gold_strings(doc):
        gold_f = " ".join(_fold_token(t) for t in _TOKEN.findall(gold))
        al = fuzz.partial_ratio_alignment(gold_f, doc_f)
        if al is None or al.score < 75:
            continue
        first = max(i for i, s in enumerate(starts) if s <= al.dest_start)
        last = max(i for i, s in enumerate(starts) if s < al.dest_end)
        out.append((text[tokens[first].start():tokens[last].end()], gold))
    return out


def accuracy(
    restorer: Restorer, pairs: list[tuple[str, str]], ocr: bool | None = None
) -> tuple[float, int, float]:
    """(accuracy, syllables, syllables per second) of restoring each input against its gold."""
    correct = total = 0
    start = time.perf_counter()
    outputs = [restorer.restore(src, ocr) for src, _ in pairs]
    elapsed = time.perf_counter() - start
    for out, (_, gold) in zip(outputs, pairs, strict=True):
        c, n = score(out, gold)
        correct += c
        total += n
    return correct / max(total, 1), total, total / max(elapsed, 1e-9)


def baseline(pairs: list[tuple[str, str]], fold_only: bool) -> float:
    correct = total = 0
    for src, gold in pairs:
        if fold_only:
            c, n = score(strip_marks(src).lower(), strip_marks(gold).lower())
        else:
            c, n = score(src, gold)
        correct += c
        total += n
    return correct / max(total, 1)


def _load_build_script():  # noqa: ANN202 - a module loaded by path (scripts/ is no package)
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_diacritics_model.py"
    spec = importlib.util.spec_from_file_location("build_diacritics_model", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description="diacritics restoration benchmark")
    ap.add_argument("--underthesea-wheel", type=Path, help="build a leave-one-out model for 004")
    args = ap.parse_args()

    t0 = time.perf_counter()
    restorer = Restorer()
    print(f"load: {time.perf_counter() - t0:.3f} s")

    spans = {}
    for doc in OCR_DOCS:
        pairs = ocr_spans(doc)
        # as the pipeline does: whether the text is OCR output is judged on the whole document
        ocr = looks_like_ocr(next((SHARED / "seeds").glob(f"{doc}_*.txt")).read_text("utf-8"))
        spans[doc] = (pairs, ocr)
        acc, n, speed = accuracy(restorer, pairs, ocr)
        print(f"OCR   {doc}: {acc:.1%} of {n} syllables in {len(pairs)} spans "
              f"(as printed {baseline(pairs, False):.1%}, marks-stripped equal "
              f"{baseline(pairs, True):.1%}); {speed:,.0f} syll/s")
        clean = [(strip_marks(g), g) for _, g in pairs]
        acc, n, speed = accuracy(restorer, clean)
        print(f"clean {doc}: {acc:.1%} of {n} syllables; {speed:,.0f} syll/s")

    clean004 = [(strip_marks(g), g) for g in gold_strings("004")]
    acc, n, _ = accuracy(restorer, clean004)
    print(f"clean 004 (in training, leaky): {acc:.1%} of {n} syllables")
    if args.underthesea_wheel:
        build = _load_build_script().build
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "loo.npz"
            build(args.underthesea_wheel, path, {"004"})
            loo = Restorer(path)
            acc, n, _ = accuracy(loo, clean004)
            print(f"clean 004 leave-one-out: {acc:.1%} of {n} syllables")
            # 000/001 with no clean plan at all in training: the figure for a new province
            for doc, (pairs, ocr) in spans.items():
                print(f"OCR   {doc} without 004 in training: {accuracy(loo, pairs, ocr)[0]:.1%}")

    # Search questions typed without marks (the dev questions, marks stripped): cold cache.
    queries = [json.loads(line)["query"] for path in sorted((SHARED / "queries").glob("dev_*.jsonl"))
               for line in path.read_text("utf-8").splitlines() if line.strip()]
    restorer.clear_caches()
    times = []
    correct = total = 0
    for q in queries:
        t = time.perf_counter()
        out = restorer.restore(strip_marks(q))
        times.append((time.perf_counter() - t) * 1000)
        c, n = score(out, q)
        correct += c
        total += n
    print(f"queries without marks: {correct / total:.1%} of {total} syllables restored; "
          f"median {statistics.median(times):.2f} ms, max {max(times):.2f} ms per query")


if __name__ == "__main__":
    main()
