"""The month: its settings, its inputs loaded once (:class:`MonthInputs`), and last month's tables.

:func:`load_month` reads a data folder (register, actuals to date) for a reporting month and
phases the register on the three bases of docs/methods.md (plan, most likely, forecast).
:func:`month_from_frames` does the same from frames, so tests and the explorer need no files.
The tables every page shows are worked out from it in :mod:`commissioning_analytics.views`.
Money is in pounds, months are ``pandas.Period`` (M), the financial year runs April to March
and is named by its starting calendar year (``2026`` for 2026/27).

Tidy tables of a built pack go to :func:`processed_dir` of the data folder: ``data/processed``
when the data folder is ``data/raw`` (the repository layout), else ``<data folder>/processed``;
one sub-folder per reporting month (``data/processed/2026-10/``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from . import calendar
from .errors import ConfigError, UserError, WorkbookError
from .io.actuals import out_of_period, read_actuals
from .io.datafolder import ACTUALS_FILE, ORGANISATION, REGISTER_FILE, DataFolder
from .io.deflection import load_activity, load_interventions
from .io.filememo import by_file
from .io.history import canonical_headers, id_key
from .io.plans import load_plan, plan_files, plan_versions
from .io.register import load_register
from .model import headline as _headline
from .model.phasing import (
    FORECAST,
    MOST_LIKELY,
    PLAN,
    STEP,
    Phasing,
    Ramp,
    WeightSet,
    phase,
    weight_set,
)
from .model.plans import with_status
from .model.profile import with_monthly_plan
from .model.reconcile import reconcile
from .model.risk import load_risk_config
from .model.scenarios import load_scenarios
from .monthcache import cached_month, shared
from .safe_yaml import load_yaml
from .schema import Scheme
from .style import money


@dataclass(frozen=True)
class PackSettings:
    """How the pack counts the register, set by a data folder's ``pack.yml`` (shown on the page).

    Attributes:
        figures: ``rule`` (default): every scheme's figures recomputed by the board's rules
            (docs/methods.md), the register's own figures checked against them; ``stated``:
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
        register_sheet, actuals_sheet: the sheet to read in the register and in the actuals
            workbook ("" = the only sheet holding one; with several, the one whose name or
            title names the reporting month, said; else the pack stops naming them).
        reported_share: the share (0-1) of the schemes live in a month that must have an
            actual recorded for the month to be the default reporting month (default 0.8).
        source: the file the settings came from ("" = the defaults).
    """

    figures: str = "rule"
    adjustments: str = "exclude"
    forecast: str = "directors"
    top_n: int = 25
    register_sheet: str = ""
    actuals_sheet: str = ""
    reported_share: float = 0.8
    source: str = ""

    CHOICES = {
        "figures": ("rule", "stated"),
        "adjustments": ("exclude", "include"),
        "forecast": ("directors", "plans"),
    }
    NUMBERS = {"top_n": (1, 1_000)}  # whole-number settings: (smallest, largest)
    TEXTS = ("register_sheet", "actuals_sheet")  # sheet names, as written
    SHARES = ("reported_share",)  # a share 0-1 (80% may be written 0.8)

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
            f"others added up in one row); reported_share: {self.reported_share:.0%} (the "
            f"default reporting month is the last in which at least {self.reported_share:.0%} "
            f"of the schemes live have an actual recorded){self._sheets()}; {where}."
        )

    def _sheets(self) -> str:
        named = [
            f"{what}: {sheet!r}"
            for what, sheet in (
                ("register_sheet", self.register_sheet),
                ("actuals_sheet", self.actuals_sheet),
            )
            if sheet
        ]
        return "; " + "; ".join(named) if named else ""


def _share(value: object) -> float | None:
    """A share 0-1 from ``0.8``, ``80%`` or ``80`` (a whole number above 1 is a percentage)."""
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        return None
    if percent or number > 1:
        number /= 100
    return number if 0 <= number <= 1 else None


def load_settings(data_dir: str | Path | None) -> PackSettings:
    """A data folder's ``pack.yml`` (``figures: rule|stated``, ``adjustments:
    exclude|include``, ``forecast: directors|plans``, ``top_n: 25``); the defaults when it has
    none.

    Raises:
        ConfigError: a key or value that is not one of those, naming the file and key.
    """

    if data_dir is None or not DataFolder(Path(data_dir)).settings.is_file():
        return PackSettings()
    path = DataFolder(Path(data_dir)).settings
    data = load_yaml(path) or {}
    keys = [*PackSettings.CHOICES, *PackSettings.NUMBERS, *PackSettings.TEXTS, *PackSettings.SHARES]
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected keys {', '.join(keys)}")
    problems: list[str] = []
    values: dict = {}
    for key, value in data.items():
        choices = PackSettings.CHOICES.get(str(key))
        if str(key) in PackSettings.TEXTS:
            if value is None or isinstance(value, (dict, list, bool)) or not str(value).strip():
                problems.append(f"{path}: {key}: {value!r}: expected a sheet's name")
            else:
                values[str(key)] = str(value).strip()
        elif str(key) in PackSettings.SHARES:
            share = _share(value)
            if share is None:
                problems.append(f"{path}: {key}: {value!r}: expected a share such as 0.8 or 80%")
            else:
                values[str(key)] = share
        elif str(key) in PackSettings.NUMBERS:
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
        input_exceptions: sentences the summary lists as exceptions, besides the notes:
            which of several sheets was read and why, actuals that cannot be counted.
        earlier_tables: more folders of earlier months' tidy tables (``<folder>/<period>/``),
            looked in after the data folder's own (:func:`earlier_folders`): ``OUT/processed``,
            where a pack on a read-only data folder writes them.
    """

    period: pd.Period
    year: int
    register: pd.DataFrame
    actuals: pd.DataFrame | None
    weights: WeightSet
    plan: Phasing
    most_likely: Phasing
    forecast: Phasing
    organisation: str = ORGANISATION
    data_dir: Path | None = None
    scenario: str = ""
    register_file: str = ""
    notes: list[str] = field(default_factory=list)
    settings: PackSettings = field(default_factory=PackSettings)
    totals: pd.DataFrame | None = None
    findings: pd.DataFrame | None = None
    plan_driven_schemes: list[str] = field(default_factory=list)
    input_exceptions: list[str] = field(default_factory=list)
    earlier_tables: tuple[Path, ...] = ()

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

    def outturn_to_date(self) -> np.ndarray:
        """What the outturn counts for each scheme and month to date, schemes x the year's 12
        months, pounds: the actual where one is recorded, else the forecast (a live scheme
        not yet reported, or a month no scheme reported); 0 after the reporting month. The
        baseline of scenarios, bring-forward and delivery risk, so their outturn is the
        headline's in a partly reported month too."""
        past = np.arange(12) <= self.period_index
        forecast = self.forecast.monthly[:, :12]
        counted = np.where(self.actual_recorded(), self.actual_by_scheme_month(), forecast)
        return np.where(past, counted, 0.0)

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


def earlier_folders(month: MonthInputs, period: str) -> list[Path]:
    """Where an earlier month's tidy tables are looked for, in order: the data folder's
    :func:`processed_dir`, then :attr:`MonthInputs.earlier_tables` (``OUT/processed``, where
    the pack writes them when the data folder is read-only), then the data folder's own
    history (``<data folder>/history/<period>/``); [] for a month built from frames."""
    if month.data_dir is None:
        return []
    own = processed_dir(month.data_dir)
    more = [Path(root) for root in month.earlier_tables if Path(root).resolve() != own]
    return [
        own / period,
        *(root / period for root in more),
        DataFolder(Path(month.data_dir)).history(period),
    ]


def month_from_frames(
    register: pd.DataFrame,
    year: int,
    period: str | pd.Period,
    actuals: pd.DataFrame | None = None,
    *,
    weights: object = "board",
    ramp: Ramp = STEP,
    organisation: str = ORGANISATION,
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
    register_file: str = REGISTER_FILE,
    *,
    weight_set: str = "board",
    scenario: str = "",
    organisation: str = ORGANISATION,
    allow_missing_actuals: bool | None = None,
    today: dt.date | None = None,
    earlier_tables: tuple[Path, ...] = (),
) -> MonthInputs:
    """Read a data folder's register and actuals for a reporting month, and phase them.

    Args:
        period: reporting month ``YYYY-MM``.
        data_dir: the data folder (see :class:`~commissioning_analytics.io.datafolder.DataFolder`).
        register_file: the register, relative to ``data_dir``.
        weight_set: ``board``, ``treasury`` or ``stage``.
        scenario: scenario name, passed through ("" = none).
        organisation: shown in titles.
        allow_missing_actuals: ``False``: refuse a month after today, and a year to date with a
            month that has no actuals (the pack's rule); ``True``: allow the missing months
            (the pages name them); ``None`` (default): no check, the pages name any missing
            months (a page opened on its own).
        today: the date a future month is judged by (default: today).
        earlier_tables: more folders of earlier months' tidy tables
            (:attr:`MonthInputs.earlier_tables`; the pack gives ``OUT/processed``).

    Raises:
        UserError: the register is missing or unreadable, the month is outside its year or
            after today, a month of the year to date has no actuals (unless allowed), or the
            data folder's ``pack.yml`` is malformed.
    """

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
    load = _read_once(_register_read, register_path, settings.register_sheet, period)
    notes, exceptions = sheet_choice(
        register_path.name, load.report.sheet_choice, settings.register_sheet, "register_sheet"
    )
    exceptions += [  # a default standing in for a column or a rating the register lacks
        f"{register_path.name}: {note}"
        for note in load.report.notes
        if any(words in note for words in STAND_INS)
    ]
    actuals = None
    if folder.actuals.is_file():
        read = _read_once(_actuals_read, folder.actuals, settings.actuals_sheet, period)
        actuals = read.actuals
        notes += read.notes
        chosen, listed = sheet_choice(
            read.file, read.sheet_choice, settings.actuals_sheet, "actuals_sheet"
        )
        notes += chosen
        exceptions += listed
        lost = out_of_period(actuals, load.year, period)
        notes += lost
        exceptions += lost
        stray = unmatched_actuals(load.schemes, actuals)
        if not stray.empty:
            ids = ", ".join(dict.fromkeys(stray[Scheme.scheme_id].astype(str)))
            notes.append(
                f"{len(stray)} actual row(s) totalling "
                f"{money(stray['actual_gbp'].sum())} name schemes not in the register "
                f"and are left out: scheme No {ids} (first at {stray['source'].iloc[0]})."
            )
            exceptions.append(notes[-1])
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
    month.earlier_tables = tuple(Path(root) for root in earlier_tables)
    if allow_missing_actuals is not None:
        check_reporting_month(
            month,
            today=today,
            allow_missing_actuals=allow_missing_actuals,
            actuals_file=folder.actuals,
        )
    if len(load.monthly_plan):  # a monthly tracker's own plan drives the curves (model.profile)
        month.plan = with_monthly_plan(month.plan, load.monthly_plan)
        month.most_likely = with_monthly_plan(month.most_likely, load.monthly_plan)
    notes[:0] = [f"Register read: {load.report.summary()}", *load.report.account(rows=False)]
    banner = missing_actuals_banner(month)
    if banner:
        notes.insert(0, banner)
    notes += previous_tables_notes(month)
    month.notes.extend(notes)
    month.input_exceptions.extend(exceptions)
    return month


#: words of the register's notes that name a default standing in for something missing (a
#: derived go-live, an unrated scheme's weight): listed with the summary's exceptions too
STAND_INS = ("no go-live column", "no overall rating")


def sheet_choice(file: str, why: str, named: str, key: str) -> tuple[list[str], list[str]]:
    """Which sheet was read, said: ``(notes, exceptions)``. A sheet pack.yml names is a note
    (the settings are on the page); one chosen among several by the reporting month (``why``
    from the reader) is also an exception on the summary; nothing when one sheet holds it."""
    if named:
        return [f"{file}: sheet {named!r} read, as pack.yml's {key} names it."], []
    return ([], [f"{file}: {why}"]) if why else ([], [])  # the reader's notes say it already


def _plan_driven(month: MonthInputs, notes: list[str]) -> MonthInputs:
    """The month again with the change in delivery of every scheme whose plan starts later
    than the directors' forecast taken from the plan (setting ``forecast: plans``)."""

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
    actuals_file: str | Path = ACTUALS_FILE,
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
    """The default reporting month (:func:`default_period`), without the sentence."""
    return default_period(data_dir, today)[0]


def default_period(data_dir: str | Path, today: dt.date | None = None) -> tuple[str, list[str]]:
    """The default reporting month, by a stated rule, and the sentences that say it.

    The rule: the last month that has ended by ``today`` in which at least ``reported_share``
    (pack.yml, default 80%) of the schemes live then (the directors' forecast has them saving
    that month) have an actual recorded. A later month with fewer (one early actual, a month
    half entered) is not the default: it is named, with how many schemes reported it. Without
    an actuals workbook, the last month that has ended.

    Returns:
        ``(period, lines)``: ``YYYY-MM`` and the sentences for the pack (the first says the
        rule; any further one names a later month left out as partly reported).

    Raises:
        UserError: no actual for a month that has ended, or an unreadable input (as
            :func:`load_month` would say).
    """
    today = today or dt.date.today()
    last_ended = pd.Period(today, freq="M") - 1
    folder = DataFolder(Path(data_dir))
    if not folder.actuals.is_file():
        label = last_ended.strftime("%B %Y")
        return str(last_ended), [
            f"Reporting month {label}: the last month that has ended (no actuals workbook); "
            "--period chooses another."
        ]
    settings = load_settings(folder.root)
    actuals = _default_actuals(folder, settings, last_ended)
    recorded = actuals[actuals["actual_gbp"].notna()]
    months = pd.PeriodIndex(recorded["month"], freq="M")
    candidates = sorted(set(months[months <= last_ended]), reverse=True)
    if not candidates:
        raise UserError(f"{folder.actuals}: no actuals for a month that has ended by {today}")
    load = _read_once(_register_read, folder.register, settings.register_sheet, candidates[0])
    schemes = load.schemes
    forecast = phase(schemes, load.year, FORECAST).monthly
    ids = schemes[Scheme.scheme_id].astype(str).to_numpy()
    share_needed = settings.reported_share
    skipped: list[str] = []
    for month in candidates:
        offset = calendar.month_offset(month, calendar.fy_start(load.year))
        live = set(ids[forecast[:, offset] > 0]) if 0 <= offset < forecast.shape[1] else set()
        reported = set(recorded.loc[months == month, Scheme.scheme_id].astype(str))
        counted = len(live & reported) if live else len(reported)
        of = len(live) if live else len(reported)
        share = counted / of if of else 0.0
        label = month.strftime("%B %Y")
        if share + 1e-9 >= share_needed:
            rule = (
                f"Reporting month {label}: the last month that has ended in which at least "
                f"{share_needed:.0%} of the schemes live have an actual recorded ({counted} of "
                f"{of}; pack.yml reported_share sets the share); --period chooses another."
            )
            return str(month), [rule, *skipped]
        skipped.append(
            f"{label} is partly reported: actuals for {counted} of the {of} schemes live "
            f"({share:.0%}, under {share_needed:.0%}), so it is not the default reporting "
            f"month (--period {month} reports it, counting the forecast for the others)"
        )
    month = candidates[0]
    return str(month), [
        f"Reporting month {month.strftime('%B %Y')}: the last month with any actual; no "
        f"month has actuals for {share_needed:.0%} of the schemes live (pack.yml "
        "reported_share); --period chooses another.",
    ]


def _default_actuals(folder: DataFolder, settings: PackSettings, last_ended: pd.Period):
    """The actuals the default month is judged by: the sheet pack.yml names, else the only
    actuals sheet, else the one naming the latest month that has ended (of the last twelve)."""
    if settings.actuals_sheet:
        return _actuals_read(folder.actuals, sheet=settings.actuals_sheet).actuals
    try:
        return _actuals_read(folder.actuals).actuals
    except WorkbookError as several:
        for back in range(12):
            try:
                return _actuals_read(folder.actuals, period=str(last_ended - back)).actuals
            except WorkbookError:
                continue
        raise several from None


@by_file
def _register_read(path: Path, sheet: str | None = None, period: str | None = None):
    """:func:`load_register`, read once a process for an unchanged file (the default month's
    rule and the month itself read the same register)."""
    return load_register(path, sheet=sheet, period=period)


@by_file
def _actuals_read(path: Path, sheet: str | None = None, period: str | None = None):
    """:func:`read_actuals`, read once a process for an unchanged file."""
    return read_actuals(path, sheet=sheet, period=period)


def _read_once(read, path: Path, sheet: str, period):
    """The sheet named; else the workbook's only one, read without the month so the default
    month's read is the same read (:mod:`io.filememo`); else the one the month names."""
    if sheet:
        return read(path, sheet=sheet)
    try:
        return read(path)
    except WorkbookError:  # several sheets (or none: said again with the month)
        return read(path, period=str(period))


def unmatched_actuals(register: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Actual rows whose scheme number is not in the register (the pack cannot place them, so
    it says so rather than dropping them silently)."""
    known = set(register[Scheme.scheme_id].astype(str))
    return actuals[~actuals[Scheme.scheme_id].astype(str).isin(known)]


def plan_tasks(month: MonthInputs) -> tuple[pd.DataFrame | None, list[str]]:
    """The latest version of every project plan in the month's data folder, as one tasks
    table with status as of the end of the reporting month (``None`` when there are none),
    and a note per plan that could not be read (left out, not fatal). Read once a pack
    (:func:`monthcache.shared`)."""
    if month.data_dir is None:
        return None, []
    return shared(month, "plan_tasks", lambda: _plan_tasks(month))


def _plan_tasks(month: MonthInputs) -> tuple[pd.DataFrame | None, list[str]]:
    assert month.data_dir is not None
    as_of = calendar.month_end(month.period)
    frames, notes = [], []
    for family, paths in plan_versions(DataFolder(month.data_dir).plans()).items():
        try:
            frames.append(with_status(load_plan(paths[-1]).tasks, as_of).assign(plan=family))
        except UserError as error:
            notes.extend(f"{line} (plan left out)" for line in error.lines())
    return (pd.concat(frames, ignore_index=True) if frames else None), notes


def previous_tables(month: MonthInputs) -> tuple[pd.DataFrame, dict, Path] | None:
    """The previous month's scheme table and headline figures, from the pack's tidy tables
    (``data/processed/<previous>/``, then ``OUT/processed/<previous>/`` when the data folder
    was read-only: :func:`earlier_folders`) or, failing those, the data folder's own history
    (``<data folder>/history/<previous>/``, which the sample data ships for September 2026):
    ``(schemes, summary, folder)``, or ``None`` when neither is there or the table there
    cannot be read (:func:`previous_tables_notes` says why, on the pack).

    The table is read as people leave it (:func:`read_previous_schemes`): scheme numbers
    re-saved as ``1.0`` match this month's ``1``, renamed headers are matched by their words,
    ratings are lower-case words or ``<NA>`` (not rated) and go-lives ``YYYY-MM`` or ``<NA>``.
    """
    found = _previous_tables(month)
    return found[0] if found else None


def previous_tables_notes(month: MonthInputs) -> list[str]:
    """What the pack says about last month's tables: why they were not used, or what in
    them was blank or renamed ([] when they were read whole or are not there)."""
    found = _previous_tables(month)
    return found[1] if found else []


def _previous_tables(
    month: MonthInputs,
) -> tuple[tuple[pd.DataFrame, dict, Path] | None, list[str]] | None:
    if month.data_dir is None:
        return None
    previous = str(month.period - 1)
    current = month.register[Scheme.scheme_id] if Scheme.scheme_id in month.register else None
    for folder in earlier_folders(month, previous):
        schemes = folder / "schemes.csv"
        if schemes.is_file():
            frame, notes = read_previous_schemes(schemes, current, month.year)
            if frame is None:
                return None, notes
            return (frame, _previous_summary(folder, notes), folder), notes
    return None


def read_previous_schemes(
    path: Path, current_ids: pd.Series | None = None, year: int | None = None
) -> tuple[pd.DataFrame | None, list[str]]:
    """Last month's ``schemes.csv`` as the comparisons need it, and the notes about it.

    Never raises for what is in the file: a file that is empty, not text or has no scheme
    number column gives ``None`` and one note; blank ratings and go-lives stay blank (named
    in a note); a scheme number written ``1.0`` matches this month's ``1`` (``current_ids``).

    Returns:
        ``(table, notes)``: the table with ``scheme_id`` (text), ``scheme``, ``go_live``
        (``YYYY-MM`` text or ``<NA>``) and the rating columns (lower-case text or ``<NA>``)
        where the file has them.
    """
    where = f"{path.parent.name}/{path.name}"
    ignored = "; last month's comparisons (ratings moved, since last month) are left out"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=True, encoding="utf-8-sig")
    except UnicodeDecodeError:
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=True, encoding="cp1252")
        except (OSError, ValueError) as error:
            return None, [f"{where}: cannot be read as a table ({_first_line(error)}){ignored}."]
    except pd.errors.EmptyDataError:
        return None, [f"{where}: is empty{ignored}."]
    except (OSError, ValueError) as error:
        return None, [f"{where}: cannot be read as a table ({_first_line(error)}){ignored}."]
    notes: list[str] = []
    renamed = canonical_headers(frame)
    frame = frame.rename(columns=renamed)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    if renamed:
        notes.append(
            f"{where}: columns read by their words: "
            + ", ".join(f"{old!r} as {new}" for old, new in renamed.items())
            + "."
        )
    if Scheme.scheme_id not in frame or frame.empty:
        what = "has no rows" if Scheme.scheme_id in frame else "has no scheme_id column"
        return None, [f"{where}: {what}{ignored}."]
    frame = frame[frame[Scheme.scheme_id].notna()].copy()
    ids = frame[Scheme.scheme_id].map(id_key)
    if current_ids is not None:  # last month's spelling of a number -> this month's
        spelling = {id_key(i): str(i) for i in current_ids.astype(str)}
        ids = ids.map(lambda i: spelling.get(i, i))
    resaved = int((ids != frame[Scheme.scheme_id].astype(str)).sum())
    if resaved:
        notes.append(
            f"{where}: {resaved:,} scheme number(s) written as numbers (such as "
            f"{frame[Scheme.scheme_id].iloc[0]!r}) are matched as text."
        )
    frame[Scheme.scheme_id] = ids
    if Scheme.scheme not in frame:
        frame[Scheme.scheme] = "scheme No " + frame[Scheme.scheme_id]
    frame[Scheme.scheme] = frame[Scheme.scheme].fillna("scheme No " + frame[Scheme.scheme_id])
    for column in Scheme.RAG_COLUMNS:
        if column in frame:
            words = frame[column].astype("string").str.strip().str.lower()
            frame[column] = words.mask(words == "")
    if Scheme.go_live in frame:  # "2026-07", or "Jul-26" after a round trip through Excel
        texts = frame[Scheme.go_live].astype("string").str.strip()
        months = {text: _month_or_na(text, year) for text in texts.dropna().unique()}
        frame[Scheme.go_live] = texts.map(months).astype("string")
    else:
        frame[Scheme.go_live] = pd.Series(pd.NA, index=frame.index, dtype="string")
    blank_rag = int(frame[Scheme.rag_overall].isna().sum()) if Scheme.rag_overall in frame else None
    blank_go = int(frame[Scheme.go_live].isna().sum())
    if blank_rag is None:
        notes.append(f"{where}: no overall rating column, so no overall rating is compared.")
    elif blank_rag:
        notes.append(
            f"{where}: {blank_rag:,} scheme(s) had no overall rating last month "
            "(shown as not rated)."
        )
    if blank_go:
        notes.append(
            f"{where}: {blank_go:,} scheme(s) had no go-live month last month, so no go-live "
            "move is shown for them."
        )
    return frame.reset_index(drop=True), notes


def _month_or_na(text: str, year: int | None) -> object:
    """``"2026-07"`` for a month as analysts write it (``calendar.parse_month``), else NA."""
    try:
        return str(calendar.parse_month(text, around=year))
    except (ValueError, TypeError):
        return pd.NA


def _previous_summary(folder: Path, notes: list[str]) -> dict:
    """Last month's headline figures (``summary.csv``: ``figure, value``); {} and a note when
    it is there but cannot be read."""
    path = folder / "summary.csv"
    if not path.is_file():
        return {}
    try:
        table = pd.read_csv(path, dtype=str)
        return dict(zip(table["figure"], table["value"]))
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as error:
        notes.append(
            f"{folder.name}/summary.csv: cannot be read ({_first_line(error)}); last month's "
            "headline figures are shown as not recorded."
        )
        return {}


def _first_line(error: BaseException) -> str:
    text = str(error).splitlines()[0][:200] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


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
    path = Path(month.data_dir) / (month.register_file or REGISTER_FILE)
    try:  # the register was read safely already; calamine reads its title rows in ms
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


def optional_input_problems(folder: DataFolder, as_of: dt.date | None = None) -> list[str]:
    """One line for each optional input that is there but cannot be read (plans,
    scenarios, risk settings, deflection workbooks): the pack leaves it out of its page
    and says so on stderr. Each reader is the one the page uses (so the summary's later
    read of the same file is the one kept by :mod:`io.filememo`); a plan is read whatever
    the reporting date (``as_of`` is no longer needed: the model reads status as of it)."""
    problems: list[str] = []

    def attempt(path: Path, what: str, load) -> None:
        try:
            load()
        except UserError as error:
            problems.extend(f"{line} ({what})" for line in error.lines())
        except Exception as error:  # noqa: BLE001 (a reader's bug: still not a stop)
            reason = str(error).splitlines()[0][:200] if str(error) else ""
            problems.append(
                f"{path.name}: cannot be read ({type(error).__name__}: {reason}) ({what})"
            )

    if folder.plans_dir.is_dir():
        problems.extend(f"plans/{line}" for line in plan_files(folder.plans_dir).left_out)
        for plan in folder.plans():
            attempt(plan, "this plan is left out", lambda p=plan: load_plan(p))
    if folder.scenarios():
        attempt(
            folder.scenarios_dir,
            "the scenarios are left out",
            lambda: load_scenarios(folder.scenarios()),
        )
    if folder.risk.is_file():
        attempt(
            folder.risk,
            "the built-in risk settings are used instead",
            lambda: load_risk_config(folder.risk),
        )
    if folder.interventions.is_file():

        def deflection():
            loaded = load_interventions(folder.interventions)
            if folder.activity.is_file():
                load_activity(folder.activity, loaded.interventions)

        attempt(folder.interventions, "the deflection sections are left out", deflection)
    return problems
