"""scripts/run-pack.cmd, the Task Scheduler wrapper, read as far as Linux can check it.

No cmd.exe here (and no PowerShell from a registry this machine reaches), so the tests read the
batch file: the executable and flags it runs, where it logs, that the pack's exit status is the
one it returns, and the batch-file traps that would break it on Windows (LF line endings,
ERRORLEVEL read inside a block, ``2>>`` after a number, ``conda`` without ``call``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from commissioning_analytics.pack import build as pack

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
WRAPPER = ROOT / "scripts" / "run-pack.cmd"


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return WRAPPER.read_bytes().decode("ascii").split("\r\n")


def _code(lines):
    return [line.strip() for line in lines if line.strip() and not line.lower().startswith("rem")]


def test_every_line_ends_crlf_and_the_text_is_ascii():
    data = WRAPPER.read_bytes()
    data.decode("ascii")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") > 50
    assert "*.cmd text eol=crlf" in (ROOT / ".gitattributes").read_text().splitlines()


def test_it_runs_the_environments_exe_with_the_data_and_out_folders(lines):
    code = _code(lines)
    assert 'set "EXE_NAME=commissioning-analytics.exe"' in code
    env_name = yaml.safe_load((ROOT / "environment.yml").read_text())["name"]
    assert f'set "ENV_NAME={env_name}"' in code
    assert any(r"\envs\%ENV_NAME%\Scripts\%EXE_NAME%" in line for line in code)
    run = code.index('"%EXE%" pack --data "%DATA%" --out "%OUT%"%EXTRA% >>"%LOG%" 2>&1')
    # the status is read on the very next line, at top level, and is what the script returns
    assert code[run + 1] == 'set "STATUS=%ERRORLEVEL%"'
    assert code[-1] == "exit /b %STATUS%"


def test_conda_run_is_called_so_the_script_goes_on_after_it(lines):
    code = _code(lines)
    conda = [line for line in code if "conda run" in line and not line.startswith(">>")]
    assert conda == [
        "call conda run --no-capture-output -n %ENV_NAME% commissioning-analytics pack "
        '--data "%DATA%" --out "%OUT%"%EXTRA% >>"%LOG%" 2>&1'
    ]
    assert code[code.index(conda[0]) + 1] == 'set "STATUS=%ERRORLEVEL%"'


def test_it_logs_to_the_outputs_folder_and_writes_utf8(lines):
    code = _code(lines)
    assert 'set "LOG=%OUT%\\scheduled-pack.log"' in code
    assert code.index('set "PYTHONUTF8=1"') < code.index('set "LOG=%OUT%\\scheduled-pack.log"')
    finish = code.index(":finish")
    assert code[finish + 1 :][-2] == (
        '>>"%LOG%" echo [%DATE% %TIME%] run-pack: exit status %STATUS%: %MEANING%'
    )


def test_the_exit_statuses_it_names_are_the_packs(lines):
    header = [re.match(r"rem\s+(\d)\s{2}(.+)", line) for line in lines]
    named = {int(m.group(1)): m.group(2) for m in header if m}
    assert set(named) == {
        pack.EXIT_OK,
        pack.EXIT_FAILED,
        pack.EXIT_USER_ERROR,
        pack.EXIT_LOCKED,
        pack.EXIT_ENVIRONMENT,
    }
    assert "another pack run" in named[pack.EXIT_LOCKED]
    meanings = {int(n) for n in re.findall(r'if "%STATUS%"=="(\d)"', "\n".join(lines))}
    assert meanings == set(named)


def test_no_batch_file_traps(lines):
    code = _code(lines)
    text = "\n".join(code)
    # "status 2>> log" redirects stream 2: a digit may stand before > only as 2>&1 or 1>&2
    assert re.findall(r"\d>>?(?!&)", text) == []
    # every goto and call :label has its label
    labels = {line[1:].lower() for line in code if re.fullmatch(r":\w+", line)}
    targets = {t.lower() for t in re.findall(r"(?:goto|call) :?(\w+)", text) if t != "conda"}
    assert targets - {"eof"} <= labels, targets - labels
    # ERRORLEVEL is read on top-level lines only (inside ( ) it is expanded before the block runs)
    block = 0
    for line in code:
        if "%ERRORLEVEL%" in line:
            assert block == 0, line
        block += line.count("(") - line.count(")") if not line.startswith("echo") else 0
    assert block == 0


def test_the_arguments_are_required_and_their_absence_is_exit_2(lines):
    code = _code(lines)
    start = code.index('if "%~2"=="" (')
    assert code[start + 1].startswith("echo usage: run-pack.cmd DATA_DIR OUT_DIR")
    assert code[start + 2] == "exit /b 2"
