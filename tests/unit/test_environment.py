"""environment.yml (conda-forge) and pyproject.toml name the same packages and bounds."""

import re
import tomllib
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def _requirements(lines):
    out = {}
    for line in lines:
        name, bound = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", line).groups()
        out[name.lower().replace("_", "-")] = bound.replace(" ", "")
    return out


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_side = _requirements(project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda_side = _requirements(
        d
        for d in env["dependencies"]
        if isinstance(d, str) and not re.match(r"(?:python|pip)(?:[=<> ]|$)", d)
    )
    assert conda_side == pip_side


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version.strip()
    return pins


def test_the_lock_pins_every_dependency_within_pyproject_bounds():
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _lock()
    for text in project["dependencies"] + project["optional-dependencies"]["dev"]:
        requirement = Requirement(text)
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is declared in pyproject.toml but not pinned (make lock)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{name}=={pins[name]} in requirements.lock is outside pyproject's {requirement}"
        )


def test_setup_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    install = next(line for line in makefile.splitlines() if "pip install" in line and "-e" in line)
    assert "-c requirements.lock" in install
    assert re.search(r"^\$\(STAMP\): pyproject\.toml requirements\.lock$", makefile, re.M)
