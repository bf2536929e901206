"""Văn bản: the legal documents of the catalog and those plans cite, each with the plans that
implement it (reverse lineage)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kg.api import PlanKG
from kg.webapp.components import md, open_plan, run_page

LEVELS = {"central": "Trung ương", "provincial": "Cấp tỉnh", "local": "Cấp xã"}
ALL = "Tất cả"


def _date(iso: str | None) -> str:
    if not iso or len(iso) < 10:
        return iso or ""
    y, m, d = iso[:10].split("-")
    return f"{d}/{m}/{y}"


def render(kg: PlanKG) -> None:
    docs = kg.legal_documents()
    cols = st.columns([1, 2])
    level = cols[0].selectbox("Cấp ban hành", [ALL, *LEVELS], key="doc_level",
                              format_func=lambda v: LEVELS.get(v, v))
    text = cols[1].text_input("Tìm theo số hiệu hoặc trích yếu", key="doc_text")
    shown = [d for d in docs if (level == ALL or d.level == level)
             and (not text or text.lower() in f"{d.label} {d.title or ''}".lower())]
    rows = [{"Văn bản": d.label, "Ngày": _date(d.date), "Cơ quan ban hành": d.issuer or "",
             "Cấp": LEVELS.get(d.level or "", ""), "Trong danh mục": d.curated,
             "Kế hoạch thực hiện": len(d.implementers), "Trích yếu": d.title or ""}
            for d in shown]
    st.caption(f"{len(shown)}/{len(docs)} văn bản")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=320)
    labels = {d.iri: f"{d.label} — {len(d.implementers)} kế hoạch thực hiện" for d in shown}
    chosen = st.selectbox("Xem văn bản", list(labels), key="doc_select",
                          format_func=lambda i: labels[i])
    doc = next((d for d in shown if d.iri == chosen), None)
    if doc is None:
        return
    with st.container(border=True):
        st.subheader(doc.label)
        if doc.title:
            st.markdown(f"*{md(doc.title)}*")
        st.caption(" · ".join(x for x in (doc.issuer, _date(doc.date),
                                          LEVELS.get(doc.level or "", "")) if x))
        if not doc.implementers:
            st.info("Chưa có kế hoạch nào trong đồ thị dựa vào văn bản này.")
            return
        st.markdown(f"**Kế hoạch thực hiện ({len(doc.implementers)})**")
        for n, impl in enumerate(doc.implementers):
            left, right = st.columns([4, 1])
            how = "trực tiếp" if impl.direct else "gián tiếp"
            where = ", ".join(x for x in (impl.locality, impl.province) if x)
            left.markdown(f"**{md(impl.label)}** · {md(where)} · {how}  \n"
                          f"<small>{md(impl.path)}</small>", unsafe_allow_html=True)
            if right.button("Mở", key=f"impl-{n}", icon=":material/description:"):
                open_plan(impl.plan_iri)


run_page("Văn bản pháp lý", render,
         caption="Danh mục văn bản và những kế hoạch thực hiện mỗi văn bản (truy vết ngược).")
