"""The months-gained chart keeps room for its words on both sides of zero."""

import pandas as pd

from commissioning_analytics.figures import delivery


def test_words_beside_slipping_and_gaining_bars_have_room_on_both_sides():
    # 16 slipping and 2 ahead on the sample put "lost 2 months: ..." left of the bars, over the
    # scheme names, when only the right-hand side had room: months -3..+2 span 5, so 0.6 x 5 =
    # 3 months of room beyond each end.
    table = pd.DataFrame({"scheme_id": ["1", "2", "3"], "scheme": ["A", "B", "C"],
                          "change_months": [-3.0, -1.0, 2.0],
                          "in_year_effect_gbp": [-46_000.0, -50_000.0, 20_000.0]})
    fig = delivery.months_gained(table, title="t")
    low, high = fig.layout.xaxis.range
    assert (low, high) == (-6.0, 5.0)
