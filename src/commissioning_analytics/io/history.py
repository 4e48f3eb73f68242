"""Earlier months as the packs left them: the tidy tables of a month and its headline figures.

A pack writes each month's tables to ``data/processed/<period>/`` (``schemes.csv``,
``actuals.csv``, ``summary.csv``, ...) and its headline figures to
``outputs/<period>/summary.json``; a data folder may ship earlier months itself in
``history/<period>/`` (the sample data does, made by ``scripts/make_history.py``). The board
paper reads them for the movement since last month and the forecast over the year.

Which folders to look in, and in what order, is the caller's: the first folder that holds the
file wins, and the result says which it was. Nothing here guesses a figure: a month with no
file is ``None``; a summary without a figure leaves the figure out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import UserError
from ..schema import Scheme

SCHEMES = "schemes.csv"
ACTUALS = "actuals.csv"
SUMMARY_CSV = "summary.csv"
SUMMARY_JSON = "summary.json"


@dataclass(frozen=True)
class MonthTables:
    """One earlier month's tidy tables.

    Attributes:
        folder: where they were read from.
        register: ``schemes.csv`` as a canonical register (``go_live`` as months,
            ``change_in_delivery_months`` blank = 0, ``recurrent`` true/false/blank).
        actuals: ``actuals.csv`` (``scheme_id, month, actual_gbp``), ``None`` when the folder
            has none (then the month's actuals are unknown, not zero).
        summary: the month's headline figures by name (numbers as floats), ``{}`` when the
            folder has no summary.
    """

    folder: Path
    register: pd.DataFrame
    actuals: pd.DataFrame | None
    summary: dict[str, object]


def read_month_tables(folder: Path) -> MonthTables | None:
    """The tidy tables in ``folder``, or ``None`` when it holds no ``schemes.csv``.

    Raises:
        UserError: a table that is there but cannot be read (one line naming the file).
    """
    schemes = folder / SCHEMES
    if not schemes.is_file():
        return None
    register = register_from_table(_csv(schemes), schemes)
    actuals = None
    if (folder / ACTUALS).is_file():
        actuals = actuals_from_table(_csv(folder / ACTUALS), folder / ACTUALS)
    return MonthTables(folder, register, actuals, read_summary(folder) or {})


def find_month_tables(folders: Iterable[Path]) -> MonthTables | None:
    """:func:`read_month_tables` of the first folder that has a ``schemes.csv``."""
    for folder in folders:
        found = read_month_tables(Path(folder))
        if found is not None:
            return found
    return None


def read_summary(folder: Path) -> dict[str, object] | None:
    """A month's headline figures: ``summary.json`` (a pack's) or ``summary.csv`` (its tidy
    tables: ``figure, value``), numbers as floats; ``None`` when the folder has neither.

    Raises:
        UserError: a summary that is there but cannot be read.
    """
    path = folder / SUMMARY_JSON
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise UserError(f"{path}: cannot be read as JSON ({error})") from None
        if not isinstance(data, dict):
            raise UserError(f"{path}: expected an object of figures")
        return {str(k): _number(v) for k, v in data.items()}
    path = folder / SUMMARY_CSV
    if path.is_file():
        table = _csv(path)
        if not {"figure", "value"} <= set(table.columns):
            raise UserError(f"{path}: expected the columns figure and value")
        return {str(k): _number(v) for k, v in zip(table["figure"], table["value"])}
    return None


def month_summaries(
    candidates: Mapping[str, Iterable[Path]],
) -> dict[str, tuple[Path, dict[str, object]]]:
    """Each month's headline figures from the first of its folders that has a summary.

    Args:
        candidates: period (``YYYY-MM``) -> the folders to look in, in order (for example
            ``outputs/<period>/``, ``data/processed/<period>/``, ``<data>/history/<period>/``).

    Returns:
        period -> ``(folder, figures)`` for the months found; a month with none is left out.
    """
    out: dict[str, tuple[Path, dict[str, object]]] = {}
    for period, folders in candidates.items():
        for folder in folders:
            summary = read_summary(Path(folder))
            if summary is not None:
                out[period] = (Path(folder), summary)
                break
    return out


#: an earlier month's table: a header's words (:func:`header_key`) -> the canonical column,
#: for headers renamed by hand or by a re-save (the canonical names are matched as well)
HEADER_ALIASES = {
    "no": Scheme.scheme_id,
    "id": Scheme.scheme_id,
    "scheme_no": Scheme.scheme_id,
    "scheme_number": Scheme.scheme_id,
    "scheme_name": Scheme.scheme,
    "name": Scheme.scheme,
    "golive": Scheme.go_live,
    "go_live_month": Scheme.go_live,
    "go_live_date": Scheme.go_live,
    "start": Scheme.go_live,
    "rag": Scheme.rag_overall,
    "overall": Scheme.rag_overall,
    "overall_rag": Scheme.rag_overall,
    "rag_rating": Scheme.rag_overall,
    "overall_rating": Scheme.rag_overall,
}


def header_key(name: object) -> str:
    """``"Scheme ID"`` -> ``"scheme_id"``: lower case, runs of other characters as one ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def id_key(value: object) -> str:
    """A scheme number as text, ``1.0`` (a number re-saved by Excel) read as ``1``."""
    return re.sub(r"^(\d+)\.0+$", r"\1", str(value).strip())


def canonical_headers(table: pd.DataFrame) -> dict[str, str]:
    """Header -> canonical column for the headers of ``table`` that are renamed canonical
    columns (each canonical column once)."""
    renamed: dict[str, str] = {}
    for column in table.columns:
        key = header_key(column)
        canonical = key if key in Scheme.COLUMNS else HEADER_ALIASES.get(key)
        if canonical and canonical not in renamed.values() and column != canonical:
            if canonical not in table.columns:
                renamed[column] = canonical
    return renamed


def register_from_table(table: pd.DataFrame, path: Path | str = SCHEMES) -> pd.DataFrame:
    """A ``schemes.csv`` table as a canonical register (the columns the model phases from).

    Headers renamed by hand are read by their words and numbers re-saved by Excel as ``1.0``
    read as ``1`` (:func:`canonical_headers`, :func:`id_key`).

    Raises:
        UserError: a required column is missing, or a go-live or an FYE is no month / number.
    """
    table = table.rename(columns=canonical_headers(table))
    missing = [
        c for c in (Scheme.scheme_id, Scheme.go_live, Scheme.fye_net_saving) if c not in table
    ]
    if missing:
        raise UserError(f"{path}: no column {', '.join(missing)}")
    reg = table.copy()
    reg[Scheme.scheme_id] = reg[Scheme.scheme_id].map(id_key)
    try:
        reg[Scheme.go_live] = pd.PeriodIndex(reg[Scheme.go_live].astype(str).str[:7], freq="M")
    except (ValueError, TypeError):
        raise UserError(f"{path}: column go_live: expected months such as 2026-07") from None
    fye = pd.to_numeric(reg[Scheme.fye_net_saving], errors="coerce")
    if fye.isna().any():
        row = int(fye.isna().to_numpy().argmax()) + 2
        raise UserError(f"{path}: row {row}: fye_net_saving: expected a number")
    reg[Scheme.fye_net_saving] = fye.astype(float)
    change = reg.get(Scheme.change_in_delivery_months, pd.Series(0.0, index=reg.index))
    reg[Scheme.change_in_delivery_months] = pd.to_numeric(change, errors="coerce").fillna(0.0)
    for column in Scheme.RAG_COLUMNS:
        if column in reg:
            reg[column] = reg[column].astype("string").str.strip().str.lower()
    if Scheme.phase in reg:
        reg[Scheme.phase] = pd.to_numeric(reg[Scheme.phase], errors="coerce").astype("Int64")
    if Scheme.recurrent in reg:
        words = reg[Scheme.recurrent].astype("string").str.strip().str.lower()
        reg[Scheme.recurrent] = words.map({"true": True, "false": False}).astype("boolean")
    for column in (Scheme.scheme, Scheme.theme, Scheme.owner, Scheme.file_ref):
        if column in reg:
            reg[column] = reg[column].astype("string")
    return reg


def actuals_from_table(table: pd.DataFrame, path: Path | str = ACTUALS) -> pd.DataFrame:
    """An ``actuals.csv`` table: ``scheme_id`` as text, ``month`` as months, ``actual_gbp``
    as numbers (a blank amount stays blank: no record).

    Raises:
        UserError: a required column is missing or a month is no month.
    """
    table = table.rename(columns=canonical_headers(table))
    missing = [c for c in (Scheme.scheme_id, "month", "actual_gbp") if c not in table]
    if missing:
        raise UserError(f"{path}: no column {', '.join(missing)}")
    out = table.rename(columns=canonical_headers(table))
    out[Scheme.scheme_id] = out[Scheme.scheme_id].map(id_key)
    try:
        out["month"] = pd.PeriodIndex(out["month"].astype(str).str[:7], freq="M")
    except (ValueError, TypeError):
        raise UserError(f"{path}: column month: expected months such as 2026-07") from None
    out["actual_gbp"] = pd.to_numeric(out["actual_gbp"], errors="coerce")
    return out


def _csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype={Scheme.scheme_id: str}, keep_default_na=True)
    except (OSError, ValueError) as error:
        raise UserError(f"{path}: cannot be read as a table ({error})") from None


def _number(value: object) -> object:
    """A figure as a float where it is a number (``"9597450.4"`` too), else as it was."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return value
