"""Page 50's inputs and tables: the deflection workbooks read once (:func:`load`) and everything
the page shows computed from them (:func:`build`: plan, realisation in activity and in pounds,
the gap by year, SPC of the indicators). The workbooks are optional: absent, invalid or
unreadable, :func:`load` says why in one note and a line on stderr, and the pack goes on.
Money in pounds; financial years named by their starting year (2025 = 2025/26). Activity is
only ever added within one point of delivery: the programme's totals are in pounds."""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import UserError
from ..io.datafolder import ORGANISATION, DataFolder
from ..io.deflection import load_activity, load_interventions
from ..model import deflection as model
from ..model import spc
from ..schema import Activity, FinancialGap, Intervention
from ..style import month_label, month_name

SPC_OPTIONS = spc.SpcOptions()  # the reference's rules; see the page's "About" note


@dataclass
class DeflectionInputs:
    """The page's inputs and results for one reporting month.

    Attributes:
        period: the reporting month (actuals to its end).
        organisation: shown in titles.
        interventions, gap, activity: as loaded (schema Intervention / FinancialGap / Activity).
        plan: the planned deflection and savings, long, over the gap's financial years.
        gap_table: gap closed and left by year, as planned.
        monthly, summary: realisation by intervention and month, and per intervention (in
            activity and in pounds).
        chart, chart_summary: XmR chart of every indicator and one row per indicator.
        savings: planned and realised savings in pounds per intervention and month to date.
        position: the gap by year against realised (years gone) and planned savings.
        full_year: each intervention's net saving a year at full effect, worst first.
        threshold, months_under: the recovery rule in force.
        notes: sentences about the inputs shown under the title.
    """

    period: pd.Period
    organisation: str
    interventions: pd.DataFrame
    gap: pd.DataFrame
    activity: pd.DataFrame
    plan: pd.DataFrame
    gap_table: pd.DataFrame
    monthly: pd.DataFrame
    summary: pd.DataFrame
    chart: pd.DataFrame
    chart_summary: pd.DataFrame
    savings: pd.DataFrame
    position: pd.DataFrame
    full_year: pd.DataFrame
    threshold: float = model.RECOVERY_THRESHOLD
    months_under: int = model.RECOVERY_MONTHS
    notes: list[str] = field(default_factory=list)

    @property
    def last_year(self) -> int:
        return int(self.gap[FinancialGap.financial_year].max())


def tpi_chart(
    interventions: pd.DataFrame,
    activity: pd.DataFrame,
    monthly: pd.DataFrame,
    period: pd.Period,
    options: spc.SpcOptions = SPC_OPTIONS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """XmR charts of every activity series to the reporting month (lower activity is better).

    An intervention's limits are recalculated from its mobilisation month (a rebase: one set of
    limits before, one after), and its target is its planned trajectory from that month only:
    the activity expected without it less the planned deflection, month by month; there is no
    target before it, and none for an intervention not mobilised yet. Point-of-delivery series
    (all the borough's activity) have neither.

    Returns:
        ``(chart, summary)`` of :func:`~commissioning_analytics.model.spc.spc` and
        :func:`~commissioning_analytics.model.spc.summarise`, series in column ``series``.
    """
    period = pd.Period(period, freq="M")
    rows = activity[activity[Activity.month] <= period]
    frame = rows[[Activity.series, Activity.month, Activity.activity]].rename(
        columns={Activity.activity: "value"}
    )
    trajectory = monthly[
        pd.PeriodIndex(monthly["month"], freq="M")
        >= monthly[Intervention.intervention_id]
        .map(
            dict(
                zip(
                    interventions[Intervention.intervention_id].astype(str),
                    interventions[Intervention.mobilisation_month],
                )
            )
        )
        .to_numpy()
    ]
    level = pd.Series(
        (trajectory["expected"] - trajectory["planned_deflection"]).to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [trajectory[Intervention.intervention_id], trajectory["month"]]
        ),
    )
    keys = pd.MultiIndex.from_arrays([frame[Activity.series], frame[Activity.month]])
    frame["trajectory"] = level.reindex(keys).to_numpy(dtype=float)
    # The rebase: each intervention's first month of activity from its mobilisation (the
    # mobilisation month itself unless that month's activity is missing).
    mobilisation = frame[Activity.series].map(
        dict(
            zip(
                interventions[Intervention.intervention_id].astype(str),
                interventions[Intervention.mobilisation_month],
            )
        )
    )
    live = frame[(mobilisation.notna() & (frame[Activity.month] >= mobilisation)).to_numpy()]
    first = live.groupby(Activity.series)[Activity.month].min()
    rebase = {series: [month] for series, month in first.items()}
    chart = spc.spc(
        frame,
        value="value",
        date=Activity.month,
        facet=Activity.series,
        improvement_direction="decrease",
        rebase=rebase,
        target_column="trajectory",
        options=options,
    )
    return chart, spc.summarise(chart, facet=Activity.series, date=Activity.month)


def build(
    interventions: pd.DataFrame,
    gap: pd.DataFrame,
    activity: pd.DataFrame,
    period: pd.Period | str,
    *,
    organisation: str = ORGANISATION,
    threshold: float = model.RECOVERY_THRESHOLD,
    months_under: int = model.RECOVERY_MONTHS,
    spc_options: spc.SpcOptions = SPC_OPTIONS,
) -> DeflectionInputs:
    """Everything the page shows, from frames (no files)."""
    period = pd.Period(period, freq="M")
    years = gap[FinancialGap.financial_year]
    months = model.months_of_years(int(years.min()), int(years.max()))
    plan = model.plan(interventions, months)
    monthly, summary = model.realisation(
        interventions, activity, period, threshold=threshold, months_under=months_under
    )
    chart, chart_summary = tpi_chart(interventions, activity, monthly, period, spc_options)
    savings = model.savings_to_date(interventions, monthly, period)
    position = model.gap_position(plan, gap, interventions, savings, period)
    notes = []
    late = activity[activity[Activity.month] > period]
    if len(late):
        notes.append(f"{len(late)} activity rows after {month_name(period)} are left out.")
    silent = without_activity(interventions, activity, period)
    if silent:
        notes.append(
            f"{len(silent)} intervention(s) with no activity rows to {month_name(period)}, "
            f"so no realised deflection is shown for them; their plan still counts in the "
            f"programme's plan: {'; '.join(silent)}."
        )
    return DeflectionInputs(
        period,
        organisation,
        interventions,
        gap,
        activity,
        plan,
        model.gap_closure(plan, gap),
        monthly,
        summary,
        chart,
        chart_summary,
        savings,
        position,
        model.full_year_net_saving(interventions),
        threshold,
        months_under,
        notes,
    )


def without_activity(
    interventions: pd.DataFrame, activity: pd.DataFrame, period: pd.Period | str
) -> list[str]:
    """``"Name (ID)"`` of each intervention with no activity row up to ``period`` ([] when
    the activity is kept by point of delivery, not by intervention)."""
    period = pd.Period(period, freq="M")
    if Activity.intervention_id not in activity or activity[Activity.intervention_id].isna().all():
        return []
    ids = activity[Activity.intervention_id]
    seen = set(ids[(activity[Activity.month] <= period) & ids.notna()].astype(str))
    return [
        f"{name} ({i})"
        for i, name in zip(
            interventions[Intervention.intervention_id].astype(str),
            interventions[Intervention.intervention].astype(str),
        )
        if i not in seen
    ]


def load(
    period: str,
    data_dir: str,
    *,
    organisation: str = ORGANISATION,
    threshold: float = model.RECOVERY_THRESHOLD,
    months_under: int = model.RECOVERY_MONTHS,
) -> tuple[DeflectionInputs | None, str]:
    """The page's inputs from a data folder, or ``None`` and a note (Markdown) saying why not.

    The deflection workbooks are optional: absent, invalid (each problem named by file, sheet
    and cell) or unreadable (a damaged file, whatever the reader raises), the page is left out
    with the note, a line goes to stderr, and the pack goes on.
    """
    folder = DataFolder(Path(data_dir))
    absent = [p for p in (folder.interventions, folder.activity) if not p.is_file()]
    if absent:
        return None, (
            "> **Activity deflection is not in this pack:** there is no "
            + " or ".join(f"`{p.name}`" for p in absent)
            + " in the data folder's `deflection` folder."
        )
    try:
        loaded = load_interventions(folder.interventions)
        activity = load_activity(folder.activity, loaded.interventions)
    except UserError as error:
        lines = error.lines()
        note = (
            "> **Activity deflection is left out of this pack:** the deflection workbooks "
            "need correcting first:\n" + "\n".join(f"> - {html.escape(line)}" for line in lines)
        )
        for line in lines:
            print(f"deflection left out: {line}", file=sys.stderr)
        return None, note
    except Exception as error:  # noqa: BLE001 - an optional input never stops the pack
        reason = f"{type(error).__name__}: {error}".strip()
        print(f"deflection left out: the workbooks could not be read ({reason})", file=sys.stderr)
        return None, (
            "> **Activity deflection is left out of this pack:** the deflection "
            "workbooks could not be read (the file may be damaged; open it in Excel "
            f"and save it again). Detail: {html.escape(reason[:300])}"
        )
    try:
        inputs = build(
            loaded.interventions,
            loaded.gap,
            activity.activity,
            period,
            organisation=organisation,
            threshold=threshold,
            months_under=months_under,
        )
    except Exception as error:  # noqa: BLE001 - read, but the page cannot be computed from it
        reason = f"{type(error).__name__}: {error}".strip()
        print(f"deflection left out: the page could not be computed ({reason})", file=sys.stderr)
        return None, (
            "> **Activity deflection is left out of this pack:** the workbooks were "
            "read, but the page could not be computed from them. Detail: "
            f"{html.escape(reason[:300])}"
        )
    return inputs, ""


def attention(inputs: DeflectionInputs) -> pd.DataFrame:
    """The indicators needing attention, worst first (:func:`spc.needing_attention`); within a
    severity, interventions in recovery, then the lowest realisation to date."""
    s = spc.needing_attention(inputs.chart_summary)
    extra = inputs.summary.set_index(Intervention.intervention_id)[
        ["in_recovery", "realisation_to_date"]
    ]
    s["in_recovery"] = s["series"].map(extra["in_recovery"]).fillna(False).astype(bool)
    s["realisation_to_date"] = s["series"].map(extra["realisation_to_date"])
    return s.sort_values(
        ["severity", "in_recovery", "realisation_to_date"],
        ascending=[False, False, True],
        kind="stable",
        na_position="last",
    ).reset_index(drop=True)


def series_title(inputs: DeflectionInputs, series: str) -> str:
    row = inputs.interventions[inputs.interventions[Intervention.intervention_id] == series]
    if len(row):
        started = row[Intervention.mobilisation_month].iloc[0]
        state = (
            f"started {month_label(started)}"
            if started <= inputs.period
            else f"starts {month_label(started)}"
        )
        return (
            f"{series} {row[Intervention.intervention].iloc[0]}: "
            f"{row[Intervention.point_of_delivery].iloc[0]} ({state})"
        )
    return f"All the borough's {series.lower()}"


def key_figures(inputs: DeflectionInputs | None) -> dict[str, object]:
    """The page's headline figures for the board summary and ``summary.json`` (pounds; shares
    0-1; names as the workbook has them); empty when the page is left out.

    Keys: ``realised_net_to_date_gbp``, ``planned_net_to_date_gbp``, ``realised_share``,
    ``reinvestment_to_date_gbp``, ``last_year``, ``last_year_gap_gbp``,
    ``last_year_share_closed``, ``last_year_share_closed_without_not_started``,
    ``not_started`` (names), ``losing`` (names), ``in_recovery`` (names),
    ``needing_attention`` (indicator titles, worst first).
    """
    if inputs is None:
        return {}
    s = inputs.summary
    live = s[s["months_live"] > 0]
    planned = float(live["planned_net_to_date_gbp"].sum())
    realised = float(live["realised_net_to_date_gbp"].sum())
    last = inputs.position.iloc[-1]
    interventions = inputs.interventions
    return {
        "realised_net_to_date_gbp": realised,
        "planned_net_to_date_gbp": planned,
        "realised_share": realised / planned if planned > 0 else float("nan"),
        "reinvestment_to_date_gbp": float(live["reinvestment_to_date_gbp"].sum()),
        "last_year": str(last["year"]),
        "last_year_gap_gbp": float(last["gap_gbp"]),
        "last_year_share_closed": float(last["share_closed"]),
        "last_year_share_closed_without_not_started": float(
            last["share_closed_without_not_mobilised"]
        ),
        "not_started": interventions.loc[
            interventions[Intervention.mobilisation_month] > inputs.period,
            Intervention.intervention,
        ].tolist(),
        "losing": inputs.full_year.loc[
            inputs.full_year["net_saving_gbp"] < 0, Intervention.intervention
        ].tolist(),
        "in_recovery": s.loc[s["in_recovery"], Intervention.intervention].tolist(),
        "needing_attention": [series_title(inputs, x) for x in attention(inputs)["series"]],
    }
