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
