"""The board summary's tables: the headline figures it shows, each scheme's outturn and saving
at risk, the exceptions of every page (each with the page it links to), the bring-forward
option, and the movement since last month. Pounds; the words are the summary's own."""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import style
from ..errors import UserError
from ..io.datafolder import REGISTER_FILE, DataFolder
from ..io.deflection import load_activity, load_interventions
from ..model import headline as definitions
from ..model import plans as model
from ..model.headline import Headline, scheme_figures
from ..month import MonthInputs, previous_tables
from ..schema import Scheme
from ..style import money
from . import deflection as deflection_views
from . import delivery as delivery_views
from . import plans as plan_views
from . import savings as savings_views

Figures = dict[str, Any]  # figure name -> value, as the summary reads them


def headline_figures(month: MonthInputs, head: Headline | Figures | None = None) -> Figures:
    """The headline figures the summary shows, pounds: ``plan``, ``most_likely``, ``forecast``,
    ``plan_to_date``, ``forecast_to_date``, ``actual_to_date`` (nan without actuals),
    ``actual_vs_forecast_to_date``, ``outturn``, ``gap`` (plan - outturn; positive =
    shortfall), ``rag`` counts and ``schemes``.

    The one adapter between the summary and the one definition of every headline figure,
    :func:`model.headline.headline`; every figure on the page follows it.
    """
    if head is None:
        head = definitions.headline(month)
    if not isinstance(head, dict):
        head = dataclasses.asdict(head)
    actual = head["actual_to_date"]
    to_date = head.get(
        "actual_vs_forecast_to_date", 0.0 if actual != actual else actual - head["forecast_to_date"]
    )
    return {
        "plan": head["plan_in_year"],
        "most_likely": head["most_likely_in_year"],
        "forecast": head["forecast_in_year"],
        "plan_to_date": head["plan_to_date"],
        "forecast_to_date": head["forecast_to_date"],
        "actual_to_date": actual,
        "actual_vs_forecast_to_date": to_date,
        "outturn": head["forecast_outturn"],
        "gap": head["gap_to_target"],
        "rag": {w: head[f"rag_{w}"] for w in style.RAG_ORDER},
        "schemes": head["schemes"],
    }


def scheme_outturn(month: MonthInputs) -> pd.DataFrame:
    """Per scheme: plan in year, outturn (the headline's, :func:`headline.scheme_figures`) and ``at_risk_gbp`` = plan - outturn, pounds, with
    ``owner`` and ``commentary`` where the register has them."""

    reg = month.register
    outturn = scheme_figures(month)["outturn"].to_numpy()  # the headline's own, per scheme
    out = pd.DataFrame(
        {
            Scheme.scheme_id: reg[Scheme.scheme_id].astype(str).to_numpy(),
            Scheme.scheme: reg[Scheme.scheme].astype(str).to_numpy(),
            Scheme.theme: reg.get(Scheme.theme, pd.Series([""] * len(reg)))
            .astype("string")
            .fillna("")
            .to_numpy(),
            "rating": reg.get(Scheme.rag_overall, pd.Series([None] * len(reg)))
            .astype("string")
            .str.lower()
            .fillna("")
            .to_numpy(),
            "plan_gbp": month.plan.in_year,
            "most_likely_gbp": month.most_likely.in_year,
            "forecast_gbp": month.forecast.in_year,
            "outturn_gbp": outturn,
            "change_months": reg.get(
                Scheme.change_in_delivery_months, pd.Series(np.zeros(len(reg)))
            ).to_numpy(dtype=float),
            "owner": _text_column(reg, "owner"),
            "commentary": _text_column(reg, "commentary"),
            "source": _text_column(reg, Scheme.source),
            Scheme.stage: _text_column(reg, Scheme.stage),  # (issue 21: "" when not stated)
        }
    )
    out["at_risk_gbp"] = out["plan_gbp"] - out["outturn_gbp"]
    return out


def _text_column(reg: pd.DataFrame, name: str) -> np.ndarray:
    column = reg.get(name)
    if column is None:
        return np.full(len(reg), "", dtype=object)
    return column.astype("string").fillna("").str.strip().to_numpy(dtype=object)


def bring_forward_option(month: MonthInputs, head: Figures) -> str:
    """One sentence: the bring-forward option that would close the gap, or how far short the
    best one stays (see page 30); "" when there is no gap."""
    if not head["gap"] > 0.5:
        return ""
    try:
        return delivery_views.bring_forward_for(month).summary()
    except Exception as error:  # a model that cannot answer must not stop the summary
        return f"The bring-forward option could not be worked out ({type(error).__name__})."


@dataclass
class Exception_:
    page: str  # key: savings_curves, rag_dashboard, change_in_delivery, project_plans, deflection
    what: str
    detail: str
    amount_gbp: float | None = None


def plan_exceptions(month: MonthInputs) -> tuple[list[Exception_], list[str]]:
    """Overdue actions and milestones, and in-year savings at risk from plans' slipped service
    commencement (page 40)."""
    folder = DataFolder(month.data_dir) if month.data_dir else None
    if folder is None or not folder.plans():
        return [], []

    with contextlib.redirect_stderr(io.StringIO()):  # its notes are listed under About instead
        p = plan_views.load(
            str(month.period),
            folder.root,
            month.register_file or REGISTER_FILE,
            organisation=month.organisation,
            weight_set=month.weights.name,
            register=month.register,
        )
    out: list[Exception_] = []
    if not p.current.empty:
        due = model.actions_due(p.current, p.as_of)
        overdue = due[due["status"] == "overdue"]
        if len(overdue):
            names = first_named(
                f"{t} ({lead}, due {style_date(end)})"
                for t, lead, end in overdue[["task", "lead", "end"]].itertuples(index=False)
            )
            out.append(
                Exception_("project_plans", f"{plural(len(overdue), 'action')} overdue", names)
            )
        miles = model.milestones_as_of(p.current, p.as_of)
        red = miles[miles.get("rag", pd.Series(dtype=str)) == "red"] if len(miles) else miles
        if len(red):
            names = first_named(
                f"{t} (due {style_date(end)})"
                for t, end in red[["task", "end"]].itertuples(index=False)
            )
            out.append(
                Exception_("project_plans", f"{plural(len(red), 'milestone')} overdue (red)", names)
            )
        if p.register is not None:
            if not p.changes().empty:  # page 40's own computation (one scheme-name index)
                risk = p.at_risk()
                slipped = risk[risk["at_risk_gbp"] > 0.5]
                if len(slipped):
                    names = first_named(  # the largest first
                        f"{s} ({money(v)})"
                        for s, v in slipped.sort_values(
                            "at_risk_gbp", ascending=False, kind="stable"
                        )[["scheme", "at_risk_gbp"]].itertuples(index=False)
                    )
                    out.append(
                        Exception_(
                            "project_plans",
                            "In-year savings at risk from slipped plans",
                            names,
                            float(slipped["at_risk_gbp"].sum()),
                        )
                    )
    return out, list(p.notes)


def deflection_exceptions(month: MonthInputs) -> list[Exception_]:
    """Interventions in recovery, SPC special-cause concerns and failing or hit-and-miss
    assurance against target (page 50)."""
    folder = DataFolder(month.data_dir) if month.data_dir else None
    if folder is None or not (folder.interventions.is_file() and folder.activity.is_file()):
        return []

    try:
        loaded = load_interventions(folder.interventions)
        activity = load_activity(folder.activity, loaded.interventions)
    except UserError:
        return [
            Exception_(
                "deflection",
                "Deflection workbooks need correcting",
                "the page lists what to correct",
            )
        ]
    d = deflection_views.build(
        loaded.interventions,
        loaded.gap,
        activity.activity,
        month.period,
        organisation=month.organisation,
    )
    names = dict(
        zip(
            d.interventions["intervention_id"].astype(str),
            d.interventions["intervention"].astype(str),
        )
    )
    out: list[Exception_] = []
    silent = deflection_views.without_activity(d.interventions, activity.activity, month.period)
    if silent:
        out.append(
            Exception_(
                "deflection",
                f"{plural(len(silent), 'intervention')} with no activity rows",
                "; ".join(silent) + " (no realised deflection shown; the plan still counts)",
            )
        )
    rec = d.summary[d.summary["in_recovery"]]
    if len(rec):
        text = "; ".join(
            f"{n} ({r:.0%} of plan realised to date)"
            for n, r in rec[["intervention", "realisation_to_date"]].itertuples(index=False)
        )
        out.append(
            Exception_("deflection", f"{plural(len(rec), 'intervention')} in recovery", text)
        )
    s = d.chart_summary
    concern = s[s["variation"].astype(str).str.contains("concern")]
    if len(concern):
        out.append(
            Exception_(
                "deflection",
                f"{plural(len(concern), 'indicator')} with special-cause variation of concern",
                "; ".join(names.get(x, x) for x in concern["series"].astype(str)),
            )
        )
    failing = s[s["assurance"].astype(str) == "consistent_fail"]
    if len(failing):
        out.append(
            Exception_(
                "deflection",
                f"{plural(len(failing), 'indicator')} consistently failing the target",
                "; ".join(names.get(x, x) for x in failing["series"].astype(str)),
            )
        )
    return out


def savings_exceptions(
    month: MonthInputs, schemes: pd.DataFrame, head: Figures, moved: pd.DataFrame | None
) -> list[Exception_]:
    """Behind plan to date (page 10), red schemes and worsened ratings (page 20), slippage
    (page 30)."""
    out: list[Exception_] = []
    actual = head["actual_to_date"]
    if actual == actual and actual < head["plan_to_date"] - 0.5:
        out.append(
            Exception_(
                "savings_curves",
                "Behind plan to date",
                f"actual {money(actual)} against a plan to date of {money(head['plan_to_date'])}",
                head["plan_to_date"] - actual,
            )
        )
    red = schemes[schemes["rating"] == "red"]
    if len(red):  # the largest plans first
        out.append(
            Exception_(
                "rag_dashboard",
                f"{plural(len(red), 'scheme')} rated red",
                first_named(
                    red.sort_values("plan_gbp", ascending=False, kind="stable")[Scheme.scheme],
                    "the workbook (sheet ratings)",
                ),
                float(red["plan_gbp"].sum()),
            )
        )
    if moved is not None and len(moved):
        worse = moved[moved["direction"] == "worse"]
        if len(worse):
            out.append(
                Exception_(
                    "rag_dashboard",
                    f"{plural(len(worse), 'rating')} worse than last month",
                    first_named(
                        f"{s} ({w} to {n})"
                        for s, w, n in worse[["scheme", "was", "now"]].itertuples(index=False)
                    ),
                )
            )
    slip = schemes[schemes["change_months"] < 0]
    if len(slip):
        lost = float((slip["most_likely_gbp"] - slip["forecast_gbp"]).sum())
        out.append(
            Exception_(
                "change_in_delivery",
                f"{plural(len(slip), 'scheme')} losing months: gross slippage (the bridge's "
                "slippage is net of the months other schemes gain)",
                worst_first(slip),
                lost,
            )
        )
    return out + input_exceptions(month)


def input_exceptions(month: MonthInputs) -> list[Exception_]:
    """What the inputs left to judgement (issue 18), on page 10: live schemes with no actual
    yet for a reported month (the outturn counts their forecast), which of several sheets
    was read, actuals not counted, a later month partly reported."""
    out: list[Exception_] = []
    missing = savings_views.unrecorded_actuals(month)
    if len(missing):
        named = [
            f"{s} ({m.strftime('%b-%y')})"
            for s, m in missing[[Scheme.scheme, "month"]].itertuples(index=False)
        ]
        out.append(
            Exception_(
                "savings_curves",
                f"{plural(missing[Scheme.scheme_id].nunique(), 'live scheme')} with no actual "
                "yet for a reported month (the outturn counts their forecast)",
                first_named(named, "the workbook (sheet no_actual_recorded)"),
                float(missing["forecast_gbp"].sum()),
            )
        )
    out += [Exception_("savings_curves", "Inputs", line) for line in month.input_exceptions]
    return out


#: schemes named in one line of the exceptions list; the page lists them all
EXCEPTION_NAMES = 5


def first_named(names: Iterable[str], page: str = "the page") -> str:
    """At most :data:`EXCEPTION_NAMES` of ``names`` (in their order: the worst first), then
    how many more ``page`` lists: a line of the summary stays a line at any register size."""
    names = list(names)
    rest = len(names) - EXCEPTION_NAMES
    return "; ".join(names[:EXCEPTION_NAMES]) + (
        f"; and {rest:,} more on {page}" if rest > 0 else ""
    )


def worst_first(slip: pd.DataFrame) -> str:
    """The schemes losing most months first, at most :data:`EXCEPTION_NAMES` of them, then how
    many more the page lists (a board summary names the worst, not all sixteen)."""
    ordered = slip.sort_values("change_months", kind="stable")
    named = "; ".join(
        f"{s} ({style.months(m, signed=True)})"
        for s, m in ordered[[Scheme.scheme, "change_months"]]
        .head(EXCEPTION_NAMES)
        .itertuples(index=False)
    )
    rest = len(ordered) - EXCEPTION_NAMES
    return named + (f"; and {rest} more on the page" if rest > 0 else "")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def style_date(value: object) -> str:
    try:
        return pd.Timestamp(value).strftime("%-d %b %Y")  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return "no date"


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def movement(
    month: MonthInputs,
    head: Figures,
    previous: tuple[pd.DataFrame, dict[str, object], Path] | None,
) -> Figures | None:
    """Forecast and gap then and now, overall ratings moved, schemes added or removed, go-lives
    moved; ``None`` without a previous month."""
    if previous is None:
        return None
    prev, summary, folder = previous
    now = month.register.copy()
    now_ids = now[Scheme.scheme_id].astype(str)
    prev_ids = prev[Scheme.scheme_id].astype(str)
    names_now = dict(zip(now_ids, now[Scheme.scheme].astype(str)))
    names_prev = dict(zip(prev_ids, prev[Scheme.scheme].astype(str)))
    known_then, known_now = set(prev_ids), set(now_ids)
    added = [f"{names_now[i]} (No {i})" for i in now_ids if i not in known_then]
    removed = [f"{names_prev[i]} (No {i})" for i in dict.fromkeys(prev_ids) if i not in known_now]
    # last month's overall rating and go-live by scheme ("" = blank, or no such column)
    then = dict(
        zip(
            prev_ids.tolist(),
            zip(
                _rating_words(prev.get(Scheme.rag_overall), len(prev)),
                _month_texts(prev.get(Scheme.go_live), len(prev)),
            ),
        )
    )
    rank = {"green": 0, "amber": 1, "red": 2}
    ratings: list[tuple[str, str, str, str]] = []
    golives: list[tuple[str, str, str, int]] = []
    for scheme_id, rag, go in zip(
        now_ids.tolist(),
        _rating_words(now.get(Scheme.rag_overall), len(now)),
        _month_texts(now.get(Scheme.go_live), len(now)),
    ):
        if scheme_id not in then:
            continue
        rag_was, go_was = then[scheme_id]
        if rag_was and rag != rag_was:
            was, now_rank = rank.get(rag_was), rank.get(rag)
            change = (
                "changed"
                if was is None or now_rank is None
                else ("better" if now_rank < was else "worse")
            )
            ratings.append((names_now[scheme_id], rag_was, rag, change))
        if go and go_was and go != go_was:  # a blank month is not a move
            shift = (pd.Period(go, freq="M") - pd.Period(go_was, freq="M")).n
            golives.append((names_now[scheme_id], go_was, go, shift))
    forecast_then = _float(summary.get("forecast_in_year"))
    outturn_then = _float(summary.get("forecast_outturn", summary.get("outturn")))
    gap_then = _float(summary.get("gap_to_target", summary.get("gap")))
    return {
        "period": month.period - 1,
        "folder": folder,
        "forecast": (forecast_then, head["forecast"]),
        "outturn": (outturn_then, head["outturn"]),
        "gap": (gap_then, head["gap"]),
        "ratings": ratings,
        "added": added,
        "removed": removed,
        "go_lives": golives,
    }


def _rating_words(ratings: pd.Series | None, rows: int) -> list[str]:
    """Overall ratings as lower-case words, a blank one ``not rated`` ("" for every row when
    the table has no rating column)."""
    if ratings is None:
        return [""] * rows
    words = ratings.astype("string").str.strip().str.lower()
    return [w if isinstance(w, str) and w else "not rated" for w in words.tolist()]


def _month_texts(months: pd.Series | None, rows: int) -> list[str]:
    """Months as ``YYYY-MM`` text, "" where blank or not a month."""
    if months is None:
        return [""] * rows
    if not isinstance(months.dtype, pd.PeriodDtype):
        text = months.astype("string").str.strip().str[:7]
        months = pd.to_datetime(text, format="%Y-%m", errors="coerce").dt.to_period("M")
    return ["" if m is pd.NaT or m != m else str(m) for m in months.tolist()]


def previous_ratings(month: MonthInputs) -> pd.DataFrame | None:
    prev = previous_tables(month)
    return prev[0] if prev else None
