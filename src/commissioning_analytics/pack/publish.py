"""Publishing a pack safely: one run at a time (the lock), scratch folders that a killed run left
removed, a folder switched into place in one step (never half of an old and a new pack), the
log line of every run, and the list of every pack built so far (``OUT/index.html``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from filelock import FileLock, Timeout

from ..pages.common import money_or_na
from .summary import INDEX_CSS

_PERIOD_DIR = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


_SCRATCH = re.compile(r"^\.(\d{4}-(?:0[1-9]|1[0-2]))\.(building|old)-[\w.-]+$")


class PackLocked(Exception):
    """Another run holds the lock."""


LOCK_NAME = ".pack.lock"


_HOLDER_NAME = ".pack.lock.holder"


@contextlib.contextmanager
def pack_lock(out_dir: Path):
    """An exclusive, non-blocking lock on ``out_dir/.pack.lock``.

    ``filelock`` takes an operating-system lock (``flock`` on Linux and macOS, ``msvcrt``
    locking on Windows), released when the process ends even if it is killed, so a stale lock
    never blocks the next run. Who holds it is written beside it, for the refusal message.
    """

    path = out_dir / LOCK_NAME
    holder = out_dir / _HOLDER_NAME
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        try:
            who = holder.read_text(encoding="utf-8").strip() or "another process"
        except OSError:
            who = "another process"
        raise PackLocked(
            f"{path}: another pack run is in progress ({who}); try again when it has finished"
        ) from None
    try:
        with contextlib.suppress(OSError):
            holder.write_text(
                f"pid {os.getpid()} since {dt.datetime.now():%Y-%m-%d %H:%M:%S}", encoding="utf-8"
            )
        yield
    finally:
        with contextlib.suppress(OSError):
            holder.unlink()
        lock.release()


def log(out_dir: Path, message: str) -> None:
    """One line in ``out_dir/pack.log``; a log that cannot be written does not stop the run
    (the same line is on stderr)."""
    with contextlib.suppress(OSError):
        with open(out_dir / "pack.log", "a", encoding="utf-8") as log:
            log.write(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {message}\n")


def _scratch_names(period: str = "*") -> list[str]:
    return [f".{period}.building-*", f".{period}.old-*"]


def remove_stale_scratch(*folders: Path) -> list[Path]:
    """Remove scratch folders a killed run left (``.<period>.building-*``, ``.<period>.old-*``).

    Only called while holding the lock: no other run can be building in them.
    """
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for pattern in _scratch_names():
            for stale in sorted(folder.glob(pattern)):
                match = _SCRATCH.match(stale.name)
                if not stale.is_dir() or not match:
                    continue
                month = folder / match[1]
                if match[2] == "old" and not month.exists():
                    # killed between the two renames of a swap: the old pack goes back
                    with contextlib.suppress(OSError):
                        os.rename(stale, month)
                        continue
                shutil.rmtree(stale, ignore_errors=True)
                removed.append(stale)
    return removed


def check_writable(folder: Path) -> None:
    """Raise ``OSError`` now, not after every notebook ran, when ``folder`` can't be written."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
    os.close(fd)
    os.unlink(probe)


def environment_error(error: OSError) -> str:
    """``/srv/out/2026-10: cannot write (No space left on device)``: one line."""
    where = error.filename or ""
    reason = error.strerror or str(error) or type(error).__name__
    return f"{where}: cannot write ({reason})" if where else f"cannot write ({reason})"


def replace_dir(new: Path, target: Path) -> list[str]:
    """Move ``new`` into place as ``target``, replacing an existing folder: two renames on one
    file system, so ``target`` is always either the old or the new folder, never half of one.

    On Windows a folder cannot be renamed while any file in it is open (the workbook in Excel,
    a OneDrive sync): then the pack is published file by file (:func:`publish_files`) and
    each file that is still open is named.

    Returns:
        one line per file that could not be replaced ([] when the folder was switched whole).
    """
    old = None
    try:
        if target.exists():
            aside = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
            os.rename(target, aside)
            old = aside
        try:
            os.rename(new, target)
        except BaseException:
            if old is not None:
                os.rename(old, target)
                old = None
            raise
    except PermissionError:  # a file of the old folder is open (Windows): file by file
        if old is not None or not target.is_dir() or not new.is_dir():
            raise
        return publish_files(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return []


def publish_files(new: Path, target: Path) -> list[str]:
    """Publish the files of ``new`` into the existing folder ``target`` one by one (each an
    atomic replace), ``index.html`` last, and remove the files the new pack no longer has.
    A file that is open in another program is not replaced: the new copy is put beside it as
    ``<name>.new<suffix>`` and named in the returned lines; ``new`` is removed."""
    problems: list[str] = []
    files = sorted(
        (p for p in new.rglob("*") if p.is_file()),
        key=lambda p: (p.name == "index.html", str(p)),
    )
    names = {p.relative_to(new) for p in files}
    for source in files:
        destination = target / source.relative_to(new)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, destination)
        except PermissionError:
            aside = destination.with_name(f"{destination.stem}.new{destination.suffix}")
            with contextlib.suppress(OSError):
                os.replace(source, aside)
            problems.append(
                f"{destination}: open in another program (Excel, a sync client?), so not "
                f"replaced; this run's copy is {aside.name}: close the file and run the pack "
                "again"
            )
    for stale in sorted(p for p in target.rglob("*") if p.is_file()):
        relative = stale.relative_to(target)
        if relative in names or stale.stem.endswith(".new"):
            continue
        try:
            stale.unlink()
        except PermissionError:
            problems.append(
                f"{stale}: from an earlier run, open in another program, so not removed"
            )
    shutil.rmtree(new, ignore_errors=True)
    return problems


def write_packs_index(out_dir: Path) -> None:
    """``OUT/index.html``: every pack built so far, newest first, with its headline figures."""
    rows = []
    for folder in sorted(
        (p for p in out_dir.iterdir() if p.is_dir() and _PERIOD_DIR.match(p.name)), reverse=True
    ):
        summary = folder / "summary.json"
        if not (folder / "index.html").is_file() or not summary.is_file():
            continue
        head = json.loads(summary.read_text())
        rows.append(
            f'<tr><td><a href="{folder.name}/index.html">{folder.name}</a></td>'
            f"<td>{money_or_na(head['plan_in_year'])}</td><td>{money_or_na(head['forecast_in_year'])}</td>"
            f"<td>{money_or_na(head.get('actual_to_date', float('nan')) if head.get('actual_to_date') is not None else float('nan'))}</td>"
            f"<td>{money_or_na(head['gap_to_target'])}</td><td>{html.escape(head.get('built', ''))}</td></tr>"
        )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Savings packs</title><style>{INDEX_CSS}</style></head>
<body><h1>Savings packs</h1>
<table><tr><th>Month</th><th>Plan</th><th>Forecast</th><th>Actual to date</th><th>Gap to target</th><th>Built</th></tr>
{"".join(rows)}</table></body></html>
"""
    tmp = out_dir / ".index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out_dir / "index.html")
