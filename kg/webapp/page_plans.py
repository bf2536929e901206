"""Kế hoạch: the list of plans, and one plan's header, legal bases, lineage to NQ 57, tasks
and indicators (filterable, downloadable)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.api import PlanKG, plan_label
from kg.webapp.components import guarded, md, run_page, source_expander, table_csv

ALL = "Tất cả"


def _date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else ""  # type: ignore[union-attr]


def _selected_plan(kg: PlanKG) -> str | None:
    plans = kg.plans()
    iris = [p.iri for p in plans]
    wanted = st.query_params.get("plan") or st.session_state.get("plan_iri")
    labels = {p.iri: plan_label(p) for p in plans}
    index = iris.index(wanted) if wanted in iris else None
    chosen = st.selectbox("Chọn kế hoạch", iris, index=index, key="plan_select",
                          format_func=lambda i: labels.get(i, i),
                          placeholder="Chọn một kế hoạch để xem chi tiết")
    if chosen:
        st.session_state["plan_iri"] = chosen
        if st.query_params.get("plan") != chosen:
            st.query_params["plan"] = chosen
    return chosen


def plans_table(kg: PlanKG) -> None:
    rows = [{"Số hiệu": p.number or "", "Ngày": _date(p.date), "Cơ quan ban hành": p.issuer or "",
             "Địa phương": p.locality or "", "Tỉnh": p.province or "", "Nhiệm vụ": p.tasks,
             "Chỉ tiêu": p.indicators, "Tệp nguồn": p.source_document or ""} for p in kg.plans()]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def header(kg: PlanKG, plan_iri: str) -> None:
    detail = kg.plan(plan_iri)
    if detail is None:
        st.warning("Kế hoạch này không còn trong đồ thị (có thể vừa bị gỡ bỏ).")
        return
    p = detail.plan
    st.subheader(f"{p.doc_type or 'Kế hoạch'} {p.number or ''}".strip())
    if p.title:
        st.markdown(f"*{md(p.title)}*")
    cols = st.columns(4)
    cols[0].metric("Ngày ban hành", _date(p.date) or "—")
    cols[1].metric("Địa phương", p.locality or "—")
    cols[2].metric("Nhiệm vụ", p.tasks if p.tasks else len(kg.tasks(plan_iri)))
    cols[3].metric("Chỉ tiêu", p.indicators if p.indicators else len(kg.indicators(plan_iri)))
    facts = [f"Cơ quan ban hành: **{md(p.issuer or '—')}**"]
    if detail.signer:
        facts.append(f"Người ký: {md(detail.signer)}")
    if p.province:
        facts.append(f"Tỉnh: {md(p.province)}")
    facts.append(f"Tệp nguồn: `{p.source_document or '?'}`")
    st.markdown(" · ".join(facts))
    st.markdown("**Căn cứ ban hành**")
    if not detail.legal_bases:
        st.caption("Không đọc được căn cứ nào.")
    for doc in detail.legal_bases:
        name = " ".join(x for x in (doc.doc_type, doc.number) if x) or "Văn bản"
        when = f" ngày {_date(doc.date)}" if doc.date else ""
        who = f" của {doc.issuer}" if doc.issuer else ""
        st.markdown(f"- **{md(name)}**{md(when)}{md(who)}")


def lineage(kg: PlanKG, plan_iri: str) -> None:
    """The lineage chart, and below it every node's detail one click away."""
    view = kg.lineage(plan_iri)
    if view.reaches_root:
        st.success("Kế hoạch dẫn tới Nghị quyết 57-NQ/TW qua chuỗi căn cứ dưới đây.",
                   icon=":material/account_tree:")
    else:
        st.warning("Không tìm thấy chuỗi căn cứ từ kế hoạch này tới Nghị quyết 57-NQ/TW.")
    st.graphviz_chart(view.dot, width="content")
    st.caption("Màu: xanh dương = kế hoạch; đỏ nhạt = văn bản trung ương; vàng = cấp tỉnh; "
               "xanh lá = cấp xã. Mũi tên chỉ tới văn bản được dựa vào.")
    labels = {n.iri: n.label for n in view.nodes}
    chosen = st.pills("Chi tiết văn bản", [n.iri for n in view.nodes], key=f"node-{plan_iri}",
                      format_func=lambda i: labels.get(i, i), default=view.nodes[0].iri)
    node = next((n for n in view.nodes if n.iri == chosen), None)
    if node is None:
        return
    with st.container(border=True):
        st.markdown(f"**{md(node.description)}**")
        if node.title:
            st.markdown(f"Trích yếu: {md(node.title)}")
        level = {"central": "Trung ương", "provincial": "Cấp tỉnh", "local": "Cấp xã"}
        bits = [f"Loại: {'kế hoạch trong đồ thị' if node.kind == 'plan' else 'văn bản'}"]
        if node.level:
            bits.append(f"Cấp: {level.get(node.level, node.level)}")
        bits.append("Có trong danh mục" if node.curated else "Chưa có trong danh mục")
        st.caption(" · ".join(bits))
        for basis in node.bases:
            st.markdown(f"- {md(basis)}")
        st.caption(f"IRI: {node.iri}")


def tasks_tab(kg: PlanKG, plan_iri: str) -> None:
    tasks = kg.tasks(plan_iri)
    if not tasks:
        st.info("Kế hoạch này không có bảng nhiệm vụ đọc được.")
        return
    leads = sorted({a.label for t in tasks for a in t.lead})
    years = sorted({t.deadline_year for t in tasks if t.deadline_year})
    cols = st.columns([2, 2, 1])
    text = cols[0].text_input("Lọc theo nội dung", key=f"tt-{plan_iri}")
    lead = cols[1].selectbox("Đơn vị chủ trì", [ALL, *leads], key=f"tl-{plan_iri}")
    year = cols[2].selectbox("Năm", [ALL, *years], key=f"ty-{plan_iri}")
    corrected = kg.corrected_subjects()
    rows = []
    for t in tasks:
        lead_names = [a.label for a in t.lead]
        if text and text.lower() not in (t.text or "").lower():
            continue
        if lead != ALL and lead not in lead_names:
            continue
        if year != ALL and t.deadline_year != year:
            continue
        rows.append({"STT": t.task_id or "", "Nội dung": t.text or "",
                     "Đơn vị chủ trì": ", ".join(lead_names),
                     "Đơn vị phối hợp": ", ".join(a.label for a in t.support),
                     "Kết quả": t.output or "", "Thời hạn": t.deadline or "",
                     "Cần rà soát": t.needs_review, "Đã hiệu chỉnh": t.iri in corrected,
                     "Dòng": f"{t.line_start}-{t.line_end}" if t.line_start else ""})
    st.caption(f"{len(rows)}/{len(tasks)} nhiệm vụ")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.download_button("Tải CSV nhiệm vụ", table_csv(rows), file_name="nhiem-vu.csv",
                       mime="text/csv", key=f"tcsv-{plan_iri}", icon=":material/download:")
    picked = st.selectbox("Xem dòng nguồn của nhiệm vụ", [t.iri for t in tasks], index=None,
                          key=f"tsrc-{plan_iri}", placeholder="Chọn một nhiệm vụ",
                          format_func=lambda i: next(f"{t.task_id or ''} {t.text or ''}"[:90]
                                                     for t in tasks if t.iri == i))
    if picked:
        detail = kg.task(picked)
        if detail is not None:
            source_expander(kg, detail.source_document, detail.task.line_start,
                            detail.task.line_end, detail.text_raw)


def indicators_tab(kg: PlanKG, plan_iri: str) -> None:
    items = kg.indicators(plan_iri)
    if not items:
        st.info("Kế hoạch này không có bảng chỉ tiêu đọc được.")
        return
    owners = sorted({a.label for i in items for a in i.owners})
    cols = st.columns([2, 2])
    text = cols[0].text_input("Lọc theo nội dung", key=f"it-{plan_iri}")
    owner = cols[1].selectbox("Đơn vị phụ trách", [ALL, *owners], key=f"io-{plan_iri}")
    rows = []
    for i in items:
        names = [a.label for a in i.owners]
        if text and text.lower() not in (i.text or "").lower():
            continue
        if owner != ALL and owner not in names:
            continue
        target = i.target or "; ".join(f"{y}: {v}" for y, v in sorted(i.targets.items()))
        rows.append({"STT": i.indicator_id or "", "Chỉ tiêu": i.text or "", "Đơn vị tính":
                     i.unit or "", "Mục tiêu": target, "Năm": i.year or "",
                     "Đơn vị phụ trách": ", ".join(names), "Cần rà soát": i.needs_review})
    st.caption(f"{len(rows)}/{len(items)} chỉ tiêu")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.download_button("Tải CSV chỉ tiêu", table_csv(rows), file_name="chi-tieu.csv",
                       mime="text/csv", key=f"icsv-{plan_iri}", icon=":material/download:")


def render(kg: PlanKG) -> None:
    plan_iri = _selected_plan(kg)
    if not plan_iri:
        plans_table(kg)
        return
    header(kg, plan_iri)
    tabs = st.tabs(["Nguồn gốc tới NQ 57", "Nhiệm vụ", "Chỉ tiêu", "Tất cả kế hoạch"])
    with tabs[0], guarded():
        lineage(kg, plan_iri)
    with tabs[1], guarded():
        tasks_tab(kg, plan_iri)
    with tabs[2], guarded():
        indicators_tab(kg, plan_iri)
    with tabs[3]:
        plans_table(kg)


run_page("Kế hoạch", render)
