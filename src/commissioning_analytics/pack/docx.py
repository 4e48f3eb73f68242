"""The board summary as a Word document: ``pack --docx`` and ``commissioning-analytics docx PACK``.

Board papers go to a board secretary who assembles them in the trust's Word template. This
module writes the month's summary into a copy of that template (its styles, headers and footers
kept; the body replaced): a cover-sheet block (purpose, recommendation, the committee), the
verdict, the bridge from plan to outturn, the movement since last month, the forecast over the
year, the decisions, the top risks, next year and the recurrent position, and the credibility
flags, with the bridge and trajectory drawn as images.

Every figure comes from the published pack's ``summary.json``: the figures the summary page, the
workbook and the CSVs show, computed once by the pack. Nothing is worked out again here except
the verdict's words (the same :class:`~commissioning_analytics.model.verdict.VerdictRule`) and
the bridge's steps (:func:`~commissioning_analytics.model.headline.bridge_steps`). A block whose
figures the pack did not publish (no earlier month for a trajectory, say) says so in the paper
and on stderr, never left out in silence.

The cover sheet comes from the commentary file's ``## Cover`` section, one ``Label: text`` line
per field::

    ## Cover
    Purpose: To update the board on the 2026/27 savings programme at month 7.
    Recommendation: The board is asked to agree the recovery plans and to note the gap.
    Committee: Finance and Performance Committee, 18 November 2026

A field not given there is printed as "not given" with the line to add.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from .. import style
from ..commentary import Commentary, load_commentary
from ..errors import UserError
from ..model.headline import Headline, bridge_steps
from ..model.position import DEFINITIONS as POSITION_WORDS
from ..model.verdict import VerdictRule

#: the Word template shipped with the package: A4, Arial, NHS blue headings (its styles are
#: what a trust's own template replaces)
DEFAULT_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "board-paper.docx"

#: the cover sheet's fields, in the order printed, and the label each is given by in ``## Cover``
COVER_FIELDS = ("purpose", "recommendation", "committee", "meeting", "author")
COVER_LABELS = {
    "purpose": "Purpose",
    "recommendation": "Recommendation",
    "committee": "Committee",
    "meeting": "Meeting date",
    "author": "Author",
}
_REQUIRED_COVER = ("purpose", "recommendation", "committee")


def docx_name(period: str) -> str:
    """``board-summary-2026-10.docx``: the Word paper's name in the month's pack folder."""
    return f"board-summary-{period}.docx"


def cover_fields(text: str) -> dict[str, str]:
    """The cover sheet from the ``## Cover`` section: ``Purpose: ...`` lines (a field may run on
    over the lines below it until the next ``Label:``). Labels are matched case-insensitively;
    unknown labels are kept under their own name, in the order given."""
    found: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        match = re.match(r"^\s*([A-Za-z][A-Za-z ]{1,30}?)\s*:\s*(.*)$", line)
        if match:
            label = match.group(1).strip().lower()
            key = next((k for k, v in COVER_LABELS.items() if v.lower() == label), label)
            if label == "date":
                key = "meeting"
            found[key] = match.group(2).strip()
        elif key and line.strip():
            found[key] = (found[key] + " " + line.strip()).strip()
    return found


def check_template(template: Path | None) -> Path:
    """The Word template to use (``None``: the shipped one), refused with one line when it is
    missing or not a .docx (a Word document is a zip holding ``word/document.xml``)."""
    import zipfile

    path = Path(template) if template else DEFAULT_TEMPLATE
    if not path.is_file():
        raise UserError(f"Word template {path}: no such file")
    try:
        with zipfile.ZipFile(path) as archive:
            archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        hint = " (a .dotx or .doc? save it as a .docx)" if path.suffix.lower() != ".docx" else ""
        raise UserError(f"Word template {path}: not a Word .docx document{hint}") from None
    return path


def _headline(summary: Mapping[str, Any]) -> Headline:
    names = {f.name for f in fields(Headline)}
    missing = sorted(names - set(summary))
    if missing:
        raise UserError(
            f"summary.json lacks {', '.join(missing[:5])}: not a pack's summary "
            "(build the pack first)"
        )
    values = {k: summary[k] for k in names}
    values["months_without_actuals"] = tuple(values["months_without_actuals"] or ())
    for key, value in values.items():
        if value is None:  # JSON null is a missing figure
            values[key] = math.nan
    return Headline(**values)


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "—"


class _Paper:
    """The document being written, with the notes of what it could not show."""

    def __init__(self, template: Path) -> None:
        import docx  # heavy optional dependency, imported only when a Word paper is asked for

        try:
            self.doc = docx.Document(str(template))
        except Exception as error:  # noqa: BLE001 (python-docx raises several kinds)
            raise UserError(f"{template}: not a Word .docx template ({error})") from None
        body = self.doc.element.body
        for child in list(body):  # the template's own text goes; its section setup stays
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        self.notes: list[str] = []
        self.styles = {s.name for s in self.doc.styles}

    def heading(self, text: str, level: int = 1) -> None:
        name = "Title" if level == 0 else f"Heading {level}"
        if name in self.styles:
            self.doc.add_paragraph(text, style=name)
        else:
            self.doc.add_paragraph().add_run(text).bold = True

    def para(self, text: str, *, bold: bool = False, colour: str | None = None) -> None:
        run = self.doc.add_paragraph().add_run(text)
        run.bold = bold
        if colour:
            from docx.shared import RGBColor

            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper())

    def missing(self, text: str) -> None:
        """A block the pack has no figures for: said in the paper and on stderr."""
        self.doc.add_paragraph().add_run(text).italic = True
        self.notes.append(text)

    def table(self, header: list[str], rows: Iterable[list[str]], *, right: int = 1) -> None:
        """A table; columns from ``right`` on are figures, aligned right."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows = list(rows)
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        if "Table Grid" in self.styles:
            table.style = "Table Grid"
        for r, values in enumerate([header, *rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = str(value)
                paragraph = cell.paragraphs[0]
                if r == 0:
                    for run in paragraph.runs:
                        run.bold = True
                if c >= right and r > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def image(self, png: bytes, width_cm: float = 16.0) -> None:
        from docx.shared import Cm

        self.doc.add_picture(io.BytesIO(png), width=Cm(width_cm))


def _figure_png(draw) -> bytes:
    import matplotlib  # heavy optional dependency: the paper's two images only

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3.4), dpi=150)
    try:
        draw(ax)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.yaxis.set_major_formatter(lambda v, _pos: style.money(v).replace(style.MINUS, "-"))
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def _bridge_png(steps) -> bytes:
    colours = {"absolute": style.NHS_BLUE, "total": style.NHS_DARK_BLUE}

    def draw(ax) -> None:
        level = 0.0
        for i, row in enumerate(steps.itertuples()):
            value = float(row.value_gbp)
            if row.measure == "relative":
                bottom, height = (level, value) if value >= 0 else (level + value, -value)
                colour = style.NHS_GREEN if value >= 0 else style.NHS_RED
                level += value
            else:
                bottom, height, colour = 0.0, value, colours[row.measure]
                level = value
            ax.bar(i, height, bottom=bottom, color=colour, width=0.6)
            ax.annotate(
                style.money(value, signed=row.measure == "relative").replace(style.MINUS, "-"),
                (i, bottom + height),
                ha="center",
                va="bottom",
                fontsize=8,
            )
        ax.set_xticks(range(len(steps)))
        ax.set_xticklabels([style.wrap(s, 14, joiner="\n") for s in steps["step"]], fontsize=8)
        ax.set_title("From plan to forecast outturn", fontsize=10, loc="left")

    return _figure_png(draw)


def _trajectory_png(points: list[Mapping[str, Any]]) -> bytes:
    def draw(ax) -> None:
        x = [style.month_label(p["period"]) for p in points]
        ax.plot(x, [p["plan_in_year"] for p in points], color=style.NHS_MID_GREY, ls="--")
        ax.plot(x, [p["forecast_outturn"] for p in points], color=style.NHS_BLUE, marker="o")
        ax.annotate("Plan", (x[-1], points[-1]["plan_in_year"]), fontsize=8, va="bottom")
        ax.annotate("Forecast outturn", (x[-1], points[-1]["forecast_outturn"]), fontsize=8)
        ax.set_ylim(bottom=0)
        ax.set_title("The forecast over the year", fontsize=10, loc="left")

    return _figure_png(draw)


def _money(value: object, *, signed: bool = False) -> str:
    return style.money(None if value is None else float(value), signed=signed)  # type: ignore[arg-type]


def _date(value: object) -> str:
    """A due date as the summary page prints it (``20 Dec 2026``); blank when none."""
    if not value:
        return ""
    try:
        return f"{dt.date.fromisoformat(str(value)[:10]):%-d %b %Y}"
    except ValueError:
        return str(value)


def _flag_value(value: object, unit: object) -> str:
    """A credibility flag's figure: a share as a percentage, a count as a number."""
    if value is None:
        return "not stated"
    number = float(value)  # type: ignore[arg-type]
    return f"{number:.0%}" if unit == "share" else f"{number:g}"


def _cover(paper: _Paper, commentary: Commentary, period: str) -> None:
    text = commentary.page("cover") if commentary.found else ""
    given = cover_fields(text)
    rows = []
    where = (
        f"the '## Cover' section of {commentary.source.name}"
        if commentary.source
        else f"a '## Cover' section in commentary/{period}.md"
    )
    for key in COVER_FIELDS:
        if key in given:
            rows.append([COVER_LABELS[key], given[key]])
        elif key in _REQUIRED_COVER:
            rows.append([COVER_LABELS[key], f"not given: add '{COVER_LABELS[key]}: …' to {where}"])
            paper.notes.append(f"cover sheet: {COVER_LABELS[key].lower()} not given in {where}")
    rows += [[k.capitalize(), v] for k, v in given.items() if k not in COVER_LABELS]
    paper.table(["Cover sheet", ""], rows, right=99)


def _options(paper: _Paper, decisions: Mapping[str, Any]) -> None:
    rows = [
        [
            str(o.get("option", "")),
            # what plan-contradicted schemes would lose, as the summary page shows it (a fall)
            _money(-float(o["gbp"]) if o.get("key") == "plans_contradict" else o.get("gbp")),
            str(o.get("owner", "")) or "—",
            str(o.get("schemes", "")),
        ]
        for o in decisions.get("options", [])
    ]
    paper.table(["Option", "Closes", "Owner", "Schemes"], rows)
    if "gap_gbp" in decisions:
        paper.para(
            f"Gap {_money(decisions['gap_gbp'])}; the options close "
            f"{_money(decisions.get('closed_gbp'))}, leaving {_money(decisions.get('remainder_gbp'))}."
        )


def write_docx(
    pack_dir: Path,
    *,
    template: Path | None = None,
    data_dir: Path | None = None,
    verdict: VerdictRule | None = None,
    out: Path | None = None,
    organisation: str | None = None,
) -> tuple[Path, list[str]]:
    """Write the month's board summary as a Word document from the pack in ``pack_dir``.

    Args:
        pack_dir: a built month's pack (``outputs/2026-10``), holding ``summary.json``.
        template: the trust's Word template (default :data:`DEFAULT_TEMPLATE`).
        data_dir: the data folder, for the commentary's cover sheet (``None``: no cover text).
        verdict: the verdict's rule (default: the pack's default thresholds).
        out: where to write (default ``pack_dir/board-summary-<period>.docx``); written to a
            temporary file and moved into place, so a failure leaves no half-written paper.
        organisation: named in the title (the pack passes the month's).

    Returns:
        The path written and the notes of what the paper could not show (also in the paper).
    """
    pack_dir = Path(pack_dir)
    summary_path = pack_dir / "summary.json"
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{summary_path}: no summary.json; build the month's pack first") from None
    except (OSError, ValueError) as error:
        raise UserError(f"{summary_path}: not readable as JSON ({error})") from None
    head = _headline(summary)
    period = str(summary["period"])
    template = check_template(template)
    rule = verdict or VerdictRule()
    commentary = load_commentary(data_dir, period) if data_dir else Commentary()
    paper = _Paper(template)

    organisation = organisation or summary.get("organisation")
    paper.heading(
        f"{organisation + ': ' if organisation else ''}savings programme "
        f"{summary.get('financial_year', '')}: board summary, {style.month_name(period)}",
        0 if "Title" in paper.styles else 1,  # a template without a Title style: Heading 1
    )
    _cover(paper, commentary, period)

    paper.heading("Verdict")
    word = rule.verdict(head.forecast_outturn, head.plan_in_year)
    paper.para(
        f"{word.capitalize()}: the forecast outturn is {style.money(head.forecast_outturn)} "
        f"against a plan of {style.money(head.plan_in_year)} "
        f"({_share(head.forecast_outturn, head.plan_in_year)}), a gap of "
        f"{style.money(head.gap_to_target)}.",
        bold=True,
        colour=style.VERDICT_COLOURS.get(word) if word != "at risk" else None,
    )
    paper.para(f"The rule: {rule.words()}.")
    said = commentary.page("summary") if commentary.found else ""
    for block in re.split(r"\n\s*\n", said.strip()) if said.strip() else []:
        paper.para(" ".join(block.split()))  # the commentary's paragraphs, its line breaks not

    paper.heading("From plan to outturn")
    steps = bridge_steps(head)
    paper.table(
        ["Step", "£"],
        (
            [str(r.step), style.money(r.value_gbp, signed=r.measure == "relative")]
            for r in steps.itertuples()
        ),
    )
    paper.image(_bridge_png(steps))

    paper.heading("Movement since last month")
    if summary.get("movement"):
        paper.table(
            ["Step", "£"],
            ([str(s["step"]), _money(s["gbp"], signed=True)] for s in summary["movement"]),
        )
        if summary.get("previous_forecast_outturn") is not None:
            paper.para(
                f"From last month's outturn of {_money(summary['previous_forecast_outturn'])} "
                f"to this month's {style.money(head.forecast_outturn)}."
            )
    else:
        paper.missing("No movement: the pack found no last month's tables to compare with.")

    paper.heading("The forecast over the year")
    points = summary.get("trajectory") or []
    if len(points) >= 2:
        paper.table(
            ["Month", "Plan in year", "Forecast outturn", "Gap"],
            (
                [
                    style.month_label(p["period"]),
                    _money(p["plan_in_year"]),
                    _money(p["forecast_outturn"]),
                    _money(p["gap_to_target"]),
                ]
                for p in points
            ),
        )
        paper.image(_trajectory_png(points))
    else:
        paper.missing("No trajectory: the pack found fewer than two months of this year.")

    paper.heading("Decisions")
    decisions = summary.get("decisions")
    if isinstance(decisions, Mapping) and decisions.get("options") is not None:
        _options(paper, decisions)
    else:
        paper.missing("No decisions table in summary.json: see the pack's summary page.")

    paper.heading("Top risks")
    risks = summary.get("top_risks")
    if isinstance(risks, list) and risks:
        paper.table(
            ["#", "Scheme", "Effect on outturn", "Why", "Action", "By whom", "Due"],
            (
                [
                    str(r.get("rank", "")),
                    str(r.get("scheme", "")),
                    _money(r.get("effect_gbp")),
                    str(r.get("why", "")),
                    str(r.get("action", "")) or "none recorded",
                    str(r.get("action_owner", "")),
                    _date(r.get("due")),
                ]
                for r in risks
            ),
            right=2,
        )
    elif isinstance(risks, list):
        paper.para("No scheme puts the outturn at risk.")
    else:
        paper.missing("No top risks in summary.json: see the pack's summary page.")

    paper.heading("Next year and the recurrent position")
    position = summary.get("position")
    if isinstance(position, Mapping):  # labelled as the summary page labels them
        rows = [
            [POSITION_WORDS[key].split(":", 1)[0], _money(position.get(key))]
            for key in POSITION_WORDS
        ]
    else:
        rows = [
            ["Next year's plan", _money(head.plan_next_year)],
            ["Next year's forecast", _money(head.forecast_next_year)],
            ["Recurrent outturn", _money(head.outturn_recurrent)],
        ]
    paper.table(["Figure", "£"], rows)

    paper.heading("Credibility")
    credibility = summary.get("credibility")
    if isinstance(credibility, list) and credibility:
        paper.table(
            ["Check", "This month", "Threshold", "Flag"],
            (
                [
                    str(f.get("words") or f.get("flag", "")),
                    _flag_value(f.get("value"), f.get("unit")),
                    _flag_value(f.get("threshold"), f.get("unit")),
                    "RAISED" if f.get("raised") else "",
                ]
                for f in credibility
            ),
        )
    else:
        paper.missing("No credibility flags: the register states no efficiency-plan columns.")

    paper.para(
        f"Figures from the {style.month_name(period)} pack built {summary.get('built', '')}; "
        "the detail is in the pack's workbook."
    )

    target = Path(out) if out else pack_dir / docx_name(period)
    handle, tmp = tempfile.mkstemp(prefix=".docx-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        paper.doc.save(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for note in paper.notes:
        print(f"note: {target.name}: {note}", file=sys.stderr)
    return target, paper.notes
