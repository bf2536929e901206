"""``fuzz.ratio`` of many strings against many, as the matcher's hot loops need it.

``process.cdist`` spends as long in its Python wrapper (dtype look-up) as in scoring a short
window against a word's keys, so the compiled function is called directly when present.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

try:  # the compiled cdist rapidfuzz's ``process.cdist`` wraps
    from rapidfuzz.process_cpp_impl import FLOAT64 as _FLOAT64
    from rapidfuzz.process_cpp_impl import cdist as _cdist_impl
except ImportError:  # a pure-Python rapidfuzz
    _FLOAT64, _cdist_impl = None, None


def ratio_matrix(queries: list[str], choices: list[str] | tuple[str, ...], cutoff: float
                 ) -> np.ndarray:
    """``process.cdist(queries, choices, scorer=fuzz.ratio, score_cutoff=cutoff)`` as float64
    on one thread: scores under ``cutoff`` read 0."""
    if _cdist_impl is None:
        return process.cdist(queries, choices, scorer=fuzz.ratio, score_cutoff=cutoff,
                             dtype=np.float64, workers=1)
    return np.asarray(_cdist_impl(queries, choices, scorer=fuzz.ratio, score_cutoff=cutoff,
                                  dtype=_FLOAT64, workers=1))
