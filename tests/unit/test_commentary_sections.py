"""Which headings of the month's commentary file the pack says it cannot place: a page or a
scheme it does not have, never the Word paper's ``## Cover`` section (pack/docx.py reads it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from commissioning_analytics.commentary import Commentary, _parse_markdown

pytestmark = pytest.mark.unit

TEXT = """# Commentary, October 2026

## Cover
Purpose: To report the savings programme at month 7.

## Summary
The outturn rose by £323k.

## Savings curve
A heading one letter short of a page.

## Scheme 99
Not in the register.
"""


def test_the_cover_section_is_not_reported_as_a_heading_with_no_page():
    pages, schemes, headings = _parse_markdown(TEXT)
    commentary = Commentary(Path("2026-10.md"), pages, schemes, [], headings)
    said = commentary.unplaced(["10_savings_curves", "20_rag_dashboard"], ["1", "2"])
    # the sample's cover sheet put "Commentary file needs correcting" on the board summary
    assert not [line for line in said if "'Cover'" in line]
    # the misspelt page and the unknown scheme are still reported, one line each
    assert len(said) == 2
    assert "the heading 'Savings curve' names no page of the pack" in said[0]
    assert "scheme '99' is not in the register" in said[1]
