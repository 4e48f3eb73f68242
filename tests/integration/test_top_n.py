"""Pages at any size: per-scheme charts and tables show the top N (setting ``top_n``) and add
up all the others in one row, on registers small enough to work by hand with N = 2."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from commissioning_analytics import month as report
from commissioning_analytics.errors import ConfigError
from commissioning_analytics.figures import plans as plan_figures
from commissioning_analytics.model.plans import at_risk_total
from commissioning_analytics.pages import change_in_delivery, project_plans, savings_curves
from commissioning_analytics.pages.common import html_table, top_n
from commissioning_analytics.schema import Scheme
from commissioning_analytics.style import money
from commissioning_analytics.views import delivery as delivery_views

pytestmark = pytest.mark.integration


def four_changes() -> pd.DataFrame:
    """Five green schemes of 2026/27 (weight 100%: the in-year effect of a change is FYE x
    months / 12).

    A: FYE £120k, live April, loses 2 months  -> -£20,000 in year; next year +£20,000
    B: FYE £240k, live April, loses 2 months  -> -£40,000; next year +£40,000
    C: FYE £60k, live October (6 months), gains 1 -> +£5,000; next year £25k - £30k = -£5,000
    D: FYE £360k, live April, loses 1 month   -> -£30,000; next year +£30,000
    E: FYE £120k, no change                   -> not listed
    """
    n = 5
    return pd.DataFrame(
        {
            Scheme.scheme_id: list("ABCDE"),
            Scheme.theme: ["Planned care"] * n,
            Scheme.scheme: ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
            Scheme.phase: pd.array([2] * n, dtype="Int64"),
            Scheme.go_live: pd.PeriodIndex(
                ["2026-04", "2026-04", "2026-10", "2026-04", "2026-04"], freq="M"
            ),
            Scheme.fye_net_saving: [120_000.0, 240_000.0, 60_000.0, 360_000.0, 120_000.0],
            Scheme.rag_overall: ["green"] * n,
            Scheme.change_in_delivery_months: [-2.0, -2.0, 1.0, -1.0, 0.0],
            Scheme.source: [f"r.xlsx!QIPP!{row}" for row in range(5, 10)],
        }
    )


@pytest.fixture
def month():
    return report.month_from_frames(
        four_changes(), 2026, "2026-10", settings=report.PackSettings(top_n=2)
    )


def test_top_n_in_the_frames_order_adds_up_the_rest():
    frame = pd.DataFrame({"scheme": list("abcd"), "gbp": [-5.0, 40.0, -30.0, 2.0]})
    out = top_n(frame, "gbp", 2, keep_order=True)
    assert list(out["scheme"]) == ["b", "c", "All 2 other schemes"]  # b, c in their order
    assert out["gbp"].tolist() == [40.0, -30.0, -3.0]  # -5 + 2


def test_the_delivery_table_shows_the_two_largest_effects_and_adds_up_the_other_two(month):
    table, said = change_in_delivery._delivery_shown(
        month, delivery_views.delivery_by_scheme(month)
    )
    assert list(table[Scheme.scheme_id].iloc[:2]) == ["B", "D"]  # -£40k, -£30k
    other = table.iloc[-1]
    assert other[Scheme.scheme] == "All 2 other schemes with a change"
    assert other["in_year_effect_gbp"] == pytest.approx(-15_000)  # A -20,000 + C +5,000
    assert other["next_year_effect_gbp"] == pytest.approx(15_000)  # A +20,000 + C -5,000
    assert other["change_months"] == -1  # -2 + 1
    assert table["in_year_effect_gbp"].sum() == pytest.approx(-85_000)  # every scheme's
    assert "The 2 schemes" in said and "of 4" in said and "other 2" in said
    shown = change_in_delivery.delivery_table(month).data
    assert "All 2 other schemes with a change" in shown and money(-15_000) in shown
    assert "QIPP!6" in shown and "QIPP!8" in shown  # B's and D's register rows
    assert "QIPP!5" not in shown and "QIPP!7" not in shown  # A and C only in the sum
    assert said in shown


def test_the_months_gained_chart_draws_two_bars_and_one_row_of_words_for_the_rest(month):
    fig = change_in_delivery.months_gained(month)
    bars = fig.data[0]
    assert list(bars.y[:2]) == ["B Beta", "D Delta"]
    assert bars.y[-1] == "All 2 other schemes with a change"
    assert list(bars.x) == [-2.0, -1.0, 0.0]  # the others' row is words, not a bar of months
    words = fig.layout.annotations[-1]
    # beside zero, on the side the (slipping) bars leave free
    assert words.y == len(bars.y) - 1 and words.x == 0 and words.xanchor == "left"
    assert "1 month net" in words.text and money(-15_000) in words.text
    assert "3 schemes slipping, 1 ahead" in fig.layout.title.text  # counts of every scheme
    assert "all the other 2 are added" in fig.layout.title.text


def test_every_scheme_is_drawn_when_they_fit():
    month = report.month_from_frames(four_changes(), 2026, "2026-10")
    assert len(change_in_delivery.months_gained(month).data[0].y) == 4


def test_savings_at_risk_bars_add_up_the_rest_in_a_grey_bar():
    at_risk = pd.DataFrame(
        {
            "scheme_id": list("ABCD"),
            "scheme": list("abcd"),
            "plan_change_months": [-1.0, -3.0, 2.0, -2.0],
            "at_risk_gbp": [10_000.0, 30_000.0, -5_000.0, 20_000.0],
        }
    )
    total = at_risk_total(at_risk)
    shown = top_n(at_risk, "at_risk_gbp", 2, others="All 2 other schemes")
    fig = plan_figures.savings_at_risk_chart(shown, total=total, subtitle="two drawn")
    bars = fig.data[0]
    assert bars.y[0] == "All 2 other schemes"  # the first bar: drawn at the foot
    assert bars.x[0] == pytest.approx(5_000)  # A 10,000 + C -5,000
    assert sum(bars.x) == pytest.approx(total.net_gbp) == pytest.approx(55_000)
    title = fig.layout.title.text
    assert money(5_000) in title and money(60_000) in title  # lost and gained: every scheme
    assert title.index(money(55_000)) < title.index("<sup>two drawn</sup>")


def test_the_gantt_draws_the_most_urgent_tasks_and_one_bar_for_the_rest():
    d = dt.date
    tasks = pd.DataFrame(
        {
            "task_id": ["1", "2", "3", "4"],
            "section": ["S"] * 4,
            "task": ["done", "late", "going", "later"],
            "lead": [""] * 4,
            "start": [d(2026, 4, 1), d(2026, 5, 1), d(2026, 6, 1), d(2026, 7, 1)],
            "end": [d(2026, 5, 1), d(2026, 9, 1), d(2027, 1, 1), d(2027, 3, 1)],
            "status": ["complete", "overdue", "in progress", "complete"],
            "source": [""] * 4,
            "shape": ["gantt"] * 4,
            "plan": ["p"] * 4,
        }
    )
    p = project_plans.PlanInputs(
        organisation="",
        as_of=d(2026, 10, 31),
        year=2026,
        weight_set="board",
        current=tasks,
        top_n=2,
    )
    shown, said = project_plans._gantt_tasks(p)
    assert list(shown["task"]) == ["late", "going", "All 2 other tasks (2 complete)"]
    assert shown["start"].iloc[-1] == pd.Timestamp("2026-04-01")  # spans the two others
    assert shown["end"].iloc[-1] == pd.Timestamp("2027-03-01")
    assert "The 2 most urgent of 4 tasks" in said


def test_html_table_sets_each_rows_source_in_small_type_in_order():
    frame = pd.DataFrame({"Scheme": ["x", "y"], "Source": ["f!S!2", "f!S!3 · p!T!9"]})
    shown = html_table(frame).data
    assert shown.index('<span class="pack-source">f!S!2</span>') < shown.index(
        '<span class="pack-source">f!S!3<br>p!T!9</span>'
    )
    assert "@@src" not in shown


def test_top_n_is_a_whole_number_setting(tmp_path):
    assert report.load_settings(tmp_path).top_n == 25
    (tmp_path / "pack.yml").write_text("top_n: 10\n")
    assert report.load_settings(tmp_path).top_n == 10
    (tmp_path / "pack.yml").write_text("top_n: ten\n")
    with pytest.raises(ConfigError, match="top_n: 'ten': expected a whole number"):
        report.load_settings(tmp_path)


def test_missing_actuals_list_the_two_scheme_months_expected_to_save_most_and_add_up_the_rest():
    # only E has actuals (April-October); the others' forecast months to date have none:
    # A from June (2 months late) 5 x £10k, B from June 5 x £20k, C from September (1 early)
    # 2 x £5k, D from May 6 x £30k: 18 scheme-months, £340k
    months = pd.period_range("2026-04", "2026-10", freq="M")
    actuals = pd.DataFrame(
        {"scheme_id": "E", "month": months, "actual_gbp": 10_000.0, "source": "a.xlsx!Actuals!2"}
    )
    month = report.month_from_frames(
        four_changes(), 2026, "2026-10", actuals, settings=report.PackSettings(top_n=2)
    )
    shown = savings_curves.no_actual_recorded(month).data
    assert "18 scheme-month(s) with no actual recorded" in shown
    assert "All 16 other scheme-months" in shown
    assert money(340_000 - 2 * 30_000) in shown  # the 16 others' forecast: £280k
    assert shown.count("QIPP!8") == 2  # D's register row, once for each of its two months


def test_the_slippage_chart_draws_the_two_largest_moves_and_counts_the_rest():
    diff = pd.DataFrame(
        {
            "section": ["S"] * 5,
            "task": list("abcde"),
            "change": ["slipped", "slipped", "brought forward", "slipped", "added"],
            "days": [10.0, 40.0, -30.0, 5.0, None],
        }
    )
    fig = plan_figures.slippage_chart(diff, top=2)
    assert sorted(fig.data[0].x) == [-30.0, 40.0]
    title = fig.layout.title.text
    assert "3 slipped, 1 brought forward, 1 added" in title
    assert "the other 2 moved 15 days later in all" in title  # a 10 + d 5
