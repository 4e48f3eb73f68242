"""Every table of the pack by sheet name: what the workbook and ``data/processed/<period>/``
hold (:func:`pack_tables`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .. import month as months
from ..errors import UserError
from ..io.datafolder import DataFolder
from ..io.deflection import load_activity, load_interventions
from ..model import headline
from ..model import headline as _headline
from ..model import plans as plan_model
from ..model.headline import Headline
from ..model.phasing import Phasing
from ..month import MonthInputs
from ..schema import Scheme
from . import delivery as page
from .deflection import build
from .delivery import delivery_by_scheme, next_year_effect, waterfall
from .rag import previous_ratings, rag_panel, rag_summary, ratings_moved
from .savings import (
    in_year_by,
    live_from_april,
    register_tie_out,
    savings_curve,
    scheme_table,
    unrecorded_actuals,
    ytd_variance,
)

Tables = dict[str, pd.DataFrame]  # sheet name -> table
Notes = list[tuple[str, str]]  # (what, why it is left out) for the Notes sheet


def long_profile(phasings: list[Phasing]) -> pd.DataFrame:
    """:meth:`Phasing.to_long` of each basis, one under the other, with the month as text
    (``2026-04``): ``scheme_id, month, measure, value_gbp``. The text columns are categorical
    (30,000 schemes: 2.16 million rows of two dozen months and three measures), which holds
    the table in 28 MB where a string per row took 450 MB; the CSV reads the same."""
    first = phasings[0]
    n_schemes, n_months = first.monthly.shape
    if any(
        p.monthly.shape != first.monthly.shape or list(p.months) != list(first.months)
        for p in phasings
    ):  # not one grid: the plain way
        out = pd.concat([p.to_long() for p in phasings], ignore_index=True)
        return out.assign(month=out["month"].astype(str))
    ids, schemes = pd.factorize(pd.Series(np.asarray(first.scheme_ids, dtype=object)))
    k = len(phasings)
    return pd.DataFrame(
        {
            Scheme.scheme_id: pd.Categorical.from_codes(
                np.tile(np.repeat(ids, n_months), k).astype(np.int64),
                categories=pd.Index(schemes).astype(str),
            ),
            "month": pd.Categorical.from_codes(
                np.tile(np.arange(n_months), n_schemes * k).astype(np.int64),
                categories=pd.Index([str(m) for m in first.months]),
            ),
            "measure": pd.Categorical.from_codes(
                np.repeat(np.arange(k), n_schemes * n_months).astype(np.int64),
                categories=pd.Index([p.basis.name for p in phasings]),
            ),
            "value_gbp": np.concatenate([p.monthly.ravel() for p in phasings]),
        }
    )


def pack_tables(month: MonthInputs) -> dict[str, pd.DataFrame]:
    """Every table of the pack by sheet name (Excel workbook and ``data/processed``)."""

    head = _headline.headline(month).as_dict()
    summary = pd.DataFrame(
        {
            "figure": list(head),
            "value": [
                v
                if isinstance(v, (int, float)) or v is None
                else ", ".join(v)
                if isinstance(v, list)
                else str(v)
                for v in head.values()
            ],
        }
    )
    curve = savings_curve(month)
    curve["month"] = curve["month"].astype(str)
    monthly = long_profile([month.plan, month.most_likely, month.forecast])
    actuals = (
        month.actuals.assign(month=month.actuals["month"].astype(str))
        if month.actuals is not None
        else pd.DataFrame(columns=["scheme_id", "month", "actual_gbp", "source"])
    )
    return {
        "summary": summary,
        "actuals": actuals.reset_index(drop=True),
        "schemes": scheme_table(month),
        "savings_curve": curve,
        "by_theme": in_year_by(month, Scheme.theme),
        "by_phase": in_year_by(month, Scheme.phase),
        "by_rag": rag_summary(month),
        "ytd_variance": ytd_variance(month),
        "live_from_april": live_from_april(month),
        "ratings": rag_panel(month),
        "ratings_moved": ratings_moved(month, previous_ratings(month)),
        "waterfall": waterfall(month),
        "bridge": _headline.bridge(month),
        "register_tie_out": register_tie_out(month),
        "no_actual_recorded": unrecorded_actuals(month),
        "change_in_delivery": delivery_by_scheme(month),
        "next_year_effect": next_year_effect(month),
        "monthly_profile": monthly.reset_index(drop=True),
    }


def optional_tables(month: MonthInputs) -> tuple[Tables, Notes]:
    """The plans' tasks and the deflection tables of the month's data folder, for the workbook
    and the CSVs; an optional input that is absent or cannot be read is left out with a note
    (it never stops the pack)."""
    tables: Tables = {}
    notes: Notes = []
    if month.data_dir is None:
        return tables, notes
    folder = DataFolder(Path(month.data_dir))
    plans = None  # read once for the plans' sheets and page 30/40's
    if folder.plans():
        try:
            plans = months.plan_tasks(month)
            tasks, unread = plans
            if tasks is not None:
                tables["plan_tasks"] = tasks
            notes.extend(("Plans", line) for line in unread)
        except Exception as error:  # an optional input never stops the pack
            notes.append(("Plans", f"left out of the workbook: {one_line(error)}"))
    tables_30, notes_30 = page_30_tables(month, read_plans=plans)
    tables.update(tables_30)
    notes.extend(notes_30)
    if folder.interventions.is_file() and folder.activity.is_file():
        try:
            loaded = load_interventions(folder.interventions)
            activity = load_activity(folder.activity, loaded.interventions)
            page = build(
                loaded.interventions,
                loaded.gap,
                activity.activity,
                str(month.period),
                organisation=month.organisation,
            )
            tables["deflection_interventions"] = loaded.interventions
            tables["deflection_realisation"] = page.summary
            tables["deflection_gap"] = page.gap_table
            tables["indicators"] = page.chart_summary
        except Exception as error:  # an optional input never stops the pack
            notes.append(("Deflection", f"left out of the workbook: {one_line(error)}"))
    return tables, notes


def page_30_tables(
    month: MonthInputs, *, read_plans: tuple[pd.DataFrame | None, list[str]] | None = None
) -> tuple[Tables, Notes]:
    """Page 30's and 40's tables for the workbook and the CSVs, by the same library calls the
    pages make (so the workbook and the page agree): the scenarios side by side and the
    schemes they change, the delivery-risk percentiles, the bring-forward moves, the plans
    that contradict the directors' forecast, and the plans' actions and milestones. Each part
    that cannot be worked out is left out with a note (it never stops the pack)
    (``read_plans``: `month.plan_tasks` of the month when already read)."""
    tables: Tables = {}
    notes: Notes = []
    ids = month.register["scheme_id"].astype(str)
    where = (
        dict(zip(ids, month.register["source"].astype(str))) if "source" in month.register else {}
    )

    def with_source(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(source=frame["scheme_id"].astype(str).map(where).fillna(""))

    def attempt(what: str, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception as error:  # an optional table never stops the pack
            notes.append((what, f"left out of the workbook: {one_line(error)}"))

    def scenarios() -> None:
        found = page.month_scenarios(month)
        if not found:
            return
        comparison = page.compare(month, found)
        tables["scenarios"] = comparison.totals
        tables["scenario_schemes"] = with_source(comparison.per_scheme)

    def risk() -> None:
        result, _ = page.risk_for(month)
        percentiles = result.percentiles()
        tables["delivery_risk"] = pd.DataFrame(
            {
                "basis": [
                    "In year (outturn), simulated"
                    if i == "in_year"
                    else "Next year (incremental), simulated"
                    for i in percentiles.index
                ],
                **{f"{c}_gbp": percentiles[c].to_numpy() for c in ("p10", "p50", "p90", "mean")},
            }
        )

    def bring_forward() -> None:
        plan = page.bring_forward_for(month, page.scenario_register(month)[0])
        tables["bring_forward"] = with_source(plan.moves)

    def plans() -> None:
        tasks, _ = read_plans if read_plans is not None else months.plan_tasks(month)
        if tasks is None:
            return
        as_of = plan_model.reporting_date(str(month.period))
        tables["plan_actions"] = plan_model.actions_due(tasks, as_of)
        tables["plan_milestones"] = plan_model.milestones_as_of(tasks, as_of)
        tables["plan_contradictions"] = headline.plan_check(month, tasks).contradictions

    attempt("Scenarios", scenarios)
    attempt("Delivery risk", risk)
    attempt("Bring forward", bring_forward)
    if month.data_dir is not None:
        attempt("Plans", plans)
    return tables, notes


def one_line(error: Exception) -> str:
    lines = error.lines() if isinstance(error, UserError) else [f"{type(error).__name__}: {error}"]
    return "; ".join(lines)[:500]


def summary_figures(month: MonthInputs, head: Headline) -> dict[str, object]:
    """``summary.json``: the headline figures (:meth:`headline.Headline.as_dict`) and where the
    plans contradict the directors' forecast (``plan_adjusted_forecast``, ...)."""
    tasks, _ = months.plan_tasks(month)
    check = headline.plan_check(month, tasks)
    return {
        **head.as_dict(),
        "plan_contradictions": int(len(check.contradictions)),
        "plan_contradictions_gbp": check.effect_gbp,
        "plan_adjusted_forecast": check.plan_adjusted_forecast,
        "plan_adjusted_outturn": check.plan_adjusted_outturn,
    }
