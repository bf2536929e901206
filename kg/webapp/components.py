"""Widgets and plumbing shared by the pages: the cached facade, error display, result cards,
editor access and page switching."""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from kg.api import (
    ENV_EDITOR_PASSWORD,
    KIND_LABELS,
    Hit,
    PlanKG,
    PlanKGError,
)
from kg.webapp import page

EMPTY_HINT = ("Chưa có kế hoạch nào: hãy nạp văn bản ở trang **Nạp văn bản** (cần quyền biên "
              "tập) hoặc chạy `plankg ingest THƯ_MỤC` / `plankg demo` trong cửa sổ lệnh.")
ROLE_LABELS = {"task": "Đơn vị chủ trì", "indicator": "Đơn vị phụ trách",
               "assignment": "Đơn vị thực hiện"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|$~])")


def md(text: str | None) -> str:
    """Text shown literally inside Markdown (OCR text is full of *, _, $ and brackets)."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


@st.cache_resource(show_spinner="Đang nạp mô hình, chỉ mục và đồ thị…")
def _open(data_dir: str) -> PlanKG:
    kg = PlanKG.open(data_dir or None)
    kg.warm_up()
    return kg


def get_kg() -> PlanKG:
    """The facade of the configured data directory, opened once per process."""
    return _open(os.environ.get("PLANKG_DATA_DIR", ""))


def show_error(exc: BaseException) -> None:
    """A coded message instead of a traceback."""
    if isinstance(exc, PlanKGError):
        st.error(str(exc), icon=":material/error:")
    else:
        st.error(f"PK000: lỗi ngoài dự kiến ({type(exc).__name__}): {exc}",
                 icon=":material/error:")


@contextmanager
def guarded() -> Iterator[None]:
    """Run page code; errors become messages (st.stop/rerun pass through: BaseException)."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the page must never show a traceback
        show_error(exc)


def run_page(title: str, render: Callable[[PlanKG], None], needs_plans: bool = True,
             caption: str | None = None) -> None:
    """Common page frame: title, facade, empty state, errors as messages."""
    st.title(title)
    if caption:
        st.caption(caption)
    with guarded():
        kg = get_kg()
        sidebar_status(kg)
        if needs_plans and not kg.plans():
            st.info(EMPTY_HINT, icon=":material/info:")
            return
        render(kg)


def sidebar_status(kg: PlanKG) -> None:
    stats = kg.stats()
    with st.sidebar:
        st.caption(f"Dữ liệu: `{kg.base}`")
        st.caption(f"{stats.plans} kế hoạch · {stats.tasks} nhiệm vụ · {stats.indicators} chỉ "
                   f"tiêu · {stats.agencies} đơn vị · {stats.legal_documents} văn bản")


# -- navigation between pages -------------------------------------------------------------

def open_plan(plan_iri: str) -> None:
    st.session_state["plan_iri"] = plan_iri
    st.switch_page(page("ke-hoach"), query_params={"plan": plan_iri})


def open_similar(task_iri: str) -> None:
    st.session_state["compare_task"] = task_iri
    st.switch_page(page("so-sanh"))


# -- result cards ---------------------------------------------------------------------------

def hit_card(kg: PlanKG, hit: Hit, key: str, corrected: bool = False,
             actions: bool = True) -> None:
    """One search result: text, lead unit in bold, support, output, deadline, plan, source."""
    with st.container(border=True):
        where = ", ".join(p for p in (hit.locality, hit.province) if p)
        st.caption(f"{KIND_LABELS.get(hit.kind, hit.kind)} · {hit.plan_symbol or hit.doc}"
                   + (f" · {where}" if where else ""))
        st.markdown(md(hit.text))
        lead = ", ".join(hit.lead)
        mark = " ✎ *đã hiệu chỉnh*" if corrected else ""
        st.markdown(f"{ROLE_LABELS.get(hit.kind, 'Đơn vị')}: "
                    + (f"**{md(lead)}**" if lead else "*chưa xác định*") + mark)
        if hit.support:
            st.markdown(f"Đơn vị phối hợp: {md(', '.join(hit.support))}")
        facts = []
        if hit.output:
            facts.append(f"Kết quả: {md(hit.output)}")
        if hit.deadline:
            facts.append(f"Thời hạn: {md(hit.deadline)}")
        if facts:
            st.markdown(" · ".join(facts))
        source_expander(kg, hit.doc, hit.line_start, hit.line_end)
        if actions:
            left, right, _ = st.columns([1, 1, 3])
            if left.button("Mở kế hoạch", key=f"plan-{key}", icon=":material/description:"):
                open_plan(hit.plan_iri)
            if hit.kind == "task" and right.button("Nơi khác làm gì?", key=f"sim-{key}",
                                                   icon=":material/compare_arrows:"):
                open_similar(hit.iri)


def source_expander(kg: PlanKG, doc: str | None, start: int | None, end: int | None,
                    raw_text: str | None = None) -> None:
    """The lines a fact was read from: as printed, and with diacritics restored."""
    if start is None and not raw_text:
        return
    span = f"dòng {start}" + (f"–{end}" if end and end != start else "") if start else ""
    with st.expander(f"Văn bản gốc ({doc or '?'}{', ' + span if span else ''})"):
        lines = kg.source_lines(doc, start, end) if doc and start else []
        if lines:
            st.caption("Như in trong văn bản")
            st.code("\n".join(f"{ln.number:>5}  {ln.raw}" for ln in lines), language=None,
                    wrap_lines=True)
            st.caption("Đã khôi phục dấu")
            st.code("\n".join(f"{ln.number:>5}  {ln.restored}" for ln in lines), language=None,
                    wrap_lines=True)
        elif raw_text:
            st.caption("Như in trong văn bản")
            st.code(raw_text, language=None, wrap_lines=True)
        else:
            st.caption("Không tìm thấy tệp nguồn trong thư mục dữ liệu.")


# -- editors ------------------------------------------------------------------------------

def editor_password() -> str | None:
    """Streamlit secrets (``editor_password``) beat the environment variable."""
    try:
        secret = st.secrets.get("editor_password")
    except Exception:  # noqa: BLE001 - no secrets file is the normal case
        secret = None
    return str(secret) if secret else os.environ.get(ENV_EDITOR_PASSWORD) or None


def is_editor() -> bool:
    """True once the editor password was entered; always False when none is configured."""
    password = editor_password()
    if not password:
        st.info("Ứng dụng đang ở chế độ chỉ xem: chưa cấu hình mật khẩu biên tập "
                f"(`{ENV_EDITOR_PASSWORD}` hoặc `editor_password` trong Streamlit secrets).",
                icon=":material/lock:")
        return False
    if st.session_state.get("editor_ok"):
        with st.sidebar:
            st.success("Đã đăng nhập biên tập", icon=":material/edit:")
        return True
    with st.sidebar:
        entered = st.text_input("Mật khẩu biên tập", type="password", key="editor_pw")
    if entered and hmac.compare_digest(entered.encode(), password.encode()):
        st.session_state["editor_ok"] = True
        return True
    if entered:
        st.sidebar.error("Sai mật khẩu.")
    st.info("Chỉ biên tập viên mới sửa được: nhập mật khẩu ở thanh bên. Những người khác chỉ xem.",
            icon=":material/lock:")
    return False


def table_csv(rows: list[dict[str, Any]]) -> bytes:
    """CSV with a BOM so Excel opens Vietnamese text correctly."""
    import pandas as pd

    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8-sig")
