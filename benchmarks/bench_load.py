"""Reading a register as the user meets it: ``commissioning-analytics schemes`` as a whole
process (start-up and imports included) against ``pandas.read_excel(engine="calamine")`` as a
whole process (``python -c ...``), on registers written by three writers.

The registers come from ``scripts/make_scale_data.py`` (the appendix shape of the sample: cover
sheet, title rows, two-row merged header, RAG words with fills, a totals row), with one scheme
in twenty rated on its four panels by fill alone (a blank cell painted green, amber or red), so
the loader's fill path runs and is timed. Three writers, as users' tools write them:

* ``xlsxwriter``: a declared sheet size (``<dimension>``), shared strings, as Excel saves;
* ``openpyxl write-only``: no ``<dimension>``, inline strings, no merged cells (openpyxl's
  write-only mode, what many Python exporters use);
* ``exporter, no <dimension>``: the xlsxwriter file with its sheet size taken out (a zip built
  by hand: LibreOffice-like and BI exporters often declare none).

``schemes`` does everything a user's run does: start Python, import, check the archive (zip
bomb, entity declarations, every part well-formed), read values (python-calamine) and fills
(one byte scan of the sheet XML), read the header by evidence, parse and check every cell,
reconcile the totals, print the load report and write the CSV. The reference reads the
sheet's values into a DataFrame and nothing more.

Timed alike (``run.compare``: interleaved, the same repeats, medians and spread) in the same
run. Goal (issue 17): within 2x of pandas+calamine (ratio >= 0.5) for every writer; at 5,000
schemes also no slower than pandas+openpyxl, whole process.

CPU time (user + system) of each run is reported beside the wall time: on a shared machine
it moves much less. Peak memory: each command run once more; the peak resident set size of the process (Rust's
memory included; Linux /proc, elsewhere left out).
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent / "scripts"))

from run import against, compare, median  # noqa: E402

SIZES = tuple(int(n) for n in os.environ.get("BENCH_LOAD_SIZES", "5000,30000").split(","))
SHEET = "Appendix 2 QIPP"
WRITERS = ("xlsxwriter", "openpyxl write-only", "exporter, no <dimension>")
_DIMENSION = re.compile(rb"<dimension [^>]*/>")


def _without_dimension(source: Path, target: Path) -> Path:
    """``source`` with every sheet's ``<dimension>`` taken out (a zip built by hand)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = _DIMENSION.sub(b"", data)
            new.writestr(info.filename, data)
    return target


def _openpyxl_write_only(source: Path, target: Path) -> Path:
    """``source`` written again by openpyxl's write-only mode: every value, dates with a date
    format, and the fill of each painted cell the reader reports (merged cells are not kept:
    the mode cannot write them). Each distinct style is made once on a template cell and
    shared, so 30,000 rows take seconds, not minutes."""
    import datetime as dt

    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import PatternFill

    from commissioning_analytics.io.workbook import XlsxBook

    book = XlsxBook(source)
    out = openpyxl.Workbook(write_only=True)
    try:
        for title in book.sheetnames:
            sheet = out.create_sheet(title)
            templates: dict[tuple, object] = {}

            def cell(value, fill, sheet=sheet, templates=templates):
                key = (isinstance(value, dt.datetime), fill)
                if key not in templates:
                    template = WriteOnlyCell(sheet)
                    if key[0]:
                        template.number_format = "mmm-yy"
                    if fill:
                        template.fill = PatternFill("solid", fgColor="FF" + fill[1:])
                    templates[key] = template
                styled = WriteOnlyCell(sheet, value=value)
                styled._style = copy.copy(templates[key]._style)
                return styled

            for _, values, styles in book.rows(title):
                fills = [book.fill(s) for s in styles]
                width = max(len(values), len(fills))
                row = []
                for i in range(width):
                    value = values[i] if i < len(values) else None
                    fill = fills[i] if i < len(fills) else None
                    row.append(
                        cell(value, fill) if fill or isinstance(value, dt.datetime) else value
                    )
                sheet.append(row)
    finally:
        book.close()
    out.save(target)
    return target


def _registers(folder: Path, n: int) -> dict[str, Path]:
    import make_scale_data

    first = make_scale_data.write_register(
        folder / f"xlsxwriter_{n}.xlsx", make_scale_data.schemes(n)
    )
    return {
        WRITERS[0]: first,
        WRITERS[1]: _openpyxl_write_only(first, folder / f"openpyxl_{n}.xlsx"),
        WRITERS[2]: _without_dimension(first, folder / f"exporter_{n}.xlsx"),
    }


def _command() -> list[str]:
    script = Path(sys.executable).with_name("commissioning-analytics")
    return [str(script)] if script.exists() else [sys.executable, "-m", "commissioning_analytics"]


def _cpu() -> float:
    """CPU seconds (user + system) of this process's finished children so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _process(args: list[str], cpu: list[float] | None = None):
    """A call running ``args`` as a whole process; each run's CPU seconds go to ``cpu`` (on a
    shared machine the CPU time moves less than the wall time: both are reported)."""

    def run() -> None:
        before = _cpu()
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args[:3])}... exit {done.returncode}: {done.stderr}")
        if cpu is not None:
            cpu.append(_cpu() - before)

    return run


def _pandas(path: Path, engine: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        f"import pandas as pd; pd.read_excel({str(path)!r}, sheet_name={SHEET!r}, "
        f"header=None, engine={engine!r})",
    ]


_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
)


def peak_mb(args: list[str]) -> float:
    """Peak RSS (MB) of a process running ``args`` (Linux; NaN elsewhere)."""
    if not sys.platform.startswith("linux"):
        return float("nan")
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    import pandas as pd

    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return [
            {
                "name": "schemes vs pandas+calamine",
                "seconds": float("nan"),
                "target": "python-calamine not installed (make setup)",
                "met": False,
            }
        ]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            for writer, path in _registers(Path(folder), n).items():
                out = Path(folder) / "schemes.csv"
                ours = [*_command(), "schemes", str(path), "--csv", str(out)]
                ours_cpu: list[float] = []
                calamine_cpu: list[float] = []
                references = {"calamine": _process(_pandas(path, "calamine"), calamine_cpu)}
                if n <= 5_000:
                    references["openpyxl"] = _process(_pandas(path, "openpyxl"))
                timings = compare(
                    _process(ours, ours_cpu), references, repeats=5 if n <= 5_000 else 3
                )
                # (the warm-up run is in each list too; medians of all runs)
                cpu, reference_cpu = median(ours_cpu), median(calamine_cpu)
                frame = pd.read_csv(out)
                assert len(frame) == n, (writer, len(frame))
                assert frame["rag_value"].notna().all()  # blank cells rated by their fill
                ours_mb = peak_mb(ours)
                calamine_mb = peak_mb(_pandas(path, "calamine"))
                size = f"{n:,} schemes by {writer} ({os.path.getsize(path) / 1e6:.1f} MB)"
                results.append(
                    against(
                        f"schemes (whole process), {size}, CPU {cpu:.2f} s vs "
                        f"{reference_cpu:.2f} s = {reference_cpu / cpu:.2f}x, peak "
                        f"{ours_mb:.0f} MB (pandas+calamine {calamine_mb:.0f} MB)",
                        timings,
                        "calamine",
                        "pandas.read_excel(engine='calamine'), whole process",
                        "within 2x of pandas+calamine (ratio >= 0.5)",
                        lambda ratio: ratio >= 0.5,
                        cpu_seconds=cpu,
                        reference_cpu_seconds=reference_cpu,
                        cpu_ratio=reference_cpu / cpu,
                        peak_mb=ours_mb,
                        reference_peak_mb=calamine_mb,
                        writer=writer,
                        schemes=n,
                    )
                )
                if "openpyxl" in timings:
                    results.append(
                        against(
                            f"schemes (whole process), {size}",
                            timings,
                            "openpyxl",
                            "pandas.read_excel(engine='openpyxl'), whole process",
                            "no slower than pandas+openpyxl (ratio >= 1)",
                            lambda ratio: ratio >= 1.0,
                            writer=writer,
                            schemes=n,
                        )
                    )
    return results


if __name__ == "__main__":
    for item in run():
        print(item)
