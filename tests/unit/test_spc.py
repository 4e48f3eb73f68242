"""XmR charts: limits and every special-cause rule on series worked by hand.

Constants (NHSRplotthedots / Making Data Count): limits mean +/- 2.66 x MR-bar; "near a limit"
beyond mean +/- 1.7733 x MR-bar (2/3 of 2.66); moving ranges >= 3.267 x MR-bar screened out.
"""

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.model.spc import SpcOptions, assurance_type, spc, summarise

pytestmark = pytest.mark.unit


def chart(values, **kwargs):
    frame = pd.DataFrame(
        {
            "month": pd.period_range("2024-04", periods=len(values), freq="M"),
            "value": np.asarray(values, dtype=float),
        }
    )
    return spc(frame, **kwargs)


def test_limits_of_a_small_series_worked_by_hand():
    # 10 12 11 13 9 11 12 10: sum 88 / 8 = mean 11.
    # Moving ranges 2 1 2 4 2 1 2 = 14 / 7 = MR-bar 2 (none >= 3.267 x 2 = 6.53, none screened).
    # Limits 11 +/- 2.66 x 2 = 5.68 and 16.32. Every point within 9-13: common cause.
    result = chart([10, 12, 11, 13, 9, 11, 12, 10])
    assert result["mean"].iloc[0] == pytest.approx(11)
    assert result["mr_bar"].iloc[0] == pytest.approx(2)
    assert result["lpl"].iloc[0] == pytest.approx(5.68)
    assert result["upl"].iloc[0] == pytest.approx(16.32)
    assert not result["special_cause_flag"].any()
    assert set(result["point_type"]) == {"common_cause"}
    # 8 points < 13: trial limits (the reference warns below 13 points).
    assert result["short_group_warning"].all()


def test_point_above_the_upper_limit_and_moving_range_screening():
    # 5 9 5 9 5 9 5 9 5 9 5 25: sum 6x5 + 5x9 + 25 = 100, mean 100/12 = 8.3333.
    # Moving ranges: ten of 4 (=40) and |25 - 5| = 20: MR-bar 60/11 = 5.4545.
    # Screening: 20 >= 3.267 x 5.4545 = 17.82, dropped; MR-bar = 40/10 = 4.
    # Limits 8.3333 +/- 10.64: -2.3067 and 18.9733; 25 is above the upper limit.
    result = chart([5, 9] * 5 + [5, 25])
    assert result["mr_bar"].iloc[0] == pytest.approx(4)
    assert result["upl"].iloc[0] == pytest.approx(100 / 12 + 10.64)
    assert result["special_cause_type"].iloc[-1] == "Above UCL"
    assert result["special_cause_flag"].sum() == 1
    # Higher is better by default: an improvement; for a decreasing measure, a concern.
    assert result["point_type"].iloc[-1] == "special_cause_improvement"
    lower_better = chart([5, 9] * 5 + [5, 25], improvement_direction="decrease")
    assert lower_better["point_type"].iloc[-1] == "special_cause_concern"
    # Without screening MR-bar stays 60/11.
    unscreened = chart([5, 9] * 5 + [5, 25], options=SpcOptions(screen_outliers=False))
    assert unscreened["mr_bar"].iloc[0] == pytest.approx(60 / 11)


def test_seven_points_on_one_side_of_the_mean_is_a_shift():
    # 5 9 5 9 5 9 5 then seven 11s: sum 47 + 77 = 124, mean 124/14 = 8.857.
    # Moving ranges six of 4, |11 - 5| = 6, six of 0: 30/13 = 2.308; limits 2.72 and 14.99;
    # near-limit band beyond 4.76 / 12.95: no point is near a limit, none outside.
    # The 9s are above the mean but each is followed by a 5: only the seven 11s make a run.
    values = [5, 9, 5, 9, 5, 9, 5] + [11] * 7
    result = chart(values)
    assert result["mean"].iloc[0] == pytest.approx(124 / 14)
    assert result["special_cause_type"].tolist() == ["Common Cause"] * 7 + ["7 Points Above CL"] * 7
    # Six 11s are not enough (the reference's default run is 7).
    six = chart([5, 9, 5, 9, 5, 9, 5, 9, 5] + [11] * 6)
    assert not six["special_cause_flag"].any()
    # A configurable run length: 6 points make a shift when asked.
    assert (
        chart([5, 9, 5, 9, 5, 9, 5, 9, 5] + [11] * 6, options=SpcOptions(shift_points=6))[
            "special_cause_flag"
        ].sum()
        == 6
    )


def test_seven_increasing_points_are_a_trend():
    # 5 1 2 3 4 5 6 7 3: mean 36/9 = 4; moving ranges 4 1 1 1 1 1 1 4 = 14/8 = 1.75;
    # limits 4 +/- 4.655 = -0.655 and 8.655; near band beyond 0.897 / 7.103: 7 is not near.
    # 1..7 rise six times in a row: those seven points are a trend; 5 and 3 are not.
    result = chart([5, 1, 2, 3, 4, 5, 6, 7, 3])
    assert result["upl"].iloc[0] == pytest.approx(4 + 2.66 * 1.75)
    assert result["special_cause_type"].tolist() == (
        ["Common Cause"] + ["7 Point Trend (Increasing)"] * 7 + ["Common Cause"]
    )
    # A rising trend is a concern when lower is better.
    falling_is_good = chart([5, 1, 2, 3, 4, 5, 6, 7, 3], improvement_direction="decrease")
    assert set(falling_is_good["point_type"].iloc[1:8]) == {"special_cause_concern"}
    # Six rising points (five rises) are no trend; an equal step breaks a trend.
    assert not chart([5, 1, 2, 3, 4, 5, 6, 3])["special_cause_flag"].any()
    assert not chart([5, 1, 2, 3, 3, 4, 5, 6, 3])["special_cause_flag"].any()


def test_decreasing_trend():
    result = chart([3, 7, 6, 5, 4, 3, 2, 1, 5])
    assert result["special_cause_type"].iloc[1:8].eq("7 Point Trend (Decreasing)").all()
    assert result["special_cause_type"].iloc[0] == "Common Cause"


def test_two_of_three_near_the_upper_limit():
    # 9 11 x6, then 15.5 11 15.5: sum 120 + 42 = 162, mean 162/15 = 10.8.
    # Moving ranges eleven of 2 (=22) and 4.5, 4.5, 4.5: 35.5/14 = 2.5357.
    # Upper limit 10.8 + 2.66 x 2.5357 = 17.545; near band above 10.8 + 1.7733 x 2.5357 = 15.297.
    # 15.5 is near the limit (not outside) twice in three points, all three above the mean
    # (11 > 10.8): the two 15.5s are flagged, the 11 between them is not.
    result = chart([9, 11] * 6 + [15.5, 11, 15.5])
    assert result["mean"].iloc[0] == pytest.approx(10.8)
    assert result["close_to_limits"].tolist() == [False] * 12 + [True, False, True]
    assert result["special_cause_type"].tolist() == (
        ["Common Cause"] * 12 + ["2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"]
    )


def test_two_near_limits_on_opposite_sides_are_common_cause():
    # The reference's own case: 1 -1 ... then 5.5 and -5.5. Mean 0; moving ranges thirteen of 2,
    # 6.5 and 11: 43.5/15 = 2.9; 11 >= 3.267 x 2.9 = 9.47 screened: MR-bar 32.5/14 = 2.3214.
    # Near band beyond +/- 4.117: both are near a limit, but on opposite sides.
    values = [1.0, -1.0] * 7 + [5.5, -5.5]
    result = chart(values)
    assert result["mr_bar"].iloc[0] == pytest.approx(32.5 / 14)
    assert result["close_to_limits"].iloc[-2:].all()
    assert result["point_type"].iloc[-2:].tolist() == ["common_cause", "common_cause"]


def test_outside_limits_takes_precedence_over_a_shift():
    # Seven points above the mean where the last is also beyond the upper limit.
    values = [5, 9, 5, 9, 5, 9, 5, 9, 5, 9, 5] + [10] * 6 + [40]
    result = chart(values)
    assert result["special_cause_type"].iloc[-1] == "Above UCL"
    assert (result["special_cause_type"].iloc[-7:-1] == "7 Points Above CL").all()


def test_matches_the_reference_snapshot():
    # NHSRplotthedots tests/testthat/_snaps/ptd_spc_standard.md: set.seed(123); rnorm(20).
    y = [
        -0.56047565,
        -0.23017749,
        1.55870831,
        0.07050839,
        0.12928774,
        1.71506499,
        0.46091621,
        -1.26506123,
        -0.68685285,
        -0.44566197,
        1.22408180,
        0.35981383,
        0.40077145,
        0.11068272,
        -0.55584113,
        1.78691314,
        0.49785048,
        -1.96661716,
        0.70135590,
        -0.47279141,
    ]
    r1 = chart(y)
    assert (r1["mean"].iloc[0], r1["lpl"].iloc[0], r1["upl"].iloc[0]) == pytest.approx(
        (0.1416238, -3.01138, 3.294627), abs=1e-6
    )
    y[14] = 10
    r2 = chart(y)
    assert (r2["lpl"].iloc[0], r2["upl"].iloc[0]) == pytest.approx((-2.383666, 3.722497), abs=1e-6)
    r3 = chart(y, options=SpcOptions(screen_outliers=False))
    assert (r3["lpl"].iloc[0], r3["upl"].iloc[0]) == pytest.approx((-4.596625, 5.935457), abs=1e-6)


def test_rebase_starts_new_limits_and_a_new_moving_range():
    # 10 12 10 12 | 20 22 20 22: each group mean 11 and 21, MR-bar 2 in each
    # (the jump 12 -> 20 is no moving range: the group starts afresh).
    frame = pd.DataFrame(
        {
            "month": pd.period_range("2024-04", periods=8, freq="M"),
            "value": [10.0, 12, 10, 12, 20, 22, 20, 22],
        }
    )
    result = spc(frame, rebase=[pd.Period("2024-08", "M")])
    assert result["rebase_group"].tolist() == [0] * 4 + [1] * 4
    assert result["mean"].tolist() == [11] * 4 + [21] * 4
    assert result["mr_bar"].tolist() == pytest.approx([2] * 8)


def test_fix_after_n_points_uses_the_first_points_only():
    # Twelve points 10 12 ...: mean 11, MR-bar 2; the later 30s do not move the limits.
    frame = pd.DataFrame(
        {
            "month": pd.period_range("2024-04", periods=14, freq="M"),
            "value": [10.0, 12] * 6 + [30, 30],
        }
    )
    result = spc(frame, options=SpcOptions(fix_after_n_points=12))
    assert result["mean"].iloc[0] == pytest.approx(11)
    assert result["upl"].iloc[0] == pytest.approx(16.32)
    assert result["special_cause_type"].iloc[-2:].tolist() == ["Above UCL", "Above UCL"]
    with pytest.raises(ValueError):
        SpcOptions(fix_after_n_points=6)


def test_many_series_at_once_equal_one_at_a_time():
    rng = np.random.default_rng(1)
    frames = [
        pd.DataFrame(
            {
                "series": name,
                "month": pd.period_range("2023-04", periods=n, freq="M"),
                "value": rng.normal(100, 10, n),
            }
        )
        for name, n in (("a", 20), ("b", 31), ("c", 9))
    ]
    together = spc(pd.concat(frames), facet="series")
    for frame in frames:
        alone = spc(frame.drop(columns="series"))
        name = frame["series"].iloc[0]
        part = together[together["series"] == name].reset_index(drop=True)
        assert part["upl"].to_numpy() == pytest.approx(alone["upl"].to_numpy())
        assert part["special_cause_type"].tolist() == alone["special_cause_type"].tolist()


def test_assurance_against_the_hand_worked_limits():
    # Limits 5.68 and 16.32 (first test).
    assert assurance_type(17, 5.68, 16.32, "increase") == "consistent_fail"
    assert assurance_type(17, 5.68, 16.32, "decrease") == "consistent_pass"
    assert assurance_type(5, 5.68, 16.32, "increase") == "consistent_pass"
    assert assurance_type(5, 5.68, 16.32, "decrease") == "consistent_fail"
    assert assurance_type(12, 5.68, 16.32, "increase") == "inconsistent"
    assert assurance_type(12, 5.68, 16.32, "neutral") is None
    assert assurance_type(np.nan, 5.68, 16.32, "increase") is None


def test_summary_icons_in_words():
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "tpi": "flat",
                    "month": pd.period_range("2024-04", periods=8, freq="M"),
                    "value": [10.0, 12, 11, 13, 9, 11, 12, 10],
                }
            ),
            pd.DataFrame(
                {
                    "tpi": "spike",
                    "month": pd.period_range("2024-04", periods=12, freq="M"),
                    "value": [5.0, 9] * 5 + [5, 25],
                }
            ),
        ]
    )
    result = spc(
        frame,
        facet="tpi",
        improvement_direction={"flat": "increase", "spike": "decrease"},
        target={"flat": 17},
    )
    summary = summarise(result, facet="tpi").set_index("tpi")
    assert summary.loc["flat", "variation_words"] == "Common cause variation"
    assert summary.loc["flat", "assurance_words"] == "Consistently fails the target"
    # The spike's last point is above the limit and lower is better: concern (higher).
    assert summary.loc["spike", "variation_words"] == "Special cause variation: concern (higher)"
    assert summary.loc["spike", "assurance_words"] == "No target"
    assert summary.loc["spike", "special_cause_points"] == 1


def test_a_missing_month_is_no_point_and_breaks_the_moving_range():
    # 1 2 _ 3 2 1 2 3 2 1: nine points, sum 17, mean 1.889; moving ranges only between
    # neighbouring points: seven ranges of 1, MR-bar 1; upper limit 1.889 + 2.66 = 4.549.
    result = chart([1, 2, np.nan, 3, 2, 1, 2, 3, 2, 1])
    assert result["mean"].iloc[0] == pytest.approx(17 / 9)
    assert result["mr_bar"].iloc[0] == pytest.approx(1)
    assert result["upl"].iloc[0] == pytest.approx(17 / 9 + 2.66)


def test_no_points_gives_an_empty_chart_and_summary():
    empty = chart([])
    assert empty.empty and "special_cause_type" in empty
    assert summarise(empty).empty


def test_a_point_beyond_a_limit_counts_towards_two_of_three_only_as_an_option():
    # Limits from the first 12 points (10 12 10 12 ...): mean 11, MR-bar 2, process limits
    # 5.68-16.32, near a limit above 11 + 2/3 x 5.32 = 14.55. Then 15 (near) and 20 (outside).
    # The window 12, 15, 20 is all above the mean. By default (the reference) only 15 counts
    # towards two of three: one point, no rule, 15 is common cause. With the option, 15 and 20
    # count: 15 is "2 in 3 Above CL" (20 stays "Above UCL", the rule of higher precedence).
    values = [10, 12] * 6 + [15, 20]
    fixed = SpcOptions(fix_after_n_points=12)
    default = chart(values, options=fixed)
    assert default["upl"].iloc[0] == pytest.approx(16.32)
    assert default["special_cause_type"].tolist()[-2:] == ["Common Cause", "Above UCL"]
    counted = chart(
        values, options=SpcOptions(fix_after_n_points=12, two_of_three_counts_outside=True)
    )
    assert counted["special_cause_type"].tolist()[-2:] == ["2 in 3 Above CL", "Above UCL"]
    assert not SpcOptions().two_of_three_counts_outside  # the default, as the reference


def test_a_target_from_a_rebase_only_is_judged_against_the_limits_after_it():
    # Twelve months at 100 +/- 2, then from the rebase twelve months at 80 +/- 2 (a lower level
    # is better). The trajectory starts at the rebase, none before it.
    # The group after the rebase: mean 80, MR-bar 4, limits 80 +/- 10.64 = 69.36-90.64: a
    # target of 81 is inside (hit and miss), 95 above the upper limit (lower is better: passes),
    # 60 below the lower limit (fails).
    values = [98, 102] * 6 + [78, 82] * 6
    months = pd.period_range("2024-04", periods=24, freq="M")
    frame = pd.DataFrame({"month": months, "value": np.asarray(values, dtype=float)})
    for level, expected in ((81, "inconsistent"), (95, "consistent_pass"), (60, "consistent_fail")):
        frame["trajectory"] = np.where(months >= pd.Period("2025-04", "M"), level, np.nan)
        result = spc(
            frame,
            improvement_direction="decrease",
            rebase=[pd.Period("2025-04", "M")],
            target_column="trajectory",
        )
        assert result["target"].isna().sum() == 12
        row = summarise(result).iloc[0]
        assert row["mean"] == pytest.approx(80) and row["upl"] == pytest.approx(90.64)
        assert row["assurance"] == expected
    with pytest.raises(ValueError, match="not both"):
        spc(frame, target=1.0, target_column="trajectory")


def test_needing_attention_is_every_concern_and_every_failing_or_hit_and_miss_worst_first():
    from commissioning_analytics.model.spc import needing_attention

    summary = pd.DataFrame(
        {
            "series": ["ok", "hit", "fail", "concern", "concern_fail", "concern_hit", "pass"],
            "variation": [
                "common_cause",
                "common_cause",
                "common_cause",
                "special_cause_concern",
                "special_cause_concern",
                "special_cause_concern",
                "special_cause_improvement",
            ],
            "assurance": [
                None,
                "inconsistent",
                "consistent_fail",
                None,
                "consistent_fail",
                "inconsistent",
                "consistent_pass",
            ],
            "special_cause_points": [0, 1, 2, 3, 4, 5, 6],
        }
    )
    attention = needing_attention(summary)
    assert attention["series"].tolist() == ["concern_fail", "concern_hit", "concern", "fail", "hit"]
    assert attention["severity"].tolist() == [4, 3, 2, 2, 1]
    assert attention["reason"].iloc[0] == ("special-cause concern; consistently fails the target")


def test_chart_draws_separate_limits_either_side_of_a_rebase_and_the_planned_level_after():
    from commissioning_analytics.figures.deflection import spc_chart

    # Four months at 10, 12, 10, 12 (mean 11), then four at 6, 4, 6, 4 (mean 5) from a rebase;
    # the planned level 5 from the rebase only.
    months = pd.period_range("2025-01", periods=8, freq="M")
    frame = pd.DataFrame(
        {
            "month": months,
            "value": [10.0, 12, 10, 12, 6, 4, 6, 4],
            "trajectory": [np.nan] * 4 + [5.0] * 4,
        }
    )
    result = spc(
        frame, improvement_direction="decrease", rebase=[months[4]], target_column="trajectory"
    )
    figure = spc_chart(result, summarise(result).iloc[0], "Test")
    mean = next(t for t in figure.data if t.name == "Mean")
    assert list(mean.y) == [11, 11, 11, 11, None, 5, 5, 5, 5, None]
    planned = next(t for t in figure.data if t.name == "Planned level")
    assert np.isnan(planned.y[:4].astype(float)).all() and list(planned.y[4:]) == [5] * 4
    # Both icons drawn: variation and assurance (target 5 inside limits 5 +/- 5.32: hit and miss).
    assert len(figure.layout.images) == 2
    assert summarise(result).iloc[0]["assurance"] == "inconsistent"
