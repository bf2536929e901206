"""Đơn vị: per agency, or per agency type across localities: tasks led and supported,
deadlines by year, indicators owned."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.api import AgencyView, PlanKG, plan_label
from kg.webapp.components import md, run_page, table_csv

BY_AGENCY, BY_TYPE = "Theo đơn vị", "Theo loại đơn vị (mọi địa phương)"


def _task_rows(tasks: list, plans: dict[str, str] | None) -> list[dict[str, object]]:
    rows = []
    for t in tasks:
        row = {"STT": t.task_id or "", "Nội dung": t.text or "",
               "Chủ trì": ", ".join(a.label for a in t.lead),
               "Phối hợp": ", ".join(a.label for a in t.support),
               "Thời hạn": t.deadline or ""}
        if plans is not None:
            row["Kế hoạch"] = plans.get(t.plan_iri, "")
        rows.append(row)
    return rows


def profile(view: AgencyView, key: str, plans: dict[str, str]) -> None:
    st.subheader(view.title)
    st.caption("Địa phương: " + (", ".join(view.localities) or "—"))
    cols = st.columns(4)
    cols[0].metric("Chủ trì", len(view.led))
    cols[1].metric("Phối hợp", len(view.supported))
    cols[2].metric("Chỉ tiêu phụ trách", len(view.indicators))
    cols[3].metric("Nhiệm vụ ở phần tổ chức thực hiện", len(view.assignments))
    st.markdown("**Thời hạn hoàn thành theo năm** (nhiệm vụ chủ trì và phối hợp)")
    if view.deadlines_by_year:
        chart = pd.DataFrame({"Năm": [str(y) for y in view.deadlines_by_year],
                              "Số nhiệm vụ": list(view.deadlines_by_year.values())})
        st.bar_chart(chart, x="Năm", y="Số nhiệm vụ", height=220)
    else:
        st.caption("Không có nhiệm vụ nào ghi năm hoàn thành (nhiều nhiệm vụ là “thường xuyên”).")
    many = plans if len(view.localities) > 1 else None
    for title, tasks, name in (("Nhiệm vụ chủ trì", view.led, "chu-tri"),
                               ("Nhiệm vụ phối hợp", view.supported, "phoi-hop")):
        with st.expander(f"{title} ({len(tasks)})", expanded=name == "chu-tri"):
            rows = _task_rows(tasks, many)
            if not rows:
                st.caption("Không có.")
                continue
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            st.download_button(f"Tải CSV {title.lower()}", table_csv(rows),
                               file_name=f"{name}.csv", mime="text/csv", key=f"{key}-{name}")
    with st.expander(f"Chỉ tiêu phụ trách ({len(view.indicators)})"):
        if not view.indicators:
            st.caption("Không có.")
        rows = [{"STT": i.indicator_id or "", "Chỉ tiêu": i.text or "", "Đơn vị tính": i.unit or "",
                 "Mục tiêu": i.target or "; ".join(f"{y}: {v}" for y, v in i.targets.items())}
                for i in view.indicators]
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    with st.expander(f"Phân công trong phần tổ chức thực hiện ({len(view.assignments)})"):
        for a in view.assignments:
            st.markdown(f"- {md(a.duty or '')}")


def _plans(kg: PlanKG) -> dict[str, str]:
    return {p.iri: plan_label(p) for p in kg.plans()}


def render(kg: PlanKG) -> None:
    mode = st.radio("Xem", [BY_AGENCY, BY_TYPE], horizontal=True, key="agency_mode")
    if mode == BY_TYPE:
        types = dict(kg.agency_types())
        if not types:
            st.info("Chưa có đơn vị nào được phân loại trong đồ thị.")
            return
        chosen = st.selectbox("Loại đơn vị", list(types), format_func=lambda t: types[t],
                              key="agency_type")
        profile(kg.agency_type_profile(chosen), key="type", plans=_plans(kg))
        return
    # typed agencies first: collective cells ("Các phòng chuyên môn") are not units
    agencies = sorted(kg.agencies(), key=lambda a: (a.type_iri is None,
                                                    -(a.tasks_led + a.tasks_supported)))
    labels = {a.iri: f"{a.label} · {a.locality or '?'} ({a.tasks_led} chủ trì, "
                     f"{a.tasks_supported} phối hợp)" for a in agencies}
    chosen = st.selectbox("Đơn vị", list(labels), format_func=lambda i: labels[i],
                          key="agency")
    view = kg.agency_profile(chosen) if chosen else None
    if view is not None:
        profile(view, key="agency", plans=_plans(kg))
    with st.expander("Tất cả đơn vị"):
        rows = [{"Đơn vị": a.label, "Địa phương": a.locality or "", "Chủ trì": a.tasks_led,
                 "Phối hợp": a.tasks_supported} for a in agencies]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


run_page("Đơn vị", render)
