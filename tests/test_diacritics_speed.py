"""The restorer's shortcuts (batched fuzzy search, cached lattices) change no answer."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ingest.diacritics import get_restorer, restore
from ingest.diacritics_channel import EDIT_COST, FUZZY_LIMIT, MIN_BATCH, UNKNOWN_LOGP

# Folded OCR readings of the kinds the channel searches: short, damaged, glued, empty.
VARIANTS = ["", "a", "xa", "thu", "thue", "phoi", "hoac", "nghiep", "chuyen", "tthanh",
            "qly", "dk", "nguoii", "truongg", "hieen", "kinhte", "¢o"]


def _reference(variant: str, limit: int) -> list[tuple[str, int]]:
    """The plain search: every folded syllable scored, nearest first, lexicon order on ties."""
    hits = process.extract(variant, get_restorer()._folds, scorer=Levenshtein.distance,
                           score_cutoff=limit, limit=FUZZY_LIMIT)
    return [(fold, dist) for fold, dist, _ in hits]


def _folds_of(found: tuple[np.ndarray, np.ndarray]) -> list[tuple[str, int]]:
    """(folded syllable, edits) back from a search result of syllable ids and edit costs."""
    r = get_restorer()
    fold_of = {idx: fold for fold, ids in r._by_fold.items() for idx in ids}
    ids, costs = found
    out: list[tuple[str, int]] = []
    for idx, cost in zip(ids.tolist(), costs.tolist(), strict=True):
        fold = fold_of[idx]
        if not out or out[-1][0] != fold:
            out.append((fold, round(cost / EDIT_COST)))
    return out


def test_diacritics_single_search_is_the_full_scan() -> None:
    r = get_restorer()
    for variant in VARIANTS:
        for limit in (1, 2):
            assert _folds_of(r._near_uncached(variant, limit)) == _reference(variant, limit)


def test_diacritics_batched_search_equals_full_scan() -> None:
    r = get_restorer()
    for limit in (1, 2):
        for variant, found in zip(VARIANTS, r._near_batch(VARIANTS, limit), strict=True):
            assert _folds_of(found) == _reference(variant, limit), (variant, limit)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcdeghiklmnopqrstuvxy0146¢", max_size=7), min_size=2,
                max_size=6), st.sampled_from([1, 2]))
def test_diacritics_batched_search_equals_full_scan_anywhere(variants: list[str],
                                                             limit: int) -> None:
    found = get_restorer()._near_batch(variants, limit)
    assert [_folds_of(f) for f in found] == [_reference(v, limit) for v in variants]


def test_diacritics_prefetch_fills_the_search_cache() -> None:
    r = get_restorer()
    r.clear_caches()
    texts = ["Poan Thanh nién phdi hgp vdi cac don vi trién khai",
             "hodc ph01 hgp x4, thue hién quyét dinh s6 lién quan hi¢én tdi"]
    r.prefetch(texts, True)
    assert len(r._near_cache) >= MIN_BATCH  # the searches were made, in a batch
    for (variant, limit), found in r._near_cache.items():
        assert _folds_of(found) == _reference(variant, limit), variant


def test_diacritics_transition_matrix_is_kneser_ney() -> None:
    r = get_restorer()
    ids = [r._index[s] for s in ("phát", "triển", "kinh", "tế", "số")]
    prev = [-1, *ids]
    cur = [*ids, -1]
    matrix = r._transitions(np.array(prev), np.array(cur))
    assert matrix.shape == (len(prev), len(cur))
    for i, p in enumerate(prev):
        for j, c in enumerate(cur):
            if c < 0:
                expected = UNKNOWN_LOGP
            elif p < 0:
                expected = math.log(r._pcont[c])
            else:  # back-off mass plus the bigram's own, read straight from the model
                key = p * r._n + c
                pos = int(np.searchsorted(r._keys, key))
                own = r._vals[pos] if r._keys[pos] == key else 0.0
                expected = math.log(r._alpha[p] * r._pcont[c] + own)
            assert math.isclose(matrix[i, j], expected, rel_tol=1e-12), (p, c)
    # "phát triển" is a seen bigram: likelier than its back-off alone
    assert matrix[1, 1] > math.log(r._pcont[ids[1]])


def test_diacritics_cached_restore_is_stable() -> None:
    text = "Phong Van hoa Xa hoi chu tri, phoi hop vdi cac don vi lien quan."
    first = restore(text, True)
    get_restorer().clear_caches()
    assert restore(text, True) == first
    assert restore(text, True) == first  # from the cache
    assert first.endswith("phối hợp với các đơn vị liên quan.")
