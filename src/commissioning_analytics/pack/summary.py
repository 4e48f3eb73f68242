"""The board summary of one pack (``OUT/<period>/index.html``) and the style it shares with the
list of packs (``OUT/index.html``).

What a director reads first: a verdict by a rule stated on the page, the bridge from plan to
outturn, the five schemes with most at risk and their owners, the decisions needed, one list
of the exceptions found on every page (each linking to its page), the movement since last
month, and the month's commentary (or a note that there is none).

The headline figures come through one adapter, :func:`headline_figures`, so that the one
definition of every headline figure (plan, weighting, slippage, forecast, actual to date,
outturn, gap) is taken from wherever it lives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import style
from ..commentary import Commentary, to_html
from ..errors import UserError
from ..io.datafolder import DataFolder
from ..model import headline as definitions
from ..month import MonthInputs, previous_tables
from ..pages.common import shown_count
from ..schema import Scheme
from ..style import money
from ..views import deflection as deflection_views
from ..views import delivery as delivery_views
from ..views import plans as plan_views
from ..views import rag as rag_views

E = html.escape
_C = style  # colours below come only from style

INDEX_CSS = f"""
body{{font-family:Arial,Helvetica,sans-serif;color:{_C.NHS_DARK_GREY};max-width:1000px;margin:24px auto;padding:0 16px;box-sizing:border-box}}
h1,h2,h3{{color:{_C.NHS_DARK_BLUE}}} h2{{margin-top:28px;border-bottom:2px solid {_C.NHS_PALE_GREY};padding-bottom:4px}}
.org{{color:{_C.NHS_BLUE};font-weight:bold}}
.pack-nav{{padding:8px 0;border-bottom:4px solid {_C.NHS_BLUE};margin-bottom:8px;font-size:14px;display:flex;flex-wrap:wrap;gap:4px 14px}}
.pack-nav a[aria-current="page"]{{font-weight:bold;color:{_C.NHS_DARK_BLUE};text-decoration:none}}
.verdict{{padding:12px 16px;margin:12px 0;font-size:18px;border-radius:3px}}
.verdict .rule{{font-size:13px;margin-top:4px}}
.cards{{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}}
.card{{border-top:6px solid {_C.NHS_BLUE};background:{_C.NHS_PALE_GREY};padding:10px 12px;min-width:140px;flex:1 1 0;box-sizing:border-box}}
.card .label{{font-size:14px}} .card .value{{font-size:28px;font-weight:bold;color:{_C.NHS_DARK_BLUE}}}
.card .note{{font-size:12px}} .card[data-verdict-card] .value{{color:inherit}}
.rag{{display:inline-block;padding:4px 10px;margin:2px 8px 2px 0;border-radius:3px;font-weight:bold}}
.green{{background:{_C.RAG_COLOURS["green"]};color:{_C.RAG_TEXT["green"]}}}
.amber{{background:{_C.RAG_COLOURS["amber"]};color:{_C.RAG_TEXT["amber"]}}}
.red{{background:{_C.RAG_COLOURS["red"]};color:{_C.RAG_TEXT["red"]}}}
a{{color:{_C.NHS_BLUE}}} li{{margin:6px 0}}
table{{border-collapse:collapse;width:100%;font-size:14px}} td,th{{padding:4px 8px;text-align:left;vertical-align:top}}
td.num,th.num{{text-align:right;white-space:nowrap}}
th{{background:{_C.NHS_BLUE};color:white}} tr:nth-child(even){{background:{_C.NHS_PALE_GREY}}}
.bridge td{{padding:3px 8px}} .bridge .bar{{position:relative;height:18px;min-width:300px}}
.bridge .bar span{{position:absolute;top:0;height:18px;display:block}}
.commentary{{border-left:6px solid {_C.NHS_BLUE};background:{_C.NHS_PALE_GREY};padding:8px 14px}}
.missing{{border-left:6px solid {_C.NHS_WARM_YELLOW};background:{_C.NHS_PALE_GREY};padding:8px 14px}}
.about{{font-size:13px;margin-top:32px;border-top:2px solid {_C.NHS_PALE_GREY}}}
@media print{{
  @page{{size:A4 landscape;margin:12mm 12mm 16mm 12mm}}
  body{{max-width:none;margin:0;padding:0}} .pack-nav{{display:none}}
  h1,h2,h3{{break-after:avoid;page-break-after:avoid}}
  thead{{display:table-header-group}} tr,.card,.verdict{{break-inside:avoid;page-break-inside:avoid}}
  a{{color:inherit;text-decoration:none}}
  *{{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
}}
"""


# ---------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class VerdictRule:
    """The verdict's rule, stated on the page: outturn as a share of the plan (0-1).

    ``on track`` when outturn >= ``on_track`` x plan, ``at risk`` when >= ``at_risk`` x plan,
    else ``off track``. Change it with ``pack --on-track 0.98 --at-risk 0.90``.
    """

    on_track: float = 0.98
    at_risk: float = 0.90

    def verdict(self, outturn: float, plan: float) -> str:
        if not plan or plan != plan or outturn != outturn:
            return "at risk"
        share = outturn / plan
        return (
            "on track"
            if share >= self.on_track - 1e-12
            else "at risk"
            if share >= self.at_risk - 1e-12
            else "off track"
        )

    def words(self) -> str:
        return (
            f"on track when the outturn is at least {self.on_track:.0%} of the plan, at risk "
            f"when it is at least {self.at_risk:.0%}, off track below that"
        )


TOP_RISKS = 5


# ---------------------------------------------------------------------------------------------
# Headline figures (one adapter)


def headline_figures(month: MonthInputs, head=None) -> dict:
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
        head = dataclasses.asdict(head) if dataclasses.is_dataclass(head) else dict(vars(head))
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


def bridge(head: dict) -> pd.DataFrame:
    """Plan -> risk weighting -> slippage -> actual against forecast to date -> outturn, pounds
    (a placeholder for ``headline.bridge`` until the bridge figure is merged).

    ``step`` is ``total`` for plan and outturn and ``change`` for the three steps between; the
    steps add up to the outturn: plan + (most likely - plan) + (forecast - most likely) +
    (actual to date - forecast to date) = actual to date + forecast after the reporting month.
    """
    to_date = head["actual_vs_forecast_to_date"]
    return pd.DataFrame(
        {
            "stage": [
                "Plan",
                "Risk weighting",
                "Slippage (change in delivery)",
                "Actual against forecast to date",
                "Outturn",
            ],
            "step": ["total", "change", "change", "change", "total"],
            "value_gbp": [
                head["plan"],
                head["most_likely"] - head["plan"],
                head["forecast"] - head["most_likely"],
                to_date,
                head["outturn"],
            ],
            "series": ["plan", "most_likely", "forecast", "actual", "outturn"],
        }
    )


# ---------------------------------------------------------------------------------------------
# Schemes at risk, decisions


def scheme_outturn(month: MonthInputs) -> pd.DataFrame:
    """Per scheme: plan in year, outturn (the headline's, :func:`headline.scheme_figures`) and ``at_risk_gbp`` = plan - outturn, pounds, with
    ``owner`` and ``commentary`` where the register has them."""
    from ..model.headline import scheme_figures

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
        }
    )
    out["at_risk_gbp"] = out["plan_gbp"] - out["outturn_gbp"]
    return out


def _text_column(reg: pd.DataFrame, name: str) -> np.ndarray:
    column = reg.get(name)
    if column is None:
        return np.full(len(reg), "", dtype=object)
    return column.astype("string").fillna("").str.strip().to_numpy(dtype=object)


def top_risks(schemes: pd.DataFrame, n: int = TOP_RISKS) -> pd.DataFrame:
    """The ``n`` schemes with the most in-year saving at risk (plan - outturn > £0), largest
    first (ties by scheme number)."""
    risky = schemes[schemes["at_risk_gbp"] > 0.5]
    return (
        risky.sort_values(["at_risk_gbp", Scheme.scheme_id], ascending=[False, True])
        .head(n)
        .reset_index(drop=True)
    )


def proposals(schemes: pd.DataFrame) -> pd.DataFrame:
    """Schemes to propose for recovery or withdrawal, by a stated rule.

    * withdrawal (or re-phasing into next year): planned in year but forecast to deliver
      nothing this year;
    * recovery: rated red overall, or forecast to deliver less than half its plan.
    """
    planned = schemes["plan_gbp"] > 0.5
    nothing = planned & (schemes["outturn_gbp"].abs() < 0.5)
    recover = (
        planned
        & ~nothing
        & (
            (schemes["rating"] == "red")
            | (schemes["outturn_gbp"] < 0.5 * schemes["plan_gbp"] - 0.5)
        )
    )
    out = pd.concat(
        [
            schemes[nothing].assign(proposal="withdraw or re-phase into next year"),
            schemes[recover].assign(proposal="recovery plan"),
        ]
    )
    return out.sort_values(["at_risk_gbp", Scheme.scheme_id], ascending=[False, True]).reset_index(
        drop=True
    )


def bring_forward_option(month: MonthInputs, head: dict) -> str:
    """One sentence: the bring-forward option that would close the gap, or how far short the
    best one stays (see page 30); "" when there is no gap."""
    if not head["gap"] > 0.5:
        return ""
    try:
        return delivery_views.bring_forward_for(month).summary()
    except Exception as error:  # a model that cannot answer must not stop the summary
        return f"The bring-forward option could not be worked out ({type(error).__name__})."


# ---------------------------------------------------------------------------------------------
# Exceptions from every page


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
    import contextlib
    import io

    from ..model import plans as model

    with contextlib.redirect_stderr(io.StringIO()):  # its notes are listed under About instead
        p = plan_views.load(
            month.data_dir,
            str(month.period),
            month.register_file or "qipp_register.xlsx",
            month.organisation,
            month.weights.name,
            register=month.register,
        )
    out: list[Exception_] = []
    if not p.current.empty:
        due = model.actions_due(p.current, p.as_of)
        overdue = due[due["status"] == "overdue"]
        if len(overdue):
            names = _first_named(
                f"{t} ({lead}, due {style_date(end)})"
                for t, lead, end in overdue[["task", "lead", "end"]].itertuples(index=False)
            )
            out.append(Exception_("project_plans", f"{_n(len(overdue), 'action')} overdue", names))
        miles = model.milestones_as_of(p.current, p.as_of)
        red = miles[miles.get("rag", pd.Series(dtype=str)) == "red"] if len(miles) else miles
        if len(red):
            names = _first_named(
                f"{t} (due {style_date(end)})"
                for t, end in red[["task", "end"]].itertuples(index=False)
            )
            out.append(
                Exception_("project_plans", f"{_n(len(red), 'milestone')} overdue (red)", names)
            )
        if p.register is not None:
            if not p.changes().empty:  # page 40's own computation (one scheme-name index)
                risk = p.at_risk()
                slipped = risk[risk["at_risk_gbp"] > 0.5]
                if len(slipped):
                    names = _first_named(  # the largest first
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
    from ..io.deflection import load_activity, load_interventions

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
    rec = d.summary[d.summary["in_recovery"]]
    if len(rec):
        text = "; ".join(
            f"{n} ({r:.0%} of plan realised to date)"
            for n, r in rec[["intervention", "realisation_to_date"]].itertuples(index=False)
        )
        out.append(Exception_("deflection", f"{_n(len(rec), 'intervention')} in recovery", text))
    s = d.chart_summary
    concern = s[s["variation"].astype(str).str.contains("concern")]
    if len(concern):
        out.append(
            Exception_(
                "deflection",
                f"{_n(len(concern), 'indicator')} with special-cause variation of concern",
                "; ".join(names.get(x, x) for x in concern["series"].astype(str)),
            )
        )
    failing = s[s["assurance"].astype(str) == "consistent_fail"]
    if len(failing):
        out.append(
            Exception_(
                "deflection",
                f"{_n(len(failing), 'indicator')} consistently failing the target",
                "; ".join(names.get(x, x) for x in failing["series"].astype(str)),
            )
        )
    return out


def savings_exceptions(
    month: MonthInputs, schemes: pd.DataFrame, head: dict, moved: pd.DataFrame | None
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
                f"{_n(len(red), 'scheme')} rated red",
                _first_named(
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
                    f"{_n(len(worse), 'rating')} worse than last month",
                    _first_named(
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
                f"{_n(len(slip), 'scheme')} slipping (in-year saving lost to slippage)",
                _worst_first(slip),
                lost,
            )
        )
    return out


#: schemes named in one line of the exceptions list; the page lists them all
EXCEPTION_NAMES = 5


def _first_named(names, page: str = "the page") -> str:
    """At most :data:`EXCEPTION_NAMES` of ``names`` (in their order: the worst first), then
    how many more ``page`` lists: a line of the summary stays a line at any register size."""
    names = list(names)
    rest = len(names) - EXCEPTION_NAMES
    return "; ".join(names[:EXCEPTION_NAMES]) + (
        f"; and {rest:,} more on {page}" if rest > 0 else ""
    )


def _worst_first(slip: pd.DataFrame) -> str:
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


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def style_date(value) -> str:
    try:
        return pd.Timestamp(value).strftime("%-d %b %Y")
    except (ValueError, TypeError):
        return "no date"


# ---------------------------------------------------------------------------------------------
# Movement since last month


def _float(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def movement(month: MonthInputs, head: dict, previous) -> dict | None:
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
    added = [f"{names_now[i]} (No {i})" for i in now_ids if i not in set(prev_ids)]
    removed = [f"{names_prev[i]} (No {i})" for i in prev_ids if i not in set(now_ids)]
    both = pd.DataFrame(
        {
            "id": now_ids,
            "rag": now.get(Scheme.rag_overall).astype("string").str.lower(),
            "go": pd.PeriodIndex(now[Scheme.go_live], freq="M").astype(str),
        }
    ).merge(
        pd.DataFrame(
            {
                "id": prev_ids,
                "rag_was": prev.get(Scheme.rag_overall).astype("string").str.lower(),
                "go_was": prev[Scheme.go_live].astype(str).str[:7],
            }
        ),
        on="id",
    )
    rank = {"green": 0, "amber": 1, "red": 2}
    ratings = []
    for row in both.itertuples(index=False):
        if str(row.rag) != str(row.rag_was):
            better = rank.get(str(row.rag), 3) < rank.get(str(row.rag_was), 3)
            ratings.append(
                (names_now[row.id], str(row.rag_was), str(row.rag), "better" if better else "worse")
            )
    golives = []
    for row in both.itertuples(index=False):
        if row.go != row.go_was:
            shift = (pd.Period(row.go, freq="M") - pd.Period(row.go_was, freq="M")).n
            golives.append((names_now[row.id], row.go_was, row.go, shift))
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


# ---------------------------------------------------------------------------------------------
# The ratings' date


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE_WORDS = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS})\s+(\d{{4}})\b", re.I)
_DATE_DIGITS = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def ratings_date(month: MonthInputs) -> dt.date | None:
    """The date the register's ratings were given, from the header of its RAG column
    ("Rag Rating 23/04/2026") or, failing that, the first date in its title rows
    ("Governing Body, 23 April 2026"); ``None`` when the register states none."""
    if month.data_dir is None or Scheme.source not in month.register or month.register.empty:
        return None
    source = str(month.register[Scheme.source].iloc[0])
    parts = source.rsplit("!", 2)
    if len(parts) != 3:
        return None
    _, sheet, row = parts
    path = Path(month.data_dir) / (month.register_file or "qipp_register.xlsx")
    try:  # the register was read safely already; calamine reads its title rows in ms
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        try:
            rows = [
                [c for c in r if c not in (None, "")]
                for r in book.get_sheet_by_name(sheet).to_python(nrows=max(1, int(row) - 1))
            ]
        finally:
            book.close()
    except Exception:  # the title is a courtesy: never fail the summary for it
        return None
    cells = [str(c) for r in rows for c in r]
    rated = [c for c in cells if re.search(r"\brag\b|rating", c, re.I)]
    for text in rated + cells:
        for found in (_DATE_DIGITS.search(text), _DATE_WORDS.search(text)):
            if found:
                try:
                    if found.re is _DATE_DIGITS:
                        return dt.date(int(found[3]), int(found[2]), int(found[1]))
                    return dt.datetime.strptime(" ".join(found.groups()), "%d %B %Y").date()
                except ValueError:
                    continue
    return None


# ---------------------------------------------------------------------------------------------
# The page


PAGE_KEYS = ("savings_curves", "rag_dashboard", "change_in_delivery", "project_plans", "deflection")


def _page_links(pages) -> dict[str, tuple[str, str]]:
    """Page key -> (href, title) of the pack's pages (``10_savings_curves.html``...)."""
    out = {}
    for p in pages:
        stem = p.page.stem if getattr(p, "page", None) else ""
        key = re.sub(r"^\d+_", "", stem)
        out[key] = (p.page.name, p.title)
    return out


def _link(links, key: str, text: str | None = None) -> str:
    if key in links:
        href, title = links[key]
        return f'<a href="{E(href)}">{E(text or title)}</a>'
    return E(text or key.replace("_", " ").capitalize())


def _bridge_html(steps: pd.DataFrame) -> str:
    totals = steps["value_gbp"].to_numpy(dtype=float)
    running, spans = 0.0, []
    for value, step in zip(totals, steps["step"]):
        if step == "total":
            spans.append((0.0, value))
            running = value
        else:
            spans.append((running, running + value))
            running += value
    top = max(max(max(a, b) for a, b in spans), 1.0)
    rows = []
    for (a, b), row in zip(spans, steps.itertuples(index=False)):
        left, width = min(a, b) / top * 100, abs(b - a) / top * 100
        colour = (
            style.SERIES[row.series]
            if row.step == "total" or row.value_gbp >= 0
            else style.SERIES["gap"]
        )
        signed = row.step == "change"
        rows.append(
            f'<tr><td>{E(row.stage)}</td><td class="num">'
            f'{money(row.value_gbp, signed=signed)}</td><td class="bar"><span style="'
            f'left:{left:.2f}%;width:{max(width, 0.3):.2f}%;background:{colour}"></span>'
            "</td></tr>"
        )
    return (
        '<table class="bridge"><thead><tr><th>From plan to outturn</th><th class="num">£'
        "</th><th></th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _nav_html(pages) -> str:
    links = "".join(
        f'<a href="{E(p.page.name)}">{E(p.title)}</a>' for p in pages if getattr(p, "page", None)
    )
    return (
        '<nav class="pack-nav" aria-label="Pages of the pack">'
        f'<a href="index.html" aria-current="page">Summary</a>{links}</nav>'
    )


def render_index(
    month: MonthInputs,
    head: dict | None,
    pages: list,
    workbook: str,
    built: str,
    *,
    commentary: Commentary | None = None,
    rule: VerdictRule = VerdictRule(),
    pdf: str = "",
) -> str:
    """The board summary of one pack (``OUT/<period>/index.html``).

    Args:
        month: the month's inputs.
        head: the month's headline figures (``headline.Headline``), or ``None`` to work them
            out (see :func:`headline_figures`).
        pages: the pack's pages (``.page`` path and ``.title``), in order.
        workbook: file name of the pack's Excel workbook.
        built: when the pack was built (shown at the foot).
        commentary: the month's commentary (``None``: none was found).
        rule: the verdict's thresholds.
        pdf: file name of the PDF board paper, when one was written.
    """
    h = headline_figures(month, head)
    links = _page_links(pages)
    commentary = commentary or Commentary()
    verdict = rule.verdict(h["outturn"], h["plan"])
    v_bg, v_fg = style.VERDICT_COLOURS[verdict], style.VERDICT_TEXT[verdict]
    share = h["outturn"] / h["plan"] if h["plan"] else float("nan")
    month_name = style.month_name(month.period)
    rated = ratings_date(month)
    gap = h["gap"]
    gap_note = (
        "shortfall against the plan"
        if gap > 0.5
        else "ahead of the plan"
        if gap < -0.5
        else "on plan"
    )

    # cards
    actual = h["actual_to_date"]
    cards = [
        ("Plan (target)", money(h["plan"]), f"savings planned for {month.fy}", ""),
        ("Forecast", money(h["forecast"]), "in year, director-assessed, risk-weighted", ""),
        (
            "Actual to date",
            money(actual) if actual == actual else "not available",
            f"April to {month_name}; plan to date {money(h['plan_to_date'])}",
            "",
        ),
        (
            "Forecast outturn",
            money(h["outturn"]),
            "actual to date plus forecast for the rest of the year",
            "",
        ),
        (
            "Gap to target",
            money(abs(gap)),
            gap_note,
            f' style="background:{v_bg};color:{v_fg};border-top-color:{v_bg}" data-verdict-card',
        ),
    ]
    cards_html = "".join(
        f'<div class="card"{attr} data-figure="{E(label)}"><div class="label">{E(label)}</div>'
        f'<div class="value">{E(value)}</div>'
        f'<div class="note">{E(note)}</div></div>'
        for label, value, note, attr in cards
    )

    # schemes at risk
    schemes = scheme_outturn(month)
    top = top_risks(schemes)
    has_owner = bool((schemes["owner"] != "").any())
    risk_rows = "".join(
        f"<tr><td>{E(r.scheme)} (No {E(r.scheme_id)})</td><td>{E(r.theme)}</td>"
        + (f"<td>{E(r.owner) or 'not named'}</td>" if has_owner else "")
        + f'<td><span class="rag {E(r.rating)}">{E(r.rating.capitalize() or "Not rated")}</span>'
        f'</td><td class="num">{money(r.plan_gbp)}</td><td class="num">{money(r.outturn_gbp)}'
        f'</td><td class="num"><b>{money(r.at_risk_gbp)}</b></td>'
        f"<td>{E(commentary.scheme(r.scheme_id) or r.commentary)}</td>"
        f'<td class="source" style="font-size:10px;white-space:nowrap">{E(r.source)}</td></tr>'
        for r in top.itertuples(index=False)
    )
    risk_table = (
        (
            "<table><thead><tr><th>Scheme</th><th>Theme</th>"
            + ("<th>Owner</th>" if has_owner else "")
            + '<th>Rating</th><th class="num">Plan</th><th class="num">Outturn</th>'
            '<th class="num">At risk</th><th>Commentary</th><th>Source</th></tr></thead><tbody>'
            + risk_rows
            + "</tbody></table>"
        )
        if len(top)
        else "<p>No scheme has savings at risk.</p>"
    )

    # decisions
    decisions = []
    option = bring_forward_option(month, h)
    if option:
        decisions.append(
            f"<li><b>Bring schemes forward?</b> {E(option)} "
            f"({_link(links, 'change_in_delivery', 'options on the change in delivery page')})</li>"
        )
    proposed = proposals(schemes)
    rest = proposed.iloc[shown_count(month) :]  # the most at risk named, the others counted
    for r in proposed.iloc[: shown_count(month)].itertuples(index=False):
        decisions.append(
            f"<li><b>{E(r.proposal.capitalize())}:</b> {E(r.scheme)} (No "
            f"{E(r.scheme_id)}; {E(r.owner) + ', ' if r.owner else ''}plan "
            f"{money(r.plan_gbp)}, outturn {money(r.outturn_gbp)})</li>"
        )
    if len(rest):
        decisions.append(
            f"<li><b>And {len(rest):,} more schemes</b> to withdraw, re-phase or "
            f"recover (plan {money(rest['plan_gbp'].sum())}, outturn "
            f"{money(rest['outturn_gbp'].sum())} together): every scheme's figures "
            "are in the workbook (sheet schemes).</li>"
        )
    decisions_html = (
        f"<ul>{''.join(decisions)}</ul>"
        if decisions
        else "<p>No decision is needed this month.</p>"
    )

    # movement
    moved_frame = rag_views.ratings_moved(month, _previous_for_ratings(month))
    prev = previous_tables(month)
    move = movement(month, h, prev)
    exceptions: list[Exception_] = []
    about_notes: list[str] = []
    exceptions += savings_exceptions(month, schemes, h, moved_frame if prev else None)
    try:
        plan_exc, plan_notes = plan_exceptions(month)
        exceptions += plan_exc
        about_notes += plan_notes
    except UserError as error:
        about_notes += error.lines()
    try:
        exceptions += deflection_exceptions(month)
    except UserError as error:
        about_notes += error.lines()
    order = {k: i for i, k in enumerate(PAGE_KEYS)}
    exceptions.sort(key=lambda x: order.get(x.page, 99))
    exc_rows = "".join(
        f"<tr><td>{_link(links, x.page)}</td><td><b>{E(x.what)}</b></td>"
        f'<td class="num">{money(x.amount_gbp) if x.amount_gbp is not None else ""}</td>'
        f"<td>{E(x.detail)}</td></tr>"
        for x in exceptions
    )
    exc_html = (
        '<table><thead><tr><th>Page</th><th>Exception</th><th class="num">£</th>'
        f"<th>Detail</th></tr></thead><tbody>{exc_rows}</tbody></table>"
        if exceptions
        else "<p>No exceptions on any page.</p>"
    )

    if move is None:
        move_html = (
            f"<p>No figures for {style.month_name(month.period - 1)} were found, so "
            "there is no movement to show.</p>"
        )
    else:

        def then_now(label, pair, worse_if_up):
            then, now = pair
            if then != then:
                return f"<tr><td>{label}</td><td class=num>not recorded</td><td class=num>{money(now)}</td><td></td></tr>"
            change = now - then
            return (
                f"<tr><td>{label}</td><td class=num>{money(then)}</td><td class=num>"
                f"{money(now)}</td><td class=num>{money(change, signed=True)}</td></tr>"
            )

        lines = []
        if move["ratings"]:
            lines.append(
                "<li><b>Ratings moved:</b> "
                + "; ".join(f"{E(n)} {E(w)} to {E(v)} ({d})" for n, w, v, d in move["ratings"])
                + "</li>"
            )
        else:
            lines.append("<li>No overall rating moved.</li>")
        lines.append(
            "<li><b>Schemes added:</b> " + (E("; ".join(move["added"])) or "none") + "</li>"
        )
        lines.append(
            "<li><b>Schemes removed:</b> " + (E("; ".join(move["removed"])) or "none") + "</li>"
        )
        if move["go_lives"]:
            lines.append(
                "<li><b>Go-lives moved:</b> "
                + "; ".join(
                    f"{E(n)} {style.month_label(a)} to {style.month_label(b)} "
                    f"({style.months(s, signed=True)})"
                    for n, a, b, s in move["go_lives"]
                )
                + "</li>"
            )
        else:
            lines.append("<li>No go-live moved.</li>")
        prev_name = style.month_name(move["period"])
        move_html = (
            f'<table style="width:auto"><thead><tr><th></th><th class=num>{prev_name}'
            f"</th><th class=num>{month_name}</th><th class=num>Change</th></tr></thead>"
            "<tbody>"
            + then_now("Forecast in year", move["forecast"], False)
            + then_now("Forecast outturn", move["outturn"], False)
            + then_now("Gap to target", move["gap"], True)
            + f"</tbody></table><ul>{''.join(lines)}</ul>"
        )
        about_notes.append(f"Last month's figures were read from {move['folder']}.")

    # commentary
    summary_text = commentary.page("summary")
    if summary_text:
        comm_html = f'<div class="commentary">{to_html(summary_text)}</div>'
    else:
        comm_html = (
            f'<p class="missing"><b>No commentary has been written for {month_name}.</b>'
            " The pages show the figures without the leads' explanation.</p>"
        )
    if commentary.found:
        about_notes.append(f"Commentary read from {commentary.source}.")
        missing = [links[k][1] for k in PAGE_KEYS if k in links and not commentary.page(k)]
        if missing:
            comm_html += "<p><small>No commentary on: " + E(", ".join(missing)) + ".</small></p>"
    else:
        about_notes.append(
            f"No commentary file for {month.period} (write "
            f"commentary/{month.period}.md or .yml in the data folder)."
        )

    rag = "".join(
        f'<span class="rag {w}">{w.capitalize()}: {_n(h["rag"][w], "scheme")}</span>'
        for w in style.RAG_ORDER
    )
    rated_text = (
        f"Ratings as given on {rated.day} {rated:%B %Y}; forecasts as assessed for {month_name}."
        if rated
        else "The register does not state when its ratings were given."
    )
    links_html = "".join(
        f'<li><a href="{E(p.page.name)}">{E(p.title)}</a></li>'
        for p in pages
        if getattr(p, "page", None)
    )
    pdf_link = (
        f'<li><a href="{E(pdf)}">The whole pack as one PDF board paper</a></li>' if pdf else ""
    )
    about_notes = [*month.notes, *about_notes]
    about = "".join(f"<li>{E(n)}</li>" for n in about_notes)
    footer = E(f"{month.organisation} · savings pack {month_name}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Summary · {E(month.organisation)} · savings pack {month_name}</title>
<style>{INDEX_CSS}
@media print{{@page{{@bottom-left{{content:"{footer}";font:9pt Arial,sans-serif;color:{_C.NHS_DARK_GREY}}}
@bottom-right{{content:"Page " counter(page) " of " counter(pages);font:9pt Arial,sans-serif;color:{_C.NHS_DARK_GREY}}}}}}}</style></head>
<body>
{_nav_html(pages)}
<p class="org">{E(month.organisation)}</p>
<h1>Savings programme {month.fy}: board summary, {month_name}</h1>
<p>Reporting month {E(month.period_label)}. {h["schemes"]} schemes in the register. {E(rated_text)}</p>
<div class="verdict" data-verdict="{verdict}" style="background:{v_bg};color:{v_fg}">
<b>{verdict.capitalize()}</b>: forecast outturn {money(h["outturn"])} is {share:.0%} of the plan of {money(h["plan"])}.
<div class="rule">The rule: {E(rule.words())}.</div></div>
<div class="cards">{cards_html}</div>
<h2>From plan to outturn</h2>
{_bridge_html(bridge(h))}
<h2>Commentary</h2>
{comm_html}
<h2>Top {TOP_RISKS} schemes by savings at risk</h2>
<p>At risk: the plan in year less the scheme's outturn.</p>
{risk_table}
<h2>Decisions needed</h2>
<p><small>Proposed for withdrawal: planned this year but forecast to deliver nothing this year.
Proposed for a recovery plan: rated red, or forecast to deliver under half its plan.</small></p>
{decisions_html}
<h2>Exceptions on every page</h2>
{exc_html}
<h2>Since last month</h2>
{move_html}
<h2>Overall ratings</h2><p>{rag}</p>
<h2>Pages</h2><ul>{links_html}</ul>
<h2>Tables</h2><ul><li><a href="{E(workbook)}">Excel workbook of the pack's tables</a></li>{pdf_link}</ul>
<div class="about"><h3>About this page</h3><ul>{about}</ul>
<p>Built {E(built)}. Executed notebooks (.ipynb) sit next to the pages.</p></div>
</body></html>
"""


def _previous_for_ratings(month: MonthInputs) -> pd.DataFrame | None:
    prev = previous_tables(month)
    return prev[0] if prev else None
