"""The project-plans page of the pack: one function per notebook section.

``views.plans.load`` (:class:`~commissioning_analytics.views.plans.PlanInputs`) reads every plan in the data folder (``DataFolder(data_dir).plans()``),
as of the last day of the reporting month; each section function returns a plotly Figure or an
``IPython.display`` object (a sentence in Markdown when its input is absent), so a notebook cell
is one call. The register is needed only for the savings at risk.
"""

from __future__ import annotations

import html as _html

import pandas as pd
from IPython.display import HTML, Markdown

from ..figures import plans as figures
from ..figures import rag_label
from ..model import plans as model
from ..schema import Task
from ..style import (
    NHS_BLACK,
    NHS_RED,
    NHS_WARM_YELLOW,
    RAG_COLOURS,
    RAG_TEXT,
    money,
    month_label,
    months,
    wrap,
)
from ..views.plans import PlanInputs, load
from .common import TABLE_STYLE, html_table, top_n


def _none(p: PlanInputs) -> Markdown | None:
    if p.current.empty:
        return Markdown("*No project plans in the data folder (`plans/*.xlsx`).*")
    return None


def inputs(p: PlanInputs) -> Markdown:
    """Which plans were read, and as of when (file names and details: :func:`about`)."""
    lines = [
        f"Plans as of **{p.as_of:%d %B %Y}** (end of the reporting month)"
        + (f", {p.organisation}" if p.organisation else "")
        + "."
    ]
    if p.files:
        n = len(p.latest)
        lines.append(
            f"{n} plan{'s' if n != 1 else ''} read"
            + (
                f"; {len(p.notes)} input{'s' if len(p.notes) != 1 else ''} could not "
                "be used (see *About this page* at the foot)"
                if p.notes
                else ""
            )
            + "."
        )
    else:
        lines.append(
            "*No project plans in the data folder.*"
            + (" Some could not be read: see *About this page* at the foot." if p.notes else "")
        )
    return Markdown("\n\n".join(lines))


def about(p: PlanInputs) -> Markdown:
    """The foot-of-page note: files read, plans left out and why, how plans are matched to
    schemes and how status is decided."""
    lines = ["**Files read:** " + (", ".join(f"`{f}`" for f in p.files) or "none") + "."]
    if p.previous:
        lines.append(
            "**Compared with the previous version:** "
            + ", ".join(f"`{f}`" for f in sorted(p.previous))
            + "."
        )
    lines += [f"- {note}" for note in p.notes]
    lines.append(
        "**Matching a plan to a scheme:** by the scheme reference the plan gives "
        "(the register's *File REF*), else by a workstream, plan or task name within "
        "0.85 similarity of one scheme's name and clearly closer to it than to any "
        "other; a match by name is marked *to confirm*."
    )
    lines.append(
        "**Status** is read as of the reporting date: a task whose end has passed and "
        "that the plan does not mark complete is overdue."
    )
    lines.append(
        "**Savings at risk** are the register's in-year forecast less the forecast "
        "with each linked scheme's service starting when its plan's "
        '"commencement of service" task ends (same risk weights), netted over '
        "schemes: a plan earlier than the register counts as a gain."
    )
    return Markdown("\n\n".join(lines))


URGENCY = {model.OVERDUE: 0, "due this month": 1, "in progress": 2, "not started": 3}


def _gantt_tasks(p: PlanInputs) -> tuple[pd.DataFrame, str]:
    """The Gantt's tasks: the ``top_n`` most urgent (overdue, due this month, in progress,
    not started; then by end date), in the plan's order, and one bar spanning all the
    others (their counts by status in its name); and a sentence saying so."""
    tasks = p.current[p.current["shape"] == "gantt"]
    tasks = tasks if not tasks.empty else p.current
    if len(tasks) <= p.top_n:
        return tasks, ""
    rank = tasks.assign(
        _urgency=tasks[Task.status].map(URGENCY).fillna(9), _end=pd.to_datetime(tasks[Task.end])
    )
    keep = rank.sort_values(["_urgency", "_end"], kind="stable", na_position="last").index
    shown, rest = tasks.loc[tasks.index.isin(keep[: p.top_n])], tasks.loc[keep[p.top_n :]]
    counts = rest[Task.status].fillna("undated").value_counts()
    other = {
        Task.section: "",
        Task.task: f"All {len(rest):,} other tasks ("
        + ", ".join(f"{k:,} {s}" for s, k in counts.items())
        + ")",
        Task.start: pd.to_datetime(rest[Task.start]).min(),
        Task.end: pd.to_datetime(rest[Task.end]).max(),
        Task.status: "all others",
    }
    return (
        pd.concat([shown, pd.DataFrame([other])], ignore_index=True),
        f"The {p.top_n} most urgent of {len(tasks):,} tasks are drawn (overdue first); "
        f"one grey bar spans all the other {len(rest):,}; every task is in the workbook "
        "(sheet plan_tasks).",
    )


def gantt(p: PlanInputs, colour_by: str = "status"):
    """The current Gantt plans, bars coloured by status (or team), reporting date marked."""
    if _none(p):
        return _none(p)
    tasks, cut = _gantt_tasks(p)
    fig = figures.gantt(
        tasks,
        p.as_of,
        colour_by=colour_by,
        title="Project plans" + (f"<br><sup>{wrap(cut, 110)}</sup>" if cut else ""),
    )
    return fig.update_layout(margin_t=110) if cut else fig  # room for the subtitle's lines


def status_by_workstream(p: PlanInputs) -> HTML | Markdown:
    """How many tasks per workstream are complete, in progress, due, overdue..."""
    if _none(p):
        return _none(p)
    table = model.status_counts(p.current, p.as_of, by=Task.section)
    table = table.rename(index={"(none)": "Not in a named workstream"})
    table = table.loc[:, (table != 0).any(axis=0)].reset_index()
    table = table.rename(columns={Task.section: "Workstream", "total": "Total"})
    table.columns = [str(c)[:1].upper() + str(c)[1:] for c in table.columns]
    return HTML(table.to_html(index=False, border=0, classes="pack-table"))


def _table(
    frame: pd.DataFrame, coloured: str, fills: dict[str, str], texts: dict[str, str], caption: str
) -> HTML:
    """An HTML table (it prints whole, unlike a plotly table) whose ``coloured`` column is
    painted by its word (the word stays: colour is never the only signal)."""
    head = "".join(f"<th>{_html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record):
            text = _html.escape("" if value is None or value != value else str(value))
            text = text.replace("; ", "<br>") if column == "Deliverables" else text
            style = ""
            if column == coloured and str(value).lower() in fills:
                key = str(value).lower()
                style = f' style="background:{fills[key]};color:{texts.get(key, "white")}"'
            if column == "Source":  # file!sheet!row in small type, as every page table
                text = f'<span class="pack-source">{text}</span>' if text else ""
            cells.append(f"<td{style}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return HTML(
        f"{TABLE_STYLE}<p><strong>{_html.escape(caption)}</strong></p>"
        f'<table class="pack-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def actions(p: PlanInputs):
    """Actions overdue or due within a month of the reporting date, most overdue first (a
    table that prints whole)."""
    if _none(p):
        return _none(p)
    due = model.actions_due(p.current, p.as_of)
    if due.empty:
        return Markdown("*No action is overdue or due within the next month.*")
    days = due["days_to_due"].astype("Int64").fillna(0)
    shown = pd.DataFrame(
        {
            "Action": due[Task.task],
            "Lead": due[Task.lead].fillna(""),
            "Due": pd.to_datetime(due[Task.end]).dt.strftime("%d %b %Y").fillna("no date"),
            "Status": due[Task.status],
            "When": [
                f"{-d} days overdue" if d < 0 else ("due today" if d == 0 else f"due in {d} days")
                for d in days
            ],
            "Plan": due["plan"].fillna("").astype(str).str.replace("_", " ", regex=False)
            if "plan" in due
            else "",
            "Source": due[Task.source].fillna("") if Task.source in due else "",
        }
    )
    overdue = int((due[Task.status] == model.OVERDUE).sum())
    caption = f"{overdue} overdue, {len(due) - overdue} due soon"
    if len(shown) > p.top_n:
        rest = due.iloc[p.top_n :]
        late = int((rest[Task.status] == model.OVERDUE).sum())
        shown = pd.concat(
            [
                shown.iloc[: p.top_n],
                pd.DataFrame(
                    [
                        {
                            "Action": f"All {len(rest):,} other actions",
                            "Lead": "",
                            "Due": "",
                            "Status": "",
                            "When": f"{late:,} overdue, {len(rest) - late:,} due soon",
                            "Plan": "",
                            "Source": "",
                        }
                    ]
                ),
            ],
            ignore_index=True,
        )
        caption += (
            f"; the {p.top_n} most overdue are listed, all the other {len(rest):,} "
            "counted in the last row (every action: the workbook, sheet plan_actions)"
        )
    return _table(
        shown,
        "Status",
        {"overdue": NHS_RED, "due this month": NHS_WARM_YELLOW},
        {"due this month": NHS_BLACK},
        caption,
    )


def milestones(p: PlanInputs):
    """Milestones with a RAG: overdue red, due within a month amber unless started (a table
    that prints whole)."""
    if _none(p):
        return _none(p)
    table = model.milestones_as_of(p.current, p.as_of)
    if table.empty:
        return Markdown("*No milestone plan in the data folder.*")
    table = table.sort_values(Task.end, na_position="last")
    shown = pd.DataFrame(
        {
            "Milestone": table[Task.task],
            "Due": pd.to_datetime(table[Task.end]).dt.strftime("%d %b %Y").fillna("no date"),
            "Status": table[Task.status],
            "RAG": table["rag"].map(rag_label),
            "Lead": table[Task.lead].fillna(""),
            "Deliverables": table.get("deliverables", pd.Series("", index=table.index)).fillna(""),
            "Source": table[Task.source].fillna("") if Task.source in table else "",
        }
    )
    counts = table["rag"].value_counts()
    caption = ", ".join(f"{counts.get(r, 0)} {rag_label(r)}" for r in ("red", "amber", "green"))
    if len(shown) > p.top_n:  # red first, then amber, then green; each by date
        worst = (
            table["rag"]
            .map({"red": 0, "amber": 1, "green": 2})
            .fillna(3)
            .reset_index(drop=True)
            .sort_values(kind="stable")
            .index
        )
        shown = shown.reset_index(drop=True)
        rest = table["rag"].reset_index(drop=True).loc[worst[p.top_n :]].value_counts()
        shown = pd.concat(
            [
                shown.loc[sorted(worst[: p.top_n])],
                pd.DataFrame(
                    [
                        {
                            "Milestone": f"All {int(rest.sum()):,} other milestones",
                            "Due": "",
                            "Status": "",
                            "RAG": ", ".join(
                                f"{rest.get(r, 0):,} {rag_label(r)}"
                                for r in ("red", "amber", "green")
                            ),
                            "Lead": "",
                            "Deliverables": "",
                            "Source": "",
                        }
                    ]
                ),
            ],
            ignore_index=True,
        )
        caption += (
            f"; the {p.top_n} most at risk are listed (red first), all the others "
            "counted in the last row (every milestone: the workbook, sheet "
            "plan_milestones)"
        )
    fills = {rag_label(r).lower(): c for r, c in RAG_COLOURS.items()}
    texts = {rag_label(r).lower(): c for r, c in RAG_TEXT.items()}
    return _table(shown, "RAG", fills, texts, f"Milestones: {caption}")


def slippage(p: PlanInputs):
    """Tasks slipped or brought forward since each plan's previous version."""
    if not p.previous:
        return Markdown(
            "*No plan has a previous version to compare with (name versions "
            "`..._v1.xlsx`, `..._v2.xlsx`).*"
        )
    diffs = [model.compare_versions(p.previous[f], p.latest[f]) for f in p.previous]
    return figures.slippage_chart(pd.concat(diffs, ignore_index=True), top=p.top_n)


def savings_at_risk(p: PlanInputs):
    """In-year savings at risk when the plans' service-commencement dates are believed."""
    if _none(p):
        return _none(p)
    if p.register is None:
        return Markdown("*The register is not available, so savings at risk cannot be worked out.*")
    if p.changes().empty:
        return Markdown(
            '*No plan has a dated "commencement of service" task for a scheme of the register.*'
        )
    at_risk = p.at_risk()
    changes = p.changes()
    total = p.at_risk_total()
    said = ""
    if len(at_risk) > p.top_n:
        rest = len(at_risk) - p.top_n
        said = (
            f"The {p.top_n} of {len(at_risk):,} schemes with most at risk are drawn; the "
            f"other {rest:,} are added up in the grey bar at the foot."
        )  # one line: in
        # print the chart keeps a title's room only
        at_risk = top_n(at_risk, "at_risk_gbp", p.top_n, others=f"All {rest:,} other schemes")
    plan_rows = dict(zip(changes["scheme_id"].astype(str), _task_rows(p, changes["task_id"])))
    return figures.savings_at_risk_chart(
        at_risk.assign(
            source=_register_rows(p, at_risk["scheme_id"]),
            plan_source=[
                plan_rows.get(str(i), "") if i == i and i is not None else ""
                for i in at_risk["scheme_id"]
            ],
        ),
        total=total,
        subtitle=said,
    )


def _register_rows(p: PlanInputs, scheme_ids) -> list[str]:
    """Each scheme's register row (``file!sheet!row``)."""
    reg = p.register
    if reg is None or "source" not in reg:
        return [""] * len(scheme_ids)
    lookup = dict(zip(reg["scheme_id"].astype(str), reg["source"].astype(str)))
    return [lookup.get(str(i), "") for i in scheme_ids]


def _task_rows(p: PlanInputs, task_ids) -> list[str]:
    """Each plan task's row (``file!sheet!row``, the task's ``source``)."""
    tasks = p.current
    if Task.source not in tasks:
        return [""] * len(task_ids)
    lookup = dict(zip(tasks[Task.task_id].astype(str), tasks[Task.source].fillna("").astype(str)))
    return [lookup.get(str(i), "") for i in task_ids]


def commencement_table(p: PlanInputs) -> HTML | Markdown:
    """Per scheme: register go-live, plan's forecast commencement, change in delivery."""
    if p.register is None or _none(p):
        return Markdown("*Needs the register and the plans.*")
    changes = p.changes()
    if changes.empty:
        return Markdown("*No scheme's service commencement is dated in a plan.*")
    every, caption = changes, ""
    if len(changes) > p.top_n:  # the schemes with most saving at risk, in the plans' order
        stake = (
            changes["scheme_id"]
            .astype(str)
            .map(p.at_risk().set_index(p.at_risk()["scheme_id"].astype(str))["at_risk_gbp"])
        )
        keep = stake.abs().fillna(0.0).sort_values(ascending=False, kind="stable").index
        changes = changes.loc[changes.index.isin(keep[: p.top_n])]
    directors = changes["scheme_id"].map(
        p.register.assign(scheme_id=p.register["scheme_id"].astype(str))
        .set_index("scheme_id")["change_in_delivery_months"]
        .astype(float)
        .fillna(0.0)
    )
    # the directors' change moves the start the other way: -2 months of saving = 2 months later
    expected = [g - int(d) for g, d in zip(pd.PeriodIndex(changes["go_live"], freq="M"), directors)]
    against = changes["change_in_delivery_months"].astype(float) - directors

    def agreement(m: float) -> str:
        if m == 0:
            return "agree"
        return f"plan {months(abs(m))} {'later' if m < 0 else 'earlier'}"

    shown = pd.DataFrame(
        {
            "Scheme": changes["scheme"].astype(str) + " (" + changes["scheme_id"] + ")",
            "Register go-live": changes["go_live"].map(month_label),
            "Directors' expected start": [month_label(m) for m in expected],
            "Plan: service commences": changes["forecast_end"].dt.strftime("%d %b %Y"),
            "Plan against the directors": against.map(agreement),
            "Months gained (+) or lost (−) by the plan": changes["change_in_delivery_months"].map(
                lambda m: months(m, signed=True)
            ),
            "Plan matched to the scheme by": changes["link"].map(
                lambda s: (
                    "its scheme reference" if s == "file_ref" else "a similar name (to confirm)"
                )
            ),
            "Source": [
                " · ".join(x for x in pair if x)
                for pair in zip(
                    _register_rows(p, changes["scheme_id"]), _task_rows(p, changes["task_id"])
                )
            ],
        }
    )
    if len(every) > len(changes):
        rest = every.loc[~every.index.isin(changes.index)]
        gained = rest["change_in_delivery_months"].astype(float)
        shown.loc[len(shown)] = {
            "Scheme": f"All {len(rest):,} other schemes",
            "Register go-live": "",
            "Directors' expected start": "",
            "Plan: service commences": "",
            "Plan against the directors": "",
            "Months gained (+) or lost (−) by the plan": months(gained.sum(), signed=True) + " net",
            "Plan matched to the scheme by": "",
            "Source": "",
        }
        caption = (
            f"The {p.top_n} schemes with most saving at risk are listed of "
            f"{len(every):,}; all the other {len(rest):,} are added up in the last row "
            "(every scheme: the workbook)."
        )

    return HTML(html_table(shown, caption=caption).data)


__all__ = [
    "PlanInputs",
    "load",
    "inputs",
    "gantt",
    "status_by_workstream",
    "actions",
    "milestones",
    "slippage",
    "savings_at_risk",
    "commencement_table",
    "about",
    "money",
]
