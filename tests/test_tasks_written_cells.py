"""Output cells made only of stock output words are shown as plans write them, whatever OCR
did to their marks; anything more in the cell keeps it as printed."""

from __future__ import annotations

from ingest.table_outputs import written_output


def test_tasks_stock_output_words_written() -> None:
    assert written_output("Huong dan") == "Hướng dẫn"
    assert written_output("K& hoach") == "Kế hoạch"
    assert written_output("Tai lieu, bai viet") == "Tài liệu, bài viết"
    assert written_output("Bao cao va dé xuat") == "Báo cáo và đề xuất"
    assert written_output("Hoan thanh ze") == "Hoàn thành"  # a scrap of rule debris after it


def test_tasks_other_output_cells_kept() -> None:
    for cell in ("Kế hoạch của UBND huyện", "Phấn đấu đạt 5%", "Quyết định thành lập",
                 "Phong VH; Kế hoạch", "Hệ thống hoạt động", None, ""):
        assert written_output(cell) == cell
