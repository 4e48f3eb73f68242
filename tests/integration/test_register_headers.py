"""The evidence scorer (io/headers.py): years, units, month headers, value profiles, the
assignment, and registers read by it that no word list was tuned to."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from commissioning_analytics.io.headers import (
    Field,
    HeaderCell,
    ValueProfile,
    assign,
    header_year,
    hungarian,
    money_unit,
    month_label,
)
from commissioning_analytics.io.register import load_register
from commissioning_analytics.schema import Scheme

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "text, year",
    [
        ("2013/14 Planned Saving", 2013),
        ("Plan 2013-14", 2013),
        ("13/14", 2013),
        ("Plan 2013 / 2014", 2013),
        ("FY14", 2013),
        ("FY 2014", 2013),
        ("FY2013/14", 2013),
        ("Savings 19/20", 2019),
        ("2019-2020", 2019),
        ("Rag Rating 23/01/2013", None),
        ("Director Assessment 14/10/2013", None),
        ("Months +/-", None),
        ("1/2", None),
        ("Scheme", None),
    ],
)
def test_the_financial_year_a_header_names(text, year):
    assert header_year(text) == year


@pytest.mark.parametrize(
    "text, unit",
    [
        ("Plan £000", "£000"),
        ("(£000s)", "£000"),
        ("All values £'000", "£000"),
        ("FYE £k", "£000"),
        ("System plan (£m)", "£m"),
        ("£ms", "£m"),
        ("Gross £", None),
        ("Savings", None),
    ],
)
def test_money_units(text, unit):
    found = money_unit(text)
    assert (found[0] if found else None) == unit


@pytest.mark.parametrize(
    "value, label",
    [
        ("Apr-19", ("month", pd.Period("2019-04", "M"))),
        ("March 2020", ("month", pd.Period("2020-03", "M"))),
        (dt.datetime(2020, 6, 1), ("month", pd.Period("2020-06", "M"))),
        ("M1", ("number", 1)),
        ("Month 12", ("number", 12)),
        ("Mth 03", ("number", 3)),
        ("Apr", ("name", 1)),
        ("Mar", ("name", 12)),
        ("Marketing", None),
        ("Months", None),
        ("M13", None),
    ],
)
def test_month_headers(value, label):
    assert month_label(value) == label


def test_hungarian_finds_the_least_total_cost():
    rng = np.random.default_rng(7)
    for n, m in [(3, 3), (4, 6), (5, 5)]:
        cost = rng.integers(0, 20, size=(n, m)).astype(float)
        best = min(
            sum(cost[i, p[i]] for i in range(n)) for p in itertools.permutations(range(m), n)
        )
        pairs = hungarian(cost)
        assert len({c for _, c in pairs}) == n
        assert sum(cost[r, c] for r, c in pairs) == best


def test_one_word_in_two_headers_is_settled_jointly():
    # "Scheme" and "Scheme delivery" both have the word; the ratings decide the second.
    fields = [
        Field("scheme", ((r"\bscheme\b", 3.0),), values="name"),
        Field("rating", ((r"delivery", 2.0),), values="rag"),
    ]
    cells = [
        HeaderCell(1, "", "Scheme delivery", ["Red", "Green", "Amber"]),
        HeaderCell(2, "", "Scheme", ["Falls service", "Wound care", "Estates"]),
    ]
    result = assign(fields, cells)
    assert result.column("scheme") == 2 and result.column("rating") == 1


def test_value_profile_shares():
    p = ValueProfile.of([1, 2, 12, "Green", None, "Jul-13", 602_000])
    assert p.n == 6
    assert p.whole_0_12 == pytest.approx(3 / 6)
    assert p.rag == pytest.approx(1 / 6) and p.month == pytest.approx(1 / 6)


def test_a_category_of_words_is_not_a_phase_and_fye_comes_from_plan_and_go_live(tmp_path):
    path = tmp_path / "b.xlsx"
    wb = Workbook()
    for row in [
        [
            "Ref",
            "Scheme Description",
            "Savings Category",
            "RAG Rating",
            "Implementation",
            "Total Planned Savings 19/20 £",
            "Recurrent / Non Recurrent",
        ],
        [1, "Continence", "Prescribing", "G", dt.datetime(2019, 10, 1), 10_000, "Recurrent"],
        [2, "Stoma", "Prescribing", "R", dt.datetime(2019, 4, 1), 24_000, "Non Recurrent"],
    ]:
        wb.active.append(row)
    wb.save(path)
    load = load_register(path)
    schemes = load.schemes.set_index(Scheme.scheme_id)
    assert list(schemes[Scheme.theme]) == ["Prescribing", "Prescribing"]
    assert schemes[Scheme.phase].isna().all()
    # Live October 2019 = 6 months of 2019/20: FYE = 10,000 x 12 / 6 = 20,000. One-off: its plan.
    assert list(schemes[Scheme.fye_net_saving]) == [20_000, 24_000]
    assert any("plan in year x 12 / months in year" in n for n in load.report.notes)


def _sheet(path, rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_plan_and_actual_months_in_one_header_row(tmp_path):
    months = [
        "Apr-19",
        "May-19",
        "Jun-19",
        "Jul-19",
        "Aug-19",
        "Sep-19",
        "Oct-19",
        "Nov-19",
        "Dec-19",
        "Jan-20",
        "Feb-20",
        "Mar-20",
    ]
    path = _sheet(
        tmp_path / "d.xlsx",
        [
            ["CCG QIPP 2019/20 £k"],
            [
                "Ref",
                "Scheme",
                *[f"Plan {m}" for m in months],
                *[f"Actual {m}" for m in months[:3]],
                "Total plan",
            ],
            ["A", "Falls", *[1] * 12, 1, 1, 0.5, 12],
            ["B", "Wound", *[0] * 6, *[2] * 6, 0, 0, 0, 12],
        ],
    )
    load = load_register(path)
    schemes = load.schemes.set_index(Scheme.scheme_id)
    # £k: A plans 12 x 1 = 12 (£12,000) from April; B 6 x 2 = 12 from October, FYE 2 x 12 = 24.
    assert list(schemes[Scheme.plan_in_year]) == [12_000, 12_000]
    assert list(schemes[Scheme.go_live].astype(str)) == ["2019-04", "2019-10"]
    assert list(schemes[Scheme.fye_net_saving]) == [12_000, 24_000]
    actual = load.monthly_actual[load.monthly_actual[Scheme.scheme_id] == "A"]
    assert list(actual["actual_gbp"]) == [1_000, 1_000, 500]


def test_numbers_under_scheme_beside_a_scheme_name_are_the_scheme_numbers(tmp_path):
    path = _sheet(
        tmp_path / "e.xlsx",
        [
            ["Scheme", "Scheme Name", "Start date", "Annual saving (£)", "Gross Plan", "Net Plan"],
            [11, "Falls", "Apr-21", 1000, 1200, 1000],
            [12, "Wound", "Oct-21", 2000, 2400, 1000],
        ],
    )
    schemes = load_register(path).schemes
    assert list(schemes[Scheme.scheme_id]) == ["11", "12"]
    assert list(schemes[Scheme.scheme]) == ["Falls", "Wound"]
    assert list(schemes[Scheme.gross_opportunity]) == [1200, 2400]
    assert list(schemes[Scheme.plan_in_year]) == [1000, 1000]


def test_five_point_and_brag_ratings_read_as_the_worse_colour(tmp_path):
    path = _sheet(
        tmp_path / "f.xlsx",
        [
            ["Ref", "Scheme", "Go live", "FYE", "Delivery confidence"],
            ["1", "A", "Apr-23", 10, "Amber/Green"],
            ["2", "B", "Apr-23", 10, "A/R"],
            ["3", "C", "Apr-23", 10, "Blue"],
            ["4", "D", "Apr-23", 10, "red - amber"],
        ],
    )
    schemes = load_register(path).schemes
    assert list(schemes[Scheme.rag_overall]) == ["amber", "red", "green", "red"]


def test_four_plain_words_are_a_register_and_a_bare_saving_is_the_full_year_effect(tmp_path):
    path = _sheet(
        tmp_path / "h.xlsx",
        [
            ["Code", "Name", "Start", "Saving"],
            ["C1", "Falls", "Apr-24", 1000],
            ["C2", "Wound", "Oct-24", 2000],
        ],
    )
    load = load_register(path)
    assert list(load.schemes[Scheme.fye_net_saving]) == [1000, 2000]
    assert load.schemes[Scheme.plan_in_year].isna().all()
    # "Saving" could be this year's plan: chosen as the FYE, and said so.
    assert any(n.startswith("close call: 'Saving' -> fye_net_saving") for n in load.report.notes)
