"""Where plankg keeps its data: one directory holding the store, the indexes and uploads."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATA_DIR = "PLANKG_DATA_DIR"
ENV_EMBEDDER = "PLANKG_EMBEDDER"
ENV_SPARQL_ENDPOINT = "PLANKG_SPARQL_ENDPOINT"
ENV_EDITOR_PASSWORD = "PLANKG_EDITOR_PASSWORD"


def data_dir(override: str | Path | None = None) -> Path:
    """``--data-dir`` beats ``PLANKG_DATA_DIR`` beats the platform default (~/.local/share/plankg)."""
    chosen = override or os.environ.get(ENV_DATA_DIR) or user_data_dir("plankg", appauthor=False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_dir(base: Path) -> Path:
    return base / "store"


def index_dir(base: Path) -> Path:
    return base / "index"


def uploads_dir(base: Path) -> Path:
    return base / "uploads"
