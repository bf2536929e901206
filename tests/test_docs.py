"""Docs checked by tests: every CLI command and option is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from kg.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, list[str]]:
    group = typer.main.get_command(app)
    return {
        name: [o for p in sub.params if p.param_type_name == "option" for o in p.opts
               if o.startswith("--")]
        for name, sub in group.commands.items()  # type: ignore[attr-defined]
    }


def test_docs_every_command_is_in_readme() -> None:
    missing = [name for name in _commands() if f"plankg {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_docs_every_option_is_in_readme_section_of_its_command() -> None:
    missing = []
    for name, options in _commands().items():
        section = re.search(rf"^#+ `plankg {re.escape(name)}\b.*?(?=^#+ |\Z)", README,
                            flags=re.M | re.S)
        text = section.group(0) if section else ""
        missing.extend(f"{name} {opt}" for opt in options if opt not in text)
    assert not missing, f"options missing from their README section: {missing}"


def test_docs_readme_has_the_two_setup_commands() -> None:
    head = README[:3000]
    assert "make demo" in head and "make test" in head
