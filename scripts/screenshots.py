"""Regenerate docs/screenshots/: every page of the sample pack at 1400 px wide (the top 2000 px
of each, as a director's browser opens it) and every page of the printed board paper.

    .venv/bin/python scripts/screenshots.py [--pack OUT/PERIOD]

Without ``--pack`` the sample pack is built (with ``--pdf``) into a temporary folder first.
Needs Chromium (``commissioning_analytics.browsers``); the printed pages are drawn from the PDF
with pypdfium2 and Pillow (the dev extras: used by this script only).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1400, 2000
PRINT_SCALE = 1.2  # 842 x 595 pt A4 landscape -> about 1010 x 714 px


def screenshot(browser: str, page: Path, png: Path, width: int = WIDTH) -> None:
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            f"--window-size={width},{HEIGHT}",
            "--virtual-time-budget=15000",
            f"--screenshot={png}",
            page.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def printed(pdf: Path, out: Path) -> list[Path]:
    import pypdfium2 as pdfium  # this script's own dependency, not the package's

    document, written = pdfium.PdfDocument(str(pdf)), []
    for i in range(len(document)):
        png = out / f"print-{i + 1:02d}.png"
        image = document[i].render(scale=PRINT_SCALE).to_pil().convert("P", palette=1, colors=128)
        image.save(png, optimize=True)
        written.append(png)
    return written


def build_sample(folder: Path) -> Path:
    data = folder / "data"
    shutil.copytree(ROOT / "data" / "raw", data)
    cli = [sys.executable, "-m", "commissioning_analytics", "pack", "--period", "2026-10"]
    subprocess.run(
        [*cli, "--data", str(data), "--out", str(folder / "out"), "--pdf"], check=True, cwd=ROOT
    )
    return folder / "out" / "2026-10"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, help="a built pack folder (OUT/PERIOD)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from commissioning_analytics.browsers import require_browser

    browser = require_browser()
    with tempfile.TemporaryDirectory(prefix="ca-shots-") as scratch:
        pack = args.pack or build_sample(Path(scratch))
        for old in OUT.glob("*.png"):
            old.unlink()
        OUT.mkdir(parents=True, exist_ok=True)
        pages = [pack / "index.html"] + sorted(pack.glob("[0-9][0-9]_*.html"))
        for page in pages:
            screenshot(browser, page, OUT / f"{page.stem}.png")
            print(OUT / f"{page.stem}.png")
        for pdf in pack.glob("board-paper-*.pdf"):
            for png in printed(pdf, OUT):
                print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
