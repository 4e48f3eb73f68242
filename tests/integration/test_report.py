"""The pack's tables and headline figures on a small register a reader can work by hand."""

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics import month as report
from commissioning_analytics.model.headline import headline as headline_figures
from commissioning_analytics.pages import change_in_delivery, common, rag_dashboard, savings_curves
from commissioning_analytics.schema import Scheme
from commissioning_analytics.views import delivery as delivery_views
from commissioning_analytics.views import rag as rag_views
from commissioning_analytics.views import savings as savings_views
from commissioning_analytics.views import tables as tables_views
from fixtures import small_actuals, small_register

pytestmark = pytest.mark.integration


@pytest.fixture
def month():
    return report.month_from_frames(small_register(), 2026, "2026-10", small_actuals())


def test_headline_by_hand(month):
    h = vars(headline_figures(month))
    assert h["plan_in_year"] == pytest.approx(255_000)  # 120,000 + 120,000 + 15,000
    # most likely: 120,000 x 1 + 120,000 x 0.75 + 15,000 x 0.5 = 217,500
    assert h["most_likely_in_year"] == pytest.approx(217_500)
    # forecast: A 120,000; B 4 months: 80,000 x 0.75 = 60,000; C 4 months: 20,000 x 0.5 = 10,000
    assert h["forecast_in_year"] == pytest.approx(190_000)
    # plan to date April-October: A 7 x 10,000 + B one month (October) 20,000 = 90,000
    assert h["plan_to_date"] == pytest.approx(90_000)
    assert h["actual_to_date"] == pytest.approx(63_000)  # 7 x 9,000
    assert h["ytd_variance"] == pytest.approx(-27_000)
    # forecast Nov-Mar: A 5 x 10,000 = 50,000; B Dec-Mar 4 x 15,000 = 60,000; C Dec-Mar 4 x 2,500
    # = 10,000 -> outturn 63,000 + 120,000 = 183,000; gap 255,000 - 183,000 = 72,000
    assert h["forecast_outturn"] == pytest.approx(183_000)
    assert h["gap_to_target"] == pytest.approx(72_000)
    assert (h["rag_green"], h["rag_amber"], h["rag_red"]) == (1, 1, 1)


def test_without_actuals_the_outturn_is_the_forecast():
    month = report.month_from_frames(small_register(), 2026, "2026-10")
    h = vars(headline_figures(month))
    assert np.isnan(h["actual_to_date"])
    assert h["forecast_outturn"] == pytest.approx(190_000)
    assert "actual" not in set(savings_views.savings_curve(month)["measure"])


def test_period_outside_the_register_year_is_a_user_error():
    from commissioning_analytics.errors import UserError

    with pytest.raises(UserError, match="2026/27"):
        report.month_from_frames(small_register(), 2026, "2027-04")


def test_savings_curve_cumulates_to_the_year(month):
    curve = savings_views.savings_curve(month)
    plan = curve[curve["measure"] == "plan"]
    assert len(plan) == 12
    assert plan["cumulative_gbp"].iloc[-1] == pytest.approx(255_000)
    actual = curve[curve["measure"] == "actual"]
    assert len(actual) == 7 and actual["cumulative_gbp"].iloc[-1] == pytest.approx(63_000)
    by_theme = savings_views.savings_curve(month, by=Scheme.theme)
    last = by_theme[
        (by_theme["measure"] == "plan") & (by_theme["month"] == pd.Period("2027-03", "M"))
    ]
    # Planned care: A 120,000 + C 15,000; Urgent care: B 120,000
    assert dict(zip(last["theme"], last["cumulative_gbp"])) == {
        "Planned care": 135_000,
        "Urgent care": 120_000,
    }


def test_share_live_from_april(month):
    # only A is live from April: 120,000 / 255,000
    assert savings_views.share_live_from_april(month) == pytest.approx(120_000 / 255_000)


def test_rag_summary_and_risk_adjustment(month):
    summary = rag_views.rag_summary(month).set_index("rating")
    assert list(summary.index) == ["green", "amber", "red"]
    assert summary.loc["amber", "risk_adjustment_gbp"] == pytest.approx(-30_000)  # 120,000 x 25%
    assert summary.loc["red", "risk_adjustment_gbp"] == pytest.approx(-7_500)  # 15,000 x 50%
    by_phase = rag_views.rag_summary(month, Scheme.phase)
    assert set(by_phase["phase"]) == {"1", "2", "4"}


def test_waterfall_adds_up(month):
    steps = delivery_views.waterfall(month)
    # 255,000 - 37,500 (risk) - 27,500 (change: 190,000 - 217,500) = 190,000
    assert steps["value_gbp"].tolist() == pytest.approx([255_000, -37_500, -27_500, 190_000])


def test_delivery_by_scheme(month):
    table = delivery_views.delivery_by_scheme(month).set_index("scheme_id")
    assert list(table.index) == ["B", "C"]  # A has no change
    assert table.loc["B", "in_year_effect_gbp"] == pytest.approx(-30_000)  # 60,000 - 90,000
    assert table.loc["B", "next_year_effect_gbp"] == pytest.approx(40_000)  # 160,000 - 120,000
    assert table.loc["C", "effective_months"] == 4


def test_ratings_moved_against_the_previous_pack(month, tmp_path):
    previous = small_register()
    previous.loc[1, Scheme.rag_overall] = "green"  # B was green, is amber now: worse
    previous = previous[previous[Scheme.scheme_id] != "C"]  # C is new
    moved = rag_views.ratings_moved(month, previous)
    b = moved[(moved.scheme_id == "B")]
    assert b[["panel", "was", "now", "direction"]].values.tolist() == [
        ["Overall", "green", "amber", "worse"]
    ]
    assert (moved[moved.scheme_id == "C"]["was"] == "new").all()
    assert len(moved[moved.scheme_id == "A"]) == 0


def test_previous_ratings_are_read_from_processed(tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    assert report.processed_dir(raw) == (tmp_path / "data" / "processed").resolve()
    month = report.month_from_frames(small_register(), 2026, "2026-10", data_dir=raw)
    assert rag_views.previous_ratings(month) is None
    folder = tmp_path / "data" / "processed" / "2026-09"
    folder.mkdir(parents=True)
    savings_views.scheme_table(month).to_csv(folder / "schemes.csv", index=False)
    assert rag_views.ratings_moved(month, rag_views.previous_ratings(month)).empty


def test_every_section_renders(month):
    import plotly.graph_objects as go

    for name in [
        "inputs",
        "headline",
        "monthly_curve",
        "cumulative_curve",
        "by_theme",
        "by_phase",
        "ytd_variance",
        "ytd_variance_chart",
        "outturn",
        "live_from_april",
        "rag_heatmap",
        "rag_by_rating",
        "rag_by_phase",
        "rag_by_theme",
        "risk_weighting",
        "ratings_moved",
        "delivery_waterfall",
        "months_gained",
        "next_year_effect",
        "delivery_table",
    ]:
        module = next(
            m
            for m in (savings_curves, rag_dashboard, change_in_delivery, common)
            if hasattr(m, name)
        )
        shown = getattr(module, name)(month)
        if isinstance(shown, go.Figure):
            assert shown.layout.title.text, name
            # the panel heatmap names its panels in its ticks: its axis title collided with the
            # chart's title (issue 20 item 8), so it has none
            assert shown.layout.xaxis.title.text or name in ("rag_by_rating", "rag_heatmap"), name


def test_pack_tables(month):
    tables = tables_views.pack_tables(month)
    assert {"summary", "schemes", "savings_curve", "waterfall"} <= set(tables)
    assert tables["schemes"]["actual_to_date"].tolist() == pytest.approx([63_000, 0, 0])


def test_a_page_without_a_register_says_so(tmp_path):
    from IPython.display import Markdown

    assert common.open_month("2026-10", str(tmp_path)) is None
    note = savings_curves.monthly_curve(None)
    assert isinstance(note, Markdown) and "no register" in note.data


def test_actuals_for_schemes_not_in_the_register_are_named_not_dropped(tmp_path):
    import datetime as dt
    import shutil
    from pathlib import Path

    from openpyxl import Workbook

    root = Path(__file__).resolve().parents[2]
    shutil.copy(root / "data/raw/qipp_register.xlsx", tmp_path / "qipp_register.xlsx")
    book = Workbook()
    sheet = book.active
    sheet.append(["No", "Month", "Actual Saving £"])
    sheet.append([1, dt.datetime(2026, 4, 1), 1000])
    sheet.append([99, dt.datetime(2026, 5, 1), 2500])  # no scheme 99 in the register
    book.save(tmp_path / "qipp_actuals.xlsx")
    month = report.load_month("2026-05", tmp_path)
    assert month.actual_by_scheme_month().sum() == 1000  # only scheme 1's actual is placed
    note = next(n for n in month.notes if "not in the register" in n)
    assert "1 actual row(s) totalling £2.50k" in note and "scheme No 99" in note
    assert "qipp_actuals.xlsx!Sheet!3" in note
