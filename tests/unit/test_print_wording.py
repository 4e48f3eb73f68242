"""Wording a director reads on the board summary: exceptions name the worst, not every scheme."""

from __future__ import annotations

import pandas as pd
import pytest

from commissioning_analytics.schema import Scheme
from commissioning_analytics.views import summary as summary_views

pytestmark = pytest.mark.unit


def test_slipping_schemes_worst_first_and_the_rest_counted():
    slip = pd.DataFrame(
        {Scheme.scheme: list("ABCDEFG"), "change_months": [-1, -3, -2, -1, -2, -1, -1]}
    )
    text = summary_views.worst_first(slip)
    # five named, most months lost first (B -3, then C and E -2 in register order, then A, D)
    assert text.startswith("B (−3 months); C (−2 months); E (−2 months); A (−1 month); D")
    assert text.endswith("; and 2 more on the page")
    assert "F (" not in text and "G (" not in text
    assert summary_views.worst_first(slip.head(2)) == "B (−3 months); A (−1 month)"
