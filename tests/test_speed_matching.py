"""The agency matcher's shortcuts (fuzzy look-ups of a window scored in one cdist, windows
cut from running lengths, cell starts read only near the end) change no answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from ingest.agency_cut import cell_starts
from ingest.agency_lexicon import keys_for_first, lexicon, word_tokens
from ingest.agency_windows import (
    FUZZY_CUTOFF,
    FUZZY_CUTOFF_LONG,
    _fuzzy_rows,
    best_at,
    best_windows,
    could_start,
)

TEXTS = [
    "Phong Van hoa Xa hoi chu tri, phoi hop Trung tim PVHCC va Poan Thanh nién phudng",
    "UBND phường; Công an phường, các trường học trên địa bàn 2025",
    "Ủy ban Kiểm tra Đảng ủy | Văn phòng HĐND và UBND | Phòng Văn hóa, Khoa",
    "trien khai thuc hien chuyen doi so trong cac co quan don vi",
]


def _reference(queries: list[tuple[str, float]], keys: tuple[str, ...]
               ) -> dict[str, tuple[str, float] | None]:
    out: dict[str, tuple[str, float] | None] = {}
    for query, cutoff in queries:
        hit = process.extractOne(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        out[query] = None if hit is None else (hit[0], hit[1])
    return out


def _hits(queries: list[tuple[str, float]], keys: tuple[str, ...]
          ) -> dict[str, tuple[str, float] | None]:
    """:func:`_fuzzy_rows` by query (None for every query when it answers None)."""
    rows = _fuzzy_rows(queries, keys) or [None] * len(queries)
    return {q: hit for (q, _), hit in zip(queries, rows, strict=True)}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abcdeghiklmnoprstuvy", min_size=1, max_size=24),
                          st.sampled_from([FUZZY_CUTOFF, FUZZY_CUTOFF_LONG])),
                min_size=1, max_size=8, unique_by=lambda q: q[0]),
       st.sampled_from(["phong", "trung", "uy", "doan", "cong", "van", "ban", "hoi"]))
def test_speed_batched_fuzzy_equals_extract_one(queries: list[tuple[str, float]],
                                                first: str) -> None:
    keys = keys_for_first(first)
    assert keys, first
    assert _hits(queries, keys) == _reference(queries, keys)


def test_speed_batched_fuzzy_finds_a_damaged_name() -> None:
    keys = keys_for_first("phong")
    queries = [("phongvanhoaxahoi", FUZZY_CUTOFF_LONG), ("phongvanhoaxahoj", FUZZY_CUTOFF_LONG),
               ("phong", FUZZY_CUTOFF)]
    found = _hits(queries, keys)
    assert found == _reference(queries, keys)
    assert found["phongvanhoaxahoj"] is not None  # one letter damaged still matches


def test_speed_best_windows_equal_best_at() -> None:
    lex = lexicon()
    for text in TEXTS:
        toks = word_tokens(text)
        words = tuple(t for _, _, t in toks)
        starts = [i for i, w in enumerate(words) if could_start(w)]
        assert starts
        assert best_windows(words, starts, lex.max_tokens) == [
            best_at(toks, i, lex, words) for i in starts]


def test_speed_cell_starts_from_an_index_are_the_tail_of_all() -> None:
    for text in TEXTS:
        toks = word_tokens(text)
        every = cell_starts(text, toks)
        for first in range(len(toks) + 1):
            assert cell_starts(text, toks, first) == {i for i in every if i >= first}


def test_speed_could_start_prefix_set_equals_scan() -> None:
    """A first word of 3+ letters that the token starts with, found among its prefixes."""
    lex = lexicon()
    words = {f + tail for f in lex.first_tokens for tail in ("", "x", "truonghoc")}
    words |= {f[:k] for f in lex.first_tokens for k in range(len(f) + 1)}
    words |= {"trien", "dung", "qwzx", "cactruonghoc", "poan", "vin"}
    for w in words:
        expected = w in lex.first_tokens or (len(w) >= 3 and (
            any(len(f) >= 3 and w.startswith(f) for f in lex.first_tokens)
            or process.extractOne(w, lex.first_token_list, scorer=fuzz.ratio,
                                  score_cutoff=65) is not None))
        assert could_start(w) == expected, w


def _seed_lines(prefix: str) -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "ingest" / "samples"
    return [line for path in sorted(root.glob(f"{prefix}*"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_speed_lower_case_openings_not_matched_change_nothing() -> None:
    """Words in lower case that can only open names :func:`_capitalised` refuses are not
    matched at all (no collective key, no acronym within reach, and no exact key it keeps
    ahead); every text gives what matching from every word gives."""
    from ingest import agency_matching
    from ingest.agency_matching import _find_agencies, _read

    texts = [
        "trong Vian hoa, KH&TT; Phong Van hoa Xa hoi chu tri",
        "céc co quan, don vi, dia phuong bao dam; cdc ngan hang",
        "nâng cao chất lượng cung cấp dịch vụ công trực tuyến của UBND phường",
        "phòng chống thiên tai; trung tâm phục vụ hành chính công phường",
        "cia T6 cong nghé s6 cong dong, Poan thanh nién",
        "công tác chuyển đổi số; công an phường phối hợp ban chỉ đạo",
        "văn phòng hđnd và ubnd phường; đoàn thanh niên, hội phụ nữ",
    ] + _seed_lines("002")[:400]
    lex = lexicon()
    fewer = 0
    for text in texts:
        toks = word_tokens(text)
        everything = [i for i, (_, _, w) in enumerate(toks) if could_start(w)]
        starts = _read(text, lex.max_tokens)[1]
        assert set(starts) <= set(everything)
        fewer += len(starts) < len(everything)
        real = agency_matching._read
        _find_agencies.cache_clear()
        try:
            agency_matching._read = lambda t, n, k=toks, all_=everything: (k, all_)
            full = _find_agencies(text, None)
        finally:
            agency_matching._read = real
        _find_agencies.cache_clear()
        assert _find_agencies(text, None) == full, text
    assert fewer >= 50  # the pruning is exercised
    # running text in lower case opens a window only with an acronym near (kind 2)
    assert agency_matching._word_kind("triển") == ("trien", 2)
    assert agency_matching._word_kind("cic") == ("cic", 1)  # OCR of "các": collective cells
    # "trung tâm phục vụ hành chính công" in lower case: a long exact key, kept
    text = "phòng chống thiên tai; trung tâm phục vụ hành chính công phường"
    toks = word_tokens(text)
    assert [w for _, _, w in toks].index("trung") in _read(text, lex.max_tokens)[1]


def test_speed_direct_cdist_equals_the_wrapper(monkeypatch) -> None:
    """The compiled cdist called directly scores exactly as ``process.cdist`` does."""
    import numpy as np

    from ingest import agency_scores

    keys = keys_for_first("phong")
    queries = ["phongvanhoa", "phongvanhoaxahoj", "phongtaichinhkehoach", "phong"]
    direct = agency_scores.ratio_matrix(queries, keys, FUZZY_CUTOFF_LONG)
    monkeypatch.setattr(agency_scores, "_cdist_impl", None)
    wrapped = agency_scores.ratio_matrix(queries, keys, FUZZY_CUTOFF_LONG)
    assert direct.dtype == wrapped.dtype == np.float64
    assert np.array_equal(direct, wrapped)
    assert np.count_nonzero(direct)  # some key is near: the comparison is not of zeros


def test_speed_keys_for_first_prefix_lookup_equals_scan() -> None:
    """First words found by prefix look-up and one sorted run, and their keys found by
    position, are those a scan finds."""
    from ingest.agency_lexicon import _key_firsts, _keys_of_firsts

    firsts = _key_firsts()
    words = {f + tail for f in firsts for tail in ("", "g", "truonghoc")}
    words |= {f[:k] for f in firsts for k in range(1, len(f) + 1)}
    words |= {"trien", "dung", "qwzx", "cactruonghoc", "poan", "vin", "z"}
    for w in words:
        near = frozenset(f for f, _, _ in process.extract(
            w, firsts, scorer=fuzz.ratio, score_cutoff=60, limit=None)).union(
            f for f in firsts if w.startswith(f) or f.startswith(w))
        lex = lexicon()
        scan = tuple(key for key in lex.fuzzy_keys if lex.first_of_key[key] in near)
        assert keys_for_first(w) == _keys_of_firsts(near) == scan, w
    assert keys_for_first("phong")  # not vacuous


def test_speed_cut_at_end_equals_scan_of_every_key() -> None:
    """A cut name scored in one matrix per cell start is the one scoring key by key finds."""
    from ingest.agency_cut import _CUT_CUTOFF, cell_starts, cut_at_end

    lines = ["Phòng Văn hóa, Khoa", "10 | Trung tâm Phục vụ hành chính", "2025; Phòng Kinh tế, Hạ",
             "Ban Chỉ đạo chuyển đổi số", "Văn phòng HĐND và"]
    lex = lexicon()
    found = 0
    for line in lines:
        toks = word_tokens(line)
        words = tuple(t for _, _, t in toks)
        starts = cell_starts(line, toks)
        got = cut_at_end.__wrapped__(words, starts, frozenset())
        for i in sorted(starts):
            joined = "".join(words[i:])
            for key in keys_for_first(words[i]):
                if len(key) - len(joined) >= 3 and len(joined) >= 12 and len(words) - i >= 3:
                    score = max(fuzz.ratio(joined, key[:len(joined) + d]) for d in range(-2, 3))
                    if got is not None and got[0] == i and got[2].key == key:
                        assert abs(got[3] / 0.8 - score) < 1e-9
                        found += 1
                    if score >= _CUT_CUTOFF:
                        assert lex.by_key[key]
    assert found  # some line gave a cut name to compare


def test_speed_one_pass_read_equals_word_tokens() -> None:
    """The words read in one pass with the name starts are :func:`word_tokens`."""
    from ingest.agency_matching import _read

    lex = lexicon()
    texts = TEXTS + _seed_lines("002") + ["", "và & ,", "trong UBND"]
    with_starts = 0
    for text in texts:
        toks, starts = _read(text, lex.max_tokens)
        assert toks == word_tokens(text), text
        assert starts == sorted(set(starts))
        with_starts += bool(starts)
    assert with_starts >= 4
