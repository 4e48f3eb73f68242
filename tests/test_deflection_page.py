"""The shipped sample programme loads, models and draws; the notebook is thin and clean."""

import json
import sys
from pathlib import Path

import pytest

from commissioning_analytics.pages import deflection as page
from commissioning_analytics.datafolder import DataFolder
from commissioning_analytics.io.deflection import load_activity, load_interventions

ROOT = Path(__file__).resolve().parents[1]
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


def test_sample_shift_is_a_special_cause_improvement(sample):
    # The urgent community response deflects a quarter of A&E attendances at once (May 2025):
    # every month since is below the mean, the latest a special cause improvement.
    row = sample.chart_summary.set_index("series").loc["INT08"]
    assert row["variation"] == "special_cause_improvement"
    after = sample.chart[(sample.chart["series"] == "INT08")
                         & (sample.chart["month"] >= "2025-05")]
    assert after["special_cause_flag"].all()


def test_sample_plan_closes_the_gap_by_the_last_year_and_less_aspiration_leaves_more(sample):
    last = sample.gap_table.iloc[-1]
    assert last["year"] == "2028/29" and last["left_gbp"] == 0
    figure = page.reduced_aspiration(sample, 0.75)
    assert "of the 2028/29 gap left" in figure.layout.title.text
    # Bars: the four years as planned, then the four with the reduced aspiration.
    left = [bar for bar in figure.data if bar.name == "Gap left"][0].y
    assert left[3] == 0 and left[7] > 1_000_000


def test_every_section_draws(sample):
    for section in (page.headline, page.planned_vs_realised, page.recovery, page.tpi_summary,
                    page.tpi_charts, page.savings_by_year, page.gap_closure):
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
