"""The core CLI end to end on the bundled samples: real extraction, real Oxigraph on disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cli_core import sample_dir

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the five samples ingested (graph only: the index has its own tests)."""
    base = tmp_path_factory.mktemp("cli-data")
    code, out = run("ingest", str(sample_dir()), "--data-dir", str(base), "--no-index", "--json")
    assert code == 0, out
    reports = json.loads(out)
    assert [r["status"] for r in reports] == ["ok"] * 5
    return base


def test_cli_stats_counts_five_plans(data: Path) -> None:
    code, out = run("stats", "--data-dir", str(data), "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["plans"] == 5
    for key in ("legal_documents", "agencies", "tasks", "localities"):
        assert stats[key] > 0, key


def test_cli_sparql_answers_and_refuses_updates(data: Path) -> None:
    code, out = run("sparql", "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a pk:Plan } }",
                    "--data-dir", str(data), "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["n"] == "5"
    _, before = run("stats", "--data-dir", str(data), "--json")
    result = runner.invoke(app, ["sparql", "DROP ALL", "--data-dir", str(data)])
    assert result.exit_code != 0
    assert "PK2" in result.stderr
    _, after = run("stats", "--data-dir", str(data), "--json")
    assert json.loads(after) == json.loads(before)


def test_cli_reingest_keeps_quad_count(data: Path, tmp_path: Path) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, before = run("sparql", query, "--data-dir", str(data), "--format", "json")
    sample = sorted(sample_dir().glob("*.txt"))[0]
    code, out = run("ingest", str(sample), "--data-dir", str(data), "--no-index", "--json")
    assert code == 0, out
    _, after = run("sparql", query, "--data-dir", str(data), "--format", "json")
    assert json.loads(after) == json.loads(before)


def test_cli_remove_deletes_exactly_one_plan(tmp_path: Path) -> None:
    files = sorted(sample_dir().glob("*.txt"))[:2]
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    base = tmp_path / "data"
    code, _ = run("ingest", str(tmp_path), "--data-dir", str(base), "--no-index")
    assert code == 0
    code, out = run("remove", files[0].name, "--data-dir", str(base), "--json")
    assert code == 0
    assert len(json.loads(out)["removed"]) == 1
    _, stats = run("stats", "--data-dir", str(base), "--json")
    assert json.loads(stats)["plans"] == 1
    code, _ = run("remove", files[0].name, "--data-dir", str(base))
    assert code != 0


def test_cli_broken_file_reports_error_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    base = tmp_path / "data"
    result = runner.invoke(app, ["ingest", str(bad), "--data-dir", str(base), "--no-index",
                                 "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)[0]
    assert report["status"] == "error" and report["error"].startswith("PK1")
    _, stats = run("stats", "--data-dir", str(base), "--json")
    assert json.loads(stats)["plans"] == 0


def test_cli_export_formats(data: Path) -> None:
    code, out = run("export", "--format", "nquads", "--data-dir", str(data))
    assert code == 0 and out.count("\n") > 100
    code, out = run("export", "--format", "csv", "--data-dir", str(data))
    assert code == 0 and out.splitlines()[0].count(",") >= 3


def test_cli_extract_json_in_gold_schema() -> None:
    sample = sorted(sample_dir().glob("*.txt"))[0]
    code, out = run("extract", str(sample), "--json")
    assert code == 0
    record = json.loads(out)
    assert set(record) >= {"doc", "plan", "legal_bases", "cited_documents", "tasks", "indicators"}
    assert record["plan"]["number"] == "09/KH-UBND"
