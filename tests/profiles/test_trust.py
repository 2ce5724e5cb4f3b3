from datetime import date, timedelta

import pytest

from profiles.trust import TrustInputs, follower_points, trust_score, trust_tier

TODAY = date(2026, 11, 25)
SEED_RECORD = TrustInputs(verification_level=1, works_count=47)


def score(**changes) -> int:
    inputs = TrustInputs(**{**SEED_RECORD.__dict__, **changes})
    return trust_score(inputs, today=TODAY).score


def test_unclaimed_imported_record_scores_21_emerging():
    result = trust_score(SEED_RECORD, today=TODAY)
    assert result.label == "Trust 21 - Emerging"


def test_breakdown_sums_to_the_score_and_names_every_component():
    result = trust_score(SEED_RECORD, today=TODAY)
    assert sum(c.points for c in result.components) == result.score
    labels = [c.label for c in result.components]
    assert labels == [
        "Verification L1",
        "At least one work",
        "Affiliation known",
        "ORCID iD linked",
        "Headline written by the owner",
        "Followers",
        "Claimed close collaborators",
        "Claim approved over 90 days ago",
    ]


@pytest.mark.parametrize(("level", "expected"), [(0, 6), (1, 21), (2, 41), (3, 56)])
def test_verification_level_sets_identity_points(level, expected):
    assert score(verification_level=level) == expected


@pytest.mark.parametrize(
    ("change", "delta"),
    [
        ({"works_count": 0}, -6),
        ({"has_affiliation": True}, 4),
        ({"has_orcid": True}, 5),
        ({"has_owner_headline": True}, 5),
        ({"followers_count": 1}, 3),
        ({"claimed_close_collaborators": 1}, 2),
        ({"claimed_close_collaborators": 5}, 10),
        ({"claimed_close_collaborators": 40}, 10),
        ({"claim_approved_on": TODAY - timedelta(days=91)}, 10),
        ({"claim_approved_on": TODAY - timedelta(days=90)}, 0),
        ({"claim_approved_on": TODAY}, 0),
    ],
)
def test_each_component_moves_the_score_as_specified(change, delta):
    assert score(**change) - 21 == delta


@pytest.mark.parametrize(
    ("followers", "points"), [(0, 0), (1, 3), (2, 5), (3, 6), (4, 7), (7, 9), (9, 10), (10_000, 10)]
)
def test_follower_points_are_logarithmic_and_capped_at_10(followers, points):
    assert follower_points(followers) == points


def test_community_points_cap_at_30_and_score_at_100():
    best = TrustInputs(
        verification_level=3,
        works_count=1,
        has_affiliation=True,
        has_orcid=True,
        has_owner_headline=True,
        followers_count=1000,
        claimed_close_collaborators=50,
        claim_approved_on=TODAY - timedelta(days=365),
    )
    result = trust_score(best, today=TODAY)
    assert result.score == 100
    assert result.tier == "Exemplary"


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        (0, "New"),
        (19, "New"),
        (20, "Emerging"),
        (39, "Emerging"),
        (40, "Established"),
        (59, "Established"),
        (60, "Trusted"),
        (79, "Trusted"),
        (80, "Exemplary"),
        (100, "Exemplary"),
    ],
)
def test_tier_boundaries(value, tier):
    assert trust_tier(value) == tier


def test_tier_ranges_cover_0_to_100_without_gaps():
    from profiles.trust import tier_ranges

    ranges = tier_ranges()
    assert ranges[0] == ("New", 0, 19)
    assert ranges[-1] == ("Exemplary", 80, 100)
    assert all(prev[2] + 1 == nxt[1] for prev, nxt in zip(ranges, ranges[1:], strict=False))
