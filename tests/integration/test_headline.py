"""The headline figures, defined once: worked by hand on a three-scheme register, and on the
sample register's own totals row."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics import month as report
from commissioning_analytics.errors import ConfigError, UserError
from commissioning_analytics.model import headline as H
from commissioning_analytics.schema import Scheme
from commissioning_analytics.views import delivery as delivery_views
from commissioning_analytics.views import savings as savings_views
from commissioning_analytics.views import tables as tables_views
from fixtures import small_actuals, small_register

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw"


def month_of(register=None, actuals="default", period="2026-10", **kwargs):
    register = small_register() if register is None else register
    actuals = small_actuals() if isinstance(actuals, str) else actuals
    return report.month_from_frames(register, 2026, period, actuals, **kwargs)


# -- the definitions, by hand ------------------------------------------------------------------


def test_every_headline_figure_by_hand():
    h = H.headline(month_of())
    # plan: A 120,000 + B 120,000 + C 15,000
    assert h.plan_in_year == pytest.approx(255_000)
    # most likely 217,500 (B x 0.75, C x 0.5): weighting = 255,000 - 217,500
    assert h.risk_weighting == pytest.approx(37_500)
    # forecast: A 120,000; B 4 months x 20,000 x 0.75 = 60,000; C 4 x 5,000 x 0.5 = 10,000
    assert h.forecast_in_year == pytest.approx(190_000)
    assert h.slippage == pytest.approx(217_500 - 190_000)
    # to date (April-October): plan A 70,000 + B October 20,000; forecast A 70,000 only
    # (B now starts in December); actual A 7 x 9,000
    assert (h.plan_to_date, h.forecast_to_date, h.actual_to_date) == pytest.approx(
        (90_000, 70_000, 63_000)
    )
    assert h.actual_vs_forecast_to_date == pytest.approx(-7_000)
    # outturn: 63,000 + forecast November-March (A 50,000 + B 4 x 15,000 + C 4 x 2,500)
    assert h.forecast_outturn == pytest.approx(63_000 + 120_000)
    assert h.gap_to_target == pytest.approx(255_000 - 183_000)
    assert h.months_without_actuals == ()


def test_bridge_walks_from_plan_to_outturn_to_the_penny():
    register = small_register()
    # awkward full-year effects, so that nothing divides evenly by 12
    register[Scheme.fye_net_saving] = [123_456.78, 240_001.01, 60_000.07]
    month = month_of(register)
    steps = H.bridge(month)
    h = H.headline(month)
    assert list(steps["key"]) == [
        "plan",
        "risk_weighting",
        "slippage",
        "forecast",
        "actual_vs_forecast",
        "outturn",
    ]
    value = dict(zip(steps["key"], steps["value_gbp"]))
    pence = lambda x: round(x * 100)  # noqa: E731
    assert (
        pence(value["plan"] + value["risk_weighting"] + value["slippage"])
        == pence(value["forecast"])
        == pence(h.forecast_in_year)
    )
    assert (
        pence(value["forecast"] + value["actual_vs_forecast"])
        == pence(value["outturn"])
        == pence(h.forecast_outturn)
    )
    assert pence(h.plan_in_year - h.forecast_outturn) == pence(h.gap_to_target)
    # every step's recurrent and non-recurrent parts add up to it
    assert np.allclose(steps["recurrent_gbp"] + steps["non_recurrent_gbp"], steps["value_gbp"])


def test_every_figure_is_one_definition_used_by_the_pages():
    """'Several year-end figures': page 10, page 30 and the pack tables all print the same
    outturn and gap as the headline."""
    from commissioning_analytics.pages import change_in_delivery, savings_curves
    from commissioning_analytics.style import money

    month = month_of()
    h = H.headline(month)
    page10 = savings_curves.headline(month).data
    assert f'data-figure="forecast_outturn">{money(183_000)}<' in page10
    assert f'data-figure="gap_to_target">{money(72_000)}<' in page10
    fig = change_in_delivery.delivery_waterfall(month)
    assert fig.layout.title.text == (
        f"From plan to outturn: {money(183_000)}, a gap of {money(72_000)}"
    )
    # the chart shows the gap itself, and its last bar is the outturn
    assert [a.text for a in fig.layout.annotations] == [f"Gap to plan {money(72_000)}"]
    assert fig.data[0].measure[-1] == "total" and fig.data[0].y[-1] == pytest.approx(183_000)
    summary = tables_views.pack_tables(month)["summary"].set_index("figure")["value"]
    assert summary["forecast_outturn"] == pytest.approx(h.forecast_outturn)
    assert summary["gap_to_target"] == pytest.approx(h.gap_to_target)


# -- recurrent and non-recurrent ---------------------------------------------------------------


def test_non_recurrent_schemes_are_split_out_and_carry_nothing_into_next_year():
    register = small_register()
    register["recurrent"] = [True, None, False]  # C is a one-off saving; blank = recurrent
    month = month_of(register)
    h = H.headline(month)
    assert h.recurrent_stated and h.non_recurrent_schemes == 1
    assert h.plan_recurrent == pytest.approx(240_000)  # A 120,000 + B 120,000
    assert h.non_recurrent("plan") == pytest.approx(15_000)
    assert h.forecast_recurrent == pytest.approx(180_000)  # A 120,000 + B 60,000
    # next year: A 0 + B 120,000; C's 45,000 is not carried forward
    assert h.plan_next_year == pytest.approx(120_000)
    steps = H.bridge(month).set_index("key")
    assert steps.loc["plan", "non_recurrent_gbp"] == pytest.approx(15_000)
    assert steps.loc["forecast", "non_recurrent_gbp"] == pytest.approx(10_000)


def test_without_a_recurrent_column_every_scheme_is_recurrent_and_the_page_says_so():
    from commissioning_analytics.pages import savings_curves

    month = month_of()
    h = H.headline(month)
    assert not h.recurrent_stated and h.plan_recurrent == h.plan_in_year
    assert "every scheme is treated as recurrent" in savings_curves.headline(month).data
    # a column that marks no scheme non-recurrent says the same
    register = small_register().assign(recurrent=[True, None, True])
    assert (
        "every scheme is treated as recurrent" in savings_curves.headline(month_of(register)).data
    )


# -- actuals and the reporting month -----------------------------------------------------------


def test_a_month_without_actuals_is_not_a_month_that_saved_nothing():
    actuals = small_actuals()
    actuals = actuals[actuals["month"] <= pd.Period("2026-08", "M")]  # none for Sep, Oct
    month = month_of(actuals=actuals)
    assert [str(m) for m in month.months_without_actuals()] == ["2026-09", "2026-10"]
    with pytest.raises(UserError) as refused:
        report.check_reporting_month(month, today=dt.date(2026, 11, 28))
    assert len(refused.value.lines()) == 1
    assert "September 2026 and October 2026" in refused.value.lines()[0]
    report.check_reporting_month(month, today=dt.date(2026, 11, 28), allow_missing_actuals=True)
    h = H.headline(month)
    # allowed: actual to date is A's five recorded months; September and October count their
    # forecast (A 2 x 10,000), not zero: 45,000 + 20,000 + 120,000 (November-March)
    assert h.actual_to_date == pytest.approx(45_000)
    assert h.forecast_outturn == pytest.approx(45_000 + 20_000 + 120_000)
    assert "September 2026 and October 2026" in report.missing_actuals_banner(month)


def test_a_future_month_is_refused():
    month = month_of(period="2026-12")
    with pytest.raises(UserError, match="December 2026 has not started"):
        report.check_reporting_month(month, today=dt.date(2026, 11, 28), allow_missing_actuals=True)


def test_a_live_scheme_with_no_actual_is_listed_apart_from_a_recorded_zero():
    actuals = small_actuals()
    actuals = actuals[~((actuals.scheme_id == "A") & (actuals.month == pd.Period("2026-06", "M")))]
    zero = pd.DataFrame(
        {
            "scheme_id": ["A"],
            "month": pd.PeriodIndex(["2026-06"], freq="M"),
            "actual_gbp": [np.nan],
            "source": ["a.xlsx!Actuals!40"],
        }
    )  # blank
    # June has actuals (C's £0, recorded although C is not live yet), so June is reported
    other = zero.assign(scheme_id="C", actual_gbp=0.0, source="a.xlsx!Actuals!41")
    actuals = pd.concat([actuals, other], ignore_index=True)
    month = month_of(actuals=pd.concat([actuals, zero], ignore_index=True))
    assert month.months_without_actuals() == []
    listed = savings_views.unrecorded_actuals(month)
    assert listed[["scheme_id", "month"]].astype(str).values.tolist() == [["A", "2026-06"]]
    assert listed["forecast_gbp"].iloc[0] == pytest.approx(10_000)
    # a recorded £0 is a record: nothing listed
    recorded = actuals.assign(
        actual_gbp=actuals["actual_gbp"].where(actuals.month != pd.Period("2026-07", "M"), 0.0)
    )
    recorded = pd.concat([recorded, zero.assign(actual_gbp=0.0)], ignore_index=True)
    assert savings_views.unrecorded_actuals(month_of(actuals=recorded)).empty


def test_cli_takes_allow_missing_actuals():
    from commissioning_analytics.cli import build_parser

    args = build_parser().parse_args(["pack", "--period", "2026-11", "--allow-missing-actuals"])
    assert args.allow_missing_actuals is True
    assert build_parser().parse_args(["pack"]).allow_missing_actuals is False


# -- the register's own totals -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_month():
    return report.load_month("2026-10", SAMPLE)


def test_the_register_totals_row_is_tied_out_finding_by_finding(sample_month):
    tie = savings_views.register_tie_out(sample_month).set_index("field")
    plan = tie.loc[Scheme.plan_in_year]
    # the register's totals row says £13,916,367; the rules give £18,000 more because scheme
    # 12 states £268,350 where FYE x months / 12 gives £286,350 (row 17)
    assert plan["register_total_gbp"] == 13_916_367
    assert plan["pack_gbp"] - plan["register_total_gbp"] == pytest.approx(18_000, abs=1)
    assert plan["explained_gbp"] == pytest.approx(18_000)
    assert "scheme 12 at qipp_register.xlsx!Appendix 2 QIPP!17" in plan["explanation"]
    assert "stated £268,350, rule £286,350" in plan["explanation"]
    likely = tie.loc[Scheme.most_likely_in_year]
    assert likely["register_total_gbp"] == 11_480_549
    assert "scheme 18" in likely["explanation"]
    nxt = tie.loc[Scheme.forecast_next_year]
    assert nxt["register_total_gbp"] == 9_306_131 and "scheme 23" in nxt["explanation"]
    assert (tie["unexplained_gbp"].abs() < 5).all()  # what is left is the register's rounding
    assert set(tie["used"]) == {"rule"}


def test_stated_figures_and_included_adjustments_by_setting(tmp_path):
    shutil.copy(SAMPLE / "qipp_register.xlsx", tmp_path)
    shutil.copy(SAMPLE / "qipp_actuals.xlsx", tmp_path)
    (tmp_path / "pack.yml").write_text("figures: stated\nadjustments: include\n")
    month = report.load_month("2026-10", tmp_path)
    h = H.headline(month)
    # the register's stated plan (its totals row) less the -£125,000 adjustment row
    assert h.schemes_plan_in_year == pytest.approx(13_916_367)
    assert h.adjustments_in_year == -125_000
    assert h.plan_in_year == pytest.approx(13_916_367 - 125_000)
    steps = H.bridge(month)
    assert list(steps["key"][:3]) == ["schemes_plan", "adjustments", "plan"]
    value = dict(zip(steps["key"], steps["value_gbp"]))
    assert round(
        (
            value["schemes_plan"]
            + value["adjustments"]
            + value["risk_weighting"]
            + value["slippage"]
            + value["actual_vs_forecast"]
        )
        * 100
    ) == round(value["outturn"] * 100)
    tie = savings_views.register_tie_out(month).set_index("field")
    assert tie.loc[Scheme.plan_in_year, "pack_gbp"] == pytest.approx(13_916_367)
    assert set(tie["used"]) == {"stated"}


def test_excluded_adjustments_are_said_on_the_page(sample_month):
    from commissioning_analytics.pages import savings_curves

    h = H.headline(sample_month)
    assert h.adjustments == "exclude" and h.adjustments_excluded_in_year == -125_000
    from commissioning_analytics.pages import common

    shown = savings_curves.headline(sample_month).data
    assert "−£125k" in shown and "<b>not</b> counted" in shown and "pack.yml" not in shown
    shown = savings_curves.tie_out(sample_month).data
    assert "QIPP!38" in shown and "<b>excluded</b>" in shown and "board's rules" in shown
    about = common.inputs(sample_month).data  # the mechanics go under About this page
    assert "adjustments: exclude" in about and "figures: rule" in about and "pack.yml" in about


def test_a_bad_setting_names_the_file_and_key(tmp_path):
    (tmp_path / "pack.yml").write_text("figures: guessed\nadjustment: include\n")
    with pytest.raises(ConfigError) as error:
        report.load_settings(tmp_path)
    lines = error.value.lines()
    assert len(lines) == 2 and "figures: 'guessed'" in lines[0] and "'adjustment'" in lines[1]


# -- plans against the directors' forecast -----------------------------------------------------


def test_a_plan_later_than_the_directors_forecast_is_listed_with_its_effect(sample_month):
    tasks, _ = report.plan_tasks(sample_month)
    check = H.plan_check(sample_month, tasks)
    rows = check.contradictions.set_index("scheme_id")
    # scheme 9: go-live December, directors +1 month (November); its plan commences March.
    # Five months of forecast become one: 4 x £95,708.33 a month
    assert rows.loc["9", "effect_gbp"] == pytest.approx(4 * 95_708.333, abs=0.01)
    assert str(rows.loc["9", "plan_go_live"]) == "2027-03"
    assert "5" not in rows.index  # its plan is earlier than the directors': no contradiction
    assert check.plan_adjusted_forecast == pytest.approx(
        check.directors_forecast - rows["effect_gbp"].sum()
    )
    assert H.headline(sample_month).forecast_in_year == check.directors_forecast


def test_the_outturn_curve_ends_at_the_headline_outturn():
    month = month_of()
    curve = savings_views.savings_curve(month)
    outturn = curve[curve["measure"] == "outturn"]
    assert len(outturn) == 12
    assert outturn["cumulative_gbp"].iloc[-1] == pytest.approx(H.headline(month).forecast_outturn)
    # October is A's recorded £9,000, November its forecast £10,000
    assert outturn["value_gbp"].iloc[6:8].tolist() == pytest.approx([9_000, 10_000])


def test_actuals_keep_their_source_rows_in_the_pack_tables():
    tables = tables_views.pack_tables(month_of())
    assert "a.xlsx!Actuals!2" in set(tables["actuals"]["source"])


def test_a_setting_makes_the_plans_dates_the_headline_forecast(tmp_path):
    for name in ("qipp_register.xlsx", "qipp_actuals.xlsx"):
        shutil.copy(SAMPLE / name, tmp_path)
    shutil.copytree(SAMPLE / "plans", tmp_path / "plans")
    directors = report.load_month("2026-10", tmp_path)
    tasks, _ = report.plan_tasks(directors)
    effect = H.plan_check(directors, tasks).effect_gbp
    (tmp_path / "pack.yml").write_text("forecast: plans\n")
    month = report.load_month("2026-10", tmp_path)
    assert sorted(month.plan_driven_schemes) == ["10", "18", "9"]
    assert H.headline(month).forecast_in_year == pytest.approx(
        H.headline(directors).forecast_in_year - effect
    )
    assert any("forecast: plans" in n or "'plans'" in n for n in month.notes)


def test_a_partly_reported_month_counts_the_forecast_of_schemes_not_yet_reported():
    # A and B both live from April (B: £20k a month x amber 75% = £15k forecast); A reported
    # £9k a month April-October, B £14k a month April-September and nothing yet for October.
    register = small_register()
    register[Scheme.go_live] = pd.PeriodIndex(["2026-04", "2026-04", "2027-01"], freq="M")
    register[Scheme.change_in_delivery_months] = [0.0, 0.0, 1.0]
    b = pd.DataFrame(
        {
            "scheme_id": "B",
            "month": pd.period_range("2026-04", "2026-09", freq="M"),
            "actual_gbp": 14_000.0,
            "source": "a.xlsx!Actuals!20",
        }
    )
    month = month_of(register, actuals=pd.concat([small_actuals(), b], ignore_index=True))
    h = H.headline(month)
    assert h.actual_to_date == pytest.approx(63_000 + 84_000)
    # B's October counts its forecast (15,000), not nothing: A 63,000 + 5 x 10,000; B 84,000 +
    # 15,000 + 5 x 15,000; C 4 x 5,000 x 50% = 10,000
    assert h.forecast_outturn == pytest.approx(113_000 + 174_000 + 10_000)
    assert h.forecast_for_months_without_actuals == pytest.approx(15_000)
    # the bridge still adds up: forecast + (actual - forecast of the months reported)
    assert h.forecast_in_year + h.actual_vs_forecast_to_date == pytest.approx(h.forecast_outturn)
    listed = savings_views.unrecorded_actuals(month)
    assert listed[["scheme_id", "month"]].astype(str).values.tolist() == [["B", "2026-10"]]


def test_a_fully_reported_month_counts_every_actual_and_no_forecast():
    # the other side: B reported October too (£0 is a record): its October is the actual
    register = small_register()
    register[Scheme.go_live] = pd.PeriodIndex(["2026-04", "2026-04", "2027-01"], freq="M")
    register[Scheme.change_in_delivery_months] = [0.0, 0.0, 1.0]
    b = pd.DataFrame(
        {
            "scheme_id": "B",
            "month": pd.period_range("2026-04", "2026-10", freq="M"),
            "actual_gbp": [14_000.0] * 6 + [0.0],
            "source": "a.xlsx!Actuals!20",
        }
    )
    month = month_of(register, actuals=pd.concat([small_actuals(), b], ignore_index=True))
    h = H.headline(month)
    assert h.forecast_outturn == pytest.approx(113_000 + 159_000 + 10_000)
    assert h.forecast_for_months_without_actuals == 0.0
    assert savings_views.unrecorded_actuals(month).empty


def test_scenarios_and_bring_forward_start_from_the_headline_outturn_when_partly_reported():
    # B's October not reported: the scenarios' baseline and bring-forward's count its forecast
    # as the headline does (297,000), not nothing (282,000)
    register = small_register()
    register[Scheme.go_live] = pd.PeriodIndex(["2026-04", "2026-04", "2027-01"], freq="M")
    register[Scheme.change_in_delivery_months] = [0.0, 0.0, 1.0]
    b = pd.DataFrame(
        {
            "scheme_id": "B",
            "month": pd.period_range("2026-04", "2026-09", freq="M"),
            "actual_gbp": 14_000.0,
            "source": "a.xlsx!Actuals!20",
        }
    )
    month = month_of(register, actuals=pd.concat([small_actuals(), b], ignore_index=True))
    outturn = H.headline(month).forecast_outturn
    assert outturn == pytest.approx(297_000)
    baseline = delivery_views.compare(month, []).totals["outturn_gbp"].iloc[0]
    assert baseline == pytest.approx(outturn)
    assert delivery_views.bring_forward_for(month).baseline_gbp == pytest.approx(outturn)
