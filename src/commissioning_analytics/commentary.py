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

Commentary is optional, so it never stops the pack: a file that is not UTF-8 is read as
Windows-1252 (Notepad's and Word's "ANSI") with a note; YAML that is not valid or not of that
shape is left out with a note; a heading that names no page of the pack or no scheme of the
register is named (:meth:`Commentary.unplaced`). The notes are the pack's exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SUMMARY = "summary"
#: the Word paper's cover sheet (pack/docx.py reads it): a section of the file, not of a page
COVER = "cover"
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
    problems: list[str] = field(default_factory=list)  # what was not read, or read how
    headings: dict[str, str] = field(default_factory=dict)  # page key -> heading as written

    @property
    def found(self) -> bool:
        return self.source is not None

    def page(self, name: str) -> str:
        return self.pages.get(page_key(name), "")

    def scheme(self, scheme_id) -> str:
        return self.schemes.get(str(scheme_id).strip(), "")

    def unplaced(self, page_keys: Iterable[str], scheme_ids: Iterable[object]) -> list[str]:
        """One line for each piece of commentary the pack has nowhere to show: a heading that
        names none of ``page_keys`` (``summary`` always counts), a scheme not in
        ``scheme_ids``."""
        if self.source is None:
            return []
        pages = {page_key(k) for k in page_keys} | {SUMMARY}
        known = pages | {COVER}
        ids = {str(i).strip() for i in scheme_ids}
        where = self.source.name
        out = [
            f"{where}: the heading {self.headings.get(key, key)!r} names no page of the pack "
            f"(pages: {', '.join(sorted(pages))}); its commentary is not shown"
            for key in self.pages
            if key not in known
        ]
        out += [
            f"{where}: scheme {scheme_id!r} is not in the register; its commentary is not shown"
            for scheme_id in self.schemes
            if scheme_id not in ids
        ]
        return out


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
    pages, schemes, _ = _parse_markdown(text)
    return pages, schemes


def _parse_markdown(text: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    pages: dict[str, str] = {}
    schemes: dict[str, str] = {}
    headings: dict[str, str] = {}
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
            if kind == "page":
                headings.setdefault(key, heading.group(1))
            continue
        if re.match(r"^#\s", line) and not pages and not lines:
            continue  # a document title
        lines.append(line)
    flush()
    return pages, schemes, headings


def read_text(path: Path) -> tuple[str, list[str]]:
    """A text file a person wrote: UTF-8 (with or without a byte-order mark), else
    Windows-1252 (Notepad's and Word's "ANSI", where £ is byte 0xA3) with a note.

    Raises:
        OSError: the file cannot be opened.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    note = f"{path.name}: not UTF-8; read as Windows-1252 (save it as UTF-8 to be sure of £ and quotes)"
    return data.decode("cp1252", errors="replace"), [note]


def load_commentary(data_dir: str | Path, period: str) -> Commentary:
    """The month's commentary of a data folder; empty (``found`` False) when there is none.

    Never raises for what the file holds: a file that cannot be read, or YAML that is not
    valid or of the wrong shape, gives a commentary with no text and a line in ``problems``
    naming the file (the pack is built, and says so among its exceptions).
    """
    path = commentary_file(data_dir, period)
    if path is None:
        return Commentary()
    try:
        text, problems = read_text(path)
    except OSError as error:
        return Commentary(
            path, problems=[f"{path.name}: cannot be read ({error.strerror}); left out"]
        )
    if path.suffix == ".md":
        pages, schemes, headings = _parse_markdown(text)
        return Commentary(path, pages, schemes, problems, headings)
    try:
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        return Commentary(
            path,
            problems=[*problems, f"{path.name}{where}: not valid YAML; the commentary is left out"],
        )
    pages = data.get("pages") if isinstance(data, dict) else None
    schemes = data.get("schemes") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or not isinstance(pages or {}, dict)
        or not isinstance(schemes or {}, dict)
    ):
        return Commentary(
            path,
            problems=[
                *problems,
                f"{path.name}: expected 'pages:' and 'schemes:', each mapping a name to its "
                "text; the commentary is left out",
            ],
        )
    pages, schemes = pages or {}, schemes or {}
    unknown = [str(k) for k in data if str(k) not in ("pages", "schemes")]
    if unknown:
        problems.append(
            f"{path.name}: key(s) {', '.join(unknown)} not read (expected pages: and schemes:)"
        )
    return Commentary(
        path,
        {page_key(k): str(v).strip() for k, v in pages.items() if v},
        {str(k).strip(): str(v).strip() for k, v in schemes.items() if v},
        problems,
        {page_key(k): str(k) for k in pages},
    )


def to_html(text: str) -> str:
    """Commentary Markdown as HTML, any raw HTML in it escaped."""
    import mistune

    return mistune.create_markdown(escape=True)(text or "")
