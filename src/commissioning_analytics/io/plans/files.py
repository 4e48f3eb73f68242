"""Which files of a data folder's ``plans/`` are read, and the versions of one plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import tabular

XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class PlanFiles:
    """The files of a data folder's ``plans/``: those read as plans, and a line for each
    other file saying why it is not read (:func:`plan_files`)."""

    read: list[Path] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def plan_files(folder: str | Path) -> PlanFiles:
    """Every file in a plans folder, by name: workbooks and exports the plan reader opens
    (``.xlsx``, ``.xlsm``; ``.xls``, ``.xlsb``, ``.ods``, ``.csv``, ``.txt`` through
    :mod:`.tabular`) are read; any other file, a sub-folder, or Excel's lock file of a
    workbook open in Excel (``~$name.xlsx``) is named with the reason it is not read, never
    passed over in silence. Hidden files (a name starting ".", as ``.DS_Store``) are the
    system's, not a user's, and are not named.

    >>> plan_files("no/such/folder")
    PlanFiles(read=[], left_out=[])
    """

    folder = Path(folder)
    found = PlanFiles()
    if not folder.is_dir():
        return found
    readable = XLSX_SUFFIXES + tabular.SUFFIXES
    for path in sorted(folder.iterdir()):
        name, suffix = path.name, path.suffix.lower()
        if name.startswith("."):
            continue
        if path.is_dir():
            found.left_out.append(f"{name}: a folder, not read (plans are read from plans/ itself)")
        elif name.startswith("~$"):
            found.left_out.append(
                f"{name}: Excel's lock file of a workbook open in Excel, not read (the "
                f"workbook itself is; unsaved changes in Excel are not)"
            )
        elif suffix in readable:
            found.read.append(path)
        elif suffix in (".mpp", ".mpt"):
            found.left_out.append(
                f"{name}: an MS Project file, not read: save it from MS Project as Excel or "
                f"CSV (File > Save As) into plans/"
            )
        else:
            found.left_out.append(
                f"{name}: not read: plans are read from {', '.join(readable)} files"
            )
    return found


_VERSION = re.compile(r"^(?P<family>.*?)[\s_\-]*v(?:ersion)?[\s_\-]*(?P<n>\d+)$", re.I)


def plan_versions(paths: list[Path]) -> dict[str, list[Path]]:
    """Group plan files into versions of the same plan by name: ``gantt_v1.xlsx``,
    ``gantt_v2.xlsx`` -> ``{"gantt": [v1, v2]}`` (oldest first); a file with no version
    number is a plan of its own."""
    families: dict[str, list[tuple[int, Path]]] = {}
    for path in paths:
        match = _VERSION.match(path.stem)
        family, number = (match["family"], int(match["n"])) if match else (path.stem, 0)
        families.setdefault(family, []).append((number, path))
    return {family: [p for _, p in sorted(items)] for family, items in sorted(families.items())}
