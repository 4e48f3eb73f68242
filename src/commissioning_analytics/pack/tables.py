"""The pack's tables written as the workbook (one sheet each, a Notes sheet) and the tidy CSVs of
``data/processed/<period>/``, on a thread or, for a big register, a second process, while the
notebooks run. The tables themselves are :func:`views.tables.pack_tables`'."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from .. import monthcache
from ..export import Column, Sheet, wide_profile, write_csv
from ..export import write_workbook as write
from ..views.tables import optional_tables, pack_tables

# What each table of the pack shows and the basis of its figures (the workbook's Notes sheet).
SHEET_NOTES = {
    "summary": (
        "The headline figures of the pack, as on the summary page.",
        "See the figure definitions above; pounds unless named.",
    ),
    "schemes": (
        "Every scheme of the register, one row each, with the model's figures and actuals to date.",
        "Register as read (source = file!sheet!row); months in year, plan, most likely "
        "and forecast recomputed by the rules; actual to date = April to the reporting "
        "month.",
    ),
    "savings_curve": (
        "Monthly and cumulative savings for the year on every basis.",
        "Plan, most likely (plan x RAG weight), forecast (director-assessed) and "
        "actuals to the reporting month; £k format, cells hold pounds.",
    ),
    "by_theme": (
        "Plan, most likely, forecast and actual to date by theme.",
        "Sums of the schemes sheet; £k format, cells hold pounds.",
    ),
    "by_phase": (
        "The same by phase (1 = most redesign, 4 = contractual).",
        "Sums of the schemes sheet; £k format, cells hold pounds.",
    ),
    "by_rag": (
        "Count and value by overall RAG rating, and what risk weighting takes off.",
        "Risk adjustment = most likely - plan; weights named in the summary.",
    ),
    "ytd_variance": (
        "Year-to-date plan, actual and variance by theme, with a total.",
        "April to the reporting month; variance = actual - plan (negative: behind plan).",
    ),
    "live_from_april": (
        "Plan in year by go-live month.",
        "Share of the year's plan; schemes live before April count as April.",
    ),
    "ratings": (
        "The five panel ratings of every scheme, one row per scheme (the CSV has them "
        "one row per scheme and panel).",
        "As stated in the register.",
    ),
    "ratings_moved": (
        "Ratings that differ from the previous month's pack.",
        "Compared with data/processed/<previous month>/schemes.csv.",
    ),
    "waterfall": (
        "Plan in year to forecast: risk weighting and change in delivery.",
        "Change in delivery = forecast - most likely (both risk-weighted).",
    ),
    "change_in_delivery": (
        "Schemes with a change in delivery: months and £ effect.",
        "In-year effect = forecast - most likely; next-year effect = "
        "forecast next year - plan next year.",
    ),
    "next_year_effect": (
        "Next year's incremental saving by theme, plan and forecast.",
        "Slippage moves savings out of this year into the next.",
    ),
    "actuals": (
        "Every actual saving recorded, one row per scheme and month.",
        "As read from the actuals workbook (source = file!sheet!row).",
    ),
    "bridge": (
        "From plan to outturn: risk weighting, slippage, actuals against forecast.",
        "Adds up to the penny: plan - weighting - slippage + (actual - forecast to date) "
        "= outturn.",
    ),
    "register_tie_out": (
        "The register's own totals beside the pack's, with the difference.",
        "Differences explained by the reconcile findings (cell, stated, rule).",
    ),
    "no_actual_recorded": (
        "Live schemes with no actual recorded for a past month.",
        "Distinct from a recorded 0.",
    ),
    "plan_tasks": (
        "Every task of the project plans (Gantt grids, action logs, milestones).",
        "The latest version of each plan in plans/; status as of the end of the "
        "reporting month; file_ref links a task to a scheme.",
    ),
    "deflection_interventions": (
        "The deflection interventions as read.",
        "From deflection/interventions.xlsx.",
    ),
    "deflection_realisation": (
        "Realised deflection against plan, per intervention.",
        "Activity actuals against each intervention's planned deflection to the reporting month.",
    ),
    "deflection_gap": (
        "The financial gap closed by the deflection programme, by year.",
        "Planned net saving (deflection x unit cost - reinvestment) against the gap.",
    ),
    "indicators": (
        "Transformation performance indicators: SPC summary per series.",
        "XmR charts with Making Data Count's rules.",
    ),
    "scenarios": (
        "Page 30's scenarios side by side: the outturn, the change against the "
        "baseline and the gap to the plan under each.",
        "scenarios.compare_scenarios on the data folder's scenarios/*.yml, as page 30; "
        "outturn = actual to date + each scenario's risk-weighted forecast for the "
        "months after the reporting month; nothing moves into a reported month.",
    ),
    "scenario_schemes": (
        "Every scheme each scenario changes, with its register row.",
        "scenarios.compare_scenarios (per scheme), as page 30.",
    ),
    "delivery_risk": (
        "Page 30's delivery risk: P10, P50, P90 and mean of the simulated "
        "outturn and next year's saving.",
        "model.risk.simulate from today's position (actuals to date fixed, "
        "10,000 draws, seed 2026, the data folder's risk.yml or the defaults), "
        "as page 30.",
    ),
    "bring_forward": (
        "Page 30's bring-forward plan: which schemes move, by how many months, "
        "and the saving gained in year.",
        "model.bring_forward against the plan from the outturn, as page 30 "
        "(phase limits; nothing before the month after the reporting month).",
    ),
    "plan_actions": (
        "Page 40's actions overdue or due within a month of the reporting date.",
        "model.plans.actions_due on the latest version of each plan.",
    ),
    "plan_milestones": (
        "Page 40's milestones with their RAG as of the reporting date.",
        "model.plans.milestones_as_of: overdue red, due within a month amber unless started.",
    ),
    "plan_contradictions": (
        "Plans that start a service later than the register's go-live + "
        "the directors' change in delivery, with the £ effect.",
        "headline.plan_check, as the summary and pages 30 and 40; effect = "
        "directors' forecast − plan-adjusted forecast in year.",
    ),
    "monthly_profile": (
        "Each scheme's monthly plan and forecast for the financial year: one "
        "row per scheme, months as columns.",
        "The rules of the register applied month by month; pounds. Two years on "
        "every basis (plan, most likely, forecast) are in "
        "data/processed/<period>/monthly_profile.csv, one row per scheme and "
        "month.",
    ),
}


# Plain-English headers (with units) of the page-30/40 sheets' own columns: (header, kind).
SHEET_COLUMNS = {
    "scenarios": {
        "description": ("What changes", "text"),
        "forecast_in_year_gbp": ("Forecast in year (£)", "money"),
        "outturn_gbp": ("Outturn: actual to date + forecast (£)", "money"),
        "change_gbp": ("Outturn change against the baseline (£)", "money"),
        "gap_to_target_gbp": ("Gap to the plan: plan − outturn (£)", "money"),
        "next_year_gbp": ("Next year (£)", "money"),
        "held": ("Changes held out of reported months", "integer"),
    },
    "scenario_schemes": {
        "baseline_in_year_gbp": ("Outturn, baseline (£)", "money"),
        "in_year_gbp": ("Outturn, scenario (£)", "money"),
        "in_year_change_gbp": ("Change in year (£)", "money"),
        "baseline_next_year_gbp": ("Next year, baseline (£)", "money"),
        "next_year_gbp": ("Next year, scenario (£)", "money"),
        "next_year_change_gbp": ("Change next year (£)", "money"),
    },
    "delivery_risk": {
        "basis": ("Figure", "text"),
        "p10_gbp": ("P10: 1 in 10 chance of less (£)", "money"),
        "p50_gbp": ("P50: the median (£)", "money"),
        "p90_gbp": ("P90: 1 in 10 chance of more (£)", "money"),
        "mean_gbp": ("Mean (£)", "money"),
    },
    "bring_forward": {
        "go_live": ("Go-live month (forecast)", "month"),
        "new_go_live": ("Brought forward to", "month"),
        "months_forward": ("Months brought forward", "integer"),
        "gain_gbp": ("Saving gained in year (£)", "money"),
    },
    "plan_contradictions": {
        "go_live": ("Register go-live", "month"),
        "directors_go_live": ("Directors' forecast start", "month"),
        "plan_go_live": ("Plan: service commences", "month"),
        "change_in_delivery_months": ("Directors' change in delivery (months)", "number"),
        "plan_change_months": ("Plan's change in delivery (months)", "number"),
        "forecast_gbp": ("Directors' forecast in year (£)", "money"),
        "plan_forecast_gbp": ("Plan-adjusted forecast in year (£)", "money"),
        "effect_gbp": ("Effect: less in year (£)", "money"),
    },
}


HEADLINE_NOTES = [
    ("Plan (target)", "Sum of plan in year: full-year effect x months from go-live to March / 12."),
    ("Most likely", "Plan in year x the weight of the scheme's overall RAG rating."),
    (
        "Forecast",
        "Full-year effect x (months in year + the directors' change in delivery, "
        "kept within 0-12) / 12 x the RAG weight.",
    ),
    ("Actual to date", "Actual savings recorded April to the reporting month."),
    ("Forecast outturn", "Actual to date + the forecast for the months after the reporting month."),
    ("Gap to target", "Plan - forecast outturn (positive: a shortfall)."),
    (
        "Money",
        "Pounds in every cell; columns named (£) show pounds, summary tables show £k "
        "(the cell still holds pounds).",
    ),
]


def workbook_sheets(tables: dict) -> list:
    """The pack's tables as workbook sheets a person can use: the monthly profile one row per
    scheme with the year's plan and forecast months as columns; the panel ratings one row per
    scheme, a panel per column (both long in the CSVs)."""

    sheets = []
    for name, frame in tables.items():
        about, basis = SHEET_NOTES.get(name, ("", ""))
        columns = {}
        if name == "ratings" and {"panel", "rating"} <= set(frame.columns):
            frame = _ratings_wide(frame)
        if name == "monthly_profile" and "month" in frame.columns:
            frame = wide_profile(frame, measures=("plan", "forecast"), months=12)
            columns = {
                c: Column(f"{c} (£)", "money", 11) for c in frame.columns if c != "scheme_id"
            }
        if name == "waterfall":
            columns = {"value_gbp": Column("Amount (£)", "money_k", 14)}
        if name == "bridge":  # whole-year steps, not a month's saving (issue 20 item 7)
            columns = {"value_gbp": Column("Amount in year (£)", "money_k", 14)}
        for column, (header, kind) in SHEET_COLUMNS.get(name, {}).items():
            columns[column] = Column(header, kind, 16)
        sheets.append(Sheet(name, frame, about=about, basis=basis, columns=columns))
    return sheets


def _ratings_wide(long):
    """``scheme_id, scheme, panel, rating`` as one row per scheme, one column per panel."""

    keys = ["scheme_id", "scheme"]
    order = list(dict.fromkeys(long["panel"]))
    wide = long.assign(rating=long["rating"].astype("string").str.capitalize()).pivot(
        index=keys, columns="panel", values="rating"
    )
    wide = wide.reindex(columns=order).reset_index()
    first = pd.Index(long["scheme_id"]).unique()
    wide = wide.set_index("scheme_id").loc[first].reset_index()
    wide.columns = keys + [f"RAG: {p.lower()}" for p in order]
    return wide


def write_workbook(
    tables: dict, path: Path, *, title: str = "", notes: list[tuple[str, str]] = ()
) -> None:
    """The pack's tables, one sheet each, with a Notes sheet (see :mod:`export`: £ formats,
    real dates, filters and frozen headers, text never a formula, Excel's limits kept)."""

    write(workbook_sheets(tables), path, title=title, notes=[*HEADLINE_NOTES, *notes])


# The workbook and CSVs are written while the notebooks run: from this many schemes by a second
# process (30,000 schemes: ~30 s of writing hidden behind the pages), below it on a thread.
TABLES_IN_PARALLEL_FROM = 2_000


def write_tables(
    month_file: str, workbook_path: str, title: str, processed_folder: str
) -> dict[str, float]:
    """The pack's tables from the month saved by :func:`monthcache.save`, written as the
    workbook and the tidy CSVs; returns the seconds each took."""
    stages = {}
    start = time.perf_counter()
    month = monthcache.read(Path(month_file))
    tables = pack_tables(month)
    extra, notes = optional_tables(month)
    tables.update(extra)
    stages["tables"] = time.perf_counter() - start
    start = time.perf_counter()
    write_workbook(tables, Path(workbook_path), title=title, notes=notes)
    stages["workbook"] = time.perf_counter() - start
    start = time.perf_counter()
    write_processed(tables, Path(processed_folder))
    stages["csv"] = time.perf_counter() - start
    return stages


def start_tables_writer(job: tuple, process: bool = True):
    """:func:`write_tables` beside the notebooks: in a fresh process for a big register
    (spawned: no fork of a threaded parent), else on a thread of this one."""

    executor = (
        ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        if process
        else ThreadPoolExecutor(max_workers=1)
    )
    future = executor.submit(write_tables, *job)
    executor.shutdown(wait=False)
    return future


def write_processed(tables: dict, folder: Path) -> None:
    """The pack's tables as tidy CSVs in ``folder`` (safe from formula injection)."""

    for name, frame in tables.items():
        write_csv(frame, folder / f"{name}.csv")
