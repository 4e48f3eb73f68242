"""Where a data folder keeps each input: one place, so the CLI, the pack and the notebooks agree.

A data folder (``data/raw`` by default, or ``--data DIR``) holds:

==============================  ===================================================
``qipp_register.xlsx``          the scheme register (any sheet; detected)
``qipp_actuals.xlsx``           actual savings by scheme and month, to date
``plans/*.xlsx`` (.xls, .csv)   project plans: Gantt grids, action logs, milestones
``deflection/interventions.xlsx``  transformation interventions and the financial gap
``deflection/activity.xlsx``    monthly activity actuals (TPIs)
``scenarios/*.yml``             named change-in-delivery scenarios
``risk.yml``                    the data folder's own delivery-risk settings
``pack.yml``                    how the pack counts the register, which sheets it reads
                                and the default month's rule (``month.PackSettings``)
``commentary/<period>.md``      the month's commentary (or ``.yml``)
``history/<period>/``           last month's tidy tables, when the pack did not build it
==============================  ===================================================

The file names are defined here only, and so is the organisation the pages name by default.

Only the register (and the reporting month) can stop a pack: every other input is optional,
and one that is absent or cannot be read is left out of its page with a note
(:func:`month.optional_input_problems`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .plans import plan_files

DEFAULT_DATA_DIR = Path("data/raw")
REGISTER_FILE = "qipp_register.xlsx"
ACTUALS_FILE = "qipp_actuals.xlsx"
SETTINGS_FILE = "pack.yml"
RISK_FILE = "risk.yml"
HISTORY_DIR = "history"
# The organisation the pages and titles name when none is given (the sample data's, fictional).
ORGANISATION = "NHS Northfield ICB"


@dataclass(frozen=True)
class DataFolder:
    """The inputs of one data folder, by role."""

    root: Path

    @property
    def register(self) -> Path:
        return self.root / REGISTER_FILE

    @property
    def actuals(self) -> Path:
        return self.root / ACTUALS_FILE

    @property
    def plans_dir(self) -> Path:
        return self.root / "plans"

    @property
    def deflection_dir(self) -> Path:
        return self.root / "deflection"

    @property
    def interventions(self) -> Path:
        return self.deflection_dir / "interventions.xlsx"

    @property
    def activity(self) -> Path:
        return self.deflection_dir / "activity.xlsx"

    @property
    def scenarios_dir(self) -> Path:
        return self.root / "scenarios"

    @property
    def risk(self) -> Path:
        return self.root / RISK_FILE

    @property
    def settings(self) -> Path:
        return self.root / SETTINGS_FILE

    def history(self, period: object) -> Path:
        """``history/<period>/``: a month's tidy tables kept in the data folder."""
        return self.root / HISTORY_DIR / str(period)

    def plans(self) -> list[Path]:
        """Every plan file the plan reader opens (.xlsx, .xls, .csv ...), by name; the other
        files of ``plans/`` are named by :func:`month.optional_input_problems`
        (:func:`io.plans.plan_files`)."""
        return plan_files(self.plans_dir).read

    def scenarios(self) -> list[Path]:
        return sorted(self.scenarios_dir.glob("*.yml")) + sorted(self.scenarios_dir.glob("*.yaml"))

    def require_register(self) -> Path:
        """The register's path; a :class:`UserError` naming it when it is missing."""
        if not self.root.is_dir():
            raise UserError(f"{self.root}: no such data folder")
        if not self.register.is_file():
            raise UserError(f"{self.register}: no such file (the data folder needs a register)")
        return self.register
