"""The monthly pack's wall time on the sample data, and the explorer's recompute for 1,000
schemes (the savings curve and totals must update within 100 ms).

The pack is built into a temporary folder from a copy of data/raw (copying is set-up, not
timed); the first run also warms the disk cache, so the best of two runs is reported.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from run import best_of  # noqa: E402


def _explorer() -> dict:
    import numpy as np
    import pandas as pd

    from commissioning_analytics import explorer
    from commissioning_analytics.model.phasing import Ramp

    rng = np.random.default_rng(7)
    n = 1_000
    register = pd.DataFrame({
        "scheme_id": [f"S{i}" for i in range(n)],
        "theme": rng.choice(["Planned care", "Urgent care", "Prescribing", "Community"], n),
        "scheme": [f"Scheme {i}" for i in range(n)],
        "phase": rng.integers(1, 5, n),
        "go_live": pd.PeriodIndex(pd.Period("2026-01", "M") + rng.integers(0, 20, n), freq="M"),
        "fye_net_saving": rng.integers(10, 1_000, n) * 1_000.0,
        "rag_overall": rng.choice(["green", "amber", "red"], n),
        "change_in_delivery_months": rng.choice([0.0, -1.0, 2.0], n),
    })
    data = explorer.ExplorerData.from_register(register, 2026, np.full(12, 1e5))

    def once():
        explorer.recompute(data, weights={"green": 1.0, "amber": 0.6, "red": 0.4},
                           overrides={("theme", "Urgent care"): -2, ("scheme", "S3"): 1},
                           ramp=Ramp("s-curve", 4), period_index=6)

    seconds = best_of(once, repeats=20)
    return {"name": "explorer recompute, 1,000 schemes", "seconds": seconds,
            "target": "< 100 ms", "met": seconds < 0.1}


def _pack() -> dict:
    from commissioning_analytics.pack import build_pack

    data = ROOT / "data" / "raw"
    if not (data / "qipp_register.xlsx").is_file():
        return {"name": "pack on the sample data", "seconds": float("nan"),
                "target": "< 60 s (no sample data)", "met": False}
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(data, Path(tmp) / "data" / "raw")
        for _ in range(2):
            start = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
                status = build_pack("2026-10", Path(tmp) / "data" / "raw", Path(tmp) / "outputs",
                                    progress=False)
            times.append(time.perf_counter() - start)
            if status != 0:
                return {"name": "pack on the sample data", "seconds": float("nan"),
                        "target": f"< 60 s (pack failed, status {status})", "met": False}
    seconds = min(times)
    return {"name": "pack on the sample data (all notebooks, 2 at a time)", "seconds": seconds,
            "target": "< 60 s", "met": seconds < 60}


def run() -> list[dict]:
    return [_explorer(), _pack()]


if __name__ == "__main__":
    for result in run():
        print(result)
