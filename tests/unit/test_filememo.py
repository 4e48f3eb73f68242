"""io.filememo: a workbook read once per process, by the file's identity (issue 13)."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from commissioning_analytics.io.filememo import by_file

pytestmark = pytest.mark.unit


@pytest.fixture
def counted():
    reads = []

    @by_file
    def load(path, as_of=None):
        reads.append((str(path), as_of))
        text = open(path).read()
        if text == "bad":
            raise ValueError("unreadable")
        return pd.DataFrame({"value": [int(text)], "as_of": [as_of]})

    return load, reads


def test_the_same_unchanged_file_is_read_once_and_each_caller_gets_its_own_copy(tmp_path, counted):
    load, reads = counted
    path = tmp_path / "plan.txt"
    path.write_text("41")
    first = load(path, as_of="2026-10-31")
    first.loc[0, "value"] = 999  # a caller changing its copy
    second = load(path, as_of="2026-10-31")
    assert len(reads) == 1
    assert second.loc[0, "value"] == 41


def test_other_arguments_or_a_changed_file_are_read_again(tmp_path, counted):
    load, reads = counted
    path = tmp_path / "plan.txt"
    path.write_text("41")
    load(path, as_of="2026-10-31")
    load(path, as_of="2026-09-30")
    assert len(reads) == 2
    path.write_text("42")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load(path, as_of="2026-10-31").loc[0, "value"] == 42
    assert len(reads) == 3


def test_a_failed_read_is_not_kept(tmp_path, counted):
    load, reads = counted
    path = tmp_path / "plan.txt"
    path.write_text("bad")
    for _ in range(2):
        with pytest.raises(ValueError):
            load(path)
    assert len(reads) == 2


def test_a_mapping_file_edited_since_is_read_again_and_a_default_date_is_never_kept(tmp_path):
    reads = []

    @by_file(unless_none=("as_of",))
    def load(path, mapping=None, as_of=None):
        reads.append(as_of)
        return open(mapping).read() if mapping else open(path).read()

    path, mapping = tmp_path / "plan.txt", tmp_path / "mapping.yml"
    path.write_text("plan")
    mapping.write_text("Person: lead")
    assert load(path, mapping=str(mapping), as_of="2026-10-31") == "Person: lead"
    mapping.write_text("Person: ignore")  # another size: another identity
    assert load(path, mapping=str(mapping), as_of="2026-10-31") == "Person: ignore"
    assert len(reads) == 2
    load(path)
    load(path)  # as_of missing: "today", read each time
    assert len(reads) == 4
