"""Issuer reading ("của <issuer>") on clean and OCR-damaged wording, and issuers from codes."""

from __future__ import annotations

import pytest

from ingest.citation_issuers import PlanContext, code_issuer, is_central_issuer, read_issuer
from ingest.citation_text import fold_aligned
from ingest.citations import extract_citations
from ingest.document import Line, SourceText
from ingest.records import PlanHeader, PlanRecord
from ingest.symbols import parse_symbol


def _source(text: str) -> SourceText:
    return SourceText("snippet.txt", [Line(i + 1, t, t) for i, t in enumerate(text.splitlines())])


TOWN = PlanContext(PlanRecord(doc="t.txt", header=PlanHeader(
    province="Thanh Hóa", locality="thị xã Bỉm Sơn")))
WARD = PlanContext(PlanRecord(doc="w.txt", header=PlanHeader(
    province="Phú Thọ", locality="phường Việt Trì")))


@pytest.mark.parametrize(("text", "ctx", "issuer", "province"), [
    ("S& Khoa hoc va Cong nghé tinh Phu Tho vé viéc", WARD,
     "Sở Khoa học và Công nghệ tỉnh Phú Thọ", "Phú Thọ"),
    ("Sở Nội vụ về", WARD, "Sở Nội vụ tỉnh Phú Thọ", "Phú Thọ"),
    ("Ban Thudng vu Thi uy vé trién khai", TOWN, "Ban Thường vụ Thị ủy Bỉm Sơn", "Thanh Hóa"),
    ("Thị ủy Bỉm Sơn về", WARD, "Thị ủy Bỉm Sơn", "Thanh Hóa"),
    ("UBND huyện Như Xuân về", TOWN, "UBND huyện Như Xuân", "Thanh Hóa"),
    ("Bo truong Bo Khoa hoc va Cong nghé Ban hanh", WARD,
     "Bộ trưởng Bộ Khoa học và Công nghệ", None),
    ("Bộ Nông nghiệp và Môi trường về", WARD, "Bộ Nông nghiệp và Môi trường", None),
    ("Hoi nghi Trung wong lan thtr tim khoa XIII vé", TOWN,
     "Ban Chấp hành Trung ương Đảng", None),
    ("Chu tich UBND tinh Phu Tho vé viéc", WARD, "Chủ tịch UBND tỉnh Phú Thọ", "Phú Thọ"),
])
def test_read_issuer_bodies(text: str, ctx: PlanContext, issuer: str,
                            province: str | None) -> None:
    got, prov, used = read_issuer(fold_aligned(text), ctx)
    assert (got, prov) == (issuer, province)
    assert 0 < used <= len(text)


def test_read_issuer_leaves_unknown_words() -> None:
    assert read_issuer("cac co quan lien quan", WARD)[0] is None
    assert read_issuer("so luong can bo", WARD)[0] is None  # "số lượng" is no department


def test_code_issuer_for_letters_and_departments() -> None:
    assert code_issuer(parse_symbol("1552/BTTTT-THH"), WARD) == "Bộ Thông tin và Truyền thông"
    assert code_issuer(parse_symbol("2315/SKHCN-CPS"), WARD) == (
        "Sở Khoa học và Công nghệ tỉnh Phú Thọ")
    assert code_issuer(parse_symbol("71/NQ-CP"), WARD) == "Chính phủ"
    assert code_issuer(parse_symbol("92/KH-UBND"), WARD) is None
    assert is_central_issuer("Bộ trưởng Bộ Khoa học và Công nghệ")
    assert not is_central_issuer("Sở Khoa học và Công nghệ tỉnh Phú Thọ")


TOWN_PLAN = """THỊ ỦY BỈM SƠN
Số 261-KH/TU
KẾ HOẠCH
- Triển khai Kế hoạch số 258-KH/TU ngày 06/5/2025 của Ban Thường vụ Thị ủy về phong trào.
- Triển khai các văn bản, kế hoạch, hướng dẫn của Sở Giáo dục và Đào tạo về chuyển đổi số.
"""


def test_town_plan_cites_its_own_party_board_and_skips_generic_plurals() -> None:
    record = PlanRecord(doc="t.txt", header=PlanHeader(
        province="Thanh Hóa", locality="thị xã Bỉm Sơn", number="261-KH/TU"))
    extract_citations(_source(TOWN_PLAN), record)
    cited = {d.number: d for d in record.cited_documents}
    assert cited["258-KH/TU"].issuer == "Ban Thường vụ Thị ủy Bỉm Sơn"
    assert cited["258-KH/TU"].level == "local"
    assert all(d.number for d in record.cited_documents)  # "các ... hướng dẫn của Sở" is generic


PROMULGATING = """UBND PHƯỜNG VIỆT TRÌ
KẾ HOẠCH
Căn cứ Nghị quyết số 214/NQ-CP ngày 23/7/2025 của Chính phủ Ban hành Kế hoạch hành động của
Chính phủ về thúc đẩy tạo lập dữ liệu phục vụ chuyển đổi số toàn diện;
"""


def test_title_of_a_numbered_document_is_not_another_document() -> None:
    record = PlanRecord(doc="w.txt", header=PlanHeader(
        province="Phú Thọ", locality="phường Việt Trì", number="67/KH-UBND"))
    extract_citations(_source(PROMULGATING), record)
    assert [d.number for d in record.cited_documents] == ["214/NQ-CP"]


ENACTED = """UBND PHƯỜNG VIỆT TRÌ
KẾ HOẠCH
- Ngày 24/7/2025, UBND phường đã ban hành Quyết định số 124/QĐ-UBND về việc thành lập Ban
Chỉ đạo. HĐND phường đã xây dựng, triển khai Kế hoạch số 03/KH-HĐND ngày 08/10/2025.
- Trưởng ban là đồng chí Chủ tịch UBND phường). Xây dựng, ban hành Kế hoạch số 35/KH-UBND.
"""


def test_issuer_read_from_the_subject_that_enacted_it() -> None:
    record = PlanRecord(doc="w.txt", header=PlanHeader(
        province="Phú Thọ", locality="phường Việt Trì", number="67/KH-UBND"))
    extract_citations(_source(ENACTED), record)
    issuers = {d.number: d.issuer for d in record.cited_documents}
    assert issuers["124/QĐ-UBND"] == "UBND phường Việt Trì"
    assert issuers["03/KH-HĐND"] == "HĐND phường Việt Trì"
    assert issuers["35/KH-UBND"] is None  # the chairman sits in another clause
