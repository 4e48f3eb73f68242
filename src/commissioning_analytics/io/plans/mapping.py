"""The plan mapping file: columns named, the time axis set and rows left out where a plan's layout
cannot say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import ConfigError, Problem
from ..headers import (
    IGNORE,
    norm,
    read_mapping_spec,
)
from ..plan_dates import (
    DATE_RANGE,
)

MAPPING_FIELDS = {
    "task_id": "id",
    "task": "task",
    "stage": "stage",
    "lead": "lead",
    "start": "start",
    "end": "end",
    "due": "due",
    "status": "state",
    "rag": "rag",
    "deliverables": "deliverables",
    "section": "section",
    "team": "team",
    "file_ref": "file_ref",
    "raised": "raised",
    "forecast": "forecast",
    "actual": "actual",
}
"""Columns a plan mapping file may name (tasks-table names; ``raised``, ``forecast`` and
``actual`` for a log's date raised, forecast and actual dates) -> the reader's field."""


@dataclass
class PlanMapping:
    """A plan mapping file: header text (normalised) -> field, and optionally the sheet, the
    header row, the time axis and rows to leave out. Written as YAML ``header text: column``
    lines (``columns:`` optional), columns named as in the tasks table
    (:data:`MAPPING_FIELDS`) or ``ignore``; ``time_axis: {start: YYYY-MM-DD}`` (the day the
    first week or month column starts) or ``time_axis: {iso_weeks: YEAR}`` (week numbers are
    ISO weeks of that year); ``exclude_rows: [30-45, 52]`` (sheet rows, 1-based, not read,
    each said in the load report)."""

    columns: dict[str, str]
    file: str
    sheet: str | None = None
    header_row: int | None = None
    time_axis: dict = field(default_factory=dict)
    exclude_rows: tuple[tuple[int, int], ...] = ()

    def excludes(self, row: int) -> bool:
        """Whether the mapping leaves out sheet row ``row`` (1-based)."""
        return any(first <= row <= last for first, last in self.exclude_rows)


def read_plan_mapping(path: str | Path) -> PlanMapping:
    """Read a plan mapping file (:func:`headers.read_mapping_spec`: safe YAML, a header "No"
    kept as text).

    Raises:
        ConfigError: naming the file, for a missing or malformed file, an unknown column, or a
            time axis or row range that is not one (every problem at once).
    """

    spec = read_mapping_spec(path, list(MAPPING_FIELDS))
    name = Path(path).name
    read = {
        norm(header): IGNORE if column == IGNORE else MAPPING_FIELDS[column]
        for header, column in spec.columns.items()
    }
    problems: list[Problem] = []
    time_axis = _time_axis_option(spec.time_axis, name, problems)
    if problems:
        raise ConfigError(problems)
    sheet = str(spec.sheet) if spec.sheet is not None else None
    return PlanMapping(read, name, sheet, spec.header_row, time_axis, spec.exclude_rows)


def _time_axis_option(value, file: str, problems: list[Problem]) -> dict:
    """``time_axis: {start: 2025-04-07}`` or ``{iso_weeks: 2025}``, checked."""
    if value is None:
        return {}
    expected = (
        "expected 'time_axis: {start: YYYY-MM-DD}' (the day the first week or month column "
        "starts) or 'time_axis: {iso_weeks: YEAR}'"
    )
    if not isinstance(value, dict) or not value or set(value) - {"start", "iso_weeks"}:
        problems.append(Problem(file, f"time_axis {value!r}: {expected}"))
        return {}
    out: dict = {}
    start = value.get("start")
    if start is not None:
        if isinstance(start, dt.datetime):
            start = start.date()
        if isinstance(start, str):
            try:
                start = dt.date.fromisoformat(start.strip())
            except ValueError:
                pass
        if not isinstance(start, dt.date) or not DATE_RANGE[0] <= start.year <= DATE_RANGE[1]:
            problems.append(Problem(file, f"time_axis start {start!r}: {expected}"))
        else:
            out["start"] = start
    year = value.get("iso_weeks")
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int):
            problems.append(Problem(file, f"time_axis iso_weeks {year!r}: {expected}"))
        elif not DATE_RANGE[0] <= year <= DATE_RANGE[1]:
            problems.append(Problem(file, f"time_axis iso_weeks {year}: a year 1900-2100"))
        else:
            out["iso_weeks"] = year
    if len(out) == 2:
        problems.append(Problem(file, f"time_axis: give start or iso_weeks, not both; {expected}"))
    return out
