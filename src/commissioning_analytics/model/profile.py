"""A monthly tracker's own plan in place of the step profile the rules derive from go-live.

``io.register`` reads a tracker's plan month by month into ``scheme_id, month, plan_gbp,
source`` (schema.MONTHLY_PLAN_COLUMNS). :func:`with_monthly_plan` puts it into a
:class:`~commissioning_analytics.model.phasing.Phasing`: for each scheme that has one, the
months of the register's year are its stated plan (times the basis' risk weight); months after
the year, and schemes with no monthly plan, keep the rules' profile. Money in pounds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import numpy as np
import pandas as pd

from .. import calendar
from ..schema import Scheme
from .phasing import Phasing


def profile_matrix(
    scheme_ids: Iterable[object], profile: pd.DataFrame, year: int
) -> tuple[np.ndarray, np.ndarray]:
    """Schemes x the 12 months of ``year`` (April first) of a monthly plan, pounds, and which
    schemes have one."""
    ids = pd.Index([str(s) for s in scheme_ids])
    out = np.zeros((len(ids), 12))
    rows = ids.get_indexer(pd.Index(profile[Scheme.scheme_id].astype(str)))
    cols = calendar.month_offsets(profile["month"], calendar.fy_start(year))
    keep = (rows >= 0) & (cols >= 0) & (cols < 12)
    np.add.at(
        out, (rows[keep], cols[keep].astype(int)), profile["plan_gbp"].to_numpy(dtype=float)[keep]
    )
    has = np.zeros(len(ids), dtype=bool)
    has[np.unique(rows[rows >= 0])] = True
    return out, has


def with_monthly_plan(phasing: Phasing, profile: pd.DataFrame | None) -> Phasing:
    """``phasing`` with the year's months of each scheme that has a monthly plan replaced by
    that plan times the scheme's weight (1 for the plan basis); in-year totals follow."""
    if profile is None or len(profile) == 0:
        return phasing
    matrix, has = profile_matrix(phasing.scheme_ids, profile, phasing.year)
    monthly = phasing.monthly.copy()
    monthly[has, :12] = matrix[has] * phasing.weight[has, None]
    in_year = np.where(has, matrix.sum(axis=1) * phasing.weight, phasing.in_year)
    return replace(phasing, monthly=monthly, in_year=in_year)
