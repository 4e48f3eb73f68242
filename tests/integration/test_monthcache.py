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
