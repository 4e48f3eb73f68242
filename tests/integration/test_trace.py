"""Traceable figures: every scheme row of a page table and every hover on a scheme's bar says
which register row (file!sheet!row) it came from; page 30's and 40's tables in the workbook
agree with the pages."""

from pathlib import Path

import pandas as pd
import pytest
from IPython.display import HTML, Markdown

from commissioning_analytics.figures import delivery, plans, rag
from commissioning_analytics.figures import scenarios as scenario_figures
from commissioning_analytics.month import month_from_frames
from commissioning_analytics.pack import tables as pack_tables_module
from commissioning_analytics.pages import change_in_delivery as page30
from commissioning_analytics.pages import common, rag_dashboard
from commissioning_analytics.views import delivery as delivery_views
from commissioning_analytics.views import summary as summary_views
from commissioning_analytics.views import tables as table_views
from fixtures import three_schemes

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
HIPS = "qipp_register.xlsx!Appendix 2 QIPP!7"
GENERICS = "qipp_register.xlsx!Appendix 2 QIPP!8"
FOLLOW_UPS = "qipp_register.xlsx!Appendix 2 QIPP!35"
SOURCES = {"1": HIPS, "2": GENERICS, "3": FOLLOW_UPS}


def register(change=(0.0, 0.0, 0.0)):
    return three_schemes(change, sources=(HIPS, GENERICS, FOLLOW_UPS))


def month(tmp_path: Path, files: dict | None = None, change=(0.0, 0.0, 0.0)):
    folder = tmp_path / "raw"
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    for name, text in (files or {}).items():
        (folder / "scenarios" / name).write_text(text)
    return month_from_frames(register(change), 2026, "2026-10", data_dir=folder)


@pytest.fixture
def shown(monkeypatch):
    out = []
    monkeypatch.setattr(page30, "display", out.append)
    return out


def text(objects) -> str:
    return "\n".join(o.data if isinstance(o, (HTML, Markdown)) else "" for o in objects)


def hovers(fig) -> list[str]:
    """Every hover text the figure can show, with %{customdata} filled in per point."""
    out = []
    for trace in fig.data:
        custom = trace.customdata
        if custom is None:
            out.append(trace.hovertemplate or "")
            continue
        for point in custom:
            cells = (
                point if isinstance(point, (list, tuple)) or getattr(point, "ndim", 0) else [point]
            )
            out.append((trace.hovertemplate or "") + " | " + " | ".join(map(str, cells)))
    return out


# -- figures ----------------------------------------------------------------------------------


def test_months_gained_hover_names_each_schemes_register_row():
    table = pd.DataFrame(
        {
            "scheme_id": ["1", "3"],
            "scheme": ["Hips", "Follow-ups"],
            "change_months": [-2.0, 1.0],
            "in_year_effect_gbp": [-20_000.0, 10_000.0],
            "source": [HIPS, FOLLOW_UPS],
        }
    )
    fig = delivery.months_gained(table, title="t")
    assert "%{customdata}" in fig.data[0].hovertemplate
    assert list(fig.data[0].customdata) == [f"<br>Source: {HIPS}", f"<br>Source: {FOLLOW_UPS}"]


def test_heatmap_hover_names_each_schemes_register_row_but_not_the_others_row():
    panel = pd.DataFrame(
        {
            "scheme_id": ["1", "1", "2", "2"],
            "scheme": ["Hips"] * 2 + ["Generics"] * 2,
            "panel": ["Value", "Overall"] * 2,
            "rating": ["green", "amber", "red", "red"],
            "source": [HIPS, HIPS, GENERICS, GENERICS],
        }
    )
    fig = rag.panel_heatmap(
        panel, title="t", others="All 5 other schemes", others_text=["1 G", "2 R"]
    )
    custom = fig.data[0].customdata
    assert "%{customdata}" in fig.data[0].hovertemplate
    assert list(custom[0]) == [f"<br>Source: {HIPS}"] * 2  # row "1 Hips"
    assert list(custom[1]) == [f"<br>Source: {GENERICS}"] * 2  # row "2 Generics"
    assert list(custom[2]) == ["", ""]  # the others row


def test_gantt_and_at_risk_hovers_name_the_task_and_register_rows():
    tasks = pd.DataFrame(
        {
            "task_id": ["1", "2"],
            "section": ["Build", "Go live"],
            "task": ["Recruit", "Commence"],
            "lead": ["A", "B"],
            "start": [pd.Timestamp("2026-09-01"), pd.NaT],
            "end": [pd.Timestamp("2026-10-31"), pd.Timestamp("2026-12-01")],
            "status": ["in progress", "not started"],
            "source": ["plan.xlsx!Gantt!6", "plan.xlsx!Gantt!9"],
        }
    )
    texts = "\n".join(hovers(plans.gantt(tasks, pd.Timestamp("2026-10-31"))))
    assert "Source: plan.xlsx!Gantt!6" in texts and "Source: plan.xlsx!Gantt!9" in texts
    at_risk = pd.DataFrame(
        {
            "scheme_id": ["1", "3"],
            "scheme": ["Hips", "Follow-ups"],
            "plan_change_months": [-3.0, -1.0],
            "at_risk_gbp": [30_000.0, 10_000.0],
            "source": [HIPS, FOLLOW_UPS],
            "plan_source": ["plan.xlsx!Gantt!9", ""],
        }
    )
    fig = plans.savings_at_risk_chart(at_risk)
    # sorted by at_risk_gbp (ascending): Follow-ups first
    assert list(fig.data[0].customdata) == [
        f"<br>Source: {FOLLOW_UPS}",
        f"<br>Source: {HIPS}<br>Plan task: plan.xlsx!Gantt!9",
    ]
    assert "%{customdata}" in fig.data[0].hovertemplate


def test_bring_forward_table_has_a_source_column_when_the_moves_have_one():
    moves = pd.DataFrame(
        {
            "scheme_id": ["3"],
            "scheme": ["Follow-ups"],
            "theme": ["Planned Care"],
            "phase": [4],
            "rag_overall": ["green"],
            "go_live": pd.PeriodIndex(["2027-01"], freq="M"),
            "new_go_live": pd.PeriodIndex(["2026-11"], freq="M"),
            "months_forward": [2],
            "gain_gbp": [20_000.0],
            "source": [FOLLOW_UPS],
        }
    )
    assert scenario_figures.bring_forward_table(moves)["Source"].tolist() == [FOLLOW_UPS]
    assert "Source" not in scenario_figures.bring_forward_table(moves.drop(columns="source"))


# -- page tables ------------------------------------------------------------------------------


def test_html_table_sets_each_source_in_small_type_escaped():
    frame = pd.DataFrame({"Scheme": ["1 Hips", "2 <Generics>"], "Source": [HIPS, "a<b>!S!3"]})
    out = common.html_table(frame).data
    assert f'<span class="pack-source">{HIPS}</span>' in out
    assert '<span class="pack-source">a&lt;b&gt;!S!3</span>' in out
    assert "<b>" not in out and "@@src" not in out


def test_sources_follow_the_ids_and_leave_an_others_row_blank(tmp_path):
    m = month(tmp_path)
    assert common.sources(m, ["3", "1", "All 4 other schemes"]) == [FOLLOW_UPS, HIPS, ""]


def test_delivery_table_and_months_gained_carry_each_schemes_source(tmp_path):
    m = month(tmp_path, change=(0.0, -2.0, 1.0))
    table = page30.delivery_table(m).data
    assert GENERICS in table and FOLLOW_UPS in table and HIPS not in table  # 1 has no change
    texts = "\n".join(hovers(page30.months_gained(m)))
    assert f"Source: {GENERICS}" in texts and f"Source: {FOLLOW_UPS}" in texts


def test_scenario_and_bring_forward_tables_carry_each_schemes_source(tmp_path, shown):
    slip = "name: Planned care slips\nchanges:\n  - theme: Planned Care\n    shift_months: 3\n"
    page30.scenarios_side_by_side(month(tmp_path, {"slip.yml": slip}))
    page = text(shown)
    # scheme 3 slips (changed schemes table); scheme 1 is live and held back (held table)
    assert f'<span class="pack-source">{FOLLOW_UPS}</span>' in page
    assert f'<span class="pack-source">{HIPS}</span>' in page
    shown.clear()
    page30.bring_forward_plan(month(tmp_path / "b"))
    page = text(shown)
    assert f'<span class="pack-source">{FOLLOW_UPS}</span>' in page  # the one scheme moved
    assert GENERICS not in page


def test_ratings_heatmap_hovers_carry_sources(tmp_path):
    m = month(tmp_path)
    fig = rag_dashboard.rag_heatmap(m)
    texts = "\n".join(hovers(fig))
    for source in SOURCES.values():
        assert f"Source: {source}" in texts


def test_board_summary_risk_rows_carry_their_source(tmp_path):
    schemes = summary_views.scheme_outturn(month(tmp_path))
    assert dict(zip(schemes["scheme_id"], schemes["source"])) == SOURCES


def test_page_40_commencement_table_names_register_and_plan_rows():
    from commissioning_analytics.pages import project_plans

    p = project_plans.load("2026-10", ROOT / "data" / "raw")
    changes = p.changes()
    assert not changes.empty
    out = project_plans.commencement_table(p).data
    rows = dict(zip(p.register["scheme_id"].astype(str), p.register["source"]))
    for scheme_id in changes["scheme_id"].astype(str):
        assert rows[scheme_id] in out
    assert out.count('class="pack-source"') == len(changes)
    assert "Gantt!" in out  # the plan task's own row as well


# -- the workbook agrees with page 30 ------------------------------------------------------------


def test_workbook_bring_forward_and_risk_sheets_equal_the_pages_computations(tmp_path):
    m = month(tmp_path)
    tables, notes = table_views.page_30_tables(m)
    # Baseline 210,000, 30,000 short of 240,000: scheme 3 (January, phase 4) reaches November:
    # 2 months x 120,000 / 12 = 20,000 gained (worked by hand, as page 30 prints it).
    moves = tables["bring_forward"]
    assert moves["scheme_id"].tolist() == ["3"] and moves["source"].tolist() == [FOLLOW_UPS]
    assert moves["gain_gbp"].sum() == pytest.approx(20_000.0)
    plan = delivery_views.bring_forward_for(m)
    assert moves["gain_gbp"].sum() == pytest.approx(plan.achieved_gbp - plan.baseline_gbp)
    result, _ = delivery_views.risk_for(m)
    risk = tables["delivery_risk"]
    assert risk["p50_gbp"].iloc[0] == pytest.approx(result.percentiles().loc["in_year", "p50"])
    assert risk["mean_gbp"].iloc[0] == pytest.approx(result.mean_gbp)
    assert "scenarios" not in tables  # no scenario files: no sheet, no note
    assert notes == []
    # and the written workbook holds the same numbers under plain headers
    path = tmp_path / "pack.xlsx"
    pack_tables_module.write_workbook(tables, path)
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert sheets["bring_forward"]["Saving gained in year (£)"].sum() == pytest.approx(20_000.0)
    assert sheets["bring_forward"]["Source (file!sheet!row)"].tolist() == [FOLLOW_UPS]
    assert sheets["delivery_risk"]["P50: the median (£)"].iloc[0] == pytest.approx(
        result.percentiles().loc["in_year", "p50"]
    )
    basis = sheets["Notes"].to_string()
    assert "model.bring_forward" in basis and "model.risk.simulate" in basis


def test_workbook_scenario_sheets_equal_page_30(tmp_path, shown):
    slip = "name: Planned care slips\nchanges:\n  - theme: Planned Care\n    shift_months: 3\n"
    m = month(tmp_path, {"slip.yml": slip})
    tables, _ = table_views.page_30_tables(m)
    totals = tables["scenarios"].set_index("scenario")
    # As page 30 prints: baseline 210,000 (30,000 short); the slip loses 3 x 10,000 = 30,000.
    assert totals["outturn_gbp"].tolist() == pytest.approx([210_000.0, 180_000.0])
    assert totals["gap_to_target_gbp"].tolist() == pytest.approx([30_000.0, 60_000.0])
    changed = tables["scenario_schemes"]
    assert changed["scheme_id"].tolist() == ["3"] and changed["source"].tolist() == [FOLLOW_UPS]


def test_a_part_that_fails_is_left_out_with_a_note(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("no risk today")

    monkeypatch.setattr(delivery_views, "risk_for", broken)
    tables, notes = table_views.page_30_tables(month(tmp_path))
    assert "delivery_risk" not in tables and "bring_forward" in tables
    assert ("Delivery risk", "left out of the workbook: ValueError: no risk today") in notes


def test_page_40_actions_and_milestones_name_each_tasks_row():
    from commissioning_analytics.model import plans as plan_model
    from commissioning_analytics.pages import project_plans

    p = project_plans.load("2026-10", ROOT / "data" / "raw")
    due = plan_model.actions_due(p.current, p.as_of)
    milestones = plan_model.milestones_as_of(p.current, p.as_of)
    assert not due.empty and not milestones.empty
    actions = project_plans.actions(p).data
    for source in due["source"]:
        assert f'<span class="pack-source">{source}</span>' in actions
    shown = project_plans.milestones(p).data
    for source in milestones["source"]:
        assert f'<span class="pack-source">{source}</span>' in shown


def test_actuals_and_schemes_tables_keep_their_source_rows():
    from commissioning_analytics import month as report
    from commissioning_analytics.views import tables as tables_views

    m = report.load_month("2026-10", ROOT / "data" / "raw")
    tables = tables_views.pack_tables(m)
    actuals, schemes = tables["actuals"], tables["schemes"]
    assert len(actuals) > 0
    assert actuals["source"].str.match(r"^qipp_actuals\.xlsx!.+!\d+$").all()
    assert len(set(actuals["source"])) == len(actuals)  # one recorded row each
    assert schemes["source"].str.match(r"^qipp_register\.xlsx!.+!\d+$").all()
