"""The built pack as a director sees it: one palette and one money format on every page (in the
HTML, in the figures' data and in what the browser draws), the navigation marking the current
page, and the pack printed into one A4 landscape PDF board paper with its figures in it."""

from __future__ import annotations

import json
import re

import pytest

from commissioning_analytics import style
from commissioning_analytics.pack.pdf import board_paper, find_browser
from fixtures import dump_dom

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
RGB = re.compile(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)")
MONEY = re.compile(r"[-+\u2212]?£[-\u2212]?\d(?:[\d.,]*\d)?[A-Za-z]*")
ALLOWED = style.palette() | {"#FFFFFF"}


def _figures(text: str) -> list[tuple[list, dict]]:
    """``(data, layout)`` of every ``Plotly.newPlot`` call of a page (layout without the
    template: plotly's stock templates list colours for traces the pack never draws)."""
    decoder, out = json.JSONDecoder(), []
    for match in re.finditer(r"Plotly\.newPlot\(\s*", text):
        i = match.end()
        _, i = decoder.raw_decode(text, i)
        parts = []
        for _ in range(2):
            i = text.index(",", i) + 1
            while text[i].isspace():
                i += 1
            value, i = decoder.raw_decode(text, i)
            parts.append(value)
        parts[1].pop("template", None)
        out.append((parts[0], parts[1]))
    return out


def _visible_html(text: str) -> str:
    """The page's own content: inside ``<main>`` for notebook pages (outside it is JupyterLab's
    stock stylesheet), without scripts."""
    start, end = text.find("<main>"), text.rfind("</main>")
    body = text[start:end] if start >= 0 else text
    return re.sub(r"<script\b.*?</script>", "", body, flags=re.S)


def _bad_money(text: str) -> set[str]:
    return {t for t in MONEY.findall(text) if not re.fullmatch(style.MONEY_PATTERN, t)}


def _drawn_colours(svg: str) -> set[str]:
    """Colours an SVG actually paints: fills and strokes that can be seen (not of zero width
    or height, zero opacity or zero stroke width: plotly's hit areas and unused borders)."""
    out = set()
    for attrs in re.findall(r"<\w+\b([^>]*)>", svg):
        if re.search(r'\b(width|height)="0"', attrs):
            continue
        style_attr = re.search(r'style="([^"]*)"', attrs)
        if not style_attr:
            continue
        decl = dict(d.split(":", 1) for d in style_attr.group(1).split(";") if ":" in d)
        decl = {k.strip(): v.strip() for k, v in decl.items()}
        seen = []
        if decl.get("fill-opacity", "1") not in ("0", "0.0") and decl.get("opacity", "1") != "0":
            seen.append(decl.get("fill", ""))
        if decl.get("stroke-width", "1px") not in ("0", "0px") and decl.get(
            "stroke-opacity", "1"
        ) not in ("0", "0.0"):
            seen.append(decl.get("stroke", ""))
        for colour in seen:
            rgb = RGB.fullmatch(colour)
            if rgb and not (rgb.group(4) and float(rgb.group(4)) == 0):
                out.add("#" + "".join(f"{int(rgb.group(i)):02X}" for i in (1, 2, 3)))
    return out


def _allowed(built_pack) -> set[str]:
    """style.py's palette, and the colours of the plans' own colour keys (page 40 draws each
    team in the colour its plan gives it, read from the workbook, not invented by the pack)."""
    from commissioning_analytics.pages import project_plans

    plans = project_plans.load(built_pack.period, built_pack.data_dir)
    keys = plans.current.get("colour")
    own = set() if keys is None else set(keys.dropna().astype(str).str.upper())
    return ALLOWED | own


def _pages(built_pack):
    assert built_pack.status == 0, built_pack.stderr
    return [built_pack.folder / "index.html"] + sorted(built_pack.folder.glob("[0-9][0-9]_*.html"))


def test_palette_and_money_format_in_the_html_and_figures(built_pack):
    allowed = _allowed(built_pack)
    for page in _pages(built_pack):
        text = page.read_text(encoding="utf-8")
        figures = _figures(text)
        assert len(figures) == text.count("Plotly.newPlot("), page.name
        figure_json = json.dumps(figures, ensure_ascii=False)
        visible = _visible_html(text)
        colours = {h.upper() for h in HEX.findall(figure_json + visible)}
        assert colours <= allowed, f"{page.name}: colours outside style.py: {colours - allowed}"
        bad = _bad_money(figure_json + visible)
        assert not bad, f"{page.name}: money outside the one format: {sorted(bad)}"


def test_what_the_browser_draws_uses_the_palette_and_money_format(built_pack, tmp_path):
    """Tick labels and colours are computed by plotly.js in the page: check the drawn SVG."""
    allowed = _allowed(built_pack)
    for page in _pages(built_pack)[1:]:
        dom = dump_dom(page, tmp_path / "profile")
        svgs = re.findall(r'<svg class="main-svg".*?</svg>', dom, flags=re.S)
        assert svgs, page.name
        drawn = "".join(svgs)
        bad = _bad_money(drawn)
        assert not bad, f"{page.name}: drawn money outside the one format: {sorted(bad)}"
        colours = _drawn_colours(drawn)
        unexpected = colours - allowed
        assert not unexpected, f"{page.name}: drawn colours outside style.py: {unexpected}"


def test_every_page_marks_itself_in_the_navigation_and_has_its_title(built_pack):
    for page in _pages(built_pack):
        text = page.read_text(encoding="utf-8")
        nav = re.search(r'<nav class="pack-nav".*?</nav>', text, flags=re.S).group(0)
        current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
        assert current == [page.name], page.name
        title = re.search(r"<title>(.*?)</title>", text, flags=re.S).group(1)
        assert "Notebook" not in title and "October 2026" in title, title


def test_the_pdf_board_paper_is_a4_landscape_with_its_figures(built_pack, tmp_path):
    if find_browser() is None:
        pytest.fail("no Chromium to print with: CI must install Debian's chromium (.ci/run)")
    from pypdf import PdfReader

    pages = _pages(built_pack)
    paper = board_paper(pages, tmp_path / "board-paper.pdf", title="Savings pack")
    reader = PdfReader(str(paper))
    assert len(reader.pages) >= len(pages)
    for page in reader.pages:  # A4 landscape: 297 x 210 mm = 842 x 595 points
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (842, 595)
    outline = [item.title for item in reader.outline]
    assert outline[0] == "Summary" and len(outline) == len(pages)
    # pypdf reads the text (no poppler needed): page by page, the first page apart
    texts = [page.extract_text() for page in reader.pages]
    first, text = texts[0], "\n".join(texts)
    assert "board summary, October 2026" in first  # the summary comes first
    assert "Page 1 of" in first and "savings pack October 2026" in first  # the footer
    # the figures are drawn into the PDF: their titles, axis titles and money ticks are text
    for drawn in (
        "Savings each month, 2026/27",
        "Month (financial year April to March)",
        "£1.00m",
        "Project plans: bars coloured by status",
    ):
        assert drawn in text, drawn
    assert "Zoom" not in text and "Download plot as a png" not in text  # no toolbar
    # charts print at a size for paper (two sections can share a page), not one chart alone
    # on a page at half size. Printed pages per pack page, from the outline: with the charts
    # printed at their screen size page 10 took 11 A4 pages and page 50 took 19, most of them
    # half white (looked at page by page); redrawn for paper they take 9 and 17.
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    counts = dict(zip(outline, [b - a for a, b in zip(starts, starts[1:] + [len(reader.pages)])]))
    assert counts["Savings curves"] <= 9, counts
    assert counts["Activity deflection"] <= 17, counts
    assert sum(counts.values()) <= 54, counts


# Names a director should not meet in what a page says: file and settings names belong in the
# "About this page" note at the foot of the page.
JARGON = re.compile(
    r"\b(risk|pack|weights|scenarios|mapping)\.ya?ml\b|\(built in\)|"
    r"Linked by:|\(none\)|\)\.\)\."
)


def _page_text(html_text: str) -> str:
    body = _visible_html(html_text)
    body = re.sub(r"<style\b.*?</style>", "", body, flags=re.S)
    import html as html_module

    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_no_file_or_settings_names_outside_about_this_page(built_pack):
    for page in _pages(built_pack):
        text = _page_text(page.read_text(encoding="utf-8"))
        about = text.find("About this page")
        read = text if about < 0 else text[:about]
        found = [m.group(0) for m in JARGON.finditer(read)]
        assert not found, f"{page.name}: {found} before 'About this page'"
    # the names are still stated, at the foot: page 30 says where its risk assumptions came from
    delivery = _page_text((built_pack.folder / "30_change_in_delivery.html").read_text("utf-8"))
    about = delivery[delivery.find("About this page") :]
    assert "risk.yml" in about and "pack.yml" in about


def test_the_sample_commentary_reaches_its_pages(built_pack):
    """data/raw/commentary/2026-10.md (scripts/make_history.py) has the summary, two pages and
    scheme 7; the summary names the pages that have none."""
    index = (built_pack.folder / "index.html").read_text(encoding="utf-8")
    assert "the year still ends £4.01m short of the plan" in index
    assert re.search(
        r"No commentary on: RAG dashboard, Change in delivery, [A-Za-z ]*[Dd]eflection\.", index
    )
    assert "chief pharmacists in November" in index  # scheme 23's, an action of a top risk
    curves = (built_pack.folder / "10_savings_curves.html").read_text(encoding="utf-8")
    assert '<aside class="pack-commentary">' in curves
    assert "September to December decide the outturn" in curves
    rag = (built_pack.folder / "20_rag_dashboard.html").read_text(encoding="utf-8")
    assert "pack-commentary" not in rag.split("</nav>", 1)[1][:2000]
