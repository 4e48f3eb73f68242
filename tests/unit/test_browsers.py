"""Browser discovery for the PDF board paper, on fake trees of Windows, macOS and Linux paths."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from commissioning_analytics.browsers import (
    BROWSER_ENV,
    NoBrowser,
    find_browser,
    install_locations,
    require_browser,
)

pytestmark = pytest.mark.unit


def _install(path: Path) -> Path:
    """A stand-in browser file at ``path`` (executable, so ``which`` accepts it on PATH)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def machine(tmp_path):
    """An empty fake machine: Windows' folders named as Windows names them, no PATH."""
    env = {
        "PATH": "",
        "LocalAppData": str(tmp_path / "Users" / "ann" / "AppData" / "Local"),
        "ProgramFiles": str(tmp_path / "Program Files"),
        "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)"),
    }
    return {"env": env, "home": tmp_path / "home" / "ann", "root": tmp_path}


def _find(machine):
    return find_browser(machine["env"], home=machine["home"], root=machine["root"])


def test_nothing_installed_finds_nothing_and_says_where_it_looked(machine):
    assert _find(machine) is None
    with pytest.raises(NoBrowser) as raised:
        require_browser(machine["env"], home=machine["home"], root=machine["root"])
    (line,) = raised.value.lines()
    assert "no Chromium, Chrome or Edge found" in line
    assert "%LOCALAPPDATA%" in line and BROWSER_ENV in line


def test_chrome_installed_per_user_under_localappdata_is_found(machine):
    chrome = _install(
        Path(machine["env"]["LocalAppData"], "Google", "Chrome", "Application", "chrome.exe")
    )
    assert _find(machine) == str(chrome)


def test_a_per_user_chrome_comes_before_a_machine_wide_edge(machine):
    edge = _install(
        Path(machine["env"]["ProgramFiles(x86)"], "Microsoft", "Edge", "Application", "msedge.exe")
    )
    assert _find(machine) == str(edge)
    chrome = _install(
        Path(machine["env"]["LocalAppData"], "Google", "Chrome", "Application", "chrome.exe")
    )
    assert _find(machine) == str(chrome)


def test_edge_under_program_files_x86_is_found(machine):
    edge = _install(
        Path(machine["env"]["ProgramFiles(x86)"], "Microsoft", "Edge", "Application", "msedge.exe")
    )
    assert _find(machine) == str(edge)


def test_chrome_under_program_files_is_found(machine):
    chrome = _install(
        Path(machine["env"]["ProgramFiles"], "Google", "Chrome", "Application", "chrome.exe")
    )
    assert _find(machine) == str(chrome)


def test_macos_user_applications_before_system_applications(machine):
    system = _install(
        machine["root"] / "Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
    )
    assert _find(machine) == str(system)
    user = _install(machine["home"] / "Applications/Chromium.app/Contents/MacOS/Chromium")
    assert _find(machine) == str(user)


def test_linux_opt_install_off_path_is_found(machine):
    chrome = _install(machine["root"] / "opt" / "google" / "chrome" / "chrome")
    assert _find(machine) == str(chrome)


def test_a_browser_on_path_comes_before_install_folders(machine):
    _install(Path(machine["env"]["LocalAppData"], "Google", "Chrome", "Application", "chrome.exe"))
    on_path = _install(machine["root"] / "bin" / "chromium")
    machine["env"]["PATH"] = str(machine["root"] / "bin")
    assert _find(machine) == str(on_path)


def test_the_setting_wins_over_everything_found(machine):
    _install(machine["root"] / "bin" / "chromium")
    machine["env"]["PATH"] = str(machine["root"] / "bin")
    chosen = _install(machine["root"] / "portable" / "chrome.exe")
    machine["env"][BROWSER_ENV] = str(chosen)
    assert _find(machine) == str(chosen)


def test_the_setting_may_name_a_command_on_path(machine):
    edge = _install(machine["root"] / "bin" / "msedge")
    machine["env"]["PATH"] = str(machine["root"] / "bin")
    machine["env"][BROWSER_ENV] = "msedge"
    assert _find(machine) == str(edge)


def test_a_setting_naming_nothing_is_an_error_naming_it_not_a_fallback(machine):
    _install(Path(machine["env"]["LocalAppData"], "Google", "Chrome", "Application", "chrome.exe"))
    machine["env"][BROWSER_ENV] = str(machine["root"] / "typo" / "chrme.exe")
    assert _find(machine) is None
    with pytest.raises(NoBrowser) as raised:
        require_browser(machine["env"], home=machine["home"], root=machine["root"])
    (line,) = raised.value.lines()
    assert line.startswith(f"{BROWSER_ENV}={machine['root'] / 'typo' / 'chrme.exe'}: no such")


def test_install_locations_put_every_windows_folder_before_macos_and_linux(machine):
    places = install_locations(machine["env"], home=machine["home"], root=machine["root"])
    local = Path(machine["env"]["LocalAppData"])
    assert places[:3] == [
        local / "Google" / "Chrome" / "Application" / "chrome.exe",
        local / "Microsoft" / "Edge" / "Application" / "msedge.exe",
        local / "Chromium" / "Application" / "chrome.exe",
    ]
    assert len(places) == 3 * 3 + 2 * 3 + 4  # three Windows folders set, two macOS, four Linux


def test_the_default_is_this_machines_environment(monkeypatch, tmp_path):
    browser = _install(tmp_path / "chromium")
    monkeypatch.setenv(BROWSER_ENV, str(browser))
    assert find_browser() == str(browser)
