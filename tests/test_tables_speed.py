"""Speed-ups of the table stages must not change what they return (memoised layout, fold)."""

from __future__ import annotations

from pathlib import Path

from ingest.deadlines import _fold_char, fold_same_length
from ingest.pipeline import read_and_repair
from ingest.table_layout import locate_tables

SAMPLES = Path(__file__).resolve().parents[1] / "ingest" / "samples"


def test_fold_same_length_matches_per_character_fold() -> None:
    text = "Đến hết QUÝ II/2026 – Ủy ban nhân dân ﬁ ß İ ½ \u0301x"
    assert fold_same_length(text) == "".join(_fold_char(ch) for ch in text)
    assert len(fold_same_length(text)) == len(text)
    assert fold_same_length("Đến QUÝ") == "den quy"


def test_locate_tables_memoised_copies_are_independent() -> None:
    path = sorted(SAMPLES.glob("*.txt"))[0]
    source = read_and_repair(path)
    first = locate_tables(source)
    assert first, "a seed plan has at least one table"
    first[0].columns.append("changed")
    first[0].body_end = -1
    again = locate_tables(source)
    assert "changed" not in again[0].columns
    assert again[0].body_end != -1
    # a fresh read of the same file gives equal regions
    assert locate_tables(read_and_repair(path)) == again


def test_debris_before_second_word_counts_only_the_opening() -> None:
    from ingest.table_cells import debris_before_second_word

    # rule debris before a packed cell: counted
    assert debris_before_second_word("2 1 , A . cn L 2R Công an huyện") >= 2
    # running text: the second word comes before any debris
    assert debris_before_second_word("Triển khai cn 2R kế hoạch") == 0


def test_fuzzy_deadline_words_still_found() -> None:
    from ingest.deadlines import find_deadlines

    kinds = [d.kind for d in find_deadlines("Phòng Nội vụ Thusng xuyen")]
    assert "continuous" in kinds
