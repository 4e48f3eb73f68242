"""The offline HTML exporter: plotly.js once, nothing from the network, on small notebooks."""

from __future__ import annotations

import re

import nbformat
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from plotly.offline import get_plotlyjs

from commissioning_analytics import offline
from commissioning_analytics.figures import PLOTLY_JS_PLACEHOLDER

pytestmark = pytest.mark.unit

#: what a page may not hold: a script, stylesheet or module fetched from the network
NETWORK = re.compile(
    r"<script\b[^>]*\bsrc=[\"']?(https?:)?//|<link\b[^>]*\bhref=[\"']?(https?:)?//"
    r"|\bimport\s*[\"'](https?:)?//",
    re.I,
)
BUNDLE = re.compile(r"\*\s*plotly\.js v\d")
FIGURE = 'class="plotly-graph-div"'
MATHJAX_CDN = (
    '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js"></script>'
)


def _bars(n: int) -> go.Figure:
    return go.Figure(go.Bar(x=list(range(n)), y=list(range(n))))


def _figure_html(fig: go.Figure, plotly_js: bool = False) -> str:
    # as plotly's notebook renderer writes each figure: MathJax from the CDN every time
    html = pio.to_html(fig, include_plotlyjs=plotly_js, full_html=False, include_mathjax="cdn")
    assert "cdnjs.cloudflare.com" in html
    return html


def _html_output(html: str):
    return new_output("display_data", data={"text/html": html, "text/plain": "<Figure>"})


def _notebook(*outputs) -> nbformat.NotebookNode:
    return new_notebook(
        cells=[new_markdown_cell("# A page")] + [new_code_cell("x", outputs=[o]) for o in outputs]
    )


def _html_of_cells(nb) -> str:
    return "".join(o["data"].get("text/html", "") for c in nb.cells for o in c.get("outputs", []))


def test_a_second_copy_of_plotly_js_is_taken_out_and_its_figure_kept():
    nb = _notebook(
        _html_output(_figure_html(_bars(2), plotly_js=True)),
        _html_output(_figure_html(_bars(3), plotly_js=True)),
    )
    found = offline.embed_plotly_js_once(nb)
    assert found == {"figures": 2, "copies_found": 2, "added": False}
    html = _html_of_cells(nb)
    assert len(BUNDLE.findall(html)) == 1
    assert html.count(FIGURE) == 2
    # the copy kept comes before the first figure
    assert BUNDLE.search(html).start() < html.index(FIGURE)


def test_a_notebook_run_with_plotly_js_left_out_gets_one_copy_at_the_placeholder():
    placeholder = "<script>window.PlotlyConfig = {};</script>" + PLOTLY_JS_PLACEHOLDER
    nb = _notebook(
        _html_output(placeholder),
        _html_output(_figure_html(_bars(2))),
        _html_output(_figure_html(_bars(4))),
    )
    assert offline.embed_plotly_js_once(nb) == {"figures": 2, "copies_found": 0, "added": True}
    html = _html_of_cells(nb)
    assert PLOTLY_JS_PLACEHOLDER not in html
    assert len(BUNDLE.findall(html)) == 1
    assert BUNDLE.search(html).start() < html.index(FIGURE)


def test_the_pack_note_where_plotly_js_was_stripped_becomes_the_copy():
    note = (
        "<p><em>plotly.js was left out of this executed notebook to keep the pack small; "
        "the charts are drawn in the page's HTML.</em></p>"
    )
    nb = _notebook(_html_output(note), _html_output(_figure_html(_bars(2))))
    assert offline.embed_plotly_js_once(nb)["added"] is True
    html = _html_of_cells(nb)
    assert "was left out" not in html
    assert len(BUNDLE.findall(html)) == 1


def test_a_figure_before_any_copy_gets_one_just_before_it():
    nb = _notebook(_html_output("<p>a table</p>"), _html_output(_figure_html(_bars(2))))
    assert offline.embed_plotly_js_once(nb) == {"figures": 1, "copies_found": 0, "added": True}
    first, second = (c.outputs[0]["data"]["text/html"] for c in nb.cells[1:])
    assert first == "<p>a table</p>"
    assert BUNDLE.search(second).start() < second.index(FIGURE)


def test_a_page_without_figures_gets_no_plotly_js():
    nb = _notebook(_html_output("<table><tr><td>£1.23m</td></tr></table>"))
    assert offline.embed_plotly_js_once(nb) == {"figures": 0, "copies_found": 0, "added": False}
    assert not BUNDLE.search(_html_of_cells(nb))


def test_a_figure_kept_only_as_plotly_json_is_drawn_as_html():
    fig = _bars(5).to_plotly_json()
    nb = _notebook(new_output("display_data", data={"application/vnd.plotly.v1+json": fig}))
    assert offline.embed_plotly_js_once(nb)["figures"] == 1
    html = _html_of_cells(nb)
    assert html.count(FIGURE) == 1 and len(BUNDLE.findall(html)) == 1
    assert '"x":[0,1,2,3,4]' in html.replace(" ", "")


def test_the_exported_page_fetches_nothing_and_holds_plotly_js_once():
    nb = _notebook(
        _html_output(_figure_html(_bars(2), plotly_js=True)),
        _html_output(_figure_html(_bars(3), plotly_js=True)),
        _html_output(MATHJAX_CDN + '<link rel="stylesheet" href="//cdn.example/x.css">'),
    )
    body, _ = offline.OfflineHTMLExporter().from_notebook_node(nb)
    assert NETWORK.findall(body) == []
    assert len(BUNDLE.findall(body)) == 1
    assert body.count(FIGURE) == 2
    assert "<h1" in body  # the markdown is there
    # nbconvert's own lab template on the same notebook loads require.js and MathJax
    plain, _ = nbformat_html(nb)
    assert len(NETWORK.findall(plain)) >= 3


def nbformat_html(nb):
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab").from_notebook_node(nb)


def test_inline_scripts_and_local_links_are_kept():
    kept = '<script>var a = "//not-a-url";</script><link rel="stylesheet" href="local.css">'
    assert offline.EXTERNAL.sub("", kept) == kept
    assert offline.EXTERNAL.sub("", MATHJAX_CDN) == ""


def test_stderr_is_left_out_only_when_asked():
    nb = _notebook(new_output("stream", name="stderr", text="FutureWarning: something\n"))
    shown, _ = offline.OfflineHTMLExporter().from_notebook_node(nb)
    hidden, _ = offline.OfflineHTMLExporter(exclude_stderr=True).from_notebook_node(nb)
    assert "FutureWarning" in shown and "FutureWarning" not in hidden


def test_get_plotlyjs_carries_the_banner_the_exporter_counts():
    assert len(offline.PLOTLY_JS_BUNDLE.findall(get_plotlyjs())) == 1
