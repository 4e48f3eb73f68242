"""The README's Layout section matches the tree: every module and package of the library, of
its model/ and io/ layers, and every script is named there (issue 19: "The README's layout
section matches the tree")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "commissioning_analytics"


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n\n```\n(.*?)^```", readme, re.S | re.M)
    assert match, "README has no Layout section with a tree"
    return match.group(1)


def _names(folder: Path) -> set[str]:
    """Modules (by stem) and packages of ``folder``, private and dunder files aside."""
    found = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")}
    found |= {p.name for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    return found


@pytest.mark.parametrize("folder", ["", "model", "io"])
def test_every_module_of_the_library_is_named_in_the_layout(folder):
    words = set(re.findall(r"[a-z_]+", _layout()))
    missing = sorted(_names(PACKAGE / folder) - words)
    assert missing == [], f"README Layout does not name {folder or 'the package'}'s {missing}"


def test_every_script_and_top_folder_is_named_in_the_layout():
    words = set(re.findall(r"[a-z_-]+", _layout()))
    scripts = {p.stem for p in (ROOT / "scripts").iterdir() if p.suffix in (".py", ".cmd")}
    assert sorted(scripts - words) == []
    assert {"notebooks", "tests", "benchmarks", "scripts", "docs"} <= words
