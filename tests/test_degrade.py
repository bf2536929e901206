"""Degraded evaluation: the gold plans with their marks stripped, scored against the same gold."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from paths import SHARED
from typer.testing import CliRunner

from ingest.degrade import DEGRADATIONS, degraded_extract
from ingest.document import Line, SourceText
from ingest.normalize import strip_marks
from kg.cli_eval import eval_command

CLEAN = "004_bb2f54c0a58013f3"  # the gold plan whose text layer kept its marks


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("eval")(eval_command)
    app.command("noop")(lambda: None)
    return app


def test_strip_marks_keeps_lines_and_flags_lost_marks() -> None:
    source = SourceText("x.txt", [Line(1, "Phòng Văn hóa – Xã hội", "Phòng Văn hóa – Xã hội", 2),
                                  Line(2, "Đảng ủy xã", "Đảng ủy xã")])
    damaged = DEGRADATIONS["strip-marks"](source)
    assert [(ln.number, ln.text, ln.page) for ln in damaged.lines] == [
        (1, "Phong Van hoa – Xa hoi", 2), (2, "Dang uy xa", None)]
    assert damaged.lost_diacritics and not source.lost_diacritics


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="shared/seeds not available")
def test_degraded_plan_is_restored_and_still_extracted() -> None:
    path = next((SHARED / "seeds").glob(f"{CLEAN}*"))
    record = degraded_extract(path, "strip-marks", ("header", "citations", "restore"))
    assert record.header.issuer == "UBND xã Nha Bích" and record.header.province == "Đồng Nai"
    assert any(d.number == "57-NQ/TW" for d in record.legal_bases)
    assert record.header.title != strip_marks(record.header.title or "")  # marks put back


@pytest.mark.skipif(not (SHARED / "gold").is_dir(), reason="shared/gold not available")
def test_eval_cli_degrade_option(tmp_path: Path) -> None:
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir(), docs.mkdir()
    shutil.copy(SHARED / "gold" / f"{CLEAN}.json", gold)
    shutil.copy(next((SHARED / "seeds").glob(f"{CLEAN}*")), docs)
    args = ["eval", "--gold", str(gold), "--docs", str(docs), "--stages", "header,citations"]
    result = CliRunner().invoke(_app(), [*args, "--degrade", "strip-marks", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["degrade"] == "strip-marks"
    assert data["overall"]["legal_bases"]["f1"] >= 0.9
    bad = CliRunner().invoke(_app(), [*args, "--degrade", "smudge"])
    assert bad.exit_code != 0 and "strip-marks" in bad.output
