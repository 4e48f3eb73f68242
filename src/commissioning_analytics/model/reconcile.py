"""Checking a register's own arithmetic: every stated figure the board's rules do not give.

The expected figures come from :func:`~commissioning_analytics.model.phasing.board_figures`
(the rules of shared/DESIGN.md applied to each scheme's go-live, FYE, overall RAG and change in
delivery). A stated figure is a finding when it differs from the expected one by more than the
tolerance (£1 by default: published tables round to the pound). A go-live that disagrees with
the stated months in year is itself a finding (field ``months_in_year``). Blank stated figures
are not findings. Totals rows whose figures differ from the sum of the schemes above them are
findings with ``scheme_id`` ``"TOTAL"``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from .. import calendar
from ..schema import Scheme
from .phasing import WeightSet, board_figures

FINDING_COLUMNS = ("scheme_id", "field", "stated", "expected", "source")
TOTAL_ID = "TOTAL"


def _year_from_go_lives(go_lives: pd.Series) -> int:
    years = Counter(calendar.fy_start_year(m) for m in go_lives.dropna())
    if not years:
        raise ValueError("no year given and no go-live month to infer it from")
    top = max(years.values())
    return min(y for y, n in years.items() if n == top)


def reconcile(
    load,
    year: int | None = None,
    weights: str | dict | WeightSet = "board",
    tolerance_gbp: float = 1.0,
) -> pd.DataFrame:
    """Every stated derived figure of a register that the rules do not give.

    Args:
        load: a :class:`~commissioning_analytics.io.register.RegisterLoad`, or a canonical
            scheme table (then totals are not checked).
        year: the register's financial year (starting calendar year); by default the load's,
            or for a bare table the year most go-lives fall in.
        weights: the risk weight set for most likely and forecast (``"board"`` 100/75/50).
        tolerance_gbp: largest difference in £ that is not a finding. Months must agree exactly.

    Returns:
        One row per finding: ``scheme_id, field, stated, expected, source``, in register order
        then the order of ``Scheme.DERIVED_COLUMNS``; money in £ rounded to pence, months as
        whole numbers.
    """
    if isinstance(load, pd.DataFrame):
        schemes, totals_check = load, None
    else:
        schemes, totals_check = load.schemes, getattr(load, "totals_check", None)
        year = year if year is not None else load.year
    if year is None:
        year = _year_from_go_lives(schemes[Scheme.go_live])
    findings = []
    if len(schemes):
        expected = board_figures(schemes, year, weights=weights)
        order = np.arange(len(schemes))
        for rank, column in enumerate(Scheme.DERIVED_COLUMNS):
            stated = schemes[column].to_numpy(dtype=float)
            wanted = expected[column].to_numpy(dtype=float)
            limit = 0.5 if column == Scheme.months_in_year else tolerance_gbp
            off = ~np.isnan(stated) & (np.abs(stated - wanted) > limit)
            if off.any():
                findings.append(pd.DataFrame({
                    "scheme_id": schemes[Scheme.scheme_id].to_numpy()[off],
                    "field": column,
                    "stated": stated[off],
                    "expected": np.round(wanted[off], 2),
                    "source": schemes[Scheme.source].to_numpy()[off],
                    "_order": order[off] * 100 + rank,
                }))
    result = (pd.concat(findings).sort_values("_order").drop(columns="_order")
              if findings else pd.DataFrame(columns=[*FINDING_COLUMNS]))
    if totals_check is not None and len(totals_check):
        off = totals_check[totals_check["difference"].abs() > tolerance_gbp]
        if len(off):
            result = pd.concat([result, pd.DataFrame({
                "scheme_id": TOTAL_ID,
                "field": off["field"].to_numpy(),
                "stated": off["stated"].to_numpy(dtype=float),
                "expected": np.round(off["schemes_sum"].to_numpy(dtype=float), 2),
                "source": off["source"].to_numpy(),
            })])
    result = result.reset_index(drop=True).loc[:, list(FINDING_COLUMNS)]
    for column in ("stated", "expected"):
        result[column] = result[column].astype(float)
    return result
