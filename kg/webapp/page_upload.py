"""Nạp văn bản: upload a TXT/PDF/DOCX plan, watch extraction, check a preview with
low-confidence fields highlighted, then commit it to the graph (editors only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.api import SUPPORTED_UPLOADS, PlanKG, UploadPreview
from kg.webapp.components import guarded, is_editor, md, open_plan, run_page

STAGES = {"read": "Đọc và sửa lỗi văn bản", "header": "Thông tin chung",
          "citations": "Văn bản dẫn chiếu", "tasks": "Nhiệm vụ", "indicators": "Chỉ tiêu",
          "assignments": "Phân công", "agencies": "Đơn vị", "restore": "Khôi phục dấu tiếng Việt"}
HIGHLIGHT = "background-color: #fff3cd"
HEADER_FIELDS = {"number": "Số hiệu", "doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành",
                 "locality": "Địa phương", "province": "Tỉnh", "date": "Ngày ban hành",
                 "title": "Trích yếu", "signer": "Người ký"}


def extract(kg: PlanKG, name: str, data: bytes) -> UploadPreview | None:
    """Extract with a status box and a progress bar; errors end as coded messages."""
    with st.status(f"Đang trích xuất {name}…", expanded=True) as status:
        bar = st.progress(0.0)

        def on_stage(stage: str, n: int, total: int) -> None:
            bar.progress(n / total, text=STAGES.get(stage, stage))
            st.write(f"• {STAGES.get(stage, stage)}")

        try:
            preview = kg.extract_upload(data, name, on_stage=on_stage)
        except Exception:
            status.update(label=f"Không trích xuất được {name}", state="error")
            raise
        bar.progress(1.0, text="Xong")
        status.update(label=f"Đã trích xuất {preview.name}", state="complete", expanded=False)
    return preview


def show_preview(preview: UploadPreview) -> None:
    record = preview.record
    st.subheader(f"Xem trước: {preview.name}")
    flagged = {(f.section, f.item, f.field) for f in preview.flagged}
    header = [{"Trường": label, "Giá trị": getattr(record.header, key) or "",
               "Cần kiểm tra": ("Thông tin chung", "", key) in flagged}
              for key, label in HEADER_FIELDS.items()]
    df = pd.DataFrame(header)
    st.dataframe(df.style.apply(lambda r: [HIGHLIGHT if r["Cần kiểm tra"] else ""] * len(r),
                                axis=1), hide_index=True, width="stretch")
    if not record.header.locality:
        st.warning("Chưa đọc được địa phương (cơ quan ban hành) của kế hoạch: đồ thị có thể từ "
                   "chối ghi. Hãy kiểm tra phần đầu văn bản.", icon=":material/location_off:")
    counts = preview.counts
    cols = st.columns(len(counts))
    for col, (label, value) in zip(cols, counts.items(), strict=True):
        col.metric(label, value)
    if preview.flagged:
        st.warning(f"{len(preview.flagged)} giá trị có độ tin cậy thấp hoặc còn thiếu (tô vàng): "
                   "hãy kiểm tra, rồi sửa ở trang Rà soát sau khi ghi.",
                   icon=":material/warning:")
    task_flags = {f.item for f in preview.flagged if f.section == "Nhiệm vụ"}
    rows = [{"STT": t.id, "Nội dung": t.text, "Chủ trì": ", ".join(t.lead),
             "Phối hợp": ", ".join(t.support), "Thời hạn": t.deadline or "",
             "Độ tin cậy": round(t.provenance.confidence, 2) if t.provenance else None,
             "Cần kiểm tra": t.id in task_flags} for t in record.tasks]
    if rows:
        st.markdown("**Nhiệm vụ**")
        tasks = pd.DataFrame(rows)
        st.dataframe(tasks.style.apply(
            lambda r: [HIGHLIGHT if r["Cần kiểm tra"] else ""] * len(r), axis=1),
            hide_index=True, width="stretch")
    if preview.flagged:
        with st.expander("Danh sách giá trị cần kiểm tra"):
            st.dataframe(pd.DataFrame([{
                "Phần": f.section, "Mục": f.item, "Trường": f.field, "Giá trị": f.value,
                "Độ tin cậy": f.confidence, "Lý do": f.reason} for f in preview.flagged]),
                hide_index=True, width="stretch")


def render(kg: PlanKG) -> None:
    editor = is_editor()
    files = kg.uploaded_files()
    if files:
        with st.expander(f"Tệp đã nạp ({len(files)})"):
            for name, size in files:
                st.markdown(f"- `{name}` ({size / 1024:.0f} KB)")
    if not editor:
        return
    upload = st.file_uploader("Tệp kế hoạch (TXT, PDF, DOCX)", type=list(SUPPORTED_UPLOADS),
                              key="upload")
    if upload is None:
        st.caption("Chọn một tệp để trích xuất. Tệp được lưu trong thư mục uploads/ của dữ liệu "
                   "với tên an toàn; nạp lại cùng tên tệp sẽ thay kế hoạch cũ.")
        return
    token = f"{upload.name}|{upload.size}|{getattr(upload, 'file_id', '')}"
    if st.session_state.get("preview_token") != token:
        st.session_state.pop("preview", None)
        st.session_state.pop("committed", None)
        with guarded():
            st.session_state["preview"] = extract(kg, upload.name, upload.getvalue())
            st.session_state["preview_token"] = token
    preview: UploadPreview | None = st.session_state.get("preview")
    if preview is None:
        return
    committed = st.session_state.get("committed")
    if committed is not None:
        st.success(f"Đã ghi {md(committed.doc)} vào đồ thị: {committed.counts.get('tasks', 0)} "
                   f"nhiệm vụ, {committed.counts.get('indicators', 0)} chỉ tiêu"
                   + (f"; thay thế {len(committed.replaced)} kế hoạch cũ" if committed.replaced
                      else "") + ".", icon=":material/check_circle:")
        if committed.plan_iri and st.button("Mở kế hoạch vừa nạp", key="open_committed"):
            open_plan(committed.plan_iri)
        return
    show_preview(preview)
    if st.button("Ghi vào đồ thị", type="primary", key="commit", icon=":material/save:"):
        with guarded(), st.spinner("Đang ghi đồ thị và chỉ mục tìm kiếm…"):
            st.session_state["committed"] = kg.commit_upload(preview)
            st.rerun()


run_page("Nạp văn bản", render, needs_plans=False,
         caption="Trích xuất một kế hoạch mới, xem trước, rồi ghi vào đồ thị tri thức.")
