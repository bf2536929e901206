"""Where the tests find ../shared (gold, queries, catalog): beside the project root, as on CI.

``PLANKG_SHARED`` overrides it. Tests that need these facts skip when the folder is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PLANKG_SHARED") or ROOT.parent / "shared")
