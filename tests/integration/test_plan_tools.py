"""Plans as tools export them, week-number axes and quarter due dates (tests/corpus/plans.py,
WHOLE_TABLES): each read with no mapping gives its whole expected tasks table, every task and
every column, or the one clear refusal it must give; every column with content is used or
named as not used."""

import pandas as pd
import pytest
from corpus.plans import WHOLE_TABLES

from commissioning_analytics.errors import UserError
from commissioning_analytics.io.plans import COLUMNS, load_plan
from fixtures import plan_as_of

pytestmark = pytest.mark.integration

READ = sorted(name for name, (_, expected) in WHOLE_TABLES.items() if not expected.refusal)
REFUSED = sorted(name for name, (_, expected) in WHOLE_TABLES.items() if expected.refusal)


def _text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


@pytest.mark.parametrize("shape", READ)
def test_a_tools_plan_gives_its_whole_tasks_table(tmp_path, shape):
    build, expected = WHOLE_TABLES[shape]
    path = build(tmp_path)
    load = plan_as_of(path, expected.as_of)
    got = [{c: _text(row[c]) for c in COLUMNS} for _, row in load.tasks.iterrows()]
    want = [
        {c: None for c in COLUMNS}
        | {"plan": path.stem, "sheet": expected.sheet, "shape": expected.shape}
        | row
        for row in expected.rows
    ]
    assert got == want, load.report.summary()


@pytest.mark.parametrize("shape", READ)
def test_every_column_and_row_of_a_tools_plan_is_accounted_for(tmp_path, shape):
    build, expected = WHOLE_TABLES[shape]
    report = load_plan(build(tmp_path)).report
    sheet = next(s for s in report.sheets if s.sheet == expected.sheet)
    assert sum(sheet.rows.values()) == sheet.rows_read
    unused = tuple(line.split(":", 1)[0] for line in sheet.unused)
    assert unused == expected.unused, report.summary()
    assert not sheet.warnings, report.summary()
    for words in expected.notes:
        assert any(words in note for note in sheet.notes), report.summary()


@pytest.mark.parametrize("shape", REFUSED)
def test_a_plan_the_reader_cannot_place_is_refused_in_one_clear_line(tmp_path, shape):
    build, expected = WHOLE_TABLES[shape]
    with pytest.raises(UserError) as caught:
        load_plan(build(tmp_path))
    lines = caught.value.lines()
    start, phrase = expected.refusal
    assert len(lines) == 1 and lines[0].startswith(start) and phrase in lines[0], lines
