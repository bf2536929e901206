"""The restorer's batched transitions and numbered candidate lists change no answer."""

from __future__ import annotations

import numpy as np

from ingest.diacritics import get_restorer

WORDS = ["phát", "triển", "kinh", "tế", "số", "thực", "hiện", "xã", "hội", "chuyển", "đổi"]


def test_speed_transitions_by_shape_equal_one_pair_at_a_time() -> None:
    """Pairs of several shapes (unknown ids included) computed together give, bit for bit,
    the matrices computed one pair at a time."""
    r = get_restorer()
    ids = [r._index[w] for w in WORDS]
    cols = [r._column(tuple(ids[:3]), ()), r._column((ids[3], -1, ids[4]), ()),
            r._column(tuple(ids[5:]), ()), r._column((ids[0],), ()), r._start]
    pairs = [(p, c) for p in cols for c in cols]
    together = r._batch_transitions(pairs)
    for (p, c), matrix in zip(pairs, together, strict=True):
        alone = r._batch_transitions([(p, c)])[0]
        assert matrix.shape == (len(p.ids), len(c.ids))
        assert np.array_equal(matrix, alone)
    # an unknown candidate reads the unknown-word probability from any context
    unknown = r._batch_transitions([(cols[0], cols[1])])[0][:, 1]
    assert np.all(unknown == unknown[0]) and unknown[0] < -10


def test_speed_candidate_list_numbers_are_never_reused() -> None:
    r = get_restorer()
    first = r._ids_key((1, 2, 3))
    assert r._ids_key((1, 2, 3)) == first  # one list, one number
    r._ids_keys.clear()  # as when the table is full
    again = r._ids_key((1, 2, 3))
    other = r._ids_key((4, 5))
    assert again != first and other not in (first, again)


def test_speed_restore_after_cache_reset_is_unchanged() -> None:
    r = get_restorer()
    text = "Trien khai thuc hien chuyen doi so, phat trien kinh te so va xa hoi so."
    before = r.restore(text, True)
    r.clear_caches()
    r.prefetch([text], True)
    assert r.restore(text, True) == before
    assert before.startswith("Triển khai thực hiện chuyển đổi số")


# OCR'd, typed, marked, Latin-1-marked, damaged, glued and unknown tokens
TOKENS = ["thue", "hién", "quyét", "ph01", "x4", "hi¢én", "d6i", "Poan", "phdi", "hgp", "vdi",
          "trién", "khai", "thực", "VNeID", "kinhte", "zzq", "a", "16", "ho", "nguoii", "số"]


def test_speed_batched_candidates_equal_one_token_at_a_time() -> None:
    """Candidates ranked for many tokens together are, value for value and in order, the
    ones ranked token by token (ties included)."""
    r = get_restorer()
    for ocr in (True, False):
        r.clear_caches()
        r._prefetch_candidates(TOKENS, ocr)
        assert all((t, ocr) in r._cand_cache for t in TOKENS)
        for token in TOKENS:
            assert r._cand_cache[(token, ocr)] == r._candidates_uncached(token, ocr), token
    assert any(i < 0 for i, _ in r._cand_cache[("zzq", False)])  # kept as printed


def test_speed_rank_is_lexsort() -> None:
    from ingest.diacritics_channel import _rank

    rng = np.random.default_rng(0)
    groups = rng.integers(0, 5, 300)
    values = rng.choice([-2.5, -0.0, 0.0, 1.25, 3.0, -7.0], 300)  # many ties, both zeros
    ties = rng.permutation(1000)[:300]
    assert np.array_equal(_rank(groups, values, ties), ties[np.lexsort((ties, values, groups))])


RUNS_TEXT = [
    "Trien khai thuc hien chuyen doi so, phat trien kinh te so va xa hoi so.",
    "Poan Thanh nién phdi hgp vdi cac don vi trién khai; hodc ph01 hgp x4 UBND 57-NQ/TW",
    "thue hién quyét dinh s6 16 lién quan hi¢én tdi VNeID, ty 16 HDND xa.",
    "Ho tro ho so truc tuyen toan trinh",
]


def test_speed_batched_decoding_equals_run_by_run() -> None:
    """Runs of many lengths (numbers, acronyms, symbols, unknown words among them) decoded
    together give the words decoded one run at a time."""
    from ingest.diacritics_lattice import decode_runs

    r = get_restorer()
    for ocr in (True, False):
        r.clear_caches()
        runs = list(dict.fromkeys(tuple((t.text, t.protected, t.symbol) for t in run)
                                  for text in RUNS_TEXT for run in r._text_runs(text)))
        assert len({len(run) for run in runs}) > 3
        together = decode_runs(r, runs, ocr)
        r.clear_caches()
        assert together == [r._decode_uncached(run, ocr) for run in runs]
    single = [(("thue", False, False),), (("57", True, False),), (("UBND", True, False),)]
    r.clear_caches()
    assert decode_runs(r, single, True) == [("thuế",), ("57",), ("UBND",)]  # one step only


def test_speed_prefetched_restore_equals_plain_restore() -> None:
    r = get_restorer()
    r.clear_caches()
    plain = [r._restore_uncached(text, True) for text in RUNS_TEXT]  # runs decoded one by one
    assert not r._prefetched_texts
    r.clear_caches()
    r.prefetch(RUNS_TEXT, True)
    assert len(r._decoded) >= 4  # decoded in the batch
    assert [r.restore(text, True) for text in RUNS_TEXT] == plain
