"""Lineage commands: ``plankg trace``, ``plankg implementers``, ``plankg gaps``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from ingest.errors import PlanKGError
from kg.cli import DATA_DIR_HELP, app, console, fail, print_json
from kg.config import data_dir

DataDir = Annotated[str | None, typer.Option("--data-dir", help=DATA_DIR_HELP)]
JsonFlag = Annotated[bool, typer.Option("--json", help="In JSON (print as JSON).")]
FORMATS = ("text", "dot", "json")


def _graph(data_dir_opt: str | None):  # noqa: ANN202 - networkx DiGraph
    from kg.lineage import citation_graph
    from kg.loader import open_store

    store = open_store(data_dir(data_dir_opt), read_only=True)
    try:
        return citation_graph(store)
    finally:
        store.close()


@app.command("trace")
def trace_cmd(
    plan: Annotated[str, typer.Argument(
        help="Kế hoạch: IRI, số ký hiệu (09/KH-UBND) hoặc tên tệp nguồn.")],
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="text | dot | json (định dạng đầu ra).")] = "text",
    include_cites: Annotated[bool, typer.Option(
        "--include-cites", help="Đi theo cả văn bản chỉ được trích dẫn (also follow citations).",
    )] = False,
    data_dir_opt: DataDir = None,
) -> None:
    """Truy vết căn cứ của một kế hoạch tới Nghị quyết 57-NQ/TW (lineage of a plan)."""
    from kg.lineage import ROOT_SYMBOL, find_nodes, trace

    if fmt not in FORMATS:
        fail(f"PK311: định dạng '{fmt}' không hỗ trợ; dùng một trong {', '.join(FORMATS)}.")
    try:
        graph = _graph(data_dir_opt)
        tree = trace(graph, plan, include_cites=include_cites)
    except PlanKGError as exc:
        fail(exc)
    if fmt == "json":
        print_json(tree.to_json())
        return
    if fmt == "dot":
        typer.echo(tree.to_dot())
        return
    typer.echo(tree.to_text())
    roots = find_nodes(graph, ROOT_SYMBOL)
    if roots and tree.reaches(roots[0]):
        console.print(f"\n[green]✓ Dẫn tới Nghị quyết {ROOT_SYMBOL}.[/]")
    else:
        console.print(f"\n[yellow]✗ Không tìm thấy chuỗi căn cứ tới Nghị quyết {ROOT_SYMBOL}.[/]")


@app.command("implementers")
def implementers_cmd(
    doc: Annotated[str, typer.Argument(help="Văn bản: số ký hiệu (57-NQ/TW) hoặc IRI.")],
    as_json: JsonFlag = False,
    data_dir_opt: DataDir = None,
) -> None:
    """Các kế hoạch thực hiện một văn bản, trực tiếp hay gián tiếp (plans resting on a document)."""
    from rich.table import Table

    from kg.lineage import implementers

    try:
        found = implementers(_graph(data_dir_opt), doc)
    except PlanKGError as exc:
        fail(exc)
    if as_json:
        print_json([asdict(i) for i in found])
        return
    table = Table(title=f"Kế hoạch thực hiện {doc}: {len(found)}")
    for col in ("Tỉnh", "Địa bàn", "Kế hoạch", "Quan hệ", "Đường dẫn", "Tệp nguồn"):
        table.add_column(col)
    for i in found:
        table.add_row(i.province or "?", i.locality or "?", i.label,
                      "trực tiếp" if i.direct else "gián tiếp", " → ".join(i.path),
                      i.source_document or "")
    console.print(table)


@app.command("gaps")
def gaps_cmd(
    as_json: JsonFlag = False,
    data_dir_opt: DataDir = None,
) -> None:
    """Báo cáo khoảng trống: kế hoạch không dẫn tới NQ 57, bỏ qua kế hoạch của tỉnh, văn bản
    thiếu trong danh mục, ngày ban hành mâu thuẫn (lineage gaps)."""
    from kg.lineage import gaps

    try:
        report = gaps(_graph(data_dir_opt))
    except PlanKGError as exc:
        fail(exc)
    if as_json:
        print_json(report.to_json())
        return
    typer.echo(report.to_text())
