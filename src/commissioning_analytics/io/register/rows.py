"""Walking the rows: every worksheet row below (and above) the header given an outcome
(scheme, total, adjustment, blank, title, header, note, ...) with its reason, and a scheme row's
cells picked by canonical column and month. Cells merged down beside schemes carry their value;
heading rows over runs of schemes are kept as each scheme's section.

Tables as they are laid out: the register ends where a new header band begins (another table
below it, such as a highlight report's risks under its schemes, with the title over it): those
rows are listed as in another table, never read on as schemes; the register's own header
repeated (a printed layout) is a header row and reading goes on. Several rows per scheme
(Plan / Actual / Forecast rows, or a long extract's row per month) are gathered into one by
:mod:`.regroup`, and codes in the names become scheme numbers where no column gives them
(:mod:`.ids`).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field

from ...errors import Problem
from ...schema import Scheme
from ..headers import header_evidence, norm
from ..workbook import column_letter
from .columns import SAMPLE_ROWS, _Layout
from .fields import REGISTER_FIELDS
from .find import _is_number, _Sheet
from .ids import codes_in_names, numbered_note
from .regroup import (
    measure_column,
    measure_of,
    measures_under_names,
    month_columns,
    regroup,
)
from .report import (
    ADJUSTMENT,
    BLANK,
    EXCLUDED,
    HEADER,
    MEASURE,
    NOTE,
    OTHER_TABLE,
    SCHEME,
    TITLE,
    TOTAL,
)


@dataclass
class _Rows:
    """What the walk found: the outcome of every row, and the cells of the scheme rows."""

    report_rows: list  # (row, outcome, reason)
    scheme_rows: list  # 1-based worksheet rows of the schemes
    wanted: list  # (canonical column, 0-based position) picked from each scheme row
    raw: dict  # canonical column -> the scheme rows' cells
    raw_months: list  # per scheme row: the cells of the month columns
    month_positions: list  # (position, measure, month)
    rag_fills: dict  # rating column -> a blank cell's fill (or None) per scheme row
    other_rows: list  # (kind, row, label, cells) of totals and adjustment rows
    headings: list  # the heading row above each scheme row (or None)
    ytd: object  # the YTD plan column's choice, or None
    one_off: object  # the one-off amount column's choice, or None
    positions: dict = field(default_factory=dict)  # canonical column -> position read from
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    ids_invented: bool = False  # scheme numbers made up from row order
    year: int | None = None  # the year a long extract's months give, when no header does
    relabel: dict = field(default_factory=dict)  # column letter -> what its header was read as
    sources: dict = field(default_factory=dict)  # (measure, scheme index, month) -> row


_TOTAL_LABEL = re.compile(r"\b(?:grand\s+|sub[\s-]?)?totals?\b", re.IGNORECASE)


_NUMBER_TYPES = frozenset((int, float))
_LONG_TEXT = 60  # characters: longer than any header cell
_MONEY_OR_DATE_TEXT = re.compile(r"^[\s(£$€-]*\d")


class _Bands:
    """Whether a row begins a new header band: another table's header (after a blank or
    title row, two texts that are headers: naming a register field, outside the name column,
    or a word in one of the register's figure columns, such as "Impact" under its go-live;
    or four texts naming fields anywhere; none of them figures, dates, ratings or long text),
    or the register's own header repeated. A scheme with no figures yet ("S4 | Outpatient
    project | Planned care programme | J Smith (lead)", right under the scheme above, or "TBC"
    for its figures) stays a scheme."""

    def __init__(
        self, header: list, rating_positions: list[int], figure_positions=(), name_position=None
    ):
        self.header = {i: norm(v) for i, v in enumerate(header) if isinstance(v, str) and v.strip()}
        self.ratings = rating_positions
        self.figures = set(figure_positions)
        self.name = name_position
        self.memo: dict = {}

    def kind(self, vals: list, after_break: bool) -> str | None:
        """``"repeat"`` (the register's header again), ``"other"`` (another table's) or
        ``None`` (a row of the table)."""
        texts = []
        for i, v in enumerate(vals):
            if v is None:
                continue
            if not isinstance(v, str):
                return None  # a figure or a date: data
            text = v.strip()
            if text:
                if len(text) > _LONG_TEXT or _MONEY_OR_DATE_TEXT.match(text):
                    return None
                texts.append((i, text))
        if len(texts) < 2:
            return None
        same = sum(1 for i, t in texts if self.header.get(i) == norm(t))
        if same >= 2 and same >= 0.6 * min(len(texts), len(self.header)):
            return "repeat"
        if len(texts) < 3:
            return None
        for p in self.ratings:
            if p < len(vals) and measure_of(vals[p]) is None and _is_rating(vals[p]):
                return None  # a scheme rated in words, with no figures yet
        # texts naming a field (each counted once, however many fields its words name)
        named = sum(1 for _, t in texts if header_evidence([t], REGISTER_FIELDS, 2.0, self.memo))
        if named >= 4:
            return "other"
        if not after_break:
            return None
        # after a break: two texts that are headers, each naming a field (a scheme's name, free
        # text, aside) or a word where the register has figures ("TBC" aside)
        heading = sum(
            1
            for i, t in texts
            if (i in self.figures and norm(t).strip(" .") not in _PLACEHOLDERS)
            or (i != self.name and header_evidence([t], REGISTER_FIELDS, 2.0, self.memo))
        )
        return "other" if heading >= 2 else None


# what a scheme with no figures yet has in their place
_PLACEHOLDERS = frozenset(
    ("tbc", "tba", "tbd", "n/a", "na", "nil", "none", "-", "--", "to be confirmed", "unknown", "?")
)


_RATING_WORDS = frozenset(
    ("green", "amber", "red", "blue", "g", "a", "r", "b", "high", "medium", "low", "complete")
)


def _is_rating(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in _RATING_WORDS


def _walk_rows(book, found: _Sheet, layout: _Layout, excluded=(), file: str = "") -> _Rows:
    """Every worksheet row of the sheet, from the top, given an outcome; a scheme row's cells
    picked by canonical column (and month), the other figure rows kept as they are.
    ``excluded``: row ranges (1-based, inclusive) a mapping file leaves out, each row named."""
    buffer = found.buffer
    first, last = found.block
    report_rows: list[tuple[int, str, str]] = []
    for index in range(last + 1):
        row_number = index + 1
        if index >= first:
            report_rows.append((row_number, HEADER, "header"))
        elif any(v not in (None, "") for v in buffer[index][1]):
            report_rows.append((row_number, TITLE, "above the header"))
        else:
            report_rows.append((row_number, BLANK, ""))

    pos = layout.positions
    label_positions = sorted(
        {
            0,
            *(
                pos[c]
                for c in (Scheme.scheme_id, Scheme.file_ref, Scheme.theme, Scheme.scheme)
                if c in pos
            ),
        }
    )
    label_set = set(label_positions)
    id_pos, name_pos = pos.get(Scheme.scheme_id), pos.get(Scheme.scheme)
    money_positions = [pos[c] for c in Scheme.MONEY_COLUMNS if c in pos] + [
        p for p, m, _ in layout.months if m == "plan"
    ]
    wanted = list(pos.items())
    ytd = layout.assignment.choices.get("ytd_plan") if layout.assignment else None
    if ytd is not None:  # evidence for a flat year where go-live is assumed
        wanted.append(("ytd_plan", ytd.cell.column - 1))
    one_off = layout.assignment.choices.get("non_recurrent_amount") if layout.assignment else None
    if one_off is not None:
        wanted.append(("non_recurrent_amount", one_off.cell.column - 1))
    month_positions = [(p, m, month) for p, m, month in layout.months]
    rag_positions = {c: pos[c] for c in Scheme.RAG_COLUMNS if c in pos}

    # Several rows per scheme: a column naming each row's measure (Plan / Actual / Forecast),
    # or a column of months that may be each row's month (a long extract), from the rows
    # under the header; their cells are picked too, and the rows gathered after the walk.
    sample = [v for _, v, _ in buffer[last + 1 : last + 1 + SAMPLE_ROWS]]
    month_cols = {p for p, _, _ in month_positions}
    measure_pos = measure_column(sample, month_cols)
    # ... or the measures written in the name column, under each scheme's name row
    headed = measure_pos is None and name_pos is not None and measures_under_names(sample, name_pos)
    if headed:
        measure_pos = name_pos
    if measure_pos is not None:
        wanted.append(("_measure", measure_pos))
        for column, p in list(pos.items()):
            if p == measure_pos and not headed:  # (its header read as something else)
                wanted.remove((column, p))
    k_measure = len(wanted) - 1
    month_keys = month_columns(sample, month_cols | {measure_pos})
    for p in month_keys:
        wanted.append((f"_month@{p}", p))
    actual = layout.assignment.choices.get("actual") if layout.assignment else None
    actual = actual or (layout.assignment.choices.get("ytd_actual") if layout.assignment else None)
    if actual is not None and month_keys:
        wanted.append(("_actual", actual.cell.column - 1))

    scheme_rows: list[int] = []
    # A scheme row's cells are taken in one C call (itemgetter on the row padded to the last
    # column read), kept as a tuple a row, and turned into columns after the loop.
    positions = [p for _, p in wanted] + [p for p, _, _ in month_positions]
    reach = max(positions, default=-1) + 1
    pick = (
        operator.itemgetter(*positions)
        if len(positions) > 1
        else (lambda row: tuple(row[p] for p in positions))
    )
    picked: list[tuple] = []
    painted: list[tuple] = []  # (scheme index, cells, styles) of scheme rows with a style
    other_rows: list[tuple[str, int, str, list]] = []  # kind, row, label, cells by column
    seen_total = False
    heading: str | None = None  # the section heading row above a run of schemes
    headings: list[str | None] = []
    continued: set[int] = set()  # picked rows with no key: a measure row under its scheme
    last_label: str | None = None  # under a measure column: the scheme or total above
    bands = _Bands(
        buffer[last][1],
        list(rag_positions.values()),
        money_positions + ([pos[Scheme.go_live]] if Scheme.go_live in pos else []),
        name_pos,
    )
    after_break = True  # the row above was blank, a heading or a title
    other_table: str | None = None  # the reason, once another table has begun
    pending = None  # measures under names: the name row above (row, cells, report index)
    pending_used = False  # ... and whether a measure row has joined it yet

    def rest():
        yield from buffer[last + 1 :]
        yield from found.rest

    # Cells merged down over several scheme rows (a programme or lead written once beside
    # its schemes): each row of the merge takes the value of its top cell. Only attributes
    # shared by schemes are carried: a number, name or amount merged down is one scheme's
    # (a scheme written over two rows), never repeated.
    shared = {
        pos[c]
        for c in (
            Scheme.theme,
            Scheme.owner,
            Scheme.phase,
            Scheme.go_live,
            Scheme.recurrent,
            *Scheme.RAG_COLUMNS,
        )
        if c in pos
    }
    anchors: dict[int, list[int]] = {}  # row -> 0-based columns whose value a merge carries
    carried: dict[int, list[tuple[int, tuple[int, int]]]] = {}  # row -> (column, anchor)
    for m in found.merges:
        if m.min_row > last + 1 and m.max_row > m.min_row:
            anchors.setdefault(m.min_row, []).append(m.min_col - 1)
            for c in range(m.min_col - 1, m.max_col):
                if c not in shared:
                    continue
                for r in range(m.min_row + 1, m.max_row + 1):
                    carried.setdefault(r, []).append((c, (m.min_row, m.min_col - 1)))
    anchor_values: dict[tuple[int, int], object] = {}

    rows = _without(rest(), excluded, report_rows) if excluded else rest()
    for row_number, vals, styles in rows:
        if row_number in anchors:
            for c in anchors[row_number]:
                anchor_values[(row_number, c)] = vals[c] if c < len(vals) else None
        if row_number in carried and any(v not in (None, "") for v in vals):
            vals = list(vals) + [None] * max(
                0, max(c for c, _ in carried[row_number]) + 1 - len(vals)
            )
            for c, anchor in carried[row_number]:
                if vals[c] in (None, ""):
                    vals[c] = anchor_values.get(anchor)
        width = len(vals)
        first = vals[0] if vals else None  # (a number first: not blank, no need to look on)
        if (first is None or isinstance(first, str)) and all(
            v is None or (isinstance(v, str) and not v.strip()) for v in vals
        ):
            report_rows.append((row_number, BLANK, ""))
            after_break = True
            continue
        if other_table is not None:
            report_rows.append((row_number, OTHER_TABLE, other_table))
            continue
        # A new header band has no figure at all (one C call, stopping at a scheme row's
        # first number).
        if _NUMBER_TYPES.isdisjoint(map(type, vals)):
            band = bands.kind(vals, after_break)
            if band == "repeat":
                report_rows.append((row_number, HEADER, "the register's header repeated"))
                after_break = True
                continue
            if band == "other":
                other_table = _another_table(vals, row_number)
                _title_joins(report_rows, other_table)
                report_rows.append((row_number, OTHER_TABLE, other_table))
                continue
        after_break = False
        id_value = vals[id_pos] if id_pos is not None and id_pos < width else None
        has_id = id_value not in (None, "") and not (
            isinstance(id_value, str) and _TOTAL_LABEL.search(id_value)
        )
        label = None
        if not has_id:  # a numbered row is a scheme, even one named "Total hip replacement"
            for p in label_positions:
                v = vals[p] if p < width else None
                if isinstance(v, str) and _TOTAL_LABEL.search(v):
                    label = v.strip()
                    break
        if label is not None:
            seen_total = True
            last_label = label
            other_rows.append((TOTAL, row_number, label, vals))
            report_rows.append((row_number, TOTAL, f"labelled {label!r}"))
            continue
        if headed:
            # A scheme's name on a row with no figures, then its Plan / Actual / Forecast rows
            # (the measure in the name column), each taking the name row's labels.
            word = vals[name_pos] if name_pos < width else None
            figures = not _NUMBER_TYPES.isdisjoint(map(type, vals))
            if figures and measure_of(word) is not None:
                word = word.strip()
                if last_label is not None:  # a totals block's rows
                    if measure_of(word) == "plan":
                        other_rows.append((TOTAL, row_number, last_label, vals))
                    report_rows.append((row_number, TOTAL, f"the {word} row of {last_label!r}"))
                    continue
                if pending is None:
                    report_rows.append(
                        (row_number, NOTE, f"a {word!r} row with no scheme name above it")
                    )
                    continue
                top = pending[1]
                merged = list(vals) + [None] * max(0, max(reach, len(top)) - width)
                for i, v in enumerate(top):
                    if merged[i] in (None, "") or i == name_pos:
                        merged[i] = v
                cells = list(pick(merged))
                cells[k_measure] = word
                scheme_rows.append(row_number)
                picked.append(tuple(cells))
                report_rows.append((row_number, MEASURE, ""))
                headings.append(heading)
                if not pending_used:
                    report_rows[pending[2]] = (
                        pending[0],
                        MEASURE,
                        f"the name row of {str(top[name_pos]).strip()!r}, over its measure rows",
                    )
                    pending_used = True
                continue
            if not figures and isinstance(word, str) and word.strip():
                if pending is not None and not pending_used:  # a section heading after all
                    heading = str(pending[1][name_pos]).strip()
                pending, pending_used = (row_number, vals, len(report_rows)), False
                report_rows.append((row_number, NOTE, "a heading: one label and nothing else"))
                last_label = None
                continue
        has_name = name_pos is not None and name_pos < width and vals[name_pos] not in (None, "")
        if id_pos is None:
            has_id = has_name
        if has_id != has_name or id_pos is None:
            # A number or a name alone, with nothing else on the row beside other labels, is a
            # heading or a note ("PLANNED CARE"), not a scheme.
            has_id = has_name = (has_id or has_name) and any(
                v not in (None, "") for i, v in enumerate(vals) if i not in label_set
            )
        if has_id or has_name:
            scheme_rows.append(row_number)
            picked.append(pick(vals if width >= reach else vals + [None] * (reach - width)))
            if styles:
                painted.append((len(picked) - 1, vals, styles))
            report_rows.append((row_number, SCHEME, ""))
            headings.append(heading)
            last_label = None
            continue
        if measure_pos is not None and measure_pos < width and vals[measure_pos] not in (None, ""):
            # A measure row with no key of its own: the scheme's (or the total's) above.
            measure = str(vals[measure_pos]).strip()
            if last_label is not None or not picked:
                what = repr(last_label) if last_label is not None else "nothing above it"
                report_rows.append(
                    (row_number, TOTAL if last_label else NOTE, f"the {measure} row of {what}")
                )
                continue
            scheme_rows.append(row_number)
            continued.add(len(picked))
            picked.append(pick(vals if width >= reach else vals + [None] * (reach - width)))
            report_rows.append((row_number, MEASURE, ""))
            headings.append(heading)
            continue
        if any(_is_number(vals[p]) for p in money_positions if p < width):
            other_rows.append((ADJUSTMENT, row_number, "", vals))
            reason = "figures with no scheme number or name" + (
                ", under a totals row" if seen_total else ""
            )
            report_rows.append((row_number, ADJUSTMENT, reason))
            continue
        filled = [(i, v) for i, v in enumerate(vals) if v not in (None, "")]
        if len(filled) == 1 and filled[0][0] in label_set and isinstance(filled[0][1], str):
            heading = filled[0][1].strip()
            report_rows.append((row_number, NOTE, "a heading: one label and nothing else"))
            after_break = True
            continue
        report_rows.append(
            (row_number, NOTE, "text with no scheme number and name, and no figures")
        )

    out_positions = dict(pos)
    problems: list[Problem] = []
    notes: list[str] = []
    year, relabel, sources = None, {}, {}
    grouped = (
        regroup(
            scheme_rows,
            picked,
            continued,
            wanted,
            month_positions,
            layout,
            measure_pos,
            month_keys,
            file,
            found.title,
            list(buffer[last][1]),
        )
        if (measure_pos is not None or month_keys) and picked
        else None
    )
    if grouped is not None:
        problems.extend(grouped.problems)
        notes.extend(grouped.notes)
        if not grouped.problems:
            where = {r: k for k, (r, _, _) in enumerate(report_rows)}
            for row, (outcome, reason) in grouped.outcomes.items():
                report_rows[where[row]] = (row, outcome, reason)
            kept = {old: new for new, old in enumerate(grouped.kept)}
            painted = [(kept[k], v, s) for k, v, s in painted if k in kept]
            headings = [headings[k] for k in grouped.kept]
            scheme_rows, picked, wanted = grouped.rows, grouped.picked, grouped.wanted
            month_positions = grouped.month_positions
            out_positions = {
                c: p for c, p in wanted if p >= 0 and c in pos and c not in grouped.dropped
            }
            year, relabel, sources = grouped.year, grouped.relabel, grouped.sources
            if headed:
                relabel[_letter(name_pos)] = (
                    "scheme, over its measure rows (plan, actual, forecast)"
                )

    # A blank rating cell's fill (a rating given as a colour); rows with no style have none.
    rag_fills: dict[str, list] = {c: [None] * len(picked) for c in rag_positions}
    for k, vals, styles in painted:
        for column, p in rag_positions.items():
            if p < len(styles) and styles[p] and (p >= len(vals) or vals[p] in (None, "")):
                rag_fills[column][k] = book.fill(styles[p])
    by_column = list(zip(*picked)) if picked else [()] * len(positions)
    raw: dict[str, list] = {
        c: list(by_column[k]) for k, (c, _) in enumerate(wanted) if not c.startswith("_")
    }
    raw_months: list[list] = [list(row[len(wanted) :]) for row in picked]

    # Scheme numbers: the register's, the codes in its names, or made up from row order.
    ids_invented = False
    if Scheme.scheme_id not in out_positions and Scheme.scheme in raw:
        split = codes_in_names(raw[Scheme.scheme])
        if split is not None:
            raw[Scheme.scheme_id], raw[Scheme.scheme] = split
            out_positions[Scheme.scheme_id] = out_positions[Scheme.scheme]
            notes.append(
                "scheme numbers read from the codes at the start of the names ("
                f"{split[0][0]!r} from {split[0][0]!r} + {split[1][0]!r}); the names keep "
                "the rest"
            )
            relabel.setdefault(
                _letter(out_positions[Scheme.scheme]), "scheme (and scheme_id, its code)"
            )
        else:
            ids_invented = True
            notes.append(numbered_note())
    return _Rows(
        report_rows,
        scheme_rows,
        wanted,
        raw,
        raw_months,
        month_positions,
        rag_fills,
        other_rows,
        headings,
        ytd,
        one_off,
        positions=out_positions,
        problems=problems,
        notes=notes,
        ids_invented=ids_invented,
        year=year,
        relabel=relabel,
        sources=sources,
    )


def _letter(position: int) -> str:
    return column_letter(position + 1)


def _another_table(vals: list, row_number: int) -> str:
    """The reason given for every row of another table: where its header is and what it says."""
    texts = [v.strip() for v in vals if isinstance(v, str) and v.strip()]
    shown = ", ".join(repr(t) for t in texts[:4]) + (", ..." if len(texts) > 4 else "")
    return (
        f"another table (its header at row {row_number}: {shown}) below the register: "
        "not read as schemes"
    )


def _title_joins(report_rows: list, reason: str) -> None:
    """The heading just above another table's header (blank rows between allowed) is its
    title, not a note of the register."""
    for k in range(len(report_rows) - 1, -1, -1):
        row, outcome, why = report_rows[k]
        if outcome == BLANK:
            continue
        if outcome == NOTE and why.startswith("a heading"):
            report_rows[k] = (row, OTHER_TABLE, f"the title of {reason}")
        return


def _without(rows, excluded, report_rows):
    """The rows outside the ``excluded`` ranges; each row inside one is reported as excluded
    (in its place among the others) and not read."""
    for row in rows:
        number = row[0]
        within = next(((a, b) for a, b in excluded if a <= number <= b), None)
        if within is None:
            yield row
        else:
            span = f"rows {within[0]}-{within[1]}" if within[0] != within[1] else f"row {number}"
            report_rows.append((number, EXCLUDED, f"excluded by the mapping file ({span})"))
