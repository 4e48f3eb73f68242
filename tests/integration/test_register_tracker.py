"""Monthly trackers: the tidy monthly plan, go-live and FYE from it, reconcile and the pack's
curves using it; and one-off (non-recurrent) savings having no next-year effect."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import SHAPES  # noqa: E402

from commissioning_analytics.io.register import load_register  # noqa: E402
from commissioning_analytics.model.phasing import PLAN, phase  # noqa: E402
from commissioning_analytics.model.profile import with_monthly_plan  # noqa: E402
from commissioning_analytics.model.reconcile import reconcile  # noqa: E402
from commissioning_analytics.schema import MONTHLY_PLAN_COLUMNS, Scheme  # noqa: E402

pytestmark = pytest.mark.integration


def _load(tmp_path, name):
    build, _ = SHAPES[name]
    return load_register(build(tmp_path))


def test_tracker_in_thousands_gives_a_tidy_monthly_plan_in_pounds(tmp_path):
    load = _load(tmp_path, "ccg_tracker_apr19")
    plan = load.monthly_plan
    assert list(plan.columns) == list(MONTHLY_PLAN_COLUMNS)
    assert len(plan) == 3 * 12  # three schemes, April 2019 to March 2020
    q01 = plan[plan[Scheme.scheme_id] == "Q01"]
    # 0, 0, 0, 5, 5, 10 x 7 (£000): £80,000 in the year, ramping from July.
    assert list(q01["plan_gbp"]) == [0, 0, 0, 5_000, 5_000] + [10_000] * 7
    assert q01["plan_gbp"].sum() == 80_000
    assert str(q01["month"].iloc[0]) == "2019-04" and str(q01["month"].iloc[-1]) == "2020-03"
    assert q01[Scheme.source].iloc[0] == "westfield_qipp_tracker.xlsx!QIPP M6!6"
    assert load.report.units[Scheme.plan_in_year] == "£000"
    assert "money in £000 converted to £" in load.report.summary()
    # The totals row (290 = 80 + 150 + 60, £000) agrees with the schemes.
    assert load.totals.iloc[0][Scheme.plan_in_year] == 290_000
    assert bool(load.totals.iloc[0]["agrees"]) is True


def test_a_ramp_that_adds_up_is_not_a_finding(tmp_path):
    # Q01 ramps 5, 5, 10...: a step from July would give 9/12 x 120 = 90, not 80. It adds up.
    assert reconcile(_load(tmp_path, "ccg_tracker_apr19")).empty


def test_a_stated_annual_plan_is_checked_against_its_months(tmp_path):
    findings = reconcile(_load(tmp_path, "tracker_real_dates"))
    # P2 states £50,000 but its months are 9 x £5,000 = £45,000; P1 (12 x £5,000) agrees.
    assert findings[["scheme_id", "field", "stated", "expected"]].values.tolist() == [
        ["P2", "plan_in_year", 50_000.0, 45_000.0]
    ]


def test_monthly_actuals_are_read_beside_the_plan(tmp_path):
    load = _load(tmp_path, "icb_m1_m12_two_row")
    actual = load.monthly_actual
    s102 = actual[actual[Scheme.scheme_id] == "S-102"]
    assert list(s102["actual_gbp"]) == [2_000, 2_000, 1_000, 2_000, 2_000]  # M1-M5, £k
    assert str(s102["month"].iloc[0]) == "2021-04"


def test_the_profile_replaces_the_step_in_the_plan_phasing(tmp_path):
    load = _load(tmp_path, "ccg_tracker_apr19")
    plan = with_monthly_plan(phase(load.schemes, load.year, PLAN), load.monthly_plan)
    row = list(plan.scheme_ids).index("Q01")
    assert list(plan.monthly[row, :6]) == [0, 0, 0, 5_000, 5_000, 10_000]
    assert plan.in_year[row] == 80_000
    # After the year the rules' profile goes on at the FYE: 120,000 / 12 a month.
    assert plan.monthly[row, 12] == 10_000


def test_the_pack_month_uses_the_trackers_own_plan(tmp_path):
    from commissioning_analytics.month import load_month

    build, _ = SHAPES["ccg_tracker_apr19"]
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(build(tmp_path), data / "qipp_register.xlsx")
    month = load_month("2019-09", data)
    # The plan curve is the tracker's: 290,000 over the year, 2019-04 = 12,500 (Q02 only).
    assert month.plan.monthly[:, :12].sum() == pytest.approx(290_000)
    assert month.plan.monthly[:, 0].sum() == pytest.approx(12_500)


def test_a_one_off_saving_has_no_next_year_effect():
    register = pd.DataFrame(
        {
            Scheme.scheme_id: ["1", "2"],
            Scheme.fye_net_saving: [120_000.0, 120_000.0],
            Scheme.go_live: pd.PeriodIndex(["2013-10", "2013-10"], freq="M"),
            Scheme.recurrent: pd.array([True, False], dtype="boolean"),
        }
    )
    plan = phase(register, 2013, PLAN)
    # Live October: 6 months, £60,000 in year each; next year £60,000 more if it recurs, 0 if not.
    assert list(plan.in_year) == [60_000, 60_000]
    assert list(plan.next_year) == [60_000, 0]
    assert plan.monthly[1, 12:].sum() == 0 and plan.monthly[0, 12] == 10_000


def test_recurrent_columns_and_words_are_read(tmp_path):
    fy = _load(tmp_path, "fy_short_form").schemes.set_index(Scheme.scheme_id)
    assert list(fy[Scheme.recurrent]) == [True, False]  # R / NR
    cip = _load(tmp_path, "trust_cip_tracker").schemes.set_index(Scheme.scheme_id)
    assert list(cip[Scheme.recurrent]) == [True, False, True]  # Recurrent? (Y/N)
    typed = _load(tmp_path, "non_recurrent_by_type").schemes
    # "Non-recurrent" as its type marks N1; N2's type says nothing, so it is blank (recurrent)
    assert typed[Scheme.recurrent].tolist() == [False, pd.NA]


def test_a_one_off_stating_no_next_year_saving_is_not_a_finding(tmp_path):
    # Scheme 2 is NR, FYE £20,000 from April: £20,000 in year and nothing next year, as stated.
    assert reconcile(_load(tmp_path, "fy_short_form")).empty


def test_non_recurrent_in_a_name_marks_a_one_off_only_as_a_label(tmp_path):
    """Scheme 30 of the sample, "Contract management: non-recurrent grants review", reviews
    grants: its saving recurs. The same scheme named "... (non-recurrent)" is a one-off. The
    sample has no recurrent column: a scheme not marked is blank (counted recurrent)."""
    from openpyxl import load_workbook

    sample = Path(__file__).resolve().parents[2] / "data" / "raw" / "qipp_register.xlsx"
    schemes = load_register(sample).schemes.set_index(Scheme.scheme_id)
    assert schemes.loc["30", Scheme.recurrent] is pd.NA
    row = int(schemes.loc["30", Scheme.source].rsplit("!", 1)[1])
    book = load_workbook(sample)
    sheet = book[schemes.loc["30", Scheme.source].split("!")[1]]
    cell = next(c for c in sheet[row] if c.value == schemes.loc["30", Scheme.scheme])
    cell.value = "Estates disposal (non-recurrent)"
    book.save(tmp_path / "register.xlsx")
    changed = load_register(tmp_path / "register.xlsx").schemes.set_index(Scheme.scheme_id)
    assert bool(changed.loc["30", Scheme.recurrent]) is False
    assert changed.loc["29", Scheme.recurrent] is pd.NA
