"""One pack page through the papermill command line, then as an offline HTML page.

The route the README gives an analyst: ``papermill`` runs a page for a month (refused without
``data_dir``), ``COMMISSIONING_ANALYTICS_PLOTLY_JS=page`` keeps plotly.js out of the executed
copy, and ``commissioning-analytics html`` (or ``jupyter nbconvert --to offline``) writes a page
that fetches nothing from the network and draws every figure in headless Chromium.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures import dump_dom

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "notebooks" / "20_rag_dashboard.ipynb"
BIN = Path(sys.executable).parent
NETWORK = re.compile(
    r"<script\b[^>]*\bsrc=[\"']?(https?:)?//|<link\b[^>]*\bhref=[\"']?(https?:)?//"
    r"|\bimport\s*[\"'](https?:)?//",
    re.I,
)
BUNDLE = re.compile(r"\*\s*plotly\.js v\d")
FIGURE = 'class="plotly-graph-div"'


def _papermill(out: Path, *parameters: str, env: dict | None = None):
    return subprocess.run(
        [str(BIN / "papermill"), str(PAGE), str(out), "--no-progress-bar", *parameters],
        cwd=out.parent,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_papermill_without_data_dir_refuses_with_one_line_and_reads_nothing(tmp_path):
    run = _papermill(tmp_path / "out.ipynb", "-p", "period", "2026-10")
    assert run.returncode != 0
    assert (
        "NotebookParameterError: no data_dir given: pass the month's data folder "
        "(papermill: -p data_dir DIR), or sample=True (-p sample True)"
    ) in run.stderr
    cells = json.loads((tmp_path / "out.ipynb").read_text())["cells"]
    guard = next(i for i, c in enumerate(cells) if "require_data_dir" in "".join(c["source"]))
    errors = [o for o in cells[guard]["outputs"] if o["output_type"] == "error"]
    assert [e["traceback"] for e in errors] == [
        [
            "NotebookParameterError: no data_dir given: pass the month's data folder (papermill: "
            "-p data_dir DIR), or sample=True (-p sample True) to build this page on the "
            "shipped sample data"
        ]
    ]
    # no cell after the guard ran: no register was read, no page was drawn
    assert all(not c.get("outputs") for c in cells[guard + 1 :])


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    """Page 20 for October 2026 on the sample data folder, plotly.js left out of the copy."""
    out = tmp_path_factory.mktemp("papermill") / "20.ipynb"
    run = _papermill(
        out,
        "-p",
        "period",
        "2026-10",
        "-p",
        "data_dir",
        str(ROOT / "data" / "raw"),
        env={"COMMISSIONING_ANALYTICS_PLOTLY_JS": "page"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return out


def _outputs_html(notebook: Path) -> str:
    cells = json.loads(notebook.read_text())["cells"]
    return "".join(
        "".join(o.get("data", {}).get("text/html", "")) for c in cells for o in c.get("outputs", [])
    )


def test_the_executed_copy_leaves_plotly_js_out(executed):
    html = _outputs_html(executed)
    assert BUNDLE.findall(html) == []
    assert html.count(FIGURE) >= 3
    assert executed.stat().st_size < 1_000_000  # 5 MB with plotly.js in it


def _check_offline_page(page: Path, figures: int, tmp_path: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert NETWORK.findall(html) == []
    assert len(BUNDLE.findall(html)) == 1
    assert html.count(FIGURE) == figures
    assert "require.min.js" not in html and "MathJax.js" not in html
    # every figure drawn by plotly.js in a browser with nothing to fetch
    dom = dump_dom(page, tmp_path / "profile")
    assert len(re.findall(r'class="[^"]*\bjs-plotly-plot\b', dom)) == figures


def test_html_writes_the_executed_page_offline(executed, tmp_path):
    figures = _outputs_html(executed).count(FIGURE)
    page = tmp_path / "rag.html"
    run = subprocess.run(
        [str(BIN / "commissioning-analytics"), "html", str(executed), "-o", str(page)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert f"{figures} figures, plotly.js embedded once, nothing loaded" in run.stderr
    _check_offline_page(page, figures, tmp_path)
    assert "RAG dashboard" in page.read_text(encoding="utf-8")
    assert "require_data_dir" not in page.read_text(encoding="utf-8")  # code hidden


def test_nbconvert_to_offline_is_the_same_exporter(executed, tmp_path):
    figures = _outputs_html(executed).count(FIGURE)
    run = subprocess.run(
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "offline",
            "--no-input",
            str(executed),
            "--output-dir",
            str(tmp_path),
            "--output",
            "rag",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    _check_offline_page(tmp_path / "rag.html", figures, tmp_path)


def test_html_refuses_what_is_not_a_notebook_with_exit_2(tmp_path, capsys):
    from commissioning_analytics.cli import main

    text = tmp_path / "notes.ipynb"
    text.write_text("not json")
    for path, said in ((tmp_path / "none.ipynb", "no such notebook"), (text, "not a Jupyter")):
        assert main(["html", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and said in err, err
    assert not list(tmp_path.glob("*.html"))
