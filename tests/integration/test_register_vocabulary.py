"""Ratings read by their values through the one vocabulary (io/ratings.py), a mapping file's
``values``, ``weights`` and ``exclude_rows``, and the load report's account of every column and
row (warnings for columns that look like a field but were not read)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from commissioning_analytics.errors import ConfigError, ValidationError
from commissioning_analytics.io import ratings
from commissioning_analytics.io.register import load_register
from commissioning_analytics.schema import Scheme

pytestmark = pytest.mark.integration

HEADER = ["Ref", "Scheme", "Go live", "FYE £", "Plan 2024/25 £"]


def _register(path, rating_header, ratings_column, extra=None, fills=None):
    """Four schemes, FYE £120k each from April 2024, and one rating column (row 3 on)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Schemes"
    ws.append(["Savings plan 2024/25"])
    ws.append([*HEADER, rating_header, *(extra or {})])
    for i, rating in enumerate(ratings_column):
        more = [values[i] for values in (extra or {}).values()]
        ws.append([f"S{i + 1}", f"Scheme {i + 1}", "Apr-24", 120_000, 120_000, rating, *more])
    for ref, colour in (fills or {}).items():
        ws[ref].fill = PatternFill("solid", fgColor=colour)
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("header", "values", "expected", "scale"),
    [
        (
            "Status",
            ["On track", "At risk", "Off track", "Complete"],
            "green amber red green",
            "status words",
        ),
        ("RAG", ["Blue", "Green", "Amber", "Red"], "green green amber red", "BRAG"),
        ("RAG", ["Red", "Amber", "Yellow", "Green"], "red amber amber green", "RAYG"),
        ("Confidence", ["High", "Medium", "Low", "High"], "green amber red green", "confidence"),
        ("Delivery risk", ["High", "Medium", "Low", "Low"], "red amber green green", "risk"),
        ("Confidence %", ["95%", "80%", "40%", "62%"], "green amber red red", "percentage"),
    ],
)
def test_a_rating_of_any_scale_is_read_by_its_values(tmp_path, header, values, expected, scale):
    load = load_register(_register(tmp_path / "r.xlsx", header, values))
    assert load.report.choices.set_index("header").loc[header, "column"] == Scheme.rag_overall
    assert list(load.schemes[Scheme.rag_overall]) == expected.split()
    used = load.report.ratings
    assert set(used["column"]) == {Scheme.rag_overall}
    assert scale in set(used["scale"])
    assert sum(used["schemes"]) == 4


def test_percentages_stored_as_numbers_are_read_as_likelihoods(tmp_path):
    # Excel keeps 95% as 0.95: the nearest board weight (100 / 75 / 50) gives the rating
    load = load_register(_register(tmp_path / "r.xlsx", "Confidence", [0.95, 0.8, 0.4, 0.62]))
    assert list(load.schemes[Scheme.rag_overall]) == ["green", "amber", "red", "red"]
    assert set(load.report.ratings["value"]) == {"95%", "80%", "40%", "62%"}


def test_the_load_report_shows_the_vocabulary_used(tmp_path):
    load = load_register(
        _register(tmp_path / "r.xlsx", "Status", ["On track", "On track", "At risk", "Off track"])
    )
    lines = load.report.account()
    assert (
        "rag_overall read through the rating vocabulary: 'On track' -> green (status words, 2), "
        "'At risk' -> amber (status words, 1), 'Off track' -> red (status words, 1)"
    ) in lines


def test_a_rating_header_over_words_of_no_scale_is_a_warning_and_a_mapping_translates_them(
    tmp_path,
):
    path = _register(tmp_path / "r.xlsx", "Status", ["Fine", "Wobbly", "Fine", "Bad"])
    load = load_register(path)
    assert load.schemes[Scheme.rag_overall].isna().all()
    assert load.report.warnings == [
        "F2: 'Status' is headed like a rating but its values ('Fine', 'Wobbly', 'Bad') are no "
        "rating scale's, so it was not read: a mapping file's 'values:' can translate them"
    ]
    mapping = tmp_path / "layout.yml"
    mapping.write_text("values:\n  Fine: green\n  wobbly: Amber\n  BAD: red\n")
    load = load_register(path, mapping=mapping)
    assert list(load.schemes[Scheme.rag_overall]) == ["green", "amber", "green", "red"]
    assert set(load.report.ratings["scale"]) == {"mapping file"}
    assert load.report.warnings == []


def test_a_column_named_a_rating_in_a_mapping_file_refuses_a_word_of_no_scale(tmp_path):
    path = _register(tmp_path / "r.xlsx", "Status", ["Fine", "Green", "Fine", "Red"])
    mapping = tmp_path / "layout.yml"
    mapping.write_text("columns:\n  Status: rag_overall\n")
    with pytest.raises(ValidationError) as caught:
        load_register(path, mapping=mapping)
    assert caught.value.lines()[0].startswith(
        "r.xlsx!Schemes!F3: unknown RAG rating 'Fine': expected Green, Amber or Red"
    )


def test_a_mapping_file_can_read_a_standard_word_otherwise(tmp_path):
    # a programme whose "Not started" means nothing is in place: red, not the vocabulary's amber
    path = _register(tmp_path / "r.xlsx", "Status", ["Not started", "On track", "On track", "x"])
    mapping = tmp_path / "layout.yml"
    mapping.write_text("values:\n  not started: red\n  x: amber\n")
    load = load_register(path, mapping=mapping)
    assert list(load.schemes[Scheme.rag_overall]) == ["red", "green", "green", "amber"]


def test_a_mapping_value_must_be_a_rating_and_a_weight_0_to_1(tmp_path):
    path = _register(tmp_path / "r.xlsx", "RAG", ["Green"] * 4)
    mapping = tmp_path / "layout.yml"
    mapping.write_text("values:\n  On track: purple\nweights:\n  amber: 1.5\n  blue: 0.5\n")
    with pytest.raises(ConfigError) as caught:
        load_register(path, mapping=mapping)
    assert caught.value.lines() == [
        "layout.yml: values 'On track': 'purple' is not one of green, amber, red, in_delivery, "
        "not_started, in_progress, opportunity, unidentified, pay, non_pay, income, other",
        "layout.yml: weights 'amber': 1.5: expected green, amber, red, unrated with a weight "
        "from 0 to 1 (or 0% to 100%)",
        "layout.yml: weights 'blue': 0.5: expected green, amber, red, unrated with a weight "
        "from 0 to 1 (or 0% to 100%)",
    ]


def test_a_mapping_file_sets_weights_for_the_model(tmp_path):
    path = _register(tmp_path / "r.xlsx", "RAG", ["Green", "Amber", "Red", None])
    mapping = tmp_path / "layout.yml"
    mapping.write_text("weights:\n  amber: 70%\n  red: 0.4\n  unrated: 0.25\n")
    load = load_register(path, mapping=mapping)
    assert load.weights == {"amber": 0.7, "red": 0.4, "unrated": 0.25}


def test_exclude_rows_leaves_a_block_out_and_names_each_row(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Schemes"
    ws.append(["Savings plan 2024/25"])
    ws.append(HEADER)
    ws.append(["S1", "Virtual wards", "Apr-24", 120_000, 120_000])
    ws.append(["Risks", "Description", "Owner", "Likelihood", "Impact"])  # a second table
    ws.append(["R1", "Recruitment", "Apr-24", 3, 4])
    ws.append(["S2", "Care homes", "Oct-24", 60_000, 30_000])
    wb.save(tmp_path / "r.xlsx")
    mapping = tmp_path / "layout.yml"
    mapping.write_text("exclude_rows: ['4-5']\n")
    load = load_register(tmp_path / "r.xlsx", mapping=mapping)
    assert list(load.schemes[Scheme.scheme_id]) == ["S1", "S2"]
    assert list(load.schemes[Scheme.source]) == ["r.xlsx!Schemes!3", "r.xlsx!Schemes!6"]
    rows = load.report.rows.set_index("row")
    assert list(rows.loc[[4, 5], "outcome"]) == ["excluded", "excluded"]
    assert rows.loc[4, "reason"] == "excluded by the mapping file (rows 4-5)"
    assert (
        "not read as a scheme: rows 4, 5 (excluded: excluded by the mapping file (rows 4-5))"
        in (load.report.account())
    )


@pytest.mark.parametrize("bad", ["'9-3'", "'four'", "[0]"])
def test_exclude_rows_must_be_rows(tmp_path, bad):
    mapping = tmp_path / "layout.yml"
    mapping.write_text(f"exclude_rows: {bad}\n")
    path = _register(tmp_path / "r.xlsx", "RAG", ["Green"] * 4)
    with pytest.raises(ConfigError, match="exclude_rows .*expected a row or a range like '40-55'"):
        load_register(path, mapping=mapping)


def test_a_column_of_ratings_not_read_is_a_warning(tmp_path):
    # "Finance" and "Delivery" both hold ratings; only one overall rating is read
    path = _register(
        tmp_path / "r.xlsx",
        "RAG",
        ["Green", "Amber", "Green", "Red"],
        extra={"Delivery status": ["On track", "At risk", "On track", "Off track"]},
    )
    load = load_register(path)
    assert load.report.warnings == [
        "G2: 'Delivery status' holds ratings ('On track', 'At risk', 'Off track') but was not "
        "read as one: name it in a mapping file if it is"
    ]
    assert load.report.account()[0].startswith("warning: G2: 'Delivery status' holds ratings")


def test_a_column_of_money_under_another_year_is_a_warning_and_one_with_no_header_is_named(
    tmp_path,
):
    path = _register(
        tmp_path / "r.xlsx",
        "RAG",
        ["Green"] * 4,
        extra={"Saving 2027/28 £": [50_000, 60_000, 70_000, 80_000], None: [1, None, None, 2]},
    )
    load = load_register(path)
    assert load.report.warnings == [
        "G2: 'Saving 2027/28 £' names 2027/28 and holds money but was not read as one: name it "
        "in a mapping file if it is"
    ]
    assert "H2: (no header text; 2 of the first 4 rows below have values) not read" in (
        load.report.unmapped_headers
    )


def test_a_rating_column_of_plain_rag_words_has_no_vocabulary_line(tmp_path):
    load = load_register(_register(tmp_path / "r.xlsx", "RAG", ["Green", "G", "amber", "Red"]))
    assert not any("vocabulary" in line for line in load.report.account())
    assert load.report.account() == []


def test_a_blank_cell_painted_is_read_by_its_fill_through_the_vocabulary(tmp_path):
    path = _register(
        tmp_path / "r.xlsx",
        "RAG",
        [None, None, "Green", None],
        fills={"F3": "FFFF0000", "F4": "FFFFC000"},
    )
    load = load_register(path)
    assert list(load.schemes[Scheme.rag_overall].fillna("none")) == [
        "red",
        "amber",
        "green",
        "none",
    ]
    read = load.report.ratings.set_index("value")
    assert read.loc["(fill)", "schemes"].tolist() == [1, 1]
    assert read.loc["(blank)", "schemes"] == 1


@pytest.mark.parametrize(
    ("colour", "word"),
    [
        ("#FF0000", "red"),
        ("#FFC000", "amber"),
        ("#FFFF00", "amber"),
        ("#00B050", "green"),
        ("#0070C0", None),
        ("#FFFFFF", None),
        ("#808080", None),
        (None, None),
    ],
)
def test_a_fill_colour_is_read_by_hue(colour, word):
    assert ratings.rating_of_fill(colour) == word


@pytest.mark.parametrize(
    ("share", "rating"),
    [
        (1.0, "green"),
        (0.88, "green"),
        (0.87, "amber"),
        (0.625, "red"),
        (0.63, "amber"),
        (0.5, "red"),
        (0.0, "red"),
    ],
)
def test_a_likelihood_is_the_rating_of_the_nearest_board_weight(share, rating):
    assert ratings.rating_of_percent(share) == rating


def test_unrated_schemes_are_named_with_the_weight_they_count_at(tmp_path):
    from commissioning_analytics.model.phasing import weight_set

    path = _register(tmp_path / "r.xlsx", "RAG", ["Green", None, "Amber", None])
    load = load_register(path)
    board = weight_set("board").unrated_weight
    assert board == 0.5
    assert (
        "2 scheme(s) have no overall rating (S2, S4): counted at the weight set's unrated "
        f"weight (weights.yml 'unrated', a prudent default: board {board:.0%}), not in full"
    ) in load.report.notes
    mapping = tmp_path / "layout.yml"
    mapping.write_text("weights:\n  unrated: 0.6\n")
    load = load_register(path, mapping=mapping)
    assert (
        "2 scheme(s) have no overall rating (S2, S4): counted at 60%, the mapping file's "
        "unrated weight"
    ) in load.report.notes


def test_every_scheme_rated_has_no_unrated_note(tmp_path):
    load = load_register(_register(tmp_path / "r.xlsx", "RAG", ["Green", "Red", "Amber", "G"]))
    assert not any("no overall rating" in note for note in load.report.notes)
