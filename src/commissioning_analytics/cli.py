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

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR, EXIT_ENVIRONMENT = 0, 1, 2, 4


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
    pack.add_argument("--allow-missing-actuals", action="store_true",
                      dest="allow_missing_actuals",
                      help="build although a month to date has no actuals (every page then "
                           "names the missing months); refused otherwise")

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

    inspect = sub.add_parser("inspect", help="what each sheet is and how it would be read")
    inspect.add_argument("workbook", type=Path, metavar="WORKBOOK")
    inspect.add_argument("--sheet", help="the sheet to read (default: the register detected)")
    inspect.add_argument("--mapping", type=Path, help="YAML mapping of header -> column")
    inspect.add_argument("--write-mapping", type=Path, dest="write_mapping", metavar="FILE",
                         help="write the reading as a mapping file to correct and pass back")

    plan = sub.add_parser("plan", help="a project plan as the tasks table")
    plan.add_argument("plan", type=Path, metavar="PLAN.xlsx")
    plan.add_argument("--sheet", help="sheet holding the plan (default: detected)")
    plan.add_argument("--csv", type=Path, required=True, metavar="OUT.csv")
    plan.add_argument("--as-of", type=_date, dest="as_of", help="reporting date YYYY-MM-DD")
    plan.add_argument("--mapping", type=Path, help="YAML mapping of header -> tasks column")
    return parser


def write_csv_atomically(frame, path: Path) -> None:
    """Write a CSV next to its destination, then move it into place: never half a file.

    The file gets the mode the user's umask gives any new file (``0644`` usually), not the
    private ``0600`` of a temporary file.
    """
    import os
    import secrets

    path = Path(path)
    if path.parent and not path.parent.exists():
        raise UserError(f"{path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; expected a file name such as {path / 'out.csv'}")
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            frame.to_csv(handle, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _schemes(args) -> int:
    from .io.register import load_register, schemes_for_csv

    load = load_register(args.register, sheet=args.sheet, mapping=args.mapping)
    write_csv_atomically(schemes_for_csv(load.schemes), args.csv)
    print(load.report.summary(), file=sys.stderr)
    return EXIT_OK


def _json_value(value):
    """A finding's value for JSON: a non-finite number (never valid JSON) is ``null``."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _reconcile(args) -> int:
    from .io.register import load_register
    from .model.reconcile import describe, reconcile, unchecked

    load = load_register(args.register, sheet=args.sheet, mapping=args.mapping)
    findings = reconcile(load, weights=args.weights)
    note = unchecked(load)
    if note:
        print(note, file=sys.stderr)
    if args.json:
        keys = ("scheme_id", "field", "stated", "expected")
        print(json.dumps([{k: _json_value(row[k]) for k in keys}
                          for row in findings.to_dict("records")],
                         indent=2, default=str, allow_nan=False))
    elif findings.empty and note:
        print(f"{args.register}: every totals row agrees with the schemes above it (within £1)")
    elif findings.empty:
        print(f"{args.register}: every stated figure agrees with the rules (within £1)")
    else:
        for row in findings.itertuples():
            print(describe(row))
    return EXIT_OK


def _plan(args) -> int:
    from .io.plans import load_plan, tasks_for_csv

    load = load_plan(args.plan, sheet=args.sheet, as_of=args.as_of, mapping=args.mapping)
    write_csv_atomically(tasks_for_csv(load.tasks), args.csv)
    print(load.report.summary(), file=sys.stderr)
    return EXIT_OK


def _inspect(args) -> int:
    import os
    import tempfile

    from .io.inspect import inspect_workbook, render
    from .io.register import mapping_text

    result = inspect_workbook(args.workbook, sheet=args.sheet, mapping=args.mapping)
    for line in render(result):
        print(line)
    if args.write_mapping is not None:
        reading = result.load if result.load is not None else result.header
        if reading is None:
            raise UserError(f"{args.write_mapping}: not written: no register header was read "
                            f"from {args.workbook.name}")
        target = Path(args.write_mapping)
        if target.parent and not target.parent.exists():
            raise UserError(f"{target}: the folder {target.parent} does not exist")
        fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(mapping_text(reading))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        print(f"mapping written to {target}: pass it back with --mapping {target}")
    return EXIT_FAILED if result.problems else EXIT_OK


def _pack(args) -> int:
    from .pack import build_pack

    return build_pack(period=args.period, data_dir=args.data, out_dir=args.out,
                      allow_missing_actuals=args.allow_missing_actuals)


COMMANDS = {"pack": _pack, "schemes": _schemes, "reconcile": _reconcile, "plan": _plan,
            "inspect": _inspect}


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
    except OSError as error:  # the machine, not the input: a read-only folder, a full disk
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}cannot write ({error.strerror or error}); nothing was written",
              file=sys.stderr)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
