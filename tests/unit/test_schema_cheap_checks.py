"""The scheme table's cheap checks (``schema.schemes_certainly_valid``): a table they pass is
one pandera's full check passes, so the load skips pandera; anything they are not sure of goes
to pandera, which names each failure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.schema import Scheme, scheme_schema, schemes_certainly_valid

pytestmark = pytest.mark.unit


def _valid() -> pd.DataFrame:
    """Three schemes typed as the register's reader types them."""
    money = pd.Series([120_000.0, 80_000.5, np.nan])
    frame = pd.DataFrame(
        {
            Scheme.scheme_id: ["S1", "S2", "S3"],
            Scheme.file_ref: ["F-1", None, "F-3"],
            Scheme.theme: ["Prescribing", "Urgent care", None],
            Scheme.scheme: ["Wound care formulary", "Virtual wards", "Falls"],
            Scheme.phase: pd.array([1, 4, None], dtype="Int64"),
            Scheme.go_live: pd.PeriodIndex(["2026-04", "2026-07", "2027-01"], freq="M"),
            Scheme.months_in_year: [12.0, 0.0, np.nan],
            Scheme.gross_opportunity: money,
            Scheme.fye_net_saving: [100_000.0, 60_000.0, 0.0],
            Scheme.plan_in_year: money,
            Scheme.plan_next_year: money,
            Scheme.rag_value: ["green", None, "red"],
            Scheme.rag_resources: ["amber", "amber", "amber"],
            Scheme.rag_timeliness: [None, None, None],
            Scheme.rag_codependency: ["green", "green", "green"],
            Scheme.rag_overall: ["red", "amber", None],
            Scheme.most_likely_in_year: money,
            Scheme.change_in_delivery_months: [0.0, -1.0, 2.0],
            Scheme.forecast_in_year: money,
            Scheme.forecast_next_year: money,
            Scheme.recurrent: pd.array([True, None, False], dtype="boolean"),
            Scheme.owner: [None, None, None],
            Scheme.commentary: ["ok", None, "late"],
            Scheme.source: ["r.xlsx!S!5", "r.xlsx!S!6", "r.xlsx!S!7"],
        }
    )
    text = [c for c in frame if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    return frame.astype(
        {c: object for c in text if c != Scheme.go_live}
    )  # as the reader types them


def test_a_valid_table_passes_both_the_cheap_checks_and_pandera():
    frame = _valid()
    assert schemes_certainly_valid(frame)
    scheme_schema().validate(frame, lazy=True)  # raises if not


def _set(column, index, value):
    def edit(frame):
        frame[column] = frame[column].astype(object) if value is None else frame[column]
        frame.loc[index, column] = value
        return frame

    return edit


INVALID = {
    "duplicate id": _set(Scheme.scheme_id, 2, "S1"),
    "blank scheme name": _set(Scheme.scheme, 1, None),
    "an id that is a number": _set(Scheme.scheme_id, 0, 7),
    "rating purple": _set(Scheme.rag_value, 0, "purple"),
    "overall rating Green (capital)": _set(Scheme.rag_overall, 1, "Green"),
    "13 months in the year": _set(Scheme.months_in_year, 0, 13.0),
    "-1 months in the year": _set(Scheme.months_in_year, 0, -1.0),
    "phase 5": lambda f: f.assign(phase=pd.array([1, 5, None], dtype="Int64")),
    "no FYE": _set(Scheme.fye_net_saving, 1, np.nan),
    "no change in delivery": _set(Scheme.change_in_delivery_months, 1, np.nan),
    "no go-live": lambda f: f.assign(
        go_live=pd.PeriodIndex(["2026-04", None, "2027-01"], freq="M")
    ),
    "no source": _set(Scheme.source, 0, None),
    "columns out of order": lambda f: f[[Scheme.file_ref, Scheme.scheme_id, *Scheme.COLUMNS[2:]]],
    "an extra column": lambda f: f.assign(extra=1),
    "a missing column": lambda f: f.drop(columns=Scheme.owner),
}


@pytest.mark.parametrize("name", list(INVALID))
def test_an_invalid_table_is_never_certain_and_pandera_names_the_failure(name):
    import pandera.errors

    frame = INVALID[name](_valid())
    assert not schemes_certainly_valid(frame)
    with pytest.raises(pandera.errors.SchemaErrors):
        scheme_schema().validate(frame, lazy=True)


NOT_SURE = {
    # valid to pandera (it coerces), but not the reader's own types: pandera decides
    "money as integers": lambda f: f.assign(fye_net_saving=[100_000, 60_000, 0]),
    "phase as float": lambda f: f.assign(phase=[1.0, 4.0, np.nan]),
    "recurrent as object": lambda f: f.assign(recurrent=[True, None, False]),
    "text as pandas' string type": lambda f: f.astype({Scheme.theme: "string"}),
}


@pytest.mark.parametrize("name", list(NOT_SURE))
def test_a_valid_table_of_other_types_is_left_to_pandera_which_passes_it(name):
    frame = NOT_SURE[name](_valid())
    assert not schemes_certainly_valid(frame)
    scheme_schema().validate(frame, lazy=True)
