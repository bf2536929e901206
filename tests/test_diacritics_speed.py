"""The restorer's shortcuts (deletion index, cached lattices) give what the plain search gives."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ingest.diacritics import EDIT_COST, FUZZY_LIMIT, _deletions, get_restorer, restore

# Folded OCR readings of the kinds the channel searches: short, damaged, glued, empty.
VARIANTS = ["", "a", "xa", "thu", "thue", "phoi", "hoac", "nghiep", "chuyen", "tthanh",
            "qly", "dk", "nguoii", "truongg", "hieen", "kinhte"]


def _reference(variant: str, limit: int) -> list[tuple[str, int]]:
    hits = process.extract(variant, get_restorer()._folds, scorer=Levenshtein.distance,
                           score_cutoff=limit, limit=FUZZY_LIMIT)
    return [(fold, dist) for fold, dist, _ in hits]


def _near_folds(variant: str, limit: int) -> list[tuple[str, int]]:
    r = get_restorer()
    fold_of = {idx: fold for fold, ids in r._by_fold.items() for idx in ids}
    out: list[tuple[str, int]] = []
    ids, edits = r._near_uncached(variant, limit)
    for idx, cost in zip(ids.tolist(), edits.tolist(), strict=True):
        fold = fold_of[idx]
        if not out or out[-1][0] != fold:
            out.append((fold, round(cost / EDIT_COST)))
    return out


def test_diacritics_deletions_of_a_word() -> None:
    assert _deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert _deletions("ab", 2) == {"ab", "a", "b", ""}


def test_diacritics_near_search_equals_full_scan() -> None:
    for variant in VARIANTS:
        for limit in (1, 2):
            assert _near_folds(variant, limit) == _reference(variant, limit), (variant, limit)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdeghiklmnopqrstuvxy0146¢", max_size=7), st.sampled_from([1, 2]))
def test_diacritics_near_search_equals_full_scan_anywhere(variant: str, limit: int) -> None:
    assert _near_folds(variant, limit) == _reference(variant, limit)


def test_diacritics_transition_matrix_matches_single_lookups() -> None:
    r = get_restorer()
    ids = [r._index[s] for s in ("phát", "triển", "kinh", "tế", "số")]
    prev = np.array([-1, *ids])
    cur = np.array([*ids, -1])
    matrix = r._transitions(prev, cur)
    assert matrix.shape == (len(prev), len(cur))
    for i, p in enumerate(prev):
        for j, c in enumerate(cur):
            assert math.isclose(matrix[i, j], r.logp(int(p), int(c)) if p >= 0 or c < 0
                                else math.log(r._pcont[c]), rel_tol=1e-12)
    # a seen bigram is likelier than its back-off alone
    assert r.logp(ids[0], ids[1]) > math.log(r._pcont[ids[1]])


def test_diacritics_cached_restore_is_stable() -> None:
    text = "Phong Van hoa Xa hoi chu tri, phoi hop vdi cac don vi lien quan."
    first = restore(text, True)
    get_restorer().clear_caches()
    assert restore(text, True) == first
    assert restore(text, True) == first  # from the cache
    assert first.endswith("phối hợp với các đơn vị liên quan.")


def test_diacritics_batched_search_equals_single_search() -> None:
    r = get_restorer()
    r.clear_caches()
    tokens = ["thue", "hodc", "ph01", "Poan", "quyét", "hi¢én", "x4", "tdi", "lién", "s6"]
    r._prefetch(tokens, True)
    batched = dict(r._near_cache)
    assert len(batched) >= 5  # the searches were made in a batch
    for (variant, limit), (ids, edits) in batched.items():
        single_ids, single_edits = r._near_uncached(variant, limit)
        assert ids.tolist() == single_ids.tolist(), variant
        assert edits.tolist() == single_edits.tolist(), variant
