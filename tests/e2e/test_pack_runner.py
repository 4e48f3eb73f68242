"""The pack runner's promises, held through the real command where they matter (issue 12, item 9).

A one-page notebook stands in for the pack's pages (``COMMISSIONING_ANALYTICS_NOTEBOOKS``), so
these tests exercise the runner (lock, exit codes, scratch folders, the swap), not the pages;
its one code cell waits while a "hold" file exists, which lets a test keep a run going (to
start a second one, or kill it) without any timing.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from commissioning_analytics.pack import build as pack
from commissioning_analytics.pack import notebooks as pack_notebooks
from commissioning_analytics.pack import publish as pack_publish

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2026-10"
COMMAND = [sys.executable, "-m", "commissioning_analytics"]
pytestmark = pytest.mark.e2e


def tiny_notebooks(folder: Path) -> Path:
    params = new_code_cell(
        'period: str = "2026-10"  # reporting month, YYYY-MM\n'
        'data_dir: str = "../data/raw"  # data folder\n'
        'register_file: str = "qipp_register.xlsx"  # the register\n'
        'scenario: str = ""  # scenario to highlight\n'
        'organisation: str = "NHS Northfield ICB"  # shown in titles\n'
        'weight_set: str = "board"  # RAG weights'
    )
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Tiny page"),
            params,
            new_code_cell(
                "import os, pathlib, time\n"
                "hold = pathlib.Path(os.environ.get('TINY_HOLD_FILE', '/nonexistent'))\n"
                "if hold.exists():\n    hold.with_suffix('.running').touch()\n"
                "while hold.exists():\n    time.sleep(0.05)"
            ),
            new_markdown_cell("## The month"),
            new_code_cell("print(period)"),
        ]
    )
    nb.metadata["title"] = "Tiny page"
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "10_tiny.ipynb")
    return folder


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A copy of the sample data, the tiny notebooks, and the environment for real commands."""
    data = tmp_path / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw", data)
    # the sample's commentary names the real pages, which the tiny pack has not (a warning)
    shutil.rmtree(data / "commentary")
    notebooks = tiny_notebooks(tmp_path / "notebooks")
    hold = tmp_path / "hold"
    env = {
        **os.environ,
        pack_notebooks.NOTEBOOKS_ENV: str(notebooks),
        "TINY_HOLD_FILE": str(hold),
        "PYTHONPATH": str(ROOT / "src"),
    }
    monkeypatch.setenv(pack_notebooks.NOTEBOOKS_ENV, str(notebooks))
    monkeypatch.setenv("TINY_HOLD_FILE", str(hold))
    return tmp_path, data, tmp_path / "outputs", hold, env


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its hash."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def wait_for(condition, what: str, process=None):
    """Poll until ``condition()``; fail if the process ended first (no time limit here: a
    hung run is caught by the run's own timeout)."""
    while not condition():
        if process is not None and process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the run ended before {what}: {process.returncode} {err}")
        time.sleep(0.05)


def run(args, env, **kwargs):
    return subprocess.run(
        COMMAND + args, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_two_real_pack_processes_give_one_exit_3(setup):
    root, data, out, hold, env = setup
    hold.touch()
    first = subprocess.Popen(
        COMMAND + ["pack", "--period", PERIOD, "--data", str(data), "--out", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: list(out.glob(f".{PERIOD}.building-*")), "the first run started", first)
        second = run(["pack", "--period", PERIOD, "--data", str(data), "--out", str(out)], env)
        assert second.returncode == pack.EXIT_LOCKED == 3
        assert f"another pack run is in progress (pid {first.pid} since" in one_error_line(
            second.stderr
        )
    finally:
        hold.unlink()
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (out / PERIOD / "10_tiny.html").is_file()
    log = (out / "pack.log").read_text()
    assert log.count("refused: ") == 1 and log.count(f"{PERIOD} built in") == 1


def test_a_month_outside_the_registers_year_writes_nothing_anywhere(setup):
    root, data, out, hold, env = setup
    before = snapshot(root)
    result = run(["pack", "--period", "2024-05", "--data", str(data), "--out", str(out)], env)
    assert result.returncode == 2
    assert one_error_line(result.stderr) == (
        "error: period 2024-05: not in the register's financial year 2026/27 (April 2026 to "
        "March 2027)"
    )
    assert not out.exists() and not (root / "data" / "processed").exists()
    assert snapshot(root) == before


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_a_missing_or_empty_data_folder_creates_nothing(setup, make):
    root, data, out, hold, env = setup
    folder = root / "elsewhere"
    if make == "empty":
        folder.mkdir()
    result = run(["pack", "--data", str(folder), "--out", str(out)], env)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert (
        "no such data folder" if make == "missing" else "qipp_register.xlsx: no such file"
    ) in line
    assert not out.exists() and not (root / "processed").exists()


def test_an_outputs_folder_that_cannot_be_made_is_exit_4(setup):
    root, data, out, hold, env = setup
    blocker = root / "a-file"
    blocker.write_text("not a folder")
    result = run(
        ["pack", "--period", PERIOD, "--data", str(data), "--out", str(blocker / "outputs")], env
    )
    assert result.returncode == pack.EXIT_ENVIRONMENT == 4
    assert "cannot create the outputs folder (Not a directory)" in one_error_line(result.stderr)


def test_a_read_only_outputs_folder_is_exit_4_with_nothing_replaced(setup, monkeypatch, capsys):
    root, data, out, hold, env = setup
    out.mkdir()
    real_mkstemp = pack.tempfile.mkstemp

    def read_only(*args, dir=None, **kwargs):  # as a read-only mount answers, even for root
        if Path(dir) == out:
            raise PermissionError(errno.EROFS, "Read-only file system", str(out))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(pack.tempfile, "mkstemp", read_only)
    status = pack.build_pack(PERIOD, data, out, progress=False)
    assert status == 4
    assert one_error_line(capsys.readouterr().err) == (
        f"error: {out}: cannot write (Read-only file system); the {PERIOD} pack was not built "
        "and the previous pack is unchanged"
    )
    assert f"{PERIOD} FAILED (environment) {out}: cannot write" in (out / "pack.log").read_text()
    assert not (out / PERIOD).exists()


def test_disk_full_during_the_html_export_is_exit_4_and_the_old_pack_stays(
    setup, monkeypatch, capsys
):
    root, data, out, hold, env = setup
    old = out / PERIOD
    old.mkdir(parents=True)
    (old / "index.html").write_text("last month's run")
    before = snapshot(out / PERIOD)
    real_write_text = Path.write_text

    def full(self, *args, **kwargs):
        if self.suffix == ".html" and ".building-" in str(self):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    status = pack.build_pack(PERIOD, data, out, progress=False)
    err = capsys.readouterr().err
    assert status == 4
    line = one_error_line(err)
    assert (
        line.startswith(f"error: {out}/.{PERIOD}.building-")
        and "10_tiny.html: cannot write (No space left on device)" in line
    )
    assert "FAILED (environment)" in (out / "pack.log").read_text()
    assert snapshot(out / PERIOD) == before
    assert not list(out.glob(".*building*")) and not list(out.glob(".*.old-*"))


def test_scratch_folders_of_killed_runs_are_removed_by_the_next_run(setup):
    root, data, out, hold, env = setup
    # Build last month's pack, then kill a re-run in the middle (kill -9: no cleanup at all).
    assert (
        run(["pack", "--period", PERIOD, "--data", str(data), "--out", str(out)], env).returncode
        == 0
    )
    before = snapshot(out / PERIOD)
    hold.touch()
    killed = subprocess.Popen(
        COMMAND + ["pack", "--period", PERIOD, "--data", str(data), "--out", str(out)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(
        lambda: list(out.glob(f".{PERIOD}.building-*")),
        "the re-run made its scratch folder",
        killed,
    )
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    hold.unlink()
    assert list(out.glob(f".{PERIOD}.building-*"))  # what a killed run leaves
    assert snapshot(out / PERIOD) == before  # and the pack a reader sees is untouched
    again = run(["pack", "--period", PERIOD, "--data", str(data), "--out", str(out)], env)
    assert again.returncode == 0, again.stderr
    assert not list(out.glob(".*building*"))
    assert not list((root / "data" / "processed").glob(".*building*"))


def test_an_interrupted_swap_gives_the_old_pack_back(tmp_path):
    old = tmp_path / f".{PERIOD}.old-123-456"
    old.mkdir()
    (old / "index.html").write_text("old pack")
    (tmp_path / f".{PERIOD}.building-abc").mkdir()
    pack_publish.remove_stale_scratch(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [PERIOD]
    assert (tmp_path / PERIOD / "index.html").read_text() == "old pack"


def test_a_rerun_replaces_the_month_whole_and_a_reader_never_sees_half(setup, monkeypatch):
    root, data, out, hold, env = setup
    old = out / PERIOD
    old.mkdir(parents=True)
    (old / "60_withdrawn_page.html").write_text("a page this run no longer makes")
    for i in range(3000):  # enough that deleting it in place would take a reader's while
        (old / f"filler-{i:04d}.txt").write_text("old")
    old_names = {p.name for p in old.iterdir()}
    seen: list[frozenset] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.append(frozenset(os.listdir(old)))
            except FileNotFoundError:
                seen.append(frozenset())

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        status = pack.build_pack(PERIOD, data, out, progress=False)
    finally:
        stop.set()
        thread.join()
    assert status == 0
    new_names = {p.name for p in old.iterdir()}
    assert "60_withdrawn_page.html" not in new_names  # no stale page survives
    assert {"10_tiny.html", "10_tiny.ipynb", "index.html", "summary.json"} <= new_names
    half = [names for names in seen if names and names not in (old_names, new_names)]
    assert not half, f"a reader saw {len(half)} half packs"
    assert seen[0] == old_names and seen[-1] == new_names


def test_optional_inputs_that_cannot_be_read_are_warnings_and_the_pack_is_built(setup):
    root, data, out, hold, env = setup
    (data / "scenarios" / "cafe.yml").write_bytes(
        "name: Café\nchanges:\n  - theme: Planned Care\n    shift_months: 3\n".encode("cp1252")
    )
    (data / "risk.yml").write_text("a: &a [x, x]\nb: [*a, *a]\n")
    plan = data / "plans" / "transition_milestones.xlsx"
    plan.write_bytes(plan.read_bytes()[:2000])  # a download cut short
    result = run(["pack", "--period", PERIOD, "--data", str(data), "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: transition_milestones.xlsx: not an Excel workbook (.xlsx); save it from Excel "
        "as 'Excel Workbook (*.xlsx)' (this plan is left out)",
        f"warning: {data / 'scenarios' / 'cafe.yml'}: not UTF-8 text at line 1 (byte 0xe9); "
        "save it as UTF-8 (in Notepad: Save as, Encoding UTF-8) (the scenarios are left out)",
        f"warning: {data / 'risk.yml'}: refused at line 1: anchors and aliases (&name, *name) "
        "are not allowed in this file; write each value out (the built-in risk settings are "
        "used instead)",
    ]
    assert "Traceback" not in result.stderr
    assert (out / "pack.log").read_text().count(f"{PERIOD} warning: ") == 3
    assert (out / PERIOD / "index.html").is_file()


def test_ctrl_c_is_one_line_exit_130_and_the_log_says_so(setup):
    """Ctrl-C in a terminal interrupts the whole foreground process group: one line, exit 130,
    no kernel's traceback, a line in pack.log, no pack half-written."""
    root, data, out, hold, env = setup
    hold.touch()
    process = subprocess.Popen(
        COMMAND + ["pack", "--period", PERIOD, "--data", str(data), "--out", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal's foreground job
    )
    wait_for(lambda: hold.with_suffix(".running").exists(), "the page ran", process)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 130, err
    said = [
        line
        for line in err.replace("\r", "\n").splitlines()
        if line.strip() and not line.startswith(f"pack {PERIOD}:")  # the progress bar
    ]
    assert said == ["interrupted; nothing was written"], err
    assert f"{PERIOD} INTERRUPTED (Ctrl-C)" in (out / "pack.log").read_text()
    assert not (out / PERIOD).exists()


def test_a_read_only_data_folder_puts_the_tidy_tables_beside_the_packs(setup, monkeypatch, capsys):
    """A data folder on a read-only share (Deliver 8): the pack is built, ``processed/`` goes
    to ``OUT/processed`` and the move is said on stderr, in the log and on the pages."""
    root, data, out, hold, env = setup
    real_mkstemp = pack.tempfile.mkstemp
    share = root / "data"

    def read_only(*args, dir=None, **kwargs):  # as a read-only mount answers, even for root
        if dir is not None and Path(dir).is_relative_to(share):
            raise PermissionError(errno.EROFS, "Read-only file system", str(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(pack.tempfile, "mkstemp", read_only)
    status = pack.build_pack(PERIOD, data, out, progress=False)
    err = capsys.readouterr().err
    assert status == 0, err
    assert (out / PERIOD / "index.html").is_file()
    assert (out / "processed" / PERIOD / "schemes.csv").is_file()
    assert not (share / "processed" / PERIOD).exists()
    said = f"cannot be written (Read-only file system), so the tidy tables go beside the packs, to {out / 'processed'}"
    assert said in err
    assert said in (out / PERIOD / "index.html").read_text(encoding="utf-8")
    assert "(data folder read-only)" in (out / "pack.log").read_text()


def test_last_months_tables_beside_the_packs_are_found_next_month(setup, monkeypatch, capsys):
    """Next month on the same read-only share: last month's tables are where that pack put
    them, ``OUT/processed/<last month>/``, and "since last month" starts from them (the data
    folder has no processed/ or history/ of its own for September)."""
    root, data, out, hold, env = setup
    out.mkdir()
    shutil.move(data / "history" / "2026-09", out / "processed" / "2026-09")
    real_mkstemp = pack.tempfile.mkstemp
    share = root / "data"

    def read_only(*args, dir=None, **kwargs):
        if dir is not None and Path(dir).is_relative_to(share):
            raise PermissionError(errno.EROFS, "Read-only file system", str(dir))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(pack.tempfile, "mkstemp", read_only)
    status = pack.build_pack(PERIOD, data, out, progress=False)
    err = capsys.readouterr().err
    assert status == 0, err
    summary = json.loads((out / PERIOD / "summary.json").read_text(encoding="utf-8"))
    # September's stated outturn, history/2026-09/summary.csv: forecast_outturn 9597450.42
    assert summary["previous_forecast_outturn"] == pytest.approx(9_597_450.42, abs=0.01)
    assert not (data / "processed").exists()


def test_a_file_open_in_excel_on_windows_does_not_stop_the_publish(setup, monkeypatch, capsys):
    """Windows refuses to rename a folder while a file in it is open (the workbook in Excel):
    the pack is then published file by file, the open file named, with this run's copy beside
    it (Deliver 7). Simulated: renaming the month's folder and replacing the workbook raise
    PermissionError, as Windows does."""
    root, data, out, hold, env = setup
    assert pack.build_pack(PERIOD, data, out, progress=False) == 0
    month = out / PERIOD
    workbook = month / f"savings-pack-{PERIOD}.xlsx"
    (month / "60_withdrawn_page.html").write_text("a page this run no longer makes")
    (month / "index.html").write_text("last run's summary")
    before = workbook.read_bytes()
    real_rename, real_replace = os.rename, os.replace

    def windows_rename(source, destination):
        if Path(source) == month:
            raise PermissionError(13, "The process cannot access the file", str(source))
        return real_rename(source, destination)

    def windows_replace(source, destination):
        if Path(destination) == workbook:
            raise PermissionError(13, "The process cannot access the file", str(destination))
        return real_replace(source, destination)

    monkeypatch.setattr(pack_publish.os, "rename", windows_rename)
    monkeypatch.setattr(pack_publish.os, "replace", windows_replace)
    status = pack.build_pack(PERIOD, data, out, progress=False)
    err = capsys.readouterr().err
    assert status == 0, err
    assert "last run's summary" not in (month / "index.html").read_text(encoding="utf-8")
    assert not (month / "60_withdrawn_page.html").exists()
    assert workbook.read_bytes() == before  # still open: untouched
    fresh = month / f"savings-pack-{PERIOD}.new.xlsx"
    assert fresh.is_file()
    said = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert said == [
        f"warning: {workbook}: open in another program (Excel, a sync client?), so not "
        f"replaced; this run's copy is {fresh.name}: close the file and run the pack again"
    ]
    assert (
        f"{PERIOD} warning: {workbook}: open in another program" in (out / "pack.log").read_text()
    )
    assert not list(out.glob(f".{PERIOD}.*"))  # no scratch or old folder left
