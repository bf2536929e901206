"""The text of one source document with a map from every line back to page and line number.

Readers (``ingest.readers``) produce a :class:`SourceText`; repair produces a new one with the
same line numbering, so provenance line spans always refer to the text as read.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of text. ``number`` is 1-based over the whole document, stable across repair."""

    number: int
    text: str  # repaired text (NFC, artefacts removed); what extractors read
    raw: str  # the line exactly as read
    page: int | None = None


@dataclass
class SourceText:
    """A document as lines. ``name`` is the file name used as the document's identity."""

    name: str
    lines: list[Line]
    media_type: str = "text/plain"
    # Cells of real tables (DOCX): one list of rows per table, each row a list of cell texts,
    # with the line numbers where that table's text sits in ``lines``.
    tables: list[SourceTable] = field(default_factory=list)
    lost_diacritics: bool = False  # the text layer has (mostly) no Vietnamese marks

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def span(self, start: int, end: int) -> list[Line]:
        """Lines ``start``..``end`` (1-based, inclusive)."""
        return self.lines[start - 1 : end]


@dataclass
class SourceTable:
    """A table whose cells the reader knows exactly (DOCX)."""

    rows: list[list[str]]
    line_start: int
    line_end: int
