"""The interactive savings explorer (notebooks/explorer.ipynb): logic here, widgets thin.

:class:`ExplorerData` precomputes what never changes while an analyst moves sliders (full-year
effects, go-live offsets, codes for theme / phase / overall RAG, actuals by month); then
:func:`recompute` turns the controls into the year's monthly curves and totals with a few
vectorised numpy operations (no loop over schemes): 30,000 schemes recompute and redraw within
the 50 ms a slider needs to feel immediate (``benchmarks/bench_explorer.py``). :class:`Explorer`
wires ipywidgets to a plotly ``FigureWidget``; :func:`app` returns its widgets.

A change in delivery set here is **added** to the directors' (0 leaves the forecast as the
headline's) and follows the one rule of :mod:`.model.changes`: it affects only months after the
reporting month; a scheme already live by then does not move. Money is in pounds; months are
offsets from April of the register's financial year (M1 = 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import calendar, style
from .errors import UserError
from .io.system import is_system, read_system
from .model.changes import hold_reported, outturn_gbp
from .model.phasing import (
    STEP,
    Ramp,
    delivery_offset,
    go_live_offsets,
    monthly_savings,
    weight_set,
)
from .month import load_month
from .schema import Scheme

RAG_CODES = {"green": 0, "amber": 1, "red": 2}  # 3 = not rated (the unrated weight)
DEFAULT_WEIGHTS = {"green": 1.0, "amber": 0.75, "red": 0.5}
# not rated counts at the board set's unrated weight (weights.yml), as on every page: not 100%
UNRATED_WEIGHT = weight_set("board").unrated_weight
LEVELS = ("scheme", "theme", "phase")
MAX_OPTIONS = 200  # a picker lists at most this many matches: type to narrow


def _number_key(text: str) -> tuple:
    """Sort key ordering ``"2" < "10" < "10a" < "B"``: numbers as numbers, then text."""
    parts = re.split(r"(\d+)", str(text))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts if p)


@dataclass
class ExplorerData:
    """Everything fixed while the sliders move, as numpy arrays (one entry per scheme)."""

    year: int
    scheme_ids: np.ndarray
    labels: dict  # level -> np.ndarray of each scheme's key (str)
    fye: np.ndarray
    go_live_offset: np.ndarray
    change: np.ndarray
    rag_code: np.ndarray
    actual_by_month: np.ndarray  # 12 months, pounds (0 where none)
    has_actuals: bool = False
    names: np.ndarray | None = None  # scheme names, for the picker
    # 12 months, pounds: the forecast standing in for live schemes' months to date with no
    # actual recorded (the outturn counts it, as the pack's headline does; 0 where none)
    unreported_by_month: np.ndarray | None = None

    @classmethod
    def from_register(
        cls, register: pd.DataFrame, year: int, actual_by_month: np.ndarray | None = None
    ) -> ExplorerData:
        def keys(column):
            if column not in register:
                return np.full(len(register), "Not stated")
            return register[column].astype("string").fillna("Not stated").to_numpy(dtype=str)

        rag = (
            register[Scheme.rag_overall].astype("string").str.lower()
            if Scheme.rag_overall in register
            else pd.Series([None] * len(register))
        )
        change = pd.to_numeric(
            register.get(Scheme.change_in_delivery_months, pd.Series(0.0, index=register.index))
        ).fillna(0.0)
        return cls(
            year=year,
            scheme_ids=register[Scheme.scheme_id].astype(str).to_numpy(),
            labels={
                "scheme": register[Scheme.scheme_id].astype(str).to_numpy(),
                "theme": keys(Scheme.theme),
                "phase": keys(Scheme.phase),
            },
            fye=register[Scheme.fye_net_saving].to_numpy(dtype=float),
            go_live_offset=go_live_offsets(register, year),
            change=change.to_numpy(dtype=float),
            rag_code=rag.map(RAG_CODES).fillna(3).to_numpy(dtype=int),
            actual_by_month=(
                np.zeros(12)
                if actual_by_month is None
                else np.asarray(actual_by_month, dtype=float)
            ),
            has_actuals=actual_by_month is not None,
            names=keys(Scheme.scheme) if Scheme.scheme in register else None,
        )

    @classmethod
    def from_month(cls, month) -> ExplorerData:
        """From a :class:`~commissioning_analytics.month.MonthInputs` (all actuals of the year
        to the reporting month), or a :class:`SystemMonth`'s (issue 22)."""
        if isinstance(month, SystemMonth):
            return month.data
        actual = month.actual_by_scheme_month().sum(axis=0) if month.actuals is not None else None
        data = cls.from_register(month.register, month.year, actual)
        if actual is not None:
            data.unreported_by_month = month.outturn_to_date().sum(axis=0) - actual
        return data

    @classmethod
    def combined(cls, parts: dict[str, ExplorerData]) -> ExplorerData:
        """Several organisations' data as one, the system's (issue 22): their schemes side by
        side (scheme keys prefixed with the organisation's code, ``NF-TRUST:1004``), actuals
        by month added up. Every part must be of the same financial year."""
        years = {d.year for d in parts.values()}
        if len(years) != 1:
            raise ValueError(f"organisations of different financial years: {sorted(years)}")
        without = [code for code, d in parts.items() if not d.has_actuals]
        if without and len(without) < len(parts):  # the outturn would take their past months
            raise ValueError(  # as actuals of 0: refused rather than a wrong outturn
                f"{', '.join(without)} ha{'s' if len(without) == 1 else 've'} no actuals and "
                "the others have: the system is shown when every organisation has actuals, or none"
            )

        def joined(get):
            return np.concatenate([np.asarray(get(d)) for d in parts.values()])

        ids = np.concatenate(
            [np.char.add(f"{code}:", d.scheme_ids.astype(str)) for code, d in parts.items()]
        )
        names = (
            joined(lambda d: d.names) if all(d.names is not None for d in parts.values()) else None
        )
        return cls(
            year=years.pop(),
            scheme_ids=ids,
            labels={
                "scheme": ids,
                "theme": joined(lambda d: d.labels["theme"]),
                "phase": joined(lambda d: d.labels["phase"]),
            },
            fye=joined(lambda d: d.fye).astype(float),
            go_live_offset=joined(lambda d: d.go_live_offset),
            change=joined(lambda d: d.change).astype(float),
            rag_code=joined(lambda d: d.rag_code).astype(int),
            actual_by_month=np.sum([d.actual_by_month for d in parts.values()], axis=0),
            has_actuals=any(d.has_actuals for d in parts.values()),
            names=names,
            unreported_by_month=(  # each organisation's schemes not yet reported, added up
                sum(
                    d.unreported_by_month
                    for d in parts.values()
                    if d.unreported_by_month is not None
                )
                if any(d.unreported_by_month is not None for d in parts.values())
                else None
            ),
        )

    def options(self, level: str) -> list[tuple[str, str]]:
        """What an analyst can pick at ``level``, as ``(label, key)`` sorted by number: schemes
        as ``"9 Discharge to assess"``, themes by name, phases as ``"Phase 2"``."""
        keys = sorted(set(self.labels[level].tolist()), key=_number_key)
        if level == "scheme" and self.names is not None:
            first = dict(zip(self.scheme_ids[::-1], self.names[::-1]))  # first row's name
            return [(f"{k} {first[k]}".strip(), k) for k in keys]
        if level == "phase":
            return [(f"Phase {k}" if k != "Not stated" else k, k) for k in keys]
        return [(k, k) for k in keys]


@dataclass
class ExplorerResult:
    """Monthly totals (12 months, April to March) and the year's figures, pounds."""

    months: pd.PeriodIndex
    plan: np.ndarray
    most_likely: np.ndarray
    forecast: np.ndarray
    actual: np.ndarray  # to the reporting month only
    totals: dict = field(default_factory=dict)


def change_in_delivery(data: ExplorerData, overrides: dict | None = None) -> np.ndarray:
    """Each scheme's change in delivery (months): the directors' plus what the explorer adds.

    Args:
        overrides: ``{(level, key): months}`` with level ``phase``, ``theme`` or ``scheme``:
            months **added** to the directors' change (+ = gained, earlier); a scheme's own
            entry beats its theme's, which beats its phase's. ``0`` leaves the directors' change.
    """
    extra = np.zeros(len(data.change))
    for level in ("phase", "theme", "scheme"):
        for (lvl, key), months in (overrides or {}).items():
            if lvl == level:
                extra[data.labels[level] == str(key)] = float(months)
    return data.change + extra


def recompute(
    data: ExplorerData,
    *,
    weights: dict | None = None,
    overrides: dict | None = None,
    ramp: Ramp = STEP,
    period_index: int | None = None,
) -> ExplorerResult:
    """The savings curves and totals for one setting of the explorer's controls.

    Args:
        data: precomputed register arrays.
        weights: RAG weights 0-1 ``{"green", "amber", "red"}`` (board weights by default;
            ``unrated``, a scheme with no rating: the board set's unrated weight by default).
        overrides: months added to the directors' change in delivery by scheme / theme / phase
            (see :func:`change_in_delivery`); held out of the reported months
            (:func:`.model.changes.hold_reported`).
        ramp: build-up after go-live.
        period_index: reporting month as an offset from April (0 = April, 11 = March);
            ``None``: no reporting month (to-date figures cover the year, any month can change).

    Returns:
        Monthly totals on each basis and ``totals``: plan / most likely / forecast in year,
        plan, forecast and actual to date, outturn (actual to date + forecast for the months
        after the reporting month) and gap to target (plan - outturn), plus forecast next year.
    """
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    table = np.array([w["green"], w["amber"], w["red"], w.get("unrated", UNRATED_WEIGHT)])
    weight = table[data.rag_code]
    plan_m = monthly_savings(data.fye, data.go_live_offset, 24, ramp)
    offset = delivery_offset(data.go_live_offset, data.change)
    if overrides:
        asked = delivery_offset(data.go_live_offset, change_in_delivery(data, overrides))
        earliest = 0 if period_index is None else int(period_index) + 1
        offset = hold_reported(offset, asked, earliest)
    forecast_m = monthly_savings(data.fye, offset, 24, ramp)
    plan = plan_m[:, :12].sum(axis=0)
    most_likely = weight @ plan_m[:, :12]
    forecast = weight @ forecast_m[:, :12]
    k = 11 if period_index is None else int(period_index)
    actual = data.actual_by_month[: k + 1]
    actual_to_date = float(actual.sum()) if data.has_actuals else float("nan")
    counted = data.actual_by_month
    if data.unreported_by_month is not None:  # a scheme not yet reported counts its forecast
        counted = counted + data.unreported_by_month
    outturn = outturn_gbp(forecast, counted if data.has_actuals else None, k)
    first = forecast_m[:, :12].sum(axis=1)
    totals = {
        "plan_in_year": float(plan.sum()),
        "most_likely_in_year": float(most_likely.sum()),
        "forecast_in_year": float(forecast.sum()),
        "plan_to_date": float(plan[: k + 1].sum()),
        "forecast_to_date": float(forecast[: k + 1].sum()),
        "actual_to_date": actual_to_date,
        "forecast_outturn": outturn,
        "gap_to_target": float(plan.sum()) - outturn,
        "forecast_next_year": float((forecast_m[:, 12:24].sum(axis=1) - first).sum()),
    }
    return ExplorerResult(
        months=calendar.fy_months(data.year),
        plan=plan,
        most_likely=most_likely,
        forecast=forecast,
        actual=actual,
        totals=totals,
    )


def totals_html(result: ExplorerResult) -> str:
    """The totals as a small HTML table (money in £k/£m)."""
    names = {
        "plan_in_year": "Plan in year (target)",
        "most_likely_in_year": "Most likely",
        "forecast_in_year": "Forecast in year",
        "plan_to_date": "Plan to date",
        "forecast_to_date": "Forecast to date",
        "actual_to_date": "Actual to date",
        "forecast_outturn": "Outturn (actual to date + forecast for the months left)",
        "gap_to_target": "Gap (plan \u2212 outturn; + = short)",
        "forecast_next_year": "Forecast next year (incremental)",
    }
    rows = "".join(
        f"<tr><td>{label}</td><td style='text-align:right' data-total='{key}'><b>"
        f"{style.money(result.totals[key])}</b></td></tr>"
        for key, label in names.items()
    )
    return f"<table style='font-size:13px'>{rows}</table>"


TRACES = ("plan", "most_likely", "forecast", "actual")


class Explorer:
    """The explorer's widgets and figure for one month (see :func:`app`).

    ``update()`` recomputes and redraws (every control calls it); ``result`` is the last
    :class:`ExplorerResult`; ``widget`` is what the notebook displays.
    """

    def __init__(self, month):
        # widgets only when the explorer is opened: its model (ExplorerData, recompute) is
        # used without them (benchmarks, tests)
        import ipywidgets as W
        import plotly.graph_objects as go

        self.data = data = ExplorerData.from_month(month)
        self.labels = [style.month_label(m) for m in calendar.fy_months(data.year)]
        self.overrides: dict = {}
        self.result: ExplorerResult | None = None
        self._options: dict = {}
        wide = dict(style={"description_width": "110px"}, layout=W.Layout(width="380px"))
        self.sliders = {
            r: W.FloatSlider(
                value=DEFAULT_WEIGHTS[r],
                min=0,
                max=1,
                step=0.05,
                description=f"{r.capitalize()} weight",
                continuous_update=True,
                **wide,
            )
            for r in ("green", "amber", "red")
        }
        self.level = W.Dropdown(
            options=[(lvl.capitalize(), lvl) for lvl in LEVELS],
            value="scheme",
            description="Change by",
            **wide,
        )
        self.find = W.Text(
            value="",
            placeholder="number or words, e.g. 9 or discharge",
            description="Find",
            continuous_update=True,
            **wide,
        )
        self.item = W.Dropdown(options=[], description="Which", **wide)
        self.matches = W.HTML("")
        self.shift = W.IntSlider(value=0, min=-12, max=12, description="Months ±", **wide)
        self.apply_button = W.Button(description="Apply change", button_style="primary")
        self.reset_button = W.Button(description="Reset changes")
        self.applied = W.HTML("")
        self.shape = W.Dropdown(
            options=["step", "linear", "s-curve"], value="step", description="Ramp", **wide
        )
        self.ramp_months = W.IntSlider(value=3, min=1, max=12, description="Ramp months", **wide)
        last = month.period_index if data.has_actuals else 11
        self.period = W.Dropdown(
            options=[(lbl, i) for i, lbl in enumerate(self.labels) if i <= last],
            value=month.period_index,
            description="Reporting month",
            **wide,
        )

        # The figure is built with its first traces (x and y) and layout in the constructor:
        # a FigureWidget shown inside a box only sends the frontend what it held when it was
        # created (``_widget_data``), so traces added or edited before it is displayed arrive
        # without their x (the lines sat a month left on an axis reading "0, Apr 2026 ...").
        first = self._recompute()
        self._on_find()  # the picker's first list
        fig = go.FigureWidget(
            data=[
                go.Scatter(
                    x=x,
                    y=y,
                    name=style.SERIES_LABELS[key],
                    mode="lines",
                    line=dict(color=style.SERIES[key], dash=dash, width=3),
                )
                for key, dash, (x, y) in zip(
                    TRACES, ("solid", "dot", "dash", "solid"), self._series(first)
                )
            ],
            layout=go.Layout(
                title=dict(text="Cumulative savings over the year", y=0.97),
                xaxis=dict(
                    title="Month (April to March)",
                    type="category",
                    categoryorder="array",
                    categoryarray=self.labels,
                ),
                yaxis_title="Cumulative saving (£)",
                height=480,
                width=720,
                legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"),
                margin=dict(t=110, b=70, l=80, r=20),
                shapes=[self._marker()],
            ),
        )
        self.figure = fig
        self.totals = W.HTML()

        self.level.observe(self._on_level, names="value")
        self.find.observe(self._on_find, names="value")
        self.apply_button.on_click(self._on_apply)
        self.reset_button.on_click(self._on_reset)
        for widget in (*self.sliders.values(), self.shape, self.ramp_months, self.period):
            widget.observe(self.update, names="value")
        self._show(first)
        controls = W.VBox(
            [
                W.HTML("<b>RAG weights</b>"),
                *self.sliders.values(),
                W.HTML(
                    "<b>Change in delivery</b>: months added to the directors' change "
                    "(+ gained, − lost); press <i>Apply change</i>"
                ),
                self.level,
                self.find,
                self.item,
                self.matches,
                self.shift,
                W.HBox([self.apply_button, self.reset_button]),
                self.applied,
                W.HTML("<b>Ramp-up and reporting month</b>"),
                self.shape,
                self.ramp_months,
                self.period,
            ],
            layout=W.Layout(min_width="400px"),
        )
        self.widget = W.HBox([controls, W.VBox([fig, self.totals])])

    def _on_level(self, *_):
        self.find.value = ""
        self._on_find()

    def _on_find(self, *_):
        """List the options matching the search text (all words, any case), sorted by number,
        at most MAX_OPTIONS of them."""
        if self.level.value not in self._options:  # sorted once per level
            options = self.data.options(self.level.value)
            self._options[self.level.value] = (options, [o[0].lower() for o in options])
        options, lowered = self._options[self.level.value]
        words = self.find.value.lower().split()
        if words:
            options = [o for o, text in zip(options, lowered) if all(w in text for w in words)]
        shown = options[:MAX_OPTIONS]
        self.item.options = shown
        self.item.value = shown[0][1] if shown else None
        what = {"scheme": "scheme", "theme": "theme", "phase": "phase"}[self.level.value]
        if not options:
            self.matches.value = f"<i>no {what} matches</i>"
        elif len(options) > len(shown):
            self.matches.value = (
                f"<i>showing {len(shown):,} of {len(options):,} {what}s: type to narrow</i>"
            )
        else:
            self.matches.value = f"<i>{len(options):,} {what}{'s' * (len(options) != 1)}</i>"

    def _on_apply(self, *_):
        if self.item.value is not None:
            self.overrides[(self.level.value, self.item.value)] = self.shift.value
        self.update()

    def _on_reset(self, *_):
        self.overrides.clear()
        self.update()

    def _recompute(self) -> ExplorerResult:
        return recompute(
            self.data,
            weights={r: s.value for r, s in self.sliders.items()},
            overrides=self.overrides,
            ramp=Ramp(self.shape.value, self.ramp_months.value),
            period_index=self.period.value,
        )

    def _series(self, result: ExplorerResult) -> list[tuple[list[str], np.ndarray]]:
        """(x, cumulative y) of each trace: the year's months; the actual to the reporting
        month."""
        series = {
            "plan": result.plan,
            "most_likely": result.most_likely,
            "forecast": result.forecast,
            "actual": result.actual if self.data.has_actuals else np.array([]),
        }
        return [(self.labels[: len(series[key])], np.cumsum(series[key])) for key in TRACES]

    def _marker(self) -> dict:
        month = self.labels[self.period.value]
        return dict(
            type="line",
            x0=month,
            x1=month,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            line=dict(dash="dot", width=1, color=style.NHS_MID_GREY),
        )

    def _show(self, result: ExplorerResult) -> None:
        self.totals.value = totals_html(result)
        self.applied.value = (
            "; ".join(
                f"{lvl} {key}: {style.months(m, signed=True)} on the directors' change"
                for (lvl, key), m in self.overrides.items()
            )
            or "no changes applied"
        )
        self.result = result

    def update(self, *_) -> ExplorerResult:
        """Recompute from the controls and redraw: every trace gets its x and y together, so
        the lines keep their months on every update."""
        result = self._recompute()
        with self.figure.batch_update():
            for trace, (x, y) in zip(self.figure.data, self._series(result)):
                trace.x = x
                trace.y = y
            self.figure.layout.shapes = [self._marker()]
        self._show(result)
        return result


def app(month, *, data_dir: str | Path | None = None, period: str = "", weight_set="board"):
    """The explorer's widgets for a :class:`~commissioning_analytics.month.MonthInputs`
    (``None``: a note that there is no register, or, when ``data_dir`` is a system folder,
    :func:`system_app`)."""
    from IPython.display import Markdown

    if month is None and data_dir is not None and is_system(Path(data_dir)):
        return system_app(period, data_dir, weight_set=weight_set)
    if month is None:
        return Markdown("_No register: nothing to explore._")
    return Explorer(month).widget


# ---------------------------------------------------------------------------------------------
# A system of organisations (issue 22): the system, or any one organisation


@dataclass
class SystemMonth:
    """The system's organisations as one month for :class:`Explorer`: the reporting month
    (``period_index``) and their schemes together (:meth:`ExplorerData.combined`)."""

    period_index: int
    data: ExplorerData

    @classmethod
    def of(cls, months: dict) -> SystemMonth:
        first = next(iter(months.values()))
        parts = {code: ExplorerData.from_month(m) for code, m in months.items()}
        return cls(first.period_index, ExplorerData.combined(parts))


def system_months(period: str, data_dir: str | Path, weight_set: str = "board"):
    """Each organisation's month of a system folder: ``({code: MonthInputs}, {code: name},
    problems)``; an organisation whose month cannot be read is left out and named in
    ``problems``."""
    system = read_system(Path(data_dir))
    months, names, problems = {}, {}, list(system.notes)
    for org in system.organisations:
        try:
            months[org.code] = load_month(
                period, org.folder, organisation=org.name, weight_set=weight_set
            )
            names[org.code] = org.name
        except UserError as error:
            problems.append(f"{org.code}: {error.lines()[0]}")
    return months, names, problems


def system_app(period: str, data_dir: str | Path, weight_set: str = "board"):
    """The explorer of a system folder: a picker switches between the system (every
    organisation's schemes together) and any one organisation."""
    import html

    import ipywidgets as W

    months, names, problems = system_months(period, data_dir, weight_set)
    if not months:
        return W.HTML(
            "<i>No organisation of the system could be read: "
            + html.escape("; ".join(problems))
            + "</i>"
        )
    try:
        system: SystemMonth | None = SystemMonth.of(months)
    except ValueError as error:
        system = None
        problems.append(f"the system as a whole is not shown: {error}")
    choices = [(f"{names[c]} ({c})", c) for c in months]
    picker = W.Dropdown(
        options=([("System: all organisations", "")] if system else []) + choices,
        value="" if system else choices[0][1],
        description="Show",
    )
    holder = W.VBox([Explorer(system or months[picker.value]).widget])

    def switch(change):
        code = change["new"]
        holder.children = [Explorer(months[code] if code else system).widget]

    picker.observe(switch, names="value")
    notes = W.HTML(
        "<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in problems) + "</ul>"
        if problems
        else ""
    )
    return W.VBox([picker, notes, holder])
