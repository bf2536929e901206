"""Rà soát: low-confidence facts and tasks without a lead unit, editable by editors; each edit
is stored as a human correction (its own graph) and survives re-ingesting the plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.api import KIND_LABELS, PlanKG
from kg.webapp.components import guarded, is_editor, run_page

REASONS = {"low_confidence": "Độ tin cậy thấp", "no_lead": "Chưa có đơn vị chủ trì"}
ALL = "Tất cả"
EDITABLE = ["Nội dung", "Đơn vị chủ trì", "Đã xem"]


def _frame(kg: PlanKG, reason: str, plan: str) -> pd.DataFrame:
    rows = []
    for it in kg.review_items():
        if reason != ALL and it.reason != reason:
            continue
        if plan != ALL and it.plan_label != plan:
            continue
        rows.append({"iri": it.iri, "Kế hoạch": it.plan_label,
                     "Loại": KIND_LABELS.get(it.kind, "Liên kết văn bản"),
                     "Lý do": REASONS.get(it.reason, it.reason),
                     "Độ tin cậy": it.confidence, "Nội dung": it.text,
                     "Đơn vị chủ trì": it.lead if it.kind == "task" else "",
                     "Dòng": f"{it.line_start}-{it.line_end}" if it.line_start else "",
                     "Đã xem": False, "Đã hiệu chỉnh": it.corrected})
    columns = ["iri", "Kế hoạch", "Loại", "Lý do", "Độ tin cậy", "Nội dung", "Đơn vị chủ trì",
               "Dòng", "Đã xem", "Đã hiệu chỉnh"]
    return pd.DataFrame(rows, columns=columns).set_index("iri")


def save(kg: PlanKG, before: pd.DataFrame, after: pd.DataFrame, editor: str, note: str) -> int:
    """Turn edited cells into corrections; returns how many were stored."""
    stored = 0
    for iri, row in after.iterrows():
        old = before.loc[iri]
        if old["Loại"] not in KIND_LABELS.values():
            continue  # links between documents are corrected in the catalog, not here
        is_task = old["Loại"] == KIND_LABELS["task"]
        if row["Nội dung"] != old["Nội dung"]:
            field = "text" if old["Loại"] != KIND_LABELS["assignment"] else "duty"
            kg.correct(str(iri), field, str(row["Nội dung"] or ""), editor, note)
            stored += 1
        if is_task and row["Đơn vị chủ trì"] != old["Đơn vị chủ trì"]:
            kg.correct(str(iri), "lead", str(row["Đơn vị chủ trì"] or ""), editor, note)
            stored += 1
        if row["Đã xem"] and not old["Đã xem"] and old["Lý do"] == REASONS["low_confidence"]:
            kg.correct(str(iri), "reviewed", "", editor, note)
            stored += 1
    return stored


def render(kg: PlanKG) -> None:
    editor = is_editor()
    items = kg.review_items()
    plans = sorted({it.plan_label for it in items})
    cols = st.columns(2)
    reason = cols[0].selectbox("Lý do", [ALL, *REASONS], key="review_reason",
                               format_func=lambda r: REASONS.get(r, r))
    plan = cols[1].selectbox("Kế hoạch", [ALL, *plans], key="review_plan")
    frame = _frame(kg, reason, plan)
    st.caption(f"{len(frame)} mục cần rà soát. Sửa “Nội dung” hoặc “Đơn vị chủ trì” (nhiều đơn "
               "vị cách nhau bằng dấu ;), hoặc đánh dấu “Đã xem” khi giá trị đã đúng.")
    if frame.empty:
        st.success("Không còn mục nào cần rà soát.", icon=":material/task_alt:")
    elif not editor:
        st.dataframe(frame, hide_index=True, width="stretch")
    else:
        version = st.session_state.setdefault("review_version", 0)
        edited = st.data_editor(
            frame, hide_index=True, width="stretch", key=f"review_editor_{version}",
            disabled=[c for c in frame.columns if c not in EDITABLE],
            column_config={"Đã hiệu chỉnh": st.column_config.CheckboxColumn(disabled=True),
                           "Độ tin cậy": st.column_config.NumberColumn(format="%.2f")})
        left, right = st.columns(2)
        name = left.text_input("Tên người sửa", key="review_editor_name")
        note = right.text_input("Ghi chú (tuỳ chọn)", key="review_note")
        if st.button("Lưu hiệu chỉnh", type="primary", key="review_save", icon=":material/save:"):
            if not name.strip():
                st.error("Hãy nhập tên người sửa: mỗi hiệu chỉnh ghi lại ai đã sửa.")
            else:
                with guarded():
                    count = save(kg, frame, edited, name, note)
                    st.session_state["review_version"] = version + 1
                    st.session_state["review_saved"] = count
                    st.rerun()
    saved = st.session_state.pop("review_saved", None)
    if saved is not None:
        st.success(f"Đã lưu {saved} hiệu chỉnh; chúng được giữ lại khi nạp lại kế hoạch.",
                   icon=":material/check_circle:")
    log = kg.corrections_log()
    st.subheader(f"Hiệu chỉnh đã lưu ({len(log)})")
    if not log:
        st.caption("Chưa có hiệu chỉnh nào.")
        return
    st.dataframe(pd.DataFrame([{"Thời điểm": c.time, "Nội dung": c.text, "Trường": c.field,
                                "Giá trị mới": c.value, "Giá trị máy đọc": c.previous,
                                "Người sửa": c.editor, "Ghi chú": c.note} for c in log]),
                 hide_index=True, width="stretch")


run_page("Rà soát", render)
