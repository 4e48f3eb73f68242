"""The monthly pack: papermill runs every pack notebook, nbconvert turns each into offline HTML.

``commissioning-analytics pack [--period YYYY-MM] [--data DIR] [--out DIR]`` calls
:func:`build_pack`, which

1. takes a lock (``OUT/.pack.lock``) so two runs never overlap;
2. checks the data folder and reads the register once (a user's mistake: exit 2);
3. runs every ``notebooks/NN_*.ipynb`` (two-digit prefix = order in the pack) with papermill,
   up to two at a time, with the month's parameters, and exports each to HTML with the code
   hidden and nothing loaded from the network (plotly.js embedded once per page);
4. writes ``index.html`` (executive summary with links to every page), an Excel workbook of
   the pack's tables and ``summary.json`` (:func:`summary_figures`: the one set of headline
   figures of :mod:`commissioning_analytics.headline`) next to the pages;
5. only when every notebook succeeded, moves the scratch folder into ``OUT/<period>/``
   (replacing last run's copy of that month), writes the tidy tables into
   ``data/processed/<period>/`` (see :func:`report.processed_dir`), refreshes ``OUT/index.html``
   (every pack built so far) and appends a line to ``OUT/pack.log``.

A failing notebook leaves every existing pack as it was, prints which notebook and cell failed
and why, keeps the failed executed notebook in ``OUT/.failed/<period>/`` and exits 1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import headline, report
from .datafolder import DataFolder
from .pages.common import money_or_na
from .pages.index import INDEX_CSS, render_index
from .errors import UserError

EXIT_OK = 0  # the pack was built
EXIT_FAILED = 1  # a notebook failed: no pack was replaced
EXIT_USER_ERROR = 2  # the user's input is wrong (missing register, bad month, ...)
EXIT_LOCKED = 3  # another pack run holds the lock
EXIT_ENVIRONMENT = 4  # the machine stopped the run: a folder not writable, the disk full

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
KERNEL_NAME = "python3"
MAX_PAGE_BYTES = 10 * 1024 * 1024
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
    beside = Path(__file__).resolve().parents[2] / "notebooks"
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
        raise PackLocked(f"{path}: another pack run is in progress ({who}); "
                         "try again when it has finished") from None
    try:
        with contextlib.suppress(OSError):
            holder.write_text(f"pid {os.getpid()} since {dt.datetime.now():%Y-%m-%d %H:%M:%S}",
                              encoding="utf-8")
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
    package_root = str(Path(__file__).resolve().parents[1])
    saved = {k: os.environ.get(k) for k in ("PYTHONPATH", "PLOTLY_RENDERER",
                                            "PYDEVD_DISABLE_FILE_VALIDATION")}
    paths = [package_root] + [p for p in (saved["PYTHONPATH"] or "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(os.path.abspath(p) for p in paths))
    os.environ["PLOTLY_RENDERER"] = "notebook"
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
    return (f"the {KERNEL_NAME!r} Jupyter kernel runs {argv0}, not {sys.executable}; run the "
            f"pack from the project's environment or remove that kernelspec")


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


def _export_html(executed_nb, page: Path, nav: str, *, title: str = "", footer: str = "",
                 commentary: str = "") -> None:
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
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    if title:
        nb.metadata["title"] = title
    templates = Path(__file__).resolve().parent / "templates"
    exporter = HTMLExporter(template_name="lab", template_file="pack.html.j2",
                            extra_template_paths=[str(templates)])
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
    page.write_text(body, encoding="utf-8")


_CELL_START = '<div class="jp-Cell jp-'
_HEADING = re.compile(r"<h[1-4][\s>]")


def keep_headings_with_content(body: str) -> str:
    """Wrap each markdown cell that holds a heading together with the next cell that shows
    something in ``<div class="pack-keep">``, so that a printed page never ends with a heading
    whose chart or table starts the next page (``break-inside: avoid`` in the print CSS)."""
    start, end = body.find("<main>"), body.rfind("</main>")
    if start < 0 or end < 0:
        return body
    inner = body[start + len("<main>"):end]
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
                out.append('<div class="pack-keep">' + "".join(cells[i:j + 1]) + "</div>")
                i = j + 1
                continue
        out.append(cell)
        i += 1
    return body[:start + len("<main>")] + "".join(out) + body[end:]


def print_footer_css(footer: str) -> str:
    """``@page`` margin boxes: ``footer`` at the bottom left and "Page n of N" at the bottom
    right of every printed page (Chromium 131+ prints them, on paper and in the PDF)."""
    text = footer.replace("\\", "").replace('"', "'")
    return ("<style>@media print{@page{size:A4 landscape;margin:12mm 12mm 16mm 12mm;"
            f'@bottom-left{{content:"{html.escape(text, quote=False)}";font:9pt Arial,sans-serif;color:#425563}}'
            '@bottom-right{content:"Page " counter(page) " of " counter(pages);'
            "font:9pt Arial,sans-serif;color:#425563}}}</style>")


def _run_notebook(notebook: Path, scratch: Path, parameters: dict, nav: str,
                  chrome: dict | None = None) -> PageResult:
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    result = PageResult(notebook=notebook)
    executed = scratch / notebook.name
    start = time.perf_counter()
    try:
        nb = pm.execute_notebook(str(notebook), str(executed), parameters=parameters,
                                 kernel_name=KERNEL_NAME, cwd=str(notebook.parent),
                                 progress_bar=False, log_output=False,
                                 request_save_on_cell_execute=False,
                                 extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except PapermillExecutionError as error:
        result.error = _describe_failure(notebook, error, executed)
        result.executed = executed if executed.exists() else None
        result.seconds = time.perf_counter() - start
        return result
    except Exception as error:  # a kernel that would not start, an unreadable notebook
        result.error = f"{notebook.name}, before any cell ran: {type(error).__name__}: {error}"
        result.seconds = time.perf_counter() - start
        return result
    nb = nbformat.read(executed, as_version=4)
    result.title = _notebook_title(nb, notebook.stem)
    result.executed = executed
    result.page = scratch / f"{notebook.stem}.html"
    chrome = chrome or {}
    _export_html(nb, result.page, nav,
                 title=f"{result.title} · {chrome.get('suffix', '')}".rstrip(" ·"),
                 footer=f"{result.title} · {chrome.get('suffix', '')}".rstrip(" ·"),
                 commentary=chrome.get("commentary", {}).get(notebook.stem, ""))
    result.seconds = time.perf_counter() - start
    return result


# ---------------------------------------------------------------------------------------------
# The summary page, the workbook, the list of packs


def _nav(pages: list[tuple[str, str]]) -> str:
    """The pack's navigation bar: the summary, then every page in order. Each page marks its
    own link (``aria-current``, shown bold) with :func:`_current`."""
    links = "".join(f'<a href="{html.escape(href)}">{html.escape(title)}</a>'
                    for href, title in [("index.html", "Summary"), *pages])
    return f'<nav class="pack-nav" aria-label="Pages of the pack">{links}</nav>'


def _current(nav: str, href: str) -> str:
    """``nav`` with the link to ``href`` marked as the current page."""
    target = f'<a href="{html.escape(href)}">'
    return nav.replace(target, f'<a href="{html.escape(href)}" aria-current="page">', 1)


def write_workbook(tables: dict, path: Path) -> None:
    """The pack's tables, one sheet each, header row bold and frozen (openpyxl)."""
    import pandas as pd
    from openpyxl.styles import Font

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame = frame.copy()
            for column in frame.columns:
                if isinstance(frame[column].dtype, pd.PeriodDtype) or frame[column].dtype == object:
                    frame[column] = frame[column].map(lambda v: v if v is None or isinstance(
                        v, (str, int, float, bool)) else str(v))
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for i, column in enumerate(frame.columns, start=1):
                width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(width + 2, 60)


def write_packs_index(out_dir: Path) -> None:
    """``OUT/index.html``: every pack built so far, newest first, with its headline figures."""
    rows = []
    for folder in sorted((p for p in out_dir.iterdir() if p.is_dir() and _PERIOD_DIR.match(p.name)),
                         reverse=True):
        summary = folder / "summary.json"
        if not (folder / "index.html").is_file() or not summary.is_file():
            continue
        head = json.loads(summary.read_text())
        rows.append(
            f'<tr><td><a href="{folder.name}/index.html">{folder.name}</a></td>'
            f"<td>{money_or_na(head['plan_in_year'])}</td><td>{money_or_na(head['forecast_in_year'])}</td>"
            f"<td>{money_or_na(head.get('actual_to_date', float('nan')) if head.get('actual_to_date') is not None else float('nan'))}</td>"
            f"<td>{money_or_na(head['gap_to_target'])}</td><td>{html.escape(head.get('built', ''))}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Savings packs</title><style>{INDEX_CSS}</style></head>
<body><h1>Savings packs</h1>
<table><tr><th>Month</th><th>Plan</th><th>Forecast</th><th>Actual to date</th><th>Gap to target</th><th>Built</th></tr>
{''.join(rows)}</table></body></html>
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
    tasks, _ = report.plan_tasks(month)
    check = headline.plan_check(month, tasks)
    return {**head.as_dict(),
            "plan_contradictions": int(len(check.contradictions)),
            "plan_contradictions_gbp": check.effect_gbp,
            "plan_adjusted_forecast": check.plan_adjusted_forecast,
            "plan_adjusted_outturn": check.plan_adjusted_outturn}


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
        processed: where tidy tables go (default: :func:`report.processed_dir` of ``data_dir``).
        workers: notebooks run at the same time.
        progress: show a progress bar.
        today: the date "latest complete month" and a future month are judged by (tests).
        allow_missing_actuals: build although a month April to ``period`` has no actuals
            (otherwise refused, exit 2); every page then carries a banner naming the months.
        scenario: the scenario the pages show (a ``scenarios/*.yml`` name; "" = none).
        weight_set: risk weights, ``board`` or ``treasury``.
        pdf: also print the whole pack into one PDF board paper (needs Chromium/Chrome/Edge).
        verdict: the board summary's verdict rule (``pages.index.VerdictRule``).

    Returns:
        0 built; 1 a notebook failed (nothing replaced); 2 the user's input is wrong (nothing
        written); 3 another run holds the lock; 4 the environment stopped the run (a folder
        that cannot be written, the disk full: nothing replaced).
    """
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir).resolve()
    notebooks_dir = Path(notebooks_dir).resolve() if notebooks_dir else default_notebooks_dir()
    # Inputs first, before anything is written: a user's mistake (no data folder, no register,
    # a month outside its year) leaves no outputs folder, lock or log behind.
    try:
        DataFolder(data_dir).require_register()
        period = period or report.latest_complete_period(data_dir, today=today)
        options = dict(scenario=scenario, weight_set=weight_set, pdf=pdf, verdict=verdict)
        month = report.load_month(period, data_dir, today=today,
                                  allow_missing_actuals=allow_missing_actuals,
                                  weight_set=options.get("weight_set") or "board",
                                  scenario=options.get("scenario") or "")
        _check_scenario(data_dir, options.get("scenario") or "")
        browser = None
        if options.get("pdf"):
            from .pdf import require_browser

            browser = require_browser()
        from .commentary import load_commentary

        commentary = load_commentary(data_dir, str(month.period))
        notebooks = discover_notebooks(notebooks_dir)
        if not notebooks:
            raise UserError(f"{notebooks_dir}: no pack notebooks (named NN_name.ipynb)")
    except UserError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USER_ERROR
    period = str(month.period)
    processed_root = Path(processed) if processed else report.processed_dir(data_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"error: {out_dir}: cannot create the outputs folder "
              f"({error.strerror or error})", file=sys.stderr)
        return EXIT_ENVIRONMENT
    try:
        with pack_lock(out_dir):
            try:
                remove_stale_scratch(out_dir, processed_root)
                _check_writable(out_dir)
                _check_writable(processed_root)
                return _build_locked(month, period, data_dir, out_dir, notebooks, notebooks_dir,
                                     processed_root, workers, progress, allow_missing_actuals,
                                     dict(options, browser=browser, commentary=commentary))
            except OSError as error:
                line = _environment_error(error)
                print(f"error: {line}; the {period} pack was not built and the previous pack "
                      "is unchanged", file=sys.stderr)
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
    print(f"error: the {period} pack was not built ({line}); the previous pack is unchanged; "
          f"details in {kept}", file=sys.stderr)
    _log(out_dir, f"{period} FAILED {line}")
    return EXIT_FAILED


def _build_locked(month, period, data_dir, out_dir, notebooks, notebooks_dir, processed_root,
                  workers, progress, allow_missing_actuals=False, options: dict | None = None
                  ) -> int:
    from tqdm import tqdm

    from .commentary import Commentary

    options = options or {}
    browser = options.get("browser")
    commentary = options.get("commentary") or Commentary()

    started = time.perf_counter()
    _log(out_dir, f"{period} started: {len(notebooks)} notebooks from {notebooks_dir}, "
                  f"data {data_dir}")

    for problem in DataFolder(data_dir).optional_input_problems():
        print(f"warning: {problem}", file=sys.stderr)
        _log(out_dir, f"{period} warning: {problem}")
    warning = kernel_warning()
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
        _log(out_dir, f"{period} warning: {warning}")
    parameters = {"period": period, "data_dir": str(data_dir),
                  "register_file": DataFolder(data_dir).register.name,
                  "scenario": options.get("scenario") or "",
                  "organisation": month.organisation,
                  "weight_set": options.get("weight_set") or "board",
                  "allow_missing_actuals": bool(allow_missing_actuals)}
    scratch = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{period}.building-"))
    scratch.chmod(0o755)  # mkdtemp makes it private; a pack is for readers
    nav = _nav([(f"{nb.stem}.html", _title_of(nb)) for nb in notebooks])
    banner = report.missing_actuals_banner(month)
    if banner:  # every page names the months without actuals
        nav += (f'<div class="pack-banner" role="alert" style="border:3px solid #DA291C;'
                f'padding:8px 12px;margin:8px 0;font-weight:bold">{html.escape(banner)}</div>')
    chrome = {"suffix": f"{month.organisation} · savings pack {month.period.strftime('%B %Y')}",
              "commentary": {nb.stem: _commentary_html(commentary, nb, month)
                             for nb in notebooks}}
    results: list[PageResult] = []
    try:
        with _kernel_environment(), ThreadPoolExecutor(max_workers=max(1, workers)) as pool, \
                tqdm(total=len(notebooks), desc=f"pack {period}", unit="notebook",
                     disable=not progress, file=sys.stderr) as bar:
            futures = {pool.submit(_run_notebook, nb, scratch, parameters, nav, chrome): nb
                       for nb in notebooks}
            for future in as_completed(futures):
                result = future.result()
                results.append(result)
                bar.set_postfix_str(result.notebook.stem)
                bar.update()
        results.sort(key=lambda r: r.notebook.name)
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
            print(f"error: the {period} pack was not built; the previous pack is unchanged. "
                  f"Executed notebooks with the error: {kept}", file=sys.stderr)
            return EXIT_FAILED
        for r in results:
            size = r.page.stat().st_size
            if size > MAX_PAGE_BYTES:
                print(f"warning: {r.page.name} is {size / 1e6:.1f} MB (over 10 MB)", file=sys.stderr)
            text = r.page.read_text(encoding="utf-8")
            copies = plotly_js_copies(text)
            if figure_count(text) and copies != 1:
                print(f"warning: {r.page.name} embeds plotly.js {copies} times (expected once: "
                      "call configure_notebook() at the top of the notebook)", file=sys.stderr)

        built = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        head = headline.headline(month)
        tables = report.pack_tables(month)
        workbook = f"savings-pack-{period}.xlsx"
        write_workbook(tables, scratch / workbook)
        (scratch / "summary.json").write_text(json.dumps(
            {**summary_figures(month, head), "built": built}, indent=2))
        paper = f"board-paper-{period}.pdf" if browser else ""
        index_kwargs = {"commentary": commentary, "pdf": paper}
        if options.get("verdict") is not None:
            index_kwargs["rule"] = options["verdict"]
        (scratch / "index.html").write_text(render_index(month, head, results, workbook, built,
                                                         **index_kwargs), encoding="utf-8")
        if browser:
            from .pdf import board_paper

            try:
                board_paper([scratch / "index.html"] + [r.page for r in results],
                            scratch / paper, browser=browser, title=f"{month.organisation}: "
                            f"savings pack {month.period.strftime('%B %Y')}")
            except UserError as error:  # the HTML pack stands without its PDF: say so
                for line in error.lines():
                    print(f"warning: the PDF board paper was not written: {line}",
                          file=sys.stderr)
                    _log(out_dir, f"{period} warning: no PDF: {line}")
                index_kwargs["pdf"] = ""
                (scratch / "index.html").write_text(render_index(
                    month, head, results, workbook, built, **index_kwargs), encoding="utf-8")

        processed_root.mkdir(parents=True, exist_ok=True)
        processed_tmp = Path(tempfile.mkdtemp(dir=processed_root, prefix=f".{period}.building-"))
        processed_tmp.chmod(0o755)
        try:
            for name, frame in tables.items():
                frame.to_csv(processed_tmp / f"{name}.csv", index=False)
        except BaseException:
            shutil.rmtree(processed_tmp, ignore_errors=True)
            raise
        _replace_dir(scratch, out_dir / period)
        _replace_dir(processed_tmp, processed_root / period)
        write_packs_index(out_dir)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    seconds = time.perf_counter() - started
    pages = ", ".join(f"{r.notebook.stem} {r.seconds:.1f}s" for r in results)
    _log(out_dir, f"{period} built in {seconds:.1f}s: {pages}")
    print(f"pack {period}: {out_dir / period / 'index.html'} ({len(results)} pages, "
          f"{seconds:.1f} s)")
    return EXIT_OK


def _check_scenario(data_dir: Path, scenario: str) -> None:
    """A scenario named on the command line must be one of the data folder's scenario files."""
    if not scenario:
        return
    from .scenarios import find_scenario, load_scenarios

    try:
        find_scenario(load_scenarios(DataFolder(data_dir).scenarios()), scenario)
    except UserError as error:  # ConfigError is a UserError: one line per problem
        raise UserError(error.lines()[0]) from None


def _commentary_html(commentary, notebook: Path, month) -> str:
    """The month's commentary on one page as a box under the navigation bar ("" when none)."""
    from .commentary import to_html

    text = commentary.page(notebook.stem)
    if not text:
        return ""
    return ('<aside class="pack-commentary"><h2>Commentary for '
            f"{month.period.strftime('%B %Y')}</h2>{to_html(text)}</aside>")


def _title_of(notebook: Path) -> str:
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        meta = {}
    return _notebook_title(type("NB", (), {"metadata": meta})(), notebook.stem)
