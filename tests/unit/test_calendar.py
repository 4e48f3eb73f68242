import datetime as dt

import pandas as pd
import pytest

from commissioning_analytics import calendar

pytestmark = pytest.mark.unit


def P(text):
    return pd.Period(text, freq="M")


@pytest.mark.parametrize(
    "month, year, number",
    [("2014-03", 2013, 12), ("2014-04", 2014, 1), ("2013-12", 2013, 9), ("2014-01", 2013, 10)],
)
def test_march_april_boundary(month, year, number):
    assert calendar.fy_start_year(P(month)) == year
    assert calendar.fy_month_number(P(month)) == number


def test_labels_round_trip():
    assert calendar.fy_label(2013) == "2013/14"
    assert calendar.fy_label(1999) == "1999/00"
    assert calendar.parse_fy_label("No of Months Saving in 13/14") == 2013
    assert calendar.parse_fy_label("2013/14 Delivery Value £") == 2013
    assert calendar.parse_fy_label("2026-27") == 2026
    with pytest.raises(ValueError):
        calendar.parse_fy_label("13/15")
    assert calendar.find_fy_label("Scheme") is None


def test_fy_months_run_april_to_march():
    months = calendar.fy_months(2013)
    assert (months[0], months[-1], len(months)) == (P("2013-04"), P("2014-03"), 12)


@pytest.mark.parametrize(
    "go_live, expected",
    [("2013-04", 12), ("2013-07", 9), ("2014-03", 1), ("2014-04", 0), ("2012-11", 12)],
)
def test_months_in_year(go_live, expected):
    assert calendar.months_in_year(P(go_live), 2013) == expected


@pytest.mark.parametrize(
    "value",
    [
        "Jul-13",
        "July 2013",
        "jul 13",
        "2013-07",
        "01/07/2013",
        dt.datetime(2013, 7, 15),
        dt.date(2013, 7, 1),
        41456,
        "Jul 2013",
        "JULY-2013",
    ],
)
def test_every_way_of_writing_july_2013(value):
    assert calendar.parse_month(value) == P("2013-07")


@pytest.mark.parametrize("value", ["Jull-13", "Q2", "", "13/14", "2013-13"])
def test_unreadable_months_are_refused(value):
    with pytest.raises(ValueError):
        calendar.parse_month(value)


def test_month_end():
    assert calendar.month_end(P("2024-02")) == dt.date(2024, 2, 29)
