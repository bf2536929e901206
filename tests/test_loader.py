"""Ingest orchestration: failures before the write leave the store untouched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import extract
from kg.cli_core import sample_dir
from kg.loader import ingest_record, plans_for_document
from kg.search import SearchEngine
from kg.store import OxigraphStore


class BrokenEmbedder:
    """An embedding backend that fails, as a missing model would."""

    name = "broken/test"
    dim = 8

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("model file missing")

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("model file missing")


def test_loader_embedding_failure_writes_no_graph(tmp_path: Path) -> None:
    record = extract(sorted(sample_dir().glob("*.txt"))[-1])
    store = OxigraphStore.in_memory()
    engine = SearchEngine.open(tmp_path / "index", embedder=BrokenEmbedder())
    with pytest.raises(RuntimeError):
        ingest_record(record, store, engine)
    assert plans_for_document(store, record.doc) == []
    assert engine.indexed_iris() == set()


def test_loader_reingest_replaces_by_document_name() -> None:
    record = extract(sorted(sample_dir().glob("*.txt"))[-1])
    store = OxigraphStore.in_memory()
    first = ingest_record(record, store)
    record.header.locality = "xã Khác"  # the same file read differently gets another plan IRI
    second = ingest_record(record, store)
    assert second.plan_iri != first.plan_iri
    assert second.replaced == [first.plan_iri]
    assert plans_for_document(store, record.doc) == [second.plan_iri]
