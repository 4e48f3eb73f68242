"""What a plan read accounts for: a report per sheet and per file, and the load (the tasks
and the report)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

# --- report ------------------------------------------------------------------------------


@dataclass
class SheetReport:
    """How every row of one sheet was read.

    ``rows`` counts each row read under exactly one heading ("task", "milestone", "heading",
    "blank", "header", "title", "legend", "lead only", "no task name", "continuation"), so their
    sum is the rows read.
    """

    sheet: str
    shape: str | None
    rows_read: int = 0
    rows: Counter = field(default_factory=Counter)
    undated: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    axis: str | None = None
    file: str = ""
    reason: str = ""
    columns: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def accounted(self) -> bool:
        return sum(self.rows.values()) == self.rows_read


@dataclass
class PlanReport:
    """What :func:`load_plan` read from one workbook, sheet by sheet."""

    file: str
    sheets: list[SheetReport] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets)

    @property
    def undated(self) -> list[str]:
        return [line for s in self.sheets for line in s.undated]

    def summary(self) -> str:
        """Lines a user reads after ``commissioning-analytics plan``."""
        lines = []
        for s in self.sheets:
            where = f"{s.file or self.file}!{s.sheet}"
            if s.shape is None:
                lines.append(
                    f"{where}: no plan found ({s.rows_read} rows read: {s.reason}), skipped"
                )
                continue
            parts = " + ".join(f"{n} {k}" for k, n in s.rows.most_common() if n)
            lines.append(f"{where} ({s.shape}): {s.rows_read} rows read = {parts}")
            if s.columns:
                lines.append(f"  columns: {'; '.join(s.columns)}")
            for text in s.unused:
                lines.append(f"  not used: {text}")
            for text in s.warnings:
                lines.append(f"  warning: {text}")
            if s.axis:
                lines.append(f"  time axis: {s.axis}")
            for text in s.undated:
                lines.append(f"  no date: {text}")
            for text in s.notes:
                lines.append(f"  note: {text}")
        return "\n".join(lines)


@dataclass
class PlanLoad:
    """A plan workbook read: its tasks table and the report of how each row was read."""

    tasks: pd.DataFrame
    report: PlanReport
