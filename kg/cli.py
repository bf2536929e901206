"""The ``plankg`` command line. Commands of each area live in ``kg/cli_<area>.py`` modules
that register themselves on :data:`app`; they are imported at the bottom of this file."""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

import typer
from rich.console import Console

from ingest.errors import PlanKGError

app = typer.Typer(
    name="plankg",
    help="plankg: đồ thị tri thức và tìm kiếm ngữ nghĩa cho kế hoạch thực hiện Nghị quyết 57-NQ/TW "
    "(knowledge graph and semantic search for plans implementing Resolution 57-NQ/TW).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)

DATA_DIR_HELP = "Thư mục dữ liệu (data directory; env PLANKG_DATA_DIR)."


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, Vietnamese unescaped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(exc: PlanKGError | str, code: int = 1) -> None:
    """Show a coded error the same way everywhere and exit non-zero."""
    err_console.print(f"[bold red]Lỗi[/] {exc}")
    raise typer.Exit(code)


#: Command modules, in the order their commands appear in ``plankg --help``.
COMMAND_MODULES = ("kg.cli_core", "kg.cli_eval", "kg.cli_search", "kg.cli_lineage")
for _name in COMMAND_MODULES:
    importlib.import_module(_name)
