"""The errors a user can cause, and how they are told.

One base class, :class:`UserError`, for every mistake in the user's input (a missing file, a
sheet with no register, an unreadable month). The CLI catches it once and prints each problem as
one plain line, exit status 2. ``OSError`` (a folder that cannot be written, a full disk) is the
environment's doing: one line, exit status 4. Anything else is a bug: one line, exit status 1,
and its traceback with ``COMMISSIONING_ANALYTICS_DEBUG=1``.

:class:`InputError` is another name for :class:`UserError`, for readers of optional inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be.

    Attributes:
        file: the file's name as the user gave it.
        message: what is wrong and what was expected.
        sheet: worksheet title, where there is one.
        cell: A1-style cell reference, where there is one.
    """

    file: str
    message: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f"!{self.sheet}"
        if self.cell:
            where += f"!{self.cell}"
        return f"{where}: {self.message}"


class UserError(Exception):
    """A mistake in the user's input; carries every problem found, not just the first."""

    def __init__(self, problems: Problem | str | Sequence[Problem | str]):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: list[Problem | str] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """Each problem as one plain line, for the CLI."""
        return [str(p) for p in self.problems]


InputError = UserError


class WorkbookError(UserError):
    """A workbook cannot be opened or holds no table of the expected kind."""


class ValidationError(UserError):
    """A table was found but some of its cells break the column contract."""


class ConfigError(UserError):
    """A mapping, scenario or weight-set file is malformed."""
