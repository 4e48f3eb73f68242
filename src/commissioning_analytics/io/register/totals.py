"""Totals and unlabelled adjustment rows kept apart from the schemes, and each totals figure
checked against the sum of the schemes it covers."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...errors import Problem
from ...schema import Scheme
from ..values import amount as _money
from ..workbook import column_letter
from .report import TOTAL


def _totals(other_rows, schemes, scheme_rows, pos, file, sheet, prefix, problems, factors=None):
    """Totals and adjustment rows as a frame, and each totals figure checked against schemes."""
    factors = factors or {}
    money = [c for c in Scheme.MONEY_COLUMNS if c in pos]
    records, checks = [], []
    rows = np.asarray(scheme_rows)
    previous_total = 0
    for kind, row_number, label, vals in other_rows:
        record = {"kind": kind, "label": label}
        for column in Scheme.MONEY_COLUMNS:
            value = vals[pos[column]] if column in pos and pos[column] < len(vals) else None
            amount, error = _money(value)
            if error:
                problems.append(
                    Problem(file, error, sheet, f"{column_letter(pos[column] + 1)}{row_number}")
                )
            record[column] = amount * factors.get(column, 1.0)
        agrees = pd.NA
        if kind == TOTAL:
            since = 0 if re.search(r"grand", label, re.IGNORECASE) else previous_total
            mask = (rows > since) & (rows < row_number)
            if not mask.any():  # a totals row above its schemes (a summary first): those
                later = [r for k, r, _, _ in other_rows if k == TOTAL and r > row_number]
                mask = (rows > row_number) & (rows < (later[0] if later else np.inf))
                label = f"{label} (the schemes below it)"
            if not mask.any():  # a system total over other sheets' schemes: nothing to check
                record["label"] = f"{record['label']} (no schemes under it: not checked)"
                record["agrees"] = pd.NA
                record["source"] = f"{prefix}{row_number}"
                records.append(record)
                previous_total = row_number
                continue
            agrees = True
            for column in money:
                stated = record[column]
                if np.isnan(stated):
                    continue
                summed = float(np.nansum(schemes[column].to_numpy()[mask])) if len(rows) else 0.0
                difference = stated - summed
                checks.append(
                    {
                        "source": f"{prefix}{row_number}",
                        "label": label,
                        "field": column,
                        "stated": stated,
                        "schemes_sum": summed,
                        "difference": difference,
                    }
                )
                # a total in £000 rounds to the £1,000: the tolerance follows the unit
                agrees = agrees and abs(difference) <= max(1.0, abs(factors.get(column, 1.0)))
            previous_total = row_number
        record["agrees"] = agrees
        record["source"] = f"{prefix}{row_number}"
        records.append(record)
    totals = pd.DataFrame(
        records, columns=["kind", "label", *Scheme.MONEY_COLUMNS, "agrees", "source"]
    )
    totals_check = pd.DataFrame(
        checks, columns=["source", "label", "field", "stated", "schemes_sum", "difference"]
    )
    return totals, totals_check
