"""A user's mapping file for a register: header text -> canonical column, the sheet and the
header row; read safely (:func:`..headers.read_mapping_file`) and written back from a reading
(``inspect --write-mapping``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...schema import Scheme
from ..headers import norm, read_mapping_file
from .report import HeaderReading, RegisterLoad


@dataclass(frozen=True)
class Mapping:
    """A user's description of a layout: header text -> canonical column, and where it is."""

    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None
    file: str = "mapping"


def read_mapping(path: str | Path) -> Mapping:
    """Read a YAML mapping file (see the module docstring; :func:`headers.read_mapping_file`).

    Raises:
        ConfigError: naming the file, for a missing or malformed file or an unknown column.
    """
    known = [c for c in Scheme.COLUMNS if c != Scheme.source]
    columns, sheet, header_row = read_mapping_file(path, known)
    return Mapping(
        {norm(k): v for k, v in columns.items()},
        sheet=sheet,
        header_row=header_row,
        file=Path(path).name,
    )


def mapping_text(load: RegisterLoad | HeaderReading) -> str:
    """The reading of a register (or of its header alone) as a mapping file (YAML) that reads
    it the same way."""
    import yaml

    choices = load.report.choices if isinstance(load, RegisterLoad) else load.choices
    header_row = load.report.header_row if isinstance(load, RegisterLoad) else load.header_row
    what = load.report.summary() if isinstance(load, RegisterLoad) else "its header only"
    columns = {}
    for row in choices.itertuples():
        if row.column in Scheme.COLUMNS:
            columns[row.header] = row.column
    spec = {"sheet": load.sheet, "header_row": header_row, "columns": columns}
    head = (
        f"# How {load.file}!{load.sheet} was read ({what}).\n"
        "# Correct a line and pass this file back with --mapping; 'ignore' leaves a column "
        "out.\n# Month columns are found again by their headers.\n"
    )
    return head + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
