"""The pack as one PDF board paper, printed by the system's Chromium (or Chrome, or Edge).

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

from pypdf import PdfWriter

from ..browsers import BROWSER_ENV, NoBrowser, find_browser, require_browser  # noqa: F401
from ..errors import UserError

#: milliseconds of (virtual) time the page's scripts get to draw every chart before printing
SCRIPT_BUDGET_MS = 20000
TIMEOUT_S = 180


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
    pages: list[Path], out: Path, *, browser: str | None = None, title: str = ""
) -> Path:
    """Print ``pages`` in order (the board summary first) and join them into one PDF at
    ``out``, written next to it and moved into place (never half a file).

    Returns:
        ``out``.
    """

    browser = browser or require_browser()
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="ca-pdf-") as scratch:
        printed = [
            print_page(page, Path(scratch) / f"{i:02d}.pdf", browser=browser)
            for i, page in enumerate(pages)
        ]
        writer = PdfWriter()
        for path, page in zip(printed, pages):
            start = len(writer.pages)
            writer.append(str(path))
            writer.add_outline_item(title=_page_title(page), page_number=start)
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


def _page_title(page: Path) -> str:

    text = page.read_text(encoding="utf-8", errors="replace")[:20000]
    found = re.search(r"<title>(.*?)</title>", text, re.S)

    return html.unescape(found.group(1)).split(" · ")[0].strip() if found else page.stem


if __name__ == "__main__":  # python -m commissioning_analytics.pack.pdf OUT.pdf PAGE.html...
    sys.exit(board_paper([Path(p) for p in sys.argv[2:]], Path(sys.argv[1])) and 0)
