"""Warm kernels (issue 13): the pack reuses one kernel per worker, and each notebook still starts
as in a fresh kernel — no names left by the notebook before it, the notebooks' folder as its
working folder, plotly.js embedded once in its own page — and finds the month the pack read."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from commissioning_analytics.pack import build as pack
from commissioning_analytics.pack import kernels
from commissioning_analytics.pack import notebooks as pack_notebooks

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e

PARAMETERS = (
    'period: str = "2026-10"\ndata_dir: str = "../data/raw"\n'
    'register_file: str = "qipp_register.xlsx"\nscenario: str = ""\n'
    'organisation: str = "NHS Northfield ICB"\nweight_set: str = "board"'
)


def page(folder: Path, name: str, *code: str) -> None:
    params = new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[new_markdown_cell(f"# Page {name}"), params, *(new_code_cell(c) for c in code)]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, folder / f"{name}.ipynb")


FIGURE = (
    "from commissioning_analytics.figures import configure_notebook; configure_notebook()\n"
    "import plotly.graph_objects as go\n"
    "go.Figure(go.Bar(x=['a', 'b'], y=[1, 2])).show()"
)
REPORT = (
    "import os\nprint('pid', os.getpid())\nprint('cwd', os.getcwd())\n"
    "print('names', sorted(n for n in ('leaked', 'go') if n in globals()))\n"
    "from commissioning_analytics import monthcache\n"
    "print('cached', monthcache.cached_month(period, data_dir, register_file, "
    "weight_set=weight_set, scenario=scenario, organisation=organisation) is not None)"
)


@pytest.fixture
def built(tmp_path):
    data = tmp_path / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw", data)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    page(notebooks, "10_first", FIGURE, "leaked = 41\nimport os\nos.chdir('/')", REPORT)
    page(notebooks, "20_second", REPORT, FIGURE)
    page(notebooks, "30_third", REPORT)
    out = tmp_path / "outputs"
    status = pack.build_pack(
        "2026-10",
        data,
        out,
        notebooks_dir=notebooks,
        workers=1,
        progress=False,
        processed=tmp_path / "processed",
    )
    assert status == pack.EXIT_OK
    return notebooks, out / "2026-10"


def printed(executed: Path) -> dict[str, str]:
    """The 'pid', 'cwd', 'names' and 'cached' lines the REPORT cell printed."""
    nb = nbformat.read(executed, as_version=4)
    text = "".join(
        o.get("text", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("name") == "stdout"
    )
    return {
        line.split(" ", 1)[0]: line.split(" ", 1)[1]
        for line in text.splitlines()
        if line.split(" ", 1)[0] in ("pid", "cwd", "names", "cached")
    }


def test_one_worker_runs_every_notebook_on_one_kernel_each_starting_clean(built):
    notebooks, folder = built
    first, second, third = (
        printed(folder / f"{n}.ipynb") for n in ("10_first", "20_second", "30_third")
    )
    # one kernel for the three notebooks: the same process
    assert first["pid"] == second["pid"] == third["pid"]
    # the first notebook left a name and another working folder behind; the next ones see neither
    assert first["names"] == "['go', 'leaked']" and first["cwd"] == "/"
    assert second["names"] == "[]" and third["names"] == "[]"
    assert second["cwd"] == third["cwd"] == str(notebooks)
    # every notebook, the first on a fresh kernel too, gets the month the pack read once
    assert first["cached"] == second["cached"] == third["cached"] == "True"


def test_each_page_of_a_reused_kernel_embeds_plotly_js_once(built):
    _, folder = built
    for name in ("10_first", "20_second"):
        text = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert pack_notebooks.figure_count(text) == 1
        assert pack_notebooks.plotly_js_copies(text) == 1, name
    assert (
        pack_notebooks.plotly_js_copies((folder / "30_third.html").read_text(encoding="utf-8")) == 0
    )
    # the kernel never sent plotly.js: the pack put it in the page as it wrote it
    executed = (folder / "10_first.ipynb").read_text(encoding="utf-8")
    assert pack_notebooks.plotly_js_copies(executed) == 0 and len(executed) < 100_000


def test_importing_the_package_keeps_jsonschema_from_building_its_iri_grammar():
    """jsonschema (through nbformat, through plotly) would import rfc3987_syntax, which builds a
    grammar for ~1 s in every kernel; the package marks it absent before anything imports it."""
    import subprocess
    import sys

    code = (
        "import commissioning_analytics.figures, sys, jsonschema\n"
        "print(sys.modules.get('rfc3987_syntax', 'not imported'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out in ("None", "not imported")


def test_a_kernel_that_dies_takes_only_its_own_notebook_down(tmp_path, capsys):
    """One worker: the second notebook kills its kernel; the third runs on a new one."""
    data = tmp_path / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw", data)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    page(notebooks, "10_first", REPORT)
    page(notebooks, "20_dies", "import os\nos._exit(1)")
    page(notebooks, "30_after", REPORT)
    out = tmp_path / "outputs"
    status = pack.build_pack(
        "2026-10",
        data,
        out,
        notebooks_dir=notebooks,
        workers=1,
        progress=False,
        processed=tmp_path / "processed",
    )
    errors = [
        line
        for line in capsys.readouterr().err.splitlines()
        if line.startswith("error: notebook failed")
    ]
    assert status == pack.EXIT_FAILED
    assert len(errors) == 1 and "20_dies.ipynb, while it ran, its kernel died" in errors[0], errors
    assert not (out / "2026-10").exists()  # nothing published


def test_what_a_notebook_changes_for_the_process_is_put_back_for_the_next(tmp_path):
    """One worker: the first notebook changes pandas' display, the environment, sys.path, the
    warning filters and plotly's template; the second sees them as a fresh kernel would."""
    data = tmp_path / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw", data)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    changes = (
        "import os, sys, warnings\nimport pandas as pd\nimport plotly.io as pio\n"
        "pd.set_option('display.precision', 0)\nos.environ['PACK_LEAK'] = '1'\n"
        "sys.path.append('/leak')\nwarnings.simplefilter('error')\n"
        "pio.templates.default = 'plotly_dark'"
    )
    seen = (
        "import os, sys, warnings\nimport pandas as pd\nimport plotly.io as pio\n"
        "print('seen', pd.DataFrame({'x': [1234.5678]}).to_html().count('1234.5678'), "
        "'PACK_LEAK' in os.environ, '/leak' in sys.path, "
        "warnings.filters[0][0] == 'error', pio.templates.default)"
    )
    page(notebooks, "10_changes", changes)
    page(notebooks, "20_sees", seen)
    out = tmp_path / "outputs"
    assert (
        pack.build_pack(
            "2026-10",
            data,
            out,
            notebooks_dir=notebooks,
            workers=1,
            progress=False,
            processed=tmp_path / "processed",
        )
        == pack.EXIT_OK
    )
    nb = nbformat.read(out / "2026-10" / "20_sees.ipynb", as_version=4)
    text = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
    )
    assert "seen 1 False False False plotly_white+nhs" in text, text


def test_when_the_caller_stops_the_work_not_started_is_dropped():
    """The first job fails: map() raises, and of the nine queued behind it at most the one a
    worker had already taken runs. No timing: every later job waits until the test has seen
    the failure, so nothing but the pool's own dropping keeps jobs 2-9 from running (no kernel
    is started: the jobs never ask for one)."""
    import threading

    from commissioning_analytics.pack.kernels import NotebookPool

    ran, failure_seen = [], threading.Event()

    def job(item, kernel):
        ran.append(item)
        if item == 0:
            raise ValueError("the first job fails")
        failure_seen.wait()
        return item

    with NotebookPool(1, "python3", ROOT / "notebooks", warm_up=None) as pool:
        with pytest.raises(ValueError):
            list(pool.map(job, range(10)))
        failure_seen.set()
    assert ran[0] == 0 and len(ran) <= 2, ran


def test_a_kernel_that_loses_the_port_race_is_started_again_once(tmp_path, monkeypatch, capsys):
    """Kernels starting at once can race for a port: the loser dies at once, printing
    ``ZMQError: Address already in use``. The pack starts it again, once, with one warning
    line and no traceback; the page then runs."""
    real_start = kernels.WarmKernel._start
    tries = []

    def lose_the_race_once(self):
        tries.append(1)
        if len(tries) == 1:  # as a kernel that could not bind its port
            real_start(self)
            self._errors.write(
                b"Traceback (most recent call last):\n  ...\n"
                b"zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:55001')\n"
            )
            raise RuntimeError("Kernel died before replying to kernel_info")
        real_start(self)

    monkeypatch.setattr(kernels.WarmKernel, "_start", lose_the_race_once)
    with kernels.WarmKernel("python3", tmp_path) as kernel:
        kernel.ready()
        kernels.run_sync(kernel._run)("x = 6 * 7", "used")
    assert len(tries) == 2
    assert capsys.readouterr().err.splitlines() == [
        "warning: a page kernel did not start (zmq.error.ZMQError: Address already in use "
        "(addr='tcp://127.0.0.1:55001')); starting it again"
    ]
