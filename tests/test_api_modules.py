"""The app facade after the split: ``kg.api`` still offers every name the pages and tests
import, its helper modules never import the facade back, and each stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import kg.api as api
from ingest.records import PlanHeader, PlanRecord, Task
from kg.api_upload import flag_record

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["api", "api_views", "api_compare", "api_lineage", "api_agencies", "api_curation",
         "api_sparql", "api_upload"]


def _imported_names_from_kg_api() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("kg/webapp/*.py"), *ROOT.glob("tests/*.py"), ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {alias.name for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom) and node.module == "kg.api"
                  for alias in node.names}
    return names


def test_api_modules_every_imported_name_resolves() -> None:
    names = _imported_names_from_kg_api()
    assert {"PlanKG", "UploadPreview", "AgencyView", "plan_label"} <= names
    for name in names | set(api.__all__):
        assert getattr(api, name) is not None, name


def test_api_modules_helpers_never_import_the_facade() -> None:
    for name in PARTS[1:]:
        tree = ast.parse((ROOT / "kg" / f"{name}.py").read_text(encoding="utf-8"))
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "kg.api" not in modules, name
    for name in PARTS:
        lines = (ROOT / "kg" / f"{name}.py").read_text(encoding="utf-8").count("\n")
        assert lines < 450, f"{name}: {lines} lines"


def test_api_modules_flag_record_names_a_task_without_lead_and_a_missing_header() -> None:
    header = PlanHeader(number="09/KH-UBND", issuer="UBND", locality=None, date="2025-05-01")
    record = PlanRecord(doc="ke_hoach.txt", header=header,
                        tasks=[Task(id="1", text="Xây dựng kho dữ liệu", lead=[])])
    flagged = flag_record(record)
    assert ("Nhiệm vụ", "1", "lead") in {(f.section, f.item, f.field) for f in flagged}
    assert ("Thông tin chung", "locality") in {(f.section, f.field) for f in flagged}
