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
==============================  ===================================================

Only the register (and the reporting month) can stop a pack: every other input is optional,
and one that is absent or cannot be read is left out of its page with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

DEFAULT_DATA_DIR = Path("data/raw")


@dataclass(frozen=True)
class DataFolder:
    """The inputs of one data folder, by role."""

    root: Path

    @property
    def register(self) -> Path:
        return self.root / "qipp_register.xlsx"

    @property
    def actuals(self) -> Path:
        return self.root / "qipp_actuals.xlsx"

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
        return self.root / "risk.yml"

    def plans(self) -> list[Path]:
        """Every plan file the plan reader opens (.xlsx, .xls, .csv ...), by name; the other
        files of ``plans/`` are named by :meth:`optional_input_problems`
        (:func:`io.plans.plan_files`)."""
        from .io.plans import plan_files

        return plan_files(self.plans_dir).read

    def scenarios(self) -> list[Path]:
        return sorted(self.scenarios_dir.glob("*.yml")) + sorted(self.scenarios_dir.glob("*.yaml"))

    def optional_input_problems(self, as_of=None) -> list[str]:
        """One line for each optional input that is there but cannot be read (plans,
        scenarios, risk settings, deflection workbooks): the pack leaves it out of its page
        and says so on stderr. Each reader is the one the page uses (so the summary's later
        read of the same file is the one kept by :mod:`io.filememo`); a plan is read whatever
        the reporting date (``as_of`` is no longer needed: the model reads status as of it)."""
        from .errors import UserError

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

        if self.plans_dir.is_dir():
            from .io.plans import load_plan, plan_files

            problems.extend(f"plans/{line}" for line in plan_files(self.plans_dir).left_out)
            for plan in self.plans():
                attempt(plan, "this plan is left out", lambda p=plan: load_plan(p))
        if self.scenarios():
            from .scenarios import load_scenarios

            attempt(
                self.scenarios_dir,
                "the scenarios are left out",
                lambda: load_scenarios(self.scenarios()),
            )
        if self.risk.is_file():
            from .model.risk import load_risk_config

            attempt(
                self.risk,
                "the built-in risk settings are used instead",
                lambda: load_risk_config(self.risk),
            )
        if self.interventions.is_file():
            from .io.deflection import load_activity, load_interventions

            def deflection():
                loaded = load_interventions(self.interventions)
                if self.activity.is_file():
                    load_activity(self.activity, loaded.interventions)

            attempt(self.interventions, "the deflection sections are left out", deflection)
        return problems

    def require_register(self) -> Path:
        """The register's path; a :class:`UserError` naming it when it is missing."""
        if not self.root.is_dir():
            raise UserError(f"{self.root}: no such data folder")
        if not self.register.is_file():
            raise UserError(f"{self.register}: no such file (the data folder needs a register)")
        return self.register
