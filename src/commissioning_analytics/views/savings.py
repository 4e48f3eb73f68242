"""Page 10's tables: the savings curves on every basis, by theme and phase, year-to-date
variance, go-lives, the register tie-out and the actuals not recorded. Money in pounds; months
are ``pandas.Period`` (M), the financial year April to March."""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from ..model import headline as _headline
from ..model.phasing import board_figures
from ..model.reconcile import TOTAL_ID
from ..month import MonthInputs
from ..schema import Scheme
from ..style import money, money_exact


def savings_curve(month: MonthInputs, by: str | None = None) -> pd.DataFrame:
    """Monthly savings over the financial year on every basis, long format.

    Returns:
        ``month, measure, [by,] value_gbp, cumulative_gbp`` for the 12 months of the year;
        ``actual`` rows only up to the reporting month and only when there are actuals;
        ``outturn``: the actuals of the months that have them, the forecast for the others
        (its March cumulative is the headline outturn, adjustment rows aside).
    """
    keys = (
        month.register[by].astype("string").fillna("Not stated").to_numpy()
        if by
        else np.full(len(month.register), "All")
    )
    parts = [
        ("plan", month.plan.monthly[:, :12]),
        ("most_likely", month.most_likely.monthly[:, :12]),
        ("forecast", month.forecast.monthly[:, :12]),
    ]
    if month.actuals is not None:
        parts.append(("actual", month.actual_by_scheme_month()[:, : month.period_index + 1]))
    # the outturn month by month: actuals where recorded, the forecast for the other months
    # (ends at the headline outturn, less any adjustment rows, which have no months)
    reported = month.months_with_actuals_mask()
    parts.append(
        (
            "outturn",
            np.where(reported, month.actual_by_scheme_month(), month.forecast.monthly[:, :12]),
        )
    )
    frames = []
    for measure, values in parts:
        grouped = pd.DataFrame(values, columns=month.months[: values.shape[1]]).groupby(keys).sum()
        long = cast(pd.Series, grouped.stack()).rename("value_gbp").reset_index()
        long.columns = ["group", "month", "value_gbp"]
        long["measure"] = measure
        frames.append(long)
    out = pd.concat(frames, ignore_index=True).sort_values(["measure", "group", "month"])
    out["cumulative_gbp"] = out.groupby(["measure", "group"])["value_gbp"].cumsum()
    out = out.rename(columns={"group": by or "group"})
    cols = ["month", "measure", *([by] if by else []), "value_gbp", "cumulative_gbp"]
    result: pd.DataFrame = out[cols].reset_index(drop=True)
    return result


def in_year_by(month: MonthInputs, by: str) -> pd.DataFrame:
    """Plan, most likely, forecast in year and actual to date per ``by`` group (theme, phase,
    rag_overall), pounds, with the scheme count."""
    frame = pd.DataFrame(
        {
            by: month.register[by].astype("string").fillna("Not stated"),
            "schemes": 1,
            "plan_gbp": month.plan.in_year,
            "most_likely_gbp": month.most_likely.in_year,
            "forecast_gbp": month.forecast.in_year,
            "plan_to_date_gbp": month.plan.monthly[:, : month.period_index + 1].sum(axis=1),
            "actual_to_date_gbp": month.actual_by_scheme_month().sum(axis=1),
        }
    )
    out = frame.groupby(by, sort=True).sum(numeric_only=True).reset_index()
    out["ytd_variance_gbp"] = out["actual_to_date_gbp"] - out["plan_to_date_gbp"]
    return out


def ytd_variance(month: MonthInputs) -> pd.DataFrame:
    """Year-to-date plan, actual and variance by theme, with a total row, pounds."""
    table = in_year_by(month, Scheme.theme)[
        [Scheme.theme, "plan_to_date_gbp", "actual_to_date_gbp", "ytd_variance_gbp"]
    ]
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


TIE_OUT_FIELDS = {
    Scheme.plan_in_year: "Plan in year",
    Scheme.most_likely_in_year: "Most likely in year",
    Scheme.forecast_in_year: "Forecast in year",
    Scheme.plan_next_year: "Plan next year",
    Scheme.forecast_next_year: "Forecast next year",
}


def register_tie_out(month: MonthInputs) -> pd.DataFrame:
    """The register's own totals row beside the pack's figures, each difference explained.

    Returns:
        One row per figure: ``field``, ``figure`` (label), ``register_total_gbp`` (its totals
        row; ``nan`` without one), ``pack_gbp`` (what the pack uses, by the settings),
        ``rule_gbp`` and ``stated_gbp`` (the schemes' figures by the rules, and as stated),
        ``difference_gbp`` (pack - register total), ``explained_gbp`` (the sum of the
        reconcile findings behind it, and any error of the totals row itself),
        ``unexplained_gbp``, ``used`` (``rule`` or ``stated``) and ``explanation`` (each
        finding: scheme, cell, stated, rule).
    """

    reg = month.register
    per = _headline.scheme_figures(month)
    recurrent = per["recurrent"].to_numpy()
    rule = board_figures(reg, month.year, weights=month.weights)
    used = {
        Scheme.plan_in_year: per["plan"],
        Scheme.most_likely_in_year: per["most_likely"],
        Scheme.forecast_in_year: per["forecast"],
        Scheme.plan_next_year: per["plan_next_year"],
        Scheme.forecast_next_year: per["forecast_next_year"],
    }
    totals = month.totals if month.totals is not None else pd.DataFrame(columns=["kind"])
    total_rows = totals[totals["kind"] == "total"]
    findings = (
        month.findings
        if month.findings is not None
        else pd.DataFrame(columns=["scheme_id", "field", "stated", "expected", "source"])
    )
    rows = []
    for field_name, label in TIE_OUT_FIELDS.items():
        stated = (
            pd.to_numeric(reg[field_name], errors="coerce")
            if field_name in reg
            else pd.Series(np.nan, index=reg.index)
        )
        rule_values = rule[field_name].to_numpy(dtype=float)
        if field_name.endswith("next_year"):
            rule_values = np.where(recurrent, rule_values, 0.0)
        register_total = (
            float(total_rows[field_name].iloc[-1])
            if len(total_rows)
            and field_name in total_rows
            and pd.notna(total_rows[field_name].iloc[-1])
            else float("nan")
        )
        pack = float(used[field_name].sum())
        found = findings[findings["field"] == field_name]
        lines, explained = [], 0.0
        for f in found.itertuples():
            gap = float(cast(float, f.expected)) - float(cast(float, f.stated))
            explained += gap
            who = "totals row" if f.scheme_id == TOTAL_ID else f"scheme {f.scheme_id}"
            lines.append(
                f"{who} at {f.source}: stated {money_exact(float(cast(float, f.stated)))}, "
                f"rule {money_exact(float(cast(float, f.expected)))} ({money(gap, signed=True)})"
            )
        if month.settings.figures == "stated":  # only a totals row's own error remains
            explained = float(
                sum(
                    float(cast(float, f.expected)) - float(cast(float, f.stated))
                    for f in found.itertuples()
                    if f.scheme_id == TOTAL_ID
                )
            )
        difference = pack - register_total
        rows.append(
            {
                "field": field_name,
                "figure": label,
                "register_total_gbp": register_total,
                "pack_gbp": pack,
                "rule_gbp": float(rule_values.sum()),
                "stated_gbp": float(np.nansum(stated.to_numpy(dtype=float))),
                "difference_gbp": difference,
                "explained_gbp": explained,
                "unexplained_gbp": difference - explained
                if register_total == register_total
                else float("nan"),
                "used": month.settings.figures,
                "explanation": "; ".join(lines) if lines else "",
            }
        )
    return pd.DataFrame(rows)


def register_adjustments(month: MonthInputs) -> pd.DataFrame:
    """The register's unlabelled adjustment rows: ``source, fye_net_saving, plan_in_year,
    plan_next_year`` (£) and ``counted`` (included in the pack's figures or not)."""
    columns = [
        "source",
        Scheme.fye_net_saving,
        Scheme.plan_in_year,
        Scheme.plan_next_year,
        "counted",
    ]
    if month.totals is None or month.totals.empty:
        return pd.DataFrame(columns=columns)
    rows = month.totals[month.totals["kind"] == "adjustment"].copy()
    rows["counted"] = month.settings.adjustments == "include"
    return rows.reindex(columns=columns).reset_index(drop=True)


def unrecorded_actuals(month: MonthInputs) -> pd.DataFrame:
    """Live schemes with no actual recorded for a month that others have actuals for (a
    missing record, not a saving of £0): ``scheme_id, scheme, month, plan_gbp, forecast_gbp``
    (what the month was expected to save) and ``source`` (the scheme's register row).

    A scheme is live in a month when the directors' forecast has it saving in that month.
    Months with no actual for any scheme are not listed here (the page's banner names them).
    """
    columns = [Scheme.scheme_id, Scheme.scheme, "month", "plan_gbp", "forecast_gbp", Scheme.source]
    if month.actuals is None:
        return pd.DataFrame(columns=columns)
    k = month.period_index + 1
    plan_m, fc_m = month.plan.monthly[:, :k], month.forecast.monthly[:, :k]
    live = fc_m > 0
    missing = live & ~month.actual_recorded()[:, :k] & month.months_with_actuals_mask()[:k]
    rows, cols = np.nonzero(missing)
    reg = month.register
    out = pd.DataFrame(
        {
            Scheme.scheme_id: reg[Scheme.scheme_id].astype(str).to_numpy()[rows],
            Scheme.scheme: reg[Scheme.scheme].to_numpy()[rows],
            "month": month.months[cols],
            "plan_gbp": plan_m[rows, cols],
            "forecast_gbp": fc_m[rows, cols],
            Scheme.source: reg[Scheme.source].to_numpy()[rows] if Scheme.source in reg else "",
        }
    )
    return out[columns].reset_index(drop=True)


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
    for column in Scheme.EFFICIENCY_COLUMNS:  # as the register states them (issue 21)
        if column in reg:
            out[column] = reg[column].to_numpy()
    return out
