"""The pack as one PDF board paper, printed by the system's Chromium (or Chrome, or Edge).

Two layouts (:data:`BOARD`, the default, and :data:`FULL`, ``pack --pdf-full``):

* the board paper: the summary first, then each page's board sections only (the sections in
  :data:`BOARD_OMITS` and table rows past :data:`TABLE_ROWS` are left to the HTML pack, the
  Excel workbook and the full paper, and the appendix names what was left out), at most about
  twenty A4 landscape pages;
* the full paper: every section and every row.

Both end with one *About this paper* appendix: the "About this page" notes of every page
(files read, settings, paths) are printed there and nowhere else. Page numbers run "Page n of
N" over the whole paper: each page is printed without its own number and the numbers are
stamped on the joined PDF.

The pack's figures are drawn by JavaScript (plotly.js), so only a browser engine can print
them; WeasyPrint runs no JavaScript, and ``nbconvert --to webpdf`` wants a browser of its own
that it downloads (impossible offline). So each page of the built pack (the board summary
first) is printed with the browser already on the machine, headless and offline
(``--print-to-pdf``, A4 landscape from the pages' print CSS, page numbers and the month in
the footer), and the printed pages are joined into one PDF with pypdf.

Which browser: :mod:`.browsers` (``PATH``, per-user and machine installs, or
``COMMISSIONING_ANALYTICS_BROWSER``).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader, PdfWriter

from ..browsers import BROWSER_ENV, NoBrowser, find_browser, require_browser  # noqa: F401
from ..errors import UserError

#: milliseconds of (virtual) time the page's scripts get to draw every chart before printing
SCRIPT_BUDGET_MS = 20000
TIMEOUT_S = 180

BOARD, FULL = "board", "full"
LAYOUTS = (BOARD, FULL)

#: sections (by heading, per page) the board paper leaves to the HTML pack, the workbook and
#: the full paper: detail behind a figure the board paper already shows, or a second view of it
BOARD_OMITS: dict[str, tuple[str, ...]] = {
    "index": ("From plan to outturn",),  # the board summary: page 10's chart prints it next
    "10_savings_curves": (
        "Headline figures",  # the summary's cards
        "The register's own totals",
        "Savings month by month",  # the cumulative curve shows the same year
        "By phase",
        "No actual recorded",
        "Is the plan back-loaded?",
        "Year to date: ahead of or behind plan",  # the summary's actual to date
        "Forecast outturn",  # the summary's verdict
    ),
    "20_rag_dashboard": (
        "By phase",
        "By theme",
        "Ratings that moved since last month",  # the summary's "since last month"
    ),
    "30_change_in_delivery": (
        "From plan to outturn",  # page 10's bridge, the same figures
        "Next year: the effect of slippage",  # the summary's next year
        "Bringing schemes forward to reach the target",  # the summary's decisions
    ),
    "40_project_plans": (
        "Milestones",  # the actions overdue or due name what is late
        "Who is doing the work",
        "Progress by workstream",
        "Service start dates: plan against register",
    ),
    "50_deflection": (
        "Activity moved out of hospital, one kind at a time",
        "Indicators needing attention",
        "Every indicator",
        "Planned savings by theme and year",
        "Interventions in recovery",  # the summary's exceptions
    ),
}
#: rows a table keeps in the board paper (the rest: "and N more rows in the workbook")
TABLE_ROWS = 10
ABOUT = "About this page"
#: the page's own "Page n of N" is left out of each printed page: numbers run over the paper
_NO_PAGE_NUMBER = "<style>@media print{@page{@bottom-right{content:none}}}</style>"
#: board sections printed at the page's full width although they have no table: charts of many
#: named rows (a half-width chart would squeeze their names)
WIDE = (
    "Panel ratings by scheme",
    "Where the projects stand",
    "What has slipped since the previous version",
    "Months gained or lost, by scheme",
    "Net saving so far: planned against realised",  # 18 interventions: half width squeezed them
    "Savings at risk from slipped plans",  # a gain's label ran over the scheme names at half width
)
#: the board layout prints two sections side by side where both are a chart or a few lines (the
#: copies printed are never shown on screen: no media query, so the charts are drawn at the
#: width they print at)
_BOARD_STYLE = (
    "<style>main{display:flex;flex-wrap:wrap;align-items:flex-start;"
    "justify-content:space-between}main>.pack-omit,main>.jp-mod-noOutputs{display:none}"
    ".pack-section{width:100%}.pack-half{width:49%;break-inside:avoid}"
    "main>nav{width:100%}.jp-MarkdownCell,.jp-OutputArea-output:not(:has(.plotly-graph-div)){zoom:0.8}</style>"
)
#: the board summary printed compact (its verdict, decisions and trajectory on the first two
#: pages): the same content in print-sized type, tighter headings, rows and cards
_SUMMARY_STYLE = (
    "<style>@media print{body{font-size:12px}h1{font-size:22px;margin:4px 0}"
    "h2{font-size:16px;margin:10px 0 4px}table{font-size:11.5px}td,th{padding:2px 6px}"
    "li{margin:2px 0}p{margin:4px 0}.verdict{font-size:15px;padding:8px 12px;margin:8px 0}"
    ".cards{margin:8px 0;gap:8px}.card{padding:6px 10px}.card .value{font-size:22px}}</style>"
)
_LINKS = ("Pages", "Tables")  # the summary's lists of links: no use on paper
_OMIT_STYLE = "<style>.pack-omit{display:none !important}</style>"


def browser_command(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """Headless print of one page to PDF, offline: no network, no first-run or sync, no
    browser header or footer (the pages print their own), scripts given time to draw."""
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--mute-audio",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        "--hide-scrollbars",
        "--window-size=1100,800",
        f"--virtual-time-budget={SCRIPT_BUDGET_MS}",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri() + "?print",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(2, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return command


def print_page(page: Path, pdf: Path, *, browser: str | None = None) -> Path:
    """Print one HTML page to ``pdf`` with the headless browser.

    Raises:
        NoBrowser: no browser found.
        UserError: the browser failed or wrote no PDF (its last message quoted).
    """
    browser = browser or require_browser()
    with tempfile.TemporaryDirectory(prefix="ca-print-") as profile:
        try:
            run = subprocess.run(
                browser_command(browser, page, pdf, Path(profile)),
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise UserError(
                f"{page.name}: the browser did not finish printing within {TIMEOUT_S} s"
            ) from None
        except OSError as error:
            raise UserError(f"{browser}: cannot run the browser ({error.strerror})") from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        last = (run.stderr or "").strip().splitlines()[-1:] or ["no message"]
        raise UserError(
            f"{page.name}: the browser wrote no PDF (exit {run.returncode}: {last[0][:200]})"
        )
    return pdf


def board_paper(
    pages: list[Path],
    out: Path,
    *,
    browser: str | None = None,
    title: str = "",
    layout: str = BOARD,
) -> Path:
    """Print ``pages`` in order (the board summary first) in ``layout`` (:data:`BOARD` or
    :data:`FULL`), add the *About this paper* appendix, number the pages "Page n of N" over
    the whole paper and join them into one PDF at ``out``, written next to it and moved into
    place (never half a file).

    Returns:
        ``out``.
    """

    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r}: one of {LAYOUTS}")
    browser = browser or require_browser()
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="ca-pdf-") as scratch:
        folder = Path(scratch)
        copies, abouts = [], []
        for i, page in enumerate(pages):
            text, about, omitted = print_layout(page.read_text(encoding="utf-8"), page.stem, layout)
            copy = folder / f"{i:02d}_{page.name}"
            copy.write_text(text, encoding="utf-8")
            copies.append(copy)
            abouts.append((_page_title(page), about, omitted))
        appendix = folder / "99_about.html"
        appendix.write_text(about_appendix(abouts, title, layout), encoding="utf-8")
        printed = [
            print_page(copy, folder / f"{i:02d}.pdf", browser=browser)
            for i, copy in enumerate(copies + [appendix])
        ]
        titles = [t for t, _, _ in abouts] + ["About this paper"]
        writer = PdfWriter()
        for path, name in zip(printed, titles):
            start = len(writer.pages)
            writer.append(str(path))
            writer.add_outline_item(title=name, page_number=start)
        stamps = print_page(
            _write(folder / "numbers.html", page_numbers_html(len(writer.pages))),
            folder / "numbers.pdf",
            browser=browser,
        )
        for page, stamp in zip(writer.pages, PdfReader(str(stamps)).pages):
            page.merge_page(stamp)
        if title:
            writer.add_metadata({"/Title": title})
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                writer.write(handle)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; a board paper is for readers
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return out


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def page_numbers_html(count: int) -> str:
    """``count`` blank A4 landscape pages with "Page n of N" where each pack page has it (the
    bottom right margin box), stamped over the joined paper."""
    pages = '<div class="p"></div>' * count
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        "@page{size:A4 landscape;margin:12mm 12mm 16mm 12mm;"
        '@bottom-right{content:"Page " counter(page) " of " counter(pages);'
        "font:9pt Arial,sans-serif;color:#425563}}"
        "html,body{margin:0;background:transparent}"
        ".p{height:1px;break-after:page}.p:last-child{break-after:auto}"
        f"</style></head><body>{pages}</body></html>"
    )


def _text(tag: Tag) -> str:
    """What ``tag`` says, without the heading anchors' pilcrows."""
    return " ".join(tag.get_text(" ").replace("\u00b6", " ").split())


def _heading(tag: Tag) -> str:
    """The section heading a top-level block of a page starts with ("" if none; the heading
    of the month's commentary is not a section's: it belongs with the page's title)."""
    if tag.name == "h2":
        return _text(tag)
    for found in tag.find_all(["h1", "h2"]):
        if found.find_parent(class_="pack-commentary") is None:
            return _text(found)
    return ""


def print_layout(text: str, stem: str, layout: str = BOARD) -> tuple[str, str, list[str]]:
    """One page as the paper prints it: its "About this page" note taken out (for the
    appendix), its own page number off, and in the board layout the sections of
    :data:`BOARD_OMITS` hidden and long tables cut to :data:`TABLE_ROWS` rows.

    Returns:
        ``(html, about_html, omitted)``: the page, its about note, what the board layout left out.
    """
    start, end = text.find("<main>"), text.rfind("</main>")
    body_start = text.find("<body")
    notebook = start >= 0 and end >= 0
    if not notebook:  # the summary page: no notebook cells
        start = text.find(">", body_start) + 1 if body_start >= 0 else 0
        end = text.rfind("</body>") if "</body>" in text else len(text)
        inner_start = start
    else:
        inner_start = start + len("<main>")
    soup = BeautifulSoup(text[inner_start:end], "html.parser")
    omits = BOARD_OMITS.get(stem, ()) if layout == BOARD else ()
    omitted: list[str] = []
    about: list[str] = []
    sections: list[tuple[str, list[Tag]]] = []
    section, in_about = "", False
    for block in [c for c in soup.children if isinstance(c, Tag)]:
        if block.name == "nav" or "jp-mod-noOutputs" in (block.get("class") or []):
            continue  # the navigation (not printed), the parameter cells (nothing shown)
        words = _text(block)
        heading = _heading(block)
        if words.startswith(ABOUT) or heading == ABOUT or "about" in (block.get("class") or []):
            in_about = True
        if in_about:
            for anchor in block.find_all(["h1", "h2", "h3"]):
                if _text(anchor) == ABOUT:
                    anchor.decompose()  # the appendix names the page instead
            about.append(str(block))
            block["class"] = [*(block.get("class") or []), "pack-omit"]
            continue
        if heading or not sections:
            section = heading
            sections.append((section, []))
        if section in _LINKS or section in omits:
            if section in omits and section not in omitted:
                omitted.append(section)
            block["class"] = [*(block.get("class") or []), "pack-omit"]
            continue
        sections[-1][1].append(block)
    styles = _NO_PAGE_NUMBER + _OMIT_STYLE
    if layout == BOARD and notebook:  # the summary is the board's already: every table whole
        for n, (name, blocks) in enumerate(sections):
            charts = any(b.find(class_="plotly-graph-div") for b in blocks)
            tables = [t for b in blocks for t in b.find_all("table")]
            if charts:  # the chart is the board's view: a long table behind it is detail
                tables = [t for t in tables if len(_rows(t)) <= TABLE_ROWS]
            for table in tables[:1]:
                _cut_table(table)
            for block in blocks:  # a section's first table is enough for the board
                if any(t not in tables[:1] for t in block.find_all("table")):
                    if block.find(class_="plotly-graph-div") is None:
                        block["class"] = [*(block.get("class") or []), "pack-omit"]
                    else:
                        for table in block.find_all("table"):
                            if table not in tables[:1]:
                                table["class"] = [*(table.get("class") or []), "pack-omit"]
            if blocks:  # sections side by side where they fit
                half = n > 0 and charts and not tables[:1] and name not in WIDE
                wrapper = soup.new_tag("div")
                wrapper["class"] = ["pack-section", "pack-half" if half else "pack-wide"]
                blocks[0].insert_before(wrapper)
                for block in blocks:
                    wrapper.append(block.extract())
        wrappers = soup.find_all("div", class_="pack-section", recursive=False)
        if len(wrappers) > 1 and "pack-half" in wrappers[1]["class"]:
            wrappers[0]["class"] = ["pack-section", "pack-half"]  # the title beside a chart
        styles += _BOARD_STYLE
    if not notebook:
        styles += _SUMMARY_STYLE
    head_end = text.find("</head>")
    page = text[:head_end] + styles + text[head_end:inner_start] + str(soup) + text[end:]
    return page, "".join(about), omitted


def _rows(table: Tag) -> list[Tag]:
    body = table.find("tbody") or table
    return body.find_all("tr", recursive=False)


def _cut_table(table: Tag) -> None:
    body = table.find("tbody") or table
    rows = _rows(table)
    if len(rows) <= TABLE_ROWS + 2:  # two rows more print; a note would take one anyway
        return
    for row in rows[TABLE_ROWS:]:
        row.decompose()
    width = max(len(rows[0].find_all(["td", "th"], recursive=False)), 1)
    note = BeautifulSoup(
        f'<tr class="pack-more"><td colspan="{width}"><em>and {len(rows) - TABLE_ROWS} more '
        "rows: every row is in the HTML pack, the Excel workbook and the full paper"
        "</em></td></tr>",
        "html.parser",
    )
    body.append(note)


def about_appendix(abouts: list[tuple[str, str, list[str]]], title: str, layout: str) -> str:
    """The paper's last pages: each page's "About this page" note (files read, settings,
    paths) and, in the board layout, the sections left to the workbook and the full paper."""
    parts = []
    for name, about, omitted in abouts:
        left = (
            f"<p><em>Not printed in this board paper</em> (in the HTML pack, the workbook and "
            f"<code>pack --pdf-full</code>): {html.escape('; '.join(omitted))}.</p>"
            if omitted
            else ""
        )
        if about or left:
            parts.append(f"<section><h2>{html.escape(name)}</h2>{left}{about}</section>")
    which = (
        f"the board layout: each page's board sections, tables cut to their first {TABLE_ROWS} rows"
        if layout == BOARD
        else "the full layout: every section and every row"
    )
    footer = html.escape(title.replace('"', "'"))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>About this paper</title><style>
@page{{size:A4 landscape;margin:12mm 12mm 16mm 12mm;
@bottom-left{{content:"{footer}";font:9pt Arial,sans-serif;color:#425563}}}}
body{{font:10px Arial,Helvetica,sans-serif;color:#425563;columns:2;column-gap:24px}}
h1{{color:#003087;font-size:20px;column-span:all;margin:0 0 6px 0}}
h2{{color:#003087;font-size:14px;margin:8px 0 2px 0;break-after:avoid}}
p,li{{margin:2px 0}} section{{break-inside:auto}} blockquote{{margin:2px 0 2px 8px}}
code{{font-size:9px}} ul{{padding-left:16px;margin:2px 0}}
</style></head><body><h1>About this paper</h1>
<p>Printed in {which}. What each page read, the settings it used and where its files are.</p>
{"".join(parts)}</body></html>
"""


def _page_title(page: Path) -> str:

    text = page.read_text(encoding="utf-8", errors="replace")[:20000]
    found = re.search(r"<title>(.*?)</title>", text, re.S)

    return html.unescape(found.group(1)).split(" · ")[0].strip() if found else page.stem


if __name__ == "__main__":  # python -m commissioning_analytics.pack.pdf OUT.pdf PAGE.html...
    sys.exit(board_paper([Path(p) for p in sys.argv[2:]], Path(sys.argv[1])) and 0)
