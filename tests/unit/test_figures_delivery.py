"""Figures keep room for their words: months gained on both sides of zero, the deflection
gap labels above the largest gap."""

import pandas as pd
import pytest

from commissioning_analytics.figures import delivery

pytestmark = pytest.mark.unit


def test_words_beside_slipping_and_gaining_bars_have_room_on_both_sides():
    # 16 slipping and 2 ahead on the sample put "lost 2 months: ..." left of the bars, over the
    # scheme names, when only the right-hand side had room: months -3..+2 span 5, so 0.6 x 5 =
    # 3 months of room beyond each end.
    table = pd.DataFrame(
        {
            "scheme_id": ["1", "2", "3"],
            "scheme": ["A", "B", "C"],
            "change_months": [-3.0, -1.0, 2.0],
            "in_year_effect_gbp": [-46_000.0, -50_000.0, 20_000.0],
        }
    )
    fig = delivery.months_gained(table, title="t")
    low, high = fig.layout.xaxis.range
    assert (low, high) == (-6.0, 5.0)


def test_the_gap_labels_of_the_deflection_charts_have_room_above_the_largest_gap():
    """'gap £2.45m' sits above the 2026/27 marker: the axis runs to 1.2 x £2.45m = £2.94m (it
    was cut at the top when printed)."""
    import pandas as pd

    from commissioning_analytics.figures import deflection

    closure = pd.DataFrame(
        {
            "year": ["2025/26", "2026/27"],
            "gap_gbp": [1.2e6, 2.45e6],
            "closed_gbp": [3e5, 2.45e6],
            "left_gbp": [9e5, 0.0],
        }
    )
    fig = deflection.gap_closure_chart(closure)
    assert tuple(fig.layout.yaxis.range) == (0.0, 2_940_000.0)
    assert fig.data[-1].cliponaxis is False
    position = pd.DataFrame(
        {
            "year": ["2025/26", "2026/27"],
            "basis": ["realised", "plan"],
            "gap_gbp": [1.2e6, 2.45e6],
            "closed_realised_gbp": [-1e5, 0.0],
            "closed_mobilised_gbp": [0.0, 2e6],
            "closed_not_mobilised_gbp": [0.0, 4.5e5],
            "left_gbp": [1.3e6, 0.0],
        }
    )
    fig = deflection.gap_position_chart(position, pd.Period("2026-10", "M"))
    assert fig.layout.yaxis.range == pytest.approx((-110_000.0, 2_940_000.0))
