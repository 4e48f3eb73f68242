"""Reading the YAML files users write (scenarios, mapping files, risk.yml): safely, one line per mistake.

:func:`load_yaml` is PyYAML's safe loader with the limits a file typed by an analyst never
reaches, so that a hostile or broken file is refused quickly with one line naming the file and
line, as a :class:`~commissioning_analytics.errors.ConfigError`:

* at most :data:`MAX_YAML_BYTES` (1 MB) and :data:`MAX_DEPTH` levels of nesting;
* no anchors (``&name``) or aliases (``*name``): an "alias bomb" of a few hundred bytes
  expands to gigabytes; they are refused as soon as the parser meets one, before anything is
  built (merge keys ``<<: *x`` use aliases, so they are refused too);
* UTF-8 text (a byte-order mark is fine); a file saved in another encoding (Windows-1252 from
  Notepad) is named with the line of the first byte that is not UTF-8;
* numbers that are finite and at most :data:`MAX_NUMBER` in size (no ``.inf``/``.nan``, no
  ``100000000000000000000`` months): no setting in these files is anywhere near that.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

from .errors import ConfigError, Problem

MAX_YAML_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NUMBER = 1e15
_MAX_MESSAGE = 160


def _line(mark) -> str:
    return f" at line {mark.line + 1}" if mark is not None else ""


class _Refused(Exception):
    def __init__(self, message: str, mark=None):
        super().__init__(message)
        self.mark = mark


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader refusing anchors, aliases, deep nesting and non-finite or huge numbers."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                "anchors and aliases (&name, *name) are not allowed in this file; "
                "write each value out",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise _Refused(
                f"{node.value!r} is not a usable number (finite, at most {MAX_NUMBER:.0e})",
                node.start_mark,
            )
        return value

    def construct_yaml_int(self, node):
        value = super().construct_yaml_int(node)
        if abs(value) > MAX_NUMBER:
            raise _Refused(
                f"{node.value!r} is not a usable number (at most {MAX_NUMBER:.0e})", node.start_mark
            )
        return value


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


def _short(text: object) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE] + "..."


def parse_yaml(text: str, source: str) -> object:
    """Parse YAML text with the limits above; ``source`` names it in errors.

    Raises:
        ConfigError: one problem naming ``source`` and the line.
    """
    if len(text) > MAX_YAML_BYTES:
        raise ConfigError(
            Problem(
                source, f"larger than {MAX_YAML_BYTES // 1000} kB; a settings file is a few lines"
            )
        )
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except _Refused as error:
        raise ConfigError(Problem(source, f"refused{_line(error.mark)}: {error}")) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "not YAML"
        raise ConfigError(Problem(source, f"not valid YAML{_line(mark)}: {_short(what)}")) from None
    except (yaml.YAMLError, RecursionError, MemoryError) as error:
        raise ConfigError(
            Problem(source, f"not valid YAML: {_short(error) or type(error).__name__}")
        ) from None


def load_yaml(path: str | Path) -> object:
    """A user's YAML file, parsed with the limits above (``None`` for an empty file).

    Raises:
        ConfigError: one problem naming the file (as given) and, where there is one, the line:
            missing or unreadable, too large, not UTF-8, not YAML, or refused.
    """
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_YAML_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(Problem(source, "no such file")) from None
    except IsADirectoryError:
        raise ConfigError(Problem(source, "is a folder, expected a YAML file")) from None
    except OSError as error:
        raise ConfigError(Problem(source, f"cannot read: {error.strerror or error}")) from None
    if len(data) > MAX_YAML_BYTES:
        raise ConfigError(
            Problem(
                source, f"larger than {MAX_YAML_BYTES // 1000} kB; a settings file is a few lines"
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError(
            Problem(
                source,
                f"not UTF-8 text at line {line} (byte 0x{data[error.start]:02x}); save it "
                "as UTF-8 (in Notepad: Save as, Encoding UTF-8)",
            )
        ) from None
    return parse_yaml(text, source)
