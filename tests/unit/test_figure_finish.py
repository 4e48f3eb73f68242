"""The pack's finishing of every figure (figures.finish): a long title wraps and the top
margin makes room for its lines; a bar label outside its bar keeps a readable size."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from commissioning_analytics import figures

pytestmark = pytest.mark.unit

LONG = (
    "Savings at risk from slipped plans: £466k of the in-year forecast (£504k lost where "
    "plans start later, £38.0k gained where they start earlier)"
)


def test_a_long_title_wraps_with_room_for_its_lines():
    fig = figures.finish(go.Figure(layout=dict(title=LONG, margin=dict(t=60))).to_dict())
    text = fig["layout"]["title"]["text"]
    lines = text.split("<br>")
    assert len(lines) == 3 and max(len(line) for line in lines) <= figures.TITLE_WIDTH
    assert text.replace("<br>", " ") == LONG  # wrapped at spaces, nothing cut
    assert fig["layout"]["margin"]["t"] == 3 * 24 + 40


def test_a_short_title_and_its_margin_stay():
    fig = figures.finish(go.Figure(layout=dict(title="By theme", margin=dict(t=60))).to_dict())
    assert fig["layout"]["title"]["text"] == "By theme" and fig["layout"]["margin"]["t"] == 60


def test_bar_labels_outside_keep_a_readable_size():
    bars = go.Figure(
        [
            go.Bar(y=["A", "B"], x=[1, 2], text=["£1", "£2"], textposition="outside"),
            go.Bar(y=["A", "B"], x=[1, 2], text=["£1", "£2"], textposition="inside"),
        ]
    )
    fig = figures.finish(bars.to_dict())
    outside, inside = fig["data"]
    assert outside["constraintext"] == "none" and outside["textfont"]["size"] == 11
    assert "constraintext" not in inside  # inside a bar, plotly's fitting is what keeps it in
