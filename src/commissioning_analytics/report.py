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
from .model.phasing import FORECAST, MOST_LIKELY, PLAN, STEP, Phasing, Ramp, phase, weight_set
from .schema import Scheme

SETTINGS_FILE = "pack.yml"  # a data folder's pack settings (see PackSettings)
MEASURES = ("plan", "most_likely", "forecast", "actual", "outturn")
MEASURE_LABELS = {
    "plan": "Plan",
    "most_likely": "Most likely (risk-weighted)",
    "forecast": "Forecast (director-assessed)",
    "actual": "Actual to date",
    "outturn": "Outturn (actual to date, then forecast)",
}
PANEL_LABELS = {
    Scheme.rag_value: "Value",
    Scheme.rag_resources: "Resources",
    Scheme.rag_timeliness: "Timeliness",
    Scheme.rag_codependency: "Co-dependency",
    Scheme.rag_overall: "Overall",
}


@dataclass(frozen=True)
class PackSettings:
    """How the pack counts the register, set by a data folder's ``pack.yml`` (shown on the page).

    Attributes:
        figures: ``rule`` (default): every scheme's figures recomputed by the board's rules
            (shared/DESIGN.md), the register's own figures checked against them; ``stated``:
            the register's own plan, most likely and forecast figures where it states them
            (the monthly profile scaled to each stated figure).
        adjustments: ``exclude`` (default) or ``include`` the register's unlabelled adjustment
            rows under its totals (their in-year figure counts in the plan, forecast and
            outturn alike, with its own line in the bridge).
        forecast: ``directors`` (default): the headline forecast is the directors' change in
            delivery; ``plans``: where a linked project plan starts a service later than that,
            the plan's month is used instead.
        top_n: per-scheme charts and tables show this many schemes, those with the most at
            stake first, and add up all the others in one row (default 25); every scheme is
            in the workbook and the CSVs.
        source: the file the settings came from ("" = the defaults).
    """

    figures: str = "rule"
    adjustments: str = "exclude"
    forecast: str = "directors"
    top_n: int = 25
    source: str = ""

    CHOICES = {
        "figures": ("rule", "stated"),
        "adjustments": ("exclude", "include"),
        "forecast": ("directors", "plans"),
    }
    NUMBERS = {"top_n": (1, 1_000)}  # whole-number settings: (smallest, largest)

    def describe(self) -> str:
        """One plain sentence for the page."""
        where = (
            f"from {Path(self.source).name}"
            if self.source
            else "the defaults (no pack.yml in the data folder)"
        )
        figures = (
            "the board's rules, each stated figure checked against them"
            if self.figures == "rule"
            else "the register's own stated figures"
        )
        forecast = (
            "the directors' change in delivery"
            if self.forecast == "directors"
            else "the project plans' dates where they are later than the directors'"
        )
        return (
            f"Settings: figures: {self.figures} ({figures}); adjustments: "
            f"{self.adjustments} (the register's adjustment rows are "
            f"{'counted' if self.adjustments == 'include' else 'not counted'}); "
            f"forecast: {self.forecast} ({forecast}); top_n: {self.top_n} (per-scheme "
            f"charts and tables show the {self.top_n} schemes with most at stake, all "
            f"others added up in one row); {where}."
        )


def load_settings(data_dir: str | Path | None) -> PackSettings:
    """A data folder's ``pack.yml`` (``figures: rule|stated``, ``adjustments:
    exclude|include``, ``forecast: directors|plans``, ``top_n: 25``); the defaults when it has
    none.

    Raises:
        ConfigError: a key or value that is not one of those, naming the file and key.
    """
    from .errors import ConfigError
    from .safe_yaml import load_yaml

    if data_dir is None or not (Path(data_dir) / SETTINGS_FILE).is_file():
        return PackSettings()
    path = Path(data_dir) / SETTINGS_FILE
    data = load_yaml(path) or {}
    keys = [*PackSettings.CHOICES, *PackSettings.NUMBERS]
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected keys {', '.join(keys)}")
    problems, values = [], {}
    for key, value in data.items():
        choices = PackSettings.CHOICES.get(str(key))
        if str(key) in PackSettings.NUMBERS:
            low, high = PackSettings.NUMBERS[str(key)]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                problems.append(
                    f"{path}: {key}: {value!r}: expected a whole number from {low} to {high:,}"
                )
            else:
                values[str(key)] = value
        elif choices is None:
            problems.append(f"{path}: key {key!r}: expected one of {', '.join(keys)}")
        elif str(value).strip().lower() not in choices:
            problems.append(f"{path}: {key}: {value!r}: expected {' or '.join(choices)}")
        else:
            values[str(key)] = str(value).strip().lower()
    if problems:
        raise ConfigError(problems)
    return PackSettings(**values, source=str(path))


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
        settings: how the register is counted (:class:`PackSettings`).
        totals: the register's totals and adjustment rows (``RegisterLoad.totals``), if read
            from a workbook.
        findings: :func:`model.reconcile.reconcile` of the register (stated figures the rules
            do not give), if read from a workbook.
        plan_driven_schemes: schemes whose forecast follows their project plan (setting
            ``forecast: plans``).
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
    settings: PackSettings = field(default_factory=PackSettings)
    totals: pd.DataFrame | None = None
    findings: pd.DataFrame | None = None
    plan_driven_schemes: list[str] = field(default_factory=list)

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
        return (
            f"{self.period.strftime('%B %Y')} (M{calendar.fy_month_number(self.period)} {self.fy})"
        )

    def actual_by_scheme_month(self) -> np.ndarray:
        """Actual savings, schemes x the year's 12 months, pounds (0 after the reporting month
        and where none was recorded); all zeros when there are no actuals."""
        out = np.zeros((len(self.register), 12))
        if self.actuals is None or self.actuals.empty:
            return out
        rows = pd.Index(self.register[Scheme.scheme_id].astype(str)).get_indexer(
            self.actuals[Scheme.scheme_id].astype(str)
        )
        cols = calendar.month_offsets(self.actuals["month"], calendar.fy_start(self.year))
        keep = (rows >= 0) & (cols >= 0) & (cols <= self.period_index)
        np.add.at(
            out,
            (rows[keep], cols[keep].astype(int)),
            np.nan_to_num(self.actuals["actual_gbp"].to_numpy(dtype=float)[keep]),
        )
        return out

    def actual_recorded(self) -> np.ndarray:
        """Whether an actual (a number, 0 included) is recorded, schemes x the year's 12
        months; False after the reporting month. A blank amount is not a record."""
        out = np.zeros((len(self.register), 12), dtype=bool)
        if self.actuals is None or self.actuals.empty:
            return out
        rows = pd.Index(self.register[Scheme.scheme_id].astype(str)).get_indexer(
            self.actuals[Scheme.scheme_id].astype(str)
        )
        cols = calendar.month_offsets(self.actuals["month"], calendar.fy_start(self.year))
        recorded = self.actuals["actual_gbp"].notna().to_numpy()
        keep = (rows >= 0) & (cols >= 0) & (cols <= self.period_index) & recorded
        out[rows[keep], cols[keep].astype(int)] = True
        return out

    def months_with_actuals_mask(self) -> np.ndarray:
        """12 bools: the months of the year to date for which any scheme has an actual."""
        return self.actual_recorded().any(axis=0)

    def months_without_actuals(self) -> list[pd.Period]:
        """Months April to the reporting month with no actual recorded for any scheme."""
        has = self.months_with_actuals_mask()
        return [m for i, m in enumerate(self.months[: self.period_index + 1]) if not has[i]]

    def adjustment_total(self, column: str) -> float:
        """The register's adjustment rows' total of ``column`` (pounds; 0 when none)."""
        if self.totals is None or self.totals.empty or column not in self.totals:
            return 0.0
        rows = self.totals[self.totals["kind"] == "adjustment"]
        return float(pd.to_numeric(rows[column], errors="coerce").fillna(0.0).sum())


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
    settings: PackSettings | None = None,
    totals: pd.DataFrame | None = None,
    findings: pd.DataFrame | None = None,
) -> MonthInputs:
    """Phase a register for a reporting month (see :class:`MonthInputs`).

    With ``settings.figures == "stated"`` each scheme's plan, most likely and forecast in year
    (and next year) are the register's own where it states them, the monthly profile scaled to
    match; otherwise the board's rules give every figure.

    Raises:
        UserError: when the month is not in the register's financial year.
    """
    period = calendar.parse_month(period)
    if calendar.fy_start_year(period) != year:
        raise UserError(
            f"period {period}: not in the register's financial year "
            f"{calendar.fy_label(year)} (April {year} to March {year + 1})"
        )
    register = register.reset_index(drop=True).copy()
    if Scheme.change_in_delivery_months in register:
        register[Scheme.change_in_delivery_months] = pd.to_numeric(
            register[Scheme.change_in_delivery_months]
        ).fillna(0.0)
    weights = weight_set(weights)
    settings = settings or PackSettings()
    phased = {
        basis.name: phase(register, year, basis, weights=weights, ramp=ramp)
        for basis in (PLAN, MOST_LIKELY, FORECAST)
    }
    if settings.figures == "stated":
        for basis, in_year, next_year in (
            ("plan", Scheme.plan_in_year, Scheme.plan_next_year),
            ("most_likely", Scheme.most_likely_in_year, None),
            ("forecast", Scheme.forecast_in_year, Scheme.forecast_next_year),
        ):
            phased[basis] = _stated(phased[basis], register, in_year, next_year)
    return MonthInputs(
        period=period,
        year=year,
        register=register,
        actuals=actuals,
        weights=weights,
        plan=phased["plan"],
        most_likely=phased["most_likely"],
        forecast=phased["forecast"],
        organisation=organisation,
        data_dir=data_dir,
        scenario=scenario,
        settings=settings,
        totals=totals,
        findings=findings,
    )


def _stated(
    phasing: Phasing, register: pd.DataFrame, in_year: str, next_year: str | None
) -> Phasing:
    """``phasing`` with each scheme's in-year (and next-year) figure replaced by the register's
    stated one where it states one; the year's monthly profile is scaled to the stated figure
    (spread evenly over the year when the rules give nothing to scale)."""
    import dataclasses

    stated = (
        pd.to_numeric(register.get(in_year), errors="coerce").to_numpy(dtype=float)
        if in_year in register
        else np.full(len(register), np.nan)
    )
    monthly = phasing.monthly.copy()
    rule = monthly[:, :12].sum(axis=1)
    use = ~np.isnan(stated)
    scale = np.divide(stated, rule, out=np.ones_like(rule), where=use & (rule != 0))
    monthly[:, :12] *= scale[:, None]
    flat = use & (rule == 0) & (stated != 0)
    monthly[flat, :12] = stated[flat, None] / 12
    new_in_year = np.where(use, stated, phasing.in_year)
    changes = {"monthly": monthly, "in_year": new_in_year}
    if next_year is not None and next_year in register:
        stated_next = pd.to_numeric(register[next_year], errors="coerce").to_numpy(dtype=float)
        changes["next_year"] = np.where(np.isnan(stated_next), phasing.next_year, stated_next)
    return dataclasses.replace(phasing, **changes)


def load_month(
    period: str,
    data_dir: str | Path,
    register_file: str = "qipp_register.xlsx",
    *,
    weight_set: str = "board",
    scenario: str = "",
    organisation: str = "NHS Northfield ICB",
    allow_missing_actuals: bool | None = None,
    today: dt.date | None = None,
) -> MonthInputs:
    """Read a data folder's register and actuals for a reporting month, and phase them.

    Args:
        period: reporting month ``YYYY-MM``.
        data_dir: the data folder (see :class:`~commissioning_analytics.datafolder.DataFolder`).
        register_file: the register, relative to ``data_dir``.
        weight_set: ``board`` or ``treasury``.
        scenario: scenario name, passed through ("" = none).
        organisation: shown in titles.
        allow_missing_actuals: ``False``: refuse a month after today, and a year to date with a
            month that has no actuals (the pack's rule); ``True``: allow the missing months
            (the pages name them); ``None`` (default): no check, the pages name any missing
            months (a page opened on its own).
        today: the date a future month is judged by (default: today).

    Raises:
        UserError: the register is missing or unreadable, the month is outside its year or
            after today, a month of the year to date has no actuals (unless allowed), or the
            data folder's ``pack.yml`` is malformed.
    """
    from .io.register import load_register
    from .model.reconcile import reconcile
    from .monthcache import cached_month

    month = cached_month(
        period,
        data_dir,
        register_file,
        weight_set=weight_set,
        scenario=scenario,
        organisation=organisation,
    )
    if month is not None:  # the pack loaded this month once for every page (monthcache)
        return month
    folder = DataFolder(Path(data_dir))
    register_path = folder.root / register_file
    if not folder.root.is_dir():
        raise UserError(f"{folder.root}: no such data folder")
    if not register_path.is_file():
        raise UserError(f"{register_path}: no such file (the pack needs a register)")
    settings = load_settings(folder.root)
    load = load_register(register_path)
    notes = []
    actuals = None
    if folder.actuals.is_file():
        from .io.actuals import out_of_period, read_actuals

        read = read_actuals(folder.actuals, period=period)
        actuals = read.actuals
        notes += read.notes
        notes += out_of_period(actuals, load.year, period)
        stray = unmatched_actuals(load.schemes, actuals)
        if not stray.empty:
            ids = ", ".join(dict.fromkeys(stray[Scheme.scheme_id].astype(str)))
            notes.append(
                f"{len(stray)} actual row(s) totalling "
                f"{money(stray['actual_gbp'].sum())} name schemes not in the register "
                f"and are left out: scheme No {ids} (first at {stray['source'].iloc[0]})."
            )
    try:
        findings = reconcile(load, weights=weight_set)
    except Exception:  # a register the rules cannot check is still a register
        findings = None
    month = month_from_frames(
        load.schemes,
        load.year,
        period,
        actuals,
        weights=weight_set,
        organisation=organisation,
        data_dir=folder.root,
        scenario=scenario,
        settings=settings,
        totals=load.totals,
        findings=findings,
    )
    if settings.forecast == "plans":
        month = _plan_driven(month, notes)
    month.register_file = register_file
    if allow_missing_actuals is not None:
        check_reporting_month(
            month,
            today=today,
            allow_missing_actuals=allow_missing_actuals,
            actuals_file=folder.actuals,
        )
    if len(load.monthly_plan):  # a monthly tracker's own plan drives the curves (model.profile)
        from .model.profile import with_monthly_plan

        month.plan = with_monthly_plan(month.plan, load.monthly_plan)
        month.most_likely = with_monthly_plan(month.most_likely, load.monthly_plan)
    notes[:0] = [f"Register read: {load.report.summary()}", *load.report.account(rows=False)]
    banner = missing_actuals_banner(month)
    if banner:
        notes.insert(0, banner)
    month.notes.extend(notes)
    return month


def _plan_driven(month: MonthInputs, notes: list[str]) -> MonthInputs:
    """The month again with the change in delivery of every scheme whose plan starts later
    than the directors' forecast taken from the plan (setting ``forecast: plans``)."""
    from . import headline as _headline

    tasks, plan_notes = plan_tasks(month)
    notes.extend(plan_notes)
    later = _headline.plan_check(month, tasks).contradictions
    if later.empty:
        notes.append(
            "Forecast setting 'plans': no linked plan is later than the directors' "
            "forecast, so the forecast is the directors'."
        )
        return month
    register = month.register.copy()
    ids = register[Scheme.scheme_id].astype(str)
    by_id = later.set_index(Scheme.scheme_id)["plan_change_months"]
    register[Scheme.change_in_delivery_months] = (
        ids.map(by_id)
        .combine_first(register[Scheme.change_in_delivery_months].astype(float))
        .astype(float)
    )
    notes.append(
        f"Forecast setting 'plans': schemes {', '.join(later[Scheme.scheme_id])} start "
        "when their project plans say, later than the directors' change in delivery."
    )
    driven = month_from_frames(
        register,
        month.year,
        month.period,
        month.actuals,
        weights=month.weights,
        organisation=month.organisation,
        data_dir=month.data_dir,
        scenario=month.scenario,
        settings=month.settings,
        totals=month.totals,
        findings=month.findings,
    )
    driven.plan_driven_schemes = list(later[Scheme.scheme_id])
    return driven


def check_reporting_month(
    month: MonthInputs,
    *,
    today: dt.date | None = None,
    allow_missing_actuals: bool = False,
    actuals_file: str | Path = "qipp_actuals.xlsx",
) -> None:
    """Refuse a reporting month after today, and one whose year to date has a month with no
    actuals at all (unless ``allow_missing_actuals``): a month without actuals is not a month
    that saved nothing.

    Raises:
        UserError: one line naming the month(s) and what to do.
    """
    today = today or dt.date.today()
    if month.period.start_time.date() > today:
        raise UserError(
            f"period {month.period}: {month.period.strftime('%B %Y')} has not "
            f"started (today is {today:%d %B %Y}); a pack reports a month that "
            "has begun, with its actuals"
        )
    missing = month.months_without_actuals()
    if missing and not allow_missing_actuals:
        named = _month_list(missing)
        where = (
            f"{Path(actuals_file).name} has no actual for {named}"
            if month.actuals is not None
            else f"no actuals workbook ({Path(actuals_file).name}), so no actual for {named}"
        )
        raise UserError(
            f"period {month.period}: {where}; add them, choose an earlier "
            "--period, or pass --allow-missing-actuals to build the pack with "
            "those months marked"
        )


def _month_list(months) -> str:
    names = [m.strftime("%B %Y") for m in months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def missing_actuals_banner(month: MonthInputs) -> str:
    """The sentence every page carries when months of the year to date have no actuals
    ("" when none is missing)."""
    missing = month.months_without_actuals()
    if not missing:
        return ""
    return (
        f"No actuals recorded for {_month_list(missing)}: actual to date covers the other "
        "months only, and the outturn counts the forecast for the months without actuals."
    )


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

    actuals = load_actuals(folder.actuals)
    months = pd.PeriodIndex(actuals.loc[actuals["actual_gbp"].notna(), "month"], freq="M")
    months = months[months <= last_ended]
    if len(months) == 0:
        raise UserError(f"{folder.actuals}: no actuals for a month that has ended by {today}")
    return str(months.max())


# ---------------------------------------------------------------------------------------------
# Headline figures


def headline(month: MonthInputs) -> dict:
    """The headline figures as a plain dict (``nan`` kept): a thin compatibility wrapper; use
    :func:`commissioning_analytics.headline.headline` (the one definition)."""
    import dataclasses

    from . import headline as _headline

    return dataclasses.asdict(_headline.headline(month))


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
    from . import headline as _headline
    from .model.phasing import board_figures
    from .model.reconcile import TOTAL_ID

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
            gap = float(f.expected) - float(f.stated)
            explained += gap
            who = "totals row" if f.scheme_id == TOTAL_ID else f"scheme {f.scheme_id}"
            lines.append(
                f"{who} at {f.source}: stated £{f.stated:,.0f}, rule "
                f"£{f.expected:,.0f} ({money(gap, signed=True)})"
            )
        if month.settings.figures == "stated":  # only a totals row's own error remains
            explained = float(
                sum(
                    float(f.expected) - float(f.stated)
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


# ---------------------------------------------------------------------------------------------
# Savings curves


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


# ---------------------------------------------------------------------------------------------
# RAG


def rag_panel(month: MonthInputs) -> pd.DataFrame:
    """The five panel ratings per scheme, long: ``scheme_id, scheme, panel, rating``."""
    reg = month.register
    cols = [c for c in Scheme.RAG_COLUMNS if c in reg]
    long = reg[[Scheme.scheme_id, Scheme.scheme, *cols]].melt(
        id_vars=[Scheme.scheme_id, Scheme.scheme], var_name="panel", value_name="rating"
    )
    long["rating"] = long["rating"].astype("string").str.lower()
    long["panel"] = long["panel"].map(PANEL_LABELS)
    return long.reset_index(drop=True)


def rag_summary(month: MonthInputs, by: str | None = None) -> pd.DataFrame:
    """Count and plan value by overall RAG (and ``by``: phase or theme), with what the risk
    weighting takes off the plan, pounds."""
    reg = month.register
    frame = pd.DataFrame(
        {
            "rating": reg[Scheme.rag_overall].astype("string").str.lower().fillna("not rated"),
            "schemes": 1,
            "plan_gbp": month.plan.in_year,
            "most_likely_gbp": month.most_likely.in_year,
            "weight": month.most_likely.weight,
        }
    )
    keys = ["rating"]
    if by:
        frame[by] = reg[by].astype("string").fillna("Not stated").to_numpy()
        keys = [by, "rating"]
    out = (
        frame.groupby(keys)
        .agg(
            schemes=("schemes", "sum"),
            plan_gbp=("plan_gbp", "sum"),
            most_likely_gbp=("most_likely_gbp", "sum"),
        )
        .reset_index()
    )
    out["risk_adjustment_gbp"] = out["most_likely_gbp"] - out["plan_gbp"]
    order = {"green": 0, "amber": 1, "red": 2}
    out["_o"] = out["rating"].map(order).fillna(3)
    return out.sort_values([*keys[:-1], "_o"]).drop(columns="_o").reset_index(drop=True)


def previous_ratings(month: MonthInputs) -> pd.DataFrame | None:
    """The previous month's scheme table (:func:`pages.index.previous_tables`: the pack's tidy
    tables, else the data folder's ``history/``), or ``None``."""
    from .pages.index import previous_tables

    found = previous_tables(month)
    return found[0] if found else None


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
        id_vars=Scheme.scheme_id, var_name="panel", value_name="was"
    )
    prev_long["panel"] = prev_long["panel"].map(PANEL_LABELS)
    prev_long["was"] = prev_long["was"].astype("string").str.lower()
    now[Scheme.scheme_id] = now[Scheme.scheme_id].astype(str)
    merged = now.merge(prev_long, on=[Scheme.scheme_id, "panel"], how="left")
    merged["was"] = merged["was"].fillna("new")
    merged = merged.rename(columns={"rating": "now"})
    moved = merged[
        merged["was"].astype(str) != merged["now"].astype("string").fillna("").astype(str)
    ]
    rank = {"green": 0, "amber": 1, "red": 2}
    was, now_r = moved["was"].map(rank), moved["now"].map(rank)
    direction = np.where(now_r < was, "better", np.where(now_r > was, "worse", "changed"))
    moved = moved.assign(direction=direction)
    return moved[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Change in delivery


def waterfall(month: MonthInputs) -> pd.DataFrame:
    """Plan in year -> risk weighting -> change in delivery -> forecast, pounds: the first
    steps of :func:`headline.bridge` (``stage``, ``step`` = plotly waterfall measure,
    ``value_gbp``)."""
    from . import headline as _headline

    steps = _headline.bridge(month)
    upto = steps.index[steps["key"] == "forecast"][0]
    steps = steps.loc[:upto]
    return pd.DataFrame(
        {"stage": steps["step"], "step": steps["measure"], "value_gbp": steps["value_gbp"]}
    ).reset_index(drop=True)


def delivery_by_scheme(month: MonthInputs) -> pd.DataFrame:
    """Per scheme with a change in delivery: months gained (+) / lost (-), in-year and
    next-year effect, pounds. Sorted from the largest loss to the largest gain."""
    reg = month.register
    change = reg[Scheme.change_in_delivery_months].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            Scheme.scheme_id: reg[Scheme.scheme_id].astype(str),
            Scheme.scheme: reg[Scheme.scheme],
            Scheme.theme: reg[Scheme.theme] if Scheme.theme in reg else "",
            "months_in_year": month.plan.months_in_year,
            "change_months": change,
            "effective_months": month.forecast.months_in_year,
            "in_year_effect_gbp": month.forecast.in_year - month.most_likely.in_year,
            "next_year_effect_gbp": month.forecast.next_year - month.plan.next_year,
        }
    )
    out = out[out["change_months"] != 0]
    return out.sort_values(["in_year_effect_gbp", Scheme.scheme_id]).reset_index(drop=True)


def next_year_effect(month: MonthInputs) -> pd.DataFrame:
    """Next year's incremental saving, plan vs forecast, by theme, pounds (slippage moves
    savings out of this year and into the next)."""
    frame = pd.DataFrame(
        {
            Scheme.theme: month.register[Scheme.theme].astype("string").fillna("Not stated"),
            "plan_next_year_gbp": month.plan.next_year,
            "forecast_next_year_gbp": month.forecast.next_year,
        }
    )
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
                np.tile(np.repeat(ids, n_months), k), categories=pd.Index(schemes).astype(str)
            ),
            "month": pd.Categorical.from_codes(
                np.tile(np.arange(n_months), n_schemes * k),
                categories=[str(m) for m in first.months],
            ),
            "measure": pd.Categorical.from_codes(
                np.repeat(np.arange(k), n_schemes * n_months),
                categories=[p.basis.name for p in phasings],
            ),
            "value_gbp": np.concatenate([p.monthly.ravel() for p in phasings]),
        }
    )


def pack_tables(month: MonthInputs) -> dict[str, pd.DataFrame]:
    """Every table of the pack by sheet name (Excel workbook and ``data/processed``)."""
    from . import headline as _headline

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


def unmatched_actuals(register: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Actual rows whose scheme number is not in the register (the pack cannot place them, so
    it says so rather than dropping them silently)."""
    known = set(register[Scheme.scheme_id].astype(str))
    return actuals[~actuals[Scheme.scheme_id].astype(str).isin(known)]


def plan_tasks(month: MonthInputs) -> tuple[pd.DataFrame | None, list[str]]:
    """The latest version of every project plan in the month's data folder, as one tasks
    table with status as of the end of the reporting month (``None`` when there are none),
    and a note per plan that could not be read (left out, not fatal)."""
    if month.data_dir is None:
        return None, []
    from .io.plans import load_plan, plan_versions
    from .model.plans import with_status

    as_of = calendar.month_end(month.period)
    frames, notes = [], []
    for family, paths in plan_versions(DataFolder(month.data_dir).plans()).items():
        try:
            frames.append(with_status(load_plan(paths[-1]).tasks, as_of).assign(plan=family))
        except UserError as error:
            notes.extend(f"{line} (plan left out)" for line in error.lines())
    return (pd.concat(frames, ignore_index=True) if frames else None), notes
