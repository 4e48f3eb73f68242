"""Which Chromium, Chrome or Edge prints the PDF board paper: found, or named by the user.

In this order:

1. ``COMMISSIONING_ANALYTICS_BROWSER``: a browser's path or a command on ``PATH``. Set, it is
   the only one tried (a wrong value is an error naming it, never a quiet fallback).
2. A command on ``PATH``: ``chromium``, ``chromium-browser``, ``google-chrome``,
   ``google-chrome-stable``, ``chrome``, ``microsoft-edge``, ``microsoft-edge-stable``,
   ``msedge``.
3. Where the installers put them:

   * Windows, per user first (Chrome installed without administrator rights goes under
     ``%LOCALAPPDATA%``), then for the machine (``%ProgramFiles%``, ``%ProgramFiles(x86)%``,
     ``%ProgramW6432%``): ``Google\\Chrome\\Application\\chrome.exe``,
     ``Microsoft\\Edge\\Application\\msedge.exe``, ``Chromium\\Application\\chrome.exe``;
   * macOS: ``~/Applications`` then ``/Applications`` (Google Chrome, Chromium, Microsoft Edge);
   * Linux: ``/opt/google/chrome/chrome``, ``/opt/microsoft/msedge/msedge``,
     ``/snap/bin/chromium``, ``/usr/lib/chromium/chromium`` (when not on ``PATH``).

Every function takes the environment, home folder and file-system root it looks in, so a test
can lay out a fake tree of paths; by default they are this machine's.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from .errors import UserError

BROWSER_ENV = "COMMISSIONING_ANALYTICS_BROWSER"
COMMANDS = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)
#: Windows: the folders installers use, per user first, by the variable that names them
WINDOWS_FOLDERS = ("LOCALAPPDATA", "PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432")
WINDOWS_BROWSERS = (
    ("Google", "Chrome", "Application", "chrome.exe"),
    ("Microsoft", "Edge", "Application", "msedge.exe"),
    ("Chromium", "Application", "chrome.exe"),
)
MACOS_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
LINUX_PATHS = (
    "opt/google/chrome/chrome",
    "opt/microsoft/msedge/msedge",
    "snap/bin/chromium",
    "usr/lib/chromium/chromium",
)


class NoBrowser(UserError):
    """No Chromium, Chrome or Edge to print with."""


def _env(env: Mapping[str, str] | None) -> dict[str, str]:
    # Windows spells its variables in any case (ProgramFiles); look them up in upper case
    return {k.upper(): v for k, v in (os.environ if env is None else env).items()}


def install_locations(
    env: Mapping[str, str] | None = None, *, home: Path | None = None, root: Path | None = None
) -> list[Path]:
    """Where installers put a browser, in the order they are tried (step 3 above)."""
    variables = _env(env)
    root = Path(root) if root is not None else Path(Path.cwd().anchor)
    home = Path(home) if home is not None else Path.home()
    places = [
        Path(variables[folder], *parts)
        for folder in WINDOWS_FOLDERS
        if variables.get(folder)
        for parts in WINDOWS_BROWSERS
    ]
    places += [
        base / app for base in (home / "Applications", root / "Applications") for app in MACOS_APPS
    ]
    places += [root / path for path in LINUX_PATHS]
    return list(dict.fromkeys(places))


def _named(value: str, path: str | None) -> str | None:
    if Path(value).expanduser().is_file():
        return str(Path(value).expanduser())
    return shutil.which(value, path=path)


def find_browser(
    env: Mapping[str, str] | None = None, *, home: Path | None = None, root: Path | None = None
) -> str | None:
    """The browser to print with (see the module for the order), or ``None`` when none is
    found or ``COMMISSIONING_ANALYTICS_BROWSER`` names none."""
    variables = _env(env)
    path = variables.get("PATH")
    named = variables.get(BROWSER_ENV, "").strip()
    if named:
        return _named(named, path)
    for command in COMMANDS:
        found = shutil.which(command, path=path)
        if found:
            return found
    return next((str(p) for p in install_locations(env, home=home, root=root) if p.is_file()), None)


def require_browser(
    env: Mapping[str, str] | None = None, *, home: Path | None = None, root: Path | None = None
) -> str:
    """:func:`find_browser`, or a one-line :class:`NoBrowser` error saying what to do."""
    browser = find_browser(env, home=home, root=root)
    if browser is not None:
        return browser
    named = _env(env).get(BROWSER_ENV, "").strip()
    if named:
        raise NoBrowser(
            f"{BROWSER_ENV}={named}: no such file or command, so no Chromium, Chrome or Edge "
            "to print the PDF board paper with (set it to the browser's full path, e.g. "
            r"C:\Program Files\Google\Chrome\Application\chrome.exe); the HTML pack needs none"
        )
    raise NoBrowser(
        "no Chromium, Chrome or Edge found to print the PDF board paper with (looked on PATH, "
        "in %LOCALAPPDATA% and Program Files, /Applications and /opt); install one, or set "
        f"{BROWSER_ENV} to a browser's path; the HTML pack needs none"
    )
