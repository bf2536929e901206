"""So sánh: task families by locality (who has what, who lacks what), and one task's similar
tasks in the other localities side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.api import PlanKG
from kg.webapp.components import hit_card, md, run_page

HAVE, LACK = "✓", "—"


def matrix(kg: PlanKG) -> None:
    fm = kg.family_matrix()
    st.subheader("Nhóm nhiệm vụ tương đương giữa các địa phương")
    if not fm.rows:
        st.info("Chưa tìm thấy nhiệm vụ nào có ở từ hai địa phương trở lên.")
        return
    full = st.toggle("Hiện nội dung nhiệm vụ trong từng ô", key="family_full")
    only_gaps = st.toggle("Chỉ những nhóm còn địa phương thiếu", key="family_gaps")
    rows = []
    for row in fm.rows:
        if only_gaps and not row.missing:
            continue
        cells = {loc: (row.cells[loc] or LACK) if full else (HAVE if row.cells[loc] else LACK)
                 for loc in fm.localities}
        rows.append({"Nhóm nhiệm vụ": row.label, "Số địa phương": row.have, **cells})
    st.caption(f"{len(rows)} nhóm · ✓ có nhiệm vụ tương đương · — chưa có. Nhóm được ghép khi hai "
               "nhiệm vụ của hai kế hoạch là láng giềng gần nhất của nhau và đủ giống nhau.")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"Nhóm nhiệm vụ": st.column_config.TextColumn(width="large")})


def similar(kg: PlanKG) -> None:
    st.subheader("Một nhiệm vụ ở các địa phương khác")
    tasks = kg.tasks_for_picker()
    if not tasks:
        return
    labels = {t.iri: f"{t.text[:110]} · {t.locality or '?'}" for t in tasks}
    filter_text = st.text_input("Lọc danh sách nhiệm vụ", key="compare_filter",
                                placeholder="ví dụ: ban chỉ đạo")
    wanted = st.session_state.get("compare_task")
    options = [t.iri for t in tasks
               if not filter_text or filter_text.lower() in labels[t.iri].lower()
               or t.iri == wanted]
    index = options.index(wanted) if wanted in options else None
    chosen = st.selectbox("Nhiệm vụ", options, index=index, key="compare_select",
                          format_func=lambda i: labels[i], placeholder="Chọn một nhiệm vụ")
    if not chosen:
        st.caption("Chọn một nhiệm vụ (hoặc bấm “Nơi khác làm gì?” ở trang Tìm kiếm).")
        return
    st.session_state["compare_task"] = chosen
    base = kg.item(chosen)
    groups = kg.similar(chosen)
    columns = st.columns(1 + max(1, len(groups)))
    with columns[0]:
        st.markdown(f"**{md(base.locality if base else '')}** (nhiệm vụ đã chọn)")
        if base:
            hit_card(kg, base, key="base", actions=False)
    if not groups:
        columns[1].info("Không địa phương nào khác có nhiệm vụ gần giống.")
    # the task's family (mutual nearest neighbours across plans) tells an equivalent task from
    # a merely nearest one, so a locality that lacks the task is shown as lacking it
    family = next((row for row in kg.family_matrix().rows if chosen in row.iris.values()), None)
    for col, (locality, hits) in zip(columns[1:], sorted(groups.items()), strict=False):
        with col:
            st.markdown(f"**{md(locality)}**")
            equivalent = family.iris.get(locality) if family else None
            if equivalent:
                st.caption("✓ Có nhiệm vụ tương đương (equivalent task)")
                hits = sorted(hits, key=lambda h: h.iri != equivalent)
            else:
                st.caption("✗ Chưa thấy nhiệm vụ tương đương; gần nhất (nearest, not equivalent):")
            for n, hit in enumerate(hits[:2]):
                hit_card(kg, hit, key=f"sim-{locality}-{n}", actions=False)


def render(kg: PlanKG) -> None:
    names = ["Ma trận nhóm nhiệm vụ", "So sánh một nhiệm vụ"]
    default = names[1] if st.session_state.get("compare_task") else names[0]
    tab_matrix, tab_similar = st.tabs(names, default=default)
    with tab_similar:
        similar(kg)
    with tab_matrix:
        matrix(kg)


run_page("So sánh địa phương", render)
