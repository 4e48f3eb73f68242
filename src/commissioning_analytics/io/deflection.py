"""Read the activity-deflection workbooks: interventions with the financial gap, and activity.

Two workbooks, as transformation programme offices keep them:

* **interventions** (``deflection/interventions.xlsx``): a sheet with one row per intervention
  (found by its headers "Intervention" and "Point of delivery", title rows above are fine):

  ====================================  ===========================================================
  ID                                    the intervention's reference (optional; else its name)
  Intervention                          name
  Theme                                 programme heading (optional)
  Point of delivery                     A&E attendances, non-elective admissions, bed days or
                                        outpatient appointments
  Baseline annual activity              activity a year before the intervention
  Deflection aspired (%)                the share of the baseline to deflect, **or** ...
  Deflection aspired (activity)         ... the activity a year to deflect (exactly one of the two)
  Unit cost saved (£)                   pounds saved per unit of activity deflected
  Annual reinvestment (£)               yearly cost of the new service (blank = 0)
  Mobilisation month                    the month the service starts deflecting activity
  Months to full effect                 linear ramp length (blank or 0 = full effect at once)
  ====================================  ===========================================================

  and a sheet with the financial gap by financial year (headers "Financial year" and "Gap").
* **activity** (``deflection/activity.xlsx``): one row per series and month, headers
  "Intervention" (its ID or name) and/or "Point of delivery", "Month", "Activity".

Every problem in a workbook is collected and raised once (:class:`ValidationError`), each naming
file, sheet and cell. Every worksheet row read is accounted for in a load report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from .. import calendar
from ..errors import Problem, ValidationError, WorkbookError
from ..schema import POINTS_OF_DELIVERY, Activity, FinancialGap, Intervention
from .filememo import by_file
from .workbook import open_workbook as safe_open_workbook

REPORT_COLUMNS = ("file", "sheet", "row", "outcome", "detail")

_POD_ALIASES = {
    "A&E attendances": (
        "a&e",
        "a and e",
        "ae",
        "a&e attendance",
        "a&e attendances",
        "ae attendances",
        "ed attendances",
        "emergency department attendances",
        "attendances",
    ),
    "Non-elective admissions": (
        "non-elective admissions",
        "non elective admissions",
        "non-elective",
        "non elective",
        "nel",
        "nel admissions",
        "emergency admissions",
        "non-elective admission",
    ),
    "Bed days": ("bed days", "beddays", "bed-days", "bed day", "occupied bed days"),
    "Outpatient appointments": (
        "outpatient appointments",
        "outpatients",
        "outpatient",
        "op",
        "op appointments",
        "outpatient attendances",
        "outpatient appointment",
    ),
}
_POD = {alias: pod for pod, aliases in _POD_ALIASES.items() for alias in aliases}
assert set(_POD_ALIASES) == set(POINTS_OF_DELIVERY)

_INTERVENTION_HEADERS = {
    Intervention.intervention_id: ("id", "ref", "no", "intervention id", "intervention ref"),
    Intervention.intervention: ("intervention", "intervention name", "name"),
    Intervention.theme: ("theme", "programme", "workstream"),
    Intervention.point_of_delivery: ("point of delivery", "pod"),
    Intervention.baseline_annual_activity: (
        "baseline annual activity",
        "baseline activity",
        "baseline activity per year",
        "annual baseline",
    ),
    Intervention.aspiration_share: (
        "deflection aspired share",
        "deflection share",
        "deflection aspired percent",
        "deflection share aspired",
    ),
    Intervention.aspiration_count: (
        "deflection aspired activity",
        "deflection aspired count",
        "deflection count",
        "deflection activity",
    ),
    Intervention.unit_cost_gbp: (
        "unit cost saved",
        "unit cost",
        "cost per unit",
        "unit cost saved per unit",
    ),
    Intervention.annual_reinvestment_gbp: (
        "annual reinvestment",
        "reinvestment",
        "reinvestment per year",
    ),
    Intervention.mobilisation_month: (
        "mobilisation month",
        "mobilisation",
        "go live",
        "go live month",
    ),
    Intervention.months_to_full_effect: (
        "months to full effect",
        "ramp months",
        "months to full deflection",
    ),
}
_GAP_HEADERS = {
    FinancialGap.financial_year: ("financial year", "year", "fy"),
    FinancialGap.gap_gbp: ("gap", "financial gap", "gap to close"),
}
_ACTIVITY_HEADERS = {
    Activity.intervention_id: ("intervention", "intervention id", "id", "intervention ref"),
    Activity.point_of_delivery: ("point of delivery", "pod"),
    Activity.month: ("month", "period"),
    Activity.activity: ("activity", "actual activity", "activity actual", "value"),
}
_HEADER_SCAN_ROWS = 15


@dataclass(frozen=True)
class InterventionsInput:
    """The interventions workbook, loaded.

    Attributes:
        interventions: one row per intervention (``schema.Intervention`` columns).
        gap: the financial gap by financial year (``schema.FinancialGap`` columns).
        report: one row per worksheet row read (``file, sheet, row, outcome, detail``).
    """

    interventions: pd.DataFrame
    gap: pd.DataFrame
    report: pd.DataFrame


@dataclass(frozen=True)
class ActivityInput:
    """The activity workbook, loaded: ``activity`` (``schema.Activity`` columns), its report."""

    activity: pd.DataFrame
    report: pd.DataFrame


# -- opening ---------------------------------------------------------------------------------


def open_workbook(path: Path | str):
    """Open an .xlsx workbook safely for reading cached values (see :mod:`.workbook`), or raise
    :class:`WorkbookError` saying why; an Excel lock file (``~$...``) is refused by name."""
    path = Path(path)
    if path.name.startswith("~$") and path.is_file():
        raise WorkbookError(Problem(str(path), "an Excel lock file, not a workbook"))
    return safe_open_workbook(path, read_only=False)


# -- cell parsing ------------------------------------------------------------------------------


def _norm(text: object) -> str:
    text = str(text or "").lower().replace("%", " share ").replace("&", "&")
    text = re.sub(r"[£()\[\]:*/_.\-]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object) -> float:
    """A number as typed: 1200, "1,200", "£2,500", "£2.5k". Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float, np.integer, np.floating)):
        if not np.isfinite(value):
            raise ValueError
        return float(value)
    text = str(value).strip().replace(",", "").replace("£", "").strip()
    scale = 1.0
    if text[-1:].lower() in ("k", "m"):
        scale = 1e3 if text[-1].lower() == "k" else 1e6
        text = text[:-1]
    result = float(text) * scale
    if not np.isfinite(result):  # "NaN", "inf", "-Infinity", "1e999": not a figure anyone typed
        raise ValueError
    return result


def _share(value: object) -> float:
    """A share 0-1 as typed: 0.1, "10%", "10 %". Raises ValueError."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return _number(value.strip()[:-1]) / 100
    return _number(value)


@dataclass
class _Sheet:
    file: str
    title: str
    rows: list[tuple]
    header_row: int  # 1-based
    columns: dict[str, int]  # canonical -> 0-based column index

    def cell(self, row: int, column: str) -> str:

        return f"{get_column_letter(self.columns[column] + 1)}{row}"

    def value(self, values: tuple, column: str):
        index = self.columns.get(column)
        return values[index] if index is not None and index < len(values) else None


def _find_table(workbook, file: str, headers: dict, required: tuple[str, ...]) -> _Sheet | None:
    """The first sheet with a row (within the first rows) holding all ``required`` headers."""
    lookup = {alias: canonical for canonical, aliases in headers.items() for alias in aliases}
    for sheet in workbook.worksheets:
        rows = [tuple(r) for r in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
        for number, values in enumerate(rows[:_HEADER_SCAN_ROWS], start=1):
            columns: dict[str, int] = {}
            for index, value in enumerate(values):
                canonical = lookup.get(_norm(value))
                if canonical and canonical not in columns:
                    columns[canonical] = index
            if all(c in columns for c in required):
                return _Sheet(file, sheet.title, rows, number, columns)
    return None


def _report_rows(sheet: _Sheet, outcomes: dict[int, tuple[str, str]]) -> list[dict]:
    out = []
    for number in range(1, len(sheet.rows) + 1):
        if number < sheet.header_row:
            outcome, detail = "title", "above the header row"
        elif number == sheet.header_row:
            outcome, detail = "header", ""
        else:
            outcome, detail = outcomes.get(number, ("blank", ""))
        out.append(
            dict(file=sheet.file, sheet=sheet.title, row=number, outcome=outcome, detail=detail)
        )
    return out


def _other_sheets(workbook, file: str, used: set[str]) -> list[dict]:
    return [
        dict(
            file=file,
            sheet=ws.title,
            row=None,
            outcome="sheet skipped",
            detail="no table of the expected kind",
        )
        for ws in workbook.worksheets
        if ws.title not in used
    ]


# -- interventions -----------------------------------------------------------------------------


@by_file
def load_interventions(path: Path | str) -> InterventionsInput:
    """Read and validate an interventions workbook.

    Args:
        path: the workbook.

    Returns:
        The interventions (one row each; aspiration as ``aspiration_share`` 0-1 or
        ``aspiration_count`` activity a year, the other NaN; money in £; mobilisation month a
        ``Period``; ``months_to_full_effect`` >= 1), the gap by financial year (start year,
        £) and a report accounting for every row read.

    Raises:
        WorkbookError: the file cannot be opened or holds no interventions table.
        ValidationError: every cell that breaks the contract, each located.
    """
    workbook = open_workbook(path)
    file = str(path)
    problems: list[Problem] = []
    sheet = _find_table(
        workbook,
        file,
        _INTERVENTION_HEADERS,
        (Intervention.intervention, Intervention.point_of_delivery),
    )
    gap_sheet = _find_table(
        workbook, file, _GAP_HEADERS, (FinancialGap.financial_year, FinancialGap.gap_gbp)
    )
    if sheet is None:
        raise WorkbookError(
            Problem(
                file,
                "no sheet with an interventions table (headers 'Intervention' and "
                "'Point of delivery' in one of the first rows)",
            )
        )
    missing = [
        c
        for c in (
            Intervention.baseline_annual_activity,
            Intervention.unit_cost_gbp,
            Intervention.mobilisation_month,
        )
        if c not in sheet.columns
    ]
    if (
        Intervention.aspiration_share not in sheet.columns
        and Intervention.aspiration_count not in sheet.columns
    ):
        missing.append(
            "deflection aspired: 'Deflection aspired (%)' or 'Deflection aspired (activity)'"
        )
    if missing:
        raise WorkbookError(
            [
                Problem(
                    file,
                    f"no column {m!r} in the header row",
                    sheet.title,
                    f"row {sheet.header_row}",
                )
                for m in missing
            ]
        )

    records, outcomes = [], {}
    seen_ids: dict[str, str] = {}
    for number, values in enumerate(sheet.rows[sheet.header_row :], start=sheet.header_row + 1):
        if all(_blank(v) for v in values):
            outcomes[number] = ("blank", "")
            continue
        name = sheet.value(values, Intervention.intervention)
        if isinstance(name, str) and name.strip().lower().startswith("total"):
            outcomes[number] = ("total", "a total row, not an intervention")
            continue
        row_problems: list[Problem] = []

        def bad(column: str, message: str) -> None:
            row_problems.append(Problem(file, message, sheet.title, sheet.cell(number, column)))

        record = {Intervention.source: f"{Path(file).name}!{sheet.title}!{number}"}
        if _blank(name):
            bad(Intervention.intervention, "no intervention name")
        record[Intervention.intervention] = str(name or "").strip()
        ident = sheet.value(values, Intervention.intervention_id)
        if _blank(ident):
            ident = name
        ident = str(ident if ident is not None else "").strip()
        raw_id = sheet.value(values, Intervention.intervention_id)
        if isinstance(raw_id, float) and ident.endswith(".0"):
            ident = ident[:-2]
        if ident and ident in seen_ids:
            bad(
                Intervention.intervention_id
                if Intervention.intervention_id in sheet.columns
                else Intervention.intervention,
                f"intervention {ident!r} appears twice (first at {seen_ids[ident]})",
            )
        elif ident:
            seen_ids[ident] = record[Intervention.source]
        record[Intervention.intervention_id] = ident
        theme = sheet.value(values, Intervention.theme)
        record[Intervention.theme] = str(theme).strip() if not _blank(theme) else "(no theme)"

        pod = sheet.value(values, Intervention.point_of_delivery)
        record[Intervention.point_of_delivery] = _POD.get(_norm_pod(pod))
        if record[Intervention.point_of_delivery] is None:
            bad(
                Intervention.point_of_delivery,
                f"{pod!r} is not a point of delivery (expected one of "
                f"{', '.join(POINTS_OF_DELIVERY)})",
            )

        def number_in(column: str, what: str, *, blank=None, parse=_number, low=0.0, high=None):
            raw = sheet.value(values, column)
            if _blank(raw):
                if blank is None:
                    bad(column, f"blank; expected {what}")
                return blank if blank is not None else np.nan
            try:
                result = parse(raw)
            except (ValueError, TypeError):
                bad(column, f"{raw!r} is not {what}")
                return np.nan
            if result < low or (high is not None and result > high):
                bad(column, f"{raw!r} is out of range; expected {what}")
                return np.nan
            return result

        record[Intervention.baseline_annual_activity] = number_in(
            Intervention.baseline_annual_activity, "the activity a year (a number >= 0)"
        )
        share_raw = sheet.value(values, Intervention.aspiration_share)
        count_raw = sheet.value(values, Intervention.aspiration_count)
        record[Intervention.aspiration_share] = np.nan
        record[Intervention.aspiration_count] = np.nan
        if _blank(share_raw) and _blank(count_raw):
            column = (
                Intervention.aspiration_share
                if Intervention.aspiration_share in sheet.columns
                else Intervention.aspiration_count
            )
            bad(column, "no deflection aspired; expected a share (e.g. 10%) or an activity count")
        elif not _blank(share_raw) and not _blank(count_raw):
            bad(
                Intervention.aspiration_count,
                "deflection aspired given both as a share and as a count; keep one",
            )
        elif not _blank(share_raw):
            record[Intervention.aspiration_share] = number_in(
                Intervention.aspiration_share, "a share between 0% and 100%", parse=_share, high=1.0
            )
        else:
            count = number_in(Intervention.aspiration_count, "an activity count a year (>= 0)")
            baseline = record[Intervention.baseline_annual_activity]
            if np.isfinite(count) and np.isfinite(baseline) and count > baseline:
                bad(
                    Intervention.aspiration_count,
                    f"deflection aspired {count:,.0f} is more than the baseline {baseline:,.0f}",
                )
            record[Intervention.aspiration_count] = count
        record[Intervention.unit_cost_gbp] = number_in(
            Intervention.unit_cost_gbp, "pounds saved per unit (a number >= 0)"
        )
        record[Intervention.annual_reinvestment_gbp] = number_in(
            Intervention.annual_reinvestment_gbp, "pounds a year (a number >= 0)", blank=0.0
        )
        ramp = number_in(
            Intervention.months_to_full_effect, "a whole number of months >= 0", blank=1.0
        )
        if np.isfinite(ramp) and ramp != int(ramp):
            bad(Intervention.months_to_full_effect, f"{ramp!r} is not a whole number of months")
        record[Intervention.months_to_full_effect] = max(int(ramp), 1) if np.isfinite(ramp) else 1
        raw_month = sheet.value(values, Intervention.mobilisation_month)
        record[Intervention.mobilisation_month] = pd.NaT
        if _blank(raw_month):
            bad(Intervention.mobilisation_month, "blank; expected a month such as Apr-25")
        else:
            try:
                record[Intervention.mobilisation_month] = calendar.parse_month(raw_month)
            except ValueError as exc:
                bad(Intervention.mobilisation_month, str(exc))

        if row_problems:
            problems.extend(row_problems)
            outcomes[number] = ("error", "; ".join(p.message for p in row_problems))
        else:
            records.append(record)
            outcomes[number] = ("loaded", record[Intervention.intervention_id])
    report = _report_rows(sheet, outcomes)

    gap_records = []
    if gap_sheet is None:
        problems.append(
            Problem(
                file,
                "no sheet with the financial gap (headers 'Financial year' "
                "and 'Gap' in one of the first rows)",
            )
        )
    else:
        gap_outcomes = {}
        seen_years: dict[int, int] = {}
        for number, values in enumerate(
            gap_sheet.rows[gap_sheet.header_row :], start=gap_sheet.header_row + 1
        ):
            year_raw = gap_sheet.value(values, FinancialGap.financial_year)
            gap_raw = gap_sheet.value(values, FinancialGap.gap_gbp)
            if _blank(year_raw) and _blank(gap_raw):
                gap_outcomes[number] = ("blank", "")
                continue
            if isinstance(year_raw, str) and year_raw.strip().lower().startswith("total"):
                gap_outcomes[number] = ("total", "a total row")
                continue
            row_problems = []
            try:
                year = calendar.parse_fy_label(str(year_raw))
                if year in seen_years:
                    raise ValueError(
                        f"{calendar.fy_label(year)} appears twice (first in row {seen_years[year]})"
                    )
                seen_years[year] = number
            except ValueError as exc:
                row_problems.append(
                    Problem(
                        file,
                        f"{exc} (expected a year such as 2025/26)",
                        gap_sheet.title,
                        gap_sheet.cell(number, FinancialGap.financial_year),
                    )
                )
            try:
                gap = _number(gap_raw)
                if gap < 0:
                    raise ValueError
            except (ValueError, TypeError, IndexError):
                row_problems.append(
                    Problem(
                        file,
                        f"{gap_raw!r} is not an amount in pounds >= 0",
                        gap_sheet.title,
                        gap_sheet.cell(number, FinancialGap.gap_gbp),
                    )
                )
            if row_problems:
                problems.extend(row_problems)
                gap_outcomes[number] = ("error", "; ".join(p.message for p in row_problems))
                continue
            gap_records.append(
                {
                    FinancialGap.financial_year: year,
                    FinancialGap.gap_gbp: gap,
                    FinancialGap.source: f"{Path(file).name}!{gap_sheet.title}!{number}",
                }
            )
            gap_outcomes[number] = ("loaded", calendar.fy_label(year))
        report += _report_rows(gap_sheet, gap_outcomes)
        if not gap_records and not any(o[0] == "error" for o in gap_outcomes.values()):
            problems.append(
                Problem(
                    file,
                    "the financial gap table has no year (expected rows "
                    "such as 2025/26 and an amount)",
                    gap_sheet.title,
                    f"row {gap_sheet.header_row + 1}",
                )
            )
    used = {sheet.title} | ({gap_sheet.title} if gap_sheet else set())
    report += _other_sheets(workbook, file, used)
    if problems:
        raise ValidationError(problems)

    interventions = pd.DataFrame(records, columns=list(Intervention.COLUMNS))
    interventions[Intervention.mobilisation_month] = pd.PeriodIndex(
        interventions[Intervention.mobilisation_month], freq="M"
    )
    for column in (
        Intervention.baseline_annual_activity,
        Intervention.aspiration_share,
        Intervention.aspiration_count,
        Intervention.unit_cost_gbp,
        Intervention.annual_reinvestment_gbp,
    ):
        interventions[column] = interventions[column].astype(float)
    interventions[Intervention.months_to_full_effect] = interventions[
        Intervention.months_to_full_effect
    ].astype(int)
    gap = pd.DataFrame(gap_records, columns=list(FinancialGap.COLUMNS))
    gap = gap.astype({FinancialGap.financial_year: int, FinancialGap.gap_gbp: float})
    gap = gap.sort_values(FinancialGap.financial_year, ignore_index=True)
    return InterventionsInput(interventions, gap, pd.DataFrame(report, columns=REPORT_COLUMNS))


def _norm_pod(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "").strip().lower())


# -- activity ----------------------------------------------------------------------------------


def load_activity(path: Path | str, interventions: pd.DataFrame | None = None) -> ActivityInput:
    """Read and validate a monthly activity workbook (TPIs).

    Args:
        path: the workbook: one row per series and month, the series named by an
            "Intervention" (ID or name) and/or a "Point of delivery" column.
        interventions: when given, an intervention named in the activity must be one of them
            (matched by ID, then by name) and ``intervention_id`` is filled in.

    Returns:
        ``activity`` with :class:`~commissioning_analytics.schema.Activity` columns (``series`` is
        the intervention's ID, or the point of delivery for a point-of-delivery series), and a
        report accounting for every row read.

    Raises:
        WorkbookError: the file cannot be opened or holds no activity table.
        ValidationError: every cell that breaks the contract, each located.
    """
    workbook = open_workbook(path)
    file = str(path)
    sheet = _find_table(workbook, file, _ACTIVITY_HEADERS, (Activity.month, Activity.activity))
    if sheet is None or not (
        {Activity.intervention_id, Activity.point_of_delivery} & set(sheet.columns)
    ):
        raise WorkbookError(
            Problem(
                file,
                "no sheet with an activity table (headers 'Intervention' or 'Point of "
                "delivery', 'Month' and 'Activity' in one of the first rows)",
            )
        )
    by_id, by_name = {}, {}
    if interventions is not None:
        by_id = {str(i): str(i) for i in interventions[Intervention.intervention_id]}
        by_name = {
            str(n).strip().lower(): str(i)
            for i, n in zip(
                interventions[Intervention.intervention_id],
                interventions[Intervention.intervention],
            )
        }

    problems: list[Problem] = []
    records, outcomes = [], {}
    seen: dict[tuple, int] = {}
    for number, values in enumerate(sheet.rows[sheet.header_row :], start=sheet.header_row + 1):
        if all(_blank(v) for v in values):
            outcomes[number] = ("blank", "")
            continue
        row_problems: list[Problem] = []

        def bad(column: str, message: str) -> None:
            row_problems.append(Problem(file, message, sheet.title, sheet.cell(number, column)))

        key_raw = sheet.value(values, Activity.intervention_id)
        pod_raw = sheet.value(values, Activity.point_of_delivery)
        if isinstance(key_raw, str) and key_raw.strip().lower().startswith("total"):
            outcomes[number] = ("total", "a total row")
            continue
        intervention_id, pod = None, None
        if not _blank(key_raw):
            key = str(key_raw).strip()
            if isinstance(key_raw, float) and key.endswith(".0"):
                key = key[:-2]
            if interventions is None:
                intervention_id = key
            else:
                intervention_id = by_id.get(key) or by_name.get(key.lower())
                if intervention_id is None:
                    bad(
                        Activity.intervention_id,
                        f"{key!r} is not an intervention of the interventions workbook",
                    )
        if not _blank(pod_raw):
            pod = _POD.get(_norm_pod(pod_raw))
            if pod is None:
                bad(
                    Activity.point_of_delivery,
                    f"{pod_raw!r} is not a point of delivery "
                    f"(expected one of {', '.join(POINTS_OF_DELIVERY)})",
                )
        if _blank(key_raw) and _blank(pod_raw):
            column = (
                Activity.intervention_id
                if Activity.intervention_id in sheet.columns
                else Activity.point_of_delivery
            )
            bad(column, "no intervention or point of delivery named")
        month = None
        try:
            month = calendar.parse_month(sheet.value(values, Activity.month))
        except ValueError as exc:
            bad(Activity.month, str(exc))
        activity = np.nan
        raw = sheet.value(values, Activity.activity)
        try:
            activity = _number(raw)
            if activity < 0:
                raise ValueError
        except (ValueError, TypeError, IndexError):
            bad(Activity.activity, f"{raw!r} is not an activity count >= 0")
        series = intervention_id if intervention_id is not None else pod
        if series is not None and month is not None and not row_problems:
            if (series, month) in seen:
                bad(
                    Activity.month,
                    f"{series} {month} appears twice (first in row {seen[(series, month)]})",
                )
            else:
                seen[(series, month)] = number
        if row_problems:
            problems.extend(row_problems)
            outcomes[number] = ("error", "; ".join(p.message for p in row_problems))
            continue
        records.append(
            {
                Activity.series: series,
                Activity.intervention_id: intervention_id,
                Activity.point_of_delivery: pod,
                Activity.month: month,
                Activity.activity: activity,
                Activity.source: f"{Path(file).name}!{sheet.title}!{number}",
            }
        )
        outcomes[number] = ("loaded", f"{series} {month}")
    report = _report_rows(sheet, outcomes) + _other_sheets(workbook, file, {sheet.title})
    if problems:
        raise ValidationError(problems)
    activity = pd.DataFrame(records, columns=list(Activity.COLUMNS))
    activity[Activity.month] = pd.PeriodIndex(activity[Activity.month], freq="M")
    activity[Activity.activity] = activity[Activity.activity].astype(float)
    activity = activity.sort_values([Activity.series, Activity.month], ignore_index=True)
    return ActivityInput(activity, pd.DataFrame(report, columns=REPORT_COLUMNS))
