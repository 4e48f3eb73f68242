"""The month's commentary: what the programme's leads say about each page and each scheme.

A data folder may hold ``commentary/<period>.md`` or ``commentary/<period>.yml``
(``commentary/2026-10.md``); it is optional, and the board summary says when it is missing.

Markdown: one level-2 heading per page or scheme, the commentary under it::

    ## Summary
    Forecast outturn fell by £120k since September: the MSK scheme slipped a quarter.

    ## Savings curves
    ...

    ## Scheme 12
    Procurement delayed; go-live now January.

A heading names a page by its title or its notebook name (``Savings curves``,
``10_savings_curves``, ``savings_curves``; ``Summary`` for the board summary) or a scheme by
``Scheme <No>`` (the register's scheme number). YAML says the same as two mappings::

    pages:
      summary: Forecast outturn fell by £120k since September ...
      savings_curves: ...
    schemes:
      "12": Procurement delayed; go-live now January.

Commentary text is Markdown; any HTML in it is shown as text, never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UserError

SUMMARY = "summary"
_SCHEME = re.compile(r"^\s*scheme\s+(?:no\.?\s*)?([A-Za-z0-9./-]+)\s*[:\-–]?.*$", re.I)


def page_key(name: str) -> str:
    """``"10_savings_curves"``, ``"Savings curves"``, ``"savings-curves"`` -> ``"savings_curves"``."""
    key = re.sub(r"^\d+[_\s-]*", "", str(name).strip().lower())
    return re.sub(r"[^a-z0-9]+", "_", key).strip("_") or SUMMARY


@dataclass
class Commentary:
    """The month's commentary by page key (:func:`page_key`) and by scheme number."""

    source: Path | None = None
    pages: dict[str, str] = field(default_factory=dict)
    schemes: dict[str, str] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return self.source is not None

    def page(self, name: str) -> str:
        return self.pages.get(page_key(name), "")

    def scheme(self, scheme_id) -> str:
        return self.schemes.get(str(scheme_id).strip(), "")


def commentary_file(data_dir: str | Path, period: str) -> Path | None:
    """``commentary/<period>.md`` (or ``.yml``/``.yaml``) of a data folder, if there is one."""
    folder = Path(data_dir) / "commentary"
    for suffix in (".md", ".yml", ".yaml"):
        path = folder / f"{period}{suffix}"
        if path.is_file():
            return path
    return None


def parse_markdown(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Pages and schemes from level-2 headings (see the module docstring); text before the
    first heading is the summary's."""
    pages: dict[str, str] = {}
    schemes: dict[str, str] = {}
    key, kind, lines = SUMMARY, "page", []

    def flush():
        body = "\n".join(lines).strip()
        if body:
            target = schemes if kind == "scheme" else pages
            target[key] = (target.get(key, "") + "\n\n" + body).strip()

    for line in text.splitlines():
        heading = re.match(r"^##\s+(.+?)\s*#*\s*$", line)
        if heading:
            flush()
            lines = []
            scheme = _SCHEME.match(heading.group(1))
            kind, key = (
                ("scheme", scheme.group(1)) if scheme else ("page", page_key(heading.group(1)))
            )
            continue
        if re.match(r"^#\s", line) and not pages and not lines:
            continue  # a document title
        lines.append(line)
    flush()
    return pages, schemes


def load_commentary(data_dir: str | Path, period: str) -> Commentary:
    """The month's commentary of a data folder; empty (``found`` False) when there is none.

    Raises:
        UserError: a commentary file that cannot be read (naming the file).
    """
    path = commentary_file(data_dir, period)
    if path is None:
        return Commentary()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"{path}: cannot be read as UTF-8 text ({error})") from None
    if path.suffix == ".md":
        pages, schemes = parse_markdown(text)
        return Commentary(path, pages, schemes)
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise UserError(f"{path}{where}: not valid YAML") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}: expected 'pages:' and 'schemes:' mappings")
    pages = data.get("pages") or {}
    schemes = data.get("schemes") or {}
    if not isinstance(pages, dict) or not isinstance(schemes, dict):
        raise UserError(f"{path}: 'pages' and 'schemes' must each map a name to its text")
    return Commentary(
        path,
        {page_key(k): str(v).strip() for k, v in pages.items() if v},
        {str(k).strip(): str(v).strip() for k, v in schemes.items() if v},
    )


def to_html(text: str) -> str:
    """Commentary Markdown as HTML, any raw HTML in it escaped."""
    import mistune

    return mistune.create_markdown(escape=True)(text or "")
