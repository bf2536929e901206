"""The agency matcher's shortcuts (length bound, memoised lookups) change no answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from ingest.agencies import _within_reach, find_agencies

WORDS = st.text(alphabet="abcdghnoptuy", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS, st.sampled_from([80.0, 86.0]))
def test_agencies_out_of_reach_never_scores_enough(a: str, b: str, cutoff: float) -> None:
    if not _within_reach(len(a), (len(b), len(b)), cutoff):
        assert fuzz.ratio(a, b) < cutoff


def test_agencies_reach_bound_is_tight() -> None:
    # 200 * 8 / (8 + 12) = 80: a 12-letter string can still reach 80 against an 8-letter key
    assert _within_reach(12, (8, 8), 80.0)
    assert not _within_reach(13, (8, 8), 80.0)
    assert _within_reach(13, (8, 30), 80.0)  # a longer key of the same first word may
    assert not _within_reach(5, (0, 0), 80.0)  # no fuzzy key at all


def test_agencies_memoised_result_is_a_fresh_list() -> None:
    text = "Phòng Văn hóa - Xã hội chủ trì, phối hợp Công an xã"
    first = find_agencies(text, "xã Tân Lập")
    assert [m.agency_type for m in first]  # something was found
    first.clear()
    again = find_agencies(text, "xã Tân Lập")
    assert again and again == find_agencies(text, "xã Tân Lập")
    assert again[0].surface.startswith("Phòng Văn hóa")


def test_agencies_scan_plan_matches_the_length_rules() -> None:
    """_plan folds the per-length checks of a window scan into one table per first word."""
    from ingest.agencies import (
        _FUZZY_CUTOFF,
        _FUZZY_CUTOFF_LONG,
        _LONG_CHARS,
        _key_lengths,
        _lexicon,
        _plan,
    )

    lex = _lexicon()
    for first in ("ban", "phong", "cac", "uy", "xay", "poan", "trung"):
        max_len, reach = _plan(first)
        lengths = _key_lengths(first)
        assert len(reach) == max_len + 1
        for length in range(1, int(1.25 * lex.max_key_chars) + 2):
            stop = length > 1.25 * lex.max_key_chars or (
                length > max(lex.max_key_chars, _LONG_CHARS, lengths[1])
                and not _within_reach(length, lengths, _FUZZY_CUTOFF_LONG))
            assert (length > max_len) == stop, (first, length)
            if not stop:
                cutoff = _FUZZY_CUTOFF_LONG if length >= _LONG_CHARS else _FUZZY_CUTOFF
                assert reach[length] == (cutoff if _within_reach(length, lengths, cutoff)
                                         else 0.0)
