"""The commands (docs/methods.md and the README): ``pack``, ``schemes``, ``reconcile``, ``plan``.

A user's mistake ends with exit status 2 and one plain line per problem, naming file, sheet
and cell; a folder that cannot be written or a full disk with 4; a bug with 1 and one line
(``COMMISSIONING_ANALYTICS_DEBUG=1`` shows its traceback): never a traceback otherwise.
Outputs are written only when everything succeeded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from . import routes
from .errors import UserError

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR, EXIT_ENVIRONMENT = 0, 1, 2, 4
EXIT_FINDINGS = 1  # reconcile: stated figures the rules do not give
DEBUG_ENV = "COMMISSIONING_ANALYTICS_DEBUG"


def _lazy(module: str) -> ModuleType:
    """``commissioning_analytics.<module>``, imported when a command runs, not when the CLI
    starts: each command pays only for its own readers (``schemes`` reads a register without
    importing papermill, nbconvert or plotly, which only ``pack`` needs). The one place the CLI
    imports lazily."""
    return importlib.import_module(f"{__package__}.{module}")


def _period(text: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a month as YYYY-MM, e.g. 2026-10")
    return text


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD") from None


_RAW = argparse.RawDescriptionHelpFormatter

DESCRIPTION = """\
QIPP savings registers, project plans and the monthly board pack.

Each command reads the workbooks analysts keep and either builds the month's board pack or
writes one tidy table. A mistake in an input ends with exit status 2 and one line per problem
naming the file, sheet and cell; nothing is written half-way.
"""
EPILOG = """\
examples:
  commissioning-analytics pack                                 # latest complete month, data/raw
  commissioning-analytics pack --period 2026-10 --pdf          # with the PDF board paper
  commissioning-analytics schemes data/raw/qipp_register.xlsx --csv schemes.csv
  commissioning-analytics reconcile data/raw/qipp_register.xlsx --json
  commissioning-analytics plan data/raw/plans/integration_action_log.xlsx --csv tasks.csv

Run 'commissioning-analytics COMMAND --help' for a command's options.
"""


def _register_arguments(parser: argparse.ArgumentParser) -> None:
    """The register and how to read it: what ``schemes`` and ``reconcile`` both take."""
    parser.add_argument(
        "register",
        type=Path,
        metavar="REGISTER.xlsx",
        help="the register workbook (.xlsx, .xlsm, .csv...)",
    )
    parser.add_argument("--sheet", help="sheet holding the register (default: detected)")
    parser.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help="YAML mapping of header -> column (see 'inspect')",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commissioning-analytics", description=DESCRIPTION, epilog=EPILOG, formatter_class=_RAW
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    pack = sub.add_parser(
        "pack",
        formatter_class=_RAW,
        help="build the monthly board pack into OUT/<period>/",
        description="""\
Build the month's board pack: run every notebooks/NN_*.ipynb for the month, export each to an
offline HTML page (code hidden), and write the board summary (index.html), an Excel workbook of
the pack's tables and summary.json into OUT/<period>/; the tidy tables go to
data/processed/<period>/. With --pdf the whole pack is also printed into one PDF board paper
(OUT/<period>/board-paper-<period>.pdf), summary first, by the system's Chromium/Chrome/Edge.
With --docx the board summary is also written as a Word document in the trust's template
(OUT/<period>/board-summary-<period>.docx; `commissioning-analytics docx` re-makes it).
A data folder with organisations/<code>/ folders is a system: each organisation's pack goes
into OUT/<period>/<code>/ and a system summary (their sum, double counting) into OUT/<period>/.

exit status: 0 built; 1 a notebook failed (no pack replaced); 2 a mistake in the input (or
--pdf with no browser); 3 another pack run is in progress.""",
        epilog="""\
examples:
  commissioning-analytics pack
  commissioning-analytics pack --period 2026-10 --data my-data --out my-outputs
  commissioning-analytics pack --scenario recovery-plan --weights treasury --pdf
  commissioning-analytics pack --docx --docx-template our-board-template.docx""",
    )
    pack.add_argument(
        "--period",
        type=_period,
        metavar="YYYY-MM",
        help="reporting month (default: the latest complete month with actuals)",
    )
    pack.add_argument(
        "--data",
        type=Path,
        default=Path("data/raw"),
        metavar="DIR",
        help="data folder holding the register, actuals, plans... (default: data/raw)",
    )
    pack.add_argument(
        "--out",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="outputs folder, one sub-folder per month (default: outputs)",
    )
    pack.add_argument(
        "--scenario",
        default="",
        metavar="NAME",
        help="scenario the pages show beside the baseline: a file name in "
        "DATA/scenarios/ without .yml, or the scenario's name (default: none)",
    )
    pack.add_argument(
        "--weights",
        choices=("board", "treasury", "stage"),
        default="board",
        help="risk weights for most likely and forecast: board (green 100%%, "
        "amber 75%%, red 50%%), treasury (HM Treasury's by phase) or stage (NHS "
        "England's plan maturity: in delivery 100%%, fully developed 90%%, in progress "
        "60%%, opportunity 30%%, unidentified 0%%) (default: board)",
    )
    pack.add_argument(
        "--pdf",
        action="store_true",
        help="also write the whole pack as one PDF board paper (needs "
        "Chromium, Chrome or Edge; works offline): the summary, each page's board "
        "sections, long tables cut to their first rows, about twenty pages",
    )
    pack.add_argument(
        "--pdf-full",
        action="store_true",
        help="like --pdf, but the paper prints every section and every row",
    )
    pack.add_argument(
        "--docx",
        action="store_true",
        help="also write the board summary as a Word document "
        "(OUT/<period>/board-summary-<period>.docx), cover sheet from the commentary",
    )
    pack.add_argument(
        "--docx-template",
        type=Path,
        dest="docx_template",
        metavar="FILE.docx",
        help="the trust's Word template whose styles the Word summary takes (default: the "
        "one shipped; implies --docx)",
    )
    routes.add_verdict_arguments(pack)
    pack.add_argument(
        "--allow-missing-actuals",
        action="store_true",
        dest="allow_missing_actuals",
        help="build although a month to date has no actuals (every page then "
        "names the missing months); refused otherwise",
    )

    schemes = sub.add_parser(
        "schemes",
        formatter_class=_RAW,
        help="a register as the canonical scheme table (CSV)",
        description="Read a QIPP scheme register (its sheet and header row are detected) and "
        "write one row per scheme\nwith the canonical columns of the README.",
        epilog="example:\n  commissioning-analytics schemes data/raw/qipp_register.xlsx "
        "--csv schemes.csv",
    )
    _register_arguments(schemes)
    schemes.add_argument(
        "--csv", type=Path, required=True, metavar="OUT.csv", help="where to write the table"
    )

    reconcile = sub.add_parser(
        "reconcile",
        formatter_class=_RAW,
        help="stated figures the rules do not give",
        description="""\
Check every figure a register states (months in year, plan in year and next year, most likely,
forecast) against the rules the boards use, and print each that differs by more than £1.

exit status (for schedulers): 0 every stated figure agrees; 1 findings were printed;
2 a mistake in the input (no such file, no register in it).""",
        epilog="""\
examples:
  commissioning-analytics reconcile data/raw/qipp_register.xlsx
  commissioning-analytics reconcile data/raw/qipp_register.xlsx --weights treasury --json
  commissioning-analytics reconcile REGISTER.xlsx || echo "findings to review" """,
    )
    _register_arguments(reconcile)
    reconcile.add_argument(
        "--weights",
        default="board",
        help="weight set the stated most likely was worked with: board, "
        "treasury or stage (default: board)",
    )
    reconcile.add_argument(
        "--json",
        action="store_true",
        help="print findings as a JSON list of {scheme_id, field, stated, expected}",
    )

    inspect = sub.add_parser(
        "inspect",
        formatter_class=_RAW,
        help="what each sheet is and how it would be read",
        description="Say what each sheet of a workbook is and how it would be read: header -> "
        "canonical column\nwith the evidence, money units, year, rows by outcome.",
        epilog="examples:\n  commissioning-analytics inspect data/raw/qipp_register.xlsx\n"
        "  commissioning-analytics inspect REGISTER.xlsx --write-mapping layout.yml",
    )
    inspect.add_argument("workbook", type=Path, metavar="WORKBOOK", help="the workbook to read")
    inspect.add_argument("--sheet", help="the sheet to read (default: the register detected)")
    inspect.add_argument(
        "--mapping", type=Path, metavar="FILE", help="YAML mapping of header -> column"
    )
    inspect.add_argument(
        "--write-mapping",
        type=Path,
        dest="write_mapping",
        metavar="FILE",
        help="write the reading as a mapping file to correct and pass back",
    )

    plan = sub.add_parser(
        "plan",
        formatter_class=_RAW,
        help="a project plan as the tasks table (CSV)",
        description="Read a project plan (a Gantt grid, an action log or a milestone plan) and "
        "write its tasks,\none row each, with their status as of a date.",
        epilog="example:\n  commissioning-analytics plan data/raw/plans/integration_action_log"
        ".xlsx --csv tasks.csv --as-of 2026-10-31",
    )
    plan.add_argument("plan", type=Path, metavar="PLAN.xlsx", help="the plan workbook")
    plan.add_argument("--sheet", help="sheet holding the plan (default: detected)")
    plan.add_argument(
        "--csv", type=Path, required=True, metavar="OUT.csv", help="where to write the tasks"
    )
    plan.add_argument(
        "--as-of",
        type=_date,
        dest="as_of",
        metavar="YYYY-MM-DD",
        help="reporting date the status is judged at (default: today)",
    )
    plan.add_argument(
        "--mapping", type=Path, metavar="FILE", help="YAML mapping of header -> tasks column"
    )
    routes.add_commands(sub)  # html, explore
    return parser


def write_csv_atomically(frame, path: Path) -> None:
    """Write a CSV all at once, safe from formula injection (see :func:`export.write_csv`)."""
    _lazy("export").write_csv(frame, path)


def _schemes(args: argparse.Namespace) -> int:
    register = _lazy("io.register")
    load = register.load_register(args.register, sheet=args.sheet, mapping=args.mapping)
    write_csv_atomically(register.schemes_for_csv(load.schemes), args.csv)
    print(load.report.text(), file=sys.stderr)
    return EXIT_OK


def _json_value(value):
    """A finding's value for JSON: a non-finite number (never valid JSON) is ``null``."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _reconcile(args: argparse.Namespace) -> int:
    rules = _lazy("model.reconcile")
    load = _lazy("io.register").load_register(args.register, sheet=args.sheet, mapping=args.mapping)
    findings = rules.reconcile(load, weights=args.weights)
    print(load.report.text(), file=sys.stderr)
    note = rules.unchecked(load)
    if note:
        print(note, file=sys.stderr)
    if args.json:
        keys = ("scheme_id", "field", "stated", "expected")
        print(
            json.dumps(
                [{k: _json_value(row[k]) for k in keys} for row in findings.to_dict("records")],
                indent=2,
                default=str,
                allow_nan=False,
            )
        )
    elif findings.empty and note:
        print(f"{args.register}: every totals row agrees with the schemes above it (within £1)")
    elif findings.empty:
        print(f"{args.register}: every stated figure agrees with the rules (within £1)")
    else:
        for row in findings.itertuples():
            print(rules.describe(row))
    return EXIT_FINDINGS if len(findings) else EXIT_OK


def _plan(args: argparse.Namespace) -> int:
    plans = _lazy("io.plans")
    load = plans.load_plan(args.plan, sheet=args.sheet, mapping=args.mapping)
    as_of = args.as_of or dt.date.today().isoformat()
    tasks = _lazy("model.plans").with_status(load.tasks, as_of)
    write_csv_atomically(plans.tasks_for_csv(tasks), args.csv)
    print(load.report.summary(), file=sys.stderr)
    print(f"status as of {as_of}", file=sys.stderr)
    return EXIT_OK


def _inspect(args: argparse.Namespace) -> int:
    inspect = _lazy("io.inspect")
    result = inspect.inspect_workbook(args.workbook, sheet=args.sheet, mapping=args.mapping)
    for line in inspect.render(result):
        print(line)
    if args.write_mapping is not None:
        register = _lazy("io.register")
        if result.load is not None:
            text = register.mapping_text(result.load)
        else:  # no register read: a plan's reading, for `plan --mapping`, where one is
            plan_mapping = args.mapping if result.chosen is None else None
            text = _lazy("io.plans").plan_mapping_text(
                args.workbook, sheet=args.sheet, mapping=plan_mapping
            )
            if text is None and result.header is not None:
                text = register.mapping_text(result.header)
        if text is None:
            raise UserError(
                f"{args.write_mapping}: not written: no register header or plan was read "
                f"from {args.workbook.name}"
            )
        target = Path(args.write_mapping)
        if target.parent and not target.parent.exists():
            raise UserError(f"{target}: the folder {target.parent} does not exist")
        fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        print(f"mapping written to {target}: pass it back with --mapping {target}")
    return EXIT_FAILED if result.problems else EXIT_OK


def _pack(args: argparse.Namespace) -> int:
    verdict = routes.verdict_rule(args)  # refused (at-risk above on-track) before anything loads
    if args.docx_template is not None:  # refused before a kernel starts
        _lazy("pack.docx").check_template(args.docx_template)
    return _lazy("pack.build").build_pack(
        period=args.period,
        data_dir=args.data,
        out_dir=args.out,
        scenario=args.scenario,
        weight_set=args.weights,
        pdf="full" if args.pdf_full else args.pdf,
        verdict=verdict,
        allow_missing_actuals=args.allow_missing_actuals,
        docx=args.docx or args.docx_template is not None,
        docx_template=args.docx_template,
    )


COMMANDS = {
    "pack": _pack,
    "schemes": _schemes,
    "reconcile": _reconcile,
    "plan": _plan,
    "inspect": _inspect,
    **routes.COMMANDS,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``commissioning-analytics``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UserError as error:
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:  # the machine, not the input: a read-only folder, a full disk
        where = f"{error.filename}: " if error.filename else ""
        print(
            f"error: {where}cannot write ({error.strerror or error}); nothing was written",
            file=sys.stderr,
        )
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, not the user's mistake: still one line, exit 1
        if os.environ.get(DEBUG_ENV):
            raise
        reason = str(error).splitlines()[0][:300] if str(error) else ""
        print(
            f"error: internal error ({type(error).__name__}: {reason}); nothing was written. "
            f"Please report it; {DEBUG_ENV}=1 shows the traceback",
            file=sys.stderr,
        )
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
