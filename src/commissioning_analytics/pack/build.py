"""The monthly pack: papermill runs every pack notebook, nbconvert turns each into offline HTML.

``commissioning-analytics pack [--period YYYY-MM] [--data DIR] [--out DIR]`` calls
:func:`build_pack`, which

1. takes a lock (``OUT/.pack.lock``) so two runs never overlap;
2. checks the data folder and reads the register once (a user's mistake: exit 2);
3. runs every ``notebooks/NN_*.ipynb`` (two-digit prefix = order in the pack) with papermill,
   two at a time on two warm kernels (:mod:`kernels`), with the month's parameters, and exports each to HTML with the code
   hidden and nothing loaded from the network (plotly.js embedded once per page);
4. writes ``index.html`` (executive summary with links to every page), an Excel workbook of
   the pack's tables and ``summary.json`` (:func:`summary_figures`: the one set of headline
   figures of :mod:`commissioning_analytics.headline`) next to the pages;
5. only when every notebook succeeded, moves the scratch folder into ``OUT/<period>/``
   (replacing last run's copy of that month), writes the tidy tables into
   ``data/processed/<period>/`` (see `month.processed_dir`), refreshes ``OUT/index.html``
   (every pack built so far) and appends a line to ``OUT/pack.log``.

A failing notebook leaves every existing pack as it was, prints which notebook and cell failed
and why, keeps the failed executed notebook in ``OUT/.failed/<period>/`` and exits 1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import month as months
from .. import monthcache
from ..errors import UserError
from ..figures import PLOTLY_JS_ENV, PLOTLY_JS_PLACEHOLDER
from ..io.datafolder import DataFolder
from ..model import headline
from ..pages.common import money_or_na
from ..views.tables import pack_tables
from . import kernels
from .summary import INDEX_CSS, render_index

EXIT_OK = 0  # the pack was built
EXIT_FAILED = 1  # a notebook failed: no pack was replaced
EXIT_USER_ERROR = 2  # the user's input is wrong (missing register, bad month, ...)
EXIT_LOCKED = 3  # another pack run holds the lock
EXIT_ENVIRONMENT = 4  # the machine stopped the run: a folder not writable, the disk full

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
KERNEL_NAME = "python3"
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
MAX_PAGE_BYTES = 10_000_000  # 10 MB as printed (decimal), the limit a page must stay under
# Seconds per stage of the last build in this process (load, notebooks, workbook, csv, index):
# read by `make bench`.
LAST_STAGES: dict[str, float] = {}
WORKERS = 2
PLOTLY_JS_MARKER = re.compile(r"\*\s*plotly\.js v\d")
_EXTERNAL_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>')
_PERIOD_DIR = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_SCRATCH = re.compile(r"^\.(\d{4}-(?:0[1-9]|1[0-2]))\.(building|old)-[\w.-]+$")


NOTEBOOKS_ENV = "COMMISSIONING_ANALYTICS_NOTEBOOKS"


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the repository the package runs from, else of the current folder;
    the environment variable ``COMMISSIONING_ANALYTICS_NOTEBOOKS`` names another folder."""
    if os.environ.get(NOTEBOOKS_ENV):
        return Path(os.environ[NOTEBOOKS_ENV]).resolve()
    beside = Path(__file__).resolve().parents[3] / "notebooks"
    return beside if beside.is_dir() else Path("notebooks").resolve()


def discover_notebooks(notebooks_dir: Path) -> list[Path]:
    """The pack's notebooks: ``NN_name.ipynb`` in prefix order (``explorer.ipynb`` is not one)."""
    return sorted(p for p in Path(notebooks_dir).glob(NOTEBOOK_PATTERN) if p.is_file())


@dataclass
class PageResult:
    """One notebook's run: the executed notebook and its HTML page, or why it failed."""

    notebook: Path
    title: str = ""
    executed: Path | None = None
    page: Path | None = None
    seconds: float = 0.0
    error: str | None = None
    execute_seconds: float = 0.0  # papermill (kernel start and every cell)
    export_seconds: float = 0.0  # nbconvert HTML and the executed notebook's clean-up


def plotly_js_copies(page_html: str) -> int:
    """How many copies of the plotly.js bundle a page embeds (one per page is the goal)."""
    return len(PLOTLY_JS_MARKER.findall(page_html))


def figure_count(page_html: str) -> int:
    """How many plotly figures a page holds (``Plotly.newPlot`` calls)."""
    return page_html.count("Plotly.newPlot(")


# ---------------------------------------------------------------------------------------------
# Lock and log


class PackLocked(Exception):
    """Another run holds the lock."""


LOCK_NAME = ".pack.lock"
_HOLDER_NAME = ".pack.lock.holder"


@contextlib.contextmanager
def pack_lock(out_dir: Path):
    """An exclusive, non-blocking lock on ``out_dir/.pack.lock``.

    ``filelock`` takes an operating-system lock (``flock`` on Linux and macOS, ``msvcrt``
    locking on Windows), released when the process ends even if it is killed, so a stale lock
    never blocks the next run. Who holds it is written beside it, for the refusal message.
    """
    from filelock import FileLock, Timeout

    path = out_dir / LOCK_NAME
    holder = out_dir / _HOLDER_NAME
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            who = holder.read_text(encoding="utf-8").strip() or "another process"
        except OSError:
            who = "another process"
        raise PackLocked(
            f"{path}: another pack run is in progress ({who}); try again when it has finished"
        ) from None
    try:
        with contextlib.suppress(OSError):
            holder.write_text(
                f"pid {os.getpid()} since {dt.datetime.now():%Y-%m-%d %H:%M:%S}", encoding="utf-8"
            )
        yield
    finally:
        with contextlib.suppress(OSError):
            holder.unlink()
        lock.release()


def _log(out_dir: Path, message: str) -> None:
    """One line in ``out_dir/pack.log``; a log that cannot be written does not stop the run
    (the same line is on stderr)."""
    with contextlib.suppress(OSError):
        with open(out_dir / "pack.log", "a", encoding="utf-8") as log:
            log.write(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {message}\n")


def _scratch_names(period: str = "*") -> list[str]:
    return [f".{period}.building-*", f".{period}.old-*"]


def remove_stale_scratch(*folders: Path) -> list[Path]:
    """Remove scratch folders a killed run left (``.<period>.building-*``, ``.<period>.old-*``).

    Only called while holding the lock: no other run can be building in them.
    """
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for pattern in _scratch_names():
            for stale in sorted(folder.glob(pattern)):
                match = _SCRATCH.match(stale.name)
                if not stale.is_dir() or not match:
                    continue
                month = folder / match[1]
                if match[2] == "old" and not month.exists():
                    # killed between the two renames of a swap: the old pack goes back
                    with contextlib.suppress(OSError):
                        os.rename(stale, month)
                        continue
                shutil.rmtree(stale, ignore_errors=True)
                removed.append(stale)
    return removed


def _check_writable(folder: Path) -> None:
    """Raise ``OSError`` now, not after every notebook ran, when ``folder`` can't be written."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
    os.close(fd)
    os.unlink(probe)


def _environment_error(error: OSError) -> str:
    """``/srv/out/2026-10: cannot write (No space left on device)``: one line."""
    where = error.filename or ""
    reason = error.strerror or str(error) or type(error).__name__
    return f"{where}: cannot write ({reason})" if where else f"cannot write ({reason})"


# ---------------------------------------------------------------------------------------------
# Running one notebook


@contextlib.contextmanager
def _kernel_environment():
    """Kernels import this very package (a checkout run with PYTHONPATH=src works too), render
    plotly with the offline ``notebook`` renderer and stay quiet about debugger checks."""
    package_root = str(Path(__file__).resolve().parents[2])
    saved = {
        k: os.environ.get(k)
        for k in ("PYTHONPATH", "PLOTLY_RENDERER", PLOTLY_JS_ENV, "PYDEVD_DISABLE_FILE_VALIDATION")
    }
    paths = [package_root] + [p for p in (saved["PYTHONPATH"] or "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(os.path.abspath(p) for p in paths))
    os.environ["PLOTLY_RENDERER"] = "notebook"
    os.environ[PLOTLY_JS_ENV] = "page"  # plotly.js put into the page by _export_html
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def kernel_warning() -> str | None:
    """A warning when the ``python3`` kernelspec runs another interpreter than this one.

    ipykernel's own spec says ``python``, which jupyter_client replaces by this interpreter;
    a user-installed ``python3`` spec naming another python would run the notebooks without
    this environment's packages (papermill#251).
    """
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        argv0 = KernelSpecManager().get_kernel_spec(KERNEL_NAME).argv[0]
    except Exception as error:  # no spec at all: papermill will say so per notebook
        return f"no {KERNEL_NAME!r} Jupyter kernel found ({error})"
    if argv0 in ("python", "python3") or Path(argv0).resolve() == Path(sys.executable).resolve():
        return None
    return (
        f"the {KERNEL_NAME!r} Jupyter kernel runs {argv0}, not {sys.executable}; run the "
        f"pack from the project's environment or remove that kernelspec"
    )


def _notebook_title(nb, fallback: str) -> str:
    title = nb.metadata.get("title")
    if title:
        return str(title)
    return fallback.split("_", 1)[-1].replace("_", " ").capitalize()


def _describe_failure(notebook: Path, error, executed: Path | None = None) -> str:
    """``30_change_in_delivery.ipynb, cell 7 (page.months_gained(month)): KeyError: 'x'``.

    Cells are counted from 1 in the source notebook, as an analyst counts them in Jupyter
    (papermill's injected-parameters cell is not counted).
    """
    cell = getattr(error, "cell_index", None)
    if cell is not None:
        cell = cell + 1 - _injected_before(executed, cell)
    source = (getattr(error, "source", "") or "").strip().splitlines()
    first = source[0] if source else ""
    ename = getattr(error, "ename", type(error).__name__)
    evalue = getattr(error, "evalue", str(error))
    where = f"cell {cell}" if cell is not None else "before any cell ran"
    if first:
        where += f" ({first[:80]})"
    return f"{notebook.name}, {where}: {ename}: {evalue}"


def _injected_before(executed: Path | None, cell_index: int) -> int:
    """1 when papermill's injected-parameters cell sits before ``cell_index``, else 0."""
    import nbformat

    if executed is None or not executed.exists():
        return 0
    try:
        cells = nbformat.read(executed, as_version=4).cells[:cell_index]
    except Exception:
        return 0
    return int(any("injected-parameters" in c.get("metadata", {}).get("tags", []) for c in cells))


def _export_html(
    executed_nb, page: Path, nav: str, *, title: str = "", footer: str = "", commentary: str = ""
) -> None:
    """nbconvert HTML with code, prompts, stderr and external scripts left out.

    ``nav`` is the pack's navigation bar (this page's link marked as the current page),
    ``title`` the browser title, ``footer`` the text printed at the foot of every printed page
    (beside the page number), ``commentary`` the month's commentary on this page (HTML, shown
    under the navigation bar).
    """
    import copy

    from nbconvert import HTMLExporter

    nb = copy.deepcopy(executed_nb)
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    if title:
        nb.metadata["title"] = title
    templates = Path(__file__).resolve().parents[1] / "templates"
    exporter = HTMLExporter(
        template_name="lab", template_file="pack.html.j2", extra_template_paths=[str(templates)]
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    body = _EXTERNAL_SCRIPT.sub("", body)
    body = keep_headings_with_content(body)
    body = body.replace("<main>", f"<main>{_current(nav, page.name)}", 1)
    if commentary:  # under the page's title (the first cell holding an <h1>), else at the top
        title = body.find("<h1")
        after = body.find(_CELL_START, title) if title >= 0 else -1
        if after < 0:
            after = body.find("</nav>") + len("</nav>")
        body = body[:after] + commentary + body[after:]
    if footer:
        body = body.replace("</head>", print_footer_css(footer) + "</head>", 1)
    body = body.replace(PLOTLY_JS_PLACEHOLDER, f"<script>{_plotly_js()}</script>", 1)
    page.write_text(body, encoding="utf-8")


@functools.cache
def _plotly_js() -> str:
    """plotly.js as the ``notebook`` renderer embeds it (this environment's plotly, the
    kernels' too), for the place the pack renderer left for it (figures.PLOTLY_JS_ENV)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


_CELL_START = '<div class="jp-Cell jp-'
_HEADING = re.compile(r"<h[1-4][\s>]")


def keep_headings_with_content(body: str) -> str:
    """Wrap each markdown cell that holds a heading together with the next cell that shows
    something in ``<div class="pack-keep">``, so that a printed page never ends with a heading
    whose chart or table starts the next page (``break-inside: avoid`` in the print CSS)."""
    start, end = body.find("<main>"), body.rfind("</main>")
    if start < 0 or end < 0:
        return body
    inner = body[start + len("<main>") : end]
    pieces = inner.split(_CELL_START)
    head, cells = pieces[0], [_CELL_START + c for c in pieces[1:]]
    out, i = [head], 0
    while i < len(cells):
        cell = cells[i]
        if "jp-MarkdownCell" in cell[:200] and _HEADING.search(cell):
            j = i + 1
            while j < len(cells) and "jp-mod-noOutputs" in cells[j][:300]:
                j += 1
            if j < len(cells):
                out.append('<div class="pack-keep">' + "".join(cells[i : j + 1]) + "</div>")
                i = j + 1
                continue
        out.append(cell)
        i += 1
    return body[: start + len("<main>")] + "".join(out) + body[end:]


def print_footer_css(footer: str) -> str:
    """``@page`` margin boxes: ``footer`` at the bottom left and "Page n of N" at the bottom
    right of every printed page (Chromium 131+ prints them, on paper and in the PDF)."""
    text = footer.replace("\\", "").replace('"', "'")
    return (
        "<style>@media print{@page{size:A4 landscape;margin:12mm 12mm 16mm 12mm;"
        f'@bottom-left{{content:"{html.escape(text, quote=False)}";font:9pt Arial,sans-serif;color:#425563}}'
        '@bottom-right{content:"Page " counter(page) " of " counter(pages);'
        "font:9pt Arial,sans-serif;color:#425563}}}</style>"
    )


def _run_notebook(
    notebook: Path,
    scratch: Path,
    parameters: dict,
    nav: str,
    chrome: dict | None = None,
    kernel=None,
    environment: dict | None = None,
) -> PageResult:
    """Run one notebook and export its page. ``kernel``: a :class:`kernels.WarmKernel` of this
    thread to run it on, its ``os.environ`` updated by ``environment`` first (else a kernel is
    started for this notebook alone)."""
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    result = PageResult(notebook=notebook)
    executed = scratch / notebook.name
    start = time.perf_counter()
    try:
        warm = (
            {"engine_name": kernels.ENGINE, "km": kernel.ready(environment), "kc": kernel.kc}
            if kernel
            else {}
        )
        nb = pm.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            extra_arguments=KERNEL_ARGUMENTS,
            **warm,
        )
    except PapermillExecutionError as error:
        result.error = _describe_failure(notebook, error, executed)
        result.executed = executed if executed.exists() else None
        result.seconds = time.perf_counter() - start
        return result
    except Exception as error:  # a kernel that would not start or died, an unreadable notebook
        from nbclient.exceptions import DeadKernelError

        when = (
            "while it ran, its kernel died (out of memory, or a crash in a library)"
            if isinstance(error, DeadKernelError)
            else "before any cell ran"
        )
        result.error = f"{notebook.name}, {when}: {type(error).__name__}: {error}"
        result.seconds = time.perf_counter() - start
        return result
    result.execute_seconds = time.perf_counter() - start
    nb = nbformat.read(executed, as_version=4)
    result.title = _notebook_title(nb, notebook.stem)
    result.executed = executed
    result.page = scratch / f"{notebook.stem}.html"
    chrome = chrome or {}
    _export_html(
        nb,
        result.page,
        nav,
        title=f"{result.title} · {chrome.get('suffix', '')}".rstrip(" ·"),
        footer=f"{result.title} · {chrome.get('suffix', '')}".rstrip(" ·"),
        commentary=chrome.get("commentary", {}).get(notebook.stem, ""),
    )
    if strip_plotly_js(nb):
        nbformat.write(nb, executed)
    result.seconds = time.perf_counter() - start
    result.export_seconds = result.seconds - result.execute_seconds
    return result


def strip_plotly_js(nb) -> int:
    """Take the embedded plotly.js bundle (~4.6 MB) out of an executed notebook once its HTML
    page is written: the page keeps its copy, so a pack carries plotly.js once a page, not
    twice. Returns how many outputs were replaced by a one-line note."""
    stripped = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = data.get("text/html")
            if isinstance(text, list):
                text = "".join(text)
            if text and PLOTLY_JS_MARKER.search(text):
                data["text/html"] = (
                    "<p><em>plotly.js was left out of this executed notebook "
                    "to keep the pack small; the charts are drawn in the "
                    "page's HTML.</em></p>"
                )
                data.pop("text/plain", None)
                stripped += 1
    return stripped


# ---------------------------------------------------------------------------------------------
# The summary page, the workbook, the list of packs


def _nav(pages: list[tuple[str, str]]) -> str:
    """The pack's navigation bar: the summary, then every page in order. Each page marks its
    own link (``aria-current``, shown bold) with :func:`_current`."""
    links = "".join(
        f'<a href="{html.escape(href)}">{html.escape(title)}</a>'
        for href, title in [("index.html", "Summary"), *pages]
    )
    return f'<nav class="pack-nav" aria-label="Pages of the pack">{links}</nav>'


def _current(nav: str, href: str) -> str:
    """``nav`` with the link to ``href`` marked as the current page."""
    target = f'<a href="{html.escape(href)}">'
    return nav.replace(target, f'<a href="{html.escape(href)}" aria-current="page">', 1)


# What each table of the pack shows and the basis of its figures (the workbook's Notes sheet).
SHEET_NOTES = {
    "summary": (
        "The headline figures of the pack, as on the summary page.",
        "See the figure definitions above; pounds unless named.",
    ),
    "schemes": (
        "Every scheme of the register, one row each, with the model's figures and actuals to date.",
        "Register as read (source = file!sheet!row); months in year, plan, most likely "
        "and forecast recomputed by the rules; actual to date = April to the reporting "
        "month.",
    ),
    "savings_curve": (
        "Monthly and cumulative savings for the year on every basis.",
        "Plan, most likely (plan x RAG weight), forecast (director-assessed) and "
        "actuals to the reporting month; £k format, cells hold pounds.",
    ),
    "by_theme": (
        "Plan, most likely, forecast and actual to date by theme.",
        "Sums of the schemes sheet; £k format, cells hold pounds.",
    ),
    "by_phase": (
        "The same by phase (1 = most redesign, 4 = contractual).",
        "Sums of the schemes sheet; £k format, cells hold pounds.",
    ),
    "by_rag": (
        "Count and value by overall RAG rating, and what risk weighting takes off.",
        "Risk adjustment = most likely - plan; weights named in the summary.",
    ),
    "ytd_variance": (
        "Year-to-date plan, actual and variance by theme, with a total.",
        "April to the reporting month; variance = actual - plan (negative: behind plan).",
    ),
    "live_from_april": (
        "Plan in year by go-live month.",
        "Share of the year's plan; schemes live before April count as April.",
    ),
    "ratings": (
        "The five panel ratings of every scheme, one row per scheme (the CSV has them "
        "one row per scheme and panel).",
        "As stated in the register.",
    ),
    "ratings_moved": (
        "Ratings that differ from the previous month's pack.",
        "Compared with data/processed/<previous month>/schemes.csv.",
    ),
    "waterfall": (
        "Plan in year to forecast: risk weighting and change in delivery.",
        "Change in delivery = forecast - most likely (both risk-weighted).",
    ),
    "change_in_delivery": (
        "Schemes with a change in delivery: months and £ effect.",
        "In-year effect = forecast - most likely; next-year effect = "
        "forecast next year - plan next year.",
    ),
    "next_year_effect": (
        "Next year's incremental saving by theme, plan and forecast.",
        "Slippage moves savings out of this year into the next.",
    ),
    "actuals": (
        "Every actual saving recorded, one row per scheme and month.",
        "As read from the actuals workbook (source = file!sheet!row).",
    ),
    "bridge": (
        "From plan to outturn: risk weighting, slippage, actuals against forecast.",
        "Adds up to the penny: plan - weighting - slippage + (actual - forecast to date) "
        "= outturn.",
    ),
    "register_tie_out": (
        "The register's own totals beside the pack's, with the difference.",
        "Differences explained by the reconcile findings (cell, stated, rule).",
    ),
    "no_actual_recorded": (
        "Live schemes with no actual recorded for a past month.",
        "Distinct from a recorded 0.",
    ),
    "plan_tasks": (
        "Every task of the project plans (Gantt grids, action logs, milestones).",
        "The latest version of each plan in plans/; status as of the end of the "
        "reporting month; file_ref links a task to a scheme.",
    ),
    "deflection_interventions": (
        "The deflection interventions as read.",
        "From deflection/interventions.xlsx.",
    ),
    "deflection_realisation": (
        "Realised deflection against plan, per intervention.",
        "Activity actuals against each intervention's planned deflection to the reporting month.",
    ),
    "deflection_gap": (
        "The financial gap closed by the deflection programme, by year.",
        "Planned net saving (deflection x unit cost - reinvestment) against the gap.",
    ),
    "indicators": (
        "Transformation performance indicators: SPC summary per series.",
        "XmR charts with Making Data Count's rules.",
    ),
    "scenarios": (
        "Page 30's scenarios side by side: the outturn, the change against the "
        "baseline and the gap to the plan under each.",
        "scenarios.compare_scenarios on the data folder's scenarios/*.yml, as page 30; "
        "outturn = actual to date + each scenario's risk-weighted forecast for the "
        "months after the reporting month; nothing moves into a reported month.",
    ),
    "scenario_schemes": (
        "Every scheme each scenario changes, with its register row.",
        "scenarios.compare_scenarios (per scheme), as page 30.",
    ),
    "delivery_risk": (
        "Page 30's delivery risk: P10, P50, P90 and mean of the simulated "
        "outturn and next year's saving.",
        "model.risk.simulate from today's position (actuals to date fixed, "
        "10,000 draws, seed 2026, the data folder's risk.yml or the defaults), "
        "as page 30.",
    ),
    "bring_forward": (
        "Page 30's bring-forward plan: which schemes move, by how many months, "
        "and the saving gained in year.",
        "model.bring_forward against the plan from the outturn, as page 30 "
        "(phase limits; nothing before the month after the reporting month).",
    ),
    "plan_actions": (
        "Page 40's actions overdue or due within a month of the reporting date.",
        "model.plans.actions_due on the latest version of each plan.",
    ),
    "plan_milestones": (
        "Page 40's milestones with their RAG as of the reporting date.",
        "model.plans.milestones_as_of: overdue red, due within a month amber unless started.",
    ),
    "plan_contradictions": (
        "Plans that start a service later than the register's go-live + "
        "the directors' change in delivery, with the £ effect.",
        "headline.plan_check, as the summary and pages 30 and 40; effect = "
        "directors' forecast − plan-adjusted forecast in year.",
    ),
    "monthly_profile": (
        "Each scheme's monthly plan and forecast for the financial year: one "
        "row per scheme, months as columns.",
        "The rules of the register applied month by month; pounds. Two years on "
        "every basis (plan, most likely, forecast) are in "
        "data/processed/<period>/monthly_profile.csv, one row per scheme and "
        "month.",
    ),
}

# Plain-English headers (with units) of the page-30/40 sheets' own columns: (header, kind).
SHEET_COLUMNS = {
    "scenarios": {
        "description": ("What changes", "text"),
        "forecast_in_year_gbp": ("Forecast in year (£)", "money"),
        "outturn_gbp": ("Outturn: actual to date + forecast (£)", "money"),
        "change_gbp": ("Outturn change against the baseline (£)", "money"),
        "gap_to_target_gbp": ("Gap to the plan: plan − outturn (£)", "money"),
        "next_year_gbp": ("Next year (£)", "money"),
        "held": ("Changes held out of reported months", "integer"),
    },
    "scenario_schemes": {
        "baseline_in_year_gbp": ("Outturn, baseline (£)", "money"),
        "in_year_gbp": ("Outturn, scenario (£)", "money"),
        "in_year_change_gbp": ("Change in year (£)", "money"),
        "baseline_next_year_gbp": ("Next year, baseline (£)", "money"),
        "next_year_gbp": ("Next year, scenario (£)", "money"),
        "next_year_change_gbp": ("Change next year (£)", "money"),
    },
    "delivery_risk": {
        "basis": ("Figure", "text"),
        "p10_gbp": ("P10: 1 in 10 chance of less (£)", "money"),
        "p50_gbp": ("P50: the median (£)", "money"),
        "p90_gbp": ("P90: 1 in 10 chance of more (£)", "money"),
        "mean_gbp": ("Mean (£)", "money"),
    },
    "bring_forward": {
        "go_live": ("Go-live month (forecast)", "month"),
        "new_go_live": ("Brought forward to", "month"),
        "months_forward": ("Months brought forward", "integer"),
        "gain_gbp": ("Saving gained in year (£)", "money"),
    },
    "plan_contradictions": {
        "go_live": ("Register go-live", "month"),
        "directors_go_live": ("Directors' forecast start", "month"),
        "plan_go_live": ("Plan: service commences", "month"),
        "change_in_delivery_months": ("Directors' change in delivery (months)", "number"),
        "plan_change_months": ("Plan's change in delivery (months)", "number"),
        "forecast_gbp": ("Directors' forecast in year (£)", "money"),
        "plan_forecast_gbp": ("Plan-adjusted forecast in year (£)", "money"),
        "effect_gbp": ("Effect: less in year (£)", "money"),
    },
}

HEADLINE_NOTES = [
    ("Plan (target)", "Sum of plan in year: full-year effect x months from go-live to March / 12."),
    ("Most likely", "Plan in year x the weight of the scheme's overall RAG rating."),
    (
        "Forecast",
        "Full-year effect x (months in year + the directors' change in delivery, "
        "kept within 0-12) / 12 x the RAG weight.",
    ),
    ("Actual to date", "Actual savings recorded April to the reporting month."),
    ("Forecast outturn", "Actual to date + the forecast for the months after the reporting month."),
    ("Gap to target", "Plan - forecast outturn (positive: a shortfall)."),
    (
        "Money",
        "Pounds in every cell; columns named (£) show pounds, summary tables show £k "
        "(the cell still holds pounds).",
    ),
]


def workbook_sheets(tables: dict) -> list:
    """The pack's tables as workbook sheets a person can use: the monthly profile one row per
    scheme with the year's plan and forecast months as columns; the panel ratings one row per
    scheme, a panel per column (both long in the CSVs)."""
    from ..export import Column, Sheet, wide_profile

    sheets = []
    for name, frame in tables.items():
        about, basis = SHEET_NOTES.get(name, ("", ""))
        columns = {}
        if name == "ratings" and {"panel", "rating"} <= set(frame.columns):
            frame = _ratings_wide(frame)
        if name == "monthly_profile" and "month" in frame.columns:
            frame = wide_profile(frame, measures=("plan", "forecast"), months=12)
            columns = {
                c: Column(f"{c} (£)", "money", 11) for c in frame.columns if c != "scheme_id"
            }
        if name == "waterfall":
            columns = {"value_gbp": Column("Amount (£)", "money_k", 14)}
        for column, (header, kind) in SHEET_COLUMNS.get(name, {}).items():
            columns[column] = Column(header, kind, 16)
        sheets.append(Sheet(name, frame, about=about, basis=basis, columns=columns))
    return sheets


def _ratings_wide(long):
    """``scheme_id, scheme, panel, rating`` as one row per scheme, one column per panel."""
    import pandas as pd

    keys = ["scheme_id", "scheme"]
    order = list(dict.fromkeys(long["panel"]))
    wide = long.assign(rating=long["rating"].astype("string").str.capitalize()).pivot(
        index=keys, columns="panel", values="rating"
    )
    wide = wide.reindex(columns=order).reset_index()
    first = pd.Index(long["scheme_id"]).unique()
    wide = wide.set_index("scheme_id").loc[first].reset_index()
    wide.columns = keys + [f"RAG: {p.lower()}" for p in order]
    return wide


def write_workbook(
    tables: dict, path: Path, *, title: str = "", notes: list[tuple[str, str]] = ()
) -> None:
    """The pack's tables, one sheet each, with a Notes sheet (see :mod:`export`: £ formats,
    real dates, filters and frozen headers, text never a formula, Excel's limits kept)."""
    from ..export import write_workbook as write

    write(workbook_sheets(tables), path, title=title, notes=[*HEADLINE_NOTES, *notes])


def optional_tables(month) -> tuple[dict, list[tuple[str, str]]]:
    """The plans' tasks and the deflection tables of the month's data folder, for the workbook
    and the CSVs; an optional input that is absent or cannot be read is left out with a note
    (it never stops the pack)."""
    from ..io.datafolder import DataFolder

    tables, notes = {}, []
    if month.data_dir is None:
        return tables, notes
    folder = DataFolder(Path(month.data_dir))
    plans = None  # read once for the plans' sheets and page 30/40's
    if folder.plans():
        try:
            plans = months.plan_tasks(month)
            tasks, unread = plans
            if tasks is not None:
                tables["plan_tasks"] = tasks
            notes.extend(("Plans", line) for line in unread)
        except Exception as error:  # an optional input never stops the pack
            notes.append(("Plans", f"left out of the workbook: {_one_line(error)}"))
    tables_30, notes_30 = page_30_tables(month, read_plans=plans)
    tables.update(tables_30)
    notes.extend(notes_30)
    if folder.interventions.is_file() and folder.activity.is_file():
        try:
            from ..io.deflection import load_activity, load_interventions
            from ..views.deflection import build

            loaded = load_interventions(folder.interventions)
            activity = load_activity(folder.activity, loaded.interventions)
            page = build(
                loaded.interventions,
                loaded.gap,
                activity.activity,
                str(month.period),
                organisation=month.organisation,
            )
            tables["deflection_interventions"] = loaded.interventions
            tables["deflection_realisation"] = page.summary
            tables["deflection_gap"] = page.gap_table
            tables["indicators"] = page.chart_summary
        except Exception as error:  # an optional input never stops the pack
            notes.append(("Deflection", f"left out of the workbook: {_one_line(error)}"))
    return tables, notes


def page_30_tables(month, *, read_plans=None) -> tuple[dict, list[tuple[str, str]]]:
    """Page 30's and 40's tables for the workbook and the CSVs, by the same library calls the
    pages make (so the workbook and the page agree): the scenarios side by side and the
    schemes they change, the delivery-risk percentiles, the bring-forward moves, the plans
    that contradict the directors' forecast, and the plans' actions and milestones. Each part
    that cannot be worked out is left out with a note (it never stops the pack)
    (``read_plans``: `month.plan_tasks` of the month when already read)."""
    import pandas as pd

    from ..views import delivery as page

    tables, notes = {}, []
    ids = month.register["scheme_id"].astype(str)
    where = (
        dict(zip(ids, month.register["source"].astype(str))) if "source" in month.register else {}
    )

    def with_source(frame):
        return frame.assign(source=frame["scheme_id"].astype(str).map(where).fillna(""))

    def attempt(what, work):
        try:
            work()
        except Exception as error:  # an optional table never stops the pack
            notes.append((what, f"left out of the workbook: {_one_line(error)}"))

    def scenarios():
        found = page.month_scenarios(month)
        if not found:
            return
        comparison = page.compare(month, found)
        tables["scenarios"] = comparison.totals
        tables["scenario_schemes"] = with_source(comparison.per_scheme)

    def risk():
        result, _ = page.risk_for(month)
        percentiles = result.percentiles()
        tables["delivery_risk"] = pd.DataFrame(
            {
                "basis": [
                    "In year (outturn)" if i == "in_year" else "Next year (incremental)"
                    for i in percentiles.index
                ],
                **{f"{c}_gbp": percentiles[c].to_numpy() for c in ("p10", "p50", "p90", "mean")},
            }
        )

    def bring_forward():
        plan = page.bring_forward_for(month, page.scenario_register(month)[0])
        tables["bring_forward"] = with_source(plan.moves)

    def plans():
        from ..model import headline
        from ..model import plans as plan_model

        tasks, _ = read_plans if read_plans is not None else months.plan_tasks(month)
        if tasks is None:
            return
        as_of = plan_model.reporting_date(str(month.period))
        tables["plan_actions"] = plan_model.actions_due(tasks, as_of)
        tables["plan_milestones"] = plan_model.milestones_as_of(tasks, as_of)
        tables["plan_contradictions"] = headline.plan_check(month, tasks).contradictions

    attempt("Scenarios", scenarios)
    attempt("Delivery risk", risk)
    attempt("Bring forward", bring_forward)
    if month.data_dir is not None:
        attempt("Plans", plans)
    return tables, notes


def _one_line(error: Exception) -> str:
    lines = error.lines() if hasattr(error, "lines") else [f"{type(error).__name__}: {error}"]
    return "; ".join(lines)[:500]


# The workbook and CSVs are written while the notebooks run: from this many schemes by a second
# process (30,000 schemes: ~30 s of writing hidden behind the pages), below it on a thread.
TABLES_IN_PARALLEL_FROM = 2_000


def write_tables(
    month_file: str, workbook_path: str, title: str, processed_folder: str
) -> dict[str, float]:
    """The pack's tables from the month saved by :func:`monthcache.save`, written as the
    workbook and the tidy CSVs; returns the seconds each took."""
    stages = {}
    start = time.perf_counter()
    month = monthcache.read(Path(month_file))
    tables = pack_tables(month)
    extra, notes = optional_tables(month)
    tables.update(extra)
    stages["tables"] = time.perf_counter() - start
    start = time.perf_counter()
    write_workbook(tables, Path(workbook_path), title=title, notes=notes)
    stages["workbook"] = time.perf_counter() - start
    start = time.perf_counter()
    write_processed(tables, Path(processed_folder))
    stages["csv"] = time.perf_counter() - start
    return stages


def _start_tables_writer(job: tuple, process: bool = True):
    """:func:`write_tables` beside the notebooks: in a fresh process for a big register
    (spawned: no fork of a threaded parent), else on a thread of this one."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    executor = (
        ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        if process
        else ThreadPoolExecutor(max_workers=1)
    )
    future = executor.submit(write_tables, *job)
    executor.shutdown(wait=False)
    return future


def write_processed(tables: dict, folder: Path) -> None:
    """The pack's tables as tidy CSVs in ``folder`` (safe from formula injection)."""
    from ..export import write_csv

    for name, frame in tables.items():
        write_csv(frame, folder / f"{name}.csv")


def write_packs_index(out_dir: Path) -> None:
    """``OUT/index.html``: every pack built so far, newest first, with its headline figures."""
    rows = []
    for folder in sorted(
        (p for p in out_dir.iterdir() if p.is_dir() and _PERIOD_DIR.match(p.name)), reverse=True
    ):
        summary = folder / "summary.json"
        if not (folder / "index.html").is_file() or not summary.is_file():
            continue
        head = json.loads(summary.read_text())
        rows.append(
            f'<tr><td><a href="{folder.name}/index.html">{folder.name}</a></td>'
            f"<td>{money_or_na(head['plan_in_year'])}</td><td>{money_or_na(head['forecast_in_year'])}</td>"
            f"<td>{money_or_na(head.get('actual_to_date', float('nan')) if head.get('actual_to_date') is not None else float('nan'))}</td>"
            f"<td>{money_or_na(head['gap_to_target'])}</td><td>{html.escape(head.get('built', ''))}</td></tr>"
        )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Savings packs</title><style>{INDEX_CSS}</style></head>
<body><h1>Savings packs</h1>
<table><tr><th>Month</th><th>Plan</th><th>Forecast</th><th>Actual to date</th><th>Gap to target</th><th>Built</th></tr>
{"".join(rows)}</table></body></html>
"""
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out_dir / "index.html")


def _replace_dir(new: Path, target: Path) -> None:
    """Move ``new`` into place as ``target``, replacing an existing folder: two renames on one
    file system, so ``target`` is always either the old or the new folder, never half of one."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def summary_figures(month, head) -> dict:
    """``summary.json``: the headline figures (:meth:`headline.Headline.as_dict`) and where the
    plans contradict the directors' forecast (``plan_adjusted_forecast``, ...)."""
    tasks, _ = months.plan_tasks(month)
    check = headline.plan_check(month, tasks)
    return {
        **head.as_dict(),
        "plan_contradictions": int(len(check.contradictions)),
        "plan_contradictions_gbp": check.effect_gbp,
        "plan_adjusted_forecast": check.plan_adjusted_forecast,
        "plan_adjusted_outturn": check.plan_adjusted_outturn,
    }


# ---------------------------------------------------------------------------------------------
# The pack


def build_pack(
    period: str | None,
    data_dir: Path,
    out_dir: Path,
    *,
    notebooks_dir: Path | None = None,
    processed: Path | None = None,
    workers: int = WORKERS,
    progress: bool = True,
    today: dt.date | None = None,
    scenario: str = "",
    weight_set: str = "board",
    pdf: bool = False,
    verdict=None,
    allow_missing_actuals: bool = False,
) -> int:
    """Build the month's pack into ``out_dir/<period>/``; returns the exit status.

    Args:
        period: reporting month ``YYYY-MM``; ``None`` = the latest complete month (the last
            month with actuals that has ended by today).
        data_dir: the data folder (see DataFolder).
        out_dir: where packs go, one folder per month.
        notebooks_dir: the notebooks (default: the repository's ``notebooks/``).
        processed: where tidy tables go (default: `month.processed_dir` of ``data_dir``).
        workers: notebooks run at the same time.
        progress: show a progress bar.
        today: the date "latest complete month" and a future month are judged by (tests).
        allow_missing_actuals: build although a month April to ``period`` has no actuals
            (otherwise refused, exit 2); every page then carries a banner naming the months.
        scenario: the scenario the pages show (a ``scenarios/*.yml`` name; "" = none).
        weight_set: risk weights, ``board`` or ``treasury``.
        pdf: also print the whole pack into one PDF board paper (needs Chromium/Chrome/Edge).
        verdict: the board summary's verdict rule (``model.verdict.VerdictRule``).

    Returns:
        0 built; 1 a notebook failed (nothing replaced); 2 the user's input is wrong (nothing
        written); 3 another run holds the lock; 4 the environment stopped the run (a folder
        that cannot be written, the disk full: nothing replaced).
    """
    LAST_STAGES.clear()
    load_started = time.perf_counter()
    notebooks_dir = Path(notebooks_dir).resolve() if notebooks_dir else default_notebooks_dir()
    try:  # the quick checks first: a mistake found here starts no kernel
        DataFolder(Path(data_dir)).require_register()
        pages = len(discover_notebooks(notebooks_dir))
    except (OSError, UserError):
        pages = 0
    # The kernels start and import the package now, while this process reads the inputs.
    with (
        _kernel_environment(),
        kernels.NotebookPool(
            min(max(1, workers), pages), KERNEL_NAME, notebooks_dir, KERNEL_ARGUMENTS
        ) as pool,
    ):
        return _build_pack(
            period,
            Path(data_dir).resolve(),
            Path(out_dir).resolve(),
            notebooks_dir,
            pool,
            load_started,
            processed=processed,
            progress=progress,
            today=today,
            scenario=scenario,
            weight_set=weight_set,
            pdf=pdf,
            verdict=verdict,
            allow_missing_actuals=allow_missing_actuals,
        )


def _build_pack(
    period,
    data_dir: Path,
    out_dir: Path,
    notebooks_dir: Path,
    pool,
    load_started: float,
    *,
    processed,
    progress,
    today,
    scenario,
    weight_set,
    pdf,
    verdict,
    allow_missing_actuals,
) -> int:
    # Inputs first, before anything is written: a user's mistake (no data folder, no register,
    # a month outside its year) leaves no outputs folder, lock or log behind.
    try:
        DataFolder(data_dir).require_register()
        period = period or months.latest_complete_period(data_dir, today=today)
        options = dict(scenario=scenario, weight_set=weight_set, pdf=pdf, verdict=verdict)
        month = months.load_month(
            period,
            data_dir,
            today=today,
            allow_missing_actuals=allow_missing_actuals,
            weight_set=options.get("weight_set") or "board",
            scenario=options.get("scenario") or "",
        )
        LAST_STAGES["load"] = time.perf_counter() - load_started
        _check_scenario(data_dir, options.get("scenario") or "")
        browser = None
        if options.get("pdf"):
            from .pdf import require_browser

            browser = require_browser()
        from ..commentary import load_commentary

        commentary = load_commentary(data_dir, str(month.period))
        notebooks = discover_notebooks(notebooks_dir)
        if not notebooks:
            raise UserError(f"{notebooks_dir}: no pack notebooks (named NN_name.ipynb)")
    except UserError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USER_ERROR
    period = str(month.period)
    processed_root = Path(processed) if processed else months.processed_dir(data_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(
            f"error: {out_dir}: cannot create the outputs folder ({error.strerror or error})",
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    try:
        with pack_lock(out_dir):
            try:
                remove_stale_scratch(out_dir, processed_root)
                _check_writable(out_dir)
                _check_writable(processed_root)
                return _build_locked(
                    month,
                    period,
                    data_dir,
                    out_dir,
                    notebooks,
                    notebooks_dir,
                    processed_root,
                    pool,
                    progress,
                    allow_missing_actuals,
                    dict(options, browser=browser, commentary=commentary),
                )
            except OSError as error:
                line = _environment_error(error)
                print(
                    f"error: {line}; the {period} pack was not built and the previous pack "
                    "is unchanged",
                    file=sys.stderr,
                )
                _log(out_dir, f"{period} FAILED (environment) {line}")
                return EXIT_ENVIRONMENT
            except Exception as error:  # noqa: BLE001 (never a traceback from the pack)
                return _unexpected(out_dir, period, error)
    except PackLocked as locked:
        print(f"error: {locked}", file=sys.stderr)
        _log(out_dir, f"refused: {locked}")
        return EXIT_LOCKED
    except OSError as error:  # the lock file itself cannot be made (a read-only folder)
        print(f"error: {_environment_error(error)}", file=sys.stderr)
        return EXIT_ENVIRONMENT


def _unexpected(out_dir: Path, period: str, error: Exception) -> int:
    """A bug, not the user's or the machine's doing: one line, the traceback kept in
    ``OUT/.failed/<period>/traceback.txt``, a FAILED line in the log, exit 1."""
    import traceback

    line = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    kept = out_dir / ".failed" / period / "traceback.txt"
    with contextlib.suppress(OSError):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    print(
        f"error: the {period} pack was not built ({line}); the previous pack is unchanged; "
        f"details in {kept}",
        file=sys.stderr,
    )
    _log(out_dir, f"{period} FAILED {line}")
    return EXIT_FAILED


def _build_locked(
    month,
    period,
    data_dir,
    out_dir,
    notebooks,
    notebooks_dir,
    processed_root,
    pool,
    progress,
    allow_missing_actuals=False,
    options: dict | None = None,
) -> int:
    from tqdm import tqdm

    from ..commentary import Commentary

    options = options or {}
    browser = options.get("browser")
    commentary = options.get("commentary") or Commentary()

    started = time.perf_counter()
    _log(
        out_dir,
        f"{period} started: {len(notebooks)} notebooks from {notebooks_dir}, data {data_dir}",
    )

    warning = kernel_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
        _log(out_dir, f"{period} warning: {warning}")
    parameters = {
        "period": period,
        "data_dir": str(data_dir),
        "register_file": DataFolder(data_dir).register.name,
        "scenario": options.get("scenario") or "",
        "organisation": month.organisation,
        "weight_set": options.get("weight_set") or "board",
        "allow_missing_actuals": bool(allow_missing_actuals),
    }
    scratch = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{period}.building-"))
    scratch.chmod(0o755)  # mkdtemp makes it private; a pack is for readers
    nav = _nav([(f"{nb.stem}.html", _title_of(nb)) for nb in notebooks])
    banner = months.missing_actuals_banner(month)
    if banner:  # every page names the months without actuals
        nav += (
            f'<div class="pack-banner" role="alert" style="border:3px solid #DA291C;'
            f'padding:8px 12px;margin:8px 0;font-weight:bold">{html.escape(banner)}</div>'
        )
    chrome = {
        "suffix": f"{month.organisation} · savings pack {month.period.strftime('%B %Y')}",
        "commentary": {nb.stem: _commentary_html(commentary, nb, month) for nb in notebooks},
    }
    results: list[PageResult] = []
    workbook = f"savings-pack-{period}.xlsx"
    processed_tmp = None
    writer = None
    try:
        # The month loaded above, handed to every kernel (see monthcache): loaded once a pack.
        cached = monthcache.save(
            month,
            scratch,
            register_file=month.register_file,
            weight_set=parameters["weight_set"],
            scenario=parameters["scenario"],
            organisation=parameters["organisation"],
        )
        # each notebook's kernel is told where (os.environ of the kernel, before it runs)
        environment = {
            monthcache.ENV: str(cached)
            if month.register_file == parameters["register_file"]
            else None
        }
        from ..calendar import month_end

        for problem in DataFolder(data_dir).optional_input_problems(as_of=month_end(month.period)):
            print(f"warning: {problem}", file=sys.stderr)
            _log(out_dir, f"{period} warning: {problem}")
        processed_root.mkdir(parents=True, exist_ok=True)
        processed_tmp = Path(tempfile.mkdtemp(dir=processed_root, prefix=f".{period}.building-"))
        processed_tmp.chmod(0o755)
        tables_job = (
            str(cached),
            str(scratch / workbook),
            f"{month.organisation}: savings pack {period} ({month.fy})",
            str(processed_tmp),
        )
        writer = _start_tables_writer(
            tables_job, process=len(month.register) >= TABLES_IN_PARALLEL_FROM
        )
        stage = time.perf_counter()
        with tqdm(
            total=len(notebooks),
            desc=f"pack {period}",
            unit="notebook",
            disable=not progress,
            file=sys.stderr,
        ) as bar:

            def run(notebook, kernel):
                return _run_notebook(
                    notebook, scratch, parameters, nav, chrome, kernel, environment
                )

            for result in pool.map(run, notebooks):
                results.append(result)
                bar.set_postfix_str(result.notebook.stem)
                bar.update()
        results.sort(key=lambda r: r.notebook.name)
        LAST_STAGES["notebooks"] = time.perf_counter() - stage
        for r in results:
            LAST_STAGES[f"{r.notebook.stem} run"] = r.execute_seconds
            LAST_STAGES[f"{r.notebook.stem} export"] = r.export_seconds
        failed = [r for r in results if r.error]
        if failed:
            kept = out_dir / ".failed" / period
            shutil.rmtree(kept, ignore_errors=True)
            kept.mkdir(parents=True, exist_ok=True)
            for r in failed:
                print(f"error: notebook failed: {r.error}", file=sys.stderr)
                _log(out_dir, f"{period} FAILED {r.error}")
                if r.executed and r.executed.exists():
                    shutil.copy2(r.executed, kept / r.executed.name)
            print(
                f"error: the {period} pack was not built; the previous pack is unchanged. "
                f"Executed notebooks with the error: {kept}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        for r in results:
            size = r.page.stat().st_size
            if size > MAX_PAGE_BYTES:
                print(
                    f"warning: {r.page.name} is {size / 1e6:.1f} MB (over 10 MB)", file=sys.stderr
                )
            text = r.page.read_text(encoding="utf-8")
            copies = plotly_js_copies(text)
            if figure_count(text) and copies != 1:
                print(
                    f"warning: {r.page.name} embeds plotly.js {copies} times (expected once: "
                    "call configure_notebook() at the top of the notebook)",
                    file=sys.stderr,
                )

        built = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        stage = time.perf_counter()
        # the workbook and the tidy CSVs: written beside the notebooks on a big register,
        # else now
        stages = writer.result()
        LAST_STAGES.update(stages)
        LAST_STAGES["tables, workbook and csv (waited)"] = time.perf_counter() - stage
        cached.unlink(missing_ok=True)
        stage = time.perf_counter()
        head = headline.headline(month)
        (scratch / "summary.json").write_text(
            json.dumps({**summary_figures(month, head), "built": built}, indent=2)
        )
        paper = f"board-paper-{period}.pdf" if browser else ""
        index_kwargs = {"commentary": commentary, "pdf": paper}
        if options.get("verdict") is not None:
            index_kwargs["rule"] = options["verdict"]
        (scratch / "index.html").write_text(
            render_index(month, head, results, workbook, built, **index_kwargs), encoding="utf-8"
        )
        if browser:
            from .pdf import board_paper

            try:
                board_paper(
                    [scratch / "index.html"] + [r.page for r in results],
                    scratch / paper,
                    browser=browser,
                    title=f"{month.organisation}: savings pack {month.period.strftime('%B %Y')}",
                )
            except UserError as error:  # the HTML pack stands without its PDF: say so
                for line in error.lines():
                    print(f"warning: the PDF board paper was not written: {line}", file=sys.stderr)
                    _log(out_dir, f"{period} warning: no PDF: {line}")
                index_kwargs["pdf"] = ""
                (scratch / "index.html").write_text(
                    render_index(month, head, results, workbook, built, **index_kwargs),
                    encoding="utf-8",
                )

        LAST_STAGES["index"] = time.perf_counter() - stage
        _replace_dir(scratch, out_dir / period)
        _replace_dir(processed_tmp, processed_root / period)
        processed_tmp = None
        write_packs_index(out_dir)
    finally:
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(BaseException):
                writer.result()  # a failed pack waits for the writer, then cleans up
        if processed_tmp is not None:
            shutil.rmtree(processed_tmp, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)

    seconds = time.perf_counter() - started
    pages = ", ".join(f"{r.notebook.stem} {r.seconds:.1f}s" for r in results)
    _log(out_dir, f"{period} built in {seconds:.1f}s: {pages}")
    print(
        f"pack {period}: {out_dir / period / 'index.html'} ({len(results)} pages, {seconds:.1f} s)"
    )
    return EXIT_OK


def _check_scenario(data_dir: Path, scenario: str) -> None:
    """A scenario named on the command line must be one of the data folder's scenario files."""
    if not scenario:
        return
    from ..model.scenarios import find_scenario, load_scenarios

    try:
        find_scenario(load_scenarios(DataFolder(data_dir).scenarios()), scenario)
    except UserError as error:  # ConfigError is a UserError: one line per problem
        raise UserError(error.lines()[0]) from None


def _commentary_html(commentary, notebook: Path, month) -> str:
    """The month's commentary on one page as a box under the navigation bar ("" when none)."""
    from ..commentary import to_html

    text = commentary.page(notebook.stem)
    if not text:
        return ""
    return (
        '<aside class="pack-commentary"><h2>Commentary for '
        f"{month.period.strftime('%B %Y')}</h2>{to_html(text)}</aside>"
    )


def _title_of(notebook: Path) -> str:
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        meta = {}
    return _notebook_title(type("NB", (), {"metadata": meta})(), notebook.stem)
