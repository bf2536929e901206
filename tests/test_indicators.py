"""Target tables: single-year (clean) and multi-year (OCR-flattened) rows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.document import Line, SourceText
from ingest.indicators import extract_indicators
from ingest.records import PlanHeader, PlanRecord


def _run(text: str, locality: str | None = "xã Nha Bích", title: str | None = None
         ) -> PlanRecord:
    source = SourceText("snippet.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality=locality, title=title))
    extract_indicators(source, record)
    return record


SINGLE_YEAR = """PHỤ LỤC I
DANH MỤC CÁC CHỈ TIÊU CỤ THỂ
STT Mục tiêu Đơn vị
tính

Kết quả Đơn vị chủ trì
I Đến năm 2030
1 Xếp hạng chỉ số đánh giá chuyển đổi số của xã Thứ bậc Tốp 25 của

tỉnh
Phòng VH-XH
2 Quy mô kinh tế số % GRDP ≥  20% Phòng Kinh tế
3 Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp % ≥ 80% Trung tâm
PVHCC
"""


def test_indicators_single_year_table() -> None:
    inds = _run(SINGLE_YEAR).indicators
    assert [i.id for i in inds] == ["I.1", "I.2", "I.3"]
    rank, economy, online = inds
    assert rank.text == "Xếp hạng chỉ số đánh giá chuyển đổi số của xã"
    assert rank.unit == "Thứ bậc"
    assert rank.target == "Tốp 25 của tỉnh"
    assert rank.owner == ["Phòng Văn hóa - Xã hội"]
    assert rank.year == 2030  # from the group heading "Đến năm 2030"
    assert (economy.unit, economy.target, economy.owner) == ("% GRDP", "≥  20%", ["Phòng Kinh tế"])
    assert online.text.endswith("của người dân và doanh nghiệp")  # not taken as an owner
    assert online.owner and online.owner[0].startswith("Trung tâm Phục vụ hành chính công")
    assert online.provenance is not None and online.provenance.method == "table"
    assert set(online.field_confidence) >= {"text", "owner", "target", "unit"}


MULTI_YEAR = """Co quan theo
STT Muc tieu 2025 2030 | 2035 | 2040 | 2045
doi, tong hop
I | Phat trien ha tang
Ty le nguoi su dung co kha nang
2 | truy cap bang thong co dinh voi toc | > 60% | >80% | 100% Phong VHXH
do 01 Gbps/s
3 | Co trung tam an ninh mang cap xa Cong an xa
II | Phat trien nguon luc
Tong chi ngan sach dia phuong chi
1 | cho KHCN, doi moi sang tao >1% | >2% | 3% | 1,5% | 2% | Phong Kinh te
"""


def test_indicators_multi_year_ocr_table() -> None:
    inds = _run(MULTI_YEAR, "xã Bình Tân").indicators
    by_id = {i.id: i for i in inds}
    assert set(by_id) == {"I.2", "I.3", "II.1"}
    band = by_id["I.2"]
    assert band.text.startswith("Ty le nguoi su dung")
    assert "Gbps" in band.text
    assert band.target == {"2025": "> 60%", "2030": ">80%", "2035": "100%"}
    assert band.year is None
    assert band.unit == "%"  # no unit column: read from the values
    assert band.owner == ["Phòng Văn hóa - Xã hội"]
    assert by_id["I.3"].owner and by_id["I.3"].owner[0].startswith("Công an")
    assert by_id["I.3"].target is None
    budget = by_id["II.1"]
    assert budget.target == {"2025": ">1%", "2030": ">2%", "2035": "3%", "2040": "1,5%",
                             "2045": "2%"}
    assert budget.owner == ["Phòng Kinh tế"]


def test_indicators_none_without_target_table() -> None:
    assert _run("Kế hoạch\n1. Mục đích\n- Nâng cao nhận thức").indicators == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "STT Chỉ tiêu Đơn vị tính Kết quả Đơn vị chủ trì", "STT Mục tiêu 2025 2030 2035",
    "I Đến năm 2030", "1 Tỷ lệ % 100% Phòng VH-XH", ">60% | 100%", "Phòng Kinh tế", "3.1",
    "", "Tốp 25 của", "tỉnh", "| | |",
]) | st.text(max_size=40), max_size=25))
def test_indicators_never_raise(lines: list[str]) -> None:
    for ind in _run("\n".join(lines)).indicators:
        assert ind.provenance is not None
        assert 0.0 <= ind.provenance.confidence <= 1.0
