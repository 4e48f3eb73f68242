"""Page 40's inputs and tables: every project plan of the data folder read once as of the end of
the reporting month (:class:`PlanInputs`), linked to the month's register, with each scheme's
service commencement against its go-live and the savings at risk worked out once."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import calendar
from ..errors import UserError
from ..io.datafolder import REGISTER_FILE, DataFolder
from ..io.plans import load_plan, plan_files, plan_versions
from ..model import plans as model
from ..month import PackSettings, load_month, load_settings
from ..schema import Task


@dataclass
class PlanInputs:
    """Everything the project-plans page shows, read once.

    Attributes:
        as_of: the reporting date (last day of the reporting month).
        year: the financial year of the reporting month (starting calendar year).
        current: the latest version of every plan, as one tasks table with ``status``.
        previous: for plans with two or more versions, the version before the latest.
        register: the canonical scheme register, or ``None`` when it cannot be read.
        notes: sentences about absent or unreadable inputs, for the reader.
    """

    organisation: str
    as_of: dt.date
    year: int
    weight_set: str
    current: pd.DataFrame
    previous: dict[str, pd.DataFrame] = field(default_factory=dict)
    latest: dict[str, pd.DataFrame] = field(default_factory=dict)
    register: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    top_n: int = 25  # per-scheme (and per-task) views show this many, the rest in one row
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    def _linked_register(self) -> pd.DataFrame:
        """The register plans are linked to (callers check there is one first)."""
        if self.register is None:
            raise ValueError("no register: plans cannot be linked to schemes")
        return self.register

    def changes(self) -> pd.DataFrame:
        """Each scheme's plan commencement against the register (``model.plans.
        commencement_changes``), worked out once per page with one index of scheme names."""
        if "changes" not in self._cache:
            register = self._linked_register()
            index = model.SchemeNameIndex(register)
            self._cache["changes"] = model.commencement_changes(self.current, register, index=index)
        return self._cache["changes"]

    def at_risk(self) -> pd.DataFrame:
        """Savings at risk per scheme (``model.plans.savings_at_risk``), worked out once."""
        if "at_risk" not in self._cache:
            self._cache["at_risk"] = model.savings_at_risk(
                self._linked_register(), self.changes(), self.year, weights=self.weight_set
            )
        return self._cache["at_risk"]

    def at_risk_total(self) -> model.AtRisk | None:
        """The page's one figure of savings at risk (what its bars add up to), or ``None``
        when there is no register or no dated commencement linked to a scheme."""
        if self.register is None or self.current.empty or self.changes().empty:
            return None
        return model.at_risk_total(self.at_risk())

    @classmethod
    def load(
        cls,
        period: str,
        data_dir: str | Path,
        register_file: str = REGISTER_FILE,
        *,
        organisation: str = "",
        weight_set: str = "board",
        register: pd.DataFrame | None = None,
    ) -> PlanInputs:
        """The plans of ``data_dir`` as of the end of ``period``, linked to the month's register:
        ``register`` when the caller has the month (the board summary), else the month as every
        page loads it (:func:`month.load_month`: in the pack, the month read once for all
        pages, not the workbook again)."""
        folder = DataFolder(Path(data_dir))
        as_of = model.reporting_date(period)
        year = calendar.fy_start_year(pd.Period(period, freq="M"))
        notes: list[str] = []
        latest: dict[str, pd.DataFrame] = {}
        previous: dict[str, pd.DataFrame] = {}
        files: list[str] = []
        notes.extend(f"{line} (not a plan)" for line in plan_files(folder.plans_dir).left_out)
        for family, paths in plan_versions(folder.plans()).items():
            loads = []
            for path in paths[-2:]:
                try:
                    loads.append(model.with_status(load_plan(path).tasks, as_of))
                    files.append(path.name)
                except UserError as error:  # a mistake in an optional input: left out
                    left_out = [f"{line} (plan left out)" for line in error.lines()]
                except Exception as error:  # noqa: BLE001 - an optional input never stops the pack
                    left_out = [
                        f"{path.name}: cannot be read ({type(error).__name__}) (plan left out)"
                    ]
                else:
                    continue
                notes.extend(left_out)
                for line in left_out:
                    print(f"warning: {line}", file=sys.stderr)
            if not loads:
                continue
            latest[family] = loads[-1].assign(plan=family)
            if len(loads) == 2:
                previous[family] = loads[0].assign(plan=family)
        current = (
            pd.concat(latest.values(), ignore_index=True)
            if latest
            else pd.DataFrame(columns=list(Task.COLUMNS) + ["plan", "shape"])
        )
        top = PackSettings.top_n
        try:
            top = load_settings(folder.root).top_n
            if register is None:
                register = load_month(
                    period,
                    folder.root,
                    register_file,
                    weight_set=weight_set,
                    organisation=organisation,
                ).register
        except UserError as error:
            notes.append(
                f"The register could not be read ({'; '.join(error.lines())}), so "
                f"savings at risk are not shown."
            )
        return cls(
            organisation=organisation,
            as_of=as_of,
            year=year,
            weight_set=weight_set,
            current=current,
            previous=previous,
            latest=latest,
            register=register,
            notes=notes,
            files=files,
            top_n=top,
        )


def load(
    period: str,
    data_dir: str | Path,
    register_file: str = REGISTER_FILE,
    *,
    organisation: str = "",
    weight_set: str = "board",
    register: pd.DataFrame | None = None,
) -> PlanInputs:
    """:meth:`PlanInputs.load`: ``(period, data_dir, register_file, *, ...)``, the order of
    every page's loader (``month.load_month``, ``views.deflection.load``)."""
    return PlanInputs.load(
        period,
        data_dir,
        register_file,
        organisation=organisation,
        weight_set=weight_set,
        register=register,
    )
