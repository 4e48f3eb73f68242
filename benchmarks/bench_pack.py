"""The monthly pack at scale: the sample (30 schemes), 3,000 and 30,000 schemes.

Each size is a data folder: the shipped sample for 30, else one made by
``scripts/make_scale_data.py`` (register, actuals, plans linked by file_ref, deflection,
scenarios; made once per run, not timed). The pack is built by a child process
(``commissioning-analytics pack`` as a scheduler runs it, through :func:`build_pack`), while this
process samples the memory of the whole process tree (the child and its notebook kernels) every
50 ms. Per build: wall time, peak memory of the tree, each stage (load, the notebooks together
and each one's run and HTML export, the tables, the workbook, the index, the CSVs) and each
page's size.

Targets (2-core machine): sample pack <= 8 s; 3,000 schemes <= 20 s; 30,000 schemes <= 60 s
and <= 1.5 GB; every page < 10 MB at every size; growth no worse than linear (10x the schemes
take at most 10x the time).

``BENCH_SIZES=30,3000`` picks sizes (default ``30,3000,30000``); ``BENCH_PACK_REPEATS`` the
builds per size (default 3 up to 3,000 schemes, 1 above; the median is reported).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "scripts"))

from run import best_of, median  # noqa: E402

PERIOD = "2026-10"
from commissioning_analytics.pack.notebooks import MAX_PAGE_BYTES  # noqa: E402  (10 MB, decimal)

TARGET_SECONDS = {30: 8.0, 3_000: 20.0, 30_000: 60.0}
TARGET_PEAK_BYTES = {30_000: 1.5e9}


def _explorer() -> dict:
    import numpy as np
    import pandas as pd

    from commissioning_analytics import explorer
    from commissioning_analytics.model.phasing import Ramp

    rng = np.random.default_rng(7)
    n = 1_000
    register = pd.DataFrame(
        {
            "scheme_id": [f"S{i}" for i in range(n)],
            "theme": rng.choice(["Planned care", "Urgent care", "Prescribing", "Community"], n),
            "scheme": [f"Scheme {i}" for i in range(n)],
            "phase": rng.integers(1, 5, n),
            "go_live": pd.PeriodIndex(pd.Period("2026-01", "M") + rng.integers(0, 20, n), freq="M"),
            "fye_net_saving": rng.integers(10, 1_000, n) * 1_000.0,
            "rag_overall": rng.choice(["green", "amber", "red"], n),
            "change_in_delivery_months": rng.choice([0.0, -1.0, 2.0], n),
        }
    )
    data = explorer.ExplorerData.from_register(register, 2026, np.full(12, 1e5))

    def once():
        explorer.recompute(
            data,
            weights={"green": 1.0, "amber": 0.6, "red": 0.4},
            overrides={("theme", "Urgent care"): -2, ("scheme", "S3"): 1},
            ramp=Ramp("s-curve", 4),
            period_index=6,
        )

    seconds = best_of(once, repeats=20)
    return {
        "name": "explorer recompute, 1,000 schemes",
        "seconds": seconds,
        "target": "< 100 ms",
        "met": seconds < 0.1,
    }


# ---------------------------------------------------------------------------------------------
# One build, in a child process, with the memory of its process tree sampled


def _child(data: str, out: str, report_path: str) -> int:
    """Run in the child: build the pack and write its stages and status as JSON."""
    import contextlib
    import io

    from commissioning_analytics.pack import build as pack

    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        status = pack.build_pack(PERIOD, Path(data), Path(out), progress=False)
    Path(report_path).write_text(
        json.dumps(
            {
                "status": status,
                "seconds": time.perf_counter() - start,
                "stages": dict(pack.LAST_STAGES),
            }
        )
    )
    return status


def _role(p) -> str:
    try:
        line = " ".join(p.cmdline())
    except Exception:
        return "?"
    if "ipykernel" in line:
        return "kernel"
    if "multiprocessing" in line:
        return "tables writer"
    return "pack"


def _tree_rss(process, peaks: dict) -> int:
    """Memory of the process and all its descendants now; ``peaks`` keeps each one's peak."""
    import psutil

    total = 0
    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in family:
        try:
            rss = p.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        if p.pid not in peaks or (peaks[p.pid][0] == "pack" and p.pid != process.pid):
            # (a child's command line is its parent's until it execs: look again)
            old = peaks.get(p.pid, [None, 0, 0.0])
            try:
                started = p.create_time()
            except psutil.Error:
                started = 0.0
            peaks[p.pid] = [_role(p) if p.pid != process.pid else "pack", old[1], started]
        peaks[p.pid][1] = max(peaks[p.pid][1], rss)
    return total


def build_once(data: Path, out: Path) -> dict:
    """One pack build in a child process: wall time, peak tree memory, stages, page sizes."""
    import psutil

    shutil.rmtree(out, ignore_errors=True)
    report_path = out.parent / f".{out.name}.bench.json"
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", str(data), str(out), str(report_path)],
        stderr=subprocess.PIPE,
        text=True,
    )
    process = psutil.Process(child.pid)
    peak, peaks = 0, {}
    while child.poll() is None:
        peak = max(peak, _tree_rss(process, peaks))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    stderr = child.stderr.read()
    built = json.loads(report_path.read_text()) if report_path.is_file() else {}
    folder = out / PERIOD
    pages = (
        {p.name: p.stat().st_size for p in sorted(folder.glob("*.html"))} if folder.is_dir() else {}
    )
    files = {p.name: p.stat().st_size for p in sorted(folder.iterdir())} if folder.is_dir() else {}
    # The pack's warm kernels (one per worker, each running several notebooks), by start.
    kernels = sorted((v for v in peaks.values() if v[0] == "kernel"), key=lambda v: v[2])
    for number, entry in enumerate(kernels, 1):
        entry[0] = f"kernel {number}"
    by_process = sorted(
        ((role, rss) for role, rss, _ in peaks.values() if rss > 50e6), key=lambda item: -item[1]
    )
    return {
        "status": child.returncode,
        "wall": wall,
        "peak_bytes": peak,
        "process_peaks": [f"{role} {rss / 1e9:.2f} GB" for role, rss in by_process],
        "stages": built.get("stages", {}),
        "pages": pages,
        "pack_bytes": sum(files.values()),
        "files": files,
        "stderr": stderr.strip().splitlines()[-3:],
    }


def _data_folder(n: int, scratch: Path) -> Path:
    if n == 30 and (ROOT / "data" / "raw" / "qipp_register.xlsx").is_file():
        folder = scratch / "sample" / "raw"
        shutil.copytree(ROOT / "data" / "raw", folder)
        return folder
    import make_scale_data

    return make_scale_data.write(n, scratch / f"n{n}" / "raw")


def sizes() -> list[int]:
    text = os.environ.get("BENCH_SIZES", "30,3000,30000")
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def _pack_results() -> list[dict]:
    results, medians = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for n in sizes():
            data = _data_folder(n, scratch)
            repeats = int(os.environ.get("BENCH_PACK_REPEATS", "3" if n <= 3_000 else "1"))
            runs = [build_once(data, scratch / f"out{n}") for _ in range(repeats)]
            ok = [r for r in runs if r["status"] == 0]
            label = "the sample" if n == 30 else f"{n:,} synthetic schemes"
            target = TARGET_SECONDS.get(n)
            peak_target = TARGET_PEAK_BYTES.get(n)
            if not ok:
                results.append(
                    {
                        "name": f"pack, {label}",
                        "seconds": float("nan"),
                        "target": f"exit 0 (got {runs[-1]['status']}: "
                        f"{' / '.join(runs[-1]['stderr'])})",
                        "met": False,
                    }
                )
                continue
            walls = [r["wall"] for r in ok]
            typical = sorted(ok, key=lambda r: r["wall"])[len(ok) // 2]
            medians[n] = median(walls)
            peak = max(r["peak_bytes"] for r in ok)
            words = [f"<= {target:g} s" if target else "exit 0"]
            met = all(r["status"] == 0 for r in runs)
            if target:
                met = met and medians[n] <= target
            if peak_target:
                words.append(f"<= {peak_target / 1e9:.1f} GB")
                met = met and peak <= peak_target
            results.append(
                {
                    "name": f"pack, {label}",
                    "schemes": n,
                    "seconds": medians[n],
                    "spread": [min(walls), max(walls)],
                    "repeats": len(ok),
                    "peak_memory_gb": round(peak / 1e9, 3),
                    "stages": {k: round(v, 2) for k, v in typical["stages"].items()},
                    "pages_mb": {k: round(v / 1e6, 2) for k, v in typical["pages"].items()},
                    "pack_mb": round(typical["pack_bytes"] / 1e6, 1),
                    "process_peaks": typical["process_peaks"],
                    "files_mb": {k: round(v / 1e6, 2) for k, v in typical["files"].items()},
                    "target": " and ".join(words),
                    "met": bool(met),
                }
            )
            largest = max(typical["pages"].values(), default=0)
            results.append(
                {
                    "name": f"largest page, {label}",
                    "seconds": float("nan"),
                    "bytes": largest,
                    "target": "every page < 10 MB",
                    "met": largest < MAX_PAGE_BYTES,
                }
            )
    done = sorted(medians)
    for small, large in zip(done, done[1:]):
        grow = medians[large] / medians[small]
        results.append(
            {
                "name": f"growth {small:,} -> {large:,} schemes",
                "seconds": float("nan"),
                "ratio": grow,
                "target": f"no worse than linear (<= {large / small:g}x)",
                "met": grow <= large / small,
            }
        )
    return results


def _print_details(results: list[dict]) -> None:
    for r in results:
        if "stages" not in r:
            continue
        print(
            f"  -- {r['name']}: peak {r['peak_memory_gb']:.2f} GB "
            f"({', '.join(r['process_peaks'])}), pack {r['pack_mb']} MB"
        )
        print("     stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in r["stages"].items()))
        print("     pages:  " + ", ".join(f"{k} {v:.1f} MB" for k, v in r["pages_mb"].items()))


def run() -> list[dict]:
    results = []
    if not (HERE / "bench_explorer.py").is_file():  # scenarios' bench_explorer times it there
        results.append(_explorer())
    pack = _pack_results()
    _print_details(pack)
    return results + pack


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        sys.exit(_child(*sys.argv[2:]))
    for item in run():
        print(item)
