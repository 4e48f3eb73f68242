"""Scenario files: one read, a folder's read (every problem of every file at once), one found by
name."""

from __future__ import annotations

from pathlib import Path

import yaml

from ...errors import ConfigError, Problem
from ...safe_yaml import load_yaml
from .define import Scenario


def load_scenario(path: str | Path) -> Scenario:
    """One scenario from a YAML file (name defaults to the file's stem).

    Raises:
        ConfigError: naming the file and every bad key.
    """
    path = Path(path)
    try:
        mapping = load_yaml(path)  # UTF-8, no aliases, finite numbers: one-line ConfigError
    except OSError as error:
        raise ConfigError(Problem(str(path), f"cannot read: {error.strerror or error}")) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        what = getattr(error, "problem", None) or error
        raise ConfigError(Problem(str(path), f"not valid YAML{at}: {what}")) from None
    return Scenario.from_mapping(mapping, source=str(path), default_name=path.stem)


def load_scenarios(paths: str | Path | list[Path]) -> list[Scenario]:
    """Every scenario of a folder (``*.yml``, ``*.yaml``) or list of files, by file name.

    Raises:
        ConfigError: every problem of every file at once (and duplicate names).
    """
    if isinstance(paths, (str, Path)):
        folder = Path(paths)
        paths = (
            sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        )
    problems: list[Problem | str] = []
    scenarios: list[Scenario] = []
    for path in paths:
        try:
            scenarios.append(load_scenario(path))
        except ConfigError as error:
            problems.extend(error.problems)
    seen: dict[str, str] = {}
    for s in scenarios:
        if s.name.lower() in seen:
            problems.append(
                Problem(
                    str(s.source), f"name: {s.name!r} is also the name of {seen[s.name.lower()]}"
                )
            )
        seen[s.name.lower()] = str(s.source)
    if problems:
        raise ConfigError(problems)
    return scenarios


def find_scenario(scenarios: list[Scenario], name: str) -> Scenario:
    """The scenario whose file stem or name is ``name`` (case-insensitive).

    Raises:
        ConfigError: naming the scenarios there are.
    """
    wanted = name.strip().lower()
    for s in scenarios:
        if wanted in (s.key.lower(), s.name.lower()):
            return s
    known = ", ".join(s.key for s in scenarios) or "none"
    raise ConfigError(f"scenario {name!r}: no such scenario (there are: {known})")
