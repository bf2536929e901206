"""The agency modules after the split: ``ingest.agencies`` still offers every name other
modules import, the parts import only downward, and each stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import ingest.agencies as agencies
from ingest import agency_matching

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["agency_lexicon", "agency_scores", "agency_windows", "agency_cut", "agency_matching",
         "agencies"]


def _part_imports(name: str) -> set[str]:
    tree = ast.parse((ROOT / "ingest" / f"{name}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("ingest."):
                found.add(node.module.split(".", 1)[1])
            elif node.module == "ingest":
                found.update(alias.name for alias in node.names)
    return found & set(PARTS)


def test_agencies_modules_reexport_what_other_modules_import() -> None:
    for name in ("AgencyMention", "find_agencies", "canonical_agency_name", "collect_agencies",
                 "agency_vocabulary_score", "is_generic_name", "level_word"):
        assert name in agencies.__all__, name
        assert getattr(agencies, name) is not None, name
    assert agencies.find_agencies is agency_matching.find_agencies
    # the matcher internals its tests and bench/bench_extract.py reach for
    for name in ("_lexicon", "_within_reach", "_plan", "_key_lengths", "_FUZZY_CUTOFF",
                 "_FUZZY_CUTOFF_LONG", "_LONG_CHARS"):
        assert hasattr(agencies, name), name


def test_agencies_modules_layered_and_small() -> None:
    assert _part_imports("agency_lexicon") == set()
    assert _part_imports("agency_scores") == set()
    assert _part_imports("agency_windows") <= {"agency_lexicon", "agency_scores"}
    assert _part_imports("agency_cut") <= {"agency_lexicon", "agency_scores"}
    assert _part_imports("agency_matching") <= {"agency_lexicon", "agency_windows", "agency_cut"}
    for name in PARTS:
        lines = (ROOT / "ingest" / f"{name}.py").read_text(encoding="utf-8").count("\n")
        assert lines < 400, f"{name}: {lines} lines"


def test_agencies_modules_lexicon_keys_fold_ocr_digits() -> None:
    from ingest.agency_lexicon import fold_key, word_tokens

    assert fold_key("Tổ công nghệ số") == fold_key("T6 cong nghe so")  # "6" read as "o"
    assert [t for _, _, t in word_tokens("HĐND và UBND")] == ["hdnd", "ubnd"]
