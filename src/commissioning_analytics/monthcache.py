"""The month, loaded and validated once per pack, handed to every notebook's kernel.

The pack reads the register and the actuals once (:func:`report.load_month`) before any
notebook runs. :func:`save` writes that :class:`~commissioning_analytics.month.MonthInputs`
into the pack's scratch folder and the pack names the file in the kernels' environment
(:data:`ENV`); :func:`report.load_month` in a kernel then returns it (:func:`cached_month`)
instead of parsing the workbooks again: 5 register and 4 actuals parses a pack become one each.

The file is a pickle: it round-trips the tidy tables, their month (Period) types and the phased
arrays exactly, with no new dependency. It is written by the same run, in its own scratch folder
with mode 0600, read only by that run's kernels, and removed before the pack is published. It is
used only when it was made for the same reporting month, data folder, register file (same size
and modification time), actuals (same) and settings; anything else loads the workbooks as usual.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from .io.datafolder import DataFolder

ENV = "COMMISSIONING_ANALYTICS_MONTH"
FILE_NAME = ".month.pickle"


def _stamp(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)


def key(
    period, data_dir, register_file: str, *, weight_set, scenario: str, organisation: str
) -> tuple:
    """What a cached month must have been made from to stand in for a fresh load."""
    folder = DataFolder(Path(data_dir))
    return (
        str(period),
        str(folder.root.resolve()),
        register_file,
        _stamp(folder.root / register_file),
        _stamp(folder.actuals),
        str(weight_set),
        str(scenario),
        str(organisation),
    )


def save(
    month,
    folder: Path,
    *,
    register_file: str,
    weight_set="board",
    scenario: str = "",
    organisation: str | None = None,
) -> Path:
    """Write ``month`` into ``folder`` for the kernels; returns the file (name it in ENV)."""
    path = Path(folder) / FILE_NAME
    stamp = key(
        month.period,
        month.data_dir,
        register_file,
        weight_set=weight_set,
        scenario=scenario,
        organisation=organisation or month.organisation,
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        pickle.dump((stamp, month), handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def read(path: Path):
    """The month in a file :func:`save` wrote (whatever it was made from)."""
    with open(path, "rb") as handle:
        return pickle.load(handle)[1]


def cached_month(
    period,
    data_dir,
    register_file: str,
    *,
    weight_set="board",
    scenario: str = "",
    organisation: str = "",
):
    """The month the pack loaded, when :data:`ENV` names one made from the same inputs and
    settings; else ``None`` (load as usual)."""
    name = os.environ.get(ENV)
    if not name:
        return None
    path = Path(name)
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            stamp, month = pickle.load(handle)
    except Exception:
        return None
    wanted = key(
        period,
        data_dir,
        register_file,
        weight_set=weight_set,
        scenario=scenario,
        organisation=organisation,
    )
    return month if stamp == wanted else None
