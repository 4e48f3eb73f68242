"""`make bench`: every benchmark in benchmarks/bench_*.py, timed in one run.

Each module defines ``run() -> list[dict]``; a result has ``name``, ``seconds`` and, where the
goal is a ratio, ``reference`` (what it is compared with), ``reference_seconds`` and ``ratio``
(reference / ours), plus ``target`` in words and ``met`` (bool). Results print as a table and
are written to outputs/bench.json.

Comparisons are fair: :func:`compare` times ours and the reference the same way, the same number
of times, interleaved (ours, reference, ours, ..., the order turned each round), after one
untimed warm-up call each, and
reports medians with the spread (min-max), so a shared, noisy machine moves both alike.

    make bench                          # everything (the 30,000-scheme pack takes minutes)
    BENCH_SIZES=30,3000 make bench      # the pack at 30 and 3,000 schemes only
    .venv/bin/python benchmarks/run.py load pack   # only bench_load and bench_pack
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def best_of(fn, repeats: int = 3) -> float:
    """Best wall time of ``repeats`` calls, seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def timed(fn, repeats: int = 5, warmup: bool = True) -> dict:
    """``fn`` called ``repeats`` times (after one untimed call): median, min, max seconds."""
    if warmup:
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"seconds": median(times), "min": min(times), "max": max(times), "repeats": repeats}


def compare(ours, references: dict, repeats: int = 5, warmup: bool = True) -> dict:
    """Ours and each reference timed alike: interleaved, ``repeats`` times each, medians.

    Returns:
        ``{"ours": {...}, name: {...}}``, each ``seconds`` (median), ``min``, ``max``.
    """
    fns = {"ours": ours, **references}
    if warmup:
        for fn in fns.values():
            fn()
    times = {name: [] for name in fns}
    names = list(fns)
    for round_ in range(repeats):
        # the order turns each round: no one always runs right after the same neighbour (after
        # a call that freed a lot, the next big allocation pays the page faults)
        turn = round_ % len(names)
        for name in names[turn:] + names[:turn]:
            start = time.perf_counter()
            fns[name]()
            times[name].append(time.perf_counter() - start)
    return {
        name: {"seconds": median(t), "min": min(t), "max": max(t), "repeats": repeats}
        for name, t in times.items()
    }


def result(name: str, timing: dict, target: str, met: bool, **extra) -> dict:
    """A result for the table from :func:`compare` or :func:`timed` output."""
    out = {
        "name": name,
        "seconds": timing["seconds"],
        "spread": [timing["min"], timing["max"]],
        "repeats": timing["repeats"],
        "target": target,
        "met": bool(met),
    }
    out.update(extra)
    return out


def against(
    name: str, timings: dict, reference: str, label: str, target: str, met, **extra
) -> dict:
    """A ratio result: reference median / ours median, both from the same :func:`compare`."""
    ours, ref = timings["ours"], timings[reference]
    ratio = ref["seconds"] / ours["seconds"]
    return result(
        name,
        ours,
        target,
        met(ratio) if callable(met) else met,
        reference=label,
        reference_seconds=ref["seconds"],
        reference_spread=[ref["min"], ref["max"]],
        ratio=ratio,
        **extra,
    )


def _json_safe(value):
    """NaN (a row with no time of its own) as null: bench.json stays strict JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def tables_once(n: int = 3_000, repeats: int = 3) -> list[dict]:
    """house2 (issue 19 Deliver 4, tables computed once per pack): the tables writer's work for
    an ``n``-scheme month (``scripts/make_scale_data.py``, October 2026), reading the delivery-risk
    simulation, the plans' tasks and the plan check that page 30's kernel left
    (:func:`monthcache.shared`), against working them out again itself as it did before.
    Both write the same workbook and CSVs; timed alike (:func:`compare`). Called by
    ``bench_tables_once.py``."""
    import shutil
    import tempfile

    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_scale_data

    from commissioning_analytics import month as months
    from commissioning_analytics import monthcache
    from commissioning_analytics.pack.tables import write_tables
    from commissioning_analytics.views import delivery

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = make_scale_data.write(n, root / "raw")
        month = months.load_month("2026-10", data)
        jobs = {}
        for which in ("shared", "alone"):
            (root / which / "csv").mkdir(parents=True)
            saved = monthcache.save(month, root / which, register_file=month.register_file)
            jobs[which] = (
                str(saved),
                str(root / which / "pack.xlsx"),
                "t",
                str(root / which / "csv"),
            )
        pages = monthcache.read(Path(jobs["shared"][0]))  # page 30's kernel, as in a pack
        delivery.risk_for(pages)
        delivery.plan_check_for(pages)

        def alone():  # no views left by the pages: the writer works them out (before)
            shutil.rmtree(root / "alone" / monthcache.VIEWS, ignore_errors=True)
            write_tables(*jobs["alone"])

        timings = compare(lambda: write_tables(*jobs["shared"]), {"alone": alone}, repeats)
        stages = {"shared": write_tables(*jobs["shared"])}
        shutil.rmtree(root / "alone" / monthcache.VIEWS, ignore_errors=True)
        stages["alone"] = write_tables(*jobs["alone"])
    return [
        against(
            f"tables writer, {n:,} schemes: page 30's views read, not worked out again",
            timings,
            "alone",
            "the writer working them out itself (before)",
            "faster than before",
            lambda ratio: ratio > 1,
            stages={k: {s: round(v, 2) for s, v in d.items()} for k, d in stages.items()},
        )
    ]


def main(argv: list[str]) -> int:
    only = argv[1:]
    results = []
    for path in sorted(HERE.glob("bench_*.py")):
        if only and not any(word in path.stem for word in only):
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        for result in module.run():
            results.append(result)
            if "bytes" in result:
                line = f"  {result['name']}: {result['bytes'] / 1e6:.2f} MB"
            elif result["seconds"] != result["seconds"] and "ratio" in result:
                line = f"  {result['name']}: {result['ratio']:.2f}x"
            else:
                line = f"  {result['name']}: {result['seconds']:.4f} s"
            if "spread" in result:
                line += (
                    f" ({result['spread'][0]:.4f}-{result['spread'][1]:.4f}, n={result['repeats']})"
                )
            if "peak_memory_gb" in result:
                line += f", peak {result['peak_memory_gb']:.2f} GB"
            if "reference_seconds" in result:
                line += f" vs {result['reference']} {result['reference_seconds']:.4f} s"
                if "reference_spread" in result:
                    lo, hi = result["reference_spread"]
                    line += f" ({lo:.4f}-{hi:.4f})"
                line += f" = {result['ratio']:.2f}x"
            line += f"  [{result.get('target', '')}: {'met' if result.get('met') else 'NOT met'}]"
            print(line, flush=True)
    out = ROOT / "outputs" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "machine": {
                    "python": platform.python_version(),
                    "cpus": __import__("os").cpu_count(),
                },
                "results": [_json_safe(r) for r in results],
            },
            indent=2,
            allow_nan=False,
        )
    )
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
