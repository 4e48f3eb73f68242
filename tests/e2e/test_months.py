"""The whole pack on realistic months (issue 18, Deliver 2): a property test.

``scripts/make_months.py`` changes a copy of the sample data the way real months differ
(blank and odd ratings, schemes removed or renumbered, odd dates, extra and reordered sheets,
optional inputs missing, damaged or in other formats, last month's tables with blanks, re-saved
ids, renamed columns, a partly reported month). For each seed the real ``pack`` command builds
the month, and the answer must be one of:

* exit 0, with every oddity the generator names said on the pack (the summary or a page);
* exit 2, with one line (``error: ...``) for a mistake in a required input.

Never exit 1, never a traceback; and where no change may move a headline figure, the
headline figures of ``summary.json`` equal those of the untouched sample.

``make test`` builds ``MONTHS_SEEDS`` (default 4) months from fixed seeds; ``make fuzz`` ten
times as many.
"""

from __future__ import annotations

import html
import json
import os
import sys
from pathlib import Path

import pytest

from commissioning_analytics.model.headline import headline
from commissioning_analytics.month import load_month
from tests.fixtures import SAMPLE_DATA, run_pack

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from make_months import make_month  # noqa: E402

pytestmark = pytest.mark.e2e

SEEDS = range(1, 1 + int(os.environ.get("MONTHS_SEEDS", "4")))
HEADLINE = ("plan_in_year", "forecast_in_year", "actual_to_date", "forecast_outturn")


@pytest.fixture(scope="module")
def untouched():
    """The headline figures of the sample as it ships."""
    return headline(load_month("2026-10", SAMPLE_DATA))


def _words(folder: Path) -> str:
    """Every page of a built pack, as one text (HTML escapes undone)."""
    return html.unescape(
        " ".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html")))
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_a_realistic_month_is_built_with_its_oddities_named_or_refused_in_one_line(
    seed, tmp_path, untouched
):
    data = tmp_path / "raw"
    changes = make_month(seed, data)
    story = "; ".join(c.name for c in changes)

    result = run_pack(data, tmp_path / "out")

    assert "Traceback" not in result.stderr, f"{story}\n{result.stderr[-3000:]}"
    assert result.returncode in (0, 2), f"{story}\n{result.stderr[-3000:]}"
    if result.returncode == 2:
        lines = [x for x in result.stderr.splitlines() if x.startswith("error: ")]
        assert len(lines) == 1, f"{story}\n{result.stderr}"
        return
    folder = tmp_path / "out" / "2026-10"
    pages = _words(folder)
    for change in changes:
        assert change.said in pages, f"{story}: {change.name!r} is not said on the pack"
    if not any(c.moves_headline for c in changes):
        summary = json.loads((folder / "summary.json").read_text())
        for figure in HEADLINE:
            assert summary[figure] == pytest.approx(getattr(untouched, figure)), (
                f"{story}: {figure} moved"
            )
