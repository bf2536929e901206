"""plankg's public surface: the few names the CLI, the app and other programs use.

Everything else in ``kg`` is private to the package and may change; ``tests/test_exported_members``
keeps this list and ``__all__`` in step (the httpx habit).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> module that defines it; imported on first use so `import kg` stays cheap
_EXPORTS = {
    "PlanKG": "kg.api",
    "open_store": "kg.loader",
    "ingest_files": "kg.loader",
    "ingest_record": "kg.loader",
    "remove_plan": "kg.loader",
    "IngestReport": "kg.loader",
    "build_plan_graph": "kg.builder",
    "OxigraphStore": "kg.store",
    "SparqlEndpointStore": "kg.store",
    "Store": "kg.store",
    "validate_graph": "kg.validate",
    "SearchEngine": "kg.search",
    "SearchFilters": "kg.search",
    "get_embedder": "kg.embeddings",
    "trace": "kg.lineage",
    "implementers": "kg.lineage",
    "gaps": "kg.lineage",
    "lineage_graph": "kg.lineage",
    "evaluate_dir": "kg.evaluation",
    "data_dir": "kg.config",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
