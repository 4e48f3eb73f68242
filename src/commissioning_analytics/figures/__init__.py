"""Figures: tidy frame in, plotly Figure out; saving and showing are the caller's job.

Shared look for every page: NHS identity colours, RAG shown with words as well as colour, money
in £k/£m. Domain modules (``figures.savings``, ``figures.scenarios``, ``figures.plans``,
``figures.deflection``) build on these.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

from ..style import (NHS_AQUA_GREEN, NHS_BLUE, NHS_BRIGHT_BLUE, NHS_DARK_BLUE,  # noqa: F401
                     NHS_DARK_GREY, NHS_GREEN, NHS_LIGHT_BLUE, NHS_MID_GREY, NHS_ORANGE,
                     NHS_PALE_GREY, NHS_PINK, NHS_PURPLE, NHS_RED, NHS_WARM_YELLOW, RAG_COLOURS,
                     RAG_ORDER, money)

SERIES_COLOURS = [NHS_BLUE, NHS_AQUA_GREEN, NHS_ORANGE, NHS_PURPLE, NHS_LIGHT_BLUE,
                  NHS_PINK, NHS_DARK_GREY, NHS_WARM_YELLOW, NHS_DARK_BLUE, NHS_GREEN]

pio.templates["nhs"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family="Arial, Helvetica, sans-serif", size=13, color=NHS_DARK_GREY),
        colorway=SERIES_COLOURS,
        title=dict(font=dict(size=17, color=NHS_DARK_BLUE), x=0.0, xanchor="left"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=dict(gridcolor=NHS_PALE_GREY, linecolor=NHS_MID_GREY),
        yaxis=dict(gridcolor=NHS_PALE_GREY, linecolor=NHS_MID_GREY, zerolinecolor=NHS_MID_GREY),
        legend=dict(orientation="h", yanchor="top", y=-0.15),
        margin=dict(l=70, r=30, t=70, b=70),
    )
)


def rag_label(rag: str | None) -> str:
    """A RAG rating in words (never colour alone): ``"amber"`` -> ``"Amber"``."""
    return str(rag).capitalize() if rag else "Not rated"


def configure_notebook() -> None:
    """Call once at the top of a pack notebook.

    Figures render with the ``notebook`` renderer: their output carries HTML with plotly.js
    embedded once per page, which nbconvert keeps and which works offline (plotly 6's default
    mimetype is dropped by nbconvert, and ``notebook_connected`` needs the internet).
    """
    pio.templates.default = "plotly_white+nhs"
    pio.renderers.default = "notebook"


pio.templates.default = "plotly_white+nhs"
