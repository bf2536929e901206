"""``plankg eval``: extract the gold-annotated documents of a folder and score them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ingest import pipeline
from ingest.degrade import DEGRADATIONS, degraded_extract
from ingest.pipeline import STAGES
from kg.cli import app, console, err_console, fail, print_json


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="Thư mục chú giải chuẩn <tên>.json "
                                       "(gold annotations directory).")],
    docs: Annotated[Path, typer.Option("--docs", help="Thư mục văn bản kế hoạch cần trích xuất "
                                       "(documents directory).")],
    as_json: Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON (print JSON).")]
    = False,
    per_doc: Annotated[bool, typer.Option("--per-doc", help="In thêm bảng điểm từng văn bản "
                                          "(also print a table per document).")] = False,
    stages: Annotated[str, typer.Option("--stages", help="Chỉ chạy và chấm các bước này, cách "
                                        "nhau bởi dấu phẩy, vd. header,tasks (only these "
                                        "pipeline stages, scored on their own).")] = "",
    degrade: Annotated[str, typer.Option("--degrade", help="Làm hỏng văn bản trước khi trích "
                                         "xuất để đo độ bền: strip-marks (bỏ dấu), ocr-noise (lỗi OCR "
                                         "đo trên bản quét thật) (damage the documents first, "
                                         "to measure robustness).")] = "",
) -> None:
    """Đánh giá trích xuất so với chú giải chuẩn: P, R, F1 từng trường
    (score extraction against gold: precision, recall, F1 per field)."""
    from kg.evaluation import (
        FIELDS,
        document_pairs,
        evaluate_dir,
        fields_filled_by,
        render_doc_tables,
        render_table,
        report_to_dict,
    )

    for folder in (gold, docs):
        if not folder.is_dir():
            fail(f"không tìm thấy thư mục '{folder}' (directory not found).")
    chosen = tuple(s.strip() for s in stages.split(",") if s.strip())
    unknown = [s for s in chosen if s not in STAGES]
    if unknown:
        fail(f"không có bước '{', '.join(unknown)}' (unknown stage); có: {', '.join(STAGES)}.")
    if degrade and degrade not in DEGRADATIONS:
        fail(f"không có kiểu làm hỏng '{degrade}' (unknown degradation); có: "
             f"{', '.join(DEGRADATIONS)}.")
    fields = fields_filled_by(chosen) if chosen else FIELDS
    extract = (lambda path: pipeline.extract(path, chosen)) if chosen else None
    if degrade:
        extract = lambda path: degraded_extract(path, degrade, chosen)  # noqa: E731
    total = len(document_pairs(gold, docs))
    if total == 0:
        fail(f"không có văn bản nào trong '{docs}' có chú giải trong '{gold}' "
             "(no document with a gold file).")
    with Progress(TextColumn("[bold]Trích xuất[/] {task.description}"), BarColumn(),
                  MofNCompleteColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("", total=total)
        report = evaluate_dir(gold, docs, extract=extract, progress=lambda name: bar.update(
            task, advance=1, description=name))
    if as_json:
        data = report_to_dict(report, fields)
        data["stages"] = list(chosen) if chosen else list(pipeline.DEFAULT_PIPELINE)
        data["degrade"] = degrade or None
        print_json(data)
        return
    for doc in report.docs:
        if doc.error:
            err_console.print(f"[bold red]Lỗi trích xuất[/] {doc.doc}: {doc.error}")
    if per_doc:
        for table in render_doc_tables(report, fields):
            console.print(table)
    console.print(render_table(report.overall, fields=fields,
                               title=f"Tổng hợp {len(report.docs)} văn bản (overall, micro)"
                               + (f", làm hỏng: {degrade} (degraded)" if degrade else "")))
