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
