"""Savings schemes and deflection interventions of the same service: linked by a reference or
the stated name match, their common saving counted once."""

import pandas as pd
import pytest

from commissioning_analytics.model.overlap import initials, link_services, same_service, words

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("scheme", "intervention", "how"),
    [
        ("Care home enhanced support", "Care home enhanced support", "name match"),
        ("Discharge to assess pathway", "Discharge to assess (pathway 1)", "name match"),
        ("Virtual ward for frail older people", "Frailty virtual ward", "name match"),
        ("End of life care coordination", "End-of-life care coordination", "name match"),
        ("Outpatient follow-up reduction (PIFU)", "Patient-initiated follow-up", "acronym"),
        ("Crisis café", "Crisis cafe", "name match"),
        # not one service: a word of the shorter name is missing from the longer
        ("MSK triage and physiotherapy first", "Community MSK triage", None),
        ("Crisis cafe and alternatives to admission", "Mental health crisis café", None),
        ("Falls prevention and community rehab", "Falls response service", None),
        ("Advice and guidance before referral", "Advice and guidance: dermatology", None),
        # one word is not enough; a three-letter stem is not a word
        ("Ward", "Virtual ward", None),
        ("Eye care", "Eye car", None),
        ("Outpatient follow-up reduction (PIFU)", "Patient initiated review", None),
    ],
)
def test_the_stated_name_match_on_both_sides(scheme, intervention, how):
    assert same_service(scheme, intervention) == how
    assert same_service(intervention, scheme) == how


def test_words_and_initials():
    assert words("End-of-life care: coordination (2)") == ["end", "life", "care", "coordination"]
    assert initials("Patient-initiated follow-up") == "PIFU"


def schemes():
    return pd.DataFrame(
        {
            "scheme_id": ["7", "9", "10", "12"],
            "scheme": [
                "Virtual ward for frail older people",
                "Discharge to assess pathway",
                "Care home enhanced support",
                "Care home enhanced support review",
            ],
            "file_ref": ["QIPP-7", "QIPP-9", None, None],
            "saving_gbp": [500_000.0, 100_000.0, 80_000.0, 0.0],
        }
    )


def interventions(**extra):
    frame = pd.DataFrame(
        {
            "intervention_id": ["INT01", "INT02", "INT03", "INT07", "INT99"],
            "intervention": [
                "Frailty virtual ward",
                "Discharge to assess (pathway 1)",
                "Step-down beds",
                "Care home enhanced support",
                "Something else",
            ],
            "saving_gbp": [300_000.0, 150_000.0, 40_000.0, 60_000.0, 10_000.0],
        }
    )
    for name, values in extra.items():
        frame[name] = values
    return frame


def test_linked_pairs_overlap_by_their_common_saving_and_totals_count_it_once():
    links = link_services(schemes(), interventions())
    pairs = links.pairs.set_index("intervention_id")
    assert list(links.pairs["scheme_id"]) == ["7", "9"]
    # the virtual ward: 500,000 and 300,000 -> 300,000 in common; D2A: 100,000 and 150,000
    assert pairs.loc["INT01", "overlap_gbp"] == 300_000
    assert pairs.loc["INT02", "overlap_gbp"] == 100_000
    assert pairs["overlaps"].all()
    assert links.overlap_gbp == 400_000
    # schemes 680,000 + interventions 560,000, less 400,000 counted twice
    assert links.total_gbp(680_000, 560_000) == 840_000
    # INT07 names schemes 10 and 12 alike ("review" is an extra word of the longer name): ambiguous
    assert list(links.ambiguous["intervention_id"]) == ["INT07"]
    assert links.ambiguous["scheme_ids"].iloc[0] == "10, 12"


def test_a_reference_wins_and_several_interventions_share_one_schemes_saving():
    refs = [None, "QIPP-9", " qipp-9 ", "10", None]
    links = link_services(schemes(), interventions(scheme_ref=refs), reference="scheme_ref")
    pairs = links.pairs.set_index("intervention_id")
    assert pairs.loc["INT03", "scheme_id"] == "9" and pairs.loc["INT03", "link"] == "reference"
    assert pairs.loc["INT07", "scheme_id"] == "10" and pairs.loc["INT07", "link"] == "reference"
    # scheme 9 saves 100,000: INT02 (150,000) takes all of it, INT03 adds no more overlap
    assert pairs.loc["INT02", "overlap_gbp"] == 100_000
    assert pairs.loc["INT03", "overlap_gbp"] == 0 and not pairs.loc["INT03", "overlaps"]
    assert pairs.loc["INT07", "overlap_gbp"] == 60_000
    assert links.ambiguous.empty


def test_a_pair_with_no_saving_on_one_side_does_not_overlap():
    frame = schemes().assign(saving_gbp=[0.0, -5_000.0, 0.0, 0.0])
    links = link_services(frame, interventions())
    assert links.overlap_gbp == 0 and not links.pairs["overlaps"].any()
    assert len(links.pairs) == 2  # still linked: the page says they are one service
