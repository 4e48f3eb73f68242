"""Project plans: status of many tasks (vectorised vs a per-task loop) and reading a big Gantt.

Run through ``benchmarks/run.py`` (``make bench``), or alone: ``python benchmarks/bench_plans.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from run import best_of  # noqa: E402

from commissioning_analytics.io.plans import load_plan  # noqa: E402
from commissioning_analytics.model.plans import task_status  # noqa: E402

N_TASKS = 200_000
AS_OF = dt.date(2026, 10, 31)


def _tasks(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    start = pd.Timestamp("2026-04-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    end = start + pd.to_timedelta(rng.integers(0, 120, n), unit="D")
    end = end.where(rng.random(n) > 0.05)  # 5% undated
    state = rng.choice(
        np.array([None, None, None, "complete", "ongoing", "in progress"], dtype=object), n
    )
    return pd.DataFrame(
        {"task_id": np.arange(n).astype(str), "start": start, "end": end, "state": state}
    )


def _loop_status(tasks: pd.DataFrame, as_of: dt.date) -> list[str]:
    """The same rules one task at a time: the reference a vectorised version must beat."""
    d = pd.Timestamp(as_of)
    month_end = d + pd.offsets.MonthEnd(0)
    out = []
    for row in tasks.itertuples():
        state = row.state.lower() if isinstance(row.state, str) else ""
        if state in ("complete", "agreed"):
            out.append("complete")
        elif state == "ongoing":
            out.append("ongoing")
        elif pd.isna(row.end):
            out.append("undated")
        elif row.end < d:
            out.append("overdue")
        elif row.end <= month_end:
            out.append("due this month")
        elif (not pd.isna(row.start) and row.start <= d) or state == "in progress":
            out.append("in progress")
        else:
            out.append("not started")
    return out


def _big_gantt(path: Path, n_rows: int = 2_000) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    weeks = [dt.datetime(2026, 4, 6) + dt.timedelta(weeks=k) for k in range(52)]
    ws.append(["ID", "Task", "Lead"] + weeks + ["Apr", "May", "Jun", "Jul", "Aug", "Sep"])
    fills = [PatternFill("solid", fgColor=c) for c in ("9DC3E6", "F4B183", "A9D18E")]
    rng = np.random.default_rng(7)
    for r in range(n_rows):
        ws.append([str(r + 1), f"Task {r + 1}", "Lead"])
        first = int(rng.integers(0, 50))
        for c in range(first, min(first + int(rng.integers(1, 8)), 58)):
            ws.cell(r + 2, 4 + c).fill = fills[r % 3]
    wb.save(path)
    return path


def link_to_schemes(sizes=(3_000, 30_000)) -> list[dict]:
    """Linking plan tasks to a register of N schemes by name (issue 13, hotspot 1): the
    shipped plans' tasks against the sample register's names plus N synthetic ones; the
    reference compares every task text with every name by difflib (as before the index),
    timed on a tenth of the names and scaled (it is linear in names)."""
    from difflib import SequenceMatcher

    from commissioning_analytics.io.register import load_register
    from commissioning_analytics.model.plans import _normalise, link_tasks_to_schemes

    raw = HERE.parent / "data" / "raw"
    tasks = pd.concat(
        [load_plan(p).tasks for p in sorted((raw / "plans").glob("*.xlsx"))],
        ignore_index=True,
    )
    tasks["task_id"] = tasks["plan"] + ":" + tasks["task_id"]
    base = load_register(raw / "qipp_register.xlsx").schemes
    rng = np.random.default_rng(1)
    words = (
        "community nursing integrated care pathway discharge assess falls prevention "
        "rehab home support prescribing review respiratory diabetes stroke frailty mental "
        "health outpatient follow up urgent treatment centre virtual ward"
    ).split()
    texts = {t for column in ("section", "plan", "task") for t in _normalise(tasks[column]) if t}
    results = []
    for n in sizes:
        extra = n - len(base)
        register = pd.concat(
            [
                base,
                pd.DataFrame(
                    {
                        "scheme_id": [str(1000 + k) for k in range(extra)],
                        "file_ref": [f"QIPP-X-{k:05d}" for k in range(extra)],
                        "scheme": [
                            " ".join(rng.choice(words, rng.integers(2, 6))) + f" {k}"
                            for k in range(extra)
                        ],
                    }
                ),
            ],
            ignore_index=True,
        )
        ours = best_of(lambda: link_tasks_to_schemes(tasks, register), repeats=3)
        names = _normalise(register["scheme"]).tolist()[: n // 10]
        reference = (
            best_of(
                lambda: [[SequenceMatcher(None, t, m).ratio() for m in names] for t in texts],
                repeats=1,
            )
            * 10
        )
        results.append(
            {
                "name": f"link plan tasks to {n:,} schemes by name",
                "seconds": ours,
                "reference": "difflib against every name (timed on a tenth, scaled)",
                "reference_seconds": reference,
                "ratio": reference / ours,
                "target": f"under {1 if n <= 3_000 else 5} s a page",
                "met": ours < (1.0 if n <= 3_000 else 5.0),
            }
        )
    return results


def run() -> list[dict]:
    tasks = _tasks(N_TASKS)
    assert list(task_status(tasks.head(2000), AS_OF)) == _loop_status(tasks.head(2000), AS_OF)
    ours = best_of(lambda: task_status(tasks, AS_OF))
    small = tasks.head(20_000)
    reference = best_of(lambda: _loop_status(small, AS_OF), repeats=1) * (N_TASKS / len(small))
    results = [
        {
            "name": f"plan status of {N_TASKS:,} tasks",
            "seconds": ours,
            "reference": "per-task loop (timed on 20,000, scaled)",
            "reference_seconds": reference,
            "ratio": reference / ours,
            "target": "vectorised >= 10x faster than a per-task loop",
            "met": reference / ours >= 10,
        }
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = _big_gantt(Path(folder) / "big.xlsx")
        assert len(load_plan(path).tasks) == 2_000
        # the file read each time, not the copy io.filememo keeps for a second read
        seconds = best_of(lambda: load_plan.__wrapped__(path), repeats=2)
    results.append(
        {
            "name": "read a Gantt of 2,000 tasks x 58 period columns",
            "seconds": seconds,
            "target": "under 10 s",
            "met": seconds < 10,
        }
    )
    results.extend(link_to_schemes())
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
