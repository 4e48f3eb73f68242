"""The explorer's recompute: figures a reader can check, and 1,000 schemes without a loop."""

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics import explorer, style
from commissioning_analytics import month as report
from commissioning_analytics.model.headline import headline as headline_figures
from commissioning_analytics.model.phasing import FORECAST, MOST_LIKELY, PLAN, Ramp, phase
from fixtures import small_actuals, small_register

pytestmark = pytest.mark.unit


@pytest.fixture
def data():
    return explorer.ExplorerData.from_month(
        report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    )


def test_defaults_agree_with_the_pack_headline(data):
    month = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    totals = explorer.recompute(data, period_index=month.period_index).totals
    head = vars(headline_figures(month))
    for key in (
        "plan_in_year",
        "most_likely_in_year",
        "forecast_in_year",
        "actual_to_date",
        "forecast_outturn",
        "gap_to_target",
    ):
        assert totals[key] == pytest.approx(head[key]), key


def test_rag_weights_move_most_likely(data):
    # amber at 50% instead of 75%: B's 120,000 counts 60,000 -> 120,000 + 60,000 + 7,500
    result = explorer.recompute(data, weights={"amber": 0.5})
    assert result.totals["most_likely_in_year"] == pytest.approx(187_500)
    assert result.totals["plan_in_year"] == pytest.approx(255_000)  # the plan never weighted


def test_months_are_added_to_the_directors_change(data):
    # The directors' forecast: A 120,000; B slips 2 months (December: 4 x 20,000 x 75% =
    # 60,000); C gains 1 (December: 4 x 5,000 x 50% = 10,000): 190,000. Adding 0 changes nothing.
    assert explorer.recompute(data, period_index=6).totals["forecast_in_year"] == pytest.approx(
        190_000
    )
    zero = explorer.recompute(data, overrides={("theme", "Urgent care"): 0}, period_index=6)
    assert zero.totals["forecast_in_year"] == pytest.approx(190_000)
    # +2 for B puts it back on its October plan, but October is reported (reporting month
    # October): it can come only to November, 5 x 20,000 x 75% = 75,000: 205,000.
    back = explorer.recompute(data, overrides={("scheme", "B"): 2}, period_index=6)
    assert back.totals["forecast_in_year"] == pytest.approx(205_000)
    # With no reporting month it returns to October: 90,000, so 220,000.
    free = explorer.recompute(data, overrides={("scheme", "B"): 2})
    assert free.totals["forecast_in_year"] == pytest.approx(220_000)
    # A (live since April) cannot move, whatever is asked: -3 months leaves 120,000.
    live = explorer.recompute(data, overrides={("scheme", "A"): -3}, period_index=6)
    assert live.totals["forecast_in_year"] == pytest.approx(190_000)
    # A scheme's own entry beats its theme's: Planned care -3 months, but A itself 0;
    # C: its +1 and the theme's -3 = -2.
    change = explorer.change_in_delivery(data, {("theme", "Planned care"): -3, ("scheme", "A"): 0})
    assert change.tolist() == [0.0, -2.0, -2.0]


def test_ramp_lowers_the_first_year(data):
    # A live April with a linear 3-month ramp: 1/3 + 2/3 of a month lost = 10,000 x 1 = 10,000
    step = explorer.recompute(data).totals["plan_in_year"]
    linear = explorer.recompute(data, ramp=Ramp("linear", 3)).totals["plan_in_year"]
    # B (live October, 20,000 a month) also loses 20,000; C (live January, 5,000) loses 5,000
    assert step - linear == pytest.approx(10_000 + 20_000 + 5_000)


def random_register(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "scheme_id": [f"S{i}" for i in range(n)],
            "theme": rng.choice(["Planned care", "Urgent care", "Prescribing", "Community"], n),
            "scheme": [f"Scheme {i}" for i in range(n)],
            "phase": rng.integers(1, 5, n),
            "go_live": pd.PeriodIndex(pd.Period("2026-04", "M") + rng.integers(0, 20, n), freq="M"),
            "fye_net_saving": rng.integers(10, 1_000, n) * 1_000.0,
            "rag_overall": rng.choice(["green", "amber", "red"], n),
            "change_in_delivery_months": rng.choice([0.0, 0.0, -1.0, -3.0, 2.0], n),
        }
    )


def test_a_thousand_schemes_match_the_phasing_model():
    register = random_register(1_000)
    data = explorer.ExplorerData.from_register(register, 2026)
    result = explorer.recompute(
        data, weights={"green": 1.0, "amber": 0.75, "red": 0.5}, overrides={("phase", "1"): -2}
    )
    # Added to the directors' change (every go-live from April: nothing is live before the year).
    changed = register.assign(
        change_in_delivery_months=np.where(register["phase"] == 1, -2.0, 0.0)
        + register["change_in_delivery_months"]
    )
    assert result.totals["plan_in_year"] == pytest.approx(phase(register, 2026, PLAN).in_year.sum())
    assert result.most_likely == pytest.approx(
        phase(register, 2026, MOST_LIKELY).totals_by_month().to_numpy()[:12]
    )
    assert result.forecast == pytest.approx(
        phase(changed, 2026, FORECAST).totals_by_month().to_numpy()[:12]
    )
    assert result.totals["forecast_next_year"] == pytest.approx(
        phase(changed, 2026, FORECAST).next_year.sum()
    )
    assert np.isnan(result.totals["actual_to_date"])  # no actuals given


def test_app_builds_widgets():
    month = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    box = explorer.app(month)
    figure = box.children[1].children[0]
    # cumulative plan at March = 255,000
    assert figure.data[0].y[-1] == pytest.approx(255_000)
    assert "£255k" in box.children[1].children[1].value


def test_moving_a_slider_updates_the_curve():
    month = report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())
    box = explorer.app(month)
    controls, figure = box.children[0], box.children[1].children[0]
    amber = next(w for w in controls.children if getattr(w, "description", "") == "Amber weight")
    amber.value = 0.5
    # most likely at March: 120,000 + 120,000 x 50% + 15,000 x 50% = 187,500
    assert figure.data[1].y[-1] == pytest.approx(187_500)


@pytest.fixture(scope="module")
def sample():
    from pathlib import Path

    month = report.load_month("2026-10", Path(__file__).resolve().parents[2] / "data" / "raw")
    return month, explorer.Explorer(month)


def test_sample_picker_numbers_and_names_sorted_by_number_and_searchable(sample):
    _, app = sample
    labels = [label for label, _ in app.item.options]
    assert app.level.value == "scheme" and len(labels) == 30
    assert labels[8] == "9 Discharge to assess pathway" and labels[9].startswith("10 ")
    assert [int(label.split()[0]) for label in labels] == list(range(1, 31))
    app.find.value = "discharge"
    assert [label for label, _ in app.item.options] == ["9 Discharge to assess pathway"]
    assert app.item.value == "9"
    app.find.value = "continuing healthcare"
    assert [key for _, key in app.item.options] == ["20", "29"]
    app.level.value = "theme"
    assert app.find.value == "" and ("Corporate", "Corporate") in app.item.options
    app.level.value = "scheme"


def test_sample_months_zero_leaves_the_headline_forecast(sample):
    # The issue: a "Months ±" of 0 for a theme replaced the directors' change and raised the
    # forecast from £10.20m to £10.42m.
    month, app = sample
    head = vars(headline_figures(month))
    app.level.value = "theme"
    app.item.value = "Integrated Care"
    app.shift.value = 0
    app.apply_button.click()
    totals = app.result.totals
    assert totals["forecast_in_year"] == pytest.approx(head["forecast_in_year"])
    assert totals["forecast_outturn"] == pytest.approx(head["forecast_outturn"])
    assert totals["gap_to_target"] == pytest.approx(head["gap_to_target"])
    app.reset_button.click()
    app.level.value = "scheme"


def test_figure_keeps_its_months_on_every_update(sample):
    month, app = sample
    labels = [style.month_label(m) for m in month.months]
    app.sliders["amber"].value = 0.6
    app.find.value = "discharge"
    app.shift.value = 1
    app.apply_button.click()
    app.period.value = 5
    for trace in app.figure.data[:3]:
        assert list(trace.x) == labels  # April to March, every time
        assert len(trace.y) == 12
    assert list(app.figure.data[3].x) == labels[:6]  # actual to September
    # Plan to date at the reporting line agrees with the totals.
    assert app.figure.data[0].y[5] == pytest.approx(app.result.totals["plan_to_date"])
    app.sliders["amber"].value = 0.75
    app.period.value = month.period_index
    app.reset_button.click()


def test_thirty_thousand_schemes_picker_lists_a_page_and_says_so():
    register = random_register(30_000)
    month = report.month_from_frames(register, 2026, "2026-10")
    app = explorer.Explorer(month)
    assert len(app.item.options) == explorer.MAX_OPTIONS
    assert "showing 200 of 30,000 schemes" in app.matches.value
    app.find.value = "S2999"  # S2999 and S29990-S29999
    assert len(app.item.options) == 11 and app.item.options[0][1] == "S2999"


def test_a_scheme_with_no_rating_counts_at_the_unrated_weight_as_on_the_pages():
    # B (plan 120,000) not rated: the board set's unrated weight (red's 50%), not 100%:
    # most likely 120,000 + 60,000 + 7,500, the same as the pack's headline
    register = small_register()
    register.loc[1, "rag_overall"] = None
    month = report.month_from_frames(register, 2026, "2026-10", small_actuals())
    result = explorer.recompute(explorer.ExplorerData.from_month(month))
    assert result.totals["most_likely_in_year"] == pytest.approx(187_500)
    assert result.totals["most_likely_in_year"] == pytest.approx(
        headline_figures(month).most_likely_in_year
    )
    # the other side: a rated scheme keeps its own weight (amber 75%)
    rated = explorer.recompute(explorer.ExplorerData.from_month(month_of_small()))
    assert rated.totals["most_likely_in_year"] == pytest.approx(217_500)


def month_of_small():
    return report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())


def test_a_scheme_not_yet_reported_counts_its_forecast_in_the_explorer_as_in_the_pack():
    # A's October actual not entered: the explorer's outturn is the headline's
    # (A's October counts its forecast, 10,000), actual to date stays what was recorded
    actuals = small_actuals()
    actuals = actuals[~((actuals.scheme_id == "A") & (actuals.month == pd.Period("2026-10", "M")))]
    others = pd.DataFrame(
        {
            "scheme_id": ["B"],
            "month": pd.PeriodIndex(["2026-10"], freq="M"),
            "actual_gbp": [0.0],
            "source": ["a.xlsx!Actuals!50"],
        }
    )
    month = report.month_from_frames(
        small_register(), 2026, "2026-10", pd.concat([actuals, others], ignore_index=True)
    )
    totals = explorer.recompute(
        explorer.ExplorerData.from_month(month), period_index=month.period_index
    ).totals
    head = headline_figures(month)
    assert totals["actual_to_date"] == pytest.approx(54_000)  # 6 x 9,000
    assert head.forecast_outturn == pytest.approx(54_000 + 10_000 + 120_000)
    assert totals["forecast_outturn"] == pytest.approx(head.forecast_outturn)
