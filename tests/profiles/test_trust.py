import itertools
from datetime import date, timedelta

import pytest

from profiles import trust
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


def test_the_best_record_scores_exactly_100_and_every_maximum_is_reachable():
    """Fails if a constant changes so that the pieces no longer add up to the 0-100 scale
    (then COMMUNITY_POINTS_MAX and the 100 cap would start to bind and need a decision)."""
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
    assert [c.points for c in result.components] == [c.max_points for c in result.components]
    assert sum(c.max_points for c in result.components) == 100
    community = [c for c in result.components if c.group == "Community"]
    assert sum(c.max_points for c in community) == trust.COMMUNITY_POINTS_MAX
    assert (result.score, result.tier) == (100, "Exemplary")


def test_more_evidence_never_lowers_the_score():
    levels, works, flags = range(4), (0, 1, 500), (False, True)
    followers, collaborators = (0, 1, 3, 50), (0, 1, 7)
    claims = (None, TODAY - timedelta(days=10), TODAY - timedelta(days=400))

    def at(level, n, aff, orcid, head, fans, claimed, approved):
        inputs = TrustInputs(level, n, aff, orcid, head, fans, claimed, approved)
        return trust_score(inputs, today=TODAY).score

    axes = [levels, works, flags, flags, flags, followers, collaborators, claims]
    for point in itertools.product(*(axis[:-1] for axis in axes)):
        here = at(*point)
        assert 0 <= here <= 100
        for i, axis in enumerate(axes):
            more = list(point)
            more[i] = axis[axis.index(point[i]) + 1]
            assert at(*more) >= here, (point, i)


@pytest.mark.django_db
def test_the_trust_page_example_is_the_formula_at_work(client):
    html = client.get("/trust/").content.decode()
    imported, claimed = trust.trust_examples()
    assert imported.label == "Trust 21 - Emerging"  # the seed pages' score
    assert (
        f"scores {trust.IDENTITY_POINTS[1]} (Verification L1) + {trust.WORK_POINTS} "
        f"(At least one work) = <strong>{imported.label}</strong>"
    ) in html
    assert f"= {claimed.score}, {claimed.tier}." in html
    assert claimed.score == trust.IDENTITY_POINTS[2] + trust.WORK_POINTS + trust.HEADLINE_POINTS


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
