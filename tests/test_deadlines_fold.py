"""``fold_spaced`` must equal ``ingest.normalize.fold``: table lines are folded through it."""

from __future__ import annotations

from ingest.deadlines import fold_spaced
from ingest.normalize import fold


def test_fold_spaced_equals_fold() -> None:
    for text in ["Phòng Văn hóa, KH&TT;  Kế hoạch", "  ĐẢNG ỦY  phường (Đã hoàn thành) ",
                 "Quý II/2026 - Thường xuyên", "Cafe\u0301 decomposed mark", "ﬁne ligature",
                 "İstanbul", "", "—|“”…"]:
        assert fold_spaced(text) == fold(text), text
