"""Scenarios: applying changes, comparing side by side, and YAML files with mistakes in them."""

from pathlib import Path

import numpy as np
import pytest

from commissioning_analytics.errors import ConfigError
from commissioning_analytics.model import scenarios as sc
from fixtures import three_schemes

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def baseline():
    return three_schemes()


def test_shift_by_theme_moves_go_live_and_leaves_the_baseline_alone():
    base = baseline()
    out = sc.apply_scenario(base, sc.Scenario("slip", changes=(sc.shift(3, theme="planned care"),)))
    assert list(out.go_live.astype(str)) == ["2026-10", "2026-10", "2027-04"]
    assert list(base.go_live.astype(str)) == ["2026-07", "2026-10", "2027-01"]
    earlier = sc.apply_scenario(base, sc.Scenario("early", changes=(sc.shift(-2, phase=[3, 4]),)))
    assert list(earlier.go_live.astype(str)) == ["2026-07", "2026-08", "2026-11"]


def test_selectors_combine_with_and():
    s = sc.Scenario("x", changes=(sc.rate("red", theme="Planned Care", phase=4),))
    assert list(sc.apply_scenario(baseline(), s).rag_overall) == ["green", "amber", "red"]


def test_scale_remove_add():
    s = sc.Scenario(
        "x",
        changes=(
            sc.scale_fye(0.5, scheme_id="2"),
            sc.remove(scheme_id=["1"]),
            sc.add(
                {
                    "scheme_id": "9",
                    "scheme": "New",
                    "go_live": "Apr-26",
                    "fye_net_saving": 12_000,
                    "phase": 2,
                }
            ),
        ),
    )
    out = sc.apply_scenario(baseline(), s)
    assert list(out.scheme_id) == ["2", "3", "9"]
    assert list(out.fye_net_saving) == [120_000, 120_000, 12_000]
    assert str(out.go_live.iloc[2]) == "2026-04"
    assert out.change_in_delivery_months.iloc[2] == 0
    assert out.source.iloc[2] == "scenario x"


def test_compare_totals_gaps_and_per_scheme_differences():
    slip = sc.Scenario("Planned Care slips", changes=(sc.shift(3, theme="Planned Care"),))
    treasury = sc.Scenario("Treasury weights", weights="treasury")
    c = sc.compare_scenarios(baseline(), 2026, [slip, treasury])
    totals = c.totals.set_index("scenario")
    # Target: the baseline's plan, 90,000 + 120,000 + 30,000 = 240,000.
    assert c.target_gbp == pytest.approx(240_000)
    # Baseline forecast 90,000 + 90,000 + 30,000 = 210,000: 30,000 short.
    assert totals.loc["Baseline", "outturn_gbp"] == pytest.approx(210_000)
    assert totals.loc["Baseline", "gap_to_target_gbp"] == pytest.approx(30_000)
    # Slip: scheme 1 to October (6 months: 60,000), scheme 3 to April 2027 (0): 150,000.
    assert totals.loc["Planned Care slips", "outturn_gbp"] == pytest.approx(150_000)
    assert totals.loc["Planned Care slips", "change_gbp"] == pytest.approx(-60_000)
    # Next year: 60,000 + 120,000 + 120,000 = 300,000 (the slipped months move there).
    assert totals.loc["Planned Care slips", "next_year_gbp"] == pytest.approx(300_000)
    # Treasury weights by phase: 90,000 x 40% + 120,000 x 60% + 30,000 x 70% = 129,000.
    assert totals.loc["Treasury weights", "outturn_gbp"] == pytest.approx(129_000)
    per = c.per_scheme[c.per_scheme.scenario == "Planned Care slips"].set_index("scheme_id")
    assert list(per.index) == ["1", "3"]  # scheme 2 unchanged, not listed
    assert per.loc["1", "in_year_change_gbp"] == pytest.approx(-30_000)
    assert per.loc["3", "next_year_change_gbp"] == pytest.approx(30_000)
    curve = c.curves[c.curves.scenario == "Planned Care slips"]
    assert len(curve) == 12 and curve.cumulative_gbp.iloc[-1] == pytest.approx(150_000)
    # Nothing saved in April-June in the slip scenario except... nothing: all start later.
    assert curve.cumulative_gbp.iloc[2] == 0


def test_explicit_target_and_added_scheme_in_per_scheme():
    add = sc.Scenario(
        "New scheme",
        changes=(
            sc.add(
                {
                    "scheme_id": "4",
                    "scheme": "CHC review",
                    "theme": "Integrated Care",
                    "go_live": "2026-10",
                    "fye_net_saving": 60_000,
                    "rag_overall": "amber",
                }
            ),
        ),
    )
    c = sc.compare_scenarios(baseline(), 2026, [add], target_gbp=250_000)
    # 60,000 x 6/12 x 75% = 22,500 more: 232,500, 17,500 short of 250,000.
    row = c.totals.set_index("scenario").loc["New scheme"]
    assert row.outturn_gbp == pytest.approx(232_500)
    assert row.gap_to_target_gbp == pytest.approx(17_500)
    new = c.per_scheme.set_index("scheme_id").loc["4"]
    assert new.baseline_in_year_gbp == 0 and new.in_year_gbp == pytest.approx(22_500)
    assert new.theme == "Integrated Care"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_yaml_round_trip(tmp_path: Path):
    write(
        tmp_path,
        "slip.yml",
        """
name: Planned care slips
description: Three months later.
weights: treasury
changes:
  - theme: Planned Care
    shift_months: 3
  - add:
      - {scheme_id: "4", scheme: New, go_live: 2026-10, fye_net_saving: 60000}
""",
    )
    [s] = sc.load_scenarios(tmp_path)
    assert s.name == "Planned care slips" and s.key == "slip" and s.weights == "treasury"
    assert [c.action for c in s.changes] == ["shift_months", "add"]
    assert sc.find_scenario([s], "slip") is s and sc.find_scenario([s], "PLANNED CARE SLIPS") is s
    with pytest.raises(ConfigError, match="no such scenario.*there are: slip"):
        sc.find_scenario([s], "other")


def test_yaml_mistakes_name_file_and_key_all_at_once(tmp_path: Path):
    path = write(
        tmp_path,
        "bad.yml",
        """
name: Bad
colour: blue
weights: lottery
changes:
  - theme: Planned Care
    shift_months: three
  - phase: 7
    scale_fye: -1
  - rag_overall: purple
  - scheme_id: "1"
    shift_months: 1
    remove: true
  - remove: true
  - add:
      - scheme: No id
        go_live: Jull-26
        fye_net_saving: lots
""",
    )
    with pytest.raises(ConfigError) as caught:
        sc.load_scenario(path)
    lines = caught.value.lines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    text = "\n".join(lines)
    for expected in [
        "colour: unknown key",
        "weights: weight set 'lottery'",
        "changes[0].shift_months: expected a whole number of months",
        "changes[1].phase: expected phase numbers 1-4",
        "changes[1].scale_fye: expected a factor >= 0",
        "changes[2].rag_overall: expected green, amber or red, got 'purple'",
        "changes[3]: expected exactly one of",
        "changes[4]: remove needs scheme_id, theme or phase",
        "changes[5].add[0].scheme_id: missing",
        "changes[5].add[0].go_live: 'Jull-26' is not a month",
        "changes[5].add[0].fye_net_saving: expected a number, got 'lots'",
    ]:
        assert expected in text, expected
    assert len(lines) == 11


def test_every_file_of_a_folder_reported_together(tmp_path: Path):
    write(tmp_path, "a.yml", "name: A\nchanges: []\n")
    write(tmp_path, "b.yml", "name: [unclosed\n")
    write(tmp_path, "c.yml", "name: A\nchanges: []\n")
    write(tmp_path, "d.yml", "name: D\nchanges: nope\n")
    with pytest.raises(ConfigError) as caught:
        sc.load_scenarios(tmp_path)
    text = "\n".join(caught.value.lines())
    assert "d.yml: changes: expected a list" in text
    assert "b.yml: not valid YAML at line 2" in text
    assert "c.yml: name: 'A' is also the name of" in text


def test_selectors_matching_nothing_are_reported_at_apply():
    s = sc.Scenario(
        "typo",
        source="typo.yml",
        changes=(
            sc.shift(3, theme="Planed Care"),
            sc.remove(scheme_id="99"),
            sc.add({"scheme_id": "1", "scheme": "Dup", "go_live": "2026-04", "fye_net_saving": 1}),
        ),
    )
    with pytest.raises(ConfigError) as caught:
        sc.apply_scenario(baseline(), s)
    assert caught.value.lines() == [
        "typo.yml: changes[0]: theme 'Planed Care' matches no scheme in the register",
        "typo.yml: changes[1]: scheme_id '99' matches no scheme in the register",
        "typo.yml: changes[2].add: scheme_id 1 is already in the register",
    ]


def test_shipped_examples_load():
    shipped = sc.load_scenarios(ROOT / "data" / "raw" / "scenarios")
    assert {s.key for s in shipped} >= {
        "planned-care-slips-a-quarter",
        "prescribing-aspiration-reduced",
        "recovery-plan",
    }
    slip = sc.find_scenario(shipped, "planned-care-slips-a-quarter")
    out = sc.apply_scenario(baseline(), slip)
    assert list(out.go_live.astype(str)) == ["2026-10", "2026-10", "2027-04"]
    assert np.all(out.fye_net_saving == baseline().fye_net_saving)


def test_no_change_moves_savings_into_reported_months():
    # Reporting October 2026: the earliest month a change can affect is November.
    # 1 (July) is live: a shift of -2 or +2 is held at 0. 3 (January) asked -4: September; held
    # at November (-2). An added scheme going live in August goes live in November.
    base = baseline()
    scenario = sc.Scenario(
        "recover",
        changes=(
            sc.shift(-4, scheme_id="3"),
            sc.shift(2, scheme_id="1"),
            sc.add(
                {"scheme_id": "9", "scheme": "New", "go_live": "2026-08", "fye_net_saving": 60_000}
            ),
        ),
    )
    out = sc.apply_scenario(base, scenario, as_of="2026-10")
    assert [str(g) for g in out.go_live] == ["2026-07", "2026-10", "2026-11", "2026-11"]
    held = {h["scheme_id"]: h["applied"] for h in out.attrs["held"]}
    assert held == {"3": "-2 months", "1": "+0 months", "9": "live from 2026-11"}
    # Without a reporting month, April is the earliest: nothing is held here.
    free = sc.apply_scenario(base, scenario)
    assert [str(g) for g in free.go_live] == ["2026-09", "2026-10", "2026-09", "2026-08"]


def test_comparison_is_stated_against_the_outturn():
    # Actuals: 20,000 a month April-October (140,000 to date). Forecast November-March:
    # 1: 5 x 10,000; 2: 5 x 15,000; 3: 3 x 10,000 = 155,000. Outturn 295,000; plan
    # (target) 90,000 + 120,000 + 30,000 = 240,000: 55,000 ahead.
    actuals = np.zeros((3, 12))
    actuals[0, :7] = 20_000
    slip = sc.Scenario("slip", changes=(sc.shift(3, scheme_id="3"),))  # January -> April 2027
    cmp = sc.compare_scenarios(baseline(), 2026, [slip], as_of="2026-10", actuals=actuals)
    base, slipped = cmp.totals.iloc[0], cmp.totals.iloc[1]
    assert base.outturn_gbp == pytest.approx(295_000)
    assert base.gap_to_target_gbp == pytest.approx(-55_000)
    assert slipped.outturn_gbp == pytest.approx(265_000) and slipped.change_gbp == -30_000
    # Curves: the actuals to October, then the forecast.
    curve = cmp.curves[cmp.curves.scenario == "Baseline"]
    assert curve.cumulative_gbp.iloc[6] == 140_000
    assert curve.cumulative_gbp.iloc[11] == pytest.approx(295_000)
    # A scheme removed keeps what it saved to date.
    gone = sc.compare_scenarios(
        baseline(),
        2026,
        [sc.Scenario("rm", changes=(sc.remove(scheme_id="1"),))],
        as_of="2026-10",
        actuals=actuals,
    )
    row = gone.per_scheme.set_index("scheme_id").loc["1"]
    assert row.baseline_in_year_gbp == 190_000 and row.in_year_gbp == 140_000


def test_sample_recovery_plan_no_longer_gains_from_april_and_may():
    from commissioning_analytics import month as report
    from commissioning_analytics.model.headline import headline as headline_figures

    month = report.load_month("2026-10", ROOT / "data" / "raw")
    scenarios = sc.load_scenarios(ROOT / "data" / "raw" / "scenarios")
    cmp = sc.compare_scenarios(
        month.register,
        month.year,
        scenarios,
        weights=month.weights,
        as_of=month.period,
        actuals=month.actual_by_scheme_month(),
    )
    head = vars(headline_figures(month))
    base = cmp.totals.iloc[0]
    assert base.outturn_gbp == pytest.approx(head["forecast_outturn"])
    assert base.gap_to_target_gbp == pytest.approx(head["gap_to_target"])
    recovery = cmp.per_scheme[cmp.per_scheme.scenario == "Recovery plan"]
    # Schemes 4 (June) and 27 (July) are live by October: moving them earlier gains nothing.
    assert not recovery.scheme_id.isin(["4", "27"]).any()
    held = cmp.held[cmp.held.scenario == "Recovery plan"]
    assert {"4", "27"} <= set(held.scheme_id)
