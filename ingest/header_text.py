"""Folding and provenance shared by the header readers (``header``, ``header_issuer``,
``header_signer``): one memoised OCR fold, so a line folded by one reader is free for the next."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.document import SourceText
from ingest.places import ocr_fold
from ingest.records import Provenance

#: "Số:" before the plan's symbol, as printed or OCR'd ("S6", "Sé"); the left column ends there.
NUMBER_LABEL = re.compile(r"(?<![^\W\d_])(?:[sS][ốôoó6b0éèeỐÔOÓÉÈE])\s*[:.]?\s*(?=\d|[.…]{2,})")
#: The words of a line (letters only).
WORDS = re.compile(r"[^\W\d_]+")

_DP = re.compile(r"\bdp|\bpd")


@lru_cache(maxsize=65536)
def header_fold(text: str) -> str:
    """OCR fold for header matching; memoised, as stages fold the same lines repeatedly."""
    return _DP.sub("d", ocr_fold(text))


def line_provenance(source: SourceText, start: int, end: int, conf: float = 0.9,
                    method: str = "rule") -> Provenance:
    """Where a header field was read: the document, its lines and page, how and how surely."""
    page = source.lines[start - 1].page if 0 < start <= len(source.lines) else None
    return Provenance(doc=source.name, line_start=start, line_end=end, method=method,
                      confidence=conf, page=page)
