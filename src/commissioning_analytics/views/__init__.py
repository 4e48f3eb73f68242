"""The tables the pack shows: every page's, the board summary's, the workbook's and
``summary.json``'s, each worked out once from the month (:class:`~commissioning_analytics.month.
MonthInputs`). Pandas only: no plotly, no IPython; pages draw these, the pack writes them.

``savings`` (page 10), ``rag`` (page 20), ``delivery`` (page 30), ``plans`` (page 40),
``deflection`` (page 50), ``summary`` (the board summary) and ``tables`` (every table of the
workbook and the CSVs, by sheet name).
"""
