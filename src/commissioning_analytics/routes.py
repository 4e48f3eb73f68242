"""The commands beside ``pack`` that open everyday routes to it: ``html`` (one executed
notebook as an offline page, :mod:`.offline`), ``explore`` (the explorer as a web page,
:mod:`.explore`) and ``docx`` (a built pack's board summary in the trust's Word template,
:mod:`.pack.docx`).

Their parsers and handlers live here, so that ``cli`` registers them in two lines; this module
imports nothing heavy (the ``schemes`` command's start-up stays as it is).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .explore import DEFAULT_HOST, DEFAULT_PORT

_RAW = argparse.RawDescriptionHelpFormatter


def _share(text: str) -> float:
    try:
        value = float(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a share such as 0.98 or 98%"
        ) from None
    if not 0 <= value <= 1.5:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a share between 0 and 1")
    return value


def add_verdict_arguments(parser: argparse.ArgumentParser, lead: str = "") -> None:
    """``--on-track`` and ``--at-risk``: the verdict's rule, for ``pack`` and ``docx`` alike."""
    parser.add_argument(
        "--on-track",
        type=_share,
        default=0.98,
        metavar="SHARE",
        dest="on_track",
        help=f"{lead}verdict 'on track' when the outturn is at least this share of the "
        "plan (default: 0.98)",
    )
    parser.add_argument(
        "--at-risk",
        type=_share,
        default=0.90,
        metavar="SHARE",
        dest="at_risk",
        help="verdict 'at risk' when at least this share, else 'off track' (default: 0.90)",
    )


def verdict_rule(args):
    """The :class:`~commissioning_analytics.model.verdict.VerdictRule` of the options above;
    refused when ``--at-risk`` is above ``--on-track``."""
    from .errors import UserError
    from .model.verdict import VerdictRule

    if args.at_risk > args.on_track:
        raise UserError(f"--at-risk {args.at_risk:g} is above --on-track {args.on_track:g}")
    return VerdictRule(on_track=args.on_track, at_risk=args.at_risk)


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

    explore = sub.add_parser(
        "explore",
        formatter_class=_RAW,
        help="serve the explorer as a web page (Voila)",
        description="""\
Serve notebooks/explorer.ipynb as a web page with Voila: the RAG weights, ramp, reporting month
and changes in delivery redraw the savings curve and totals, with no Jupyter and no code shown.
The month is read first: a mistake in the data folder is exit 2, before anything is served.
Each visitor gets a kernel of their own; nothing they do changes the register or a pack.
Options after -- go to Voila (e.g. -- --Voila.base_url=/explorer/ behind a proxy).

exit status: 0 stopped with Ctrl-C; 2 a mistake in the input or a port in use; else Voila's.""",
        epilog="""\
examples:
  commissioning-analytics explore                          # data/raw, http://localhost:8866/
  commissioning-analytics explore --data my-data --period 2026-10 --port 8900
  commissioning-analytics explore --data /srv/savings/data --host 0.0.0.0 --no-browser""",
    )
    explore.add_argument(
        "--data",
        type=Path,
        default=Path("data/raw"),
        metavar="DIR",
        help="data folder holding the register and actuals (default: data/raw)",
    )
    explore.add_argument(
        "--period",
        metavar="YYYY-MM",
        help="reporting month it opens on (default: the latest complete month with actuals)",
    )
    explore.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"port to serve on (default: {DEFAULT_PORT})",
    )
    explore.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="ADDR",
        help=f"address to serve on: {DEFAULT_HOST} this machine only (default), 0.0.0.0 the "
        "network",
    )
    explore.add_argument(
        "--no-browser",
        action="store_false",
        dest="open_browser",
        help="do not open a browser on this machine (a server)",
    )
    word = sub.add_parser(
        "docx",
        formatter_class=_RAW,
        help="a built pack's board summary as a Word document",
        description="""\
Write a built month's board summary as a Word document in the trust's template (its styles,
page setup, header and footer): cover sheet (from the commentary's '## Cover' section),
verdict, bridge, movement, trajectory, decisions, top risks, next year, credibility. Every
figure is read from the pack's summary.json: the figures of the summary page and workbook.

exit status: 0 written; 2 no built pack there, or the template is not a .docx.""",
        epilog="""\
examples:
  commissioning-analytics docx outputs/2026-10
  commissioning-analytics docx outputs/2026-10 --template our-board-template.docx -o paper.docx""",
    )
    word.add_argument("pack_dir", type=Path, metavar="PACK", help="a built pack: OUT/<period>")
    word.add_argument(
        "--template", type=Path, metavar="FILE.docx", help="the Word template (default: shipped)"
    )
    word.add_argument(
        "--data",
        type=Path,
        default=Path("data/raw"),
        metavar="DIR",
        help="the data folder whose commentary gives the cover sheet (default: data/raw)",
    )
    word.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="OUT.docx",
        help="default: PACK/board-summary-<period>.docx",
    )
    add_verdict_arguments(word, "the verdict's rule the pack was built with: ")
    explore.add_argument(
        "voila", nargs=argparse.REMAINDER, help="after --: options passed to Voila as they are"
    )


def _html(args) -> int:
    from .offline import export_page

    export_page(args.notebook, args.out, show_code=args.show_code)
    return 0


def _explore(args) -> int:
    import re

    from .errors import UserError
    from .explore import serve

    if args.period and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.period):
        raise UserError(f"--period {args.period!r}: expected a month as YYYY-MM, e.g. 2026-10")
    extra = args.voila[1:] if args.voila[:1] == ["--"] else args.voila
    return serve(
        args.data,
        period=args.period,
        host=args.host,
        port=args.port,
        open_browser=args.open_browser,
        extra=extra,
    )


def _docx(args) -> int:
    from .pack.docx import write_docx

    path, _notes = write_docx(
        args.pack_dir,
        template=args.template,
        data_dir=args.data,
        verdict=verdict_rule(args),
        out=args.out,
    )
    print(f"written {path}")
    return 0


COMMANDS = {"html": _html, "explore": _explore, "docx": _docx}
