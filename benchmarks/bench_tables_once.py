"""Tables once per pack (issue 19 Deliver 4): the tables writer reading page 30's views against
working them out itself; see :func:`run.tables_once`. ``BENCH_SIZES`` picks the register size
(the largest size named up to 30,000; default 3,000)."""

from __future__ import annotations

import os

from run import tables_once


def run() -> list[dict]:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "3000").replace("_", "").split(",")]
    n = max([s for s in sizes if 30 < s <= 30_000] or [3_000])
    results = tables_once(n)
    for r in results:
        print(f"  stages: {r['stages']}")
    return results
