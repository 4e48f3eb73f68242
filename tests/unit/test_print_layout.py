"""The board paper's layout of one page (pack/pdf.py ``print_layout``), on a page made here in
the shape nbconvert writes: which sections print, how long a table runs, where the About note
goes, and the page's own number left off (the paper numbers its pages n of N)."""

from __future__ import annotations

import pytest

from commissioning_analytics.pack.pdf import (
    BOARD,
    FULL,
    TABLE_ROWS,
    about_appendix,
    page_numbers_html,
    print_layout,
)

pytestmark = pytest.mark.unit

CELL = '<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">{}</div>'
OUT = '<div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noInput">{}</div>'


def _table(rows: int) -> str:
    body = "".join(f"<tr><td>scheme {i}</td><td>£{i}k</td></tr>" for i in range(1, rows + 1))
    return f'<table class="pack-table"><thead><tr><th>Scheme</th><th>£</th></tr></thead><tbody>{body}</tbody></table>'


def _page(*cells: str) -> str:
    return (
        "<html><head><title>Savings curves · x</title></head><body><main>"
        '<nav class="pack-nav"><a href="index.html">Summary</a></nav>'
        + "".join(cells)
        + "</main></body></html>"
    )


PAGE = _page(
    CELL.format("<h1>Savings curves</h1>"),
    CELL.format('<h2 id="a">From plan to outturn<a class="anchor-link">¶</a></h2>'),
    OUT.format('<div class="plotly-graph-div"></div>'),
    CELL.format("<h2>The register's own totals</h2>"),
    OUT.format(_table(3)),
    CELL.format("<h2>Year to date</h2>"),
    OUT.format(_table(25)),
    OUT.format(_table(4)),
    CELL.format("<h2>About this page</h2>"),
    OUT.format("<p>Register read: /tmp/x/qipp_register.xlsx; pack.yml: top_n 25</p>"),
)


def test_the_board_layout_leaves_detail_out_and_says_what():
    page, about, omitted = print_layout(PAGE, "10_savings_curves", BOARD)
    assert omitted == ["The register's own totals"]
    main = page[page.index("<main>") :]
    # the omitted section is hidden, the others print
    cell = main.split("The register's own totals")[0].rsplit("<div", 1)[-1]
    assert "pack-omit" in cell
    # a 25-row table prints its first 10 rows and says how many more the workbook has
    assert f"scheme {TABLE_ROWS}<" in main and f"scheme {TABLE_ROWS + 1}<" not in main
    assert f"and {25 - TABLE_ROWS} more rows" in main
    # a section's second table is left to the workbook; a chart sits beside another section
    second = main.rsplit('<table class="pack-table">', 1)[0].rsplit("<div", 1)[-1]
    assert "pack-omit" in second
    assert '<div class="pack-section pack-half">' in main


def test_a_table_two_rows_over_the_limit_prints_whole():
    page, _, _ = print_layout(
        _page(CELL.format("<h2>T</h2>"), OUT.format(_table(TABLE_ROWS + 2))), "x", BOARD
    )
    assert f"scheme {TABLE_ROWS + 2}<" in page and "more rows" not in page
    page, _, _ = print_layout(
        _page(CELL.format("<h2>T</h2>"), OUT.format(_table(TABLE_ROWS + 3))), "x", BOARD
    )
    assert f"scheme {TABLE_ROWS + 1}<" not in page and "and 3 more rows" in page


def test_the_full_layout_prints_everything_but_the_about_note():
    page, about, omitted = print_layout(PAGE, "10_savings_curves", FULL)
    assert omitted == [] and "more rows" not in page and "scheme 25<" in page
    assert "pack-half" not in page
    # paths and settings only in the appendix: the note is hidden on the page, kept for it
    assert "qipp_register.xlsx" in about and "About this page" not in about
    note = page[page.index("Register read") - 400 : page.index("Register read")]
    assert "pack-omit" in note


def test_the_page_prints_without_its_own_number():
    page, _, _ = print_layout(PAGE, "10_savings_curves", BOARD)
    head = page[: page.index("</head>")]
    assert "@bottom-right{content:none}" in head


def test_the_appendix_names_each_page_and_what_was_left_out():
    text = about_appendix(
        [("Summary", "<p>Built today</p>", []), ("Savings curves", "", ["By phase"])],
        "NHS Northfield ICB: savings pack",
        BOARD,
    )
    assert "<h2>Summary</h2><p>Built today</p>" in text
    assert "Not printed in this board paper" in text and "By phase." in text
    assert f"first {TABLE_ROWS} rows" in text


def test_the_page_numbers_are_one_page_each():
    text = page_numbers_html(3)
    assert text.count('<div class="p"></div>') == 3
    assert 'counter(page) " of " counter(pages)' in text


def test_the_commentary_stays_with_the_title_beside_the_first_chart():
    page, _, _ = print_layout(
        _page(
            CELL.format("<h1>Savings curves</h1>"),
            OUT.format(
                '<aside class="pack-commentary"><h2>Commentary for October 2026</h2>'
                "<p>September to December decide the outturn.</p></aside>"
            ),
            CELL.format("<h2>From plan to outturn</h2>"),
            OUT.format('<div class="plotly-graph-div"></div>'),
        ),
        "10_savings_curves",
        BOARD,
    )
    main = page[page.index("<main>") :]
    assert main.count('class="pack-section pack-half"') == 2  # title + commentary | chart
    first = main.split('<div class="pack-section pack-half">')[1]
    assert "Savings curves" in first and "September to December" in first


def test_the_summary_prints_compact_without_its_links_and_about_note():
    summary = (
        "<html><head><title>Summary · x</title></head><body>"
        '<nav class="pack-nav"><a href="index.html">Summary</a></nav>'
        "<h1>Savings programme 2026/27: board summary, October 2026</h1>"
        "<h2>Decisions needed</h2><ul><li>Recovery plan: scheme 2</li></ul>"
        '<h2>Pages</h2><ul><li><a href="10_savings_curves.html">Savings curves</a></li></ul>'
        '<div class="about"><h3>About this page</h3><ul><li>Register read: /tmp/r.xlsx</li></ul>'
        "</div></body></html>"
    )
    page, about, omitted = print_layout(summary, "index", BOARD)
    head = page[: page.index("</head>")]
    assert "h1{font-size:22px" in head and "@bottom-right{content:none}" in head
    assert "pack-section" not in page  # the summary keeps its own one-column layout
    # links are no use on paper: the list of pages is hidden, the decisions print
    assert '<h2 class="pack-omit">Pages</h2><ul class="pack-omit">' in page
    assert "<h2>Decisions needed</h2><ul>" in page
    assert "/tmp/r.xlsx" in about and omitted == []


def test_the_summary_prints_every_table_of_a_section_and_leaves_the_bridge_to_page_10():
    # the movement bridge and the plan's own movement sit side by side in one block, and the
    # efficiency block holds several tables: the board layout's "first table of a section" rule
    # is for the notebook pages, so on the summary both print, every row of them
    side = f'<div class="side">{_table(14)}{_table(5)}</div>'
    summary = (
        "<html><head><title>Summary · x</title></head><body>"
        f"<h1>Board summary</h1><h2>Since last month</h2>{side}"
        f"<h2>From plan to outturn</h2>{_table(7)}<h2>Overall ratings</h2><p>Green: 10</p>"
        "</body></html>"
    )
    page, _, omitted = print_layout(summary, "index", BOARD)
    shown = page.split("<h2>Since last month</h2>")[1].split("From plan to outturn")[0]
    assert '<div class="side">' in shown and "scheme 14<" in shown and "more rows" not in shown
    assert shown.count("<table") == 2
    # the summary's bridge is page 10's chart of the same figures: printed once, said so
    assert omitted == ["From plan to outturn"]
    assert '<h2 class="pack-omit">From plan to outturn</h2>' in page
