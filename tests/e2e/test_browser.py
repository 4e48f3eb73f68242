"""Every page of the pack opened in headless Chromium with no network: every figure is drawn.

Plotly marks a drawn figure by adding ``js-plotly-plot`` to its ``plotly-graph-div`` and
drawing ``<svg class="main-svg">`` inside it (two or more per figure); a figure whose script
failed (plotly.js missing, a network fetch that never came) stays an empty div.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fixtures import dump_dom

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def notebook_figures(executed: Path) -> dict[str, int]:
    """Plotly figures each section of an executed notebook produced: markdown heading ->
    figures in the outputs of the code cells under it (plotly's JSON mimetype, or the
    ``plotly-graph-div`` of the offline renderer). Counted from papermill's outputs, not from
    the HTML page the test then opens."""
    import nbformat

    sections: dict[str, int] = {}
    heading = "(top)"
    for cell in nbformat.read(executed, as_version=4).cells:
        if cell.cell_type == "markdown":
            found = re.search(r"^#+\s*(.+)$", cell.source, re.MULTILINE)
            heading = found[1].strip() if found else heading
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.plotly.v1+json" in data:
                sections[heading] = sections.get(heading, 0) + 1
            else:
                count = str(data.get("text/html", "")).count('class="plotly-graph-div"')
                if count:
                    sections[heading] = sections.get(heading, 0) + count
    return sections


def test_every_figure_is_drawn_offline(built_pack, tmp_path):
    assert built_pack.status == 0, built_pack.stderr
    pages = sorted(built_pack.folder.glob("[0-9][0-9]_*.html"))
    assert len(pages) >= 5
    for page in pages:
        sections = notebook_figures(page.with_suffix(".ipynb"))
        expected = sum(sections.values())
        # On the sample data every page has inputs and charts: a page with none is broken.
        assert expected >= 2, f"{page.name}: the notebook's sections made {sections}"
        dom = dump_dom(page, tmp_path / "profile")
        figures = re.split(r'<div[^>]*class="plotly-graph-div', dom)[1:]
        assert len(figures) == expected, f"{page.name}: {len(figures)} figures, sections {sections}"
        drawn = [f for f in figures if 'class="main-svg"' in f.split("plotly-graph-div")[0]]
        assert len(drawn) == expected, f"{page.name}: {len(drawn)} of {expected} figures drawn"
        assert dom.count('class="main-svg"') >= expected


def test_summary_page_links_every_page(built_pack, tmp_path):
    dom = dump_dom(built_pack.folder / "index.html", tmp_path / "profile")
    for page in built_pack.folder.glob("[0-9][0-9]_*.html"):
        assert f'href="{page.name}"' in dom
        assert (built_pack.folder / page.name).is_file()
