"""An executed notebook as one HTML page that opens offline: nothing fetched from the network.

``jupyter nbconvert --to html`` on an executed pack notebook writes a page that loads require.js
and MathJax from a CDN (MathJax once per plotly figure), so it is blank or slow where there is
no internet. :class:`OfflineHTMLExporter` is nbconvert's HTML exporter with the pack's template
(``templates/pack.html.j2``: JupyterLab's look, print CSS, no require.js, MathJax, mermaid or
widget scripts) and the outputs made self-contained first:

* plotly.js embedded exactly once, before the first figure: a second copy (a notebook that
  initialised plotly twice) is dropped; a notebook executed without it (the pack's placeholder
  from ``COMMISSIONING_ANALYTICS_PLOTLY_JS=page``, or the pack's note where it was stripped) gets
  this environment's copy;
* a figure kept only as plotly's JSON mimetype (which nbconvert cannot show) drawn as HTML;
* every ``<script src="http...">`` and ``<link href="http...">`` left out.

``commissioning-analytics html NOTEBOOK [-o OUT]`` uses it with the code hidden, as the pack's
pages are; ``jupyter nbconvert --to offline NOTEBOOK`` is the same exporter (an nbconvert
entry point of this package) with nbconvert's own options (``--no-input``...).
"""

from __future__ import annotations

import copy
import os
import re
import sys
import tempfile
from pathlib import Path

from nbconvert import HTMLExporter
from traitlets import Bool, default

from .errors import UserError
from .figures import PLOTLY_JS_PLACEHOLDER

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_FILE = "pack.html.j2"  # the pack's own page template: one look for both routes

#: the banner at the top of the plotly.js bundle ("* plotly.js v3.1.0")
PLOTLY_JS_BUNDLE = re.compile(r"\*\s*plotly\.js v\d")
#: what the pack leaves in an executed notebook whose plotly.js it took out (pack.strip_plotly_js)
PLOTLY_JS_LEFT_OUT = re.compile(
    r"<p><em>plotly\.js was left out of this executed notebook.*?</p>", re.S
)
PLOTLY_FIGURE = re.compile(r'class="plotly-graph-div"|Plotly\.newPlot\(')
PLOTLY_FIGURE_DIV = re.compile(r'class="plotly-graph-div"')
#: where a notebook executed without plotly.js says it belongs (replaced by one copy)
STAND_INS = (re.compile(re.escape(PLOTLY_JS_PLACEHOLDER)), PLOTLY_JS_LEFT_OUT)
PLOTLY_JSON = "application/vnd.plotly.v1+json"
#: a script or stylesheet fetched from the network
EXTERNAL = re.compile(
    r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>\s*</script>"
    r"|<link\b[^>]*\bhref=[\"']?(?:https?:)?//[^>]*>",
    re.I,
)


class OfflineHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter for a page that opens with no network (see the module)."""

    export_from_notebook = "Offline HTML (commissioning-analytics)"

    exclude_stderr = Bool(
        False, help="Leave out what cells wrote to stderr (warnings), as the pack's pages do."
    ).tag(config=True)

    @default("template_file")
    def _template_file_default(self):
        return TEMPLATE_FILE

    @default("extra_template_paths")
    def _extra_template_paths_default(self):
        return [str(TEMPLATES)]

    def from_notebook_node(self, nb, resources=None, **kw):
        nb = copy.deepcopy(nb)
        if self.exclude_stderr:
            drop_stderr(nb)
        embed_plotly_js_once(nb)
        body, resources = super().from_notebook_node(nb, resources, **kw)
        return EXTERNAL.sub("", body), resources


def drop_stderr(nb) -> None:
    """Take every stderr stream (warnings, progress bars) out of the notebook's outputs."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]


def _html_of(output) -> str | None:
    data = output.get("data", {})
    text = data.get("text/html")
    if isinstance(text, list):
        text = "".join(text)
    return text


def _plotly_js_script() -> str:
    from plotly.offline import get_plotlyjs

    return (
        "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>"
        f"<script>{get_plotlyjs()}</script>"
    )


def _without_bundles(text: str) -> str:
    """``text`` with every ``<script>`` holding the plotly.js bundle taken out (a figure in the
    same output stays)."""
    while found := PLOTLY_JS_BUNDLE.search(text):
        start = text.rfind("<script", 0, found.start())
        end = text.find("</script>", found.end())
        if start < 0 or end < 0:
            break
        text = text[:start] + text[end + len("</script>") :]
    return text


def embed_plotly_js_once(nb) -> dict:
    """Make the notebook's figures draw offline with one copy of plotly.js, in place.

    In output order: a figure kept only as plotly's JSON gets its HTML; the first copy of
    plotly.js (or the pack's placeholder or note, replaced by this environment's copy) is kept
    and every later one taken out; a figure met before any copy gets one just before it.

    Returns:
        ``{"figures": n, "copies_found": n, "added": bool}``: figures drawn, copies of
        plotly.js the notebook held, whether this environment's copy was put in.
    """
    figures = copies = 0
    embedded = added = False
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not isinstance(data, dict):
                continue
            if PLOTLY_JSON in data and "text/html" not in data:
                import plotly.io as pio

                data["text/html"] = pio.to_html(
                    data[PLOTLY_JSON],
                    include_plotlyjs=False,
                    include_mathjax=False,
                    full_html=False,
                    validate=False,
                )
            text = _html_of(output)
            if not text:
                continue
            found = len(PLOTLY_JS_BUNDLE.findall(text))
            copies += found
            if found:
                text = _without_bundles(text) if embedded else text
                embedded = True
            for stand_in in STAND_INS:
                if stand_in.search(text):
                    script = "" if embedded else _plotly_js_script()
                    added, embedded = added or not embedded, True
                    text = stand_in.sub("", stand_in.sub(lambda _: script, text, count=1))
            if PLOTLY_FIGURE.search(text):
                figures += len(PLOTLY_FIGURE_DIV.findall(text)) or 1
                if not embedded:
                    text = _plotly_js_script() + text
                    added = embedded = True
            data["text/html"] = text
    return {"figures": figures, "copies_found": copies, "added": added}


def _read_notebook(path: Path):
    import json

    import nbformat

    if not path.is_file():
        raise UserError(f"{path}: no such notebook")
    try:
        return nbformat.read(path, as_version=4)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: not a Jupyter notebook ({str(error).splitlines()[0]})") from None
    except nbformat.ValidationError as error:
        raise UserError(f"{path}: not a valid notebook ({error.message})") from None


def export_page(notebook: Path, out: Path | None = None, *, show_code: bool = False) -> Path:
    """Write ``notebook`` (executed) as one offline HTML page at ``out`` (default: beside it,
    ``.html``), written whole or not at all; code, prompts and stderr hidden unless
    ``show_code``. A summary line goes to stderr; a notebook with no outputs is warned about.

    Raises:
        UserError: no such notebook, or not a notebook.
    """
    notebook = Path(notebook)
    out = Path(out) if out else notebook.with_suffix(".html")
    nb = _read_notebook(notebook)
    code = [c for c in nb.cells if c.get("cell_type") == "code"]
    if code and not any(c.get("outputs") for c in code):
        print(
            f"warning: {notebook.name} has no outputs: run it first (papermill), "
            "else the page has its text only",
            file=sys.stderr,
        )
    exporter = OfflineHTMLExporter(exclude_stderr=not show_code)
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = exporter.exclude_output_prompt = not show_code
    body, _ = exporter.from_notebook_node(nb)
    if not out.parent.is_dir():
        raise UserError(f"{out}: the folder {out.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a page is for readers
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    copies = len(PLOTLY_JS_BUNDLE.findall(body))
    figures = len(PLOTLY_FIGURE_DIV.findall(body))
    print(
        f"{out}: {figures} figure{'s' * (figures != 1)}, plotly.js embedded "
        f"{'once' if copies == 1 else f'{copies} times'}, nothing loaded from the network "
        f"({out.stat().st_size / 1e6:.1f} MB)",
        file=sys.stderr,
    )
    return out
