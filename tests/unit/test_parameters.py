"""A pack notebook's data_dir guard: no data folder, no page, unless sample=True."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from commissioning_analytics.parameters import (
    SAMPLE_DATA_DIR,
    NotebookParameterError,
    require_data_dir,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def test_no_data_dir_and_no_sample_is_refused_with_what_to_pass():
    with pytest.raises(NotebookParameterError) as caught:
        require_data_dir("", sample=False)
    (line,) = caught.value.lines()
    assert line.startswith("no data_dir given")
    assert "-p data_dir DIR" in line and "-p sample True" in line


def test_none_and_blank_count_as_no_data_dir():
    for blank in (None, "  "):
        with pytest.raises(NotebookParameterError, match="no data_dir given"):
            require_data_dir(blank)


def test_sample_true_is_the_shipped_sample_data():
    assert require_data_dir("", sample=True) == str(SAMPLE_DATA_DIR)
    assert SAMPLE_DATA_DIR == ROOT / "data" / "raw"


def test_a_data_dir_is_used_as_an_absolute_path(tmp_path, monkeypatch):
    (tmp_path / "month").mkdir()
    monkeypatch.chdir(tmp_path)
    assert require_data_dir("month") == str(tmp_path / "month")
    assert require_data_dir(tmp_path / "month") == str(tmp_path / "month")


def test_a_data_dir_that_is_not_a_folder_is_refused(tmp_path):
    with pytest.raises(NotebookParameterError, match="no such folder"):
        require_data_dir(str(tmp_path / "dtaa"))


def test_data_dir_and_sample_together_are_refused(tmp_path):
    with pytest.raises(NotebookParameterError, match="both given"):
        require_data_dir(str(tmp_path), sample=True)


def test_the_error_shows_as_one_line_in_a_notebook_not_a_traceback():
    error = NotebookParameterError("no data_dir given: ...")
    assert error._render_traceback_() == ["NotebookParameterError: no data_dir given: ..."]


def test_every_pack_notebook_declares_the_guard_after_its_parameters():
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) >= 5
    for path in notebooks:
        cells = json.loads(path.read_text())["cells"]
        at = next(i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", []))
        parameters = "".join(cells[at]["source"])
        assert 'data_dir: str = ""' in parameters, path.name
        assert "sample: bool = False" in parameters, path.name
        following = "".join(cells[at + 1]["source"])
        assert "data_dir = require_data_dir(data_dir, sample=sample)" in following, path.name
