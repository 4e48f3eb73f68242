"""Running one pack notebook and turning it into an offline HTML page: papermill on a warm kernel
(:mod:`.kernels`), nbconvert with code, prompts and stderr left out, plotly.js embedded once, the
pack's navigation bar, the print footer, and the failure named by notebook and cell."""

from __future__ import annotations

import contextlib
import copy
import functools
import html
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill as pm
from jupyter_client.kernelspec import KernelSpecManager
from nbclient.exceptions import DeadKernelError
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from plotly.offline import get_plotlyjs

from ..commentary import to_html
from ..figures import PLOTLY_JS_ENV, PLOTLY_JS_PLACEHOLDER
from . import kernels

NOTEBOOKS_ENV = "COMMISSIONING_ANALYTICS_NOTEBOOKS"


NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


KERNEL_NAME = "python3"


KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


MAX_PAGE_BYTES = 10_000_000  # 10 MB as printed (decimal), the limit a page must stay under


PLOTLY_JS_MARKER = re.compile(r"\*\s*plotly\.js v\d")


_EXTERNAL_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>')


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


@contextlib.contextmanager
def kernel_environment():
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

    if executed is None or not executed.exists():
        return 0
    try:
        cells = nbformat.read(executed, as_version=4).cells[:cell_index]
    except Exception:
        return 0
    return int(any("injected-parameters" in c.get("metadata", {}).get("tags", []) for c in cells))


def export_html(
    executed_nb, page: Path, nav: str, *, title: str = "", footer: str = "", commentary: str = ""
) -> None:
    """nbconvert HTML with code, prompts, stderr and external scripts left out.

    ``nav`` is the pack's navigation bar (this page's link marked as the current page),
    ``title`` the browser title, ``footer`` the text printed at the foot of every printed page
    (beside the page number), ``commentary`` the month's commentary on this page (HTML, shown
    under the navigation bar).
    """

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
    body = body.replace("<main>", f"<main>{mark_current(nav, page.name)}", 1)
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


def run_notebook(
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
    export_html(
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


def nav_bar(pages: list[tuple[str, str]]) -> str:
    """The pack's navigation bar: the summary, then every page in order. Each page marks its
    own link (``aria-current``, shown bold) with :func:`mark_current`."""
    links = "".join(
        f'<a href="{html.escape(href)}">{html.escape(title)}</a>'
        for href, title in [("index.html", "Summary"), *pages]
    )
    return f'<nav class="pack-nav" aria-label="Pages of the pack">{links}</nav>'


def mark_current(nav: str, href: str) -> str:
    """``nav`` with the link to ``href`` marked as the current page."""
    target = f'<a href="{html.escape(href)}">'
    return nav.replace(target, f'<a href="{html.escape(href)}" aria-current="page">', 1)


def title_of(notebook: Path) -> str:
    try:
        meta = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        meta = {}
    return _notebook_title(type("NB", (), {"metadata": meta})(), notebook.stem)


def commentary_html(commentary, notebook: Path, month) -> str:
    """The month's commentary on one page as a box under the navigation bar ("" when none)."""

    text = commentary.page(notebook.stem)
    if not text:
        return ""
    return (
        '<aside class="pack-commentary"><h2>Commentary for '
        f"{month.period.strftime('%B %Y')}</h2>{to_html(text)}</aside>"
    )
