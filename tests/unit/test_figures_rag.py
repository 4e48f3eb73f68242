"""The panel heatmap's layout (figures/rag.py): names of two lines get rows of two lines, the
title wraps instead of running off the chart, and nothing shares the top with the title."""

from __future__ import annotations

import pandas as pd
import pytest

from commissioning_analytics.figures import rag

pytestmark = pytest.mark.unit


def _panel(names: list[str]) -> pd.DataFrame:
    rows = []
    for i, name in enumerate(names, start=1):
        for panel in ("Value", "Overall"):
            rows.append({"scheme_id": i, "scheme": name, "panel": panel, "rating": "green"})
    return pd.DataFrame(rows)


def test_a_wrapped_name_gets_a_row_of_two_lines():
    short = rag.panel_heatmap(_panel(["Wound care"] * 1 + ["Biosimilars"]), title="T")
    long_name = "Outpatient follow-up reduction (PIFU) for the planned care pathways"
    wrapped = rag.panel_heatmap(_panel([long_name, "Biosimilars"]), title="T")
    assert any("<br>" in str(y) for y in wrapped.data[0].y)
    assert rag.heatmap_row_height(1) == 24 and rag.heatmap_row_height(2) == 36
    # two rows of two lines' height (36 px each) against two of one line (24 px each)
    assert wrapped.layout.height - short.layout.height == 0  # both under the 420 px floor
    many = rag.panel_heatmap(_panel([long_name] * 30), title="T")
    few = rag.panel_heatmap(_panel(["Wound care"] * 30), title="T")
    assert many.layout.height - few.layout.height == 30 * (36 - 24)


def test_the_title_wraps_and_has_the_top_to_itself():
    title = "Panel ratings by scheme (value, resources, timeliness, co-dependency, overall): " * 2
    fig = rag.panel_heatmap(_panel(["Wound care"]), title=title.strip())
    text = fig.layout.title.text
    assert "<br>" in text and max(len(line) for line in text.split("<br>")) <= 80
    assert fig.layout.xaxis.title.text is None  # no axis title up there to collide with it
    lines = text.count("<br>") + 1
    assert fig.layout.margin.t == 24 * lines + 40
