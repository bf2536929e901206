"""Extraction benchmark: median time per document, against reading + repair in the same run.

The baseline (``read_and_repair``) is measured in the same process and run, so the ratio
``extract / baseline`` says what the extraction stages cost on top of getting the text, and
stays comparable across machines of different speed. No assertions: it only reports.

    .venv/bin/python bench/bench_extract.py [DIR] [-n 5] [--stages header,tasks]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from ingest.pipeline import DEFAULT_PIPELINE, extract, read_and_repair

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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path,
                        default=next((d for d in DEFAULT_DIRS if d.is_dir()), DEFAULT_DIRS[-1]))
    parser.add_argument("-n", "--repeats", type=int, default=5)
    parser.add_argument("--stages", default=",".join(DEFAULT_PIPELINE),
                        help="comma-separated stage names (default: the whole pipeline)")
    args = parser.parse_args(argv)
    stages = tuple(s for s in args.stages.split(",") if s)
    # one untimed pass so lazy imports and caches do not land on the first document
    warm = next((p for p in sorted(args.folder.iterdir()) if p.is_file()), None)
    if warm is not None:
        try:
            extract(warm, stages)
        except Exception as exc:
            print(f"warm-up failed: {exc}", file=sys.stderr)
    table, errors = bench(args.folder, max(1, args.repeats), stages)
    console = Console(width=None if sys.stdout.isatty() else 140)
    for line in errors:
        console.print(f"[red]lỗi[/] {line}", overflow="fold")
    console.print(table)


if __name__ == "__main__":
    main()
