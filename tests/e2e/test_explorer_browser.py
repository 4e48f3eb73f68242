"""The explorer in a real JupyterLab, driven in headless Chromium by playwright.

JupyterLab runs on 127.0.0.1 (a free port, a token, no browser) in a temporary folder holding a
copy of notebooks/explorer.ipynb pointed at the sample data; the system Chromium
(``/usr/bin/chromium``, never a browser download) opens it through playwright, runs every cell
(``notebook:run-all-cells`` through the app JupyterLab exposes with
``--LabApp.expose_app_in_browser``, as galata's server configuration does), then moves controls
the way an analyst does and reads back what plotly drew (each trace's x and y in the figure's
``gd.data``, and the axis's tick labels) and the totals table, checking them against the
library. Every wait is bounded; the server is stopped at the end whatever happens.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from commissioning_analytics import explorer, style
from commissioning_analytics import month as report
from commissioning_analytics.model.headline import headline as headline_figures
from fixtures import require_chromium  # the system Chromium; CI fails without it

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
SERVER_START_S = 90
RUN_ALL_S = 240
UPDATE_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook_copy(folder: Path) -> Path:
    """notebooks/explorer.ipynb with its data folder made absolute (the copy runs elsewhere)."""
    nb = json.loads((ROOT / "notebooks" / "explorer.ipynb").read_text())
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    source = "".join(cell["source"])
    assert 'data_dir: str = "../data/raw"' in source
    cell["source"] = source.replace('"../data/raw"', json.dumps(str(ROOT / "data" / "raw")))
    path = folder / "explorer.ipynb"
    path.write_text(json.dumps(nb))
    return path


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server in ``tmp_path``: yields its notebook URL; stopped afterwards."""
    require_chromium()
    port, token = _free_port(), secrets.token_hex(16)
    work = tmp_path / "lab"
    work.mkdir()
    _notebook_copy(work)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1",
        "PLOTLY_RENDERER": "notebook",
    }
    log = (tmp_path / "lab.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=None",
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
        ],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            assert server.poll() is None, (tmp_path / "lab.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/status?token={token}", timeout=5
                ) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "JupyterLab did not start in time"
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/lab/tree/explorer.ipynb?token={token}"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
        log.close()


FIGURE = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')]
    .find(g => g.data && g.data.length && g.data[0].name === 'Plan');
  if (!gd) return null;
  const ticks = [...gd.querySelectorAll('.xaxislayer-above .xtick text')].map(t => t.textContent);
  return {traces: gd.data.map(t => ({name: t.name, x: Array.from(t.x || []),
                                     y: Array.from(t.y || [])})), ticks};
}"""

TOTALS = """() => Object.fromEntries([...document.querySelectorAll('[data-total]')]
  .map(td => [td.dataset.total, td.textContent.trim()]))"""


STATE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')]
    .map(o => o.innerText.slice(0, 300));
  return {kernel: k ? k.status + '/' + k.connectionStatus : 'none',
          dialogs: [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText),
          outputs};
}"""


STARTED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return (k && k.status === 'busy') ||
         w.content.widgets.some(c => c.model.type === 'code' && c.model.executionCount);
}"""


def _wait(page, predicate: str, arg, timeout_s: float):
    """Wait for ``predicate``; on timeout, fail with the kernel's state, any dialog and the
    cells' outputs (an error in a cell shows there)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(predicate, arg=arg, timeout=timeout_s * 1000)
    except PlaywrightTimeout:
        pytest.fail(
            f"waited {timeout_s} s for {predicate[:120]!r}: "
            f"{json.dumps(page.evaluate(STATE))[-3000:]}"
        )


def _expected(month, **controls):
    data = explorer.ExplorerData.from_month(month)
    result = explorer.recompute(data, period_index=month.period_index, **controls)
    return result


def test_explorer_in_jupyterlab_keeps_its_months_and_agrees_with_the_library(lab):
    from playwright.sync_api import sync_playwright

    month = report.load_month("2026-10", ROOT / "data" / "raw")
    labels = [style.month_label(m) for m in month.months]
    head = vars(headline_figures(month))

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
            page.goto(lab, timeout=SERVER_START_S * 1000)
            _wait(
                page,
                """() => {
                const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                const k = w && w.sessionContext && w.sessionContext.session &&
                          w.sessionContext.session.kernel;
                return k && w.context && w.context.isReady && w.sessionContext.isReady &&
                       w.content && w.content.widgets.length > 0 &&
                       k.connectionStatus === 'connected' && k.status === 'idle';
            }""",
                None,
                RUN_ALL_S,
            )
            # Run every cell; on a busy machine the first request can come too early to be
            # acted on, so ask again (at most three times) until a cell starts.
            for attempt in range(3):
                page.evaluate(
                    "() => { window.jupyterapp.shell.activateById("
                    "window.jupyterapp.shell.currentWidget.id); "
                    "window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
                )
                try:
                    page.wait_for_function(STARTED, timeout=60_000)
                    break
                except Exception:
                    assert attempt < 2, json.dumps(page.evaluate(STATE))[-3000:]
            _wait(
                page,
                "() => document.querySelectorAll('[data-total]').length >= 9 && "
                "[...document.querySelectorAll('.js-plotly-plot')]"
                ".some(g => g.data && g.data[0] && g.data[0].name === 'Plan')",
                None,
                RUN_ALL_S,
            )

            # As first drawn: the headline's figures, the months April to March.
            totals = page.evaluate(TOTALS)
            assert totals["forecast_in_year"] == style.money(head["forecast_in_year"])  # £10.2m
            assert totals["forecast_outturn"] == style.money(head["forecast_outturn"])  # £9.92m
            assert totals["gap_to_target"] == style.money(head["gap_to_target"])  # £4.01m
            figure = page.evaluate(FIGURE)
            _check_months(figure, labels, month.period_index)
            # Control labels are shown whole ("Green weight", not "Green wei..."), and the
            # legend clears both axis titles.
            cut = page.evaluate("""() => [...document.querySelectorAll('.widget-label')]
                .filter(l => l.offsetParent && l.scrollWidth > l.clientWidth + 1)
                .map(l => l.textContent)""")
            assert cut == []
            overlap = page.evaluate("""() => {
                const gd = [...document.querySelectorAll('.js-plotly-plot')]
                  .find(g => g.data && g.data[0] && g.data[0].name === 'Plan');
                const box = e => e && e.getBoundingClientRect();
                const legend = box(gd.querySelector('.legend'));
                const hit = r => r && !(r.right <= legend.left || legend.right <= r.left ||
                                        r.bottom <= legend.top || legend.bottom <= r.top);
                return [hit(box(gd.querySelector('.g-xtitle'))),
                        hit(box(gd.querySelector('.g-ytitle')))];
            }""")
            assert overlap == [False, False]

            # Move the amber weight one step down (0.75 -> 0.70) with the keyboard.
            amber = page.locator(".widget-slider", has_text="Amber weight")
            amber.locator(".noUi-handle").focus()
            page.keyboard.press("ArrowLeft")
            want = _expected(month, weights={"amber": 0.7})
            _wait(
                page,
                """([name, value]) => {
                const gd = [...document.querySelectorAll('.js-plotly-plot')]
                  .find(g => g.data && g.data[0] && g.data[0].name === 'Plan');
                const t = gd && gd.data.find(t => t.name === name);
                return t && Math.abs(Array.from(t.y)[11] - value) < 1;
            }""",
                ["Most likely", float(np.cumsum(want.most_likely)[-1])],
                UPDATE_S,
            )
            figure = page.evaluate(FIGURE)
            _check_months(figure, labels, month.period_index)
            traces = {t["name"]: t for t in figure["traces"]}
            assert traces["Most likely"]["y"] == pytest.approx(np.cumsum(want.most_likely))
            assert traces["Forecast"]["y"] == pytest.approx(np.cumsum(want.forecast))
            # At the October reporting line the plan reads the plan to date (not November's).
            assert traces["Plan"]["y"][month.period_index] == pytest.approx(head["plan_to_date"])
            _wait(
                page,
                "(v) => document.querySelector('[data-total=\"most_likely_in_year\"]')"
                ".textContent.trim() === v",
                style.money(want.totals["most_likely_in_year"]),
                UPDATE_S,
            )

            # A change of 0 months for a theme, applied: added to the directors' change, so
            # the forecast stays the headline's (with amber at 70%).
            page.locator(".widget-dropdown", has_text="Change by").locator("select").select_option(
                label="Theme"
            )
            page.locator(".widget-dropdown", has_text="Which").locator("select").select_option(
                label="Integrated Care"
            )
            page.get_by_role("button", name="Apply change").click()
            _wait(
                page,
                "() => document.body.innerText.includes('theme Integrated Care: 0 months')",
                None,
                UPDATE_S,
            )
            totals = page.evaluate(TOTALS)
            assert totals["forecast_in_year"] == style.money(want.totals["forecast_in_year"])
            _check_months(page.evaluate(FIGURE), labels, month.period_index)

            # The picker is searchable and shows numbers with names.
            page.locator(".widget-dropdown", has_text="Change by").locator("select").select_option(
                label="Scheme"
            )
            # (the kernel clears Find when the level changes: wait for that before typing)
            _wait(
                page,
                """() => [...document.querySelectorAll('.widget-dropdown')]
                .find(d => d.textContent.includes('Which')).querySelector('select')
                .options.length === 30""",
                None,
                UPDATE_S,
            )
            find = page.locator(".widget-text", has_text="Find").locator("input")
            find.fill("discharge")
            _wait(
                page,
                """() => {
                const s = [...document.querySelectorAll('.widget-dropdown')]
                  .find(d => d.textContent.includes('Which')).querySelector('select');
                return s.options.length === 1;
            }""",
                None,
                UPDATE_S,
            )
            options = page.locator(".widget-dropdown", has_text="Which").locator("option")
            # (ipywidgets shows option spaces as no-break spaces)
            assert [o.replace("\xa0", " ") for o in options.all_text_contents()] == [
                "9 Discharge to assess pathway"
            ]

            # The scenario picker below keeps its months too when another scenario is chosen.
            picker = page.locator(".widget-dropdown", has_text="Scenario").locator("select")
            picker.select_option(label="Planned care slips a quarter")
            _wait(
                page,
                """() => {
                const gd = [...document.querySelectorAll('.js-plotly-plot')]
                  .find(g => g.data && g.data[0] && g.data[0].name === 'Baseline (forecast)');
                return gd && gd.data[1].name === 'Planned care slips a quarter';
            }""",
                None,
                UPDATE_S,
            )
            scenario = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
                .find(g => g.data[0].name === 'Baseline (forecast)').data
                .map(t => Array.from(t.x))""")
            assert scenario[0] == labels and scenario[1] == labels
        finally:
            browser.close()


def _check_months(figure, labels, period_index):
    """Every line drawn over the year's months; the actual to the reporting month; the axis
    labelled with months only (the bug: "0, Apr 2026 ..." and lines a month to the left)."""
    assert figure is not None, "the explorer's figure was not drawn"
    traces = {t["name"]: t for t in figure["traces"]}
    for name in ("Plan", "Most likely", "Forecast"):
        assert traces[name]["x"] == labels, name
        assert len(traces[name]["y"]) == 12, name
    assert traces["Actual"]["x"] == labels[: period_index + 1]
    assert figure["ticks"] and set(figure["ticks"]) <= set(labels), figure["ticks"]
