"""Role cells that keep their own words: collective cells and names the lexicon lacks."""

from __future__ import annotations

from ingest.agency_matching import find_agencies
from ingest.agency_roles import collective_cell, display_name, verbatim

TOWN = "thị xã Bỉm Sơn"


def _collective(text: str) -> bool:
    return collective_cell(text, find_agencies(text, TOWN))


def test_collective_cells_are_groups_as_a_whole() -> None:
    assert _collective("Các phòng, ban, đơn vị liên quan")
    assert _collective("Các phòng chuyên môn UBND thị xã")  # a qualifier, not a second unit
    assert _collective("Các cơ quan, đơn vị")
    assert not _collective("Các phòng chuyên môn, UBND các phường")  # two units
    assert not _collective("Các phòng chuyên môn và UBND các phường")
    assert not _collective("Phòng Nội vụ")
    assert not _collective("Văn phòng Thị ủy, các phòng chuyên môn")  # a unit first


def test_display_name_restores_and_merges_ocr_spellings() -> None:
    a, b = display_name("cap uy, chinh quyén cap xa", True), display_name(
        "cip uy, chinh quyén cap xa;", True)
    assert a == b == "Cấp ủy, chính quyền cấp xã"
    assert display_name("Các phòng, ban, đơn vị liên quan", False) == (
        "Các phòng, ban, đơn vị liên quan")


def test_verbatim_mention_spans_the_cell() -> None:
    text = "Các phòng, ban, đơn vị liên quan"
    m = verbatim(text, find_agencies(text, TOWN)[0], False)
    assert (m.start, m.end, m.name, m.generic) == (0, len(text), text, True)


def test_collect_agencies_keeps_collective_cells_and_reads_lower_level_bodies() -> None:
    from ingest.agencies import collect_agencies
    from ingest.document import Line, SourceText
    from ingest.records import PlanHeader, PlanRecord, Task

    source = SourceText("p.txt", [Line(1, "x", "x")], lost_diacritics=True)
    record = PlanRecord(doc="p.txt", header=PlanHeader(locality=TOWN,
                                                       issuer="Ban Thường vụ Thị ủy Bỉm Sơn"))
    record.tasks = [
        Task(id="1", text="t", lead=["UBND phường"],
             support=["Các phòng, ban, đơn vị liên quan", "cap uy, chinh quyén cap xa"]),
        Task(id="2", text="t", lead=["UBND các phường, xã"],
             support=["Các phòng chuyên môn UBND thị xã", "cip uy, chinh quyén cap xa"]),
        Task(id="3", text="t", lead=["UBND thị xã"], support=[]),
    ]
    collect_agencies(source, record)
    first, second, third = record.tasks
    assert first.support == ["Các phòng, ban, đơn vị liên quan", "Cấp ủy, chính quyền cấp xã"]
    assert second.support == ["Các phòng chuyên môn UBND thị xã", "Cấp ủy, chính quyền cấp xã"]
    # an unnamed ward's committee in a town's plan is its wards' committees, not the town's
    assert first.lead == second.lead == ["UBND các phường, xã"]
    assert third.lead == ["Ủy ban nhân dân thị xã"]
    names = [a.name for a in record.agencies]
    assert names.count("Cấp ủy, chính quyền cấp xã") == 1


def test_outline_is_read_once_per_document() -> None:
    from ingest.document import Line, SourceText
    from ingest.outline import outline

    lines = ["I. MỤC ĐÍCH", "1. Mục đích", "II. TỔ CHỨC THỰC HIỆN", "1. Phòng Văn hóa - Xã hội"]
    source = SourceText("o.txt", [Line(i + 1, t, t) for i, t in enumerate(lines)])
    first = outline(source)
    assert outline(source) is first
    other = SourceText("o.txt", list(source.lines))
    assert outline(other) is not first and outline(other).sections == first.sections
