"""What a pack notebook's parameters mean, checked before a page reads anything.

A pack notebook runs from the pack (which always passes ``data_dir``), from the papermill
command line, in JupyterLab or under nbval. Its ``data_dir`` parameter is empty by default, so a
run that forgets it (a scheduled ``papermill`` line with a typo in ``-p data_dir``'s name) stops
with one line instead of building a board page on the shipped sample data. ``sample=True`` asks
for the sample on purpose. Anything derived from a parameter is computed here, in the cell after
the ``parameters`` cell, so that papermill's injected values are the ones used.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UserError
from .io.datafolder import DataFolder

#: the shipped sample data: ``data/raw`` of the checkout this package is installed from
SAMPLE_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "raw"


class NotebookParameterError(UserError):
    """A pack notebook was run without a usable data folder.

    IPython shows an exception's ``_render_traceback_`` instead of its traceback, so the cell's
    error (and papermill's report of it) is the one plain line that says what to pass.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"{type(self).__name__}: {line}" for line in self.lines()]


def require_data_dir(data_dir: str | Path | None, *, sample: bool = False) -> str:
    """The data folder a pack notebook reads, as an absolute path.

    Args:
        data_dir: the ``data_dir`` parameter: a folder holding the month's register (see
            :class:`DataFolder`); a relative path is relative to the kernel's working folder
            (papermill's ``--cwd``, else where papermill was started).
        sample: the ``sample`` parameter: ``True`` uses the shipped sample data
            (:data:`SAMPLE_DATA_DIR`) when ``data_dir`` is empty.

    Raises:
        NotebookParameterError: ``data_dir`` empty and ``sample`` not set; both given; a
            ``data_dir`` that is not a folder; ``sample`` with no sample data beside this
            installation.
    """
    given = str(data_dir or "").strip()
    if given and sample:
        raise NotebookParameterError(
            f"data_dir {given!r} and sample=True both given: pass one of them "
            "(sample=True builds the page on the shipped sample data)"
        )
    if not given and not sample:
        raise NotebookParameterError(
            "no data_dir given: pass the month's data folder (papermill: -p data_dir DIR), "
            "or sample=True (-p sample True) to build this page on the shipped sample data"
        )
    folder = Path(given).expanduser().resolve() if given else SAMPLE_DATA_DIR
    if not DataFolder(folder).register.is_file() and sample:
        raise NotebookParameterError(
            f"sample=True: the shipped sample data is not beside this installation "
            f"({folder}); pass data_dir instead"
        )
    if not folder.is_dir():
        raise NotebookParameterError(f"data_dir {given!r}: no such folder ({folder})")
    return str(folder)
