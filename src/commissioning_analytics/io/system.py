"""A system data folder (issue 22): several organisations' data folders under one.

::

    SYSTEM/
      organisations/<code>/     each a complete data folder (register, actuals, plans, ...)
      organisations.yml         optional: display name and kind of each organisation
      system.yml                optional: the system's settings (double counting)

``organisations.yml`` (or ``organisations.csv`` with columns ``code, name, kind``)::

    NF-ICB:
      name: NHS Northfield ICB
      kind: ICB            # ICB, trust or council

``system.yml``::

    double_counting: show    # show (default): listed, not deducted; deduct: counted once

The reader returns what the files say; what was not given (a name, a kind, the settings) is
defaulted and named in :attr:`SystemFolder.notes`, for stderr and the system summary.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..safe_yaml import load_yaml

ORGANISATIONS_DIR = "organisations"
NAMES_FILES = ("organisations.yml", "organisations.yaml", "organisations.csv")
SETTINGS_FILE = "system.yml"
KINDS = {"icb": "ICB", "trust": "trust", "council": "council"}
DOUBLE_COUNTING = ("show", "deduct")


@dataclass(frozen=True)
class Organisation:
    """One organisation of a system: ``code`` (its folder's name), display ``name``, ``kind``
    (ICB, trust, council, or "" when not given) and its data ``folder``."""

    code: str
    name: str
    kind: str
    folder: Path


@dataclass(frozen=True)
class SystemFolder:
    """The organisations of a system folder, in code order, and its settings."""

    root: Path
    organisations: tuple[Organisation, ...]
    double_counting: str = "show"
    notes: tuple[str, ...] = field(default=())

    @property
    def deduct(self) -> bool:
        return self.double_counting == "deduct"


def is_system(data_dir: Path) -> bool:
    """Whether ``data_dir`` is a system folder (it has an ``organisations/`` folder)."""
    return (Path(data_dir) / ORGANISATIONS_DIR).is_dir()


def read_system(data_dir: Path) -> SystemFolder:
    """The system folder's organisations and settings.

    Raises:
        UserError: no organisation folder at all, or a names/settings file that cannot be read
            (one line naming the file and what was expected).
    """
    root = Path(data_dir).resolve()
    folders = sorted(
        p
        for p in (root / ORGANISATIONS_DIR).iterdir()
        if p.is_dir() and not p.name.startswith((".", "_"))
    )
    if not folders:
        raise UserError(f"{root / ORGANISATIONS_DIR}: no organisation folders (one per code)")
    notes: list[str] = []
    names, names_file = _read_names(root)
    if names_file is None:
        notes.append(
            f"{root}: no organisations.yml: organisations are named by their folder, kind not given"
        )
    orgs = []
    for folder in folders:
        given = names.get(folder.name)
        if names_file is not None and given is None:
            notes.append(f"{names_file}: no entry for {folder.name}: named by its folder")
        name, kind = given or (folder.name, "")
        orgs.append(Organisation(folder.name, name or folder.name, kind, folder))
    for code in sorted(set(names) - {f.name for f in folders}):
        notes.append(f"{names_file}: {code} has no folder in {ORGANISATIONS_DIR}/: left out")
    double_counting = _read_settings(root, notes)
    return SystemFolder(root, tuple(orgs), double_counting, tuple(notes))


def _read_names(root: Path) -> tuple[dict[str, tuple[str, str]], Path | None]:
    for name in NAMES_FILES:
        path = root / name
        if path.is_file():
            rows = _csv_rows(path) if path.suffix == ".csv" else _yaml_rows(path)
            return {code: (n, _kind(path, code, k)) for code, n, k in rows}, path
    return {}, None


def _yaml_rows(path: Path) -> list[tuple[str, str, str]]:
    data = load_yaml(path)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected one entry per organisation code (code: name, kind)")
    rows = []
    for code, entry in data.items():
        if isinstance(entry, str):
            rows.append((str(code), entry, ""))
        elif isinstance(entry, dict):
            rows.append((str(code), str(entry.get("name") or ""), str(entry.get("kind") or "")))
        else:
            raise UserError(f"{path}: {code}: expected a name, or name: and kind:")
    return rows


def _csv_rows(path: Path) -> list[tuple[str, str, str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            fields = [f.strip().lower() for f in reader.fieldnames or []]
            if "code" not in fields:
                raise UserError(f"{path}: no 'code' column (expected code, name, kind)")
            rows = []
            for row in reader:
                row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                if row.get("code"):
                    rows.append((row["code"], row.get("name", ""), row.get("kind", "")))
            return rows
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text (save it as CSV UTF-8)") from None


def _kind(path: Path, code: str, kind: str) -> str:
    if not kind:
        return ""
    try:
        return KINDS[kind.strip().lower()]
    except KeyError:
        raise UserError(
            f"{path}: {code}: kind {kind!r} is not one of ICB, trust, council"
        ) from None


def _read_settings(root: Path, notes: list[str]) -> str:
    path = root / SETTINGS_FILE
    if not path.is_file():
        notes.append(
            f"{root}: no {SETTINGS_FILE}: double counting is shown, not deducted "
            "(double_counting: deduct to count each such saving once)"
        )
        return "show"
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected settings as name: value")
    value = str(data.get("double_counting", "show")).strip().lower()
    if value not in DOUBLE_COUNTING:
        raise UserError(f"{path}: double_counting: {value!r} is not show or deduct")
    unknown = sorted(set(data) - {"double_counting"})
    if unknown:
        notes.append(f"{path}: settings not used: {', '.join(map(str, unknown))}")
    return value
