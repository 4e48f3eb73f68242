"""One month's pack inputs, loaded once, and the tidy tables every pack page is drawn from.

:func:`load_month` reads a data folder (register, actuals to date) for a reporting month and
phases the register on the three bases of shared/DESIGN.md (plan, most likely, forecast).
:func:`month_from_frames` does the same from frames, so tests and the explorer need no files.
The table functions below are pure (``MonthInputs -> DataFrame``); money is in pounds, months
are ``pandas.Period`` (M), the financial year runs April to March and is named by its starting
calendar year (``2026`` for 2026/27).

Tidy tables of a built pack go to :func:`processed_dir` of the data folder: ``data/processed``
when the data folder is ``data/raw`` (the repository layout), else ``<data folder>/processed``;
one sub-folder per reporting month (``data/processed/2026-10/``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import calendar
from .datafolder import DataFolder
from .errors import UserError
from .figures import money
from .model.phasing import FORECAST, MOST_LIKELY, PLAN, Phasing, Ramp, STEP, phase, weight_set
from .schema import Scheme

MEASURES = ("plan", "most_likely", "forecast", "actual")
MEASURE_LABELS = {"plan": "Plan", "most_likely": "Most likely (risk-weighted)",
                  "forecast": "Forecast (director-assessed)", "actual": "Actual to date"}
PANEL_LABELS = {Scheme.rag_value: "Value", Scheme.rag_resources: "Resources",
                Scheme.rag_timeliness: "Timeliness", Scheme.rag_codependency: "Co-dependency",
                Scheme.rag_overall: "Overall"}


@dataclass
class MonthInputs:
    """Everything a pack page needs for one reporting month.

    Attributes:
        period: the reporting month (actuals to date run to its end).
        year: the register's financial year (starting calendar year).
        register: canonical scheme table (schema.Scheme columns).
        actuals: ``scheme_id, month, actual_gbp, source`` or ``None`` when the data folder has
            no actuals workbook.
        weights: weight set name or mapping used for most likely and forecast.
        plan, most_likely, forecast: the register phased on each basis (two years, monthly).
        organisation: shown in titles.
        data_dir: the data folder the month was read from (``None`` when built from frames).
        scenario: scenario name ("" = none), passed through for the scenarios pages.
        notes: plain sentences about absent inputs, shown on the pages.
    """

    period: pd.Period
    year: int
    register: pd.DataFrame
    actuals: pd.DataFrame | None
    weights: object
    plan: Phasing
    most_likely: Phasing
    forecast: Phasing
    organisation: str = "NHS Northfield ICB"
    data_dir: Path | None = None
    scenario: str = ""
    register_file: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def months(self) -> pd.PeriodIndex:
        """The twelve months of the register's financial year, April to March."""
        return calendar.fy_months(self.year)

    @property
    def period_index(self) -> int:
        """Offset of the reporting month from April (M1 = 0)."""
        return calendar.month_offset(self.period, calendar.fy_start(self.year))

    @property
    def fy(self) -> str:
        return calendar.fy_label(self.year)

    @property
    def period_label(self) -> str:
        """``"October 2026 (M7 2026/27)"``."""
        return (f"{self.period.strftime('%B %Y')} "
                f"(M{calendar.fy_month_number(self.period)} {self.fy})")

    def actual_by_scheme_month(self) -> np.ndarray:
        """Actual savings, schemes x the year's 12 months, pounds (0 after the reporting month
        and where none was recorded); all zeros when there are no actuals."""
        out = np.zeros((len(self.register), 12))
        if self.actuals is None or self.actuals.empty:
            return out
        rows = pd.Index(self.register[Scheme.scheme_id].astype(str)).get_indexer(
            self.actuals[Scheme.scheme_id].astype(str))
        cols = calendar.month_offsets(self.actuals["month"], calendar.fy_start(self.year))
        keep = (rows >= 0) & (cols >= 0) & (cols <= self.period_index)
        np.add.at(out, (rows[keep], cols[keep].astype(int)),
                  self.actuals["actual_gbp"].to_numpy(dtype=float)[keep])
        return out


def processed_dir(data_dir: Path) -> Path:
    """Where a pack writes tidy tables for a data folder (see the module docstring)."""
    data_dir = Path(data_dir).resolve()
    return data_dir.parent / "processed" if data_dir.name == "raw" else data_dir / "processed"


def month_from_frames(
    register: pd.DataFrame,
    year: int,
    period: str | pd.Period,
    actuals: pd.DataFrame | None = None,
    *,
    weights: object = "board",
    ramp: Ramp = STEP,
    organisation: str = "NHS Northfield ICB",
    data_dir: Path | None = None,
    scenario: str = "",
) -> MonthInputs:
    """Phase a register for a reporting month (see :class:`MonthInputs`).

    Raises:
        UserError: when the month is not in the register's financial year.
    """
    period = calendar.parse_month(period)
    if calendar.fy_start_year(period) != year:
        raise UserError(f"period {period}: not in the register's financial year "
                        f"{calendar.fy_label(year)} (April {year} to March {year + 1})")
    register = register.reset_index(drop=True).copy()
    if Scheme.change_in_delivery_months in register:
        register[Scheme.change_in_delivery_months] = (
            pd.to_numeric(register[Scheme.change_in_delivery_months]).fillna(0.0))
    weights = weight_set(weights)
    return MonthInputs(
        period=period, year=year, register=register, actuals=actuals, weights=weights,
        plan=phase(register, year, PLAN, weights=weights, ramp=ramp),
        most_likely=phase(register, year, MOST_LIKELY, weights=weights, ramp=ramp),
        forecast=phase(register, year, FORECAST, weights=weights, ramp=ramp),
        organisation=organisation, data_dir=data_dir, scenario=scenario,
    )


def load_month(
    period: str,
    data_dir: str | Path,
    register_file: str = "qipp_register.xlsx",
    *,
    weight_set: str = "board",
    scenario: str = "",
    organisation: str = "NHS Northfield ICB",
) -> MonthInputs:
    """Read a data folder's register and actuals for a reporting month, and phase them.

    Args:
        period: reporting month ``YYYY-MM``.
        data_dir: the data folder (see :class:`~commissioning_analytics.datafolder.DataFolder`).
        register_file: the register, relative to ``data_dir``.
        weight_set: ``board`` or ``treasury``.
        scenario: scenario name, passed through ("" = none).
        organisation: shown in titles.

    Raises:
        UserError: the register is missing or unreadable, or the month is outside its year.
    """
    from .io.register import load_register
    from .monthcache import cached_month

    month = cached_month(period, data_dir, register_file, weight_set=weight_set,
                         scenario=scenario, organisation=organisation)
    if month is not None:  # the pack loaded this month once for every page (monthcache)
        return month
    folder = DataFolder(Path(data_dir))
    register_path = folder.root / register_file
    if not folder.root.is_dir():
        raise UserError(f"{folder.root}: no such data folder")
    if not register_path.is_file():
        raise UserError(f"{register_path}: no such file (the pack needs a register)")
    load = load_register(register_path)
    notes = []
    actuals = None
    if folder.actuals.is_file():
        from .io.actuals import load_actuals

        actuals = load_actuals(folder.actuals)
        stray = unmatched_actuals(load.schemes, actuals)
        if not stray.empty:
            ids = ", ".join(dict.fromkeys(stray[Scheme.scheme_id].astype(str)))
            notes.append(f"{len(stray)} actual row(s) totalling "
                         f"{money(stray['actual_gbp'].sum())} name schemes not in the register "
                         f"and are left out: scheme No {ids} (first at {stray['source'].iloc[0]}).")
    else:
        notes.append(f"No actuals workbook ({folder.actuals.name}) in the data folder: "
                     "actuals to date are not shown.")
    month = month_from_frames(load.schemes, load.year, period, actuals, weights=weight_set,
                              organisation=organisation, data_dir=folder.root,
                              scenario=scenario)
    month.register_file = register_file
    notes.insert(0, f"Register read: {load.report.summary()}")
    month.notes.extend(notes)
    return month


def latest_complete_period(data_dir: str | Path, today: dt.date | None = None) -> str:
    """The default reporting month: the last month with actuals that has ended by ``today``.

    Without an actuals workbook, the last month that has ended by ``today``.
    """
    today = today or dt.date.today()
    last_ended = pd.Period(today, freq="M") - 1
    folder = DataFolder(Path(data_dir))
    if not folder.actuals.is_file():
        return str(last_ended)
    from .io.actuals import load_actuals

    months = pd.PeriodIndex(load_actuals(folder.actuals)["month"], freq="M")
    months = months[months <= last_ended]
    if len(months) == 0:
        raise UserError(f"{folder.actuals}: no actuals for a month that has ended by {today}")
    return str(months.max())


# ---------------------------------------------------------------------------------------------
# Headline figures


def headline(month: MonthInputs) -> dict:
    """The executive summary's figures, pounds.

    ``plan_in_year`` is the target; ``forecast_in_year`` the register-basis forecast;
    ``actual_to_date`` sums actuals April to the reporting month (``nan`` without actuals);
    ``forecast_outturn`` = actual to date + forecast for the months after the reporting month
    (the forecast in year when there are no actuals); ``gap_to_target`` = plan in year -
    forecast outturn (positive: a shortfall); ``ytd_variance`` = actual to date - plan to date.
    """
    k = month.period_index
    plan_m = month.plan.monthly[:, :12]
    fc_m = month.forecast.monthly[:, :12]
    has_actuals = month.actuals is not None
    actual_to_date = float(month.actual_by_scheme_month().sum()) if has_actuals else float("nan")
    plan_to_date = float(plan_m[:, : k + 1].sum())
    forecast_rest = float(fc_m[:, k + 1:].sum())
    outturn = (actual_to_date + forecast_rest) if has_actuals else float(fc_m.sum())
    plan_in_year = float(month.plan.in_year.sum())
    rag = month.register.get(Scheme.rag_overall, pd.Series(dtype="object"))
    return {
        "period": str(month.period),
        "financial_year": month.fy,
        "schemes": int(len(month.register)),
        "plan_in_year": plan_in_year,
        "most_likely_in_year": float(month.most_likely.in_year.sum()),
        "forecast_in_year": float(month.forecast.in_year.sum()),
        "plan_to_date": plan_to_date,
        "forecast_to_date": float(fc_m[:, : k + 1].sum()),
        "actual_to_date": actual_to_date,
        "ytd_variance": actual_to_date - plan_to_date,
        "forecast_outturn": outturn,
        "gap_to_target": plan_in_year - outturn,
        "plan_next_year": float(month.plan.next_year.sum()),
        "forecast_next_year": float(month.forecast.next_year.sum()),
        **{f"rag_{w}": int((rag.astype("string").str.lower() == w).sum())
           for w in ("green", "amber", "red")},
    }


# ---------------------------------------------------------------------------------------------
# Savings curves


def savings_curve(month: MonthInputs, by: str | None = None) -> pd.DataFrame:
    """Monthly savings over the financial year on every basis, long format.

    Returns:
        ``month, measure, [by,] value_gbp, cumulative_gbp`` for the 12 months of the year;
        ``actual`` rows only up to the reporting month and only when there are actuals.
    """
    keys = (month.register[by].astype("string").fillna("Not stated").to_numpy()
            if by else np.full(len(month.register), "All"))
    parts = [("plan", month.plan.monthly[:, :12]), ("most_likely", month.most_likely.monthly[:, :12]),
             ("forecast", month.forecast.monthly[:, :12])]
    if month.actuals is not None:
        parts.append(("actual", month.actual_by_scheme_month()[:, : month.period_index + 1]))
    frames = []
    for measure, values in parts:
        grouped = pd.DataFrame(values, columns=month.months[: values.shape[1]]).groupby(keys).sum()
        long = grouped.stack().rename("value_gbp").reset_index()
        long.columns = ["group", "month", "value_gbp"]
        long["measure"] = measure
        frames.append(long)
    out = pd.concat(frames, ignore_index=True).sort_values(["measure", "group", "month"])
    out["cumulative_gbp"] = out.groupby(["measure", "group"])["value_gbp"].cumsum()
    out = out.rename(columns={"group": by or "group"})
    cols = ["month", "measure", *([by] if by else []), "value_gbp", "cumulative_gbp"]
    return out[cols].reset_index(drop=True)


def in_year_by(month: MonthInputs, by: str) -> pd.DataFrame:
    """Plan, most likely, forecast in year and actual to date per ``by`` group (theme, phase,
    rag_overall), pounds, with the scheme count."""
    frame = pd.DataFrame({
        by: month.register[by].astype("string").fillna("Not stated"),
        "schemes": 1,
        "plan_gbp": month.plan.in_year,
        "most_likely_gbp": month.most_likely.in_year,
        "forecast_gbp": month.forecast.in_year,
        "plan_to_date_gbp": month.plan.monthly[:, : month.period_index + 1].sum(axis=1),
        "actual_to_date_gbp": month.actual_by_scheme_month().sum(axis=1),
    })
    out = frame.groupby(by, sort=True).sum(numeric_only=True).reset_index()
    out["ytd_variance_gbp"] = out["actual_to_date_gbp"] - out["plan_to_date_gbp"]
    return out


def ytd_variance(month: MonthInputs) -> pd.DataFrame:
    """Year-to-date plan, actual and variance by theme, with a total row, pounds."""
    table = in_year_by(month, Scheme.theme)[
        [Scheme.theme, "plan_to_date_gbp", "actual_to_date_gbp", "ytd_variance_gbp"]]
    total = table.drop(columns=Scheme.theme).sum().to_frame().T
    total.insert(0, Scheme.theme, "Total")
    return pd.concat([table, total], ignore_index=True)


def live_from_april(month: MonthInputs) -> pd.DataFrame:
    """Plan in year by go-live month, and whether the scheme is live from April.

    Returns:
        ``go_live_month`` (April for schemes already live), ``plan_gbp``, ``schemes``,
        ``share`` (of the year's plan, 0-1), ``live_from_april`` (bool).
    """
    offsets = np.clip(12 - month.plan.months_in_year, 0, 12).astype(int)
    labels = np.array([m.strftime("%b %Y") for m in month.months] + ["Next year"])
    frame = pd.DataFrame({"offset": offsets, "plan_gbp": month.plan.in_year, "schemes": 1})
    out = frame.groupby("offset").sum().reindex(range(13), fill_value=0).reset_index()
    out.insert(0, "go_live_month", labels[out["offset"]])
    total = out["plan_gbp"].sum()
    out["share"] = out["plan_gbp"] / total if total else 0.0
    out["live_from_april"] = out["offset"] == 0
    return out.drop(columns="offset")


def share_live_from_april(month: MonthInputs) -> float:
    """Share (0-1) of the year's plan delivered by schemes live from April."""
    table = live_from_april(month)
    return float(table.loc[table["live_from_april"], "share"].sum())


# ---------------------------------------------------------------------------------------------
# RAG


def rag_panel(month: MonthInputs) -> pd.DataFrame:
    """The five panel ratings per scheme, long: ``scheme_id, scheme, panel, rating``."""
    reg = month.register
    cols = [c for c in Scheme.RAG_COLUMNS if c in reg]
    long = reg[[Scheme.scheme_id, Scheme.scheme, *cols]].melt(
        id_vars=[Scheme.scheme_id, Scheme.scheme], var_name="panel", value_name="rating")
    long["rating"] = long["rating"].astype("string").str.lower()
    long["panel"] = long["panel"].map(PANEL_LABELS)
    return long.reset_index(drop=True)


def rag_summary(month: MonthInputs, by: str | None = None) -> pd.DataFrame:
    """Count and plan value by overall RAG (and ``by``: phase or theme), with what the risk
    weighting takes off the plan, pounds."""
    reg = month.register
    frame = pd.DataFrame({
        "rating": reg[Scheme.rag_overall].astype("string").str.lower().fillna("not rated"),
        "schemes": 1,
        "plan_gbp": month.plan.in_year,
        "most_likely_gbp": month.most_likely.in_year,
        "weight": month.most_likely.weight,
    })
    keys = ["rating"]
    if by:
        frame[by] = reg[by].astype("string").fillna("Not stated").to_numpy()
        keys = [by, "rating"]
    out = frame.groupby(keys).agg(schemes=("schemes", "sum"), plan_gbp=("plan_gbp", "sum"),
                                  most_likely_gbp=("most_likely_gbp", "sum")).reset_index()
    out["risk_adjustment_gbp"] = out["most_likely_gbp"] - out["plan_gbp"]
    order = {"green": 0, "amber": 1, "red": 2}
    out["_o"] = out["rating"].map(order).fillna(3)
    return out.sort_values([*keys[:-1], "_o"]).drop(columns="_o").reset_index(drop=True)


def previous_ratings(month: MonthInputs) -> pd.DataFrame | None:
    """The previous month's pack's scheme table (from :func:`processed_dir`), or ``None``."""
    if month.data_dir is None:
        return None
    path = processed_dir(month.data_dir) / str(month.period - 1) / "schemes.csv"
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype={Scheme.scheme_id: str})


def ratings_moved(month: MonthInputs, previous: pd.DataFrame | None) -> pd.DataFrame:
    """Schemes whose panel or overall rating differs from the previous month's pack.

    Returns:
        ``scheme_id, scheme, panel, was, now, direction`` (``better``/``worse``/``changed``);
        new schemes appear with ``was`` = "new".
    """
    cols = ["scheme_id", "scheme", "panel", "was", "now", "direction"]
    if previous is None:
        return pd.DataFrame(columns=cols)
    now = rag_panel(month)
    prev = previous.copy()
    prev[Scheme.scheme_id] = prev[Scheme.scheme_id].astype(str)
    prev_cols = [c for c in Scheme.RAG_COLUMNS if c in prev]
    prev_long = prev[[Scheme.scheme_id, *prev_cols]].melt(
        id_vars=Scheme.scheme_id, var_name="panel", value_name="was")
    prev_long["panel"] = prev_long["panel"].map(PANEL_LABELS)
    prev_long["was"] = prev_long["was"].astype("string").str.lower()
    now[Scheme.scheme_id] = now[Scheme.scheme_id].astype(str)
    merged = now.merge(prev_long, on=[Scheme.scheme_id, "panel"], how="left")
    merged["was"] = merged["was"].fillna("new")
    merged = merged.rename(columns={"rating": "now"})
    moved = merged[merged["was"].astype(str) != merged["now"].astype("string").fillna("").astype(str)]
    rank = {"green": 0, "amber": 1, "red": 2}
    was, now_r = moved["was"].map(rank), moved["now"].map(rank)
    direction = np.where(now_r < was, "better", np.where(now_r > was, "worse", "changed"))
    moved = moved.assign(direction=direction)
    return moved[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Change in delivery


def waterfall(month: MonthInputs) -> pd.DataFrame:
    """Plan in year -> RAG adjustment -> change in delivery -> forecast, pounds.

    ``step`` (plotly waterfall measure) is ``absolute`` for the plan, ``relative`` for the
    adjustments and ``total`` for the forecast; the
    change in delivery is forecast - most likely (both risk-weighted).
    """
    plan = float(month.plan.in_year.sum())
    likely = float(month.most_likely.in_year.sum())
    forecast = float(month.forecast.in_year.sum())
    return pd.DataFrame({
        "stage": ["Plan in year", "RAG risk adjustment", "Change in delivery", "Forecast in year"],
        "step": ["absolute", "relative", "relative", "total"],
        "value_gbp": [plan, likely - plan, forecast - likely, forecast],
    })


def delivery_by_scheme(month: MonthInputs) -> pd.DataFrame:
    """Per scheme with a change in delivery: months gained (+) / lost (-), in-year and
    next-year effect, pounds. Sorted from the largest loss to the largest gain."""
    reg = month.register
    change = reg[Scheme.change_in_delivery_months].to_numpy(dtype=float)
    out = pd.DataFrame({
        Scheme.scheme_id: reg[Scheme.scheme_id].astype(str),
        Scheme.scheme: reg[Scheme.scheme],
        Scheme.theme: reg[Scheme.theme] if Scheme.theme in reg else "",
        "months_in_year": month.plan.months_in_year,
        "change_months": change,
        "effective_months": month.forecast.months_in_year,
        "in_year_effect_gbp": month.forecast.in_year - month.most_likely.in_year,
        "next_year_effect_gbp": month.forecast.next_year - month.plan.next_year,
    })
    out = out[out["change_months"] != 0]
    return out.sort_values(["in_year_effect_gbp", Scheme.scheme_id]).reset_index(drop=True)


def next_year_effect(month: MonthInputs) -> pd.DataFrame:
    """Next year's incremental saving, plan vs forecast, by theme, pounds (slippage moves
    savings out of this year and into the next)."""
    frame = pd.DataFrame({
        Scheme.theme: month.register[Scheme.theme].astype("string").fillna("Not stated"),
        "plan_next_year_gbp": month.plan.next_year,
        "forecast_next_year_gbp": month.forecast.next_year,
    })
    out = frame.groupby(Scheme.theme).sum().reset_index()
    out["slippage_into_next_year_gbp"] = out["forecast_next_year_gbp"] - out["plan_next_year_gbp"]
    return out


# ---------------------------------------------------------------------------------------------
# Tables of a pack


def scheme_table(month: MonthInputs) -> pd.DataFrame:
    """The register with the model's figures and actuals to date, one row per scheme."""
    reg = month.register
    keep = [c for c in Scheme.COLUMNS if c in reg and c not in Scheme.DERIVED_COLUMNS]
    out = reg[keep].copy()
    out[Scheme.go_live] = out[Scheme.go_live].astype(str)
    out["months_in_year"] = month.plan.months_in_year
    out["plan_in_year"] = month.plan.in_year
    out["plan_next_year"] = month.plan.next_year
    out["most_likely_in_year"] = month.most_likely.in_year
    out["forecast_in_year"] = month.forecast.in_year
    out["forecast_next_year"] = month.forecast.next_year
    out["actual_to_date"] = month.actual_by_scheme_month().sum(axis=1)
    return out


def pack_tables(month: MonthInputs) -> dict[str, pd.DataFrame]:
    """Every table of the pack by sheet name (Excel workbook and ``data/processed``)."""
    head = headline(month)
    summary = pd.DataFrame({"figure": list(head), "value": [str(v) if isinstance(v, str) else v
                                                             for v in head.values()]})
    curve = savings_curve(month)
    curve["month"] = curve["month"].astype(str)
    monthly = pd.concat([p.to_long() for p in (month.plan, month.most_likely, month.forecast)])
    monthly["month"] = monthly["month"].astype(str)
    return {
        "summary": summary,
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
        "change_in_delivery": delivery_by_scheme(month),
        "next_year_effect": next_year_effect(month),
        "monthly_profile": monthly.reset_index(drop=True),
    }


def unmatched_actuals(register: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Actual rows whose scheme number is not in the register (the pack cannot place them, so
    it says so rather than dropping them silently)."""
    known = set(register[Scheme.scheme_id].astype(str))
    return actuals[~actuals[Scheme.scheme_id].astype(str).isin(known)]
