"""Shared by tests/ and the nbval run over notebooks/.

* Kernels (nbval, papermill) start in the notebook's folder, so a relative ``PYTHONPATH=src``
  would not reach them: make the package's folder absolute on ``PYTHONPATH`` first.
* ``built_pack``: the monthly pack built once per test session on a copy of the sample data
  (the end-to-end and browser tests share it; building takes a few seconds per notebook).
* Levels: every test carries exactly one of the markers ``unit``, ``integration``, ``e2e``, the
  name of the folder it lives in (``tests/unit``...); a test without one, or in another folder,
  stops the run. The notebooks (nbval) are end-to-end.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SAMPLE_DATA = ROOT / "data" / "raw"
SAMPLE_PERIOD = "2026-10"

_paths = [str(ROOT / "src")] + [
    os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p
]
os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(_paths))


LEVELS = ("unit", "integration", "e2e")


def pytest_collection_modifyitems(config, items):
    wrong = []
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.e2e)
        levels = sorted({m.name for m in item.iter_markers() if m.name in LEVELS})
        folder = path.parent.name if path.suffix == ".py" else "e2e"
        if len(levels) != 1 or levels[0] != folder:
            wrong.append(f"{item.nodeid}: levels {levels or 'none'}, folder {folder!r}")
    if wrong:
        raise pytest.UsageError(
            "every test needs exactly one level marker (unit, integration, e2e) matching its "
            "folder under tests/:\n  " + "\n  ".join(wrong[:20])
        )


class BuiltPack:
    """Where a session's pack went, and how the run ended."""

    def __init__(self, root: Path):
        self.root = root
        self.data_dir = root / "data" / "raw"
        self.out_dir = root / "outputs"
        self.period = SAMPLE_PERIOD
        self.status: int | None = None
        self.stderr = ""

    @property
    def folder(self) -> Path:
        return self.out_dir / self.period


@pytest.fixture(scope="session")
def built_pack(tmp_path_factory) -> BuiltPack:
    import contextlib
    import io

    from commissioning_analytics.pack.build import build_pack

    pack = BuiltPack(tmp_path_factory.mktemp("pack"))
    shutil.copytree(SAMPLE_DATA, pack.data_dir)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        # with the Word summary: `pack --docx`'s route through the build (tests/e2e/test_docx_pack.py)
        pack.status = build_pack(
            pack.period, pack.data_dir, pack.out_dir, progress=False, docx=True
        )
    pack.stderr = err.getvalue()
    return pack
