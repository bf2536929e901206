"""Tables of task and target appendices: the public surface of the table modules.

OCR and PDF text flatten a table into lines: one row's cells are spread over several lines and
interleaved with the neighbouring columns, and the row number may sit on the middle line of the
row (vertically centred) rather than the first. The work is split by step:

1. :mod:`ingest.table_columns`: column roles learned from the header words;
2. :mod:`ingest.table_layout`: where each table is (:func:`locate_tables`);
3. :mod:`ingest.table_numbering`: row numbers and group numerals, repaired against their
   sequence (:func:`repair_numbers`, :func:`corrected_romans`);
4. :mod:`ingest.table_rows`: the body cut into group headings and rows (:func:`segment_rows`);
5. :mod:`ingest.table_cells`: one line split into text and typed cell pieces
   (:func:`split_line`), using the vocabularies that tell cells apart.

Nothing here knows a particular document: only column labels, symbol grammar and vocabulary.
"""

from __future__ import annotations

from ingest.table_cells import (
    LineCells,
    Piece,
    agencies_in,
    clean_text,
    collective_cells,
    column_bar,
    office_names,
    split_line,
    text_column_width,
)
from ingest.table_layout import TableRegion, locate_tables
from ingest.table_numbering import corrected_romans, group_match, repair_numbers, roman, row_number
from ingest.table_rows import RawRow, Segmented, number_rest_is_text, segment_rows

# Former private names some tests still import from here.
_group_match = group_match
_number_rest_is_text = number_rest_is_text
_row_number = row_number

__all__ = [
    "LineCells",
    "Piece",
    "RawRow",
    "Segmented",
    "TableRegion",
    "agencies_in",
    "clean_text",
    "collective_cells",
    "column_bar",
    "corrected_romans",
    "locate_tables",
    "office_names",
    "repair_numbers",
    "roman",
    "segment_rows",
    "split_line",
    "text_column_width",
]
