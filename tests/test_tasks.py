"""Task extraction from flattened tables (clean and OCR-damaged) and prose task lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord
from ingest.tables import locate_tables, repair_numbers
from ingest.tasks import extract_tasks


def _source(text: str, name: str = "snippet.txt") -> SourceText:
    return SourceText(name, [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


def _run(text: str, locality: str | None = "xã Nha Bích") -> PlanRecord:
    record = PlanRecord(doc="snippet.txt", header=PlanHeader(locality=locality))
    extract_tasks(_source(text), record)
    return record


# Clean text, one row's cells spread over several lines (as a PDF text layer gives them).
CLEAN_TABLE = """PHỤ LỤC II
DANH MỤC CÁC NHIỆM VỤ
STT Nhiệm vụ Đơn vị chủ trì Đơn vị phối
hợp
Kết quả Thời gian
hoàn thành
I Tăng cường công tác lãnh đạo, chỉ đạo
1 Thành lập Ban Chỉ đạo về phát triển khoa học, công nghệ,
đổi mới sáng tạo, chuyển đổi số và Đề án 06 của xã
Phòng VH-XH Các phòng
chuyên môn
Quyết định Năm 2025
2 Thực hiện công tác quy hoạch, đào tạo, bồi dưỡng, bố trí
cán bộ, công chức có trình độ, năng lực về khoa học, kỹ
thuật, công nghệ.
Phòng Kinh tế Các phòng
chuyên môn
Báo cáo Năm 2025
và các năm
tiếp theo
"""


def test_tasks_clean_flattened_table() -> None:
    tasks = _run(CLEAN_TABLE).tasks
    assert [t.id for t in tasks] == ["I.1", "I.2"]
    first, second = tasks
    assert first.text.startswith("Thành lập Ban Chỉ đạo")
    assert first.text.endswith("Đề án 06 của xã")
    assert first.group == "Tăng cường công tác lãnh đạo, chỉ đạo"
    assert first.lead == ["Phòng Văn hóa - Xã hội"]
    assert first.support == ["Các phòng chuyên môn"]
    assert first.output == "Quyết định"
    assert first.deadline == "Năm 2025"
    assert first.deadline_year == 2025 and first.deadline_date == "2025-12-31"
    assert second.lead == ["Phòng Kinh tế"]
    assert second.output == "Báo cáo"
    assert second.deadline == "Năm 2025 và các năm tiếp theo"
    assert first.provenance is not None and first.provenance.method == "table"
    assert (first.provenance.line_start, first.provenance.line_end) == (8, 12)
    assert 0.0 < first.provenance.confidence <= 1.0
    assert set(first.field_confidence) >= {"text", "lead", "support", "output", "deadline"}


# OCR without diacritics: the row number sits on the middle line of its row, and the lead,
# support, output and deadline cells share lines with the task text.
OCR_TABLE = """STT Nhiem vu Don vi chu tri Don vi phoi Ket qua Thoi gian
hop hoan thanh
I Nang cao nhan thuc, dot pha ve doi moi tu duy
Trien khai Chuong trinh, Ke hoach cua UBND tinh ve phat
dong phong trao hoc tap tren cac nen tang so de tro thanh
phong trao hoc tap so thuong xuyen, lien tuc, pho cap, nang . Cac co quan, Chuong
1 cao kien thuc ve khoa hoc, cong nghe, doi moi sang tao, ky Phong VHXH don vi trinh/Ke hoach Thuong xuyen
nang so, cong nghe so co ban trong can bo, cong chuc va
nguoi dan tren dia ban phuong
Trien khai quy dinh trach nhiem nguoi dung dau cac co quan
nha nuoc truc tiep phu trach, lanh dao, chi dao trien khai . Cac co quan,
2 nhiem vu ve phat trien khoa hoc, cong nghe, doi moi sang tao Phong VHXH don vi Van ban Quy 112026
va chuyen doi so cua co quan, to chuc
"""


def test_tasks_ocr_interleaved_rows_with_centred_numbers() -> None:
    tasks = _run(OCR_TABLE, "phường Phước Bình").tasks
    assert [t.id for t in tasks] == ["I.1", "I.2"]
    first, second = tasks
    assert first.text.startswith("Trien khai Chuong trinh")
    assert "nguoi dan tren dia ban phuong" in first.text
    assert "Phong VHXH" not in first.text
    assert first.lead == ["Phòng Văn hóa - Xã hội"]
    assert first.support == ["Các cơ quan, đơn vị"]
    assert first.deadline == "Thường xuyên"  # OCR'd "Thuong xuyen", written as plans print it
    assert second.text.startswith("Trien khai quy dinh")
    assert second.deadline == "Quý II/2026" and second.deadline_date == "2026-06-30"
    assert second.output == "Văn bản"  # a stock output word, written as plans print it
    # interleaved cells are less certain than a clean layout
    assert first.field_confidence["text"] < 0.85


PROSE = """III. Nhóm nhiệm vụ về nâng cao nhận thức và tuyên truyền
1. Xây dựng Kế hoạch tổ chức học tập, quán triệt Nghị quyết số 57-NQ/TW
và các văn bản liên quan.
- Cơ quan chủ trì: Ban Xây dựng Đảng
- Thời gian: Hoàn thành trong Quý III năm 2025.
2. Đẩy mạnh truyền thông về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số
- Cơ quan chủ trì: Phòng Văn hóa - Xã hội
- Cơ quan phối hợp: Công an xã
- Thời gian: Thực hiện thường xuyên.
"""


def test_tasks_prose_list() -> None:
    tasks = _run(PROSE, "xã Bình Tân").tasks
    assert [t.id for t in tasks] == ["I.1", "I.2"]
    first, second = tasks
    assert first.text == ("Xây dựng Kế hoạch tổ chức học tập, quán triệt Nghị quyết số "
                          "57-NQ/TW và các văn bản liên quan.")
    assert first.lead == ["Ban Xây dựng Đảng"]
    assert first.deadline == "Hoàn thành trong Quý III năm 2025"
    assert first.deadline_date == "2025-09-30"
    assert second.lead == ["Phòng Văn hóa - Xã hội"]
    assert second.support and second.support[0].startswith("Công an")
    assert second.deadline == "Thực hiện thường xuyên"
    assert first.provenance is not None and first.provenance.method == "prose"


def test_tasks_budget_table_rows_are_tasks_without_roles() -> None:
    text = """PHỤ LỤC II
DỰ TOÁN KINH PHÍ ĐĂNG KÝ THỰC HIỆN NHIỆM VỤ
STT Nhiệm vụ Tổng kinh phí
1 Đăng tin trên tạp chí, nhuận bút trang thông tin điện tử 300
2 Đầu tư đường truyền internet trường mẫu giáo 3.000
"""
    tasks = _run(text).tasks
    assert [(t.id, t.text) for t in tasks] == [
        ("PL2.1", "Đăng tin trên tạp chí, nhuận bút trang thông tin điện tử"),
        ("PL2.2", "Đầu tư đường truyền internet trường mẫu giáo"),
    ]
    assert all(t.lead == [] and t.deadline is None for t in tasks)


def test_tables_locate_kinds_and_columns() -> None:
    regions = locate_tables(_source(CLEAN_TABLE))
    assert len(regions) == 1
    assert regions[0].kind == "tasks"
    assert regions[0].columns[:4] == ["lead", "support", "output", "deadline"]


def test_tables_repair_numbers_sequence() -> None:
    got = [n for n, _ in repair_numbers(["3", "31", "39", "3.3", "38", "4", "6", "6", None])]
    assert got == ["3", "3.1", "3.2", "3.3", "3.4", "4", "6", "6b", "7"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "STT Nhiệm vụ Đơn vị chủ trì Đơn vị phối hợp Thời gian", "I Nhóm nhiệm vụ",
    "1 Triển khai", "Phòng VH-XH Các phòng", "Quý II/2026", "- Cơ quan chủ trì: Công an xã",
    "1. Xây dựng", "", "|||", "2", "Thường", "xuyên", "II.", "- Thời gian: Năm 2025",
]) | st.text(max_size=40), max_size=25))
def test_tasks_never_raise(lines: list[str]) -> None:
    record = _run("\n".join(lines))
    for t in record.tasks:
        assert t.provenance is not None
        assert 0.0 <= t.provenance.confidence <= 1.0
