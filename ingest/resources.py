"""Memory management around extraction: the cyclic garbage collector, kept out of the way.

Extracting one plan allocates hundreds of thousands of small objects (tokens, matches,
cache entries) that either live on in caches or die by reference counting; the cyclic
collector's passes over them took about 7% of a large plan's extraction and freed a few
thousand objects. The resources built once per process (the restorer's model, the agency
lexicon) live as long as the process, so full collections need not walk them either.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def keep_for_process() -> None:
    """Move every object alive now to the collector's permanent generation: called once a
    process-wide resource is built, so later collections skip it (``gc.freeze``)."""
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for one extraction; the cycles it leaves are collected
    on the next pass after it. Nested or already-paused callers keep it paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
