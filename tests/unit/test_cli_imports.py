"""The CLI imports each command's modules when the command runs: ``schemes``, ``reconcile``,
``plan`` and ``inspect`` never pay for the pack's papermill, nbconvert or plotly."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

HEAVY = ("papermill", "nbconvert", "plotly", "IPython", "ipywidgets")


def _loaded_after(code: str) -> list[str]:
    script = (
        "import sys\n"
        "import commissioning_analytics.cli as cli\n"
        f"{code}\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return [m for m in done.stdout.strip().split(",") if m]


def test_the_register_commands_modules_leave_the_pack_s_libraries_unloaded():
    modules = "io.register", "model.reconcile", "io.plans", "io.inspect", "export"
    assert _loaded_after("\n".join(f"cli._lazy({m!r})" for m in modules)) == []


def test_the_pack_command_s_module_loads_them():
    # the other side of the rule: importing the pack's module does bring papermill in
    assert "papermill" in _loaded_after("cli._lazy('pack.build')")
