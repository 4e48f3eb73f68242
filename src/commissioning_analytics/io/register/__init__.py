"""Reading a QIPP scheme register as analysts keep it, into the canonical scheme table.

A register is found on any sheet of a workbook (a cover sheet first is common), in an ``.xlsx``,
an old ``.xls``, ``.xlsb``, ``.ods`` or a CSV export (:mod:`.tabular`). Above its header there
may be title rows ("All values £000"); the header may span two rows, with group cells merged
over several columns ("Scoping", "Rag Rating 23/01/2013", "Director Assessment ...").

Headers are read by evidence (:mod:`.headers`): every column of the header block is scored
against every canonical column of :data:`REGISTER_FIELDS` (its words and synonyms used in real
papers, the group above it, the financial year it names against the register's year, and a
sample of its values), then columns are given to canonical columns jointly, each at most once,
best total score. Each choice, its evidence and any close call are kept in the load report
(``LoadReport.choices``) and shown by ``commissioning-analytics inspect``.

Money is converted to pounds: a unit in a header ("Plan £000", "(£000s)", "£k", "£m") applies to
its column, one in a title row ("All values £'000") to every money column that names none.

Monthly trackers (a plan month by month under ``Apr-19`` ... ``Mar-20``, ``M1`` ... ``M12``,
``Month 1`` ... or real dates; optionally monthly actuals, YTD columns and a forecast outturn)
give the same scheme table and also the tidy monthly plan profile ``scheme_id, month, plan_gbp,
source`` (``RegisterLoad.monthly_plan``). Without a go-live column, go-live is the first month
with a plan; without a full-year effect, FYE is the last month's plan x 12 (the exit run rate).

Rows below the header are schemes, totals ("Total", "Grand total"), unlabelled adjustment rows
(figures with no scheme number or name), notes or blanks: every row read is accounted for in
the :class:`LoadReport`. Totals and adjustments are kept apart in ``RegisterLoad.totals`` and
each totals row is checked against the sum of the schemes above it.

Every problem in a workbook is collected and raised at once as a
:class:`~commissioning_analytics.errors.ValidationError`, each naming file, sheet and cell.
A layout the detector reads wrongly is corrected by a YAML mapping file (header text, a group
cell's text, or ``group / sub`` for a two-row header -> canonical column; ``ignore`` leaves a
column out); ``inspect --write-mapping`` writes one to start from::

    sheet: Savings plan      # optional: the sheet holding the register
    header_row: 3            # optional: the (last) header row, 1-based
    columns:
      Ref: scheme_id
      Initiative: scheme
      Rag Rating / Finance: rag_value
      Annual saving: fye_net_saving

The package's modules are the reader's stages: :mod:`.find` (the container and the header
block), :mod:`.fields` (the canonical columns and their evidence), :mod:`.columns` (assigning
the columns, units, year, month columns), :mod:`.rows` (walking the rows), :mod:`.translate`
(cells into values: amounts, months, ratings), :mod:`.schemes` (the scheme table and monthly
plan), :mod:`.derive` (figures the sheet does not state), :mod:`.totals`, :mod:`.report` (the
load report and results), :mod:`.mapping` (mapping files) and :mod:`.load` (the stages in
order); :mod:`.regroup` gathers a scheme's several rows (measure rows, a long extract's months)
into one and :mod:`.ids` reads scheme numbers from codes in the names.
"""

from .columns import read_header
from .fields import FIELDS_BY_NAME, REGISTER_FIELDS
from .find import SCAN_ROWS, open_book
from .load import load_register
from .mapping import Mapping, mapping_text, read_mapping
from .report import (
    ADJUSTMENT,
    BLANK,
    HEADER,
    MEASURE,
    MONTH,
    NOTE,
    OTHER_TABLE,
    OUTCOMES,
    SCHEME,
    TITLE,
    TOTAL,
    HeaderReading,
    LoadReport,
    RegisterLoad,
)
from .schemes import schemes_for_csv

__all__ = [
    "ADJUSTMENT",
    "BLANK",
    "FIELDS_BY_NAME",
    "HEADER",
    "MEASURE",
    "MONTH",
    "NOTE",
    "OTHER_TABLE",
    "OUTCOMES",
    "REGISTER_FIELDS",
    "SCAN_ROWS",
    "SCHEME",
    "TITLE",
    "TOTAL",
    "HeaderReading",
    "LoadReport",
    "Mapping",
    "RegisterLoad",
    "load_register",
    "mapping_text",
    "open_book",
    "read_header",
    "read_mapping",
    "schemes_for_csv",
]
