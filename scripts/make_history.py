"""The sample data's previous month: ``data/raw/history/2026-09/`` (schemes.csv, summary.csv).

The board summary of a pack shows the movement since last month from the previous month's
tidy tables (``data/processed/<previous>/``, written by last month's pack). A fresh clone has
no processed tables, so the sample data ships September 2026's as they would have been written:
the shipped register as it stood in September, with these differences, each one a kind of
movement the summary reports:

* scheme 9 (Discharge to assess pathway) was rated amber (green in October: better);
* scheme 10 (Care home enhanced support) was rated amber (red in October: worse);
* scheme 5 (Falls prevention and community rehab) was to go live in November 2026 (December
  in October: a go-live moved one month later);
* scheme 8 (Rapid response team) had lost one month of delivery (two in October);
* scheme 30 was not yet in the register (added in October);
* scheme 31 (Patient transport eligibility review) was in the register (removed in October).

It also writes the sample month's commentary, ``data/raw/commentary/2026-10.md`` (what the
programme's leads would write: the summary, two pages and one scheme; the other pages have none,
which the summary says).

Run from the repository root: ``.venv/bin/python scripts/make_history.py``; the files it writes
are byte-for-byte the same each time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from commissioning_analytics import month as report
from commissioning_analytics.io.register import load_register
from commissioning_analytics.schema import Scheme
from commissioning_analytics.views import tables as tables_views

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PERIOD = "2026-09"


def september_register(register: pd.DataFrame) -> pd.DataFrame:
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


COMMENTARY = """\
# Commentary, October 2026

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
"""


def write_commentary() -> None:
    folder = RAW / "commentary"
    folder.mkdir(exist_ok=True)
    (folder / "2026-10.md").write_text(COMMENTARY, encoding="utf-8", newline="\n")


def main() -> None:
    load = load_register(RAW / "qipp_register.xlsx")
    register = september_register(load.schemes)
    register[Scheme.source] = (
        register[Scheme.source]
        .astype(str)
        .map(lambda s: "qipp_register.xlsx!" + s.split("!", 1)[1] if "!" in s else s)
    )
    actuals = None
    if (RAW / "qipp_actuals.xlsx").is_file():
        from commissioning_analytics.io.actuals import load_actuals

        actuals = load_actuals(RAW / "qipp_actuals.xlsx")
        actuals = actuals[pd.PeriodIndex(actuals["month"], freq="M") <= pd.Period(PERIOD, "M")]
        actuals = actuals[
            actuals[Scheme.scheme_id].astype(str).isin(set(register[Scheme.scheme_id].astype(str)))
        ]
    month = report.month_from_frames(register, load.year, PERIOD, actuals)
    tables = tables_views.pack_tables(month)
    out = RAW / "history" / PERIOD
    out.mkdir(parents=True, exist_ok=True)
    for name in ("schemes", "summary"):
        tables[name].to_csv(
            out / f"{name}.csv", index=False, float_format="%.2f", lineterminator="\n"
        )
    write_commentary()
    print(f"wrote {out}/schemes.csv and summary.csv, and {RAW / 'commentary' / '2026-10.md'}")


if __name__ == "__main__":
    main()
