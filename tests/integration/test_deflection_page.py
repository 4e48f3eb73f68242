"""The shipped sample programme loads, models and draws; the notebook is thin and clean."""

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from commissioning_analytics.io.datafolder import DataFolder
from commissioning_analytics.io.deflection import load_activity, load_interventions
from commissioning_analytics.pages import deflection as page
from commissioning_analytics.views import deflection as views

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def sample():
    return page.open_deflection("2026-10", str(DATA))


def test_sample_workbooks_load_and_account_for_every_row():
    folder = DataFolder(DATA)
    loaded = load_interventions(folder.interventions)
    assert 15 <= len(loaded.interventions) <= 20
    assert loaded.gap["financial_year"].tolist() == [2025, 2026, 2027, 2028]
    activity = load_activity(folder.activity, loaded.interventions)
    # April 2023 - October 2026 is 43 months, for 18 interventions and 4 points of delivery.
    assert len(activity.activity) == 43 * (18 + 4)
    assert (activity.report["outcome"] == "loaded").sum() == len(activity.activity)


def test_sample_flags_the_two_under_delivering_interventions(sample):
    flagged = sample.summary[sample.summary["in_recovery"]]["intervention_id"].tolist()
    assert flagged == ["INT07", "INT12"]


def test_sample_step_change_is_rebased_at_mobilisation(sample):
    # The urgent community response deflects a quarter of A&E attendances at once (May 2025).
    # The limits are recalculated from that month (a rebase): the mean after it is below the
    # lower limit before it, and no point before it is flagged because of it.
    chart = sample.chart[sample.chart["series"] == "INT08"]
    before = chart[chart["month"] < "2025-05"]
    after = chart[chart["month"] >= "2025-05"]
    assert set(before["rebase_group"]) == {0} and set(after["rebase_group"]) == {1}
    assert after["mean"].iloc[0] < before["lpl"].iloc[0]
    assert not before["special_cause_flag"].any()
    # The planned level starts at mobilisation: no target before it.
    assert before["target"].isna().all() and after["target"].notna().all()


def test_sample_plan_closes_the_gap_by_the_last_year_and_less_aspiration_leaves_more(sample):
    last = sample.gap_table.iloc[-1]
    assert last["year"] == "2028/29" and last["left_gbp"] == 0
    figure = page.reduced_aspiration(sample, 0.75)
    assert "of the 2028/29 gap left" in figure.layout.title.text
    # Bars: the four years as planned, then the four with the reduced aspiration.
    left = [bar for bar in figure.data if bar.name == "Gap left"][0].y
    assert left[3] == 0 and left[7] > 1_000_000


def test_every_section_draws(sample):
    for section in (
        page.headline,
        page.planned_vs_realised,
        page.recovery,
        page.tpi_summary,
        page.tpi_charts,
        page.savings_by_year,
        page.gap_closure,
        page.activity_by_point_of_delivery,
        page.net_saving_to_date,
        page.losing_interventions,
        page.needing_attention,
    ):
        assert section(sample) is not None


def test_absent_workbooks_give_notes_not_errors(tmp_path):
    assert page.open_deflection("2026-10", str(tmp_path)) is None
    assert "Not available" in page.gap_closure(None).data


def test_notebook_is_thin_parameterised_and_clean():
    notebook = json.loads((ROOT / "notebooks" / "50_deflection.ipynb").read_text())
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    parameters = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1 and code[0] is parameters[0]
    assert "".join(parameters[0]["source"]).startswith('period: str = "2026-10"')


def test_sample_generator_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from sample_data import deflection

    first = deflection.activity_frame()
    assert first.equals(deflection.activity_frame())
    written = deflection.write(tmp_path)
    again = load_interventions(written[0]).interventions
    shipped = load_interventions(DATA / "deflection" / "interventions.xlsx").interventions
    assert again.drop(columns="source").equals(shipped.drop(columns="source"))


# Figures below were recomputed independently of this code from the sample workbooks (issue 10):
# realised net saving to October 2026 ~£1.08m of £1.76m planned (61%); 2025/26 realised ~£333k
# against £643.7k planned; £306k of 2028/29 from three interventions not yet mobilised; the
# mental health crisis café losing £40k a year (140k gross - 180k reinvestment).


def test_headline_is_in_pounds_with_the_reinvestment_on_both_sides(sample):
    text = page.headline(sample).data
    assert "net saving of **£1.08m** against **£1.76m** planned (**61%**)" in text
    # 2025/26 is over: its realised net saving, not the plan, closes its gap.
    assert "2025/26 (over): the net saving realised, **£333k**" in text
    assert "the plan was £644k" in text
    # 2028/29 is "closed" only with the interventions not started: said, with their names.
    assert "£306k of it is planned from 3 interventions not started yet" in text
    assert "Virtual hospital for COPD" in text
    # The activity share that added bed days to attendances is gone.
    assert "of the deflection planned" not in text


def test_interventions_losing_money_are_named(sample):
    text = page.headline(sample).data
    assert "Mental health crisis café (−£40.0k a year)" in text
    assert "Primary care academy: minor illness (−£7.68k a year)" in text
    table = page.losing_interventions(sample).data
    assert table.index("Mental health crisis café") < table.index("Primary care academy")
    assert "£140k" in table and "£180k" in table  # 560 attendances x £250; the service's cost


def test_no_table_or_axis_adds_unlike_units(sample):
    import re

    table = page.savings_by_year(sample).data
    headers = re.findall(r"<th>(.*?)</th>", table)
    assert "Activity deflected" not in headers
    assert {
        "A&amp;E attendances",
        "Bed days",
        "Non-elective admissions",
        "Outpatient appointments",
    } <= set(headers)
    # Integrated neighbourhood teams 2025/26, columns A&E, admissions, bed days, appointments:
    # A&E attendances (high-intensity users, 15% of 9,600 = 1,440 a year less a 3-month ramp:
    # 1,440 x 11 / 12 = 1,320); admissions (care homes, 15% of 900 = 135 a year from July with a
    # 6-month ramp: 135 / 12 x (9 - 2.5) = 73); bed days (frailty virtual ward, 12% of 14,000 =
    # 1,680 a year less its 6-month ramp: 1,680 x (12 - 2.5) / 12 = 1,330); never one sum of
    # 2,723.
    row = re.search(
        r"<td>Integrated neighbourhood teams</td><td>2025/26</td>(.*?)</tr>", table
    ).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[:4] == ["1,320", "73", "1,330", ""]
    assert "2,723" not in row
    by_pod = page.activity_by_point_of_delivery(sample).data
    assert "Total" not in by_pod
    # Each panel of the planned-against-realised chart has one point of delivery, in its title.
    figure = page.planned_vs_realised(sample)
    titles = [figure.layout[k].title.text for k in figure.layout if k.startswith("xaxis")]
    assert sorted(titles) == sorted(
        f"{p} deflected to date"
        for p in set(sample.summary.query("planned_to_date > 0")["point_of_delivery"])
    )


def test_realised_legend_colour_is_the_colour_of_its_bars(sample):
    from commissioning_analytics.figures.deflection import IN_RECOVERY, REALISED

    figure = page.planned_vs_realised(sample)
    realised = [t for t in figure.data if t.name == "Realised"]
    recovery = [t for t in figure.data if t.name == "Realised: in recovery"]
    assert {t.marker.color for t in realised} == {REALISED}
    assert {t.marker.color for t in recovery} == {IN_RECOVERY}
    # Two interventions in recovery (INT07, INT12), drawn in the recovery colour only.
    assert sum(len(t.y) for t in recovery) == 2
    assert REALISED != IN_RECOVERY


def test_gap_chart_shows_realised_years_gone_and_unmobilised_apart(sample):
    position = sample.position.set_index("year")
    assert position.loc["2025/26", "basis"] == "realised"
    assert position.loc["2025/26", "closed_gbp"] == pytest.approx(333_000, abs=500)
    assert position.loc["2028/29", "planned_not_mobilised_gbp"] == pytest.approx(306_320)
    figure = page.gap_closure(sample)
    bars = {t.name: t for t in figure.data if t.type == "bar"}
    assert bars["Realised net saving"].y[0] == pytest.approx(333_000, abs=500)
    assert "2025/26<br>(realised)" == bars["Realised net saving"].x[0]
    hatched = bars["Planned: interventions not yet started"]
    assert hatched.marker.pattern.shape == "/"
    # 2028/29: £306,320 planned from them closes the last £285,480 of the gap (£20,840 spare).
    assert hatched.y[3] == pytest.approx(285_480)


def test_assurance_is_judged_against_the_trajectory_from_mobilisation(sample):
    summary = sample.chart_summary.set_index("series")
    # The crisis café realises 104% of its plan: never "consistently fails".
    assert sample.summary.set_index("intervention_id").loc["INT16", "realisation_to_date"] > 1
    assert summary.loc["INT16", "assurance"] != "consistent_fail"
    # Interventions not mobilised by October 2026 have no target, so no assurance.
    for series in ("INT15", "INT17", "INT18"):
        assert np.isnan(summary.loc[series, "target"])
        assert pd.isna(summary.loc[series, "assurance"])
    # Point-of-delivery totals have none either.
    assert pd.isna(summary.loc["Bed days", "assurance"])


def test_needing_attention_lists_every_concern_and_every_failing_or_hit_and_miss(sample):
    attention = page.attention(sample)
    summary = sample.chart_summary
    expected = set(
        summary.loc[
            (summary["variation"] == "special_cause_concern")
            | summary["assurance"].isin(["consistent_fail", "inconsistent"]),
            "series",
        ]
    )
    assert set(attention["series"]) == expected
    # The special-cause concern (children's urgent care: activity rising) comes first.
    assert attention["series"].iloc[0] == "INT18"
    assert attention["reason"].iloc[0] == "special-cause concern"
    # Among the hit-and-miss, the two in recovery first.
    assert attention["series"].iloc[1:3].tolist() == ["INT07", "INT12"]
    figure = page.tpi_charts(sample)
    assert f"({len(expected)})" in figure.layout.title.text
    # Each chart carries its two icons (one for an indicator without a target) as SVG images.
    assert len(figure.layout.images) == 2 * len(expected) - 1


def test_icons_are_svg_with_their_meaning_in_words():
    import xml.etree.ElementTree as ET

    from commissioning_analytics.figures import deflection as figures

    kinds = [
        "common_cause",
        "improvement_high",
        "improvement_low",
        "concern_high",
        "concern_low",
        "neutral_high",
        "neutral_low",
    ]
    for kind in kinds:
        root = ET.fromstring(figures.variation_icon(kind))
        assert (
            root.find("{http://www.w3.org/2000/svg}title").text
            == figures.VARIATION_ICON_WORDS[kind]
        )
    assert figures.variation_kind("special_cause_concern", "decrease") == "concern_high"
    assert figures.variation_kind("special_cause_improvement", "decrease") == "improvement_low"
    passes = figures.assurance_icon("consistent_pass")
    fails = figures.assurance_icon("consistent_fail")
    assert figures.MDC_IMPROVEMENT in passes and figures.MDC_CONCERN in fails
    assert ">P</text>" in passes and ">F</text>" in fails
    assert ">?</text>" in figures.assurance_icon("inconsistent")
    table = page.tpi_summary(page.open_deflection("2026-10", str(DATA))).data
    assert table.count("<svg") == 22 + 14  # every indicator; 14 with a target


def test_a_damaged_workbook_leaves_the_page_out_with_a_note(tmp_path, capsys):
    import shutil

    folder = tmp_path / "deflection"
    folder.mkdir()
    shutil.copy(DATA / "deflection" / "activity.xlsx", folder / "activity.xlsx")
    # A real xlsx with its sheet's XML cut off half-way.
    import zipfile

    source = zipfile.ZipFile(DATA / "deflection" / "interventions.xlsx")
    with zipfile.ZipFile(folder / "interventions.xlsx", "w") as damaged:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            damaged.writestr(item, data)
    inputs, note = page.load("2026-10", str(tmp_path))
    assert inputs is None
    assert note.startswith("> **Activity deflection is left out of this pack:**")
    assert "deflection left out" in capsys.readouterr().err
    assert "Not available" in page.headline(None).data
    # Invalid rather than damaged: each problem named by its cell, the page still left out.
    (folder / "interventions.xlsx").write_bytes(b"not a zip")
    inputs, note = page.load("2026-10", str(tmp_path))
    assert inputs is None and "interventions.xlsx" in note


def test_notebook_has_a_page_title():
    notebook = json.loads((ROOT / "notebooks" / "50_deflection.ipynb").read_text())
    assert notebook["metadata"]["title"] == "Activity deflection"


def test_the_page_runs_as_the_pack_runs_it_with_a_damaged_workbook(tmp_path):
    # The pack's own runner (papermill, then HTML): the page completes with the note and the
    # page title, so the pack goes on; only the register and the period can stop a pack.
    from commissioning_analytics.pack.notebooks import run_notebook

    data = tmp_path / "data"
    (data / "deflection").mkdir(parents=True)
    (data / "deflection" / "interventions.xlsx").write_bytes(b"PK\x03\x04 damaged")
    (data / "deflection" / "activity.xlsx").write_bytes(b"PK\x03\x04 damaged")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    result = run_notebook(
        ROOT / "notebooks" / "50_deflection.ipynb",
        scratch,
        {"period": "2026-10", "data_dir": str(data)},
        nav="",
    )
    assert result.error is None
    assert result.title == "Activity deflection"
    page_html = result.page.read_text()
    assert "Activity deflection is left out of this pack" in page_html
    assert "<title>Activity deflection" in page_html  # the browser title, not "Notebook"


def test_workbooks_read_but_not_computable_leave_the_page_out_with_a_note(
    tmp_path, capsys, monkeypatch
):
    # Whatever goes wrong after the workbooks are read, the page is left out with a note.
    def broken(*args, **kwargs):
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(views, "build", broken)
    inputs, note = page.load("2026-10", str(DATA))
    assert inputs is None and "could not be computed" in note
    assert "ZeroDivisionError" in note
    assert "deflection left out" in capsys.readouterr().err


def test_key_figures_for_the_board_summary(sample):
    figures = views.key_figures(sample)
    assert figures["realised_net_to_date_gbp"] == pytest.approx(1_079_065, abs=1)
    assert figures["planned_net_to_date_gbp"] == pytest.approx(1_764_575, abs=1)
    assert figures["realised_share"] == pytest.approx(0.6115, abs=1e-4)
    # 2028/29: £2,470,840 planned, of which £306,320 from the three not started: without them
    # £2,164,520 of the £2,450,000 gap = 88.3%.
    assert figures["last_year_share_closed"] == 1.0
    assert figures["last_year_share_closed_without_not_started"] == pytest.approx(
        2_164_520 / 2_450_000
    )
    assert figures["losing"] == ["Mental health crisis café", "Primary care academy: minor illness"]
    assert figures["in_recovery"] == ["Care home enhanced support", "Community MSK triage"]
    assert len(figures["not_started"]) == 3
    assert figures["needing_attention"][0].startswith("INT18 Children's urgent care")
    assert views.key_figures(None) == {}


def test_about_states_the_two_of_three_default():
    text = page.about(None).data
    assert not page.SPC_OPTIONS.two_of_three_counts_outside
    assert "only points between the near and the process limits count" in text
    assert "the default, as the NHS-R Community's reference" in text


def test_the_rebase_falls_on_the_first_month_reported_from_mobilisation():
    # INT08 starts in May 2025; with May's activity missing, its limits are recalculated from
    # June 2025, the first month reported since it started.
    folder = DataFolder(DATA)
    loaded = load_interventions(folder.interventions)
    activity = load_activity(folder.activity, loaded.interventions).activity
    activity = activity[
        ~((activity["series"] == "INT08") & (activity["month"] == pd.Period("2025-05", "M")))
    ]
    inputs = views.build(loaded.interventions, loaded.gap, activity, "2026-10")
    chart = inputs.chart[inputs.chart["series"] == "INT08"]
    first_after = chart[chart["rebase_group"] == chart["rebase_group"].max()]["month"].min()
    assert first_after == pd.Period("2025-06", "M")
    assert chart["rebase_group"].nunique() == 2
