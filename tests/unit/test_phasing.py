"""Phasing against figures a reader can work by hand, and invariants over random registers."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissioning_analytics.explorer import ExplorerData, recompute
from commissioning_analytics.model import phasing
from commissioning_analytics.model.phasing import (
    FORECAST,
    MOST_LIKELY,
    PLAN,
    Ramp,
    WeightSet,
    phase,
    weight_set,
)

pytestmark = pytest.mark.unit


def register(fye, go_live, rag="amber", change=0.0, phase_no=2):
    fye, go_live = np.atleast_1d(fye), np.atleast_1d(go_live)
    n = len(fye)
    return pd.DataFrame(
        {
            "scheme_id": [str(i + 1) for i in range(n)],
            "go_live": pd.PeriodIndex(go_live, freq="M"),
            "fye_net_saving": np.asarray(fye, dtype=float),
            "rag_overall": np.resize(np.atleast_1d(rag), n),
            "phase": np.resize(np.atleast_1d(phase_no), n),
            "change_in_delivery_months": np.resize(np.atleast_1d(change), n).astype(float),
        }
    )


def test_worked_example_from_the_issue():
    # FYE 602,000 live in July 2013: 9 months in 2013/14.
    r = register(602_000, "2013-07", rag="amber", change=-1)
    figures = phasing.board_figures(r, 2013).iloc[0]
    assert figures.months_in_year == 9
    assert figures.plan_in_year == pytest.approx(451_500)  # 602,000 x 9/12
    assert figures.plan_next_year == pytest.approx(150_500)  # 602,000 - 451,500
    assert figures.most_likely_in_year == pytest.approx(338_625)  # 451,500 x 75%
    # -1 month: 8 months, 602,000 x 8/12 = 401,333.33 x 75% = 301,000
    assert figures.forecast_in_year == pytest.approx(301_000)
    assert round(figures.forecast_next_year) == 200_667  # 602,000 - 401,333.33


@pytest.mark.parametrize(
    "go_live, months, in_year, next_year",
    [
        ("2013-04", 12, 120_000, 0),  # live from April: the whole FYE this year
        ("2014-03", 1, 10_000, 110_000),  # live in March: one month
        ("2014-04", 0, 0, 120_000),  # live next April: all of it next year
        ("2014-07", 0, 0, 90_000),  # live in July next year: 9 months of next year
        ("2012-10", 12, 120_000, 0),  # already live before the year
    ],
)
def test_go_live_edge_cases(go_live, months, in_year, next_year):
    p = phase(register(120_000, go_live), 2013, PLAN)
    assert p.months_in_year[0] == months
    assert p.in_year[0] == pytest.approx(in_year)
    assert p.next_year[0] == pytest.approx(next_year)


@pytest.mark.parametrize(
    "go_live, change, months",
    [
        ("2013-07", 2, 11),
        ("2013-07", -3, 6),
        ("2013-05", 5, 12),
        ("2014-02", -4, 0),
        ("2014-04", 1, 1),
        ("2012-06", -2, 10),
        ("2013-07", 0, 9),
    ],
)
def test_forecast_effective_months_are_kept_within_the_year(go_live, change, months):
    r = register(120_000, go_live, rag="green", change=change)
    f = phase(r, 2013, FORECAST)
    assert f.in_year[0] == pytest.approx(10_000 * months)
    assert f.next_year[0] == pytest.approx(120_000 - 10_000 * months)


def test_blank_change_in_delivery_counts_as_zero():
    r = register(120_000, "2013-07", rag="green", change=np.nan)
    assert phase(r, 2013, FORECAST).in_year[0] == pytest.approx(90_000)


def test_weight_sets():
    r = register(
        [120_000] * 4, ["2013-04"] * 4, rag=["green", "amber", "red", None], phase_no=[1, 2, 3, 4]
    )
    # the unrated scheme counts at the set's stated unrated weight (board: 50%), never in full
    assert phase(r, 2013, MOST_LIKELY).in_year.tolist() == [120_000, 90_000, 60_000, 60_000]
    treasury = phase(r, 2013, MOST_LIKELY, weights="treasury").in_year
    assert treasury.tolist() == pytest.approx([48_000, 60_000, 72_000, 84_000])
    custom = phase(r, 2013, MOST_LIKELY, weights={"amber": 0.5}).in_year
    assert custom.tolist() == [120_000, 60_000, 60_000, 60_000]


def test_the_unrated_weight_is_a_setting_with_a_prudent_default():
    r = register([120_000] * 2, ["2013-04"] * 2, rag=["green", None], phase_no=[None, None])
    assert weight_set("board").unrated_weight == 0.5
    assert weight_set("treasury").unrated_weight == 0.4
    full = phase(r, 2013, MOST_LIKELY, weights={"unrated": 1.0}).in_year
    assert full.tolist() == [120_000, 120_000]  # said in a setting, it may be full weight
    # the treasury set looks up phase: no phase is unrated there (40%)
    treasury = phase(r, 2013, MOST_LIKELY, weights="treasury").in_year
    assert treasury.tolist() == pytest.approx([48_000, 48_000])
    lowest = WeightSet("mine", "rag_overall", {"green": 1.0, "amber": 0.8, "red": 0.6})
    assert lowest.unrated_weight == 0.6  # none stated: the set's lowest weight


def test_linear_ramp_builds_over_n_months():
    # FYE 120,000 live in April, linear over 4 months: 2.5k, 5k, 7.5k, then 10k a month.
    p = phase(register(120_000, "2013-04"), 2013, PLAN, ramp=Ramp("linear", 4))
    assert p.monthly[0, :5].tolist() == pytest.approx([2_500, 5_000, 7_500, 10_000, 10_000])
    assert p.in_year[0] == pytest.approx(120_000 - 7_500 - 5_000 - 2_500)


def test_s_curve_is_monotonic_and_reaches_full_effect():
    factor = Ramp("s-curve", 6).factor(np.arange(-1, 10))
    assert factor[0] == 0 and factor[6] == 1 and factor[-1] == 1
    assert np.all(np.diff(factor) >= 0)
    assert factor[3] == 0.5 and factor[2] < 0.5 < factor[4]  # halfway in month 3 of 6


def test_annual_totals_over_several_years():
    p = phase(register(120_000, "2013-10"), 2013, PLAN, horizon_years=4)
    assert p.annual().iloc[0].to_dict() == {
        "2013/14": 60_000,
        "2014/15": 120_000,
        "2015/16": 120_000,
        "2016/17": 120_000,
    }


def test_long_format_has_one_row_per_scheme_month():
    p = phase(register([1200, 2400], ["2013-04", "2013-05"]), 2013, PLAN)
    long = p.to_long()
    assert len(long) == 2 * 24
    assert long.groupby("scheme_id").value_gbp.sum().to_dict() == {
        "1": 2 * 1200,
        "2": 2400 * 23 / 12,
    }


# ---------- invariants over random registers (hypothesis) ----------

months = st.integers(min_value=-18, max_value=30)
money = st.floats(min_value=0, max_value=5e6, allow_nan=False)
rags = st.sampled_from(["green", "amber", "red"])


def _go_live(offset):
    return pd.Period("2013-04", freq="M") + offset


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(money, months, rags, st.integers(-6, 6)), min_size=1, max_size=20),
    st.sampled_from([PLAN, MOST_LIKELY, FORECAST]),
    st.integers(2, 5),
)
def test_monthly_profile_sums_to_the_annual_figures(rows, basis, years):
    fye, offs, rag, change = zip(*rows)
    r = register(list(fye), [_go_live(o) for o in offs], rag=list(rag), change=list(change))
    p = phase(r, 2013, basis, horizon_years=years)
    annual = p.annual()
    assert np.allclose(annual.sum(axis=1), p.monthly.sum(axis=1))
    assert np.allclose(annual.iloc[:, 0], p.in_year)
    assert np.allclose(p.monthly[:, :12].sum(axis=1), p.in_year)


@settings(max_examples=60, deadline=None)
@given(money, months, st.integers(1, 12))
def test_a_later_go_live_never_raises_in_year_savings(fye, offset, delay):
    r = register([fye, fye], [_go_live(offset), _go_live(offset + delay)])
    in_year = phase(r, 2013, PLAN).in_year
    assert in_year[1] <= in_year[0] + 1e-9


@settings(max_examples=60, deadline=None)
@given(money, months, st.floats(0, 1), st.floats(0, 1))
def test_weights_scale_linearly(fye, offset, w1, w2):
    r = register(fye, _go_live(offset), rag="amber")
    base = phase(r, 2013, MOST_LIKELY, weights={"amber": 1.0}).in_year[0]
    a = phase(r, 2013, MOST_LIKELY, weights={"amber": w1}).in_year[0]
    b = phase(r, 2013, MOST_LIKELY, weights={"amber": w2}).in_year[0]
    ab = phase(r, 2013, MOST_LIKELY, weights={"amber": w1 + w2}).in_year[0]
    assert a == pytest.approx(w1 * base, abs=1e-6)
    assert ab == pytest.approx(a + b, abs=1e-6)


def test_large_portfolios_filled_in_blocks_match_the_plain_rule():
    # 20,000 schemes span three blocks of rows; each row must still be FYE/12 from go-live on.
    rng = np.random.default_rng(7)
    fye = rng.uniform(1e4, 1e6, 20_000)
    start = rng.integers(-3, 40, 20_000)
    got = phasing.monthly_savings(fye, start, 36, scale=0.5)
    expected = np.where(np.arange(36)[None, :] >= start[:, None], fye[:, None] / 12 * 0.5, 0.0)
    assert np.array_equal(got, expected)


# -- part months: one rule (issue 18) ------------------------------------------------------------


def test_half_a_month_gained_is_pro_rated_into_the_month_before_go_live():
    # FYE 120,000 (10,000 a month) live July 2026 (offset 3: 9 months), +0.5 months gained:
    # June saves half a month, 9.5 months in all, in the profile and in the rule alike.
    r = register(120_000, "2026-07", rag="green", change=0.5)
    forecast = phase(r, 2026, FORECAST)
    assert forecast.monthly[0, :4].tolist() == pytest.approx([0, 0, 5_000, 10_000])
    assert forecast.in_year[0] == pytest.approx(95_000)  # 120,000 x 9.5 / 12
    assert forecast.next_year[0] == pytest.approx(25_000)  # 120,000 - 95,000
    figures = phasing.board_figures(r, 2026).iloc[0]
    assert figures.forecast_in_year == pytest.approx(forecast.monthly[0, :12].sum())


def test_half_a_month_lost_is_pro_rated_into_the_go_live_month():
    r = register(120_000, "2026-07", rag="green", change=-0.5)
    forecast = phase(r, 2026, FORECAST)
    assert forecast.monthly[0, 2:5].tolist() == pytest.approx([0, 5_000, 10_000])
    assert forecast.in_year[0] == pytest.approx(85_000)  # 120,000 x 8.5 / 12


def test_a_whole_month_change_is_not_pro_rated():
    # the other side of the rule: whole months step as before
    r = register(120_000, "2026-07", rag="green", change=1.0)
    forecast = phase(r, 2026, FORECAST)
    assert forecast.monthly[0, :4].tolist() == pytest.approx([0, 0, 10_000, 10_000])
    assert forecast.in_year[0] == pytest.approx(100_000)


def test_a_part_month_counts_the_same_in_bring_forward_and_the_explorer():
    r = register(120_000, "2026-07", rag="green", change=0.5)
    data = ExplorerData.from_register(r, 2026)
    assert recompute(data).totals["forecast_in_year"] == pytest.approx(95_000)
    start = phasing.delivery_offset(phasing.go_live_offsets(r, 2026), np.array([0.5]))
    curve = phasing.monthly_savings(np.array([120_000.0]), start, 12)
    assert curve.sum() == pytest.approx(95_000)


def test_no_go_live_saves_nothing():
    curve = phasing.monthly_savings(np.array([120_000.0]), np.array([np.nan]), 12)
    assert curve.sum() == 0.0


def test_a_part_month_on_a_ramp_is_pro_rated_too():
    # linear over 2 months, FYE 120,000 (10,000 a month), start 3.5: month 3 is half of the
    # first month's share (50% x 0.5 x 10,000), month 4 the second (100%)
    curve = phasing.monthly_savings(np.array([120_000.0]), np.array([3.5]), 6, Ramp("linear", 2))
    assert curve[0].tolist() == pytest.approx([0, 0, 0, 2_500, 10_000, 10_000])
