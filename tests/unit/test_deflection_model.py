"""The deflection plan, gap closure, aspiration scenarios and realisation, worked by hand."""

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.model import deflection as model
from commissioning_analytics.schema import Activity, Intervention

pytestmark = pytest.mark.unit


def interventions(**overrides):
    row = {
        Intervention.intervention_id: "A",
        Intervention.intervention: "Virtual ward",
        Intervention.theme: "Flow",
        Intervention.point_of_delivery: "A&E attendances",
        Intervention.baseline_annual_activity: 1200.0,
        Intervention.aspiration_share: 0.10,
        Intervention.aspiration_count: np.nan,
        Intervention.unit_cost_gbp: 200.0,
        Intervention.annual_reinvestment_gbp: 10_000.0,
        Intervention.mobilisation_month: pd.Period("2025-04", "M"),
        Intervention.months_to_full_effect: 3,
        Intervention.source: "x!y!1",
    }
    row.update(overrides)
    return pd.DataFrame([row])


def monthly(plan, measure):
    return plan[plan["measure"] == measure].set_index("month")["value"]


def test_monthly_plan_worked_by_hand():
    # Baseline 1,200 a year x 10% = 120 a year = 10 a month at full effect.
    # Live from April 2025 with a 3-month ramp: April 1/3 x 10 = 3.33, May 6.67, June on 10.
    # Gross = activity x £200: £666.67, £1,333.33, £2,000. Reinvestment £10,000 / 12 = £833.33
    # a month from April (in full, no ramp). Net = gross - reinvestment.
    plan = model.plan(interventions(), model.months_of_years(2024, 2025))
    deflected = monthly(plan, "deflected_activity")
    assert deflected[pd.Period("2025-03", "M")] == 0
    assert deflected["2025-04":"2025-07"].tolist() == pytest.approx([10 / 3, 20 / 3, 10, 10])
    gross = monthly(plan, "gross_saving_gbp")
    assert gross["2025-04":"2025-06"].tolist() == pytest.approx([666.67, 1333.33, 2000], abs=0.01)
    reinvestment = monthly(plan, "reinvestment_gbp")
    assert reinvestment[pd.Period("2025-03", "M")] == 0
    assert reinvestment[pd.Period("2025-04", "M")] == pytest.approx(833.33, abs=0.01)
    net = monthly(plan, "net_saving_gbp")
    assert net[pd.Period("2025-04", "M")] == pytest.approx(666.67 - 833.33, abs=0.01)


def test_financial_year_totals_worked_by_hand():
    # 2025/26: 12 months x 10 less the ramp's shortfall (6.67 in April, 3.33 in May) = 110;
    # gross 110 x £200 = £22,000; reinvestment £10,000; net £12,000.
    # 2026/27: 120 a year, £24,000 gross, £14,000 net.
    plan = model.plan(interventions(), model.months_of_years(2025, 2026))
    years = model.summarise(plan).set_index("financial_year")
    assert years.loc[2025, "deflected_activity"] == pytest.approx(110)
    assert years.loc[2025, "gross_saving_gbp"] == pytest.approx(22_000)
    assert years.loc[2025, "reinvestment_gbp"] == pytest.approx(10_000)
    assert years.loc[2025, "net_saving_gbp"] == pytest.approx(12_000)
    assert years.loc[2026, "net_saving_gbp"] == pytest.approx(14_000)


def test_breakdowns_by_theme_and_point_of_delivery():
    both = pd.concat(
        [
            interventions(),
            interventions(
                **{
                    Intervention.intervention_id: "B",
                    Intervention.theme: "Planned care",
                    Intervention.point_of_delivery: "Outpatient appointments",
                    Intervention.aspiration_share: np.nan,
                    Intervention.aspiration_count: 240.0,
                    Intervention.unit_cost_gbp: 150.0,
                    Intervention.annual_reinvestment_gbp: 0.0,
                    Intervention.mobilisation_month: pd.Period("2025-10", "M"),
                    Intervention.months_to_full_effect: 1,
                }
            ),
        ],
        ignore_index=True,
    )
    plan = model.plan(both, model.months_of_years(2025, 2025))
    # B: a count of 240 a year = 20 a month from October (step): 6 months = 120, x £150 = £18,000.
    by_pod = model.summarise(plan, by=["point_of_delivery"]).set_index("point_of_delivery")
    assert by_pod.loc["Outpatient appointments", "deflected_activity"] == pytest.approx(120)
    assert by_pod.loc["Outpatient appointments", "gross_saving_gbp"] == pytest.approx(18_000)
    by_theme = model.summarise(plan, by=["theme", "financial_year"])
    assert by_theme["net_saving_gbp"].sum() == pytest.approx(12_000 + 18_000)


def test_gap_closed_and_left_by_year():
    # Net £12,000 in 2025/26 against a £20,000 gap: closed £12,000, left £8,000.
    # Net £14,000 in 2026/27 against £10,000: closed £10,000, left 0, surplus £4,000.
    gap = pd.DataFrame(
        {"financial_year": [2025, 2026], "gap_gbp": [20_000.0, 10_000.0], "source": ["g!1", "g!2"]}
    )
    plan = model.plan(interventions(), model.months_of_years(2025, 2026))
    table = model.gap_closure(plan, gap).set_index("financial_year")
    assert table.loc[2025, ["closed_gbp", "left_gbp", "surplus_gbp"]].tolist() == pytest.approx(
        [12_000, 8_000, 0]
    )
    assert table.loc[2026, ["closed_gbp", "left_gbp", "surplus_gbp"]].tolist() == pytest.approx(
        [10_000, 0, 4_000]
    )
    assert table.loc[2025, "year"] == "2025/26"
    assert table.loc[2025, "share_closed"] == pytest.approx(0.6)


def test_reduced_aspiration_leaves_a_larger_gap():
    # Half the aspiration: 2025/26 deflects 55, gross £11,000, reinvestment still £10,000,
    # net £1,000: the £20,000 gap is left at £19,000 instead of £8,000.
    gap = pd.DataFrame({"financial_year": [2025], "gap_gbp": [20_000.0], "source": ["g!1"]})
    table = model.compare_gap_closure(
        interventions(), gap, [model.PLANNED, model.reduced_aspiration(0.5)]
    )
    left = table.set_index("scenario")["left_gbp"]
    assert left["As planned"] == pytest.approx(8_000)
    assert left["Aspiration at 50%"] == pytest.approx(19_000)


def test_revised_aspiration_and_delay():
    # Revised to a count of 60 a year (5 a month) and mobilised 3 months late (July):
    # July 5/3, August 10/3, then 5 a month to March: 1.67 + 3.33 + 7 x 5 = 40.
    scenario = model.AspirationScenario("Revised", revised={"A": 60}, delay_months=3)
    revised = scenario.apply(interventions())
    assert revised[Intervention.mobilisation_month].iloc[0] == pd.Period("2025-07", "M")
    plan = model.plan(revised, model.months_of_years(2025, 2025))
    assert model.summarise(plan)["deflected_activity"].iloc[0] == pytest.approx(40)


def steady_activity(pre, post, start="2023-04"):
    """Activity rows for intervention A: ``pre`` then ``post`` values, monthly."""
    values = list(pre) + list(post)
    return pd.DataFrame(
        {
            Activity.series: "A",
            Activity.intervention_id: "A",
            Activity.point_of_delivery: None,
            Activity.month: pd.period_range(start, periods=len(values), freq="M"),
            Activity.activity: np.asarray(values, dtype=float),
            Activity.source: "a!b!1",
        }
    )


def test_realisation_and_recovery_flag_worked_by_hand():
    # 24 months of 100 before mobilisation (April 2025): expected stays 100 (no season, no growth).
    # Plan: 10% of 1,200 = 10 a month, at once (1-month ramp).
    # Actual after: 90 90 95 97 97 97 -> realised 10 10 5 3 3 3 -> realisation 1 1 .5 .3 .3 .3.
    # Under 75% for the last 4 months: flagged (3 needed). To date: realised 34 of 60 = 0.567.
    activity = steady_activity([100] * 24, [90, 90, 95, 97, 97, 97])
    setup = interventions(**{Intervention.months_to_full_effect: 1})
    monthly, summary = model.realisation(setup, activity, "2025-09")
    live = monthly[monthly["month"] >= pd.Period("2025-04", "M")]
    assert live["expected"].tolist() == pytest.approx([100] * 6)
    assert live["realised_deflection"].tolist() == pytest.approx([10, 10, 5, 3, 3, 3])
    assert live["realisation"].tolist() == pytest.approx([1, 1, 0.5, 0.3, 0.3, 0.3])
    assert live["months_under"].tolist() == [0, 0, 1, 2, 3, 4]
    row = summary.iloc[0]
    assert row["annual_growth"] == pytest.approx(0, abs=1e-12)
    assert row["realisation_to_date"] == pytest.approx(34 / 60)
    # In pounds at £200 a unit: planned £12,000 gross to date, realised £6,800.
    assert row["planned_gross_to_date_gbp"] == pytest.approx(12_000)
    assert row["realised_gross_to_date_gbp"] == pytest.approx(6_800)
    assert row["latest_realisation"] == pytest.approx(0.3)
    assert row["months_under"] == 4 and row["in_recovery"]
    # Both settings are configurable: 5 months needed -> not flagged; threshold 25% -> not under.
    assert not model.realisation(setup, activity, "2025-09", months_under=5)[1]["in_recovery"][0]
    assert not model.realisation(setup, activity, "2025-09", threshold=0.25)[1]["in_recovery"][0]
    # The reporting month cuts later actuals: to July (3 months) only one month under.
    assert model.realisation(setup, activity, "2025-06")[1]["months_under"][0] == 1


def test_expected_activity_recovers_seasonality_and_growth():
    # Activity = 100 x seasonal factor x 1.05^(years): the fit on 24 months before mobilisation
    # extrapolates it exactly, and annual growth is 5%.
    months = pd.period_range("2023-04", periods=36, freq="M")
    season = 1 + 0.1 * np.cos(2 * np.pi * (months.month.to_numpy() - 1) / 12)
    truth = 100 * season * 1.05 ** (np.arange(36) / 12)
    expected, growth = model.expected_arrays(
        truth[None, :], months, np.array([pd.Period("2025-04", "M").ordinal])
    )
    assert growth[0] == pytest.approx(0.05)
    assert expected[0] == pytest.approx(truth)


def test_too_little_history_gives_no_baseline():
    activity = steady_activity([100] * 8, [90] * 4, start="2024-08")
    monthly, summary = model.realisation(interventions(), activity, "2025-07")
    assert np.isnan(summary["realisation_to_date"][0])
    assert "no baseline" in summary["note"][0]
    assert not summary["in_recovery"][0]


def three_interventions():
    """A (as above, £1,000 a month reinvestment), B losing money, C not mobilised by 2025-09."""
    a = interventions(
        **{Intervention.months_to_full_effect: 1, Intervention.annual_reinvestment_gbp: 12_000.0}
    )
    b = interventions(
        **{
            Intervention.intervention_id: "B",
            Intervention.intervention: "Crisis café",
            Intervention.point_of_delivery: "Bed days",
            Intervention.aspiration_share: 0.05,
            Intervention.unit_cost_gbp: 100.0,
            Intervention.annual_reinvestment_gbp: 9_600.0,
            Intervention.mobilisation_month: pd.Period("2025-07", "M"),
            Intervention.months_to_full_effect: 1,
        }
    )
    c = interventions(
        **{
            Intervention.intervention_id: "C",
            Intervention.intervention: "Later",
            Intervention.aspiration_share: np.nan,
            Intervention.aspiration_count: 120.0,
            Intervention.unit_cost_gbp: 100.0,
            Intervention.annual_reinvestment_gbp: 0.0,
            Intervention.mobilisation_month: pd.Period("2026-04", "M"),
            Intervention.months_to_full_effect: 1,
        }
    )
    return pd.concat([a, b, c], ignore_index=True)


def two_series_activity():
    a = steady_activity([100] * 24, [90, 90, 95, 97, 97, 97])  # April 2023 - September 2025
    b = steady_activity([50] * 27, [45, 45, 45]).assign(  # B mobilised July 2025
        **{Activity.series: "B", Activity.intervention_id: "B"}
    )
    return pd.concat([a, b], ignore_index=True)


def test_realisation_in_pounds_counts_the_reinvestment_whatever_the_deflection():
    # A, April-September 2025: planned 60 units x £200 = £12,000 gross; realised 34 x £200 =
    # £6,800; reinvestment 6 x £1,000 = £6,000 on both sides: planned net £6,000, realised £800.
    # B (5 a month at £100, £800 a month reinvestment), July-September: planned = realised =
    # 15 units = £1,500 gross, £2,400 reinvestment: net -£900 both.
    # Programme: realised net -£100 against planned £5,100 (activity alone would say 49 of 75).
    _, summary = model.realisation(three_interventions(), two_series_activity(), "2025-09")
    rows = summary.set_index("intervention_id")
    assert rows.loc["A", "planned_gross_to_date_gbp"] == pytest.approx(12_000)
    assert rows.loc["A", "realised_gross_to_date_gbp"] == pytest.approx(6_800)
    assert rows.loc["A", "reinvestment_to_date_gbp"] == pytest.approx(6_000)
    assert rows.loc["A", "planned_net_to_date_gbp"] == pytest.approx(6_000)
    assert rows.loc["A", "realised_net_to_date_gbp"] == pytest.approx(800)
    assert rows.loc["B", "planned_net_to_date_gbp"] == pytest.approx(-900)
    assert rows.loc["B", "realised_net_to_date_gbp"] == pytest.approx(-900)
    assert rows.loc["C", "reinvestment_to_date_gbp"] == 0
    assert summary["planned_net_to_date_gbp"].sum() == pytest.approx(5_100)
    assert summary["realised_net_to_date_gbp"].sum() == pytest.approx(-100)
    assert summary["months_not_measured"].sum() == 0


def test_a_live_month_without_activity_counts_as_nothing_realised_and_is_counted():
    # A's activity stops after June 2025: July, August and September are live but unmeasured:
    # realised gross 10 + 10 + 5 = 25 units = £5,000, less 6 x £1,000: -£1,000.
    activity = two_series_activity()
    activity = activity[
        ~(
            (activity[Activity.series] == "A")
            & (activity[Activity.month] > pd.Period("2025-06", "M"))
        )
    ]
    _, summary = model.realisation(three_interventions(), activity, "2025-09")
    row = summary.set_index("intervention_id").loc["A"]
    assert row["realised_net_to_date_gbp"] == pytest.approx(-1_000)
    assert row["months_not_measured"] == 3  # July, August, September


def test_full_year_net_saving_lists_the_losing_intervention_first():
    # B: 60 a year x £100 = £6,000 gross - £9,600 = -£3,600 a year. A: 120 x £200 - £12,000.
    table = model.full_year_net_saving(three_interventions())
    assert table["intervention_id"].tolist()[0] == "B"
    assert table["net_saving_gbp"].tolist() == pytest.approx([-3_600, 12_000, 12_000])


def test_gap_position_realised_for_years_gone_plan_to_come_unmobilised_apart():
    # Reporting month September 2025 (2025/26).
    # 2024/25 is over: nothing live, realised £0 of a £1,000 gap.
    # 2025/26: realised to date -£100 (above) + plan for October-March of A (6 x £1,000 net) and
    # B (6 x -£300): £4,200; closed £4,100 of £10,000, left £5,900.
    # 2026/27: A 12 x £1,000 + B 12 x -£300 = £8,400 from mobilised interventions; C (not
    # mobilised until April 2026) 120 x £100 = £12,000; gap £15,000 closed in full but only
    # £8,400 / £15,000 = 56% without C; C's part closes the other £6,600, surplus £5,400.
    setup = three_interventions()
    gap = pd.DataFrame(
        {
            "financial_year": [2024, 2025, 2026],
            "gap_gbp": [1_000.0, 10_000.0, 15_000.0],
            "source": "g!1",
        }
    )
    monthly, _ = model.realisation(setup, two_series_activity(), "2025-09")
    savings = model.savings_to_date(setup, monthly, "2025-09")
    plan = model.plan(setup, model.months_of_years(2024, 2026))
    table = model.gap_position(plan, gap, setup, savings, "2025-09").set_index("year")
    assert table["basis"].tolist() == ["realised", "realised to date + plan", "plan"]
    assert table.loc["2024/25", "left_gbp"] == pytest.approx(1_000)
    assert table.loc["2025/26", "realised_gbp"] == pytest.approx(-100)
    assert table.loc["2025/26", "planned_mobilised_gbp"] == pytest.approx(4_200)
    assert table.loc["2025/26", "closed_gbp"] == pytest.approx(4_100)
    assert table.loc["2025/26", "left_gbp"] == pytest.approx(5_900)
    row = table.loc["2026/27"]
    assert row["planned_mobilised_gbp"] == pytest.approx(8_400)
    assert row["planned_not_mobilised_gbp"] == pytest.approx(12_000)
    assert row["closed_mobilised_gbp"] == pytest.approx(8_400)
    assert row["closed_not_mobilised_gbp"] == pytest.approx(6_600)
    assert row["share_closed"] == 1.0 and row["surplus_gbp"] == pytest.approx(5_400)
    assert row["share_closed_without_not_mobilised"] == pytest.approx(0.56)
