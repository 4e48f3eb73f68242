"""The month is loaded once per pack and handed to the kernels (monthcache)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commissioning_analytics import month as report
from commissioning_analytics import monthcache

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", folder)
    return folder


def test_a_saved_month_stands_in_for_loading_the_workbooks(data, tmp_path, monkeypatch):
    month = report.load_month("2026-10", data)
    path = monthcache.save(
        month, tmp_path, register_file="qipp_register.xlsx", organisation=month.organisation
    )
    assert path.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv(monthcache.ENV, str(path))

    def no_parsing(*args, **kwargs):
        raise AssertionError("the register was parsed again")

    monkeypatch.setattr("commissioning_analytics.month.load_register", no_parsing)
    again = report.load_month("2026-10", str(data))
    assert again.plan.in_year.sum() == pytest.approx(month.plan.in_year.sum())
    assert list(again.register["scheme_id"]) == list(month.register["scheme_id"])
    assert again.actuals["actual_gbp"].sum() == pytest.approx(month.actuals["actual_gbp"].sum())


def test_a_different_month_setting_or_changed_register_loads_afresh(data, tmp_path, monkeypatch):
    month = report.load_month("2026-10", data)
    path = monthcache.save(
        month, tmp_path, register_file="qipp_register.xlsx", organisation=month.organisation
    )
    monkeypatch.setenv(monthcache.ENV, str(path))
    assert (
        monthcache.cached_month(
            "2026-10", data, "qipp_register.xlsx", organisation=month.organisation
        )
        is not None
    )
    assert (
        monthcache.cached_month(
            "2026-09", data, "qipp_register.xlsx", organisation=month.organisation
        )
        is None
    )
    assert (
        monthcache.cached_month(
            "2026-10",
            data,
            "qipp_register.xlsx",
            weight_set="treasury",
            organisation=month.organisation,
        )
        is None
    )
    register = data / "qipp_register.xlsx"
    register.write_bytes(register.read_bytes())  # same bytes, new modification time
    import os

    os.utime(register, ns=(1, 1))
    assert (
        monthcache.cached_month(
            "2026-10", data, "qipp_register.xlsx", organisation=month.organisation
        )
        is None
    )


def test_without_the_environment_variable_nothing_is_cached(data, monkeypatch):
    monkeypatch.delenv(monthcache.ENV, raising=False)
    assert monthcache.cached_month("2026-10", data, "qipp_register.xlsx") is None


def test_the_tables_writer_process_writes_the_workbook_and_csvs(data, tmp_path):
    """A big register's workbook and CSVs are written by a second process from the saved
    month, while the notebooks run; same tables as written in the pack's own process."""
    from openpyxl import load_workbook

    from commissioning_analytics.pack import tables as pack_tables_module

    month = report.load_month("2026-10", data)
    saved = monthcache.save(
        month, tmp_path, register_file="qipp_register.xlsx", organisation=month.organisation
    )
    csvs = tmp_path / "processed"
    csvs.mkdir()
    job = (str(saved), str(tmp_path / "pack.xlsx"), "title", str(csvs))
    stages = pack_tables_module.start_tables_writer(job).result(timeout=120)
    assert {"tables", "workbook", "csv"} <= set(stages)
    schemes = load_workbook(tmp_path / "pack.xlsx")["schemes"]
    assert schemes.max_row == 1 + len(month.register)
    import pandas as pd

    written = pd.read_csv(csvs / "schemes.csv")
    assert written["plan_in_year"].sum() == pytest.approx(month.plan.in_year.sum())


def test_executed_notebooks_lose_their_plotly_js_copy_only():
    import nbformat

    from commissioning_analytics.pack import notebooks as pack_notebooks

    nb = nbformat.v4.new_notebook()
    bundle = nbformat.v4.new_output(
        "display_data",
        data={"text/html": "<script>/**\n* plotly.js v3.1.0\n*/ big library</script>"},
    )
    figure = nbformat.v4.new_output(
        "display_data",
        data={"text/html": '<div class="plotly-graph-div"></div><script>Plotly.newPlot()</script>'},
    )
    cell = nbformat.v4.new_code_cell("fig", outputs=[bundle, figure])
    nb.cells.append(cell)
    assert pack_notebooks.strip_plotly_js(nb) == 1
    assert "plotly.js v3" not in cell.outputs[0]["data"]["text/html"]
    assert "Plotly.newPlot" in cell.outputs[1]["data"]["text/html"]
    assert pack_notebooks.strip_plotly_js(nb) == 0


def test_an_unreadable_optional_input_is_left_out_of_the_workbook_with_a_note(data):
    from commissioning_analytics.views import tables as table_views

    (data / "deflection" / "interventions.xlsx").write_bytes(b"not a workbook")
    month = report.load_month("2026-10", data)
    tables, notes = table_views.optional_tables(month)
    assert "plan_tasks" in tables and len(tables["plan_tasks"]) > 0
    assert not [name for name in tables if name.startswith("deflection")]
    assert [figure for figure, _ in notes] == ["Deflection"]
    assert "left out of the workbook" in notes[0][1]


def test_a_view_of_the_pack_month_is_worked_out_once_for_the_pack_kernels_and_writer(
    data, tmp_path, monkeypatch
):
    # the pack's month, a kernel's copy (cached_month) and the writer's (read): one piece of work
    month = report.load_month("2026-10", data)
    path = monthcache.save(
        month, tmp_path, register_file="qipp_register.xlsx", organisation=month.organisation
    )
    monkeypatch.setenv(monthcache.ENV, str(path))
    kernel = monthcache.cached_month(
        "2026-10", data, "qipp_register.xlsx", organisation=month.organisation
    )
    writer = monthcache.read(path)
    done = []

    def work():
        done.append(1)
        return {"outturn_gbp": 1_234_567.0}

    assert [monthcache.shared(m, "answer", work) for m in (kernel, writer, month)] == [
        {"outturn_gbp": 1_234_567.0}
    ] * 3
    assert len(done) == 1
    views = tmp_path / monthcache.VIEWS
    assert (views / "answer.pickle").is_file()
    monthcache.discard(path)  # before the pack is published: nothing of it is left
    assert not path.exists() and not views.exists()


def test_a_month_the_pack_did_not_hand_out_shares_nothing_and_a_failed_view_is_not_kept(
    data, tmp_path
):
    alone = report.load_month("2026-10", data)  # a notebook opened on its own
    done = []
    assert monthcache.shared(alone, "answer", lambda: done.append(1) or 7) == 7
    assert monthcache.shared(alone, "answer", lambda: done.append(1) or 7) == 7
    assert len(done) == 2
    month = report.load_month("2026-10", data)
    monthcache.save(month, tmp_path, register_file="qipp_register.xlsx")

    def fails():
        raise ValueError("risk.yml: red.shortfall: expected a mapping")

    with pytest.raises(ValueError, match="red.shortfall"):
        monthcache.shared(month, "risk", fails)
    assert monthcache.shared(month, "risk", lambda: 42) == 42  # worked out by the next caller


def test_the_writer_states_the_pages_scenarios_risk_and_plan_check_without_redoing_them(
    data, tmp_path, monkeypatch
):
    from commissioning_analytics.views import delivery
    from commissioning_analytics.views.tables import page_30_tables

    month = report.load_month("2026-10", data)
    path = monthcache.save(
        month, tmp_path, register_file="qipp_register.xlsx", organisation=month.organisation
    )
    monkeypatch.setenv(monthcache.ENV, str(path))
    page = monthcache.cached_month(  # page 30's kernel
        "2026-10", data, "qipp_register.xlsx", organisation=month.organisation
    )
    result, _ = delivery.risk_for(page)
    check = delivery.plan_check_for(page)
    comparison = delivery.month_comparison(page)

    def again(*args, **kwargs):
        raise AssertionError("worked out again")

    monkeypatch.setattr(delivery, "simulate", again)
    monkeypatch.setattr(delivery, "compare_scenarios", again)
    monkeypatch.setattr(delivery._headline, "plan_check", again)
    tables, notes = page_30_tables(monthcache.read(path))  # the tables writer
    assert notes == []
    risk = tables["delivery_risk"].set_index("basis")
    p50 = result.percentiles().loc["in_year", "p50"]
    assert risk.loc["In year (outturn), simulated", "p50_gbp"] == p50
    assert len(tables["plan_contradictions"]) == len(check.contradictions)
    outturns = tables["scenarios"]["outturn_gbp"].tolist()
    assert outturns == comparison.totals["outturn_gbp"].tolist() and len(outturns) > 1
