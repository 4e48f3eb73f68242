"""`commissioning-analytics explore`: the explorer served by Voila, driven in headless Chromium.

The real command serves notebooks/explorer.ipynb on a free port of 127.0.0.1 on the sample data
for October 2026; the system Chromium (never a browser download) opens it through playwright,
waits for the kernel to draw the totals and the savings curve, checks them against the library,
moves the amber weight one step with the keyboard as an analyst would and checks the redrawn
curve and totals. The page shows no code and asks nothing of any other host than the server.
Every wait is bounded; the command is stopped at the end (it stops Voila and its kernels).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from commissioning_analytics import explorer, style
from commissioning_analytics import month as report
from commissioning_analytics.model.headline import headline as headline_figures
from fixtures import require_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-10"
START_S = 120
DRAWN_S = 300
UPDATE_S = 60

TOTALS = """() => Object.fromEntries([...document.querySelectorAll('[data-total]')]
  .map(td => [td.dataset.total, td.textContent.trim()]))"""
CURVE = """(name) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => g.data && g.data[0] && g.data[0].name === 'Plan');
  const t = gd && gd.data.find(t => t.name === name);
  return t ? {x: Array.from(t.x), y: Array.from(t.y)} : null;
}"""


def _wait(page, predicate: str, timeout_s: float) -> None:
    """Wait for ``predicate``; on timeout, fail with what the page shows (an error in a cell,
    a spinner still turning)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(predicate, timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        pytest.fail(f"waited {timeout_s} s for the explorer: {page.inner_text('body')[-2000:]!r}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """The explore command on a free port: yields its URL; stopped afterwards."""
    require_chromium()
    port = _free_port()
    log = (tmp_path / "explore.log").open("wb")
    command = [
        str(Path(sys.executable).parent / "commissioning-analytics"),
        "explore",
        "--data",
        str(ROOT / "data" / "raw"),
        "--period",
        PERIOD,
        "--port",
        str(port),
        "--no-browser",
    ]
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    server = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}/"
    ready = f"{url}voila/static/voila.js"  # served once Voila is up; "/" would start a kernel
    try:
        deadline = time.monotonic() + START_S
        while True:
            assert server.poll() is None, (tmp_path / "explore.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(ready, timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the explorer was not served in time"
            time.sleep(0.5)
        yield url
    finally:
        if server.poll() is None:
            server.terminate()  # the command stops Voila and its kernels
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
        log.close()
    assert server.returncode == 0, (tmp_path / "explore.log").read_text()[-3000:]


def test_explore_serves_the_explorer_and_a_control_redraws_it(served):
    from playwright.sync_api import sync_playwright

    month = report.load_month(PERIOD, ROOT / "data" / "raw")
    head = vars(headline_figures(month))
    labels = [style.month_label(m) for m in month.months]
    want = explorer.recompute(
        explorer.ExplorerData.from_month(month),
        period_index=month.period_index,
        weights={"amber": 0.7},
    )

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=require_chromium(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            hosts = set()
            page.on(
                "request",
                lambda r: hosts.add(urlparse(r.url).hostname) if r.url.startswith("http") else None,
            )
            page.goto(served, timeout=START_S * 1000)
            _wait(
                page,
                "() => document.querySelectorAll('[data-total]').length >= 9 && "
                "[...document.querySelectorAll('.js-plotly-plot')]"
                ".some(g => g.data && g.data[0] && g.data[0].name === 'Plan')",
                DRAWN_S,
            )

            # As first drawn: the headline's figures and the months April to March.
            totals = page.evaluate(TOTALS)
            assert totals["plan_in_year"] == style.money(head["plan_in_year"])  # £13.9m
            assert totals["forecast_outturn"] == style.money(head["forecast_outturn"])  # £9.92m
            assert totals["gap_to_target"] == style.money(head["gap_to_target"])  # £4.01m
            plan = page.evaluate(CURVE, "Plan")
            assert plan["x"] == labels and len(plan["y"]) == 12
            assert plan["y"][month.period_index] == pytest.approx(head["plan_to_date"])
            # the code is hidden: no code editor, no call in the page's text
            assert page.locator(".jp-InputArea-editor").count() == 0
            text = page.inner_text("body")
            assert "Savings explorer" in text
            assert "explorer.app(month)" not in text and "configure_notebook" not in text

            # Move the amber weight one step down (0.75 -> 0.70) with the keyboard.
            amber = page.locator(".widget-slider", has_text="Amber weight")
            amber.locator(".noUi-handle").focus()
            page.keyboard.press("ArrowLeft")
            page.wait_for_function(
                """([curve, value]) => {
                  const t = (eval(curve))('Most likely');
                  return t && Math.abs(t.y[11] - value) < 1;
                }""",
                arg=[CURVE, float(np.cumsum(want.most_likely)[-1])],
                timeout=UPDATE_S * 1000,
            )
            likely = page.evaluate(CURVE, "Most likely")
            assert likely["y"] == pytest.approx(np.cumsum(want.most_likely))
            assert likely["y"][-1] < page.evaluate(CURVE, "Plan")["y"][-1]
            page.wait_for_function(
                "(v) => document.querySelector('[data-total=\"most_likely_in_year\"]')"
                ".textContent.trim() === v",
                arg=style.money(want.totals["most_likely_in_year"]),
                timeout=UPDATE_S * 1000,
            )
            assert page.evaluate(TOTALS)["most_likely_in_year"] != totals["most_likely_in_year"]
            # everything the page asked for came from the server
            assert hosts - {"127.0.0.1"} == set(), hosts
        finally:
            browser.close()
