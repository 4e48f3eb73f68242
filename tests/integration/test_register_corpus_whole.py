"""The corpus shapes of issue 17's classes read with no mapping file, each asserting the WHOLE
table (every canonical column of every scheme, as the CSV carries it) or the exact refusal, so
that a silent wrong read fails (tests/corpus/registers.py, WHOLE)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))

from registers import WHOLE  # noqa: E402

from commissioning_analytics.errors import UserError  # noqa: E402
from commissioning_analytics.io.register import load_register, schemes_for_csv  # noqa: E402
from commissioning_analytics.model.reconcile import reconcile  # noqa: E402
from commissioning_analytics.schema import Scheme  # noqa: E402

pytestmark = pytest.mark.integration


def test_the_corpus_grows_by_at_least_twelve_whole_table_shapes_some_refused():
    assert len(WHOLE) >= 12
    assert sum(1 for _, _, refusal, _ in WHOLE.values() if refusal) >= 3


def _as_csv(schemes: pd.DataFrame) -> list[dict]:
    """The table as `schemes --csv` writes it and reads back: every value as text."""
    table = schemes_for_csv(schemes).astype(object).where(schemes_for_csv(schemes).notna(), "")
    return [{c: str(v) for c, v in r.items()} for r in table.to_dict("records")]


@pytest.mark.parametrize("name", sorted(WHOLE))
def test_whole_table_or_exact_refusal(tmp_path, name):
    build, rows, refusal, checks = WHOLE[name]
    path = build(tmp_path)
    if refusal is not None:
        with pytest.raises(UserError) as caught:
            load_register(path)
        assert caught.value.lines()[0].startswith(refusal), caught.value.lines()
        return
    load = load_register(path)
    got = _as_csv(load.schemes)
    expected = [{c: r[c] for c in Scheme.COLUMNS if c != Scheme.go_live} for r in rows]
    for r, e in zip(rows, expected):
        e[Scheme.go_live] = r["go_live"]
    assert [{c: g[c] for c in Scheme.COLUMNS} for g in got] == [
        {c: e[c] for c in Scheme.COLUMNS} for e in expected
    ]
    if "vocabulary" in checks:
        assert checks["vocabulary"] in set(load.report.ratings["scale"])
    if "warning" in checks:
        assert any(w.startswith(checks["warning"]) for w in load.report.warnings), (
            load.report.warnings
        )
    if "note" in checks:
        assert any(n.startswith(checks["note"]) for n in load.report.notes), load.report.notes
    if "monthly" in checks:
        plan = load.monthly_plan
        for scheme_id, months in checks["monthly"].items():
            mine = plan[plan[Scheme.scheme_id] == scheme_id]["plan_gbp"].tolist()
            assert mine == pytest.approx(months), scheme_id
    if "findings" in checks:
        assert reconcile(load).to_dict("records") == checks["findings"]
