"""Walking the rows: every worksheet row below (and above) the header given an outcome
(scheme, total, adjustment, blank, title, header, note) with its reason, and a scheme row's
cells picked by canonical column and month. Cells merged down beside schemes carry their value;
heading rows over runs of schemes are kept as each scheme's section.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

from ...schema import Scheme
from .columns import _Layout
from .find import _is_number, _Sheet
from .report import ADJUSTMENT, BLANK, EXCLUDED, HEADER, NOTE, SCHEME, TITLE, TOTAL


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


_TOTAL_LABEL = re.compile(r"\b(?:grand\s+|sub[\s-]?)?totals?\b", re.IGNORECASE)


def _walk_rows(book, found: _Sheet, layout: _Layout, excluded=()) -> _Rows:
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
            continue
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
            other_rows.append((TOTAL, row_number, label, vals))
            report_rows.append((row_number, TOTAL, f"labelled {label!r}"))
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
            continue
        report_rows.append(
            (row_number, NOTE, "text with no scheme number and name, and no figures")
        )

    # A blank rating cell's fill (a rating given as a colour); rows with no style have none.
    rag_fills: dict[str, list] = {c: [None] * len(picked) for c in rag_positions}
    for k, vals, styles in painted:
        for column, p in rag_positions.items():
            if p < len(styles) and styles[p] and (p >= len(vals) or vals[p] in (None, "")):
                rag_fills[column][k] = book.fill(styles[p])
    by_column = list(zip(*picked)) if picked else [()] * len(positions)
    raw: dict[str, list] = {c: list(by_column[k]) for k, (c, _) in enumerate(wanted)}
    raw_months: list[list] = [list(row[len(wanted) :]) for row in picked]
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
    )


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
