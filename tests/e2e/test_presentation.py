"""The pack a director reads: the one money format, the board summary's rules (verdict, bridge,
top risks, proposals, movement since last month), commentary and the command line's help and
exit codes. The built pages are checked in tests/test_pack_print.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from commissioning_analytics import month as month_module
from commissioning_analytics import style
from commissioning_analytics.cli import build_parser, main
from commissioning_analytics.commentary import load_commentary, page_key, parse_markdown
from commissioning_analytics.figures import finish, money_ticks, table_html
from commissioning_analytics.io.register import load_register
from commissioning_analytics.model import decisions
from commissioning_analytics.model import verdict as verdict_rules
from commissioning_analytics.model.headline import bridge_steps, headline
from commissioning_analytics.month import load_month, month_from_frames
from commissioning_analytics.pack import summary as index
from commissioning_analytics.views import summary as summary_views
from fixtures import appendix

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw"


# --- the one money format ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "pounds, text",
    [
        (1_234_567, "£1.23m"),
        (456_000, "£456k"),
        (-28_700, "\u2212£28.7k"),
        (950, "£950"),
        (3_790_000, "£3.79m"),
        (504_300, "£504k"),
        (999_600, "£1.00m"),
        (0, "£0"),
        (-0.2, "£0"),
        (12_345_678, "£12.3m"),
        (45_600, "£45.6k"),
        (14_721_000_000, "£14.7bn"),
        (999_700_000, "£1.00bn"),
        (-2_879_000_000, "\u2212£2.88bn"),
    ],
)
def test_money_is_three_significant_figures_with_a_true_minus(pounds, text):
    assert style.money(pounds) == text
    assert re.fullmatch(style.MONEY_PATTERN, text)


def test_money_pattern_refuses_the_old_formats():
    for wrong in ("£500.0k", "£2.5M", "£−200k", "-£28.7k", "£1,23", "£13.90m", "£1234"):
        assert not re.fullmatch(style.MONEY_PATTERN, wrong), wrong


def test_exact_pounds_only_for_tie_outs():
    assert style.money_exact(10_198_185.4) == "£10,198,185"
    assert style.money_exact(-125_000) == "\u2212£125,000"
    assert re.fullmatch(style.MONEY_PATTERN, "£10,198,185")


def test_months_and_month_labels():
    assert style.months(1, signed=True) == "+1 month"
    assert style.months(-3) == "\u22123 months"
    assert style.month_label("2026-10") == "Oct 2026"


def test_long_names_wrap_at_spaces_never_mid_word():
    name = "Community nursing: integrated caseload management"
    wrapped = style.wrap(name, 28)
    assert wrapped == "Community nursing:<br>integrated caseload<br>management"
    assert wrapped.replace("<br>", " ") == name
    assert style.shorten(name, 38) == "Community nursing: integrated …"


def test_money_axis_ticks_use_the_money_format():
    values, text = money_ticks(0, 4_000_000)
    assert values == [0, 1e6, 2e6, 3e6, 4e6]
    assert text == ["£0", "£1.00m", "£2.00m", "£3.00m", "£4.00m"]
    assert money_ticks(-250_000, 100_000)[1] == [
        "\u2212£300k",
        "\u2212£200k",
        "\u2212£100k",
        "£0",
        "£100k",
    ]
    fig = {
        "data": [
            {
                "type": "bar",
                "x": [3_790_000, 10],
                "y": ["a", "b"],
                "orientation": "h",
                "text": ["£3.79m", "£10"],
                "textposition": "outside",
            }
        ],
        "layout": {"xaxis": {"tickprefix": "£", "tickformat": "~s"}, "width": 1400},
    }
    finish(fig)
    axis = fig["layout"]["xaxis"]
    assert "width" not in fig["layout"]  # figures follow the page's width
    assert axis["range"][1] == pytest.approx(3_790_000 * 1.15)  # room for the "£3.79m" label
    assert axis["ticktext"][-1] == "£4.00m" and axis["tickformat"] is None


def test_a_table_figure_becomes_an_html_table_with_every_row():
    rows = 9
    fig = {
        "data": [
            {
                "type": "table",
                "header": {"values": ["Action", "Lead"]},
                "cells": {
                    "values": [[f"task {i}" for i in range(rows)], ["x"] * rows],
                    "fill": {"color": [["white"] * rows, [style.NHS_RED] * rows]},
                },
            }
        ],
        "layout": {"title": {"text": "Actions overdue"}},
    }
    table = table_html(fig)
    assert table.count("<tr>") == rows + 1  # every row, never a scrolling box
    assert "<thead>" in table and "Actions overdue" in table
    assert table.count(f"background:{style.NHS_RED}") == rows


# --- the board summary's rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    "outturn, verdict",
    [
        (98.0, "on track"),
        (97.99, "at risk"),
        (90.0, "at risk"),
        (89.9, "off track"),
        (120.0, "on track"),
    ],
)
def test_verdict_rule(outturn, verdict):
    assert verdict_rules.VerdictRule().verdict(outturn, 100.0) == verdict
    assert verdict_rules.VerdictRule(on_track=0.95, at_risk=0.8).verdict(85.0, 100.0) == "at risk"


@pytest.fixture
def worked_month(tmp_path):
    """The three schemes of tests/_workbooks (2013/14), reported at September 2013, with
    scheme 2 (live April, £10,000 a month forecast) recording £8,000 a month."""
    load = load_register(appendix(tmp_path / "qipp.xlsx"))
    actuals = pd.DataFrame(
        {
            "scheme_id": "2",
            "month": pd.period_range("2013-04", "2013-09", freq="M"),
            "actual_gbp": 8_000.0,
            "source": "test",
        }
    )
    return month_from_frames(load.schemes, load.year, "2013-09", actuals)


def test_bridge_from_plan_to_outturn_adds_up(worked_month):
    head = summary_views.headline_figures(worked_month)
    # plan 451,500 + 120,000 + 15,000; most likely 338,625 + 120,000 + 7,500;
    # forecast 301,000 + 120,000 + 10,000 (see tests/_workbooks.py)
    assert head["plan"] == pytest.approx(586_500)
    assert head["most_likely"] == pytest.approx(466_125)
    assert head["forecast"] == pytest.approx(431_000)
    # forecast April-September: scheme 1 from August at 602,000/12 x 0.75 = 37,625 a month
    # (2 months) and scheme 2 at 10,000 a month (6 months) = 135,250; actual 6 x 8,000
    assert head["forecast_to_date"] == pytest.approx(135_250)
    assert head["actual_to_date"] == pytest.approx(48_000)
    # scheme 1 is live in August and September but has no actual recorded: the outturn counts
    # its forecast there (issue 18), so only scheme 2's six months (forecast 60,000) are actual
    assert head["outturn"] == pytest.approx(48_000 + 431_000 - 60_000)  # 419,000
    steps = bridge_steps(headline(worked_month))  # the one bridge, as the summary shows it
    assert steps["value_gbp"].round(2).tolist() == [
        586_500,
        -120_375,
        -35_125,
        431_000,
        -12_000,
        419_000,
    ]
    assert steps["value_gbp"].iloc[:3].sum() == pytest.approx(steps["value_gbp"].iloc[3])
    assert steps["value_gbp"].iloc[3:5].sum() == pytest.approx(steps["value_gbp"].iloc[5])
    assert (
        verdict_rules.VerdictRule().verdict(head["outturn"], head["plan"]) == "off track"
    )  # 71.4 %


def test_top_risks_and_proposals(worked_month):
    schemes = summary_views.scheme_outturn(worked_month)
    top = decisions.top_risks(schemes)
    # at risk = plan - outturn: scheme 1 451,500 - 8 x 37,625 = 150,500 (no actual recorded:
    # August-September count the forecast); scheme 2 120,000 - (48,000 + 60,000) = 12,000;
    # scheme 3 15,000 - 10,000 = 5,000
    assert top["scheme_id"].tolist() == ["1", "2", "3"]
    assert top["at_risk_gbp"].round(2).tolist() == [150_500, 12_000, 5_000]
    proposed = decisions.proposals(schemes)
    assert proposed[["scheme_id", "proposal"]].values.tolist() == [["3", "recovery plan"]]


@pytest.fixture
def sample_copy(tmp_path):
    """The sample data folder alone (as in a fresh clone: no data/processed)."""
    data = tmp_path / "data" / "raw"
    shutil.copytree(SAMPLE, data)
    return data


def test_movement_since_last_month_from_the_shipped_history(sample_copy):
    month = load_month("2026-10", sample_copy)
    head = summary_views.headline_figures(month)
    previous = month_module.previous_tables(month)
    assert previous is not None and previous[2] == sample_copy / "history" / "2026-09"
    move = summary_views.movement(month, head, previous)
    # scripts/make_history.py: the differences from September, one of each kind
    assert ("Care home enhanced support", "amber", "red", "worse") in move["ratings"]
    assert ("Discharge to assess pathway", "amber", "green", "better") in move["ratings"]
    assert len(move["ratings"]) == 2
    assert move["added"] == ["Contract management: non-recurrent grants review (No 30)"]
    assert move["removed"] == ["Patient transport eligibility review (No 31)"]
    assert move["go_lives"] == [("Falls prevention and community rehab", "2026-11", "2026-12", 1)]
    then, now = move["forecast"]
    september = pd.read_csv(sample_copy / "history" / "2026-09" / "summary.csv")
    assert then == pytest.approx(
        float(september.set_index("figure").loc["forecast_in_year", "value"])
    )
    assert now == pytest.approx(head["forecast"])


def test_processed_tables_come_before_the_history(sample_copy):
    month = load_month("2026-10", sample_copy)
    processed = sample_copy.parent / "processed" / "2026-09"
    processed.mkdir(parents=True)
    shutil.copy(sample_copy / "history" / "2026-09" / "schemes.csv", processed)
    assert month_module.previous_tables(month)[2] == processed


def test_ratings_date_is_read_from_the_register():
    month = load_month("2026-10", SAMPLE)
    assert month_module.ratings_date(month) == dt.date(2026, 4, 23)  # "Rag Rating 23/04/2026"


def test_the_summary_states_verdict_rule_and_missing_commentary(sample_copy):
    shutil.rmtree(sample_copy / "commentary")
    month = load_month("2026-10", sample_copy)
    page = index.render_index(month, None, [], "book.xlsx", "now")
    head = summary_views.headline_figures(month)
    share = head["outturn"] / head["plan"]
    expected = "off track" if share < 0.9 else "at risk" if share < 0.98 else "on track"
    assert f'data-verdict="{expected}"' in page
    assert "on track when the outturn is at least 98% of the plan" in page
    assert "No commentary has been written for October 2026" in page
    assert "Ratings as given on 23 April 2026" in page
    assert "Patient transport eligibility review" in page  # removed since September


# --- commentary -----------------------------------------------------------------------------------


def test_commentary_markdown_by_page_and_scheme(tmp_path):
    pages, schemes = parse_markdown(
        "# October\n\n## Summary\nOutturn fell by £120k.\n\n## Savings curves\nBack-loaded.\n\n"
        "## Scheme 12: cataracts\nProcurement delayed.\n"
    )
    assert pages == {"summary": "Outturn fell by £120k.", "savings_curves": "Back-loaded."}
    assert schemes == {"12": "Procurement delayed."}
    assert page_key("10_savings_curves") == page_key("Savings curves") == "savings_curves"


def test_commentary_yaml_and_its_absence(tmp_path):
    assert not load_commentary(tmp_path, "2026-10").found
    (tmp_path / "commentary").mkdir()
    (tmp_path / "commentary" / "2026-10.yml").write_text(
        "pages:\n  summary: On track.\n  40_project_plans: Two actions closed.\n"
        "schemes:\n  7: Virtual ward delayed.\n"
    )
    commentary = load_commentary(tmp_path, "2026-10")
    assert commentary.page("Summary") == "On track."
    assert commentary.page("project_plans") == "Two actions closed."
    assert commentary.scheme("7") == "Virtual ward delayed."


def test_commentary_and_owner_reach_the_summary(sample_copy, monkeypatch):
    (sample_copy / "commentary" / "2026-10.md").write_text(
        "## Summary\nThe <script>gap</script> narrowed.\n\n## Scheme 23\nSwitch date agreed in "
        "November. Both trusts signed.\n"
    )
    month = load_month("2026-10", sample_copy)
    month.register["owner"] = "A. Director"
    page = index.render_index(
        month, None, [], "book.xlsx", "now", commentary=load_commentary(sample_copy, "2026-10")
    )
    assert "&lt;script&gt;gap&lt;/script&gt; narrowed" in page  # shown as text, never run
    assert "<th>Owner</th>" in page and "A. Director" in page
    # scheme 23 is second of the top five risks; its action is the commentary's first sentence,
    # due at the end of the month it names, owned by the scheme's owner
    row = re.search(r"<tr><td>2</td>(?:(?!</tr>).)*</tr>", page, re.S).group(0)
    assert "Biosimilar switching" in row and "Switch date agreed in November." in row
    assert "Both trusts signed" not in row and "30 Nov 2026" in row
    assert row.count("A. Director") == 2  # the scheme's owner and the action's


# --- command line ---------------------------------------------------------------------------------


def test_reconcile_exit_codes_for_schedulers(tmp_path, capsys):
    assert main(["reconcile", str(SAMPLE / "qipp_register.xlsx")]) == 1  # 4 planted slips
    clean = appendix(tmp_path / "clean.xlsx")  # every stated figure follows the rules
    assert main(["reconcile", str(clean)]) == 0
    capsys.readouterr()  # (each read's load report on stderr)
    assert main(["reconcile", str(tmp_path / "missing.xlsx")]) == 2
    assert capsys.readouterr().err.count("\n") == 1  # one line, no traceback


def test_every_command_and_option_has_help_with_an_example():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert {"pack", "schemes", "reconcile", "plan"} <= set(subparsers.choices)
    for name, sub in subparsers.choices.items():
        assert sub.description, name
        assert "example" in (sub.epilog or ""), name
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}"
    pack_help = subparsers.choices["pack"].format_help()
    for option in ("--scenario NAME", "--weights {board,treasury}", "--pdf"):
        assert option in pack_help


def test_pack_refuses_an_unknown_scenario_and_a_missing_browser(
    sample_copy, tmp_path, capsys, monkeypatch
):
    out = tmp_path / "out"
    assert (
        main(
            [
                "pack",
                "--period",
                "2026-10",
                "--data",
                str(sample_copy),
                "--out",
                str(out),
                "--scenario",
                "no-such-plan",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "no-such-plan" in err and "recovery-plan" in err and "Traceback" not in err
    monkeypatch.setenv("COMMISSIONING_ANALYTICS_BROWSER", str(tmp_path / "no-browser"))
    assert (
        main(
            ["pack", "--period", "2026-10", "--data", str(sample_copy), "--out", str(out), "--pdf"]
        )
        == 2
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no Chromium, Chrome or Edge" in err[0]
    assert not (out / "2026-10").exists()  # nothing written


def test_a_browser_that_writes_no_pdf_is_one_plain_error(tmp_path):
    from commissioning_analytics.errors import UserError
    from commissioning_analytics.pack.pdf import print_page

    page = tmp_path / "index.html"
    page.write_text("<html><body>Summary</body></html>")
    with pytest.raises(UserError) as raised:
        print_page(page, tmp_path / "out.pdf", browser=shutil.which("false"))
    assert raised.value.lines()[0].startswith("index.html: the browser wrote no PDF (exit 1")
    assert not (tmp_path / "out.pdf").exists()


def test_an_amount_in_a_page_table_is_one_unbreakable_span():
    """'−£383k' wrapped as '−' over '£383k' in a narrow column: every money cell, formatted by
    the table or by the page, is set in a nowrap span; other cells are not."""
    from commissioning_analytics.pages.common import TABLE_STYLE, html_table

    frame = pd.DataFrame(
        {"Scheme": ["27443 Wound care"], "Effect": [style.money(-383_000)], "Plan": [1_200_000.0]}
    )
    table = html_table(frame, money_columns=["Plan"]).data
    assert '<td><span class="pack-money">\u2212£383k</span></td>' in table
    assert '<td><span class="pack-money">£1.20m</span></td>' in table
    assert "<td>27443 Wound care</td>" in table
    assert ".pack-money{white-space:nowrap}" in TABLE_STYLE
