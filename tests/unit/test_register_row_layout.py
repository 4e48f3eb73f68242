"""The rules that read a register's row layout, on cells a reader can check by eye: codes in
names (which become scheme numbers), a column naming each row's measure, a column of months
that may be each row's month. Each rule has a test on each side."""

import datetime as dt

import pytest

from commissioning_analytics.io.register.ids import code_in_name, codes_in_names
from commissioning_analytics.io.register.regroup import measure_column, measure_of, month_columns

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "name, code, rest",
    [
        ("QIPP01 - Virtual wards", "QIPP01", "Virtual wards"),
        ("[CIP-12] Theatre utilisation", "CIP-12", "Theatre utilisation"),
        ("S12: Outpatients", "S12", "Outpatients"),
        ("(S4) Medicines optimisation", "S4", "Medicines optimisation"),
        ("1.2 Urgent care", "1.2", "Urgent care"),
        ("12. Falls", "12", "Falls"),
        ("QIPP 03 – CHC review", "QIPP 03", "CHC review"),
    ],
)
def test_a_code_at_the_start_of_a_name_is_split_from_it(name, code, rest):
    assert code_in_name(name) == (code, rest)


@pytest.mark.parametrize(
    "name",
    [
        "Virtual wards",
        "A&E streaming",  # no digit: not a code
        "111 service redesign",  # a number with no separator is part of the name
        "Phase 2 - virtual wards",  # a word and a number apart is no code
        "[Pharmacy] Medicines optimisation",  # a bracketed tag with no digit is a category
        "CHC-01 review",  # no separator after it
        42,
    ],
)
def test_a_name_without_a_code_is_left_whole(name):
    assert code_in_name(name) is None


def test_codes_become_numbers_only_when_every_name_has_a_distinct_one():
    coded = ["QIPP01 - Virtual wards", "QIPP02 - Falls", "QIPP03 - CHC review"]
    assert codes_in_names(coded) == (
        ["QIPP01", "QIPP02", "QIPP03"],
        ["Virtual wards", "Falls", "CHC review"],
    )
    assert codes_in_names([*coded[:2], "Care homes"]) is None  # one name with no code
    assert codes_in_names([*coded[:2], "QIPP02 - Care homes"]) is None  # a code twice
    assert codes_in_names([]) is None


@pytest.mark.parametrize(
    "cell, measure",
    [
        ("Plan", "plan"),
        ("Budget £000", "plan"),
        ("Actual", "actual"),
        ("Actual YTD", "actual"),
        ("Forecast outturn", "forecast"),
        ("FOT", "forecast"),
        ("Forecast variance", "variance"),
        ("Var", "variance"),
        ("Risk adjusted", "most_likely"),
        ("Virtual wards", None),
        (120, None),
    ],
)
def test_a_measure_cell_is_read_by_its_words(cell, measure):
    assert measure_of(cell) == measure


def test_a_column_of_plan_actual_forecast_under_each_scheme_is_the_measure_column():
    rows = [
        ["S1", "Virtual wards", "Plan", 10],
        [None, None, "Actual", 9],
        [None, None, "Forecast", 9],
        ["S2", "Falls", "Plan", 20],
        [None, None, "Actual", 18],
        [None, None, "Forecast", 19],
    ]
    assert measure_column(rows, skip=set()) == 2
    repeated = [  # the scheme written on each of its rows
        ["S1", "Virtual wards", "Plan", 10],
        ["S1", "Virtual wards", "Actual", 9],
        ["S1", "Virtual wards", "Forecast", 9],
        ["S2", "Falls", "Plan", 20],
        ["S2", "Falls", "Actual", 18],
    ]
    assert measure_column(repeated, skip=set()) == 2


def test_a_status_column_of_planned_and_delivered_beside_distinct_schemes_is_no_measure():
    rows = [
        ["S1", "Virtual wards", "Planned", 10],
        ["S2", "Falls", "Delivered", 9],
        ["S3", "Care homes", "Planned", 9],
        ["S4", "CHC review", "Delivered", 20],
        ["S5", "Discharge", "Planned", 18],
    ]
    assert measure_column(rows, skip=set()) is None


def test_only_plan_rows_are_no_measure_column():
    rows = [["S1", "Plan", 10], ["S2", "Plan", 12], ["S3", "Plan", 9], ["S4", "Plan", 7]]
    assert measure_column(rows, skip=set()) is None


def test_a_column_of_months_may_be_each_rows_month_and_one_of_names_is_not():
    rows = [
        ["S1", dt.datetime(2024, 4, 1), "Apr-24", "Virtual wards"],
        ["S1", dt.datetime(2024, 5, 1), "M2", "Virtual wards"],
        ["S2", dt.datetime(2024, 4, 1), "2024-06", "Falls"],
        ["S2", dt.datetime(2024, 5, 1), "July 2024", "Falls"],
    ]
    assert month_columns(rows, skip=set()) == [1, 2]
    assert month_columns(rows, skip={1}) == [2]


HEADER = ["Ref", "Scheme", "Programme", "Go live", "FYE £", "Plan 2024/25 £", "Lead", "RAG"]


@pytest.mark.parametrize(
    "row, after_break, kind",
    [
        # another table's header: five texts naming fields, even right under a scheme
        (["Ref", "Risk", "Owner", "Likelihood", "Impact", "Status", "Mitigation"], False, "other"),
        # after a blank or title row: a field named (ref) and a word where the register has
        # its go-live ("Impact"); the same right under a scheme is a row of the register
        (["Ref", "Risk", "Likelihood", "Impact"], True, "other"),
        (["Ref", "Risk", "Likelihood", "Impact"], False, None),
        # words in three of its figure columns (go-live, FYE, plan), no field named
        (["Issue", None, None, "Likelihood", "Impact", "Score"], True, "other"),
        # a scheme with no figures yet after a blank row: "TBC" where its figures go, and one
        # field named outside its name ("Planned care": a plan and a theme in one cell)
        (["Q5", "New scheme", "Planned care", "TBC", "TBC", "tbc"], True, None),
        # the register's own header again (a printed page)
        (HEADER, False, "repeat"),
        # a scheme with no figures yet: three texts naming fields, right under a scheme
        (["Q2", "Outpatient project", "Planned care programme", "Oct-24", None, None,
          "J Smith (lead)"], False, None),
        # ... and the same rated in words, after a blank row
        (["Q2", "Outpatient project", "Planned care programme", "Oct-24", None, None,
          "J Smith (lead)", "Amber"], True, None),
        # a figure, a date or money written as text: a row of data
        (["Ref", "Risk", "Owner", 4], True, None),
        (["Ref", "Risk", "Owner", dt.datetime(2024, 4, 1)], True, None),
        (["Ref", "Risk", "Owner", "£4,000"], True, None),
    ],
)  # fmt: skip
def test_a_new_header_band_is_told_from_a_row_of_the_register(row, after_break, kind):
    from commissioning_analytics.io.register.rows import _Bands

    bands = _Bands(HEADER, rating_positions=[7], figure_positions=[3, 4, 5], name_position=1)
    assert bands.kind(row, after_break) == kind


def test_measures_written_under_each_name_are_told_from_a_register_of_names():
    from commissioning_analytics.io.register.regroup import measures_under_names

    under = [
        ["Virtual wards", "A Smith", None],
        ["Plan", None, 10],
        ["Actual", None, 9],
        ["Falls", "B Jones", None],
        ["Plan", None, 20],
        ["Forecast", None, 18],
    ]
    assert measures_under_names(under, 0)
    # names with figures of their own (one of them "Planned care review"): a plain register
    plain = [["Virtual wards", 10], ["Planned care review", 9], ["Falls", 20], ["CHC", 18]]
    assert not measures_under_names(plain, 0)
    # measure rows with no plan among them are no measures under names
    no_plan = [["Virtual wards", None], ["Actual", 9], ["Forecast", 9], ["Falls", None]]
    assert not measures_under_names(no_plan, 0)
