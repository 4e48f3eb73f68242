"""The system pack at scale (issue 22): 10 organisations x 3,000 schemes against one 3,000-scheme
pack.

Both data folders are made once per run, untimed: the single organisation by
``scripts/make_scale_data.py``, the system by ``scripts/make_system_data.py --schemes N
--organisations K`` (every organisation its own scheme numbers, so none is a double count).
Each pack is built once by a child process (``commissioning-analytics pack``, as a scheduler
runs it); the result is the system's wall time, the single pack's, and their ratio
(system / single). Target: at most 3x.

``BENCH_SYSTEM_ORGS`` (default 10) and ``BENCH_SYSTEM_SCHEMES`` (default 3000) change the size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))

from run import result  # noqa: E402

PERIOD = "2026-10"
TARGET_RATIO = 3.0


def _pack(data: Path, out: Path) -> float:
    cli = Path(sys.executable).with_name("commissioning-analytics")
    command = [str(cli), "pack", "--period", PERIOD, "--data", str(data), "--out", str(out)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return seconds


def run() -> list[dict]:
    import make_scale_data
    import make_system_data

    orgs = int(os.environ.get("BENCH_SYSTEM_ORGS", "10"))
    n = int(os.environ.get("BENCH_SYSTEM_SCHEMES", "3000"))
    work = Path(tempfile.mkdtemp(prefix="bench-system-"))
    try:
        single = make_scale_data.write(n, work / "single")
        system = make_system_data.scale_system(work / "system", n, orgs)
        one = _pack(single, work / "out-single")
        many = _pack(system, work / "out-system")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = many / one
    target = f"<= {TARGET_RATIO:g}x one {n:,}-scheme pack"
    print(
        f"  system pack: {orgs} organisations x {n:,} schemes {many:.1f} s, one {n:,}-scheme "
        f"pack {one:.1f} s: ratio {ratio:.2f} (target <= {TARGET_RATIO:g})",
        flush=True,
    )
    timing = {"seconds": many, "min": many, "max": many, "repeats": 1}
    return [
        result(
            f"system pack, {orgs} x {n:,} schemes",
            timing,
            target,
            ratio <= TARGET_RATIO,
            reference=f"one {n:,}-scheme pack",
            reference_seconds=one,
            ratio=ratio,
        )
    ]
