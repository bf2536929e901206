"""The matcher's shortcuts (cut windows, shared scan plans, batched first-word look-ups)
must give exactly what the full scan gives."""

from __future__ import annotations

from rapidfuzz import fuzz

from ingest.agency_lexicon import keys_for_first, lexicon, word_tokens
from ingest.agency_windows import _best_window, scan_bound, scan_plan, scanned_window

_TEXTS = [
    "Ủy ban nhân dân xã chủ trì, phối hợp Văn phòng HĐND và UBND xã thực hiện",
    "Trung tim PVHCC phường; Poan Thanh nién xã và các nhà trường trên địa bàn",
    "Phòng Văn hóa, Khoa học và Thông tin phối hợp Công an phudng triển khai",
    "Ban Chỉ đạo chuyển đổi số của Đảng ủy xã UBMTTQ xã",
]


def test_agencies_cut_window_keeps_the_full_scan_result() -> None:
    lex = lexicon()
    checked = 0
    for text in _TEXTS:
        words = tuple(t for _, _, t in word_tokens(text))
        for i in range(len(words)):
            full = _best_window.__wrapped__(words[i:i + lex.max_tokens])
            cut = _best_window.__wrapped__(scanned_window(words, i, lex.max_tokens))
            assert cut == full, words[i:i + 4]
            checked += full is not None
    assert checked >= 4  # the texts do name agencies


def test_agencies_scan_bound_within_plan() -> None:
    for first in ("ubnd", "phong", "trung", "xyzab", "cac"):
        max_len, _ = scan_plan(first)
        assert -1 <= scan_bound(first) <= max_len
    assert scan_bound("xyzab") == -1  # no key opens with it


def test_agencies_keys_for_first_matches_the_definition() -> None:
    lex = lexicon()
    firsts = set(lex.first_of_key.values())
    for token in ("ubnd", "poan", "phong", "trung", "tim", "cactruonghoc", "x", "zzzz"):
        near = {f for f in firsts if token.startswith(f) or f.startswith(token)
                or fuzz.ratio(token, f) >= 60}
        want = tuple(k for k in lex.fuzzy_keys if lex.first_of_key[k] in near)
        assert keys_for_first(token) == want
