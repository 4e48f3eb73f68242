"""The commands beside ``pack`` that open everyday routes to it: ``html`` (one executed
notebook as an offline page, :mod:`.offline`) and ``explore`` (the explorer as a web page,
:mod:`.explore`).

Their parsers and handlers live here, so that ``cli`` registers them in two lines; this module
imports nothing heavy (the ``schemes`` command's start-up stays as it is).
"""

from __future__ import annotations

import argparse
from pathlib import Path

_RAW = argparse.RawDescriptionHelpFormatter


def add_commands(sub) -> None:
    """Add ``html`` and ``explore`` to the ``commissioning-analytics`` sub-parsers."""
    html = sub.add_parser(
        "html",
        formatter_class=_RAW,
        help="an executed notebook as one offline HTML page",
        description="""\
Write an executed notebook (a pack page run with papermill, say) as one HTML page that opens
offline: the pack's look, code hidden, plotly.js embedded once, nothing loaded from the
network (no require.js or MathJax from a CDN). A notebook executed with
COMMISSIONING_ANALYTICS_PLOTLY_JS=page (plotly.js left out of it) gets this environment's copy.

exit status: 0 written; 2 no such notebook, or not a notebook.""",
        epilog="""\
examples:
  papermill notebooks/10_savings_curves.ipynb 10.ipynb -p period 2026-10 -p data_dir my-data
  commissioning-analytics html 10.ipynb                 # writes 10.html beside it
  commissioning-analytics html 10.ipynb -o board/10_savings_curves.html""",
    )
    html.add_argument("notebook", type=Path, metavar="NOTEBOOK", help="the executed notebook")
    html.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="OUT.html",
        help="where to write the page (default: NOTEBOOK with .html)",
    )
    html.add_argument(
        "--show-code",
        action="store_true",
        dest="show_code",
        help="keep the code cells, prompts and stderr (hidden by default, as in the pack)",
    )


def _html(args) -> int:
    from .offline import export_page

    export_page(args.notebook, args.out, show_code=args.show_code)
    return 0


COMMANDS = {"html": _html}
