"""`make bench`: every benchmark in benchmarks/bench_*.py, timed in one run.

Each module defines ``run() -> list[dict]``; a result has ``name``, ``seconds`` and, where the
goal is a ratio, ``reference`` (what it is compared with), ``reference_seconds`` and ``ratio``
(reference / ours), plus ``target`` in words and ``met`` (bool). Results print as a table and
are written to outputs/bench.json. Timings are the best of a few repeats: the machines are shared.
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
            line = f"  {result['name']}: {result['seconds']:.4f} s"
            if "reference_seconds" in result:
                line += (f" vs {result['reference']} {result['reference_seconds']:.4f} s"
                         f" = {result['ratio']:.1f}x")
            line += f"  [{result.get('target', '')}: {'met' if result.get('met') else 'NOT met'}]"
            print(line, flush=True)
    out = ROOT / "outputs" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "results": results,
    }, indent=2))
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
