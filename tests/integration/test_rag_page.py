"""RAG page at any size: the top N schemes by value at risk, the rest counted in one row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics import month as report
from commissioning_analytics.pages import rag_dashboard
from commissioning_analytics.pages.common import top_n

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_top_n_keeps_the_largest_and_adds_up_the_rest():
    frame = pd.DataFrame({"scheme": list("abcde"), "at_risk_gbp": [10.0, -50.0, 3.0, 20.0, 1.0]})
    out = top_n(frame, "at_risk_gbp", 2)
    assert list(out["scheme"]) == ["b", "d", "All 3 other schemes"]
    assert out["at_risk_gbp"].tolist() == [-50.0, 20.0, 14.0]
    assert out["at_risk_gbp"].sum() == frame["at_risk_gbp"].sum()
    assert len(top_n(frame, "at_risk_gbp", 5)) == 5  # no "others" row when all fit
    assert len(top_n(frame, "at_risk_gbp", None)) == 5


@pytest.fixture(scope="module")
def month():
    return report.load_month("2026-10", ROOT / "data" / "raw")


def test_heatmap_draws_the_five_schemes_most_at_risk_and_counts_the_other_25(month):
    fig = rag_dashboard.rag_heatmap(month, n=5)
    heat = fig.data[0]
    assert len(heat.y) == 6 and heat.y[-1] == "All 25 other schemes"
    at_risk = month.plan.in_year - month.most_likely.in_year  # plan - plan x weight
    ids = month.register["scheme_id"].astype(str).to_numpy()
    expected = list(ids[np.argsort(-at_risk, kind="stable")[:5]])
    assert [row.split(" ", 1)[0] for row in heat.y[:5]] == expected
    overall = heat.text[-1][list(heat.x).index("Overall")]
    counts = [int(part.split()[0]) for part in overall.split(" · ")]
    assert sum(counts) == 25
    assert np.isnan(np.asarray(heat.z[-1], dtype=float)).all()  # the others row is not coloured
    assert "5 schemes with most value at risk of 30" in fig.layout.title.text


def test_heatmap_draws_every_scheme_when_they_fit(month):
    fig = rag_dashboard.rag_heatmap(month, n=25 + 5)
    assert len(fig.data[0].y) == 30
