"""Project plans as commissioners keep them, read into the tasks table of docs/methods.md ("Plans against the forecast").

Three shapes, detected per sheet:

* **Gantt grid** (``"gantt"``): activity rows with bars painted as cell fills over a time axis
  of week or month columns. The axis comes from the header rows (see
  :func:`.plan_dates.resolve_axis`); a bar runs from the first day of its first filled period to
  the last day of its last. Heading rows (text, no bar, no lead) give ``section``; a row holding
  only a lead is not a task. A colour legend on the sheet ("Resource coding structure": a filled
  cell beside a team name) names the ``team`` of each bar by its colour.
* **Action log** (``"action log"``): action, lead and a free-text due date read by
  :func:`.plan_dates.parse_due` (the last day of the period named; state words kept; no date
  named, no date).
* **Milestone plan** (``"milestones"``): stage, date and deliverables (a cell may hold a bulleted
  list; rows holding only deliverables continue the stage above).

The exports of project tools (MS Project, Smartsheet, Planner) are action logs with a start
column: their wordings are rows of :data:`PLAN_FIELDS`, and their outline (an Outline Level
column, outline numbers, Excel's row grouping, or Summary flags) makes each summary task the
section of the tasks under it (:func:`_hierarchy`). Week numbers are placed as ISO weeks of the
year the sheet states (:func:`_place_week_numbers`), or refused where it leaves that open.

Every row read is accounted for in a :class:`PlanReport` (task, heading, summary task, blank,
legend, excluded by the mapping file...), and every column with content is used or named with
the reason (:func:`_account_columns`); problems (an axis label no neighbour places, a sheet
with no plan) name file, sheet and cell and are raised together. A mapping file
(:class:`PlanMapping`) names columns, sets the time axis and leaves rows out;
:func:`plan_mapping_text` writes one. Workbooks are opened read-only (``read_only=True`` still
gives fills, ``data_only=True`` gives cached values) and always closed; :func:`plan_files`
says which files of a ``plans/`` folder are read.

The tasks table has the canonical columns ``task_id, section, task, lead, start, end, status,
source`` followed by ``plan, sheet, shape, team, state, due_text, file_ref, deliverables``.
``start``/``end`` are dates (``datetime64``). A reader returns what the sheet says: ``status``
is left blank here, and read as of a reporting date by the model
(:func:`commissioning_analytics.model.plans.with_status`), so one read of a plan serves every
reporting date.

The package, one job a module (every name above is importable from ``io.plans``):
:mod:`.fields` the shapes and the fields columns may hold; :mod:`.grid` reading cells;
:mod:`.axis` a Gantt grid's time axis; :mod:`.mapping` the plan mapping file; :mod:`.classify`
which shape a sheet is and its header; :mod:`.rows` what the readers share; :mod:`.gantt`,
:mod:`.action_log` and :mod:`.milestones` the three readers; :mod:`.columns` every column
accounted for; :mod:`.report` the read's report; :mod:`.load` the entry points; :mod:`.files`
which files of ``plans/`` are read.
"""

from __future__ import annotations

from .classify import (
    PLAN_KINDS,
    Classification,
    classify_book_sheet,
    classify_grid,
    classify_plan_sheet,
    detect_shape,
)
from .fields import ACTION_LOG, COLUMNS, EXCLUDED, EXTRA_COLUMNS, GANTT, MILESTONES, PLAN_FIELDS
from .files import XLSX_SUFFIXES, PlanFiles, plan_files, plan_versions
from .grid import fill_colour
from .load import load_plan, load_plans, plan_mapping_text, tasks_for_csv
from .mapping import MAPPING_FIELDS, PlanMapping, read_plan_mapping
from .milestones import split_deliverables
from .report import PlanLoad, PlanReport, SheetReport

__all__ = [
    "ACTION_LOG",
    "COLUMNS",
    "Classification",
    "EXCLUDED",
    "EXTRA_COLUMNS",
    "GANTT",
    "MAPPING_FIELDS",
    "MILESTONES",
    "PLAN_FIELDS",
    "PLAN_KINDS",
    "PlanFiles",
    "PlanLoad",
    "PlanMapping",
    "PlanReport",
    "SheetReport",
    "XLSX_SUFFIXES",
    "classify_book_sheet",
    "classify_grid",
    "classify_plan_sheet",
    "detect_shape",
    "fill_colour",
    "load_plan",
    "load_plans",
    "plan_files",
    "plan_mapping_text",
    "plan_versions",
    "read_plan_mapping",
    "split_deliverables",
    "tasks_for_csv",
]
