"""What a register read gives back: the scheme table with its totals and monthly plan
(:class:`RegisterLoad`), and the load report of every row and header (:class:`LoadReport`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ... import calendar
from ...schema import MONTHLY_PLAN_COLUMNS, Scheme
from ..ratings import FILL, RAG

# Outcomes of a worksheet row in the load report.
SCHEME, TOTAL, ADJUSTMENT, BLANK, TITLE, HEADER, NOTE, EXCLUDED = (
    "scheme",
    "total",
    "adjustment",
    "blank",
    "title",
    "header",
    "note",
    "excluded",
)
OUTCOMES = (SCHEME, TOTAL, ADJUSTMENT, BLANK, TITLE, HEADER, NOTE, EXCLUDED)
RATING_COLUMNS = ("column", "value", "rating", "scale", "schemes")
MAX_ROWS_NAMED = 12  # rows named one by one in a line of the account; then "and N more"
# A scheme's further rows (its actual or forecast row; a long extract's other months), and the
# rows of another table below the register (not read as schemes).
MEASURE, MONTH, OTHER_TABLE = "measure row", "month row", "in another table"
OUTCOMES = (SCHEME, MEASURE, MONTH, *OUTCOMES[1:], OTHER_TABLE)


@dataclass
class LoadReport:
    """What became of every worksheet row read, and how the header was read.

    Attributes:
        file: the workbook's file name.
        sheet: the sheet the register was read from.
        rows: one row per worksheet row: ``source`` (file!sheet!row), ``row`` (1-based),
            ``outcome`` (scheme, measure row, month row, total, adjustment, blank, title,
            header, note, excluded, in another table), ``reason``.
        skipped_sheets: sheets looked at before the register was found, with why they were not it.
        unmapped_headers: header cells read but not used, with why.
        year: the register's financial year (its starting calendar year).
        year_from: where the year was read (a header, a title row, month columns, go-lives).
        choices: one row per header column read: ``cell`` (e.g. ``J5``), ``header`` (``group /
            sub``), ``column`` (canonical), ``score``, ``evidence``, ``close_call``.
        units: money unit per canonical money column (``"£"``, ``"£000"``, ``"£m"``).
        notes: plain sentences on what was derived or assumed (close calls, FYE from run rate).
        sheet_choice: which of several register sheets was read and why ("" when one holds a
            register or the sheet was named): the pack lists it with the summary's exceptions.
        header_row: the last header row (1-based).
        warnings: columns with content that look like a known field (ratings, money under a
            year, dates, quarters) but were not read as one, and other readings a person must
            check; each a plain sentence naming the cell.
        ratings: how each rating column's values were read: ``column, value, rating, scale,
            schemes`` (one row per distinct value; ``(fill)`` for a blank cell read by its
            colour, ``(blank)`` for an unrated one), the vocabulary of :mod:`..ratings`.
    """

    file: str
    sheet: str | None = None
    rows: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["source", "row", "outcome", "reason"])
    )
    skipped_sheets: list[str] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)
    year: int | None = None
    year_from: str = ""
    choices: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["cell", "header", "column", "score", "evidence", "close_call"]
        )
    )
    units: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sheet_choice: str = ""
    header_row: int | None = None
    warnings: list[str] = field(default_factory=list)
    ratings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RATING_COLUMNS))

    def counts(self) -> dict[str, int]:
        """Rows per outcome, every outcome listed."""
        found = self.rows["outcome"].value_counts()
        return {outcome: int(found.get(outcome, 0)) for outcome in OUTCOMES}

    def summary(self) -> str:
        """One line: where the register was, and how many rows became what."""
        counts = self.counts()
        parts = ", ".join(
            f"{n} {k}{'' if n == 1 or k in (BLANK, OTHER_TABLE) else 's'}"
            for k, n in counts.items()
            if n
        )
        year = f", financial year {calendar.fy_label(self.year)}" if self.year else ""
        scaled = sorted({u for u in self.units.values() if u != "£"})
        units = f", money in {' and '.join(scaled)} converted to £" if scaled else ""
        return f"{self.file}!{self.sheet}: {len(self.rows)} rows read: {parts}{year}{units}"

    def details(self) -> list[str]:
        """The header reading in lines: each column's choice with its evidence, then notes."""
        lines = [
            f"{r.cell}: {r.header!r} -> {r.column} (score {r.score}; {r.evidence})"
            + (" [close call]" if r.close_call else "")
            for r in self.choices.itertuples()
        ]
        lines += [f"not used: {text}" for text in self.unmapped_headers]
        return lines + list(self.notes)

    def account(self, rows: bool = True) -> list[str]:
        """Every column and row accounted for, in lines a person reads (after
        :meth:`summary`): warnings first, then the columns with content not used, the rows
        not read as schemes with the reason (``rows=False``: left to the summary's count by
        outcome, as the pack's notes show it), how ratings of other scales were read, and what
        was derived or assumed."""
        lines = [f"warning: {text}" for text in self.warnings]
        lines += [f"not used: {text}" for text in self.unmapped_headers]
        lines += self._rows_not_read() if rows else []
        lines += self._vocabulary()
        return lines + [f"note: {text}" for text in self.notes]

    def text(self) -> str:
        """:meth:`summary` and :meth:`account`, one per line (what ``schemes`` prints)."""
        return "\n".join([self.summary(), *(f"  {line}" for line in self.account())])

    def _rows_not_read(self) -> list[str]:
        rows = self.rows
        if not len(rows):
            return []
        below = rows[
            (rows["row"] > (self.header_row or 0))
            & ~rows["outcome"].isin([SCHEME, MEASURE, MONTH, BLANK, HEADER, TITLE])
        ]
        lines = []
        for (outcome, reason), group in below.groupby(["outcome", "reason"], sort=False):
            numbers = [str(r) for r in group["row"]]
            named = ", ".join(numbers[:MAX_ROWS_NAMED])
            more = (
                f" and {len(numbers) - MAX_ROWS_NAMED} more"
                if len(numbers) > MAX_ROWS_NAMED
                else ""
            )
            plural = "s" if len(numbers) > 1 else ""
            lines.append(
                f"not read as a scheme: row{plural} {named}{more} ({outcome}"
                + (f": {reason}" if reason else "")
                + ")"
            )
        return lines

    def _vocabulary(self) -> list[str]:
        """A line per rating column read through a scale other than plain RAG words."""
        lines = []
        plain = {RAG, "", FILL}  # plain words, and blanks read by their colour
        for column, group in self.ratings.groupby("column", sort=False):
            if set(group["scale"]) <= plain:
                continue
            read = ", ".join(
                f"{r.value!r} -> {r.rating} ({r.scale}, {r.schemes})"
                for r in group.itertuples()
                if r.rating is not None
            )
            lines.append(f"{column} read through the rating vocabulary: {read}")
        return lines


@dataclass
class RegisterLoad:
    """A register read from a workbook.

    Attributes:
        schemes: the canonical scheme table (columns ``Scheme.COLUMNS`` in order).
        year: the register's financial year, by its starting calendar year (2026 = 2026/27).
        totals: totals rows and unlabelled adjustment rows: ``kind``, ``label``, the money
            columns (£), ``agrees`` (a totals row's figures equal the sum of the schemes above
            it, within £1; NA for adjustments) and ``source``.
        totals_check: the check of each totals figure, long: ``source, label, field, stated,
            schemes_sum, difference`` (£).
        report: what became of every row read.
        file: the workbook's file name.
        sheet: the sheet read.
        monthly_plan: a monthly tracker's plan, ``scheme_id, month, plan_gbp, source``
            (schema.MONTHLY_PLAN_COLUMNS; empty for a register with no month columns).
        monthly_actual: its monthly actuals where it has them, ``scheme_id, month, actual_gbp,
            source`` (empty otherwise).
        assumed: canonical columns the workbook does not have and that were derived from its
            annual figures (``go_live``, ``fye_net_saving``; see the report's notes), so that
            ``reconcile`` does not check figures against what was only assumed.
        ids_invented: the register has no scheme numbers (no id column, no codes in the
            names): ``scheme_id`` is the row order (1, 2, ...), which shifts when a row is added,
            so month-on-month matching must go by scheme name (the report's notes say so).
        weights: risk weights a mapping file sets (``green`` / ``amber`` / ``red`` /
            ``unrated`` -> 0-1), for the model in place of its weight set's; empty if none.
    """

    schemes: pd.DataFrame
    year: int
    totals: pd.DataFrame
    totals_check: pd.DataFrame
    report: LoadReport
    file: str
    sheet: str
    monthly_plan: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(MONTHLY_PLAN_COLUMNS))
    )
    monthly_actual: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=[Scheme.scheme_id, "month", "actual_gbp", Scheme.source]
        )
    )
    assumed: tuple[str, ...] = ()
    ids_invented: bool = False
    weights: dict[str, float] = field(default_factory=dict)


@dataclass
class HeaderReading:
    """How a sheet's header was read, without its rows (for ``inspect`` when cells are bad).

    Attributes mirror :class:`LoadReport`: ``choices`` (cell, header, column, score,
    evidence, close_call), ``unmapped``, ``units`` (canonical column -> unit), ``year``.
    """

    file: str
    sheet: str
    header_row: int
    year: int | None
    year_from: str
    choices: pd.DataFrame
    unmapped: list[str]
    units: dict[str, str]
    notes: list[str]
