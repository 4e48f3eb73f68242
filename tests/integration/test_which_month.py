"""Which sheet, which month, said (issue 18, data level): a data folder with two register or
actuals sheets reads the one pack.yml names, else the one naming the reporting month (said on
the summary), else stops naming both; the default reporting month is the last one substantially
reported (pack.yml ``reported_share``, 80%), a later partly reported month named."""

from __future__ import annotations

import datetime as dt

import pytest

from commissioning_analytics import month as report
from commissioning_analytics.errors import ConfigError, UserError
from commissioning_analytics.model.headline import headline
from commissioning_analytics.views import summary as summary_views
from fixtures import (
    add_actuals,
    blank_rating_and_no_go_live,
    drop_actuals,
    last_months_actuals_first,
    register_copy_first,
    sample_folder,
)

pytestmark = pytest.mark.integration

NOVEMBER = dt.date(2026, 12, 5)  # November 2026 has ended: the default could be November
SAMPLE_OUTTURN = 9_920_628.92  # the sample's October outturn, as the pack shows it


def test_the_register_sheet_pack_yml_names_is_read_and_said(tmp_path):
    folder = sample_folder(tmp_path / "data")
    copy = register_copy_first(folder)
    # two identical registers, none named: refused naming both (never the first silently)
    with pytest.raises(UserError) as refused:
        report.load_month("2026-10", folder)
    assert f"'{copy}', 'Appendix 2 QIPP'" in refused.value.lines()[0]
    (folder / "pack.yml").write_text("register_sheet: Appendix 2 QIPP\n")
    month = report.load_month("2026-10", folder)
    assert headline(month).forecast_outturn == pytest.approx(SAMPLE_OUTTURN, abs=0.01)
    assert any(
        "sheet 'Appendix 2 QIPP' read, as pack.yml's register_sheet" in n for n in month.notes
    )


def test_last_months_actuals_tab_placed_first_is_not_read_and_the_choice_is_listed(tmp_path):
    folder = sample_folder(tmp_path / "data")
    last_months_actuals_first(folder)
    month = report.load_month("2026-10", folder)
    # the October sheet (title M1-M7) is read: the sample's figures, not September's
    h = headline(month)
    assert h.actual_to_date == pytest.approx(3_320_531)
    assert h.forecast_outturn == pytest.approx(SAMPLE_OUTTURN, abs=0.01)
    listed = [x.detail for x in summary_views.input_exceptions(month)]
    assert listed == [
        "qipp_actuals.xlsx: sheet 'Actuals' read: of the actuals sheets ('Actuals Sep', "
        "'Actuals') it is the one whose name or title names October 2026"
    ]
    # pack.yml names September's tab: it is read, and said in the notes (not an exception)
    (folder / "pack.yml").write_text("actuals_sheet: Actuals Sep\n")
    september = report.load_month("2026-10", folder, allow_missing_actuals=True)
    assert september.input_exceptions == []
    assert any(
        "sheet 'Actuals Sep' read, as pack.yml's actuals_sheet" in n for n in september.notes
    )


def test_one_early_actual_does_not_make_the_default_month(tmp_path):
    folder = sample_folder(tmp_path / "data")
    add_actuals(folder, (1, "2026-11", 15_000))
    period, lines = report.default_period(folder, today=NOVEMBER)
    assert period == "2026-10"
    assert lines[0].startswith(
        "Reporting month October 2026: the last month that has ended in which at least 80% "
        "of the schemes live have an actual recorded (21 of 21;"
    )
    assert lines[1].startswith(
        "November 2026 is partly reported: actuals for 1 of the 22 schemes live (5%, under 80%)"
    )


def test_a_substantially_reported_month_is_the_default(tmp_path):
    # the other side: 18 of November's 22 live schemes reported (82%) make November the default
    folder = sample_folder(tmp_path / "data")
    month = report.load_month("2026-10", folder)
    ids = month.register["scheme_id"].astype(str).tolist()
    live = [i for i, saves in zip(ids, month.forecast.monthly[:, 7] > 0) if saves]
    assert len(live) == 22
    add_actuals(folder, *((int(i), "2026-11", 1_000) for i in live[:18]))
    assert report.default_period(folder, today=NOVEMBER)[0] == "2026-11"
    # ... and 17 of 22 (77%) do not, unless pack.yml lowers the share
    folder2 = sample_folder(tmp_path / "data2")
    add_actuals(folder2, *((int(i), "2026-11", 1_000) for i in live[:17]))
    assert report.default_period(folder2, today=NOVEMBER)[0] == "2026-10"
    (folder2 / "pack.yml").write_text("reported_share: 75%\n")
    assert report.default_period(folder2, today=NOVEMBER)[0] == "2026-11"


def test_a_scheme_not_yet_reported_counts_its_forecast_and_is_listed(tmp_path):
    folder = sample_folder(tmp_path / "data")
    drop_actuals(folder, 1, "2026-10")  # scheme 1 saved £14,261 in October; now not entered
    month = report.load_month("2026-10", folder)
    h = headline(month)
    assert h.actual_to_date == pytest.approx(3_320_531 - 14_261)
    forecast = month.forecast.monthly[0, 6]  # scheme 1's October forecast
    assert h.forecast_outturn == pytest.approx(SAMPLE_OUTTURN - 14_261 + forecast, abs=0.01)
    (line,) = summary_views.input_exceptions(month)
    assert (
        line.what
        == "1 live scheme with no actual yet for a reported month (the outturn counts their forecast)"
    )
    assert line.detail == "Community nursing: integrated caseload management (Oct-26)"
    assert line.amount_gbp == pytest.approx(forecast)


def test_actuals_outside_the_year_are_listed_on_the_summary(tmp_path):
    folder = sample_folder(tmp_path / "data")
    add_actuals(folder, (1, "2025-10", 14_000))
    month = report.load_month("2026-10", folder)
    details = [x.detail for x in summary_views.input_exceptions(month)]
    assert details == [
        "1 actual(s) totalling £14,000 dated outside 2026/27 are not counted: 1 Oct-25 "
        "(first at qipp_actuals.xlsx!Actuals!76)"
    ]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("reported_share: 1.5%x\n", "reported_share: '1.5%x': expected a share such as 0.8 or 80%"),
        ("reported_share: 180\n", "reported_share: 180: expected a share such as 0.8 or 80%"),
        ("register_sheet: ''\n", "register_sheet: '': expected a sheet's name"),
    ],
)
def test_a_bad_sheet_or_share_setting_names_the_file_and_key(tmp_path, text, problem):
    (tmp_path / "pack.yml").write_text(text)
    with pytest.raises(ConfigError) as refused:
        report.load_settings(tmp_path)
    assert refused.value.lines() == [f"{tmp_path / 'pack.yml'}: {problem}"]


def test_shares_read_as_written():
    assert [report._share(v) for v in (0.8, "80%", 80, "0.75", True)] == [0.8, 0.8, 0.8, 0.75, None]


def test_a_derived_go_live_and_an_unrated_scheme_are_listed_on_the_summary(tmp_path):
    folder = sample_folder(tmp_path / "data")
    blank_rating_and_no_go_live(folder)
    month = report.load_month("2026-10", folder)
    details = [x.detail for x in summary_views.input_exceptions(month)]
    assert "qipp_register.xlsx: go-live read from the months in year (no go-live column)" in details
    assert (
        "qipp_register.xlsx: 1 scheme(s) have no overall rating (1): counted at the weight "
        "set's unrated weight (weights.yml 'unrated', a prudent default: board 50%), not in full"
    ) in details
    assert month.forecast.weight[0] == 0.5  # scheme 1, amber before: the unrated weight
    # the other side: the sample as it is lists neither
    plain = report.load_month("2026-10", sample_folder(tmp_path / "plain"))
    assert summary_views.input_exceptions(plain) == []
