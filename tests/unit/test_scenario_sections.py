"""The pack's scenario, risk and bring-forward sections on a small data folder."""

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from IPython.display import HTML, Markdown

from commissioning_analytics.month import month_from_frames
from commissioning_analytics.pages import change_in_delivery as scenario_sections
from fixtures import three_schemes

pytestmark = pytest.mark.unit


def register():
    return three_schemes()


@pytest.fixture
def shown(monkeypatch):
    out = []
    monkeypatch.setattr(scenario_sections, "display", out.append)
    return out


def month(tmp_path: Path, scenario: str = "", files: dict | None = None):
    folder = tmp_path / "raw"
    (folder / "scenarios").mkdir(parents=True)
    for name, text in (files or {}).items():
        (folder / "scenarios" / name).write_text(text)
    return month_from_frames(register(), 2026, "2026-10", data_dir=folder, scenario=scenario)


SLIP = "name: Planned care slips\nchanges:\n  - theme: Planned Care\n    shift_months: 3\n"


def text(objects) -> str:
    return "\n".join(o.data if isinstance(o, (HTML, Markdown)) else "" for o in objects)


def test_side_by_side_shows_totals_curves_and_changed_schemes(tmp_path, shown):
    scenario_sections.scenarios_side_by_side(month(tmp_path, "slip", {"slip.yml": SLIP}))
    assert any(isinstance(o, go.Figure) for o in shown)
    page = text(shown)
    # No actuals: the outturn is the forecast. Baseline 210,000, £30.0k short of 240,000.
    # Reporting October: scheme 1 (July) is live and does not slip (held); scheme 3 slips from
    # January to April 2027, losing 3 x 10,000: 180,000, £60.0k short.
    assert "£210k" in page and "£30.0k short" in page
    assert "£180k" in page and "£60.0k short" in page
    assert "3 Follow-ups" in page and "1 Hips" not in page and "2 Generics" not in page
    assert "1 change held back" in page and "from **November 2026**" in page


def test_no_scenarios_or_bad_files_say_so(tmp_path, shown):
    scenario_sections.scenarios_side_by_side(month(tmp_path))
    assert "No scenarios in the data folder" in text(shown)
    shown.clear()
    scenario_sections.scenarios_side_by_side(
        month(tmp_path / "b", files={"bad.yml": "name: Bad\nchanges:\n  - shift_months: x\n"})
    )
    assert "bad.yml: changes[0].shift_months: expected a whole number" in text(shown)
    shown.clear()
    scenario_sections.scenarios_side_by_side(None)
    assert "no register" in text(shown)


def test_unknown_scenario_parameter_falls_back_to_the_baseline(tmp_path, shown):
    scenario_sections.delivery_risk(month(tmp_path, "nope", {"slip.yml": SLIP}), draws=500)
    page = text(shown)
    assert "scenario 'nope': no such scenario (there are: slip)" in page
    assert "the register as it stands" in page


def test_risk_and_bring_forward_on_the_selected_scenario(tmp_path, shown):
    m = month(tmp_path, "slip", {"slip.yml": SLIP})
    scenario_sections.delivery_risk(m, draws=500)
    assert "scenario **Planned care slips**" in text(shown)
    assert any(isinstance(o, go.Figure) for o in shown)
    shown.clear()
    scenario_sections.bring_forward_plan(month(tmp_path / "b"))
    # Baseline needs 30,000 more. Reporting October: scheme 2 (October) is live and cannot
    # move; scheme 3 (January, phase 4) can reach November: 2 x 10,000, so 10,000 short.
    page = text(shown)
    assert "(1 scheme, 2 months)" in page and "£10.0k short" in page and "Nov 2026" in page


def test_picker_builds_widgets(tmp_path):
    box = scenario_sections.scenario_picker(month(tmp_path, "slip", {"slip.yml": SLIP}))
    picker, fig, details = box.children
    assert picker.options == ("Baseline", "Planned care slips")
    assert picker.value == "Planned care slips"
    assert list(fig.data[1].y)[-1] == pytest.approx(180_000)
    assert list(fig.data[1].x)[0] == "Apr 2026" and len(fig.data[1].x) == 12
    picker.value = "Baseline"
    assert list(fig.data[1].y)[-1] == pytest.approx(210_000)
    assert "£210k" in details.value


def test_a_data_folder_risk_file_replaces_the_defaults(tmp_path, shown):
    m = month(tmp_path)
    certain = "{slip_months: {0: 1}, shortfall: {0.5: 1}}"
    (m.data_dir / "risk.yml").write_text(
        f"calibrate: false\ngreen: {certain}\namber: {certain}\nred: {certain}\n"
    )
    scenario_sections.delivery_risk(m, draws=100)
    page = text(shown)
    # Every scheme delivers half: nothing reaches the 240,000 plan. The file is named in the
    # page's About note at the foot, not in the section a director reads.
    assert "**0%**" in page and "risk.yml" not in page
    about = scenario_sections.inputs(m).data
    assert "from `risk.yml` in the data folder" in about
    # Not calibrated. No actuals: the months to October count at their (weighted) forecast:
    # scheme 1 July-October 4 x 10,000 + scheme 2 October 20,000 x 75% = 55,000. After it each
    # scheme delivers half, unweighted: scheme 1 5 x 5,000, scheme 2 5 x 10,000, scheme 3
    # January-March 3 x 5,000 = 90,000. Mean 145,000: £65.0k below the outturn of 210,000.
    assert "**£55.0k** April to October 2026" in page
    assert "mean simulated outturn is **£145k**, £65.0k below the outturn of **£210k**" in page
    (m.data_dir / "risk.yml").write_text("green: {}\n")
    shown.clear()
    scenario_sections.delivery_risk(m, draws=100)
    assert "risk.yml: green.slip_months: missing" in text(shown)


def test_risk_section_states_the_mean_against_the_outturn(tmp_path, shown):
    scenario_sections.delivery_risk(month(tmp_path), draws=2_000)
    page = text(shown)
    assert "against the outturn of **£210k**" in page  # the baseline forecast, no actuals


def test_per_scheme_tables_show_the_largest_and_sum_the_rest(tmp_path, shown):
    # 40 schemes of one theme, FYE 12,000 x (1..40) (1,000 x i a month), going live in
    # January 2027 (3 months in year), all green; a slip of 3 months takes each to April:
    # scheme i loses 3,000 x i. The 25 largest are 16-40; the other 15 (1-15) lose
    # 3,000 x (1 + ... + 15) = 360,000.
    n = 40
    frame = pd.DataFrame(
        {
            "scheme_id": [str(i) for i in range(1, n + 1)],
            "scheme": [f"S{i}" for i in range(1, n + 1)],
            "theme": "Planned Care",
            "phase": pd.array([2] * n, dtype="Int64"),
            "go_live": pd.PeriodIndex(["2027-01"] * n, freq="M"),
            "fye_net_saving": [12_000.0 * i for i in range(1, n + 1)],
            "rag_overall": "green",
            "change_in_delivery_months": 0.0,
        }
    )
    folder = tmp_path / "raw"
    (folder / "scenarios").mkdir(parents=True)
    (folder / "scenarios" / "slip.yml").write_text(SLIP)
    m = month_from_frames(frame, 2026, "2026-10", data_dir=folder, scenario="slip")
    scenario_sections.scenarios_side_by_side(m)
    page = text(shown)
    assert "the other 15 change the outturn by \u2212£360k in all" in page
    assert "The 25 largest of 40 scheme changes are shown." in page
    assert "<td>40 S40</td>" in page and "<td>16 S16</td>" in page
    assert "<td>15 S15</td>" not in page
