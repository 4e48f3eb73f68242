"""Strict numbers and months: what the readers refuse instead of coercing (issue 12, items 3, 7)."""

import datetime as dt
import math

import pandas as pd
import pytest

from commissioning_analytics import calendar
from commissioning_analytics.errors import ValidationError
from commissioning_analytics.io.register import load_register
from commissioning_analytics.io.register.translate import _month, _months, _number
from commissioning_analytics.io.values import NotANumber, strict_money, strict_number
from commissioning_analytics.io.values import amount as _money
from fixtures import EXAMPLE, SECOND, THIRD, appendix

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "text, pounds",
    [
        ("£12,345", 12345.0),
        ("(1,200)", -1200.0),
        ("-£50", -50.0),
        ("£-50", -50.0),
        ("  1234.5 ", 1234.5),
        ("-", 0.0),
        ("\u2013", 0.0),
        (".5", 0.5),
        ("£1,234,567.89", 1234567.89),
        (602000, 602000.0),
        (0.25, 0.25),
    ],
)
def test_money_a_person_writes_is_read(text, pounds):
    assert strict_money(text) == pounds


@pytest.mark.parametrize(
    "text",
    [
        "NaN",
        "nan",
        "inf",
        "-Infinity",
        "Infinity",
        "1_000",
        "£12,3,4",
        "12,34",
        "1e9",
        "0x10",
        "£",
        "()",
        "--5",
        "(−5)",
        "five",
        True,
        float("nan"),
        float("inf"),
        1e300,
    ],
)
def test_text_that_is_not_an_amount_is_refused(text):
    with pytest.raises(NotANumber):
        strict_money(text)
    value, error = _money(text)
    assert math.isnan(value) and error == f"expected an amount in £, found {text!r}"


def test_blank_is_no_amount_but_no_error():
    assert math.isnan(strict_money(None)) and math.isnan(strict_money("  "))
    assert math.isnan(strict_number(""))


@pytest.mark.parametrize("text", ["NaN", "inf", "-Infinity", "1_0", "13", "-1"])
def test_months_in_year_refuse_non_numbers_and_out_of_range(text):
    value, error = _months(text)
    assert math.isnan(value) and error.startswith("expected a number of months 0-12")


def test_change_in_delivery_is_bounded_to_three_years():
    assert _number("-3", "months", blank=0.0) == (-3.0, None)
    assert _number(None, "months", blank=0.0) == (0.0, None)
    assert _number(36, "months") == (36.0, None)
    value, error = _number(1e9, "months gained (+) or lost (-)", blank=0.0)
    assert math.isnan(value)
    assert error == (
        "expected months gained (+) or lost (-), found 1000000000.0 (beyond the plausible range)"
    )
    assert _number("NaN", "months")[1] == "expected months, found 'NaN'"


@pytest.mark.parametrize(
    "value, message",
    [
        ("01/01/0001", "outside the years 1900-2100"),
        ("29/02/2027", "there is no day 29 in February 2027"),
        ("2026-07-40", "there is no day 40 in July 2026"),
        ("Jul 2199", "outside the years 1900-2100"),
    ],
)
def test_impossible_dates_are_refused_not_coerced(value, message):
    with pytest.raises(ValueError, match=message):
        calendar.parse_month(value)


def test_a_leap_day_in_a_leap_year_is_a_date():
    assert calendar.parse_month("29/02/2028") == pd.Period("2028-02", freq="M")


def test_two_digit_years_are_read_around_the_reference_year():
    assert calendar.place_two_digit_year(99, 2026) == 1999  # 27 years back, not 73 ahead
    assert calendar.place_two_digit_year(13, 2014) == 2013
    assert calendar.place_two_digit_year(2, 1998) == 2002
    with pytest.raises(ValueError, match="'99' is not within 10 years of 2026"):
        calendar.place_two_digit_year(99, 2026, window=10)


def test_go_live_two_digit_year_outside_the_register_window_is_an_error():
    assert _month("Jul-27", 2026) == (pd.Period("2027-07", freq="M"), None)
    month, error = _month("Jul-99", 2026)
    assert month is None and "'99' is not within 10 years of 2026" in error
    month, error = _month(dt.datetime(2099, 7, 1), 2026)
    assert (
        month is None and "Jul 2099 is more than 10 years from the register's year 2026/27" in error
    )


def test_register_cells_name_each_coercion_refused(tmp_path):
    rows = [row[:] for row in (EXAMPLE, SECOND, THIRD)]
    rows[0][8] = "NaN"  # I6: FYE
    rows[1][5] = "Apr-99"  # F7: a 2013/14 register cannot place '99'
    rows[1][9] = "£12,3,4"  # J7
    rows[2][17] = 1e9  # R8: change in delivery
    rows[2][16] = "1_000"  # Q8: most likely
    with pytest.raises(ValidationError) as caught:
        load_register(appendix(tmp_path / "qipp.xlsx", rows, totals=False))
    cells = [line.split(":")[0].rsplit("!", 1)[1] for line in caught.value.lines()]
    assert sorted(cells) == ["F7", "I6", "J7", "Q8", "R8"]


def test_actuals_refuse_nan_and_inf_through_the_shared_parser(tmp_path):
    from openpyxl import Workbook

    from commissioning_analytics.io.actuals import load_actuals

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", "Scheme", "Month", "Actual Saving £"])
    sheet.append(["1", "MSK triage", "Jul-26", "NaN"])  # was read as £0
    sheet.append(["2", "Biosimilar", "Jul-26", "inf"])  # made actual to date infinite
    sheet.append(["3", "Crisis cafe", "Jul-26", "£1,200"])
    workbook.save(tmp_path / "actuals.xlsx")
    with pytest.raises(ValidationError) as caught:
        load_actuals(tmp_path / "actuals.xlsx")
    assert [line.rsplit("!", 1)[1] for line in caught.value.lines()] == [
        "D2: expected an amount in £, found 'NaN'",
        "D3: expected an amount in £, found 'inf'",
    ]


def test_a_huge_cell_is_quoted_short_in_its_error():
    value, error = _money("x" * 32_000)
    assert math.isnan(value) and len(error) < 100
    assert error == "expected an amount in £, found '" + "x" * 55 + "...'"
