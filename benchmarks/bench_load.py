"""Loading a register of 5,000 and 50,000 schemes: ``load_register`` against the fastest peer.

The workbooks come from ``scripts/make_scale_data.py`` (the appendix shape of the sample: cover
sheet, title rows, two-row merged header, RAG words with fills, a totals row, shared strings as
Excel saves them), with one scheme in twenty rated on its four panels by fill alone (a blank
cell painted green, amber or red), so the loader's fill path runs and is timed.

``load_register`` does everything a load needs: the archive's safety checks, values (python-
calamine), one byte scan of the sheet XML for fills, uncalculated formulas, merges and the
sheet's extent (io/workbook.py ``XlsxBook``), header reading by evidence, every cell parsed
and validated (pandera), the totals reconciled and the load report.

References, timed the same way as ours (interleaved, same repeats, medians, spread):

* ``pandas.read_excel(engine="calamine")`` (python-calamine, Rust): values only, no fills, every
  number a float, no checks. Goal: ``load_register`` within 2x of it (ratio >= 0.5);
* ``pandas.read_excel(engine="openpyxl")``: values only. Goal: no slower than it.

Peak memory: each reader run once in a fresh process; the peak resident set size (Rust's
memory included, which tracemalloc would miss) above the process's size after its imports
(Linux /proc; elsewhere the figure is left out).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "scripts"))

from run import against, compare  # noqa: E402

SIZES = (5_000, 50_000)
SHEET = "Appendix 2 QIPP"

# VmHWM, the process's own high-water mark (Linux); ru_maxrss would carry the parent's over
# fork and exec, hiding anything below the benchmark process's own size.
_PEAK = """
import sys
sys.path.insert(0, {src!r})
import pandas as pd
from commissioning_analytics.io.register import load_register
{call}
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024)
"""


def _peak(call: str) -> float:
    code = _PEAK.format(src=str(HERE.parent / "src"), call=call)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def peak_mb(call: str) -> float:
    """Peak RSS (MB; Rust's memory included) of a fresh process running ``call``, above
    that of the same process doing nothing after the same imports (Linux; NaN elsewhere)."""
    if not Path("/proc/self/status").exists():
        return float("nan")
    return max(_peak(call) - _peak("pass"), 0.0)


def run() -> list[dict]:
    import make_scale_data
    import pandas as pd

    from commissioning_analytics.io.register import load_register

    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return [
            {
                "name": "load_register vs pandas+calamine",
                "seconds": float("nan"),
                "target": "python-calamine not installed (make setup)",
                "met": False,
            }
        ]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            path = Path(folder) / f"register_{n}.xlsx"
            make_scale_data.write_register(path, make_scale_data.schemes(n))
            load = load_register(path)
            assert len(load.schemes) == n, len(load.schemes)
            assert load.schemes["rag_value"].notna().all()  # blank cells rated by their fill
            blank = 4 * len(range(7, n, 20))  # one scheme in twenty, on its four panels
            references = {
                "calamine": lambda: pd.read_excel(
                    path, sheet_name=SHEET, header=None, engine="calamine"
                ),
                "openpyxl": lambda: pd.read_excel(
                    path, sheet_name=SHEET, header=None, engine="openpyxl"
                ),
            }
            repeats = 5 if n <= 5_000 else 3
            timings = compare(lambda: load_register(path), references, repeats=repeats)
            ours_mb = peak_mb(f"load_register({str(path)!r})")
            calamine_mb = peak_mb(
                f"pd.read_excel({str(path)!r}, sheet_name={SHEET!r}, "
                "header=None, engine='calamine')"
            )
            size = (
                f"{n:,} schemes ({os.path.getsize(path) / 1e6:.1f} MB, {blank:,} blank "
                "cells rated by fill)"
            )
            memory = {"peak_mb": ours_mb, "reference_peak_mb": calamine_mb}
            results.append(
                against(
                    f"load_register, {size}, peak memory +{ours_mb:.0f} MB "
                    f"(pandas+calamine +{calamine_mb:.0f} MB)",
                    timings,
                    "calamine",
                    "pandas.read_excel(engine='calamine')",
                    "within 2x of pandas+calamine (ratio >= 0.5)",
                    lambda ratio: ratio >= 0.5,
                    **memory,
                )
            )
            results.append(
                against(
                    f"load_register, {size}",
                    timings,
                    "openpyxl",
                    "pandas.read_excel(engine='openpyxl')",
                    "no slower than pandas+openpyxl (ratio >= 1)",
                    lambda ratio: ratio >= 1.0,
                )
            )
    return results


if __name__ == "__main__":
    for item in run():
        print(item)
