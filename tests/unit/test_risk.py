"""Delivery-risk Monte Carlo against cases worked by hand."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.errors import ConfigError
from commissioning_analytics.model import risk
from commissioning_analytics.model.phasing import FORECAST, phase

pytestmark = pytest.mark.unit

CERTAIN = {"slip_months": {0: 1.0}, "shortfall": {0.0: 1.0}}


def register(fye, go_live, rag="green", change=0.0):
    fye, go_live = np.atleast_1d(fye), np.atleast_1d(go_live)
    n = len(fye)
    return pd.DataFrame(
        {
            "scheme_id": [str(i + 1) for i in range(n)],
            "go_live": pd.PeriodIndex(go_live, freq="M"),
            "fye_net_saving": np.asarray(fye, dtype=float),
            "rag_overall": np.resize(np.atleast_1d(rag), n),
            "change_in_delivery_months": np.resize(np.atleast_1d(change), n).astype(float),
        }
    )


def config(green=CERTAIN, amber=CERTAIN, red=CERTAIN):
    return risk.RiskConfig.from_mapping({"green": green, "amber": amber, "red": red})


COIN = config(green={"slip_months": {0: 0.5, 3: 0.5}, "shortfall": {0.0: 1.0}})


def test_one_scheme_slipping_a_quarter_half_the_time():
    # FYE 120,000 live April 2026: 10,000 a month. On time: 12 months = 120,000 in year, 0 next
    # year. Slipped 3 months (July): 9 months = 90,000 in year, 30,000 next year.
    result = risk.simulate(
        register(120_000, "2026-04"), 2026, draws=10_000, seed=1, config=COIN, calibrate=False
    )
    assert set(np.unique(result.in_year)) == {90_000.0, 120_000.0}
    assert set(np.unique(result.next_year)) == {0.0, 30_000.0}
    p = result.percentiles()
    assert p.loc["in_year", "p10"] == 90_000  # more than 10% of draws slip
    assert p.loc["in_year", "p90"] == 120_000  # more than 10% are on time
    # P(reach 120,000) = P(no slip) = 0.5. Over 10,000 draws the standard error is
    # sqrt(0.5 x 0.5 / 10,000) = 0.005; tolerance 0.02 is four standard errors.
    assert result.prob_reach(120_000) == pytest.approx(0.5, abs=0.02)
    assert result.prob_reach(90_000) == 1.0
    assert result.prob_reach(120_001) == 0.0
    # Mean 105,000 (half of 90,000 + half of 120,000); sd of a draw 15,000, so the mean's
    # standard error is 150: tolerance 600.
    assert p.loc["in_year", "mean"] == pytest.approx(105_000, abs=600)


def test_fan_is_cumulative_by_month():
    result = risk.simulate(
        register(120_000, "2026-04"), 2026, draws=2_000, seed=3, config=COIN, calibrate=False
    )
    fan = result.fan()
    assert len(fan) == 12 and str(fan.month.iloc[0]) == "2026-04"
    # On time: 10,000 a month from April; slipped: from July. After June: 30,000 or 0.
    assert fan.p90.iloc[2] == 30_000 and fan.p10.iloc[2] == 0
    assert fan.p10.iloc[-1] == 90_000 and fan.p90.iloc[-1] == 120_000
    assert (np.diff(fan.p50) >= 0).all()


def test_shortfall_scales_the_saving():
    # Shortfall 0.25 with certainty: 120,000 x 0.75 = 90,000 in year, every draw.
    cfg = config(red={"slip_months": {0: 1.0}, "shortfall": {0.25: 1.0}})
    result = risk.simulate(
        register(120_000, "2026-04", rag="red"), 2026, draws=100, config=cfg, calibrate=False
    )
    assert np.all(result.in_year == 90_000)


def test_certain_draws_match_the_unweighted_forecast():
    # Nothing slips, nothing falls short: every draw is the board's forecast before weighting.
    r = register(
        [120_000, 60_000, 240_000],
        ["2026-07", "2027-01", "2025-11"],
        rag=["green", "amber", "red"],
        change=[-1, 2, 0],
    )
    result = risk.simulate(r, 2026, draws=10, config=config(), calibrate=False)
    # Forecast go-live Aug 2026 (8 months: 80,000), Nov 2026 (5 months: 25,000), live: 240,000
    assert np.all(result.in_year == pytest.approx(345_000))
    # next year: 40,000 + 35,000 + 0
    assert np.all(result.next_year == pytest.approx(75_000))


def test_live_schemes_do_not_slip_as_of_the_reporting_month():
    # Live in May 2026, reporting October 2026: cannot slip any more, so 11 months, always.
    always_slip = config(green={"slip_months": {3: 1.0}, "shortfall": {0.0: 1.0}})
    r = register(120_000, "2026-05")
    assert np.all(
        risk.simulate(
            r, 2026, draws=10, config=always_slip, calibrate=False, as_of="2026-10"
        ).in_year
        == 110_000
    )
    assert np.all(
        risk.simulate(r, 2026, draws=10, config=always_slip, calibrate=False).in_year == 80_000
    )


def test_unrated_schemes_take_the_configured_rating():
    cfg = risk.RiskConfig.from_mapping(
        {
            "unrated_as": "red",
            "green": CERTAIN,
            "amber": CERTAIN,
            "red": {"slip_months": {0: 1.0}, "shortfall": {0.5: 1.0}},
        }
    )
    r = register(120_000, "2026-04", rag=None)
    assert np.all(risk.simulate(r, 2026, draws=5, config=cfg, calibrate=False).in_year == 60_000)


def test_seed_reproduces_and_chunks_do_not_matter():
    rng = np.random.default_rng(5)
    n = 50
    r = register(
        rng.uniform(1e4, 1e6, n),
        pd.Period("2026-04", "M") + rng.integers(0, 14, n),
        rag=rng.choice(["green", "amber", "red"], n),
    )
    a = risk.simulate(r, 2026, draws=2_500, seed=7)
    b = risk.simulate(r, 2026, draws=2_500, seed=7)
    c = risk.simulate(r, 2026, draws=2_500, seed=8)
    assert np.array_equal(a.in_year, b.in_year)
    assert not np.array_equal(a.in_year, c.in_year)


AMBER_COIN = config(
    amber={"slip_months": {0: 0.5, 3: 0.5}, "shortfall": {0.0: 1.0}},
    green={"slip_months": {3: 1.0}, "shortfall": {0.0: 1.0}},
)
# Reporting October 2026 (M7). Scheme 1: green, FYE 120,000, live since May: 10,000 a month,
# cannot slip (although green always "slips" 3 months here). Scheme 2: amber, FYE 120,000,
# forecast to go live January 2027. Actuals April-October: 0, then 10,000 a month May-October.
TODAY = register([120_000, 120_000], ["2026-05", "2027-01"], rag=["green", "amber"])
ACTUALS = np.array([0] + [10_000] * 6 + [0] * 5, dtype=float)


def test_from_today_actuals_fixed_live_cannot_slip_and_calibrated_to_the_forecast():
    result = risk.simulate(
        TODAY,
        2026,
        draws=4_000,
        seed=3,
        config=AMBER_COIN,
        as_of="2026-10",
        actual_by_month=ACTUALS,
    )
    # Actual to date 60,000. Scheme 1: Nov-Mar 5 x 10,000 = 50,000, every draw.
    # Scheme 2 on time (half the draws): Jan-Mar 3 x 10,000 = 30,000; slipped 3 months: April
    # 2027, nothing this year. Its risk-weighted forecast: 75% x 30,000 = 22,500; the raw draws
    # average 15,000, so they are scaled by 1.5: 45,000 or 0.
    assert set(np.unique(result.in_year)) == {110_000.0, 155_000.0}
    assert result.actual_to_date_gbp == 60_000
    assert result.outturn_gbp == pytest.approx(60_000 + 50_000 + 22_500)
    # The mean is the outturn: 132,500; a draw's sd is 22,500, the mean's SE 356: 4 SE.
    assert result.mean_gbp == pytest.approx(132_500, abs=1_500)
    fan = result.fan()
    # Reported months are the actuals in every draw: the fan starts at the actual to date.
    assert (fan.p10.iloc[:7] == np.cumsum(ACTUALS)[:7]).all()
    assert (fan.p90.iloc[:7] == np.cumsum(ACTUALS)[:7]).all()
    assert fan.p10.iloc[6] == 60_000 and fan.actual.iloc[6] and not fan.actual.iloc[7]
    # November, December: scheme 1 only; January: + 15,000 (x1.5) when scheme 2 is on time.
    assert fan.p50.iloc[8] == 80_000
    assert fan.p10.iloc[9] == 90_000 and fan.p90.iloc[9] == 105_000
    # Raw distributions (not calibrated): 30,000 or 0 for scheme 2.
    raw = risk.simulate(
        TODAY,
        2026,
        draws=200,
        seed=3,
        config=AMBER_COIN,
        as_of="2026-10",
        actual_by_month=ACTUALS,
        calibrate=False,
    )
    assert set(np.unique(raw.in_year)) == {110_000.0, 140_000.0}


def test_shipped_defaults_mean_equals_the_outturn_which_lies_inside_the_band():
    rng = np.random.default_rng(11)
    n = 300
    r = register(
        rng.uniform(1e4, 1e6, n),
        pd.Period("2026-04", "M") + rng.integers(0, 14, n),
        rag=rng.choice(["green", "amber", "red"], n),
        change=rng.integers(-2, 2, n),
    )
    actual = np.full(12, 200_000.0)
    result = risk.simulate(r, 2026, draws=4_000, seed=2, as_of="2026-10", actual_by_month=actual)
    # Outturn by hand from the phasing model: 7 months of actuals + the risk-weighted forecast
    # for November to March.
    forecast = phase(r, 2026, FORECAST).monthly[:, 7:12].sum()
    assert result.outturn_gbp == pytest.approx(7 * 200_000 + forecast)
    se = result.in_year.std() / np.sqrt(result.draws)
    assert result.mean_gbp == pytest.approx(result.outturn_gbp, abs=4 * se)
    p = result.percentiles().loc["in_year"]
    assert p.p10 < result.outturn_gbp < p.p90
    assert 0.2 < result.prob_reach(result.outturn_gbp) < 0.8


def test_every_draw_of_a_certain_config_is_the_outturn():
    # No slip, no shortfall: calibration scales each scheme to its weighted forecast exactly.
    result = risk.simulate(
        TODAY, 2026, draws=20, config=config(), as_of="2026-10", actual_by_month=ACTUALS
    )
    assert result.in_year == pytest.approx(np.full(20, 60_000 + 50_000 + 0.75 * 30_000))


def test_bad_risk_file_names_file_and_every_key(tmp_path: Path):
    path = tmp_path / "risk.yml"
    path.write_text(
        "green:\n  slip_months: {0: 0.5, 1.5: 0.4}\n  shortfall: {0: 1}\n"
        "amber:\n  slip_months: {0: 1}\n  shortfall: {2: 1}\nblue: {}\n"
    )
    with pytest.raises(ConfigError) as caught:
        risk.load_risk_config(path)
    lines = caught.value.lines()
    assert all(line.startswith(str(path)) for line in lines)
    text = "\n".join(lines)
    assert "green.slip_months.1.5: expected a whole number" in text
    assert "green.slip_months: probabilities add up to 0.9" in text
    assert "amber.shortfall.2" in text
    assert "red: missing" in text
    assert "blue: unknown key" in text


def test_sample_outturn_lies_inside_the_band_and_is_the_mean():
    # The issue: the sample's forecast (£10.20m) and outturn (£9.92m) lay below the fan's P10
    # (£10.55m) because the draws ignored the weights and the actuals.
    from commissioning_analytics import month as report
    from commissioning_analytics.model.headline import headline as headline_figures

    month = report.load_month("2026-10", Path(__file__).resolve().parents[2] / "data" / "raw")
    head = vars(headline_figures(month))
    result = risk.simulate(
        month.register,
        month.year,
        draws=4_000,
        seed=1,
        as_of=month.period,
        actual_by_month=month.actual_by_scheme_month().sum(axis=0),
        weights=month.weights,
    )
    assert result.outturn_gbp == pytest.approx(head["forecast_outturn"])
    assert result.actual_to_date_gbp == pytest.approx(head["actual_to_date"])
    se = result.in_year.std() / np.sqrt(result.draws)
    assert result.mean_gbp == pytest.approx(head["forecast_outturn"], abs=4 * se)
    p = result.percentiles().loc["in_year"]
    assert p.p10 < head["forecast_outturn"] < p.p90
    fan = result.fan()
    assert fan.p10.iloc[month.period_index] == pytest.approx(head["actual_to_date"])
