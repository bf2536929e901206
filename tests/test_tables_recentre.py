"""Row numbers centred on a row's middle line: a row must not open on the tail of the row above."""

from __future__ import annotations

from ingest.document import Line, SourceText
from ingest.table_layout import TableRegion
from ingest.table_rows import segment_rows

# Row 1 wraps over four lines; its third line opens with a capitalised word, as OCR often
# leaves one ("Là" for a wrapped "lĩnh"); row 2 really starts at "Phối hợp".
BODY = """Ứng dụng nền tảng số cung cấp các tiện ích Phòng VHXH Thường xuyên
1 cho người dân trên môi trường số, góp phần
Là cho các lĩnh vực sáng tạo phát triển
nhanh, tạo lập niềm tin số
Phối hợp triển khai các chương trình hỗ trợ doanh Phòng KT,HT Theo Kế hoạch
2 nghiệp, nhất là doanh nghiệp vừa và nhỏ, hộ kinh
doanh chuyển đổi số
Tổ chức các hội thảo giới thiệu công nghệ số cho Phòng VHXH Hằng năm
3 doanh nghiệp và hộ kinh doanh trên địa bàn
phường
"""


def test_centred_numbers_give_the_tail_back_to_the_row_above() -> None:
    lines = [Line(i + 1, t, t) for i, t in enumerate(BODY.splitlines())]
    region = TableRegion(kind="tasks", header_start=1, header_end=0, body_start=1,
                         body_end=len(lines), columns=["stt", "text", "lead", "deadline"])
    seg = segment_rows(SourceText("snippet.txt", lines), region, "phường Phước Bình")
    assert [r.number for r in seg.rows] == ["1", "2", "3"]
    assert [ln.number for ln in seg.rows[0].lines] == [1, 2, 3, 4]
    assert seg.rows[1].lines[0].text.startswith("Phối hợp")
