"""The column contracts of docs/methods.md ("The register"), defined once.

Column names are attributes of :class:`Scheme` and :class:`Task` so code says
``Scheme.fye_net_saving``, never a string literal scattered through the modules. The pandera
models check a table at the load boundary, collecting every failure at once (``lazy=True``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

RAG_WORDS = ("green", "amber", "red")


class Scheme:
    """Canonical columns of the scheme register, in the order the CSV carries them."""

    scheme_id = "scheme_id"
    file_ref = "file_ref"
    theme = "theme"
    scheme = "scheme"
    phase = "phase"
    go_live = "go_live"
    months_in_year = "months_in_year"
    gross_opportunity = "gross_opportunity"
    fye_net_saving = "fye_net_saving"
    plan_in_year = "plan_in_year"
    plan_next_year = "plan_next_year"
    rag_value = "rag_value"
    rag_resources = "rag_resources"
    rag_timeliness = "rag_timeliness"
    rag_codependency = "rag_codependency"
    rag_overall = "rag_overall"
    most_likely_in_year = "most_likely_in_year"
    change_in_delivery_months = "change_in_delivery_months"
    forecast_in_year = "forecast_in_year"
    forecast_next_year = "forecast_next_year"
    recurrent = "recurrent"
    owner = "owner"
    commentary = "commentary"
    source = "source"

    COLUMNS = (
        scheme_id,
        file_ref,
        theme,
        scheme,
        phase,
        go_live,
        months_in_year,
        gross_opportunity,
        fye_net_saving,
        plan_in_year,
        plan_next_year,
        rag_value,
        rag_resources,
        rag_timeliness,
        rag_codependency,
        rag_overall,
        most_likely_in_year,
        change_in_delivery_months,
        forecast_in_year,
        forecast_next_year,
        recurrent,
        owner,
        commentary,
        source,
    )
    # Optional columns, read where a register has them (blank otherwise): whether the saving
    # recurs (blank = recurrent; a one-off saving has no next-year effect), the scheme's lead
    # (lead / SRO / owner) and its commentary (comments / narrative / update).
    OPTIONAL_COLUMNS = (recurrent, owner, commentary)
    RAG_COLUMNS = (rag_value, rag_resources, rag_timeliness, rag_codependency, rag_overall)
    PANEL_RAG_COLUMNS = RAG_COLUMNS[:4]
    MONEY_COLUMNS = (
        gross_opportunity,
        fye_net_saving,
        plan_in_year,
        plan_next_year,
        most_likely_in_year,
        forecast_in_year,
        forecast_next_year,
    )
    # Figures the register states and the rules of docs/methods.md can recompute.
    DERIVED_COLUMNS = (
        months_in_year,
        plan_in_year,
        plan_next_year,
        most_likely_in_year,
        forecast_in_year,
        forecast_next_year,
    )
    REQUIRED = (scheme_id, scheme, go_live, fye_net_saving)


# A monthly tracker's own plan, month by month (docs/methods.md, "Registers in other shapes"): one row
# per scheme and month of the register's financial year, money in pounds (a £000 tracker is
# converted), ``month`` a Period[M], ``source`` = file!sheet!row of the scheme's row. It drives
# the pack's curves in place of the step profile the rules derive from go-live.
MONTHLY_PLAN_COLUMNS = ("scheme_id", "month", "plan_gbp", "source")


class Task:
    """Canonical columns of the tasks table (project plans)."""

    task_id = "task_id"
    section = "section"
    task = "task"
    lead = "lead"
    start = "start"
    end = "end"
    status = "status"
    source = "source"

    COLUMNS = (task_id, section, task, lead, start, end, status, source)


class Intervention:
    """Canonical columns of the transformation interventions table (activity deflection).

    Money in pounds; activity in units of the point of delivery (attendances, admissions,
    bed days, appointments) per year; the aspiration is a share (0-1) or a count per year.
    """

    intervention_id = "intervention_id"
    intervention = "intervention"
    theme = "theme"
    point_of_delivery = "point_of_delivery"
    baseline_annual_activity = "baseline_annual_activity"
    aspiration_share = "aspiration_share"
    aspiration_count = "aspiration_count"
    unit_cost_gbp = "unit_cost_gbp"
    annual_reinvestment_gbp = "annual_reinvestment_gbp"
    mobilisation_month = "mobilisation_month"
    months_to_full_effect = "months_to_full_effect"
    source = "source"

    COLUMNS = (
        intervention_id,
        intervention,
        theme,
        point_of_delivery,
        baseline_annual_activity,
        aspiration_share,
        aspiration_count,
        unit_cost_gbp,
        annual_reinvestment_gbp,
        mobilisation_month,
        months_to_full_effect,
        source,
    )


class FinancialGap:
    """Canonical columns of the financial gap by financial year (start year, e.g. 2025)."""

    financial_year = "financial_year"
    gap_gbp = "gap_gbp"
    source = "source"

    COLUMNS = (financial_year, gap_gbp, source)


class Activity:
    """Canonical columns of monthly activity actuals (transformation performance indicators).

    ``series`` is the key as written: an intervention (its ID) or a point of delivery.
    """

    series = "series"
    intervention_id = "intervention_id"
    point_of_delivery = "point_of_delivery"
    month = "month"
    activity = "activity"
    source = "source"

    COLUMNS = (series, intervention_id, point_of_delivery, month, activity, source)


POINTS_OF_DELIVERY = (
    "A&E attendances",
    "Non-elective admissions",
    "Bed days",
    "Outpatient appointments",
)


@cache
def scheme_schema() -> Any:
    """The scheme register's pandera model (built on first use)."""
    # pandera imported here, not at the top: it takes longer to import than pandas itself, and
    # a register that passes :func:`schemes_certainly_valid` never needs it.
    import pandera.pandas as pa

    _rag = pa.Check.isin(RAG_WORDS)
    _money = pa.Column(float, nullable=True, coerce=True)
    return pa.DataFrameSchema(
        {
            Scheme.scheme_id: pa.Column(str, unique=True, nullable=False),
            Scheme.file_ref: pa.Column(str, nullable=True),
            Scheme.theme: pa.Column(str, nullable=True),
            Scheme.scheme: pa.Column(str, nullable=False),
            Scheme.phase: pa.Column(
                "Int64", pa.Check.isin(list(PHASES)), nullable=True, coerce=True
            ),
            Scheme.go_live: pa.Column(pd.PeriodDtype("M"), nullable=False),
            Scheme.months_in_year: pa.Column(
                float, pa.Check.in_range(0, 12), nullable=True, coerce=True
            ),
            Scheme.gross_opportunity: _money,
            Scheme.fye_net_saving: pa.Column(float, nullable=False, coerce=True),
            Scheme.plan_in_year: _money,
            Scheme.plan_next_year: _money,
            **{c: pa.Column(str, _rag, nullable=True) for c in Scheme.PANEL_RAG_COLUMNS},
            Scheme.rag_overall: pa.Column(str, _rag, nullable=True),
            Scheme.most_likely_in_year: _money,
            Scheme.change_in_delivery_months: pa.Column(float, nullable=False, coerce=True),
            Scheme.forecast_in_year: _money,
            Scheme.forecast_next_year: _money,
            Scheme.recurrent: pa.Column("boolean", nullable=True, coerce=True),
            Scheme.owner: pa.Column(str, nullable=True),
            Scheme.commentary: pa.Column(str, nullable=True),
            Scheme.source: pa.Column(str, nullable=False),
        },
        strict=True,
        ordered=True,
        name="scheme register",
    )


@cache
def task_schema() -> Any:
    """The tasks table's pandera model (built on first use)."""
    import pandera.pandas as pa  # (lazy, as in scheme_schema)

    return pa.DataFrameSchema(
        {
            Task.task_id: pa.Column(str, unique=True),
            Task.section: pa.Column(str, nullable=True),
            Task.task: pa.Column(str),
            Task.lead: pa.Column(str, nullable=True),
            Task.start: pa.Column("datetime64[ns]", nullable=True, coerce=True),
            Task.end: pa.Column("datetime64[ns]", nullable=True, coerce=True),
            Task.status: pa.Column(str, nullable=True),
            Task.source: pa.Column(str),
        },
        strict=False,
        name="tasks",
    )


def __getattr__(name: str) -> Any:
    """``SCHEME_SCHEMA`` and ``TASK_SCHEMA``, the models by their old names, built on use."""
    if name == "SCHEME_SCHEMA":
        return scheme_schema()
    if name == "TASK_SCHEMA":
        return task_schema()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PHASES = (1, 2, 3, 4)
_TEXT = ("string", "empty")
_FLOAT = np.dtype("float64")


def _text(series: pd.Series, nullable: bool) -> bool:
    """Every value a ``str`` (or missing, if ``nullable``): one C pass."""
    if series.dtype != object:
        return False
    if not nullable:
        return pd.api.types.infer_dtype(series, skipna=False) == "string"
    return pd.api.types.infer_dtype(series, skipna=True) in _TEXT


def schemes_certainly_valid(frame: pd.DataFrame) -> bool:
    """Whether the scheme table passes :func:`scheme_schema` for certain, by cheap checks
    (dtypes, and a few vectorised passes): the columns exactly :attr:`Scheme.COLUMNS` in
    order; text columns all ``str`` (required ones never missing), ``scheme_id`` unique;
    ratings green/amber/red or missing; money and months already ``float64`` (months 0-12),
    phase ``Int64`` in 1-4, go-live ``Period[M]``, recurrent ``boolean``. False means "not
    certain": pandera's full check then decides, and names every failure."""
    if tuple(frame.columns) != Scheme.COLUMNS:
        return False
    try:
        for column in (Scheme.scheme_id, Scheme.scheme, Scheme.source):
            if not _text(frame[column], nullable=False):
                return False
        for column in (Scheme.file_ref, Scheme.theme, Scheme.owner, Scheme.commentary):
            if not _text(frame[column], nullable=True):
                return False
        if not frame[Scheme.scheme_id].is_unique:
            return False
        for column in Scheme.RAG_COLUMNS:
            ratings = frame[column]
            if ratings.dtype != object or not (ratings.isna() | ratings.isin(RAG_WORDS)).all():
                return False
        for column in (*Scheme.MONEY_COLUMNS, Scheme.months_in_year):
            if frame[column].dtype != _FLOAT:
                return False
        for column in (Scheme.fye_net_saving, Scheme.change_in_delivery_months):
            if frame[column].dtype != _FLOAT or frame[column].isna().any():
                return False
        months = frame[Scheme.months_in_year]
        if not (months.isna() | months.between(0, 12)).all():
            return False
        phase = frame[Scheme.phase]
        if phase.dtype != pd.Int64Dtype() or not (phase.isna() | phase.isin(PHASES)).all():
            return False
        go_live = frame[Scheme.go_live]
        if go_live.dtype != pd.PeriodDtype("M") or go_live.isna().any():
            return False
        return frame[Scheme.recurrent].dtype == pd.BooleanDtype()
    except (TypeError, ValueError):  # a value the cheap checks cannot compare: not certain
        return False


def empty_register() -> pd.DataFrame:
    """A register with the canonical columns and no schemes."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in Scheme.COLUMNS})
