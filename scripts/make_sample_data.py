"""Regenerate the shipped sample workbooks in data/raw/ (fictional: NHS Northfield ICB).

Each domain has a module in scripts/sample_data/ with ``write(out_dir: Path) -> list[Path]``;
the data are drawn from fixed seeds, so a rerun gives the same figures.

    .venv/bin/python scripts/make_sample_data.py [OUT_DIR]
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = ("register", "plans", "deflection")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "data" / "raw"
    sys.path.insert(0, str(ROOT / "scripts"))
    for domain in DOMAINS:
        try:
            module = importlib.import_module(f"sample_data.{domain}")
        except ModuleNotFoundError:
            continue
        for path in module.write(out_dir):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
