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

The views worked out from that month are shared the same way (:func:`shared`): the first of the
pack's processes to need one (a page's kernel, the tables writer, the pack itself for
``summary.json`` and the summary page) works it out and leaves it in the scratch folder
(``.month.views/``); the others wait for it and read it. So page 30's scenarios side by side and
delivery-risk simulation, the plans' tasks and the plan check are worked out once a pack, and the workbook, the CSVs and
``summary.json`` state what the pages state. A month not from :func:`save`, :func:`read` or
:func:`cached_month` (a notebook opened on its own, the tests) shares nothing: each call works
its view out.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock

from .io.datafolder import DataFolder

ENV = "COMMISSIONING_ANALYTICS_MONTH"
FILE_NAME = ".month.pickle"
VIEWS = ".month.views"  # beside the month's file: the views worked out from it (:func:`shared`)
_SHARED = "_shared_views"  # the attribute naming that folder on a month from this module

T = TypeVar("T")


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
    _share(month, path)
    return path


def read(path: Path):
    """The month in a file :func:`save` wrote (whatever it was made from)."""
    with open(path, "rb") as handle:
        month = pickle.load(handle)[1]
    return _share(month, Path(path))


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
    return _share(month, path) if stamp == wanted else None


def _share(month: Any, path: Path) -> Any:
    """``month`` marked as the one in ``path``: its views are shared (:func:`shared`)."""
    setattr(month, _SHARED, str(Path(path).parent / VIEWS))
    return month


def shared(month: Any, name: str, work: Callable[[], T]) -> T:
    """``work()``, done once a pack for the pack's month: the first process to ask does it and
    leaves the result in the scratch folder; the others (asking at the same time or later) wait
    for it and read it. ``name`` says what it is and every setting it depends on beyond the
    month (``risk-10000-2026``). A view that raises is not kept (each caller meets the error).
    A month the pack did not hand out (see the module's docstring) just does ``work()``."""
    folder = getattr(month, _SHARED, None)
    if not folder or not Path(folder).parent.is_dir():  # not the pack's, or the pack is over
        return work()
    views = Path(folder)
    views.mkdir(mode=0o700, exist_ok=True)
    path = views / f"{name}.pickle"
    with FileLock(str(views / f"{name}.lock")):
        if path.is_file():
            with open(path, "rb") as handle:
                value: T = pickle.load(handle)
            return value
        value = work()
        part = views / f"{name}.part"
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
        return value


def discard(path: Path) -> None:
    """The month's file :func:`save` wrote and the views shared beside it, removed (before the
    scratch folder is published)."""
    Path(path).unlink(missing_ok=True)
    shutil.rmtree(Path(path).parent / VIEWS, ignore_errors=True)
