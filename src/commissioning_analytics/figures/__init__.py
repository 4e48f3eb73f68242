"""Figures: tidy frame in, plotly Figure out; saving and showing are the caller's job.

Shared look for every page: NHS identity colours (``style``), RAG shown with words as well as
colour, money as ``£1.23m``/``£456k``. Domain modules (``figures.savings``,
``figures.scenarios``, ``figures.plans``, ``figures.deflection``) build on these.

The pack's pages show figures through the ``pack`` renderer (:func:`configure_notebook`), which
finishes every figure the same way before it is drawn, so no page can differ: money axes get
ticks in the one money format, long category labels are wrapped at word boundaries (never cut),
legends sit under the plot, and a figure made only of table traces becomes an HTML table (which
prints whole, with its header repeated on each printed page, instead of a scrolling box).
"""

from __future__ import annotations

import base64
import html
import math
import os

import numpy as np  # plotly 6 keeps numeric arrays as base64 "typed arrays"
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import display_html
from plotly.io._base_renderers import NotebookRenderer

from ..style import (  # noqa: F401
    CATEGORY_COLOURS,
    NHS_AQUA_GREEN,
    NHS_BLUE,
    NHS_BRIGHT_BLUE,
    NHS_DARK_BLUE,
    NHS_DARK_GREY,
    NHS_GREEN,
    NHS_LIGHT_BLUE,
    NHS_MID_GREY,
    NHS_ORANGE,
    NHS_PALE_GREY,
    NHS_PINK,
    NHS_PURPLE,
    NHS_RED,
    NHS_WARM_YELLOW,
    RAG_COLOURS,
    RAG_ORDER,
    SERIES,
    money,
    shorten,
    wrap,
)

SERIES_COLOURS = list(CATEGORY_COLOURS)

pio.templates["nhs"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Arial, Helvetica, sans-serif", size=13, color=NHS_DARK_GREY),
        colorway=SERIES_COLOURS,
        title=dict(font=dict(size=17, color=NHS_DARK_BLUE), x=0.0, xanchor="left"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(
            gridcolor=NHS_PALE_GREY,
            linecolor=NHS_MID_GREY,
            zerolinecolor=NHS_MID_GREY,
            automargin=True,
        ),
        yaxis=dict(
            gridcolor=NHS_PALE_GREY,
            linecolor=NHS_MID_GREY,
            zerolinecolor=NHS_MID_GREY,
            automargin=True,
        ),
        legend=dict(orientation="h", yanchor="top", y=-0.18, x=0, xanchor="left"),
        margin=dict(l=70, r=30, t=70, b=70),
        annotationdefaults=dict(arrowcolor=NHS_DARK_GREY, font=dict(color=NHS_DARK_GREY)),
        shapedefaults=dict(line=dict(color=NHS_DARK_GREY)),
    )
)

#: category labels longer than this are wrapped onto further lines (at spaces)
LABEL_WIDTH = 28


def rag_label(rag: str | None) -> str:
    """A RAG rating in words (never colour alone): ``"amber"`` -> ``"Amber"``."""
    return str(rag).capitalize() if rag else "Not rated"


# ---------------------------------------------------------------------------------------------
# Finishing a figure (the pack renderer)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def money_ticks(low: float, high: float, ticks: int = 5) -> tuple[list[float], list[str]]:
    """Round tick values covering ``low..high`` (pounds) and their labels in the one money
    format (``£0``, ``£500k``, ``£1.00m``, ``−£250k``)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        return [0.0], [money(0)]
    step = _nice_step(high - low, ticks)
    first = math.floor(low / step) * step
    values, v = [], first
    while v <= high + step * 1e-9:
        values.append(round(v, 6))
        v += step
    return values, [money(x) for x in values]


def _sequence(values) -> list | None:
    """A trace's array as a list (plotly keeps numpy arrays and pandas columns as they are)."""
    if isinstance(values, (list, tuple)):
        return list(values)
    if isinstance(values, dict) and "bdata" in values and "dtype" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    if hasattr(values, "tolist") and getattr(values, "ndim", 1) == 1:
        return list(values.tolist())
    return None


def _numbers(values) -> list[float]:
    out = []
    for v in _sequence(values) or []:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            out.append(float(v))
    return out


def _trace_values(fig: dict, axis: str) -> list[float]:
    """The numbers drawn along an axis (``x``/``y``, ``x2``...), stacked bars summed."""
    letter = axis[0]
    suffix = axis[1:]
    values: list[float] = []
    stacked: dict = {}
    for trace in fig.get("data", []):
        if trace.get("type") not in (None, "bar", "scatter", "waterfall", "scattergl"):
            continue
        if (
            trace.get("orientation") == "h"
            and letter == "y"
            or trace.get("type") == "bar"
            and trace.get("orientation") != "h"
            and letter == "x"
        ):
            continue  # the category axis of a bar chart
        if (trace.get(f"{letter}axis") or letter) != f"{letter}{suffix}":
            continue
        numbers = _numbers(trace.get(letter))
        if trace.get("type") == "waterfall":
            running, peaks = 0.0, [0.0]
            measures = _sequence(trace.get("measure")) or ["relative"] * len(numbers)
            for measure, v in zip(measures, numbers):
                running = (
                    v if measure == "absolute" else running if measure == "total" else running + v
                )
                peaks.append(running)
            numbers = peaks
        if (
            fig.get("layout", {}).get("barmode") in ("stack", "relative")
            and trace.get("type") == "bar"
        ):
            for i, v in enumerate(numbers):
                stacked[i] = stacked.get(i, 0.0) + v
        values.extend(numbers)
    values.extend(stacked.values())
    return values


def _finish_money_axes(fig: dict) -> None:
    """Axes marked as money (tick prefix ``£``) get fixed ticks in the one money format."""
    layout = fig.setdefault("layout", {})
    for key in list(layout):
        if not (key.startswith("xaxis") or key.startswith("yaxis")):
            continue
        axis = layout[key] or {}
        if axis.get("tickprefix") != "£" or axis.get("tickvals"):
            continue
        values = _trace_values(fig, key[0] + key[5:])
        if axis.get("range"):
            values += _numbers(list(axis["range"]))
        if not values:
            continue
        tickvals, ticktext = money_ticks(min(values), max(values))
        axis.update(tickvals=tickvals, ticktext=ticktext, tickprefix=None, tickformat=None)


def _room_for_labels(fig: dict) -> None:
    """Bars labelled outside their end get room on the value axis (15 % beyond the longest
    bar), so a label such as "£3.79m" is never cut at the edge of the plot."""
    layout = fig.setdefault("layout", {})
    for trace in fig.get("data", []):
        if (
            trace.get("type") != "bar"
            or not _sequence(trace.get("text"))
            or trace.get("textposition") not in ("outside", "auto", None)
            or trace.get("base") is not None
        ):
            continue
        horizontal = trace.get("orientation") == "h"
        letter = "x" if horizontal else "y"
        axis_id = trace.get(f"{letter}axis") or letter
        key = f"{letter}axis{axis_id[1:]}"
        axis = layout.setdefault(key, {}) or {}
        layout[key] = axis
        if (
            axis.get("range")
            or axis.get("autorange") in (False, "reversed")
            or axis.get("type") in ("date", "category", "log")
        ):
            continue
        values = _trace_values(fig, axis_id)
        if not values:
            continue
        low, high = min(min(values), 0.0), max(max(values), 0.0)
        span = (high - low) or 1.0
        axis["range"] = [
            low - (0.15 * span if low < 0 else 0),
            high + (0.15 * span if high > 0 else 0),
        ]
        trace["cliponaxis"] = False


def _wrap_categories(fig: dict) -> None:
    """Long text categories (scheme, theme, workstream names) wrap at spaces, never cut; a
    horizontal bar chart grows so that each wrapped label has room for its lines."""
    lines, categories = 1, set()
    for trace in fig.get("data", []):
        if (
            trace.get("type") not in (None, "bar", "scatter", "box")
            or trace.get("base") is not None
        ):
            continue  # (bars with a base are Gantt rows: one line each, shortened by the figure)
        horizontal = trace.get("orientation") == "h"
        key = "y" if horizontal else "x"
        values = _sequence(trace.get(key))
        if values and all(isinstance(v, str) for v in values):
            trace[key] = [wrap(v, LABEL_WIDTH) for v in values]
            if horizontal:
                categories.update(trace[key])
                lines = max([lines] + [v.count("<br>") + 1 for v in trace[key]])
    layout = fig.setdefault("layout", {})
    if categories and lines > 1:
        bars = (
            sum(
                1
                for t in fig.get("data", [])
                if t.get("type") == "bar" and t.get("orientation") == "h"
            )
            if layout.get("barmode") == "group"
            else 1
        )
        per_category = max(lines * 16 + 8, 14 * bars + 10)
        margin = layout.get("margin") or {}
        needed = len(categories) * per_category + margin.get("t", 70) + margin.get("b", 70) + 60
        if needed > (layout.get("height") or 450):
            layout["height"] = needed
    for key, axis in (fig.get("layout") or {}).items():
        if (key.startswith("xaxis") or key.startswith("yaxis")) and isinstance(axis, dict):
            for arr in ("categoryarray", "ticktext"):
                if isinstance(axis.get(arr), (list, tuple)) and all(
                    isinstance(v, str) for v in axis[arr]
                ):
                    axis[arr] = [wrap(v, LABEL_WIDTH) for v in axis[arr]]


def _column(values, i, default=None):
    if isinstance(values, (list, tuple)):
        if not values:
            return default
        return values[i] if i < len(values) else values[-1]
    return values if values is not None else default


def _cell(values, row):
    if isinstance(values, (list, tuple)):
        return values[row] if row < len(values) else (values[-1] if values else None)
    return values


def table_html(fig: dict) -> str | None:
    """A figure made only of ``go.Table`` traces as an HTML table (``pack-table``), keeping its
    title, header and cell colours; ``None`` for any other figure."""
    traces = fig.get("data", [])
    if not traces or any(t.get("type") != "table" for t in traces):
        return None
    title = (fig.get("layout") or {}).get("title") or {}
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    parts = [f'<p class="pack-table-title"><b>{title}</b></p>' if title else ""]
    for trace in traces:
        header = trace.get("header") or {}
        cells = trace.get("cells") or {}
        columns = list(cells.get("values") or [])
        names = list(header.get("values") or [""] * len(columns))
        rows = max((len(c) for c in columns if isinstance(c, (list, tuple))), default=0)
        head = "".join(f"<th>{_text(n)}</th>" for n in names)
        fill = (cells.get("fill") or {}).get("color")
        font = (cells.get("font") or {}).get("color")
        body = []
        for r in range(rows):
            tds = []
            for c, column in enumerate(columns):
                style = []
                bg = _cell(_column(fill, c), r) if fill is not None else None
                fg = _cell(_column(font, c), r) if font is not None else None
                if bg and str(bg).lower() not in ("white", "#ffffff"):
                    style.append(f"background:{bg}")
                if fg:
                    style.append(f"color:{fg}")
                attr = f' style="{";".join(style)}"' if style else ""
                tds.append(f"<td{attr}>{_text(_cell(column, r))}</td>")
            body.append("<tr>" + "".join(tds) + "</tr>")
        parts.append(
            f'<table class="pack-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )
    return "".join(parts)


def _text(value) -> str:
    """A table cell's text: plotly tables allow ``<b>`` and ``<br>``; everything else escaped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = html.escape(str(value))
    for tag in ("b", "i", "br"):
        text = text.replace(f"&lt;{tag}&gt;", f"<{tag}>").replace(f"&lt;/{tag}&gt;", f"</{tag}>")
    return text.replace("&lt;br /&gt;", "<br>").replace("&lt;br/&gt;", "<br>")


#: a title longer than this wraps onto further lines (at spaces): it fits a chart 560 px wide
#: (half an A4 landscape page, a phone on its side) instead of running off its right edge
TITLE_WIDTH = 60
TITLE_LINE = 24  # px a line of the title takes
TITLE_ROOM = 40  # px under the title's lines before the plot
#: bar labels never shrink below this (plotly shrinks a label to its bar's thickness)
BAR_TEXT_SIZE = 11


def _wrap_title(fig: dict) -> None:
    """A long title wraps at spaces, never cut at the chart's edge; the top margin grows by a
    line for each line it takes (a title already broken by its figure is left as it is)."""
    layout = fig.setdefault("layout", {})
    title = layout.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if not isinstance(text, str) or "<br>" in text or len(text) <= TITLE_WIDTH:
        return
    wrapped = wrap(text, TITLE_WIDTH)
    layout["title"] = {**(title if isinstance(title, dict) else {}), "text": wrapped}
    lines = wrapped.count("<br>") + 1
    margin = layout.setdefault("margin", {}) or {}
    layout["margin"] = margin
    margin["t"] = max(margin.get("t") or 0, TITLE_LINE * lines + TITLE_ROOM)


def _legible_bar_text(fig: dict) -> None:
    """Labels outside their bars keep a readable size: plotly would shrink each to its bar's
    thickness (grouped bars made them 7 px)."""
    for trace in fig.get("data", []):
        if trace.get("type") == "bar" and trace.get("textposition") == "outside":
            trace["constraintext"] = "none"
            font = trace.setdefault("textfont", {}) or {}
            trace["textfont"] = font
            if not isinstance(font.get("size"), (int, float)) or font["size"] < BAR_TEXT_SIZE:
                font["size"] = BAR_TEXT_SIZE


def finish(fig_dict: dict) -> dict:
    """The pack's finishing of a figure (a plotly figure as a dict), in place: money ticks,
    wrapped category labels and titles, bar labels never shrunk out of sight, no fixed width
    (figures fill the page and follow its width)."""
    layout = fig_dict.setdefault("layout", {})
    layout.pop("width", None)
    layout["autosize"] = True
    _room_for_labels(fig_dict)
    _finish_money_axes(fig_dict)
    _wrap_categories(fig_dict)
    _wrap_title(fig_dict)
    _legible_bar_text(fig_dict)
    return fig_dict


# In the pack's kernels (this variable set to "page"), the renderer leaves a placeholder where
# the ``notebook`` renderer would put plotly.js, and the pack puts plotly.js there as it writes
# the page (pack._export_html): 4.6 MB a page no longer goes through the kernel, the executed
# notebook and nbconvert. Anywhere else (JupyterLab, nbval) plotly.js is embedded as usual.
PLOTLY_JS_ENV = "COMMISSIONING_ANALYTICS_PLOTLY_JS"
PLOTLY_JS_PLACEHOLDER = "<!-- commissioning-analytics: plotly.js goes here -->"


class PackRenderer(NotebookRenderer):
    """The ``notebook`` renderer (plotly.js embedded once per page, offline) with every figure
    finished by :func:`finish`, and table-only figures shown as HTML tables."""

    def activate(self):
        if not (self.global_init and os.environ.get(PLOTLY_JS_ENV) == "page"):
            return super().activate()

        display_html(
            "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>"
            + PLOTLY_JS_PLACEHOLDER,
            raw=True,
        )

    def to_mimebundle(self, fig_dict):
        table = table_html(fig_dict)
        if table is not None:
            return {"text/html": table}
        return super().to_mimebundle(finish(fig_dict))


pio.renderers["pack"] = PackRenderer(config={"responsive": True, "displaylogo": False})


def configure_notebook() -> None:
    """Call once at the top of a pack notebook.

    Figures render with the ``pack`` renderer: the ``notebook`` renderer's output (HTML with
    plotly.js embedded once per page, which nbconvert keeps and which works offline; plotly 6's
    default mimetype is dropped by nbconvert, and ``notebook_connected`` needs the internet),
    with every figure finished the same way (:func:`finish`).
    """
    pio.templates.default = "plotly_white+nhs"
    pio.renderers.default = "pack"


pio.templates.default = "plotly_white+nhs"
