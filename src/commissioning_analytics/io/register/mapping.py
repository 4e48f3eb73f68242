"""A user's mapping file for a register: header text -> canonical column, the sheet and the
header row, a register's own rating words (``values:``), the risk weights (``weights:``) and
rows not to read (``exclude_rows:``); read safely (:func:`..headers.read_mapping_spec`) and
written back from a reading (``inspect --write-mapping``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...schema import Scheme
from ..efficiency import CATEGORIES, STAGES
from ..headers import norm, read_mapping_spec
from ..ratings import FILL, PERCENT, RAG, RATINGS
from .report import HeaderReading, RegisterLoad


@dataclass(frozen=True)
class Mapping:
    """A user's description of a layout: header text -> canonical column, and where it is.

    Attributes:
        columns: normalised header text -> canonical column (or ``ignore``).
        sheet: the sheet holding the register.
        header_row: the (last) header row, 1-based.
        file: the mapping file's name.
        values: a rating cell's text (lower case) -> green / amber / red, read before the
            rating vocabulary (:mod:`..ratings`).
        weights: ``green`` / ``amber`` / ``red`` / ``unrated`` -> weight 0-1, for the model
            (``RegisterLoad.weights``).
        words: an efficiency cell's text (lower case) -> a stage or category (``values:``
            lines naming one, e.g. ``Green - live: in_delivery``), read before the vocabulary
            of :mod:`..efficiency` (a template's own wording).
        exclude_rows: worksheet row ranges (1-based, inclusive) not read, each named in the
            load report.
    """

    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None
    file: str = "mapping"
    values: dict[str, str] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    exclude_rows: tuple[tuple[int, int], ...] = ()
    words: dict[str, str] = field(default_factory=dict)


def read_mapping(path: str | Path) -> Mapping:
    """Read a YAML mapping file (see the package docstring; :func:`headers.read_mapping_spec`).

    Raises:
        ConfigError: naming the file, for a missing or malformed file, an unknown column or
            rating, or a weight that is not 0-1.
    """
    known = [c for c in (*Scheme.COLUMNS, *Scheme.EFFICIENCY_COLUMNS) if c != Scheme.source]
    spec = read_mapping_spec(path, known, meanings=(*RATINGS, *STAGES, *CATEGORIES))
    return Mapping(
        {norm(k): v for k, v in spec.columns.items()},
        sheet=spec.sheet,
        header_row=spec.header_row,
        file=Path(path).name,
        values={k: v for k, v in spec.values.items() if v in RATINGS},
        weights=spec.weights,
        exclude_rows=spec.exclude_rows,
        words={k: v for k, v in spec.values.items() if v not in RATINGS},
    )


def mapping_text(load: RegisterLoad | HeaderReading) -> str:
    """The reading of a register (or of its header alone) as a mapping file (YAML) that reads
    it the same way: its columns, and the rating words read by a scale other than RAG."""

    choices = load.report.choices if isinstance(load, RegisterLoad) else load.choices
    header_row = load.report.header_row if isinstance(load, RegisterLoad) else load.header_row
    what = load.report.summary() if isinstance(load, RegisterLoad) else "its header only"
    columns = {}
    for row in choices.itertuples():
        if row.column in Scheme.COLUMNS or row.column in Scheme.EFFICIENCY_COLUMNS:
            columns[row.header] = row.column
    spec: dict = {"sheet": load.sheet, "header_row": header_row, "columns": columns}
    if isinstance(load, RegisterLoad):
        ratings = load.report.ratings
        words = ratings[~ratings["scale"].isin([RAG, FILL, PERCENT, ""])]
        if len(words):
            spec["values"] = dict(zip(words["value"], words["rating"]))
    head = (
        f"# How {load.file}!{load.sheet} was read ({what}).\n"
        "# Correct a line and pass this file back with --mapping; 'ignore' leaves a column "
        "out.\n# Month columns are found again by their headers.\n"
        + (
            "# values: how each rating word was read (green, amber or red).\n"
            if "values" in spec
            else ""
        )
    )
    return head + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)
