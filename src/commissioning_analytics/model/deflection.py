"""Activity deflection: what the interventions plan to move out of hospital, what it saves, how
much of the financial gap it closes, and how much of the plan is being realised.

**Plan.** An intervention aspires to deflect a share of its baseline annual activity (or a count
a year). From its mobilisation month it deflects ``aspired / 12`` a month times a linear ramp:
``1/N, 2/N, ..., 1`` of the full monthly deflection in its first N months ("months to full
effect", the same ramp as :class:`~commissioning_analytics.model.phasing.Ramp`), then in full.
Per month and intervention:

* gross saving (£) = deflected activity x unit cost saved;
* reinvestment (£) = annual reinvestment / 12 from the mobilisation month (the new service costs
  in full from its first month; no ramp);
* net saving (£) = gross saving - reinvestment.

Results are long (``..., month, financial_year, measure, value``) so that any breakdown (by
intervention, theme, point of delivery, financial year) is one ``groupby``. Financial years are
named by the calendar year they start in (2025 = 2025/26, April to March).

**Gap.** The net saving in a financial year closes that year's gap: closed = min(net, gap),
floored at 0; left = gap - closed; surplus = net beyond the gap.

**Realisation.** The activity an intervention's cohort would have had without it is estimated
from the months before mobilisation (at least 12, covering every calendar month): a seasonal
level for each calendar month times compound growth, fitted by least squares on the logarithm
of activity, ``log y_t = s_{month(t)} + g * t``, and retransformed with Duan's smearing factor
(the mean of ``exp(residual)``) so the expected activity is unbiased on the original scale.
Expected activity - actual activity = realised deflection; realised / planned = realisation. An
intervention whose monthly realisation has been under ``threshold`` for the last ``months``
consecutive months (both configurable) is flagged for recovery.

**Realisation in pounds.** Activity units are never added across points of delivery (a bed day
is not an attendance); the programme's realisation is stated in pounds. From its mobilisation to
the reporting month an intervention's realised net saving = realised deflection x unit cost -
reinvestment, against its planned net saving = planned deflection x unit cost - reinvestment. The
reinvestment is paid whatever the deflection, so it comes off both. A live month with no
measured deflection (no activity reported, or no baseline to measure against) counts as nothing
realised and is counted in ``months_not_measured``.

**Gap position.** For the financial years already over, the gap is set against the *realised*
net saving; for the current year, the realised net saving to date plus the plan for the months
left; for years to come, the plan. Planned savings of interventions not yet mobilised are kept
apart, so a gap shown as closed never rests on them silently.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from .. import calendar
from ..errors import ConfigError
from ..schema import Activity, FinancialGap, Intervention

MEASURES = ("deflected_activity", "gross_saving_gbp", "reinvestment_gbp", "net_saving_gbp")
KEYS = (
    Intervention.intervention_id,
    Intervention.intervention,
    Intervention.theme,
    Intervention.point_of_delivery,
)
MIN_BASELINE_MONTHS = 12
RECOVERY_THRESHOLD = 0.75
RECOVERY_MONTHS = 3


def months_of_years(first_year: int, last_year: int) -> pd.PeriodIndex:
    """Every month from April of ``first_year`` to March after ``last_year`` (start years)."""
    return pd.period_range(
        calendar.fy_start(first_year), calendar.fy_start(last_year + 1) - 1, freq="M"
    )


def aspired_annual_activity(interventions: pd.DataFrame) -> np.ndarray:
    """Activity a year each intervention aspires to deflect: share x baseline, or the count."""
    share = interventions[Intervention.aspiration_share].to_numpy(dtype=float)
    count = interventions[Intervention.aspiration_count].to_numpy(dtype=float)
    baseline = interventions[Intervention.baseline_annual_activity].to_numpy(dtype=float)
    return cast(np.ndarray, np.where(np.isnan(share), np.nan_to_num(count), share * baseline))


def _ordinals(months: pd.Series) -> np.ndarray:
    """Month ordinals (months since 1970-01) as floats."""
    return cast(np.ndarray, pd.PeriodIndex(months, freq="M").asi8.astype(float))


def ramp_factor(interventions: pd.DataFrame, months: pd.PeriodIndex) -> np.ndarray:
    """Share of full effect, shape (interventions, months): 0 before mobilisation, then k/N."""
    start_ordinal = _ordinals(interventions[Intervention.mobilisation_month])
    months_live = pd.PeriodIndex(months, freq="M").asi8[None, :] - start_ordinal[:, None]
    ramp_months = interventions[Intervention.months_to_full_effect].to_numpy(dtype=float)
    # Linear ramp as phasing.Ramp("linear", N): (k + 1) / N in the k-th month live, capped at 1.
    progress = np.clip((months_live + 1) / np.maximum(ramp_months, 1)[:, None], 0.0, 1.0)
    return cast(np.ndarray, progress * (months_live >= 0))


def plan_arrays(interventions: pd.DataFrame, months: pd.PeriodIndex) -> dict[str, np.ndarray]:
    """The plan as arrays of shape (interventions, months), one per measure in :data:`MEASURES`."""
    factor = ramp_factor(interventions, months)
    live = factor > 0
    deflected = aspired_annual_activity(interventions)[:, None] / 12 * factor
    gross = deflected * interventions[Intervention.unit_cost_gbp].to_numpy(dtype=float)[:, None]
    reinvestment = live * (
        interventions[Intervention.annual_reinvestment_gbp].to_numpy(dtype=float)[:, None] / 12
    )
    return dict(
        deflected_activity=deflected,
        gross_saving_gbp=gross,
        reinvestment_gbp=reinvestment,
        net_saving_gbp=gross - reinvestment,
    )


def _long(
    interventions: pd.DataFrame, months: pd.PeriodIndex, arrays: Mapping[str, np.ndarray]
) -> pd.DataFrame:
    n, m = len(interventions), len(months)
    measures = list(arrays)
    k = len(measures)
    index = np.arange(n).repeat(m * k)
    frame: dict[str, object] = {}
    for key in KEYS:
        codes, uniques = pd.factorize(interventions[key].to_numpy(), sort=False)
        frame[key] = pd.Categorical.from_codes(codes[index], categories=pd.Index(uniques))
    month_index = np.tile(np.arange(m).repeat(k), n)
    frame["month"] = pd.PeriodIndex(months, freq="M")[month_index]
    years = (months.year - (months.month < calendar.FIRST_MONTH)).to_numpy()
    frame["financial_year"] = years[month_index]
    frame["measure"] = pd.Categorical.from_codes(
        np.tile(np.arange(k), n * m), categories=pd.Index(measures)
    )
    frame["value"] = np.stack([arrays[key] for key in measures], axis=2).reshape(-1)
    return pd.DataFrame(frame)


def plan(interventions: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """The planned deflection and savings of each intervention month by month, long format.

    Args:
        interventions: :class:`~commissioning_analytics.schema.Intervention` columns.
        months: the months to plan (e.g. :func:`months_of_years` of the gap's years).

    Returns:
        ``intervention_id, intervention, theme, point_of_delivery, month, financial_year,
        measure, value``; measures ``deflected_activity`` (units of activity),
        ``gross_saving_gbp``, ``reinvestment_gbp``, ``net_saving_gbp`` (£).
    """
    months = pd.PeriodIndex(months, freq="M")
    return _long(interventions, months, plan_arrays(interventions, months))


def summarise(
    plan_long: pd.DataFrame, by: tuple[str, ...] | list[str] = ("financial_year",)
) -> pd.DataFrame:
    """Totals of a long plan by any keys, one column per measure (activity, £)."""
    by = list(by)
    wide = plan_long.pivot_table(
        index=by, columns="measure", values="value", aggfunc="sum", observed=True
    )
    wide.columns = list(wide.columns.astype(str))
    return wide.reset_index()


def gap_closure(plan_long: pd.DataFrame, gap: pd.DataFrame) -> pd.DataFrame:
    """How much of each financial year's gap the net saving closes.

    Args:
        plan_long: the output of :func:`plan` (any months; summed by financial year).
        gap: :class:`~commissioning_analytics.schema.FinancialGap` columns.

    Returns:
        One row per year of the gap: ``financial_year, year (label 2025/26), gap_gbp,
        net_saving_gbp, closed_gbp, left_gbp, surplus_gbp, share_closed`` (0-1).
    """
    net = (
        plan_long[plan_long["measure"] == "net_saving_gbp"].groupby("financial_year")["value"].sum()
    )
    out = gap[[FinancialGap.financial_year, FinancialGap.gap_gbp]].copy()
    out.insert(1, "year", [calendar.fy_label(y) for y in out[FinancialGap.financial_year]])
    out["net_saving_gbp"] = out[FinancialGap.financial_year].map(net).fillna(0.0).to_numpy()
    gap_gbp = out[FinancialGap.gap_gbp].to_numpy()
    closed = np.clip(out["net_saving_gbp"].to_numpy(), 0.0, gap_gbp)
    out["closed_gbp"] = closed
    out["left_gbp"] = gap_gbp - closed
    out["surplus_gbp"] = np.maximum(out["net_saving_gbp"].to_numpy() - gap_gbp, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_closed"] = np.where(gap_gbp > 0, closed / gap_gbp, 1.0)
    return out.reset_index(drop=True)


# -- aspiration scenarios ----------------------------------------------------------------------


@dataclass(frozen=True)
class AspirationScenario:
    """A scaled or revised deflection aspiration, applied to the interventions.

    Attributes:
        name: shown in tables and charts.
        scale: every intervention's aspiration times this (0.5 = half the deflection).
        revised: a new aspiration for named interventions (by ID): a share 0-1 when <= 1,
            otherwise a count a year. Applied before ``scale``.
        delay_months: mobilisation moved later by this many months (0 = as planned).
        description: a sentence for the reader.
    """

    name: str
    scale: float = 1.0
    revised: Mapping[str, float] = field(default_factory=dict)
    delay_months: int = 0
    description: str = ""

    def apply(self, interventions: pd.DataFrame) -> pd.DataFrame:
        """A copy of the interventions with this aspiration."""
        out = interventions.copy()
        ids = out[Intervention.intervention_id].astype(str)
        unknown = set(map(str, self.revised)) - set(ids)
        if unknown:
            raise ConfigError(f"scenario {self.name!r}: no intervention {sorted(unknown)}")
        for ident, value in self.revised.items():
            row = ids == str(ident)
            if value <= 1:
                out.loc[row, Intervention.aspiration_share] = float(value)
                out.loc[row, Intervention.aspiration_count] = np.nan
            else:
                out.loc[row, Intervention.aspiration_share] = np.nan
                out.loc[row, Intervention.aspiration_count] = float(value)
        out[Intervention.aspiration_share] = out[Intervention.aspiration_share] * self.scale
        out[Intervention.aspiration_count] = out[Intervention.aspiration_count] * self.scale
        if self.delay_months:
            out[Intervention.mobilisation_month] = (
                out[Intervention.mobilisation_month] + self.delay_months
            )
        return out


PLANNED = AspirationScenario("As planned", description="every intervention's aspiration as planned")


def reduced_aspiration(scale: float = 0.5) -> AspirationScenario:
    """The standard sensitivity: every aspiration scaled (default half)."""
    return AspirationScenario(
        f"Aspiration at {scale:.0%}",
        scale=scale,
        description=f"every intervention deflects {scale:.0%} of the activity planned",
    )


def compare_gap_closure(
    interventions: pd.DataFrame, gap: pd.DataFrame, scenarios: list[AspirationScenario]
) -> pd.DataFrame:
    """:func:`gap_closure` for each scenario, stacked with a ``scenario`` column first."""
    months = months_of_years(
        int(gap[FinancialGap.financial_year].min()), int(gap[FinancialGap.financial_year].max())
    )
    frames = []
    for scenario in scenarios:
        table = gap_closure(plan(scenario.apply(interventions), months), gap)
        table.insert(0, "scenario", scenario.name)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


# -- realisation -------------------------------------------------------------------------------


def _activity_matrix(activity: pd.DataFrame, ids: pd.Index, months: pd.PeriodIndex) -> np.ndarray:
    out = np.full((len(ids), len(months)), np.nan)
    if not len(months):
        return out
    r = ids.get_indexer(pd.Index(activity[Activity.intervention_id]))
    c = pd.PeriodIndex(activity[Activity.month], freq="M").asi8 - months[0].ordinal
    keep = (r >= 0) & (c >= 0) & (c < len(months))
    out[r[keep], c[keep]] = activity[Activity.activity].to_numpy(dtype=float)[keep]
    return out


def expected_arrays(
    actual: np.ndarray,
    months: pd.PeriodIndex,
    mobilisation: np.ndarray,
    min_months: int = MIN_BASELINE_MONTHS,
) -> tuple[np.ndarray, np.ndarray]:
    """Expected activity without the intervention, shape (interventions, months).

    Fits ``log y = seasonal level of the calendar month + g x years`` by weighted least squares
    over each intervention's observed months before its mobilisation (ordinal ``mobilisation``),
    all interventions solved at once. An intervention with fewer than ``min_months`` such months
    or a calendar month never seen gets NaN.

    Returns:
        ``(expected, annual_growth)``: expected activity, and growth a year as a rate
        (``exp(g) - 1`` with ``g`` per year; 0.03 = 3 % a year).
    """
    months = pd.PeriodIndex(months, freq="M")
    ordinal = months.asi8.astype(float)
    years = (ordinal - ordinal[0]) / 12.0
    dummies = (months.month.to_numpy()[:, None] == np.arange(1, 13)[None, :]).astype(float)
    design = np.column_stack([years, dummies])  # (months, 13)
    with np.errstate(invalid="ignore", divide="ignore"):
        log_y = np.log(actual)
    weight = ((ordinal[None, :] < mobilisation[:, None]) & np.isfinite(log_y)).astype(float)
    log_y = np.where(weight > 0, log_y, 0.0)
    seen_month = weight @ dummies  # (interventions, 12)
    enough = (weight.sum(axis=1) >= min_months) & (seen_month > 0).all(axis=1)
    weighted = weight[:, :, None] * design[None, :, :]  # (interventions, months, 13)
    xtwx = weighted.transpose(0, 2, 1) @ design
    xtwy = (weight * log_y) @ design
    xtwx[~enough] = np.eye(design.shape[1])
    xtwy[~enough] = 0.0
    beta = np.linalg.solve(xtwx, xtwy[:, :, None])[:, :, 0]
    fitted = beta @ design.T  # (interventions, months), log scale
    residual = np.where(weight > 0, log_y - fitted, np.nan)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no months before mobilisation: NaN
        smearing = np.nanmean(np.exp(residual), axis=1)
    expected = np.exp(fitted) * smearing[:, None]
    expected[~enough] = np.nan
    growth = np.where(enough, np.exp(beta[:, 0]) - 1, np.nan)  # beta[:, 0]: log growth a year
    return expected, growth


def realisation(
    interventions: pd.DataFrame,
    activity: pd.DataFrame,
    period: pd.Period | str | None = None,
    *,
    threshold: float = RECOVERY_THRESHOLD,
    months_under: int = RECOVERY_MONTHS,
    min_baseline_months: int = MIN_BASELINE_MONTHS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Realised deflection against plan, month by month, and who needs a recovery plan.

    Args:
        interventions: :class:`~commissioning_analytics.schema.Intervention` columns.
        activity: :class:`~commissioning_analytics.schema.Activity` rows; those naming an
            intervention are used.
        period: the reporting month; later actuals are ignored (default: the last month of
            activity).
        threshold: realisation (realised / planned, 0-1) under which a month counts as under.
        months_under: consecutive months under the threshold, up to the reporting month, that
            flag an intervention for recovery.
        min_baseline_months: months before mobilisation needed to estimate the baseline.

    Returns:
        ``(monthly, summary)``. ``monthly``: one row per intervention and month of activity:
        ``intervention_id, intervention, month, actual, expected, planned_deflection,
        realised_deflection, realisation, under_threshold, months_under``. ``summary``: one row
        per intervention: ``intervention_id, intervention, theme, point_of_delivery,
        mobilisation_month, annual_growth, months_live, planned_to_date, realised_to_date,
        realisation_to_date`` (activity, 0-1), ``latest_realisation, months_under,
        in_recovery, note`` and in pounds from mobilisation to the reporting month
        (:func:`savings_to_date`): ``planned_gross_to_date_gbp, realised_gross_to_date_gbp,
        reinvestment_to_date_gbp, planned_net_to_date_gbp, realised_net_to_date_gbp,
        months_not_measured``.
    """
    ids = pd.Index(interventions[Intervention.intervention_id].astype(str))
    rows = activity[activity[Activity.intervention_id].notna()]
    if period is None:
        period = rows[Activity.month].max() if len(rows) else None
    if period is None or (isinstance(period, float) and np.isnan(period)):
        months = pd.PeriodIndex([], freq="M")
    else:
        period = pd.Period(period, freq="M")
        first = rows[Activity.month].min()
        months = pd.period_range(first, period, freq="M")
    actual = _activity_matrix(rows, ids, months)
    mobilisation = _ordinals(interventions[Intervention.mobilisation_month])
    if len(months):
        expected, growth = expected_arrays(actual, months, mobilisation, min_baseline_months)
    else:
        expected, growth = actual.copy(), np.full(len(ids), np.nan)
    planned = plan_arrays(interventions, months)["deflected_activity"]
    realised = expected - actual
    observed = np.isfinite(actual) & np.isfinite(expected)
    live = planned > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(live & observed, realised / planned, np.nan)
    under = live & observed & (ratio < threshold)
    # Consecutive months under the threshold ending at each month (a month not under resets it).
    position = np.arange(len(months))[None, :]
    last_reset = np.maximum.accumulate(np.where(~under, position, -1), axis=1)
    run = position - last_reset

    n, m = actual.shape
    index = np.arange(n).repeat(m)
    monthly = pd.DataFrame(
        {
            Intervention.intervention_id: ids.to_numpy()[index],
            Intervention.intervention: interventions[Intervention.intervention].to_numpy()[index],
            "month": months[np.tile(np.arange(m), n)] if m else pd.PeriodIndex([], freq="M"),
            "actual": actual.reshape(-1),
            "expected": expected.reshape(-1),
            "planned_deflection": planned.reshape(-1),
            "realised_deflection": np.where(observed, realised, np.nan).reshape(-1),
            "realisation": ratio.reshape(-1),
            "under_threshold": under.reshape(-1),
            "months_under": run.reshape(-1),
        }
    )
    monthly = monthly[np.isfinite(monthly["actual"]).to_numpy()].reset_index(drop=True)

    counted = live & observed
    planned_to_date = np.where(counted, planned, 0.0).sum(axis=1)
    realised_to_date = np.where(counted, realised, 0.0).sum(axis=1)
    latest = np.full(n, np.nan)
    has_any = counted.any(axis=1)
    last_col = m - 1 - np.argmax(counted[:, ::-1], axis=1) if m else np.zeros(n, dtype=int)
    latest[has_any] = ratio[np.arange(n), last_col][has_any]
    current_run = run[:, -1] if m else np.zeros(n, dtype=int)
    has_activity = np.isfinite(actual).any(axis=1)
    note = np.where(
        ~has_activity,
        "no activity reported",
        np.where(
            np.isnan(growth),
            f"fewer than {min_baseline_months} months of activity before mobilisation: no baseline",
            np.where(~has_any, "not live yet", ""),
        ),
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        summary = pd.DataFrame(
            {
                **{k: interventions[k].to_numpy() for k in KEYS},
                Intervention.mobilisation_month: interventions[
                    Intervention.mobilisation_month
                ].to_numpy(),
                "annual_growth": growth,
                "months_live": counted.sum(axis=1),
                "planned_to_date": planned_to_date,
                "realised_to_date": realised_to_date,
                "realisation_to_date": np.where(
                    planned_to_date > 0, realised_to_date / planned_to_date, np.nan
                ),
                "latest_realisation": latest,
                "months_under": current_run,
                "in_recovery": current_run >= months_under,
                "note": note,
            }
        )
    summary[Intervention.intervention_id] = ids.to_numpy()
    if m:
        pounds = (
            savings_to_date(interventions, monthly, cast(pd.Period, period))  # set: m > 0
            .groupby(Intervention.intervention_id, sort=False)[list(_POUNDS) + ["not_measured"]]
            .sum()
        )
        pounds = pounds.reindex(ids.to_numpy()).fillna(0.0)
    else:
        pounds = pd.DataFrame(0.0, index=ids.to_numpy(), columns=list(_POUNDS) + ["not_measured"])
    for column in _POUNDS:
        summary[column.replace("_gbp", "_to_date_gbp")] = pounds[column].to_numpy()
    summary["months_not_measured"] = pounds["not_measured"].to_numpy().astype(int)
    return monthly, summary


_POUNDS = (
    "planned_gross_gbp",
    "realised_gross_gbp",
    "reinvestment_gbp",
    "planned_net_gbp",
    "realised_net_gbp",
)


def savings_to_date(
    interventions: pd.DataFrame, monthly: pd.DataFrame, period: pd.Period | str
) -> pd.DataFrame:
    """Planned and realised savings in pounds, per intervention and month, from each
    intervention's mobilisation to the reporting month.

    Args:
        interventions: :class:`~commissioning_analytics.schema.Intervention` columns.
        monthly: the ``monthly`` frame of :func:`realisation` (``realised_deflection`` per
            intervention and month; NaN where it cannot be measured).
        period: the reporting month (last month counted).

    Returns:
        One row per intervention and live month: ``intervention_id, month, financial_year,
        planned_gross_gbp, realised_gross_gbp, reinvestment_gbp, planned_net_gbp,
        realised_net_gbp, not_measured`` (True where no realised deflection could be measured:
        it then counts as 0 realised). Reinvestment is paid in full in every live month.
    """
    period = pd.Period(period, freq="M")
    columns = [Intervention.intervention_id, "month", "financial_year", *_POUNDS, "not_measured"]
    mobilisation = pd.PeriodIndex(interventions[Intervention.mobilisation_month], freq="M")
    if not len(interventions) or mobilisation.min() > period:
        return pd.DataFrame(columns=columns)
    months = pd.period_range(mobilisation.min(), period, freq="M")
    arrays = plan_arrays(interventions, months)
    live = ramp_factor(interventions, months) > 0
    ids = pd.Index(interventions[Intervention.intervention_id].astype(str))
    realised = np.full(live.shape, np.nan)
    r = ids.get_indexer(pd.Index(monthly[Intervention.intervention_id].astype(str)))
    c = pd.PeriodIndex(monthly["month"], freq="M").asi8 - months[0].ordinal
    keep = (r >= 0) & (c >= 0) & (c < len(months))
    realised[r[keep], c[keep]] = monthly["realised_deflection"].to_numpy(dtype=float)[keep]
    measured = np.isfinite(realised)
    unit_cost = interventions[Intervention.unit_cost_gbp].to_numpy(dtype=float)[:, None]
    realised_gross = np.where(measured, realised, 0.0) * unit_cost
    reinvestment = arrays["reinvestment_gbp"]
    rows, cols = np.nonzero(live)
    frame = pd.DataFrame(
        {
            Intervention.intervention_id: ids.to_numpy()[rows],
            "month": months[cols],
            "financial_year": (months.year - (months.month < calendar.FIRST_MONTH)).to_numpy()[
                cols
            ],
            "planned_gross_gbp": arrays["gross_saving_gbp"][rows, cols],
            "realised_gross_gbp": realised_gross[rows, cols],
            "reinvestment_gbp": reinvestment[rows, cols],
        }
    )
    frame["planned_net_gbp"] = frame["planned_gross_gbp"] - frame["reinvestment_gbp"]
    frame["realised_net_gbp"] = frame["realised_gross_gbp"] - frame["reinvestment_gbp"]
    frame["not_measured"] = ~measured[rows, cols]
    return frame[columns]


def full_year_net_saving(interventions: pd.DataFrame) -> pd.DataFrame:
    """Each intervention's net saving a year at full effect (£): aspired activity a year x unit
    cost - annual reinvestment; negative when the new service costs more than it saves.

    Returns:
        ``intervention_id, intervention, theme, point_of_delivery, mobilisation_month,
        gross_saving_gbp, reinvestment_gbp, net_saving_gbp``, worst (most negative) first.
    """
    gross = aspired_annual_activity(interventions) * interventions[
        Intervention.unit_cost_gbp
    ].to_numpy(dtype=float)
    reinvestment = interventions[Intervention.annual_reinvestment_gbp].to_numpy(dtype=float)
    out = interventions[[*KEYS, Intervention.mobilisation_month]].copy()
    out["gross_saving_gbp"] = gross
    out["reinvestment_gbp"] = reinvestment
    out["net_saving_gbp"] = gross - reinvestment
    return out.sort_values("net_saving_gbp", kind="stable").reset_index(drop=True)


def gap_position(
    plan_long: pd.DataFrame,
    gap: pd.DataFrame,
    interventions: pd.DataFrame,
    savings: pd.DataFrame,
    period: pd.Period | str,
) -> pd.DataFrame:
    """The financial gap by year against what has been realised and what is still planned.

    Args:
        plan_long: :func:`plan` over the gap's years.
        gap: :class:`~commissioning_analytics.schema.FinancialGap` columns.
        interventions: :class:`~commissioning_analytics.schema.Intervention` columns.
        savings: :func:`savings_to_date` to the reporting month.
        period: the reporting month: months up to it are realised, later months planned.

    Returns:
        One row per year of the gap: ``financial_year, year, basis`` ("realised", "realised to
        date + plan", "plan"), ``gap_gbp, realised_gbp`` (realised net saving in months to the
        reporting month), ``planned_mobilised_gbp`` (planned net saving of interventions already
        mobilised, in the months after it), ``planned_not_mobilised_gbp`` (planned net saving of
        interventions not mobilised by the reporting month), ``net_saving_gbp`` (the three
        added), ``closed_realised_gbp, closed_mobilised_gbp, closed_not_mobilised_gbp`` (the gap
        closed by each, in that order, so they add to ``closed_gbp``), ``closed_gbp, left_gbp,
        surplus_gbp, share_closed`` and ``share_closed_without_not_mobilised`` (0-1).
    """
    period = pd.Period(period, freq="M")
    net = plan_long[plan_long["measure"] == "net_saving_gbp"]
    later = pd.PeriodIndex(net["month"], freq="M") > period
    mobilised_ids = set(
        interventions.loc[
            pd.PeriodIndex(interventions[Intervention.mobilisation_month], freq="M") <= period,
            Intervention.intervention_id,
        ].astype(str)
    )
    is_mobilised = net[Intervention.intervention_id].astype(str).isin(mobilised_ids).to_numpy()

    def by_year(frame: pd.DataFrame) -> pd.Series:
        return frame.groupby("financial_year", observed=True)["value"].sum()

    planned_mobilised = by_year(net[later & is_mobilised])
    planned_not_mobilised = by_year(net[later & ~is_mobilised])
    realised = (
        savings.groupby("financial_year")["realised_net_gbp"].sum()
        if len(savings)
        else pd.Series(dtype=float)
    )

    out = gap[[FinancialGap.financial_year, FinancialGap.gap_gbp]].copy().reset_index(drop=True)
    years = out[FinancialGap.financial_year]
    current = calendar.fy_start_year(period)
    out.insert(1, "year", [calendar.fy_label(y) for y in years])
    out.insert(
        2,
        "basis",
        np.where(
            years < current,
            "realised",
            np.where(years == current, "realised to date + plan", "plan"),
        ),
    )
    out["realised_gbp"] = years.map(realised).fillna(0.0).to_numpy()
    out["planned_mobilised_gbp"] = years.map(planned_mobilised).fillna(0.0).to_numpy()
    out["planned_not_mobilised_gbp"] = years.map(planned_not_mobilised).fillna(0.0).to_numpy()
    parts = out[["realised_gbp", "planned_mobilised_gbp", "planned_not_mobilised_gbp"]].to_numpy()
    gap_gbp = out[FinancialGap.gap_gbp].to_numpy(dtype=float)
    cumulative = np.clip(parts.cumsum(axis=1), 0.0, gap_gbp[:, None])
    closed_parts = np.diff(np.column_stack([np.zeros(len(out)), cumulative]), axis=1)
    out["net_saving_gbp"] = parts.sum(axis=1)
    out["closed_realised_gbp"] = closed_parts[:, 0]
    out["closed_mobilised_gbp"] = closed_parts[:, 1]
    out["closed_not_mobilised_gbp"] = closed_parts[:, 2]
    closed = cumulative[:, 2] if len(out) else np.zeros(0)
    out["closed_gbp"] = closed
    out["left_gbp"] = gap_gbp - closed
    out["surplus_gbp"] = np.maximum(out["net_saving_gbp"].to_numpy() - gap_gbp, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["share_closed"] = np.where(gap_gbp > 0, closed / gap_gbp, 1.0)
        out["share_closed_without_not_mobilised"] = np.where(
            gap_gbp > 0, cumulative[:, 1] / gap_gbp if len(out) else 0.0, 1.0
        )
    return out
