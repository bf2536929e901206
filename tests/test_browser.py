"""End to end in a real browser: ``streamlit run app.py`` on a free localhost port, driven by
Playwright in Debian's chromium. Screenshots land in test-artifacts/ (git-ignored)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 180_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="Debian's chromium is not installed (/usr/bin/chromium); "
                              "apt-get install chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def app_url(app_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by a real ``streamlit run`` on the ingested samples."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, "PLANKG_DATA_DIR": str(app_data_dir)}
    env.pop("PLANKG_EDITOR_PASSWORD", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--client.toolbarMode", "viewer"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser_page(app_url: str) -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
        page.set_default_timeout(WAIT_MS)
        try:
            yield page
        finally:
            browser.close()


def _shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path


def _choose(page: object, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label."""
    page.get_by_role("combobox", name=label, exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("option", name=option, exact=True).click()  # type: ignore[attr-defined]


def test_browser_search_owner_then_plan_lineage(browser_page: object, app_url: str) -> None:
    from playwright.sync_api import expect

    page = browser_page
    page.goto(app_url)  # type: ignore[attr-defined]
    query = page.get_by_label("Câu hỏi hoặc từ khóa")  # type: ignore[attr-defined]
    expect(query).to_be_visible(timeout=WAIT_MS)
    _choose(page, "Địa phương", "phường Phước Bình")
    query.fill("ai chủ trì chữ ký số cho người dân")
    query.press("Enter")
    answer = page.get_by_test_id("stAlertContentSuccess").first  # type: ignore[attr-defined]
    expect(answer).to_contain_text("Đơn vị chủ trì: Phòng Văn hóa - Xã hội")
    expect(answer).to_contain_text("chữ ký số cho người dân")
    card = page.get_by_text("Đơn vị chủ trì: Phòng Văn hóa - Xã hội").nth(1)  # type: ignore[attr-defined]
    expect(card).to_be_visible()
    page.wait_for_timeout(500)  # type: ignore[attr-defined]  # let the cards finish painting
    shot = _shot(page, "search.png")
    if os.environ.get("PLANKG_UPDATE_SCREENSHOTS"):  # refresh the README's picture on request
        shutil.copyfile(shot, ROOT / "docs" / "screenshot-search.png")

    page.get_by_role("button", name="Mở kế hoạch").first.click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Kế hoạch dẫn tới Nghị quyết 57-NQ/TW")).to_be_visible()  # type: ignore[attr-defined]
    chart = page.get_by_test_id("stGraphVizChart").locator("svg")  # type: ignore[attr-defined]
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("Nghị quyết 57-NQ/TW")
    expect(chart).to_contain_text("09/KH-UBND")
    ARTIFACTS.mkdir(exist_ok=True)
    chart.screenshot(path=str(ARTIFACTS / "lineage-chart.png"))
    assert "/ke-hoach" in page.url  # type: ignore[attr-defined]
    page.get_by_role("radio", name="Nghị quyết 57-NQ/TW", exact=True).click()  # type: ignore[attr-defined]
    expect(page.get_by_text("Về đột phá phát triển khoa học").first).to_be_visible()  # type: ignore[attr-defined]
    _shot(page, "plan-lineage.png")


def test_browser_compare_steering_committee(browser_page: object, app_url: str) -> None:
    from playwright.sync_api import expect

    page = browser_page
    page.goto(f"{app_url}/so-sanh")  # type: ignore[attr-defined]
    expect(page.get_by_text("Nhóm nhiệm vụ tương đương giữa các địa phương")).to_be_visible()  # type: ignore[attr-defined]
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()  # type: ignore[attr-defined]
    page.get_by_role("tab", name="So sánh một nhiệm vụ").click()  # type: ignore[attr-defined]
    page.get_by_label("Lọc danh sách nhiệm vụ").fill("Ban Chỉ đạo")  # type: ignore[attr-defined]
    page.get_by_label("Lọc danh sách nhiệm vụ").press("Enter")  # type: ignore[attr-defined]
    page.get_by_role("combobox", name="Nhiệm vụ", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("option").filter(has_text="Thành lập Ban Chỉ đạo").first.click()  # type: ignore[attr-defined]
    expect(page.get_by_text("(nhiệm vụ đã chọn)")).to_be_visible()  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    _shot(page, "compare.png")
