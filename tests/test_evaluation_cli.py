"""``plankg eval`` through typer's runner, with a gold-backed extractor in place of the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from paths import SHARED
from typer.testing import CliRunner

from ingest import pipeline
from ingest.records import PlanRecord, record_from_gold
from kg.cli_eval import eval_command

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "gold"
if not GOLD_DIR.is_dir():
    GOLD_DIR = SHARED / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))

pytestmark = pytest.mark.skipif(not GOLD_FILES, reason="shared/gold not available")


def _app() -> typer.Typer:
    # a local app with two commands, so "eval" stays a sub-command as in kg.cli
    app = typer.Typer()
    app.command("eval")(eval_command)

    @app.command("version")
    def version() -> None:
        typer.echo("test")

    return app


@pytest.fixture()
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in GOLD_FILES:
        (docs / f"{path.stem}.txt").write_text("placeholder", encoding="utf-8")

    def extract(path: str | Path, stages: tuple[str, ...] = pipeline.DEFAULT_PIPELINE,
                ) -> PlanRecord:
        data = json.loads((GOLD_DIR / f"{Path(path).stem}.json").read_text(encoding="utf-8"))
        data["tasks"] = data["tasks"][: len(data["tasks"]) // 2]
        if "header" not in stages:
            data["plan"] = {}
        return record_from_gold(data)

    monkeypatch.setattr(pipeline, "extract", extract)
    return GOLD_DIR, docs


def test_evaluation_cli_prints_summary_table_last(dirs: tuple[Path, Path]) -> None:
    gold, docs = dirs
    result = CliRunner().invoke(_app(), ["eval", "--gold", str(gold), "--docs", str(docs)])
    assert result.exit_code == 0, result.output
    tail = result.output.strip().splitlines()[-12:]
    assert any("indicators.target" in line for line in tail)
    tasks_line = next(line for line in result.output.splitlines() if "│ tasks " in line)
    assert "1.000" in tasks_line and "0.50" in tasks_line  # precision 1, recall about half


def test_evaluation_cli_json(dirs: tuple[Path, Path]) -> None:
    gold, docs = dirs
    result = CliRunner().invoke(_app(), ["eval", "--gold", str(gold), "--docs", str(docs),
                                         "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["tasks"]["precision"] == 1.0
    assert 0.45 < data["overall"]["tasks"]["recall"] < 0.55
    assert len(data["documents"]) == len(GOLD_FILES)


def test_evaluation_cli_missing_dir_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["eval", "--gold", str(tmp_path / "nope"),
                                         "--docs", str(tmp_path)])
    assert result.exit_code != 0


def test_evaluation_cli_stages_scores_only_their_fields(dirs: tuple[Path, Path]) -> None:
    gold, docs = dirs
    result = CliRunner().invoke(_app(), ["eval", "--gold", str(gold), "--docs", str(docs),
                                         "--stages", "tasks", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["stages"] == ["tasks"]
    assert set(data["overall"]) == set(data["fields"])
    assert "tasks.lead" in data["overall"] and "plan.number" not in data["overall"]


def test_evaluation_cli_unknown_stage_fails(dirs: tuple[Path, Path]) -> None:
    gold, docs = dirs
    result = CliRunner().invoke(_app(), ["eval", "--gold", str(gold), "--docs", str(docs),
                                         "--stages", "nonsense"])
    assert result.exit_code != 0
