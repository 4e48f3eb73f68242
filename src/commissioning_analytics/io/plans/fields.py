"""The plan's shapes and the fields its columns may hold: each field once, with the wordings that
name it (:data:`PLAN_FIELDS`), and what each role is used for or why not."""

from __future__ import annotations

import re

from ...schema import Task
from ..headers import (
    Field,
)
from ..plan_dates import (
    STATE_WORDS,
)

GANTT, ACTION_LOG, MILESTONES = "gantt", "action log", "milestones"

EXTRA_COLUMNS = (
    "plan",
    "sheet",
    "shape",
    "team",
    "state",
    "due_text",
    "file_ref",
    "deliverables",
    "colour",
)
COLUMNS = Task.COLUMNS + EXTRA_COLUMNS

_HEADER_SCAN_ROWS = 40
_STATE_NAMES = frozenset(STATE_WORDS.values())
_LEGEND_TITLE = re.compile(
    r"resource cod|colou?r (?:key|cod)|key to colou?rs|^legend\b|^key\s*:?$", re.I
)
_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙*\-–—o]\s+|[•·▪●◦‣∙*\-–—]|\(?[0-9a-z]{1,2}[.)]\s+)")

# The plan's canonical fields, declared once and scored by the same evidence as registers
# (io.headers): words of the sub-header and of the group above it, and what the column holds.
# A new wording is a row here, not a new ``if``. Fields with ``output=False`` are recognised
# only so that their columns are not misread (a "Raised" date is not the due date; money
# columns mark a register, not a plan).
PLAN_FIELDS = (
    Field(
        "id",
        words=(
            # a tool's stable key first (MS Project's Unique ID, Planner's Task ID): the row
            # number ("ID") changes when a task is inserted
            (r"^unique[ _]?id$|^task[ _]id$", 4.6),
            (
                r"^(?:item|item no\.?|items?|no\.?|nos?|ref\.?|ref no\.?|ref #|#|id|"
                r"number|action no\.?|task no\.?|action ref|task ref|line|wbs|step)$",
                4.0,
            ),
            (r"\b(?:item|ref|id|no)\b", 2.0),
        ),
        values="id",
    ),
    Field(
        "task",
        words=(
            (r"^(?:task[ _]name|task[ _]title|activity name|action name)$", 4.5),
            (
                r"^(?:tasks?|activit(?:y|ies)|actions?|descriptions?|"
                r"task description|action description|activity description|"
                r"actions? required|key (?:actions?|tasks?|activit(?:y|ies)))$",
                4.0,
            ),
            (
                r"\btasks?\b(?![ _]?(?:id|no|ref|number|mode|type|owner|lead|count))|activit|"
                r"\bactions?\b(?! (?:no|ref|by|owner))|"
                r"description|\bissues?\b|what\b|\bsteps?\b|work ?package",
                3.0,
            ),
            (r"^(?:name|title)$", 3.0),  # MS Project's export map: "Name"
            (
                r"\bpriorit(?:y|ies)\b|initiatives?|\bobjectives?\b|"
                r"\bprojects?(?: name)?$",
                2.5,
            ),
            (r"\bmilestones?\b", 1.5),
        ),
        values="name",
    ),
    Field(
        "stage",
        words=((r"\bstages?\b|\bmilestones?\b|\bphase\b|gateway|\bgates?\b", 4.0),),
        values="name",
    ),
    Field(
        "lead",
        words=(
            (
                r"\blead\b|\bleads\b|owner|responsib|by whom|\bwho\b|action by|"
                r"accountable|\bsro\b|assigned[ _]to|action holder|\bpm\b",
                4.0,
            ),
            (r"resource[ _]names?|assigned|assignee", 4.0),
        ),
        values="person",
    ),
    Field(
        "start",
        words=(
            (
                r"^(?:start|begin)|start[ _]date|baseline[ _]start|planned[ _]start|"
                r"\bfrom\b|commenc",
                4.0,
            ),
        ),
    ),  # dates as text ("Mon 05/10/15") too
    Field(
        "end",
        words=(
            (
                r"^(?:end|finish)(?:\b|_)|end[ _]date|finish[ _]date|completion date|"
                r"planned[ _](?:end|finish)|baseline[ _](?:end|finish)",
                4.0,
            ),
        ),
    ),
    Field(
        "due",
        words=(
            (
                r"\bdue\b|deadline|by when|timescales?|target date|complete by|"
                r"completion by|delivery date",
                4.0,
            ),
            (r"\bdate\b|\bwhen\b|\btarget\b|timeline|timing", 3.0),
        ),
        values=None,
    ),  # free text ("Ongoing", "March Meeting") is a due date's usual value
    Field(
        "deliverables",
        words=(
            (
                r"deliverables?|\boutputs?\b|\bproducts?\b|evidence|"
                r"outcomes?",
                4.0,
            ),
        ),
        values="long_text",
    ),
    Field(
        "state",
        words=(
            (r"^status$", 3.8),  # words ("In Progress") beside a % complete say more
            (
                r"status|progress|% ?complete|complete ?%|percent[ _]complete|"
                r"^(?:completed?|done|achieved|met)\b.*\by ?/ ?n\b|"
                r"^(?:completed?|done|achieved)\s*\?",
                3.5,
            ),
        ),
    ),
    Field(
        "rag",
        words=((r"\brag\b|red ?/ ?amber ?/ ?green|rag rating|rag status", 4.5),),
        values="rag",
    ),
    Field(
        "section",
        words=(
            (
                r"workstream|work stream|work area|\bsection\b|\btheme\b|"
                r"\barea\b|programme|project area|category|\bdomain\b|\bbucket\b",
                3.5,
            ),
            # the aim an action serves, beside the action column
            # ("Priority" is not one: in a log it is High / Medium / Low)
            (
                r"\bobjectives?\b|recommendations?|"
                r"\baims?\b|\bgoals?\b|\boutcomes? sought\b",
                2.0,
            ),
        ),
        values="category",
    ),
    Field(
        "team",
        words=(
            (
                r"\bteam\b|resource|department|directorate|organisation|agency|"
                r"\bpartner\b",
                3.0,
            ),
        ),
        values="category",
    ),
    Field(
        "file_ref",
        words=(
            (
                r"file\s*ref|scheme\s*(?:ref|id|no)|qipp\s*(?:ref|no|id)|"
                r"project\s*ref|cip\s*(?:ref|id)",
                4.5,
            ),
        ),
        values="id",
    ),
    Field(
        "notes",
        words=(
            (
                r"comments?|\bnotes?\b|update|narrative|remarks|mitigation|"
                r"next steps",
                3.0,
            ),
            (r"^descriptions?$", 2.5),  # beside a task name column (Planner, Smartsheet)
        ),
        values="long_text",
        output=False,
    ),
    Field(
        "raised",
        words=(
            (
                r"raised|opened|logged|date added|date agreed|meeting date|"
                r"created[ _](?:date|at|on)|date[ _]created|^created$",
                4.0,
            ),
        ),
        values="date",
        output=False,
    ),
    # a milestone tracker's Baseline / Forecast / Actual dates: due on the forecast (the date
    # now expected), met on the actual
    Field(
        "forecast",
        words=((r"forecast|revised|rebaselin|expected|current (?:due|target)", 3.5),),
        values="date",
        output=False,
    ),
    Field(
        "actual",
        words=(
            (
                r"\bactual(?![ _](?:start|cost|work|duration))|achieved|"
                r"date[ _](?:completed|closed)|completed[ _](?:on|date|at)|"
                r"^closed|^completed$|^done on",
                3.5,
            ),
        ),
        values="date",
        output=False,
    ),
    Field(
        "version",
        words=((r"^(?:version|version no\.?|ver\.?|v|revision|rev\.?|issue)$", 4.0),),
        output=False,
    ),
    Field(
        "money",
        words=((r"£|saving|\bcost\b|\bvalue\b|opportunity|budget|\bfye\b", 3.0),),
        values="money",
        output=False,
    ),
    # What the tools' exports carry besides (MS Project, Smartsheet, Planner): recognised so
    # that identifiers and durations are never taken for money, and each is named as not used
    Field(
        "outline",
        words=((r"outline[ _]?level|^level$|indent(?:ation)?[ _]level|hierarchy", 4.3),),
        output=False,
    ),
    Field(
        "outline_number",
        words=((r"outline[ _]?number|^wbs$|^wbs[ _]code$", 4.3),),
        output=False,
    ),
    Field(
        "summary",
        words=((r"^summary$|^summary[ _]task$|^is[ _]summary$", 4.5),),
        values="bool",
        output=False,
    ),
    Field(
        "predecessors",
        words=((r"predecessors?|successors?|dependenc|depends on|linked to", 4.0),),
        output=False,
    ),
    Field(
        "duration",
        words=(
            (r"duration|^work$|^effort|^days$|^hours$|^(?:baseline|actual|remaining)[ _]work", 4.0),
        ),
        output=False,
    ),
    Field(
        "flag",
        words=(
            (
                r"^(?:critical|milestone|active|manual|estimated|late|is[ _]recurring|"
                r"recurring|at[ _]risk|flag(?:ged)?|marked)$",
                4.5,
            ),
        ),
        values="bool",
        output=False,
    ),
    Field(
        "tool_field",
        words=(
            (
                r"task[ _]mode|^type$|task[ _]type|constraint|^priority$|checklist|^labels?$|"
                r"^tags?$|created[ _]by|completed[ _]by|modified|attachments?|^row[ _]?id$",
                3.5,
            ),
        ),
        output=False,
    ),
)
"""The plan header table: canonical field, words (regex, weight), value kind."""

_ROLE_NAMES = {
    "id": "item number",
    "task": "task",
    "stage": "stage",
    "lead": "lead",
    "start": "start",
    "end": "end",
    "due": "due date",
    "deliverables": "deliverables",
    "state": "status",
    "rag": "RAG",
    "section": "work area",
    "team": "team",
    "file_ref": "file ref",
    "forecast": "forecast date (due on it)",
    "actual": "actual date (met on it)",
    "raised": "date raised (not the due date)",
    "outline": "outline level",
    "outline_number": "outline number",
    "summary": "summary flag",
}

_NOT_USED = {
    "notes": "comments or notes: the tasks table keeps no text besides the task",
    "money": "amounts: a plan's tasks carry no money (the register does)",
    "version": "a version number",
    "predecessors": "links between tasks: the tasks table keeps each task's own dates",
    "duration": "a duration: the start and end dates are read instead",
    "flag": "a yes/no flag the tasks table does not keep",
    "tool_field": "a field the tasks table does not keep (a type, priority, label, checklist, "
    "who created or completed it)",
    "rag": "the plan's own RAG: the pack rates each task by its dates as of the month",
    "deliverables": "deliverables: kept for milestone plans only",
    "stage": "a stage: the task column names the tasks",
    "outline": "outline levels: no summary tasks found by them",
    "outline_number": "outline numbers: no summary tasks found by them",
    "summary": "summary flags: no row is flagged",
    "raised": "a date raised: not read for this layout",
    "forecast": "a forecast date: not read for this layout",
    "actual": "an actual date: not read for this layout",
    "start": "a start date: not read for this layout (a milestone has a due date only)",
    "end": "an end date: the due date column is read",
    "id": "item numbers: not read for this layout",
}
"""Why a column given to a field is still not part of the tasks table (the load report)."""

_USED = {
    GANTT: {"id", "task", "lead", "section", "team", "state", "file_ref", "start", "end", "due"},
    ACTION_LOG: {
        "id",
        "task",
        "lead",
        "section",
        "stage",
        "due",
        "end",
        "start",
        "state",
        "raised",
        "forecast",
        "actual",
        "team",
        "file_ref",
    },
    MILESTONES: {
        "id",
        "stage",
        "lead",
        "due",
        "end",
        "deliverables",
        "section",
        "state",
        "forecast",
        "actual",
        "team",
        "file_ref",
    },
}
"""The fields each reader puts in the tasks table (of due and end, the one it reads)."""


EXCLUDED = "excluded by the mapping file"
