"""docs/search.md documents every search command and option (so the docs cannot drift)."""

from pathlib import Path

import typer

from kg.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "search.md"


def test_search_docs_cover_commands_and_options():
    text = DOC.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name in ("search", "similar", "families", "eval-search"):
        command = group.commands[name]
        assert f"plankg {name}" in text, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in text, f"{name} {opt}"
