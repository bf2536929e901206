"""Tìm kiếm: one box, filters, owner answer above the result cards."""

from __future__ import annotations

import streamlit as st

from kg.api import KIND_LABELS, PlanKG, SearchFilters
from kg.webapp.components import hit_card, md, run_page

ALL = "Tất cả"
EXAMPLES = ("Ai chủ trì triển khai chữ ký số cho người dân?",
            "thành lập Ban Chỉ đạo về khoa học, công nghệ và chuyển đổi số",
            "tỷ lệ hồ sơ thủ tục hành chính trực tuyến toàn trình")


def _choice(value: object) -> object | None:
    return None if value in (None, ALL) else value


def filters_from(kg: PlanKG) -> SearchFilters:
    """The filter widgets (province, locality, agency type, kind, deadline year)."""
    facets = kg.facets()
    types = dict(facets.agency_types)
    cols = st.columns(5)
    province = cols[0].selectbox("Tỉnh", [ALL, *facets.provinces], key="f_province")
    localities = facets.localities
    locality = cols[1].selectbox("Địa phương", [ALL, *localities], key="f_locality")
    agency_type = cols[2].selectbox("Loại đơn vị", [ALL, *types], key="f_type",
                                    format_func=lambda t: types.get(t, t))
    kind = cols[3].selectbox("Loại nội dung", [ALL, *facets.kinds], key="f_kind",
                             format_func=lambda k: KIND_LABELS.get(k, k))
    year = cols[4].selectbox("Năm hoàn thành", [ALL, *facets.years], key="f_year")
    return SearchFilters(province=_choice(province), locality=_choice(locality),  # type: ignore[arg-type]
                         agency_type=_choice(agency_type), kind=_choice(kind),  # type: ignore[arg-type]
                         deadline_year=_choice(year))  # type: ignore[arg-type]


def render(kg: PlanKG) -> None:
    query = st.text_input("Câu hỏi hoặc từ khóa", key="q",
                          placeholder="Ví dụ: " + EXAMPLES[0])
    st.caption("Gợi ý: " + " · ".join(f"“{e}”" for e in EXAMPLES)
               + ". Gõ có dấu hay không dấu đều được.")
    filters = filters_from(kg)
    k = st.slider("Số kết quả", 5, 50, 10, step=5, key="k")
    if not query.strip():
        return
    result = kg.search(query, k=k, filters=filters)
    corrected = result.extra.get("corrected", set())
    owner = result.owner_answer
    if owner is not None and owner.asked:
        lead = ", ".join(owner.lead)
        top = result.hits[0]
        lines = [f"### Đơn vị chủ trì: **{md(lead)}**"]
        if owner.support:
            lines.append(f"Phối hợp: {md(', '.join(owner.support))}")
        lines.append(f"Theo {md(top.plan_symbol or top.doc)}"
                     + (f" ({md(top.locality)})" if top.locality else "")
                     + f": “{md(top.text)}”")
        st.success("\n\n".join(lines), icon=":material/person_check:")
    if not result.hits:
        st.warning("Không có kết quả phù hợp; hãy bỏ bớt bộ lọc hoặc đổi từ khóa.")
        return
    st.caption(f"{len(result.hits)} kết quả")
    for n, hit in enumerate(result.hits):
        hit_card(kg, hit, key=f"hit{n}", corrected=hit.iri in corrected)


run_page("Tìm kiếm", render,
         caption="Tìm nhiệm vụ, chỉ tiêu và phân công trong các kế hoạch thực hiện Nghị quyết "
                 "57-NQ/TW; hỏi “ai chủ trì …” để biết đơn vị chủ trì.")
