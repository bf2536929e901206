"""A joint unit's name cut after "và" in an OCR'd cell: its tail, on a line below, beside the
committee word the matcher reads alone, still names the joint unit."""

from __future__ import annotations

from ingest.table_cells import Piece
from ingest.table_names import joint_from_tail
from ingest.table_outputs import TableNames
from ingest.task_pieces import table_named


def test_tasks_joint_name_from_its_tail() -> None:
    assert joint_from_tail("Dân vận Huyện ủy") == "Ban Tuyên giáo và Dân vận Huyện ủy"
    assert joint_from_tail("Dan van Huyen uy") == "Ban Tuyên giáo và Dân vận Huyện ủy"
    # a tail several joint names share (Phòng / Sở) names none of them; one word is too little
    assert joint_from_tail("Đào tạo") is None and joint_from_tail("Môi trường") is None
    assert joint_from_tail("Dân") is None


def test_tasks_text_and_committee_pieces_read_as_the_joint_name() -> None:
    pieces = [Piece("text", "Dân vân", 3, 50), Piece("agency", "Huyện ủy", 3, 58),
              Piece("text", "Báo cáo", 3, 75)]
    out = table_named(pieces, TableNames())
    assert [(p.kind, p.text, p.offset) for p in out] == [
        ("agency", "Ban Tuyên giáo và Dân vận Huyện ủy", 50), ("text", "Báo cáo", 75)]
    # far apart on the line, the text is another cell's
    apart = [Piece("text", "Dân vận", 3, 20), Piece("agency", "Huyện ủy", 3, 58)]
    assert [p.kind for p in table_named(apart, TableNames())] == ["text", "agency"]
