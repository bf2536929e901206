"""Extraction benchmark: median time per document, against reading + repair in the same run.

The baseline (``read_and_repair``) is measured in the same process and run, so the ratio
``extract / baseline`` says what the extraction stages cost on top of getting the text, and
stays comparable across machines of different speed. No assertions: it only reports.

``--per-stage`` instead reports the CPU time (``time.process_time``, not wall time: the
machines are shared) of each stage per document, each document in a fresh process so no
cache of another document helps it; resources (model, lexicon, the stages' and the reader's
modules) load first, timed apart.
The minimum over ``-n`` fresh runs is the least disturbed figure.

    .venv/bin/python bench/bench_extract.py [DIR] [-n 5] [--stages header,tasks] [--per-stage]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ingest.pipeline import DEFAULT_PIPELINE, STAGES, extract, read_and_repair
from ingest.records import PlanRecord
from ingest.resources import collector_paused

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = (REPO.parent / "shared" / "seeds", REPO / "ingest" / "samples")


def _median_ms(func: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median wall time in ms of ``repeats`` calls, and the last result."""
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _code(exc: Exception) -> str:
    return getattr(exc, "code", type(exc).__name__)


def bench(folder: Path, repeats: int, stages: tuple[str, ...]) -> tuple[Table, list[str]]:
    """The timing table and the error messages of documents that failed."""
    errors: list[str] = []
    table = Table(title=f"Trích xuất {folder} (median of {repeats}, ms)")
    for col in ("Văn bản (document)", "dòng (lines)", "đọc+sửa (baseline)", "trích xuất (extract)",
                "tỉ lệ (ratio)", "tasks", "indicators", "lỗi (error)"):
        table.add_column(col, justify="left" if col.startswith(("V", "l")) else "right")
    base_total = extract_total = 0.0
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            base_ms, source = _median_ms(lambda p=path: read_and_repair(p), repeats)
        except Exception as exc:  # report, keep benchmarking the others
            table.add_row(path.name, "", "", "", "", "", "", _code(exc))
            errors.append(f"{path.name}: {exc}")
            continue
        try:
            ext_ms, record = _median_ms(lambda p=path: extract(p, stages), repeats)
        except Exception as exc:
            table.add_row(path.name, str(len(source.lines)), f"{base_ms:.1f}", "", "", "", "",
                          _code(exc))
            errors.append(f"{path.name}: {exc}")
            continue
        base_total += base_ms
        extract_total += ext_ms
        table.add_row(path.name, str(len(source.lines)), f"{base_ms:.1f}", f"{ext_ms:.1f}",
                      f"{ext_ms / base_ms:.1f}x" if base_ms else "", str(len(record.tasks)),
                      str(len(record.indicators)), "")
    if base_total:
        table.add_row("[bold]tổng (total)", "", f"{base_total:.1f}", f"{extract_total:.1f}",
                      f"{extract_total / base_total:.1f}x", "", "", "")
    return table, errors


def stage_times(path: Path, stages: tuple[str, ...]) -> dict[str, float]:
    """CPU seconds of loading the stages' resources, reading, and each stage, on one document.

    Meant for a fresh process (see :func:`per_stage`): caches then hold nothing of the text.
    """
    from ingest.agencies import _lexicon
    from ingest.diacritics import get_restorer

    start = time.process_time()
    # the reader's modules (ftfy among them) load once per process, like the stages' modules
    importlib.import_module("ingest.readers")
    importlib.import_module("ingest.repair")
    funcs = {name: STAGES[name].load() for name in stages}
    get_restorer()
    _lexicon()
    times = {"load": time.process_time() - start}
    start = time.process_time()
    source = read_and_repair(path)
    times["read"] = time.process_time() - start
    record = PlanRecord(doc=source.name)
    with collector_paused():  # as run_stages runs them
        for name, func in funcs.items():
            start = time.process_time()
            func(source, record)
            times[name] = time.process_time() - start
    return times


def per_stage(folder: Path, repeats: int, stages: tuple[str, ...]) -> Table:
    """Per-stage CPU ms per document: the minimum over ``repeats`` fresh processes."""
    table = Table(title=f"CPU theo giai đoạn {folder} (min of {repeats} fresh runs, ms)")
    cols = ("load", "read", *stages)
    table.add_column("Văn bản (document)", justify="left")
    for col in (*cols, "stages"):
        table.add_column(col, justify="right")
    totals = dict.fromkeys((*cols, "stages"), 0.0)
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        best: dict[str, float] = {}
        for _ in range(repeats):
            out = subprocess.run(
                [sys.executable, __file__, str(path), "--stages", ",".join(stages), "--one"],
                capture_output=True, text=True, check=False,
            )
            if out.returncode != 0:
                best = {}
                table.add_row(path.name, *[""] * (len(cols) + 1), style="red")
                break
            for key, value in json.loads(out.stdout.splitlines()[-1]).items():
                best[key] = min(best.get(key, value), value)
        if not best:
            continue
        best["stages"] = sum(best[s] for s in stages)
        for key in totals:
            totals[key] += best[key]
        table.add_row(path.name, *(f"{best[c] * 1000:.0f}" for c in (*cols, "stages")))
    table.add_row("[bold]tổng (total)", *(f"{totals[c] * 1000:.0f}" for c in totals))
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path,
                        default=next((d for d in DEFAULT_DIRS if d.is_dir()), DEFAULT_DIRS[-1]))
    parser.add_argument("-n", "--repeats", type=int, default=5)
    parser.add_argument("--stages", default=",".join(DEFAULT_PIPELINE),
                        help="comma-separated stage names (default: the whole pipeline)")
    parser.add_argument("--per-stage", action="store_true",
                        help="CPU time of each stage, each document in fresh processes")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    stages = tuple(s for s in args.stages.split(",") if s)
    if args.one:  # a child of --per-stage: one document, times as JSON
        print(json.dumps(stage_times(args.folder, stages)))
        return
    console = Console(width=None if sys.stdout.isatty() else 140)
    if args.per_stage:
        console.print(per_stage(args.folder, max(1, args.repeats), stages))
        return
    # one untimed pass so lazy imports and caches do not land on the first document
    warm = next((p for p in sorted(args.folder.iterdir()) if p.is_file()), None)
    if warm is not None:
        try:
            extract(warm, stages)
        except Exception as exc:
            print(f"warm-up failed: {exc}", file=sys.stderr)
    table, errors = bench(args.folder, max(1, args.repeats), stages)
    for line in errors:
        console.print(f"[red]lỗi[/] {line}", overflow="fold")
    console.print(table)


if __name__ == "__main__":
    main()
