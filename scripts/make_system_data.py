"""A sample system data folder (issue 22): three organisations of one fictional system.

    .venv/bin/python scripts/make_system_data.py OUT_DIR [--schemes N] [--organisations K]

writes ``OUT_DIR/organisations/<code>/``, each a complete data folder, and
``OUT_DIR/organisations.yml`` (display name and kind of each):

* ``NF-ICB``: the shipped sample (``data/raw``: 30 schemes, actuals, plans, deflection,
  scenarios, commentary, history), NHS Northfield ICB;
* ``NF-TRUST``: Northfield Hospitals NHS Trust, 12 synthetic schemes (``make_scale_data``'s
  shape, scheme numbers 1001...) with actuals, plans and deflection; its scheme 1004 has the
  name and theme of the ICB's "Virtual ward for frail older people" (Integrated Care): the same
  saving counted twice, found by name and theme;
* ``NF-COUNCIL``: Northfield City Council, 8 synthetic schemes (numbers 2001...) with actuals
  but no plans and no deflection; its first scheme carries the trust's scheme 1003's plan
  reference (``QIPP-26-01003``) under another name: found by the shared plan reference.

With ``--schemes N --organisations K`` (``make bench``) it writes K synthetic organisations of N
schemes each instead (``ORG01``...), every one with its own scheme numbers, so none is a double
count of another. Same arguments, same figures.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import make_scale_data as scale  # noqa: E402

SAMPLE = ROOT / "data" / "raw"
SHARED_NAME = ("Integrated Care", "Virtual ward for frail older people")
ORGANISATIONS_YML = """\
# Display name and kind (ICB, trust, council) of each organisation in organisations/.
NF-ICB:
  name: NHS Northfield ICB
  kind: ICB
NF-TRUST:
  name: Northfield Hospitals NHS Trust
  kind: trust
NF-COUNCIL:
  name: Northfield City Council
  kind: council
"""


def numbered(n: int, seed: int, first: int) -> dict[str, np.ndarray]:
    """``make_scale_data.schemes`` renumbered from ``first`` (scheme numbers, names and plan
    references then differ from every other organisation's)."""
    s = scale.schemes(n, seed)
    s["no"] = np.arange(first, first + n)
    s["scheme"] = np.array(
        [re.sub(r" \(\d+\)$", f" ({no})", name) for name, no in zip(s["scheme"], s["no"])]
    )
    return s


def synthetic(folder: Path, s: dict, *, plans: bool = True, deflection: bool = True) -> Path:
    """One organisation's data folder from the schemes ``s``."""
    folder.mkdir(parents=True, exist_ok=True)
    scale.write_register(folder / "qipp_register.xlsx", s)
    scale.write_actuals(folder / "qipp_actuals.xlsx", s)
    if plans:
        scale.write_plans(folder / "plans", s)
    if deflection and (SAMPLE / "deflection").is_dir():
        shutil.copytree(SAMPLE / "deflection", folder / "deflection", dirs_exist_ok=True)
    return folder


def sample_system(out_dir: Path) -> Path:
    """The three-organisation sample (see the module docstring)."""
    orgs = Path(out_dir) / "organisations"
    orgs.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLE, orgs / "NF-ICB", dirs_exist_ok=True)
    trust = numbered(12, 2032, 1001)
    trust["theme"][3], trust["scheme"][3] = SHARED_NAME  # scheme 1004: the ICB's virtual ward
    synthetic(orgs / "NF-TRUST", trust)
    council = numbered(8, 2028, 2001)
    council["no"][0] = 1003  # the trust's scheme 1003's plan reference: QIPP-26-01003
    council["scheme"][0] = "Joint reablement: council share"
    council["theme"][0] = "Integrated Care"
    synthetic(orgs / "NF-COUNCIL", council, plans=False, deflection=False)
    (Path(out_dir) / "organisations.yml").write_text(ORGANISATIONS_YML, encoding="utf-8")
    return Path(out_dir)


def scale_system(out_dir: Path, n: int, k: int) -> Path:
    """``k`` synthetic organisations of ``n`` schemes each, no scheme in two of them."""
    orgs = Path(out_dir) / "organisations"
    for i in range(1, k + 1):
        s = numbered(n, 2026 + i, i * 100_000 + 1)
        synthetic(orgs / f"ORG{i:02d}", s)
    return Path(out_dir)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--schemes", type=int, default=0, help="synthetic: schemes each")
    parser.add_argument("--organisations", type=int, default=0, help="synthetic: how many")
    args = parser.parse_args(argv[1:])
    if args.schemes and args.organisations:
        print(scale_system(args.out_dir, args.schemes, args.organisations))
    else:
        print(sample_system(args.out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
