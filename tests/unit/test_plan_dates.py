"""Free-text due dates and Gantt time axes, against dates a reader can check on a calendar."""

import datetime as dt

import pytest

from commissioning_analytics.io.plan_dates import (
    AxisToken,
    axis_token,
    parse_due,
    resolve_axis,
)

pytestmark = pytest.mark.unit

D = dt.date


@pytest.mark.parametrize(
    "text, start, end, state",
    [
        # a month: its last day
        ("Jan 08", D(2008, 1, 1), D(2008, 1, 31), None),
        ("January 2008", D(2008, 1, 1), D(2008, 1, 31), None),
        ("Feb-08", D(2008, 2, 1), D(2008, 2, 29), None),  # 2008 is a leap year
        ("Sept 26", D(2026, 9, 1), D(2026, 9, 30), None),
        # two months: first day of the first to the last day of the last
        ("Feb & March 08", D(2008, 2, 1), D(2008, 3, 31), None),
        ("April – May 2008", D(2008, 4, 1), D(2008, 5, 31), None),
        ("April - May 2008", D(2008, 4, 1), D(2008, 5, 31), None),
        ("Feb/Mar 27", D(2027, 2, 1), D(2027, 3, 31), None),
        # a range over the new year: December is in the year before January
        ("Dec - Jan 09", D(2008, 12, 1), D(2009, 1, 31), None),
        # exact dates
        ("31/01/08", None, D(2008, 1, 31), None),
        ("15th March 2027", None, D(2027, 3, 15), None),
        ("w/c 14 Jan 08", D(2008, 1, 14), D(2008, 1, 20), None),  # Monday to Sunday
        # a quarter of a financial year: Q3 is October-December
        ("Q3 2026/27", D(2026, 10, 1), D(2026, 12, 31), None),
        ("Q4 2026/27", D(2027, 1, 1), D(2027, 3, 31), None),
        # states kept, with a date when one is named too
        ("Complete - Jan 08", D(2008, 1, 1), D(2008, 1, 31), "complete"),
        ("Ongoing", None, None, "ongoing"),
        ("On-going", None, None, "ongoing"),
        ("Complete", None, None, "complete"),
        ("Agreed", None, None, "agreed"),
        ("TBC", None, None, "tbc"),
        # "done" inside a sentence is not a state
        ("to be done by Jan 08", D(2008, 1, 1), D(2008, 1, 31), None),
    ],
)
def test_free_text_due_dates(text, start, end, state):
    due = parse_due(text)
    assert (due.start, due.end, due.state) == (start, end, state)


def test_a_month_without_a_year_is_never_guessed():
    due = parse_due("March Meeting")
    assert due.end is None
    assert "no year" in due.reason


@pytest.mark.parametrize(
    "reference, end",
    [
        (D(2008, 2, 10), D(2008, 3, 31)),  # the March after a February row
        (D(2007, 12, 31), D(2008, 3, 31)),  # December 2007 -> the March three months on
        (D(2008, 6, 30), D(2008, 3, 31)),  # June 2008 -> the March three months before
    ],
)
def test_march_meeting_is_the_march_nearest_the_rows_around_it(reference, end):
    assert parse_due("March Meeting", reference=reference).end == end


def test_a_day_number_is_not_read_as_a_year():
    # "15 Jan" has no year: 15 must not become 2015
    assert parse_due("by 15 Jan").end is None
    # placed by the rows around it: the day it names, 15 January 2027
    assert parse_due("by 15 Jan", reference=D(2026, 12, 1)).end == D(2027, 1, 15)


@pytest.mark.parametrize("text", ["", "See notes", "Dependent on procurement"])
def test_no_date_named_means_no_date(text):
    due = parse_due(text)
    assert due.end is None and due.start is None and due.reason


def test_excel_dates_pass_through():
    due = parse_due(dt.datetime(2026, 11, 13))
    assert due.end == D(2026, 11, 13) and due.text == "2026-11-13"


@pytest.mark.parametrize(
    "label, kind, number",
    [
        ("wk 1", "relweek", 1),
        ("Week 12", "relweek", 12),
        ("month4", "relmonth", 4),
        ("mnth5", "relmonth", 5),
        ("moth 6", "relmonth", 6),
        ("Mth 7", "relmonth", 7),
        ("Month 10", "relmonth", 10),
    ],
)
def test_numbered_axis_labels_including_misspellings(label, kind, number):
    token = axis_token(label)
    assert (token.kind, token.number) == (kind, number)


@pytest.mark.parametrize("label", ["Task", "Lead", "Milestone 3 review", "wombat 3", None, 4])
def test_other_headers_are_not_axis_labels(label):
    assert axis_token(label) is None


def _axis(labels, **kwargs):
    periods, problems = resolve_axis([axis_token(v) for v in labels], **kwargs)
    return periods, problems


def test_weeks_then_month_names_carry_the_year_over_december_to_january():
    # w/c 14, 21, 28 December 2026, then "Jan", "Feb" with no year: January is 2027.
    periods, problems = _axis(
        [
            dt.datetime(2026, 12, 14),
            dt.datetime(2026, 12, 21),
            dt.datetime(2026, 12, 28),
            "Jan",
            "Feb",
        ]
    )
    assert problems == []
    assert [p.kind for p in periods] == ["week"] * 3 + ["month"] * 2
    assert periods[2].end == D(2027, 1, 3)  # w/c Monday 28 Dec ends Sunday 3 Jan
    assert (periods[3].start, periods[3].end) == (D(2027, 1, 1), D(2027, 1, 31))
    assert periods[4].end == D(2027, 2, 28)


def test_month_names_alone_take_their_year_from_one_dated_neighbour():
    periods, problems = _axis(["Nov", "Dec", "Jan", "Feb 2027"])
    assert problems == []
    # leading months take the year from the right: Jan 2027, Dec and Nov 2026
    assert [p.start for p in periods] == [
        D(2026, 11, 1),
        D(2026, 12, 1),
        D(2027, 1, 1),
        D(2027, 2, 1),
    ]


def test_week_numbers_follow_a_dated_week():
    periods, problems = _axis(["wk 1", "wk 2", dt.date(2026, 10, 19), "wk 4"])
    assert problems == []
    # wk 2 is the week before 19 Oct, wk 1 the one before that; wk 4 the week after
    assert [p.start for p in periods] == [
        D(2026, 10, 5),
        D(2026, 10, 12),
        D(2026, 10, 19),
        D(2026, 10, 26),
    ]


def test_misspelt_month_numbers_continue_a_month_axis():
    periods, problems = _axis(["Jan 2027", "Feb", "month3", "mnth4", "moth 5"])
    assert problems == []
    assert [p.start.month for p in periods] == [1, 2, 3, 4, 5]
    assert periods[-1].end == D(2027, 5, 31)


def test_month_numbers_with_only_a_financial_year_in_the_title():
    # "month4" of 2026/27 is M4, July 2026; "month10" is January 2027
    periods, problems = _axis(["month4", "month5", "month6", "month10"], fy_hint=2026)
    assert problems == []
    assert [p.start for p in periods] == [
        D(2026, 7, 1),
        D(2026, 8, 1),
        D(2026, 9, 1),
        D(2027, 1, 1),
    ]


def test_first_of_month_dates_a_month_apart_are_months():
    periods, _ = _axis(
        [dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1), dt.date(2026, 7, 1)]
    )
    assert [p.kind for p in periods] == ["month"] * 4
    assert periods[1].end == D(2026, 5, 31)


def test_an_axis_with_no_year_anywhere_is_a_problem_not_a_guess():
    periods, problems = _axis(["wk 1", "wk 2", "wk 3", "wk 4"])
    assert periods == [None] * 4
    assert len(problems) == 4


def test_a_column_earlier_than_its_neighbour_is_a_problem():
    periods, problems = resolve_axis(
        [AxisToken("month", month=3, year=2027), AxisToken("month", month=1, year=2027)]
    )
    assert [p.index for p in problems] == [1]
    assert "not after" in str(problems[0])


def test_a_quarterly_axis_is_quarters_of_the_financial_year():
    from commissioning_analytics.io.plan_dates import axis_token, resolve_axis

    # "Q1" ... with the year from the title (2016/17); the second Q1 is 2017/18
    tokens = [axis_token(t) for t in ("Q1", "Q2", "Q3", "Q4", "Q1", "Q2")]
    periods, problems = resolve_axis(tokens, fy_hint=2016)
    assert not problems
    assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [
        ("2016-04-01", "2016-06-30"),
        ("2016-07-01", "2016-09-30"),
        ("2016-10-01", "2016-12-31"),
        ("2017-01-01", "2017-03-31"),
        ("2017-04-01", "2017-06-30"),
        ("2017-07-01", "2017-09-30"),
    ]
    # a year on one label places its neighbours: Q4 after Q3 2016/17 ends 31 March 2017
    periods, _ = resolve_axis([axis_token(t) for t in ("Q3 2016/17", "Q4", "Q1", "Q2")])
    assert periods[1].end.isoformat() == "2017-03-31" and periods[2].label == "Q1 2017/18"
    assert axis_token("Q1 savings") is None and axis_token("Q5") is None


def test_two_digit_years_are_read_in_a_window_never_the_2090s():
    # issue 12: "Jul-99" was July 2099; the POSIX window reads 69-99 as 1969-1999
    assert parse_due("Jul-99").end == dt.date(1999, 7, 31)
    assert parse_due("Jan 08").end == dt.date(2008, 1, 31)
    assert parse_due("Dec 68").end == dt.date(2068, 12, 31)


@pytest.mark.parametrize(
    "text, after, start, end",
    [
        # raised 26 September 2024: the first 14 October on or after it; the week to Sunday
        ("w/c 14/10", D(2024, 9, 26), D(2024, 10, 14), D(2024, 10, 20)),
        # raised in November: 14 October is next year's
        ("w/c 14/10", D(2024, 11, 28), D(2025, 10, 14), D(2025, 10, 20)),
        ("By 31/01", D(2024, 11, 28), None, D(2025, 1, 31)),
        # "End of June" raised in September 2024 is June 2025, not the June before it
        ("End of June", D(2024, 9, 26), D(2025, 6, 1), D(2025, 6, 30)),
        # a year written wins over the date raised
        ("June 2024", D(2024, 9, 26), D(2024, 6, 1), D(2024, 6, 30)),
    ],
)
def test_a_day_or_month_without_a_year_falls_due_after_it_was_raised(text, after, start, end):
    due = parse_due(text, after=after)
    assert (due.start, due.end) == (start, end)


def test_a_day_and_month_without_a_year_or_any_reference_is_no_date():
    assert parse_due("w/c 14/10").end is None
    assert parse_due("31/02", after=D(2024, 1, 1)).end is None  # no such day
    assert parse_due("item 1.1", after=D(2024, 1, 1)).end is None  # a dot is no date


def test_week_commencing_text_without_a_year_takes_the_title_financial_year():
    # "w/c 25/11" ... "w/c 13/01" under a "2024/25" title: November 2024 to January 2025
    labels = ["w/c 25/11", "w/c 02/12", "w/c 09/12", "w/c 16/12"]
    tokens = [axis_token(t) for t in labels]
    assert tokens[0] == AxisToken("week", month=11, number=25)
    periods, problems = resolve_axis(tokens, fy_hint=2024)
    assert not problems
    assert [p.start for p in periods] == [
        D(2024, 11, 25),
        D(2024, 12, 2),
        D(2024, 12, 9),
        D(2024, 12, 16),
    ]
    tokens = [axis_token(t) for t in ["w/c 23/12", "w/c 30/12", "w/c 06/01", "w/c 13/01"]]
    periods, problems = resolve_axis(tokens, fy_hint=2024)
    assert not problems
    assert [p.end for p in periods] == [
        D(2024, 12, 29),
        D(2025, 1, 5),
        D(2025, 1, 12),
        D(2025, 1, 19),
    ]


def test_week_and_month_numbers_count_from_a_project_start_date():
    start = D(2024, 10, 7)  # a Monday
    weeks = [axis_token(f"Week {k}") for k in range(1, 5)]
    periods, problems = resolve_axis(weeks, start_hint=start)
    assert not problems
    assert [(p.start, p.end) for p in periods] == [
        (D(2024, 10, 7), D(2024, 10, 13)),
        (D(2024, 10, 14), D(2024, 10, 20)),
        (D(2024, 10, 21), D(2024, 10, 27)),
        (D(2024, 10, 28), D(2024, 11, 3)),
    ]
    months = [axis_token(f"Month {k}") for k in range(1, 5)]
    periods, _ = resolve_axis(months, start_hint=start)
    assert [p.start for p in periods] == [
        D(2024, 10, 1),
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
    ]
    # a financial year in the title still decides month numbers (M1 = April)
    periods, _ = resolve_axis(months, fy_hint=2024, start_hint=start)
    assert periods[0].start == D(2024, 4, 1)


@pytest.mark.parametrize(
    "text, start, end",
    [
        # a financial year named alone: April to March
        ("2025/26", D(2025, 4, 1), D(2026, 3, 31)),
        ("By end of 2025/26", D(2025, 4, 1), D(2026, 3, 31)),
        ("FY 24/25", D(2024, 4, 1), D(2025, 3, 31)),
        # halves of a financial year (NHS planning): H1 April-September, H2 October-March
        ("H2 2024/25", D(2024, 10, 1), D(2025, 3, 31)),
        ("H1 25/26", D(2025, 4, 1), D(2025, 9, 30)),
        # a calendar year alone: its last day
        ("2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("By end of 2026", D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_a_year_or_half_year_named_alone_is_due_on_its_last_day(text, start, end):
    due = parse_due(text)
    assert (due.start, due.end) == (start, end)


def test_numbers_that_are_no_year_stay_undated():
    # "14/10" is not a financial year 2014/10; "Phase 2025b" names no year alone
    assert parse_due("14/10").end is None
    assert parse_due("Phase 2025b").end is None


def test_a_day_and_month_name_without_a_year_keep_their_day():
    # raised 28 November 2024: "15th March" is 15 March 2025, not the end of March
    assert parse_due("15th March", after=D(2024, 11, 28)).end == D(2025, 3, 15)
    assert parse_due("By 3 Feb", reference=D(2025, 1, 20)).end == D(2025, 2, 3)
    due = parse_due("w/c 5 May", after=D(2025, 4, 1))
    assert (due.start, due.end) == (D(2025, 5, 5), D(2025, 5, 11))
    assert parse_due("31 February", after=D(2025, 1, 1)).end is None


def test_columns_a_fortnight_apart_each_cover_two_weeks():
    # every other Monday from 6 January 2025: each column runs to the Sunday before the next
    mondays = [dt.datetime(2025, 1, 6) + dt.timedelta(weeks=2 * k) for k in range(4)]
    periods, problems = resolve_axis([axis_token(m) for m in mondays])
    assert not problems
    assert [(p.start, p.end) for p in periods] == [
        (D(2025, 1, 6), D(2025, 1, 19)),
        (D(2025, 1, 20), D(2025, 2, 2)),
        (D(2025, 2, 3), D(2025, 2, 16)),
        (D(2025, 2, 17), D(2025, 3, 2)),
    ]
    # weekly columns keep their seven days
    weeks = [dt.datetime(2025, 1, 6) + dt.timedelta(weeks=k) for k in range(3)]
    periods, _ = resolve_axis([axis_token(m) for m in weeks])
    assert periods[-1].end == D(2025, 1, 26)


def test_working_days_a_day_apart_are_days():
    # a daily Gantt over working days: Thursday 9 to Tuesday 14 January 2025, no weekend
    days = [dt.datetime(2025, 1, d) for d in (9, 10, 13, 14)]
    periods, problems = resolve_axis([axis_token(d) for d in days])
    assert not problems
    assert [(p.kind, p.start, p.end) for p in periods] == [
        ("day", D(2025, 1, 9), D(2025, 1, 9)),
        ("day", D(2025, 1, 10), D(2025, 1, 10)),
        ("day", D(2025, 1, 13), D(2025, 1, 13)),
        ("day", D(2025, 1, 14), D(2025, 1, 14)),
    ]


def test_day_and_month_names_typed_as_text_are_weeks_placed_by_the_title_year():
    tokens = [axis_token(t) for t in ["29-Sep", "06-Oct", "13 Oct", "20-Oct"]]
    assert tokens[1] == AxisToken("week", month=10, number=6)
    periods, problems = resolve_axis(tokens, fy_hint=2025)
    assert not problems
    assert [p.start for p in periods] == [
        D(2025, 9, 29),
        D(2025, 10, 6),
        D(2025, 10, 13),
        D(2025, 10, 20),
    ]


@pytest.mark.parametrize(
    "text, start, end",
    [
        # a financial year's quarters: Q1 April-June ... Q4 January-March, however the year
        # is written; due on the last day of the (last) quarter named
        ("Q3 2025/26", D(2025, 10, 1), D(2025, 12, 31)),
        ("Q3 2025-26", D(2025, 10, 1), D(2025, 12, 31)),
        ("Quarter 3 2025/2026", D(2025, 10, 1), D(2025, 12, 31)),
        ("Qtr 2 FY26", D(2025, 7, 1), D(2025, 9, 30)),  # FY26 is 2025/26
        ("2025/26 Q4", D(2026, 1, 1), D(2026, 3, 31)),
        ("end of Q1 25/26", D(2025, 4, 1), D(2025, 6, 30)),
        # two quarters: from the first to the end of the last (was: the end of the first)
        ("Q1-Q2 2025/26", D(2025, 4, 1), D(2025, 9, 30)),
        ("Q2 & Q3 2025-26", D(2025, 7, 1), D(2025, 12, 31)),
        # a half year written with a hyphen
        ("H2 2025-26", D(2025, 10, 1), D(2026, 3, 31)),
    ],
)
def test_a_quarter_of_a_financial_year_is_due_on_its_last_day(text, start, end):
    due = parse_due(text)
    assert (due.start, due.end, due.reason) == (start, end, None)


def test_a_quarter_with_a_calendar_year_names_no_date_and_says_why():
    # Q3 of 2025 (July-September) or Q3 of 2025/26 (October-December)? never a guess
    due = parse_due("Q3 2025")
    assert due.end is None
    assert "calendar year 2025, not of a financial year" in due.reason


def test_a_quarter_alone_is_placed_by_the_rows_or_the_date_raised():
    assert parse_due("Q3").end is None and "no financial year" in parse_due("Q3").reason
    # the Q3 nearest a row dated 1 February 2025: October-December 2024, not 2025
    assert parse_due("Q3", reference=D(2025, 2, 1)).end == D(2024, 12, 31)
    # raised 1 October 2025: the first Q1 ending after it, April-June 2026
    assert parse_due("by Q1", after=D(2025, 10, 1)).end == D(2026, 6, 30)
    # other words name the date: the quarter does not take over
    assert parse_due("Q1 report to March 26 board").end == D(2026, 3, 31)
