"""SPARQL: read-only queries over the graph (updates and SERVICE refused), with examples and
result download."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from kg.api import PlanKG
from kg.webapp.components import guarded, run_page

EXAMPLES: dict[str, str] = {
    "Các kế hoạch và địa phương": """SELECT ?plan ?number ?locality WHERE {
  ?plan a pk:Plan .
  OPTIONAL { ?plan eli:number ?number }
  OPTIONAL { ?plan pk:locality/rdfs:label ?locality }
} ORDER BY ?locality""",
    "Đơn vị chủ trì nhiều nhiệm vụ nhất": """SELECT ?agency (COUNT(?task) AS ?tasks) WHERE {
  ?task a pk:Task ; pk:lead ?a .
  ?a skos:prefLabel ?agency .
} GROUP BY ?agency ORDER BY DESC(?tasks) LIMIT 20""",
    "Văn bản được làm căn cứ nhiều nhất": """SELECT ?number (COUNT(DISTINCT ?plan) AS ?plans) WHERE {
  ?plan a pk:Plan ; eli:based_on ?doc .
  ?doc eli:number ?number .
} GROUP BY ?number ORDER BY DESC(?plans)""",
    "Nhiệm vụ có hạn trong năm 2026": """SELECT ?locality ?text ?deadline WHERE {
  ?task a pk:Task ; pk:text ?text ; pk:deadlineYear 2026 ; pk:plan ?plan .
  OPTIONAL { ?task pk:deadline ?deadline }
  OPTIONAL { ?plan pk:locality/rdfs:label ?locality }
} ORDER BY ?locality LIMIT 100""",
    "Kế hoạch có dẫn tới Nghị quyết 57? (ASK)": """ASK {
  ?plan a pk:Plan ; (eli:based_on|eli:applies)+ ?doc .
  ?doc eli:number "57-NQ/TW" .
}""",
}


def _load_example() -> None:
    st.session_state["sparql_text"] = EXAMPLES[st.session_state["sparql_example"]]


def render(kg: PlanKG) -> None:
    st.selectbox("Truy vấn mẫu", list(EXAMPLES), key="sparql_example", on_change=_load_example)
    st.session_state.setdefault("sparql_text", next(iter(EXAMPLES.values())))
    query = st.text_area("Truy vấn SPARQL (chỉ đọc)", key="sparql_text", height=200)
    st.caption("Các tiền tố pk:, eli:, org:, prov:, skos:, dcterms:, rdfs:, xsd: có sẵn. Truy vấn "
               "sửa dữ liệu (INSERT, DELETE, DROP …) và SERVICE bị từ chối.")
    if st.button("Chạy truy vấn", type="primary", key="sparql_run", icon=":material/play_arrow:"):
        st.session_state.pop("sparql_result", None)
        with guarded():
            st.session_state["sparql_result"] = (query, kg.sparql(query))
    ran = st.session_state.get("sparql_result")
    if ran is None or ran[0] != query:
        return
    result = ran[1]
    with guarded():
        if result.form == "ASK":
            st.info(f"Kết quả: **{'Có' if result.boolean else 'Không'}**")
            return
        if result.turtle is not None:
            st.code(result.turtle[:20000], language="turtle")
            st.download_button("Tải Turtle", result.turtle.encode("utf-8"), "ket-qua.ttl",
                               mime="text/turtle", key="sparql_ttl")
            return
        st.caption(f"{len(result.rows)} dòng" + (" (đã cắt bớt)" if result.truncated else ""))
        st.dataframe(pd.DataFrame(result.rows, columns=result.columns), hide_index=True,
                     width="stretch")
        cols = st.columns(2)
        cols[0].download_button("Tải CSV", result.to_csv().encode("utf-8-sig"), "ket-qua.csv",
                                mime="text/csv", key="sparql_csv")
        cols[1].download_button("Tải JSON", json.dumps(result.rows, ensure_ascii=False,
                                                       indent=1).encode("utf-8"),
                                "ket-qua.json", mime="application/json", key="sparql_json")


run_page("SPARQL", render, needs_plans=False)
