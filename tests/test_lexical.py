"""BM25 over folded syllables and bigrams."""

import numpy as np

from kg.lexical import LexicalIndex, tokens


def test_lexical_keeps_one_letter_syllables_and_bigrams():
    toks = tokens("Trạm Y tế")
    assert "y" in toks and "y_te" in toks and "tram_y" in toks


def test_lexical_matches_without_diacritics():
    index = LexicalIndex(["Trạm y tế phường", "Triển khai chữ ký số cho người dân",
                          "Dịch vụ công trực tuyến"])
    assert index.top("chu ky so", 3)[0][0] == 1
    assert index.top("y te", 3)[0][0] == 0


def test_lexical_mask_and_unknown_words():
    index = LexicalIndex(["chữ ký số", "chữ ký số cho người dân"])
    assert index.top("xyzzy", 2) == []
    hits = index.top("chữ ký số", 2, mask=np.array([False, True]))
    assert [pos for pos, _ in hits] == [1]
