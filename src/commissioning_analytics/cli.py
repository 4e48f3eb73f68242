"""The commands of shared/DESIGN.md: ``pack``, ``schemes``, ``reconcile``, ``plan``.

A user's mistake ends with exit status 2 and one plain line per problem, naming file, sheet
and cell; never a traceback. Outputs are written only when everything succeeded.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import UserError

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR = 0, 1, 2


def _period(text: str) -> str:
    import re

    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a month as YYYY-MM, e.g. 2026-10")
    return text


def _date(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date as YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commissioning-analytics",
        description="QIPP savings registers, project plans and the monthly board pack.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    pack = sub.add_parser("pack", help="build the monthly pack into OUT/<period>/")
    pack.add_argument("--period", type=_period, help="reporting month YYYY-MM "
                      "(default: the latest complete month with actuals)")
    pack.add_argument("--data", type=Path, default=Path("data/raw"), help="data folder")
    pack.add_argument("--out", type=Path, default=Path("outputs"), help="outputs folder")

    schemes = sub.add_parser("schemes", help="a register as the canonical scheme table")
    schemes.add_argument("register", type=Path, metavar="REGISTER.xlsx")
    schemes.add_argument("--sheet", help="sheet holding the register (default: detected)")
    schemes.add_argument("--mapping", type=Path, help="YAML mapping of header -> column")
    schemes.add_argument("--csv", type=Path, required=True, metavar="OUT.csv")

    reconcile = sub.add_parser("reconcile", help="stated figures the rules do not give")
    reconcile.add_argument("register", type=Path, metavar="REGISTER.xlsx")
    reconcile.add_argument("--sheet", help="sheet holding the register (default: detected)")
    reconcile.add_argument("--mapping", type=Path, help="YAML mapping of header -> column")
    reconcile.add_argument("--weights", default="board", help="weight set (board, treasury)")
    reconcile.add_argument("--json", action="store_true", help="print findings as JSON")

    plan = sub.add_parser("plan", help="a project plan as the tasks table")
    plan.add_argument("plan", type=Path, metavar="PLAN.xlsx")
    plan.add_argument("--sheet", help="sheet holding the plan (default: detected)")
    plan.add_argument("--csv", type=Path, required=True, metavar="OUT.csv")
    plan.add_argument("--as-of", type=_date, dest="as_of", help="reporting date YYYY-MM-DD")
    return parser


def write_csv_atomically(frame, path: Path) -> None:
    """Write a CSV all at once, safe from formula injection (see :func:`export.write_csv`)."""
    from .export import write_csv

    write_csv(frame, path)


def _schemes(args) -> int:
    from .io.register import load_register, schemes_for_csv

    load = load_register(args.register, sheet=args.sheet, mapping=args.mapping)
    write_csv_atomically(schemes_for_csv(load.schemes), args.csv)
    print(load.report.summary(), file=sys.stderr)
    return EXIT_OK


def _reconcile(args) -> int:
    from .io.register import load_register
    from .model.reconcile import describe, reconcile

    load = load_register(args.register, sheet=args.sheet, mapping=args.mapping)
    findings = reconcile(load, weights=args.weights)
    if args.json:
        keys = ("scheme_id", "field", "stated", "expected")
        print(json.dumps([{k: row[k] for k in keys} for row in findings.to_dict("records")],
                         indent=2, default=str))
    elif findings.empty:
        print(f"{args.register}: every stated figure agrees with the rules (within £1)")
    else:
        for row in findings.itertuples():
            print(describe(row))
    return EXIT_OK


def _plan(args) -> int:
    from .io.plans import load_plan, tasks_for_csv

    load = load_plan(args.plan, sheet=args.sheet, as_of=args.as_of)
    write_csv_atomically(tasks_for_csv(load.tasks), args.csv)
    print(load.report.summary(), file=sys.stderr)
    return EXIT_OK


def _pack(args) -> int:
    from .pack import build_pack

    return build_pack(period=args.period, data_dir=args.data, out_dir=args.out)


COMMANDS = {"pack": _pack, "schemes": _schemes, "reconcile": _reconcile, "plan": _plan}


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
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
