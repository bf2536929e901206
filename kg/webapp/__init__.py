"""The Streamlit pages of plankg (run through the top-level ``app.py``).

Each page is a small script (``page_*.py``) registered with ``st.navigation``; file-based pages
let ``streamlit.testing`` switch between them. Pages talk to the graph only through
:mod:`kg.api`; shared widgets live in :mod:`kg.webapp.components`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent

#: key -> (script, title, icon); the order is the sidebar's.
PAGES: dict[str, tuple[str, str, str]] = {
    "tim-kiem": ("page_search.py", "Tìm kiếm", ":material/search:"),
    "ke-hoach": ("page_plans.py", "Kế hoạch", ":material/description:"),
    "don-vi": ("page_agencies.py", "Đơn vị", ":material/apartment:"),
    "so-sanh": ("page_compare.py", "So sánh", ":material/compare_arrows:"),
    "van-ban": ("page_documents.py", "Văn bản", ":material/gavel:"),
    "nap-van-ban": ("page_upload.py", "Nạp văn bản", ":material/upload_file:"),
    "ra-soat": ("page_review.py", "Rà soát", ":material/fact_check:"),
    "sparql": ("page_sparql.py", "SPARQL", ":material/terminal:"),
}


def page(key: str) -> st.Page:
    """The st.Page of one page key (same object identity is not needed: url_path decides)."""
    script, title, icon = PAGES[key]
    return st.Page(str(HERE / script), title=title, icon=icon, url_path=key,
                   default=key == "tim-kiem")


def navigation() -> None:
    """Configure the page and run the selected one."""
    st.set_page_config(page_title="plankg · Kế hoạch thực hiện NQ 57", page_icon="📑",
                       layout="wide")
    st.navigation([page(k) for k in PAGES]).run()
