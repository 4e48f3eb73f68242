"""Figures keep room for their words: months gained on both sides of zero, the deflection
gap labels above the largest gap."""

import pandas as pd
import pytest

from commissioning_analytics.figures import delivery

pytestmark = pytest.mark.unit


def test_words_beside_slipping_and_gaining_bars_have_room_on_both_sides():
    # 16 slipping and 2 ahead on the sample put "lost 2 months: ..." left of the bars, over the
    # scheme names at 800 px. The words now start at zero on the side the bar does not take:
    # lost to the right, gained to the left. Months -3..+2: the bars take 3.15 and 2.1 months
    # (5% beyond), and the side the lost words use keeps 40% of the width: 3.15 x 0.4 / 0.6 =
    # 2.1 months, as the gained bar already needs.
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
    assert (low, high) == pytest.approx((-3.15, 2.1))
    words = {a.text: a for a in fig.layout.annotations}
    lost = words["lost 3 months: −£46.0k in year"]
    gained = words["gained 2 months: £20.0k in year"]
    assert (lost.x, lost.xanchor) == (0, "left") and (gained.x, gained.xanchor) == (0, "right")
    assert (lost.y, gained.y) == (0, 2)  # by row: the pack re-wraps the names it draws
    assert fig.data[0].textposition == "none"  # never drawn beside the bar, over the names


def test_only_slipping_schemes_keep_two_fifths_for_their_words():
    table = pd.DataFrame(
        {
            "scheme_id": ["1", "2"],
            "scheme": ["A", "B"],
            "change_months": [-2.0, -1.0],
            "in_year_effect_gbp": [-10_000.0, -5_000.0],
        }
    )
    low, high = delivery.months_gained(table, title="t").layout.xaxis.range
    assert high / (high - low) == pytest.approx(0.4)


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


def test_the_gap_is_labelled_once_a_year_when_scenarios_stand_side_by_side():
    # "As planned" and "Aspiration at 75%" share each year's gap: labelled over both bars, the
    # two "gap £2.30m" printed over each other. Once a year, over the first bar.
    from commissioning_analytics.figures import deflection

    closure = pd.DataFrame(
        {
            "year": ["2025/26", "2025/26", "2026/27", "2026/27"],
            "scenario": ["As planned", "Aspiration at 75%"] * 2,
            "gap_gbp": [1.2e6, 1.2e6, 2.3e6, 2.3e6],
            "closed_gbp": [6.4e5, 1e5, 1.99e6, 8.2e5],
            "left_gbp": [5.6e5, 1.1e6, 3.1e5, 1.48e6],
        }
    )
    gap = deflection.gap_closure_chart(closure).data[-1]
    assert list(gap.text) == ["gap £1.20m", "", "gap £2.30m", ""]
    assert list(gap.customdata) == ["£1.20m", "£1.20m", "£2.30m", "£2.30m"]  # hover: every bar
