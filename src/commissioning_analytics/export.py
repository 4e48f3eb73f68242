"""Every spreadsheet and CSV the project writes: safe from formula injection, within Excel's
limits, formatted the way an analyst expects.

Two rules hold for every cell this module writes, in a workbook or a CSV:

* **text is never a formula.** Workbook cells are written as strings (never parsed), and text
  starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with ``'``,
  as OWASP advises for CSV injection, so a scheme named ``=HYPERLINK(...)`` reads as that text
  in Excel, LibreOffice and any tool a CSV is opened in;
* **numbers stay numbers**: a numeric column is written as numbers (a −£28,700 variance is the
  number −28700, not text), months and dates as real Excel dates.

Workbooks are written with XlsxWriter (``constant_memory``: row by row, bounded memory), which
is about twice as fast as openpyxl on the pack's sheets and sets number formats, column widths,
filters and frozen headers directly. A table longer or wider than an Excel sheet holds
(1,048,576 rows, 16,384 columns) is written as a CSV beside the workbook and its sheet says so;
text longer than a cell holds (32,767 characters) is cut with a note. A "Notes" sheet names
what every sheet shows and the basis of its figures.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import UserError

# Excel's limits (Microsoft: "Excel specifications and limits").
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_TEXT = 32_767
MAX_SHEET_NAME = 31
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

MONEY_FORMAT = '"£"#,##0;-"£"#,##0'
MONEY_K_FORMAT = '"£"#,##0.0,"k";-"£"#,##0.0,"k"'
MONTH_FORMAT = "mmm yyyy"
DATE_FORMAT = "dd mmm yyyy"
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.##"

_MONTH_TEXT = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_INTEGER = re.compile(r"^(0|[1-9]\d{0,14})$")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


# ---------------------------------------------------------------------------------------------
# Text that cannot become a formula


def neutralise(text: str) -> str:
    """``text`` as inert text: prefixed with ``'`` when it starts with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return (OWASP, CSV injection); otherwise unchanged."""
    return "'" + text if text[:1] in FORMULA_TRIGGERS else text


def _neutralise_values(values) -> list:
    return [neutralise(v) if isinstance(v, str) else v for v in values]


# A text starting with a formula trigger, in texts joined by NUL (one C-speed search).
_FORMULA_START = re.compile("(?:^|\x00)[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def _may_start_a_formula(values) -> bool:
    """False when every value is text and none starts with a formula trigger, found by one
    join and one search (a column of 30,000 names costs a millisecond); True when some text
    might (a NUL inside a text can only add a false alarm) or a value is not text: the
    caller then looks value by value."""
    try:
        joined = "\x00".join(values)
    except TypeError:  # a blank (None, NaN) or a number among the texts
        return True
    return _FORMULA_START.search(joined) is not None


def safe_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as formulas; numeric columns untouched."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if (
            pd.api.types.is_numeric_dtype(series)
            or pd.api.types.is_bool_dtype(series)
            or pd.api.types.is_datetime64_any_dtype(series)
        ):
            continue
        if isinstance(series.dtype, pd.PeriodDtype):
            continue
        if not _may_start_a_formula(series.to_numpy()):
            continue
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if not _may_start_a_formula(uniques):
            continue
        fixed = _neutralise_values(list(uniques))
        if fixed != list(uniques):  # only when some text would start a formula
            values = np.array(fixed + [None], dtype=object)
            out[column] = pd.Series(values[codes], index=series.index, dtype=object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as a CSV, safe from formula injection, all at once: written next to its
    destination and moved into place, so a reader never sees half a file. The file gets the
    mode the user's umask gives any new file (``0644`` usually), not a temporary file's
    private ``0600``.

    Raises:
        UserError: the destination folder does not exist, or the path names a folder.
        OSError: the file system refused (read-only, full): the caller says so (exit 4).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; expected a file name such as {path / 'out.csv'}")
    tmp = folder / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            # CRLF (RFC 4180): the csv writer then quotes a field holding a lone CR too
            safe_for_csv(frame).to_csv(handle, index=False, lineterminator="\r\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


write_csv_atomically = write_csv  # the name the CLI used before this module


# ---------------------------------------------------------------------------------------------
# Columns: plain-English headers with units, and how each is written


@dataclass(frozen=True)
class Column:
    """How one column is shown in a workbook: its header and kind.

    Kinds: ``text``, ``id`` (numbers when every value is a plain integer, so 10 sorts after 9),
    ``money`` (£), ``money_k`` (£k: the cell holds pounds, the format shows thousands),
    ``integer``, ``number``, ``percent`` (0-1), ``month`` (a real date, shown ``Oct 2026``),
    ``date``, ``bool``.
    """

    header: str
    kind: str = "text"
    width: int | None = None


COLUMNS: dict[str, Column] = {
    "scheme_id": Column("Scheme No", "id", 10),
    "file_ref": Column("File ref", "text", 14),
    "theme": Column("Theme", "text", 28),
    "scheme": Column("Scheme", "text", 44),
    "phase": Column("Phase (1-4)", "id", 10),
    "go_live": Column("Go-live month", "month", 12),
    "months_in_year": Column("Months of saving in year", "number", 12),
    "gross_opportunity": Column("Gross opportunity (£)", "money"),
    "fye_net_saving": Column("Full-year effect, net saving (£)", "money"),
    "plan_in_year": Column("Plan in year (£)", "money"),
    "plan_next_year": Column("Plan next year (£)", "money"),
    "rag_value": Column("RAG: value", "text", 11),
    "rag_resources": Column("RAG: resources", "text", 11),
    "rag_timeliness": Column("RAG: timeliness", "text", 11),
    "rag_codependency": Column("RAG: co-dependency", "text", 11),
    "rag_overall": Column("RAG: overall", "text", 11),
    "most_likely_in_year": Column("Most likely in year (£)", "money"),
    "change_in_delivery_months": Column(
        "Change in delivery (months, + gained / − lost)", "number", 14
    ),
    "forecast_in_year": Column("Forecast in year (£)", "money"),
    "forecast_next_year": Column("Forecast next year (£)", "money"),
    "actual_to_date": Column("Actual to date (£)", "money"),
    "recurrent": Column("Recurrent", "bool", 10),
    "source": Column("Source (file!sheet!row)", "text", 36),
    "month": Column("Month", "month", 12),
    "measure": Column("Measure", "text", 26),
    "figure": Column("Figure", "text", 30),
    "value": Column("Value", "number", 16),
    "value_gbp": Column("Saving in month (£)", "money_k"),
    "cumulative_gbp": Column("Cumulative saving (£)", "money_k"),
    "schemes": Column("Schemes", "integer", 10),
    "plan_gbp": Column("Plan in year (£)", "money_k"),
    "most_likely_gbp": Column("Most likely in year (£)", "money_k"),
    "forecast_gbp": Column("Forecast in year (£)", "money_k"),
    "plan_to_date_gbp": Column("Plan to date (£)", "money_k"),
    "actual_to_date_gbp": Column("Actual to date (£)", "money_k"),
    "ytd_variance_gbp": Column("Year-to-date variance, actual − plan (£)", "money"),
    "risk_adjustment_gbp": Column("Risk adjustment, most likely − plan (£)", "money_k"),
    "rating": Column("Overall rating", "text", 12),
    "panel": Column("Panel", "text", 14),
    "was": Column("Was", "text", 10),
    "now": Column("Now", "text", 10),
    "direction": Column("Direction", "text", 10),
    "go_live_month": Column("Go-live month", "text", 12),
    "share": Column("Share of the year's plan", "percent", 10),
    "live_from_april": Column("Live from April", "bool", 10),
    "stage": Column("Stage", "text", 24),
    "step": Column("Step", "text", 10),
    "change_months": Column("Change in delivery (months)", "number", 12),
    "effective_months": Column("Effective months in year", "number", 12),
    "in_year_effect_gbp": Column("In-year effect (£)", "money"),
    "next_year_effect_gbp": Column("Next-year effect (£)", "money"),
    "plan_next_year_gbp": Column("Plan next year (£)", "money_k"),
    "forecast_next_year_gbp": Column("Forecast next year (£)", "money_k"),
    "slippage_into_next_year_gbp": Column("Slippage into next year (£)", "money_k"),
    "actual_gbp": Column("Actual saving (£)", "money"),
    "mean": Column("Mean (centre line)", "number"),
    "lpl": Column("Lower process limit", "number"),
    "upl": Column("Upper process limit", "number"),
    "task_id": Column("Task", "text", 14),
    "start": Column("Start", "date", 12),
    "end": Column("End", "date", 12),
    "mobilisation_month": Column("Mobilisation month", "month", 12),
    "aspiration_share": Column("Aspiration (share of baseline)", "percent"),
    "annual_growth": Column("Annual growth", "percent"),
    "realisation_to_date": Column("Realisation to date (realised / planned)", "percent"),
    "latest_realisation": Column("Latest month's realisation", "percent"),
    "share_closed": Column("Share of the gap closed", "percent"),
}


def column_spec(name: str, series: pd.Series | None = None) -> Column:
    """The header and kind of a column: from :data:`COLUMNS`, else from its name and type
    (``_gbp`` = money, ``_pct``/``share`` = percent, ``_count`` = integer)."""
    if name in COLUMNS:
        return COLUMNS[name]
    header = str(name).replace("_", " ")
    header = header[:1].upper() + header[1:]
    if str(name).endswith("_gbp"):
        return Column(header[: -len(" gbp")] + " (£)", "money")
    if str(name).endswith("_pct"):
        return Column(header[: -len(" pct")] + " (%)", "percent")
    if series is not None:
        if isinstance(series.dtype, pd.PeriodDtype):
            return Column(header, "month")
        if pd.api.types.is_datetime64_any_dtype(series):
            return Column(header, "date")
        if pd.api.types.is_bool_dtype(series):
            return Column(header, "bool")
        if pd.api.types.is_integer_dtype(series):
            return Column(header, "integer")
        if pd.api.types.is_numeric_dtype(series):
            return Column(header, "number")
    return Column(header, "text")


# ---------------------------------------------------------------------------------------------
# Sheets


@dataclass
class Sheet:
    """One table of a workbook.

    Attributes:
        name: sheet name (cut to Excel's 31 characters, characters Excel refuses replaced).
        frame: the table.
        about: what the sheet shows, in a sentence (the "Notes" sheet).
        basis: how its figures are computed (the "Notes" sheet).
        columns: per-column overrides of :data:`COLUMNS`.
    """

    name: str
    frame: pd.DataFrame
    about: str = ""
    basis: str = ""
    columns: dict[str, Column] = field(default_factory=dict)


def sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique (case-insensitively) among ``taken``."""
    clean = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'") or "Sheet"
    clean = clean[:MAX_SHEET_NAME]
    candidate, k = clean, 2
    while candidate.lower() in taken:
        suffix = f" ({k})"
        candidate = clean[: MAX_SHEET_NAME - len(suffix)] + suffix
        k += 1
    taken.add(candidate.lower())
    return candidate


def _to_month(value):
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Period):
        return dt.datetime(value.year, value.month, 1)
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return dt.datetime(value.year, value.month, value.day) if not pd.isna(value) else None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        if _MONTH_TEXT.match(value):
            return dt.datetime(int(value[:4]), int(value[5:7]), 1)
        if _DATE_TEXT.match(value):
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                return value
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _number_or_none(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (str, bytes)):
        return value  # text stays text (written inert), never parsed into a number
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value  # not a number after all: written as (inert) text
    return None if math.isnan(number) or math.isinf(number) else number


def _cell_values(series: pd.Series, kind: str) -> tuple[list, str]:
    """The column's values ready to write, and the kind actually used (an ``id`` column with
    any value that is not a plain integer stays text)."""
    if kind == "id":
        values = series.tolist()
        texts = [
            "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in values
        ]
        if texts and all(_PLAIN_INTEGER.match(t) or t == "" for t in texts):
            return [int(t) if t else None for t in texts], "integer"
        return [t if t else None for t in texts], "text"
    if kind in ("money", "money_k", "integer", "number", "percent"):
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            array = series.to_numpy(dtype=float, na_value=np.nan)
            return [None if not math.isfinite(v) else v for v in array.tolist()], kind
        return [_number_or_none(v) for v in series.tolist()], kind
    if kind in ("month", "date"):
        if isinstance(series.dtype, pd.PeriodDtype):
            return [
                None if pd.isna(v) else dt.datetime(v.year, v.month, 1) for v in series.tolist()
            ], kind
        return [_to_month(v) for v in series.tolist()], kind
    if kind == "bool":
        return [
            None
            if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
            else ("Yes" if bool(v) else "No")
            for v in series.tolist()
        ], "text"
    return series.tolist(), "text"


class _Formats:
    def __init__(self, workbook):
        self.header = workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#005EB8",
                "font_color": "#FFFFFF",
                "border": 1,
            }
        )
        self.by_kind = {
            "money": workbook.add_format({"num_format": MONEY_FORMAT}),
            "money_k": workbook.add_format({"num_format": MONEY_K_FORMAT}),
            "integer": workbook.add_format({"num_format": INTEGER_FORMAT}),
            "number": workbook.add_format({"num_format": NUMBER_FORMAT}),
            "percent": workbook.add_format({"num_format": PERCENT_FORMAT}),
            "month": workbook.add_format({"num_format": MONTH_FORMAT, "align": "left"}),
            "date": workbook.add_format({"num_format": DATE_FORMAT, "align": "left"}),
            "text": None,
        }
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 14})


def _write_text(sheet, row, col, value, fmt=None) -> bool:
    """Write text as a string, never a formula; returns True when it had to be cut."""
    text = neutralise(value if isinstance(value, str) else str(value))
    cut = len(text) > MAX_CELL_TEXT
    if cut:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    sheet.write_string(row, col, text, fmt)
    return cut


def _write_cell(sheet, row, col, value, kind, fmt) -> bool:
    if value is None:
        return False
    if kind in ("money", "money_k", "integer", "number", "percent"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, col, value, fmt)
            return False
        return _write_text(sheet, row, col, value)
    if kind in ("month", "date"):
        if isinstance(value, dt.datetime):
            sheet.write_datetime(row, col, value, fmt)
            return False
        return _write_text(sheet, row, col, value)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            sheet.write_number(row, col, number)
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if value is pd.NA or value is pd.NaT:
        return False
    return _write_text(sheet, row, col, value)


@dataclass
class WorkbookReport:
    """What :func:`write_workbook` did beyond the sheets: tables sent to CSV, cut cells."""

    overflow: dict[str, Path] = field(default_factory=dict)
    cut_cells: dict[str, int] = field(default_factory=dict)


def write_workbook(
    sheets: list[Sheet],
    path: str | Path,
    *,
    title: str = "",
    notes: list[tuple[str, str]] = (),
    overflow_dir: str | Path | None = None,
) -> WorkbookReport:
    """Write ``sheets`` into one workbook, a "Notes" sheet first.

    Args:
        sheets: the tables, in order.
        path: the ``.xlsx`` to write (written beside and moved into place).
        title: the first line of the Notes sheet.
        notes: ``(figure, basis)`` lines for the Notes sheet (the headline figures' basis).
        overflow_dir: where a table too big for a sheet goes as CSV (default: the workbook's
            folder).

    Returns:
        what was sent to CSV or cut.
    """

    path = Path(path)
    overflow_dir = Path(overflow_dir) if overflow_dir else path.parent
    report = WorkbookReport()
    tmp = path.with_name(f".{path.name}.tmp")
    # xlsxwriter imported here, not at the top: ``schemes --csv`` writes no workbook and
    # starts faster without it.
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(tmp),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
            "default_date_format": DATE_FORMAT,
        },
    )
    try:
        formats = _Formats(workbook)
        taken = {"notes"}
        names = [sheet_name(s.name, taken) for s in sheets]
        notes_sheet = workbook.add_worksheet("Notes")
        notes_rows = []
        for sheet, name in zip(sheets, names):
            ws = workbook.add_worksheet(name)
            rows, cols = sheet.frame.shape
            if rows + 1 > MAX_ROWS or cols > MAX_COLUMNS:
                csv_path = overflow_dir / f"{path.stem}-{re.sub(r'[^A-Za-z0-9_-]', '_', name)}.csv"
                write_csv(sheet.frame, csv_path)
                report.overflow[name] = csv_path
                ws.write_string(
                    0,
                    0,
                    f"This table has {rows:,} rows and {cols:,} columns, more "
                    f"than an Excel sheet holds ({MAX_ROWS - 1:,} rows under a "
                    f"header, {MAX_COLUMNS:,} columns): it is in "
                    f"{csv_path.name} beside this workbook.",
                    formats.bold,
                )
                ws.set_column(0, 0, 120)
                notes_rows.append(
                    (name, sheet.about, sheet.basis + f" Full table: {csv_path.name}.")
                )
                continue
            cut = _write_sheet(ws, sheet, formats)
            if cut:
                report.cut_cells[name] = cut
            extra = (
                (
                    f" {cut} cell(s) longer than Excel's {MAX_CELL_TEXT:,} characters were "
                    "cut (ending …)."
                )
                if cut
                else ""
            )
            notes_rows.append((name, sheet.about, sheet.basis + extra))
        _write_notes(notes_sheet, formats, title, notes, notes_rows)
    finally:
        workbook.close()
    os.replace(tmp, path)
    return report


def _write_sheet(ws, sheet: Sheet, formats: _Formats) -> int:
    frame = sheet.frame
    specs = [sheet.columns.get(c) or column_spec(c, frame[c]) for c in frame.columns]
    columns = []
    for name, spec in zip(frame.columns, specs):
        values, kind = _cell_values(frame[name], spec.kind)
        columns.append((values, kind, formats.by_kind.get(kind)))
    for col, spec in enumerate(specs):
        width = spec.width or max(12, min(40, len(spec.header) // 2 + 4))
        ws.set_column(col, col, width)
    ws.set_row(0, 45)
    for col, spec in enumerate(specs):
        _write_text(ws, 0, col, spec.header, formats.header)
    cut = 0
    n = len(frame)
    for i in range(n):
        row = i + 1
        for col, (values, kind, fmt) in enumerate(columns):
            if _write_cell(ws, row, col, values[i], kind, fmt):
                cut += 1
    if specs:
        ws.autofilter(0, 0, max(n, 1), len(specs) - 1)
        ws.freeze_panes(1, 0)
    return cut


def _write_notes(ws, formats, title, notes, rows) -> None:
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 90)
    r = 0
    if title:
        _write_text(ws, r, 0, title, formats.title)
        r += 2
    if notes:
        _write_text(ws, r, 0, "Figure", formats.header)
        _write_text(ws, r, 1, "Basis", formats.header)
        r += 1
        for figure, basis in notes:
            _write_text(ws, r, 0, figure, formats.wrap)
            _write_text(ws, r, 1, basis, formats.wrap)
            r += 1
        r += 1
    for c, label in enumerate(("Sheet", "What it shows", "Basis of its figures")):
        _write_text(ws, r, c, label, formats.header)
    r += 1
    for name, about, basis in rows:
        _write_text(ws, r, 0, name, formats.wrap)
        _write_text(ws, r, 1, about, formats.wrap)
        _write_text(ws, r, 2, basis.strip(), formats.wrap)
        r += 1


def wide_profile(
    long: pd.DataFrame,
    *,
    value: str = "value_gbp",
    measures: tuple[str, ...] | None = None,
    months: int | None = None,
) -> pd.DataFrame:
    """A long monthly profile (``scheme_id, month, measure, value``) as one row per scheme with
    a column per measure and month (``Plan Apr 2026``, ..., ``Forecast Mar 2027``).

    Args:
        long: the profile, long; schemes in the same order under every measure.
        measures: the measures to keep, in order (default: all, in order of appearance).
        months: keep the first ``months`` months only (e.g. 12: the financial year).

    Returns:
        ``scheme_id`` and one column per (measure, month), pounds; 30,000 schemes make 30,000
        rows, well within a sheet, where the long form of two years on three bases (2.16
        million rows) is not.
    """
    if long.empty:
        return pd.DataFrame(columns=["scheme_id"])
    measures = measures or tuple(pd.unique(long["measure"]))
    all_months = np.array(sorted(pd.unique(long["month"])), dtype=object)
    keep = all_months[:months] if months else all_months
    ids = np.asarray(pd.unique(long["scheme_id"]), dtype=object)
    out = {"scheme_id": ids}
    for measure in measures:
        part = long[long["measure"] == measure]
        if part.empty:
            continue
        n_months = len(all_months)
        fast = (
            len(part) == len(ids) * n_months
            and (part["scheme_id"].to_numpy()[::n_months] == ids).all()
            and (part["month"].to_numpy(dtype=object)[:n_months] == all_months).all()
        )
        if fast:  # the order Phasing.to_long gives: every scheme's months in turn
            grid = part[value].to_numpy(dtype=float).reshape(len(ids), n_months)
        else:
            grid = (
                part.pivot_table(
                    index="scheme_id", columns="month", values=value, aggfunc="sum", sort=False
                )
                .reindex(index=ids, columns=all_months)
                .to_numpy(dtype=float)
            )
        label = str(measure).replace("_", " ").capitalize()
        for k, month in enumerate(keep):
            out[f"{label} {_month_label(month)}"] = grid[:, k]
    return pd.DataFrame(out)


def _month_label(value) -> str:
    when = _to_month(value)
    return when.strftime("%b %Y") if isinstance(when, dt.datetime) else str(value)
