"""The board paper's figures beyond the headline, worked out once from the month: the movement
since last month by cause, the forecast over the year, the decisions that face the gap, the
actionable top risks and next year's position (docs: issue 20).

:func:`board_figures` wires the model's pure functions (:mod:`..model.movement`,
:mod:`..model.trajectory`, :mod:`..model.options`, :mod:`..model.exposure`,
:mod:`..model.actions`, :mod:`..model.position`) to the month the pack has loaded, so the
summary page and ``summary.json`` show the same numbers. A part that cannot be worked out is
left out with a note (the summary still stands). Money is in pounds.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..commentary import Commentary
from ..errors import UserError
from ..io.datafolder import DataFolder
from ..io.deflection import load_activity, load_interventions
from ..io.history import find_month_tables, month_summaries
from ..model import headline as definitions
from ..model.actions import next_actions, top_risks
from ..model.exposure import plans_outturn_effect, scheme_exposure
from ..model.headline import Headline
from ..model.monthly import MonthlyFigures, recurrent
from ..model.movement import Movement, movement
from ..model.options import Options, options
from ..model.overlap import Links, link_services
from ..model.plans import commencement_changes, reporting_date
from ..model.position import NextYear, next_year
from ..model.trajectory import Trajectory, trajectory
from ..month import MonthInputs, earlier_folders, plan_tasks
from ..schema import Intervention, Scheme
from . import deflection as deflection_views
from . import efficiency


@dataclass
class Board:
    """What the board summary shows beyond the headline (``None``: not worked out, see
    ``notes``)."""

    figures: MonthlyFigures | None
    movement: Movement | None = None
    trajectory: Trajectory | None = None
    options: Options | None = None
    exposure: pd.DataFrame | None = None
    top_risks: pd.DataFrame | None = None
    next_year: NextYear | None = None
    links: Links | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """``summary.json``'s keys (shared/DESIGN.md): ``previous_forecast_outturn`` and
        ``movement`` (``[{"step", "gbp"}]``, with the plan's movement beside), ``trajectory``;
        and what the Word paper (``pack --docx``) prints from it, as the page shows them:
        ``decisions`` (the options that face the gap), ``top_risks`` (one record a scheme) and
        ``position`` (the recurrent position and next year)."""
        out: dict[str, Any] = {}
        if self.movement is not None:  # the keys DESIGN.md names (the plan's is on the page)
            moved = self.movement.as_json()
            out["previous_forecast_outturn"] = moved["previous_forecast_outturn"]
            out["movement"] = moved["movement"]
        if self.trajectory is not None:
            out["trajectory"] = self.trajectory.as_json()
        if self.options is not None:
            out["decisions"] = self.options.as_json()
        if self.top_risks is not None:
            out["top_risks"] = [
                {
                    "rank": int(r["rank"]),
                    "scheme": str(r[Scheme.scheme]),
                    "owner": str(r[Scheme.owner]),
                    "effect_gbp": float(r["effect_gbp"]),
                    "why": str(r["why"]),
                    "action": str(r["action"]),
                    "action_owner": str(r["action_owner"]),
                    "due": None if r["due"] is None or r["due"] != r["due"] else str(r["due"]),
                }
                for r in self.top_risks.to_dict("records")
            ]
        if self.next_year is not None:
            out["position"] = self.next_year.as_json()
        return out


def monthly_figures(month: MonthInputs, head: Headline | None = None) -> MonthlyFigures:
    """The month as :class:`MonthlyFigures`, from the phasings the pack loaded (so a register
    counted by its stated figures, or a tracker's own plan, is used as the pack uses it)."""
    head = head or definitions.headline(month)
    one_off = ~recurrent(month.register)
    return MonthlyFigures(
        period=month.period,
        year=month.year,
        register=month.register.reset_index(drop=True),
        weights=month.weights,
        plan=month.plan.monthly,
        most_likely=month.most_likely.monthly,
        forecast=month.forecast.monthly,
        plan_next_year=np.where(one_off, 0.0, month.plan.next_year),
        forecast_next_year=np.where(one_off, 0.0, month.forecast.next_year),
        actual=month.outturn_to_date(),  # an unreported scheme's month counts its forecast
        reported=np.asarray(month.months_with_actuals_mask(), dtype=bool),
        adjustments_in_year=head.adjustments_in_year,
    )


def _earlier_folders(month: MonthInputs, period: str) -> list[Path]:
    """Where an earlier month's tables are looked for, in order (:func:`earlier_folders`): the
    pack's tidy tables (the data folder's, then ``OUT/processed``), then the data folder's own
    history."""
    return earlier_folders(month, period)


def month_movement(month: MonthInputs, head: Headline) -> tuple[Movement | None, str]:
    """The bridge by cause from last month's outturn to this month's, and where last month
    was read (``(None, "")`` without last month's tables, or in April)."""
    previous = month.period - 1
    if month.period_index == 0 or month.data_dir is None:
        return None, ""
    tables = find_month_tables(_earlier_folders(month, str(previous)))
    if tables is None:
        return None, ""
    then = MonthlyFigures.from_register(
        tables.register, month.year, previous, tables.actuals, weights=month.weights
    )
    summary = tables.summary
    stated = summary.get("forecast_outturn")
    plan_then = summary.get("plan_in_year")
    move = movement(
        then,
        monthly_figures(month, head),
        previous_outturn=float(stated) if isinstance(stated, float) else None,
        outturn=head.forecast_outturn,
        previous_plan=float(plan_then) if isinstance(plan_then, float) else None,
        plan=head.plan_in_year,
    )
    return move, str(tables.folder)


def month_trajectory(
    month: MonthInputs, head: Headline, packs_dir: Path | None = None
) -> Trajectory:
    """The plan, outturn and gap at each reported month of the year, ending with this one: each
    earlier month as its built pack published it (``<packs_dir>/<month>/summary.json``), else
    its tidy tables, else the data folder's history."""
    first = pd.Period(f"{month.year}-04", freq="M")
    earlier = [str(p) for p in pd.period_range(first, month.period, freq="M")[:-1]]
    found = month_summaries(
        {
            p: ([packs_dir / p] if packs_dir is not None else []) + _earlier_folders(month, p)
            for p in earlier
        }
    )
    return trajectory(
        head.as_dict(),
        {p: figures for p, (_, figures) in found.items()},
        sources={p: str(folder) for p, (folder, _) in found.items()},
    )


def scheme_commentary(month: MonthInputs, commentary: Commentary | None) -> dict[str, str]:
    """scheme_id -> the month's commentary on it: the commentary file's, else the register's
    column."""
    reg = month.register
    ids = reg[Scheme.scheme_id].astype(str)
    column = reg.get(Scheme.commentary)
    stated = (
        column.astype("string").fillna("").str.strip()
        if column is not None
        else pd.Series("", index=reg.index)
    )
    out = {}
    for scheme_id, text in zip(ids, stated):
        note = (commentary.scheme(scheme_id) if commentary is not None else "") or str(text)
        if note:
            out[scheme_id] = note
    return out


def service_links(month: MonthInputs, figures: MonthlyFigures) -> Links | None:
    """Savings schemes and deflection interventions of the same service
    (:func:`..model.overlap.link_services`), each side's saving for the register's year: a
    scheme's outturn, an intervention's planned net saving (deflection x unit cost less
    reinvestment) in that financial year; ``None`` without a deflection workbook."""
    if month.data_dir is None:
        return None
    folder = DataFolder(Path(month.data_dir))
    if not (folder.interventions.is_file() and folder.activity.is_file()):
        return None
    loaded = load_interventions(folder.interventions)
    activity = load_activity(folder.activity, loaded.interventions)
    inputs = deflection_views.build(
        loaded.interventions, loaded.gap, activity.activity, month.period
    )
    plan = inputs.plan
    in_year = plan[(plan["measure"] == "net_saving_gbp") & (plan["financial_year"] == month.year)]
    net = in_year.groupby(Intervention.intervention_id)["value"].sum()
    interventions = loaded.interventions.assign(
        saving_gbp=loaded.interventions[Intervention.intervention_id].map(net).fillna(0.0)
    )
    reg = month.register
    schemes = pd.DataFrame(
        {
            Scheme.scheme_id: reg[Scheme.scheme_id].astype(str).to_numpy(),
            Scheme.scheme: reg[Scheme.scheme].astype(str).to_numpy(),
            "saving_gbp": figures.outturn_by_scheme(),
        }
    )
    if Scheme.file_ref in reg:
        schemes[Scheme.file_ref] = reg[Scheme.file_ref].to_numpy()
    return link_services(schemes, interventions)


def board_figures(
    month: MonthInputs,
    head: Headline | None = None,
    *,
    commentary: Commentary | None = None,
    packs_dir: Path | None = None,
) -> Board:
    """Everything the board summary shows beyond the headline (see the module docstring).

    Args:
        month: the month's inputs.
        head: its headline figures (``None``: worked out here).
        commentary: the month's commentary (scheme notes for the top risks' actions).
        packs_dir: where the packs are built (``OUT``; earlier months' ``summary.json``).
    """
    head = head or definitions.headline(month)
    try:
        figures = monthly_figures(month, head)
    except Exception as error:  # the summary stands on the headline alone: said so
        return Board(figures=None, notes=[f"The board's figures: not shown ({error})."])
    board = Board(figures=figures)

    def attempt(what: str, work: Any) -> Any:
        try:
            return work()
        except UserError as error:
            board.notes.append(f"{what}: not shown ({'; '.join(error.lines())}).")
        except Exception as error:  # a part that cannot be worked out must not stop the summary
            board.notes.append(f"{what}: not shown ({type(error).__name__}: {error}).")
        return None

    moved = attempt("Movement since last month", lambda: month_movement(month, head))
    if moved is not None:
        board.movement, folder = moved
        if folder:
            board.notes.append(f"Last month's tables were read from {folder}.")
    board.trajectory = attempt(
        "Forecast over the year", lambda: month_trajectory(month, head, packs_dir)
    )
    if board.trajectory is not None:
        board.notes.extend(board.trajectory.notes)

    with contextlib.redirect_stderr(io.StringIO()):  # plan notes are listed by the plans page
        tasks = attempt("Project plans", lambda: plan_tasks(month)[0])
    as_of = reporting_date(str(month.period))
    plan_changes: dict[str, float] = {}
    if tasks is not None and not tasks.empty:
        changes = attempt(
            "Project plans against the forecast",
            lambda: commencement_changes(tasks, month.register),
        )
        if changes is not None and not changes.empty:
            plan_changes = dict(
                zip(
                    changes[Scheme.scheme_id].astype(str),
                    changes[Scheme.change_in_delivery_months].astype(float),
                )
            )
    effect = attempt("Plans' effect", lambda: plans_outturn_effect(figures, plan_changes))
    board.exposure = attempt("Exposure", lambda: scheme_exposure(figures, effect))
    if board.exposure is not None:
        exposure = board.exposure
        board.options = attempt(
            "Decisions that face the gap",
            lambda: options(figures, exposure, gap_gbp=head.gap_to_target),
        )
        actions = (
            attempt("Actions", lambda: next_actions(tasks, month.register, as_of))
            if tasks is not None
            else None
        )
        # (issue 21) the plan's unidentified line: no scheme behind it to be a top risk
        gap_lines = efficiency.unidentified_ids(month.register)
        schemes_only = exposure[~exposure[Scheme.scheme_id].astype(str).isin(gap_lines)]
        board.top_risks = attempt(
            "Top risks",
            lambda: top_risks(
                schemes_only,
                as_of=as_of,
                actions=actions,
                commentary=scheme_commentary(month, commentary),
            ),
        )
    board.next_year = attempt(
        "Next year",
        lambda: next_year(
            figures,
            adjustments_next_year=month.adjustment_total("plan_next_year")
            if month.settings.adjustments == "include"
            else 0.0,
        ),
    )
    board.links = attempt(
        "Schemes and interventions of the same service", lambda: service_links(month, figures)
    )
    return board
