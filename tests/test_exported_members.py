"""The public surface of ``kg`` cannot drift: every exported name resolves, none is missing."""

from __future__ import annotations

import kg


def test_exported_members_resolve() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name


def test_exported_members_list_is_exact() -> None:
    assert kg.__all__ == sorted([
        "IngestReport", "OxigraphStore", "PlanKG", "SearchEngine", "SearchFilters",
        "SparqlEndpointStore", "Store", "build_plan_graph", "data_dir", "evaluate_dir", "gaps",
        "get_embedder", "implementers", "ingest_files", "ingest_record", "lineage_graph",
        "open_store", "remove_plan", "trace", "validate_graph",
    ])


def test_exported_members_unknown_name_raises() -> None:
    try:
        kg.not_a_member  # noqa: B018
    except AttributeError as exc:
        assert "not_a_member" in str(exc)
    else:
        raise AssertionError("unknown attribute resolved")
