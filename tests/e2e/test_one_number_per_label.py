"""One number per label (issue 20 item 7): over every page of the built sample pack, no label
carries two different figures; where two figures differ by definition, their labels say what
differs."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from fixtures import label_figures, money_value

pytestmark = pytest.mark.e2e


def _pages(built_pack):
    return [built_pack.folder / "index.html"] + sorted(built_pack.folder.glob("[0-9][0-9]_*.html"))


def _same(a: float, b: float) -> bool:
    """Two figures as printed to three significant figures are the same figure."""
    return abs(a - b) <= 0.006 * max(abs(a), abs(b), 1.0)


def test_no_label_carries_two_figures_on_any_page(built_pack):
    assert built_pack.status == 0, built_pack.stderr
    seen: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    for page in _pages(built_pack):
        for label, figure in label_figures(page.read_text(encoding="utf-8")):
            seen[label].append((money_value(figure), figure, page.name))
    assert len(seen) > 100  # the extraction finds the pack's labels (cards, tables, text)
    clashes = {
        label: sorted({(f, p) for _, f, p in found})
        for label, found in seen.items()
        if not all(_same(found[0][0], v) for v, _, _ in found)
    }
    assert not clashes, clashes


def test_the_label_extraction_finds_a_clash():
    """The rule on both sides: a label with one figure twice passes, with two it is found."""
    page = (
        "<table><tr><th></th><th>£</th></tr><tr><td>Slippage</td><td>£1.35m</td></tr></table>"
        "<p>Slippage: £1.35m</p><p>Forecast: £10.2m. Slippage: £1.49m</p>"
    )
    pairs = label_figures(page)
    assert ("slippage | £", "£1.35m") in pairs and ("forecast", "£10.2m") in pairs
    assert {f for label, f in pairs if label == "slippage"} == {"£1.35m", "£1.49m"}


def test_the_differences_the_issue_found_are_said_by_their_labels(built_pack):
    """Slippage net in the bridge and gross in the exceptions; savings at risk from slipped
    plans one figure, a net of plans earlier labelled net; next year by the rule and simulated;
    "to date" on the deflection page from each intervention's start."""
    index = (built_pack.folder / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", index))
    assert "losing months: gross slippage" in text
    assert re.search(r"In-year savings at risk from slipped plans £504k", text)
    delivery = (built_pack.folder / "30_change_in_delivery.html").read_text(encoding="utf-8")
    assert "Next year (incremental), simulated" in delivery
    assert "Next year (by the rule)" in delivery
    plans = (built_pack.folder / "40_project_plans.html").read_text(encoding="utf-8")
    assert "Savings at risk from plans, net of plans earlier" in plans
    assert "at risk from slipped plans" in plans and "lost where plans start later" not in plans
    deflection = (built_pack.folder / "50_deflection.html").read_text(encoding="utf-8")
    assert "From each intervention's start (the first in April 2025) to October 2026" in (
        re.sub(r"<[^>]+>", "", deflection)
    )
