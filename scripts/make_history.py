"""The sample data's earlier months: ``data/raw/history/<period>/`` for April to September 2026.

The board summary shows the movement since last month from the previous month's tidy tables
(``data/processed/<previous>/``, written by last month's pack), and the forecast over the year
from every earlier month's headline figures. A fresh clone has no processed tables, so the
sample data ships the months of the year so far as their packs would have written them:
``schemes.csv``, ``actuals.csv`` and ``summary.csv`` of each month, each a plausible earlier
state of the shipped (October) register and actuals:

* **September** is October with these differences, one of each kind the summary reports:

  - scheme 9 (Discharge to assess pathway) was rated amber (green in October: better);
  - scheme 10 (Care home enhanced support) was rated amber (red in October: worse);
  - scheme 5 (Falls prevention and community rehab) was to go live in November 2026
    (December in October: a go-live moved one month later);
  - scheme 8 (Rapid response team) had lost one month of delivery (two in October);
  - scheme 30 was not yet in the register (added in October, with actuals back to April);
  - scheme 31 (Patient transport eligibility review) was in the register (removed in October).

* **Earlier months** go back further, as a year runs:

  - the directors recognise lost months as a scheme's go-live passes without savings: a
    scheme that loses ``n`` months in the end has lost one by its go-live month, two a month
    later, and so on up to ``n``; one whose go-live is still ahead had lost none before
    September; a month gained (schemes 9 and 25) was agreed in August and May;
  - ratings: scheme 31 was amber until July (red from August); scheme 19 (Crisis cafe) green
    until June; scheme 14 (Outpatient follow-up reduction) green until May; scheme 22
    (Medicines optimisation in care homes) amber until July (green from August);
  - scheme 22 was to go live in September until July (October from August);
  - scheme 24 (Oral nutritional supplements review) had an FYE of £950,000 until June
    (re-costed to £1,018,700 in July);
  - scheme 29 (Continuing healthcare: retrospective review backlog) was added in June;
  - each month's actuals are October's for the months to date and the schemes then in the
    register, except that August's pack had scheme 16's August actual as £70,000 (restated to
    £72,919 in September).

It also writes the sample month's commentary, ``data/raw/commentary/2026-10.md`` (what the
programme's leads would write: the summary, two pages and five schemes, each naming the month of
its next step; the other pages have none, which the summary says).

Run from the repository root: ``.venv/bin/python scripts/make_history.py``; the files it writes
are byte-for-byte the same each time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from commissioning_analytics import calendar
from commissioning_analytics import month as report
from commissioning_analytics.io.register import load_register
from commissioning_analytics.schema import Scheme
from commissioning_analytics.views import tables as tables_views

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
YEAR = 2026
MONTHS = [str(m) for m in pd.period_range("2026-04", "2026-09", freq="M")]
SEPTEMBER = MONTHS.index("2026-09")

#: scheme -> (overall rating, last month, as an offset from April, it held)
RATED_BEFORE = {"31": ("amber", 3), "19": ("green", 2), "14": ("green", 1), "22": ("amber", 3)}
#: scheme -> (months gained, first month it counted)
GAINED_FROM = {"9": (1.0, 4), "25": (1.0, 1)}
ADDED_IN = {"29": 2}  # scheme -> the month (offset) it entered the register
GO_LIVE_BEFORE = {"22": ("2026-09", 3)}  # scheme -> (go-live, last month it held)
FYE_BEFORE = {"24": (950_000.0, 2)}  # scheme -> (FYE, last month it held)
RESTATED = {("16", "2026-08"): 70_000.0}  # (scheme, month) -> the actual the month's pack had
RESTATED_UNTIL = {("16", "2026-08"): 4}  # ... until (and including) this month's pack


def september_register(register: pd.DataFrame) -> pd.DataFrame:
    """October's register as it stood in September (see the module docstring)."""
    reg = register.copy()
    ids = reg[Scheme.scheme_id].astype(str)
    reg.loc[ids == "9", Scheme.rag_overall] = "amber"
    reg.loc[ids == "10", Scheme.rag_overall] = "amber"
    reg.loc[ids == "5", Scheme.go_live] = pd.Period("2026-11", freq="M")
    reg.loc[ids == "8", Scheme.change_in_delivery_months] = -1.0
    removed = reg[ids == "27"].copy()
    reg = reg[ids != "30"]
    removed[Scheme.scheme_id] = "31"
    removed[Scheme.scheme] = "Patient transport eligibility review"
    removed[Scheme.file_ref] = None
    removed[Scheme.fye_net_saving] = 120000.0
    removed[Scheme.go_live] = pd.Period("2026-12", freq="M")
    removed[Scheme.rag_overall] = "red"
    return pd.concat([reg, removed], ignore_index=True)


def lost_months(final: float, go_live_offset: int, month: int) -> float:
    """Months of delivery the directors had recognised as lost by ``month`` (offset from
    April) for a scheme that loses ``final`` (< 0) in the end: one by its go-live month, one
    more each month after, up to ``final``; September's is the final one."""
    if month >= SEPTEMBER:
        return final
    recognised = max(month - max(go_live_offset, 0) + 1, 0)
    return -float(min(recognised, -final))


def register_as_of(september: pd.DataFrame, month: int) -> pd.DataFrame:
    """The register as it stood in the month ``month`` (offset from April, 0-5)."""
    reg = september.copy()
    ids = reg[Scheme.scheme_id].astype(str)
    reg = reg[[ADDED_IN.get(i, 0) <= month for i in ids]].reset_index(drop=True)
    ids = reg[Scheme.scheme_id].astype(str)
    offsets = calendar.month_offsets(reg[Scheme.go_live], calendar.fy_start(YEAR))
    change = reg[Scheme.change_in_delivery_months].astype(float).to_numpy().copy()
    for row, scheme in enumerate(ids):
        if scheme in GAINED_FROM:
            gained, first = GAINED_FROM[scheme]
            change[row] = gained if month >= first else 0.0
        elif change[row] < 0 and scheme != "8":
            change[row] = lost_months(change[row], int(offsets[row]), month)
        elif scheme == "8" and month < SEPTEMBER:  # one month lost from August (its go-live)
            change[row] = -1.0 if month >= int(offsets[row]) else 0.0
    reg[Scheme.change_in_delivery_months] = change
    for scheme, (rating, until) in RATED_BEFORE.items():
        if month <= until:
            reg.loc[ids == scheme, Scheme.rag_overall] = rating
    for scheme, (go_live, until) in GO_LIVE_BEFORE.items():
        if month <= until:
            reg.loc[ids == scheme, Scheme.go_live] = pd.Period(go_live, freq="M")
    for scheme, (fye, until) in FYE_BEFORE.items():
        if month <= until:
            reg.loc[ids == scheme, Scheme.fye_net_saving] = fye
    return reg


def actuals_as_of(actuals: pd.DataFrame, register: pd.DataFrame, month: int) -> pd.DataFrame:
    """October's actuals as the pack of month ``month`` had them."""
    period = pd.Period(MONTHS[month], freq="M")
    out = actuals[pd.PeriodIndex(actuals["month"], freq="M") <= period]
    out = out[out[Scheme.scheme_id].astype(str).isin(set(register[Scheme.scheme_id].astype(str)))]
    out = out.copy()
    for (scheme, when), value in RESTATED.items():
        if month <= RESTATED_UNTIL[(scheme, when)]:
            hit = (out[Scheme.scheme_id].astype(str) == scheme) & (
                pd.PeriodIndex(out["month"], freq="M") == pd.Period(when, freq="M")
            )
            out.loc[hit, "actual_gbp"] = value
    return out.reset_index(drop=True)


COMMENTARY = """\
# Commentary, October 2026

## Cover
Purpose: To report the 2026/27 savings programme at month 7 and the options to close the gap.
Recommendation: The board is asked to agree the recovery plans under decisions and to note the
forecast shortfall against the plan.
Committee: Finance and Performance Committee

## Summary
The forecast outturn rose by £323k since September as the discharge to assess pathway was
re-rated green, but the year still ends £4.01m short of the plan. The board is asked to
agree recovery plans for the three schemes listed under decisions, and to note that care home
enhanced support is now rated red.

## Savings curves
Most of the year's plan lands from the autumn: September to December decide the outturn.

## Project plans
The integrated care programme director post has been offered; the options appraisal slipped to
November with the procurement lead on leave.

## Scheme 7
The virtual ward's second cohort of beds opens in November; the lost months are not recoverable
this year.

## Scheme 2
Practices have not yet signed the anticoagulation enhanced service. The LMC is asked to agree it
by December so that the service starts in February.

## Scheme 19
The crisis cafe's second site opens in January. The provider is still recruiting peer workers.

## Scheme 23
The medicines optimisation lead meets both trusts' chief pharmacists in November to agree a
switch date. Switching stalled over the summer.

## Scheme 24
Dietetic reviews in care homes resume in November now the vacancy is filled.
"""


def write_commentary() -> None:
    folder = RAW / "commentary"
    folder.mkdir(exist_ok=True)
    (folder / "2026-10.md").write_text(COMMENTARY, encoding="utf-8", newline="\n")


def write_month(register: pd.DataFrame, actuals: pd.DataFrame | None, month: int) -> Path:
    period = MONTHS[month]
    built = report.month_from_frames(register, YEAR, period, actuals)
    tables = tables_views.pack_tables(built)
    out = RAW / "history" / period
    out.mkdir(parents=True, exist_ok=True)
    for name in ("schemes", "actuals", "summary"):
        table = tables[name]
        if name == "actuals":
            table = table[["scheme_id", "month", "actual_gbp"]]
        table.to_csv(out / f"{name}.csv", index=False, float_format="%.2f", lineterminator="\n")
    return out


def main() -> None:
    load = load_register(RAW / "qipp_register.xlsx")
    assert load.year == YEAR, load.year
    september = september_register(load.schemes)
    september[Scheme.source] = (
        september[Scheme.source]
        .astype(str)
        .map(lambda s: "qipp_register.xlsx!" + s.split("!", 1)[1] if "!" in s else s)
    )
    actuals = None
    if (RAW / "qipp_actuals.xlsx").is_file():
        from commissioning_analytics.io.actuals import load_actuals

        actuals = load_actuals(RAW / "qipp_actuals.xlsx")
    for month in range(len(MONTHS)):
        register = register_as_of(september, month)
        month_actuals = None if actuals is None else actuals_as_of(actuals, register, month)
        out = write_month(register, month_actuals, month)
        print(f"wrote {out}/schemes.csv, actuals.csv and summary.csv")
    write_commentary()
    print(f"wrote {RAW / 'commentary' / '2026-10.md'}")


if __name__ == "__main__":
    main()
