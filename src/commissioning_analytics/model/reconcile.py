"""Checking a register's own arithmetic: every stated figure the board's rules do not give.

The expected figures come from :func:`~commissioning_analytics.model.phasing.board_figures`
(the rules of docs/methods.md applied to each scheme's go-live, FYE, overall RAG and change in
delivery). A stated figure is a finding when it differs from the expected one by more than the
tolerance (£1 by default: published tables round to the pound). A go-live that disagrees with
the stated months in year is itself a finding (field ``months_in_year``). Blank stated figures
are not findings. Totals rows whose figures differ from the sum of the schemes above them are
findings with ``scheme_id`` ``"TOTAL"``.

A monthly tracker's schemes are checked against their own months instead of the step the rules
derive: the stated plan in year against the sum of the monthly plan (a scheme that ramps up and
adds up is not a finding), plan next year against FYE less that sum (nothing for a one-off
saving), most likely against that sum times the RAG weight. Their forecasts (a forecast outturn
is an estimate, not a derived figure) are not checked.

A register with no go-live column whose go-live (and FYE) the reader derived from its annual
figures (``RegisterLoad.assumed``) has no scheme figure checked: the rules would only give back
what was assumed, and a forecast outturn set against an assumed April start is no finding. Its
totals rows are still checked; :func:`unchecked` says so in one line.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from .. import calendar
from ..schema import Scheme
from ..style import money_exact
from .phasing import WeightSet, board_figures, weight_set

FINDING_COLUMNS = ("scheme_id", "field", "stated", "expected", "source")
TOTAL_ID = "TOTAL"


def _year_from_go_lives(go_lives: pd.Series) -> int:
    years = Counter(calendar.fy_start_year(m) for m in go_lives.dropna())
    if not years:
        raise ValueError("no year given and no go-live month to infer it from")
    top = max(years.values())
    return min(y for y, n in years.items() if n == top)


def reconcile(
    load: Any,
    year: int | None = None,
    weights: str | dict[str, float] | WeightSet = "board",
    tolerance_gbp: float = 1.0,
) -> pd.DataFrame:
    """Every stated derived figure of a register that the rules do not give.

    Args:
        load: a :class:`~commissioning_analytics.io.register.RegisterLoad`, or a canonical
            scheme table (then totals are not checked).
        year: the register's financial year (starting calendar year); by default the load's,
            or for a bare table the year most go-lives fall in.
        weights: the risk weight set for most likely and forecast (``"board"`` 100/75/50); a
            load whose mapping file set weights (``RegisterLoad.weights``) has them in place
            of the board's.
        tolerance_gbp: largest difference in £ that is not a finding. Months must agree exactly.

    Returns:
        One row per finding: ``scheme_id, field, stated, expected, source``, in register order
        then the order of ``Scheme.DERIVED_COLUMNS``; money in £ rounded to pence, months as
        whole numbers.
    """
    profile = None
    if isinstance(load, pd.DataFrame):
        schemes, totals_check = load, None
    else:
        schemes, totals_check = load.schemes, getattr(load, "totals_check", None)
        year = year if year is not None else load.year
        profile = getattr(load, "monthly_plan", None)
        if weights == "board" and getattr(load, "weights", None):
            weights = dict(load.weights)  # a mapping file's weights, over the board's
        if Scheme.go_live in getattr(load, "assumed", ()):
            schemes = schemes.iloc[:0]  # nothing stated to check the assumption against
    if year is None:
        year = _year_from_go_lives(schemes[Scheme.go_live])
    findings = []
    if len(schemes):
        expected = board_figures(schemes, year, weights=weights)
        profiled = np.zeros(len(schemes), dtype=bool)
        if profile is not None and len(profile):
            expected, profiled = _with_profile(expected, schemes, profile, year, weights)
        order = np.arange(len(schemes))
        for rank, column in enumerate(Scheme.DERIVED_COLUMNS):
            stated = schemes[column].to_numpy(dtype=float)
            wanted = expected[column].to_numpy(dtype=float)
            limit = 0.5 if column == Scheme.months_in_year else tolerance_gbp
            off = ~np.isnan(stated) & (np.abs(stated - wanted) > limit)
            if column in (Scheme.forecast_in_year, Scheme.forecast_next_year):
                off &= ~profiled
            if off.any():
                findings.append(
                    pd.DataFrame(
                        {
                            "scheme_id": schemes[Scheme.scheme_id].to_numpy()[off],
                            "field": column,
                            "stated": stated[off],
                            "expected": np.round(wanted[off], 2),
                            "source": schemes[Scheme.source].to_numpy()[off],
                            "_order": order[off] * 100 + rank,
                        }
                    )
                )
    result = (
        pd.concat(findings).sort_values("_order").drop(columns="_order")
        if findings
        else pd.DataFrame(columns=[*FINDING_COLUMNS])
    )
    if totals_check is not None and len(totals_check):
        off = totals_check[totals_check["difference"].abs() > tolerance_gbp]
        if len(off):
            result = pd.concat(
                [
                    result,
                    pd.DataFrame(
                        {
                            "scheme_id": TOTAL_ID,
                            "field": off["field"].to_numpy(),
                            "stated": off["stated"].to_numpy(dtype=float),
                            "expected": np.round(off["schemes_sum"].to_numpy(dtype=float), 2),
                            "source": off["source"].to_numpy(),
                        }
                    ),
                ]
            )
    result = result.reset_index(drop=True).loc[:, list(FINDING_COLUMNS)]
    for column in ("stated", "expected"):
        result[column] = result[column].astype(float)
    return result


def _with_profile(
    expected: pd.DataFrame,
    schemes: pd.DataFrame,
    profile: pd.DataFrame,
    year: int,
    weights: str | dict[str, float] | WeightSet,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Expected figures of schemes with a monthly plan: from the sum of their months."""

    months = pd.PeriodIndex(profile["month"], freq="M")
    in_year = profile[(months >= calendar.fy_start(year)) & (months < calendar.fy_start(year + 1))]
    total = in_year.groupby(Scheme.scheme_id)["plan_gbp"].sum()
    ids = schemes[Scheme.scheme_id].astype(str)
    summed = ids.map(total).to_numpy(dtype=float)
    profiled = ~np.isnan(summed)
    fye = schemes[Scheme.fye_net_saving].to_numpy(dtype=float)
    one_off = np.zeros(len(schemes), dtype=bool)
    if Scheme.recurrent in schemes:
        one_off = schemes[Scheme.recurrent].astype("boolean").eq(False).fillna(False).to_numpy()
    weight = weight_set(weights).lookup(schemes)
    out = expected.copy()
    out[Scheme.plan_in_year] = np.where(profiled, summed, out[Scheme.plan_in_year])
    out[Scheme.plan_next_year] = np.where(
        profiled, np.where(one_off, 0.0, fye - summed), out[Scheme.plan_next_year]
    )
    out[Scheme.most_likely_in_year] = np.where(
        profiled, summed * weight, out[Scheme.most_likely_in_year]
    )
    return out, profiled


def unchecked(load: Any) -> str | None:
    """One line saying which figures :func:`reconcile` could not check, or ``None``."""
    assumed = getattr(load, "assumed", ())
    if Scheme.go_live not in assumed:
        return None
    what = "go-live and FYE" if Scheme.fye_net_saving in assumed else "go-live"
    return (
        f"{load.file}: the register has no go-live column ({what} derived from its annual "
        "figures), so its scheme figures are not checked against the rules; totals rows are"
    )


def describe(finding: Any) -> str:
    """One plain line for a finding (a row of :func:`reconcile`'s result, as a mapping or a
    named tuple): where it is, what is stated and what the rules give."""
    get = finding.get if hasattr(finding, "get") else lambda key: getattr(finding, key)
    field, stated, expected = get("field"), float(get("stated")), float(get("expected"))
    if field == Scheme.months_in_year:
        amounts = f"stated {stated:g} months, the go-live gives {expected:g}"
    else:
        amounts = f"stated {money_exact(stated)}, expected {money_exact(expected)}"
    if get("scheme_id") == TOTAL_ID:
        amounts = amounts.replace("expected", "the schemes add up to")
        return f"{get('source')}: totals row {field}: {amounts}"
    return f"{get('source')}: scheme {get('scheme_id')} {field}: {amounts}"
