"""The trust score: evidence about identity and record completeness, never prestige.

One pure function, `trust_score`, with a breakdown that the profile shows as "why this score"
and the public "How trust works" page states in words. Change the formula only together with
TRUST_FORMULA_VERSION and that page.
"""

import math
from dataclasses import dataclass
from datetime import date

TRUST_FORMULA_VERSION = "1.0 (2026-11)"

IDENTITY_POINTS = {0: 0, 1: 15, 2: 35, 3: 50}
WORK_POINTS = 6
AFFILIATION_POINTS = 4
ORCID_POINTS = 5
HEADLINE_POINTS = 5
FOLLOWER_POINTS_MAX = 10
CLAIMED_COLLABORATOR_POINTS = 2
CLAIMED_COLLABORATOR_POINTS_MAX = 10
MATURE_CLAIM_DAYS = 90
MATURE_CLAIM_POINTS = 10
COMMUNITY_POINTS_MAX = 30
IDENTITY_POINTS_MAX = max(IDENTITY_POINTS.values())

TIERS = [(80, "Exemplary"), (60, "Trusted"), (40, "Established"), (20, "Emerging"), (0, "New")]


@dataclass(frozen=True)
class TrustInputs:
    verification_level: int
    works_count: int = 0
    has_affiliation: bool = False
    has_orcid: bool = False
    has_owner_headline: bool = False
    followers_count: int = 0
    claimed_close_collaborators: int = 0
    claim_approved_on: date | None = None


@dataclass(frozen=True)
class TrustComponent:
    group: str  # "Identity", "Record" or "Community"
    label: str
    points: int
    max_points: int


@dataclass(frozen=True)
class TrustScore:
    score: int
    tier: str
    components: tuple[TrustComponent, ...]

    @property
    def label(self) -> str:
        return f"Trust {self.score} - {self.tier}"


def trust_tier(score: int) -> str:
    return next(name for floor, name in TIERS if score >= floor)


def follower_points(followers: int) -> int:
    """min(10, round(3·log2(1+followers))), rounding halves up."""
    return min(FOLLOWER_POINTS_MAX, math.floor(3 * math.log2(1 + max(followers, 0)) + 0.5))


def trust_score(inputs: TrustInputs, *, today: date | None = None) -> TrustScore:
    today = today or date.today()
    claim_age = (today - inputs.claim_approved_on).days if inputs.claim_approved_on else None
    level = inputs.verification_level
    record = [
        TrustComponent(
            "Identity", f"Verification L{level}", IDENTITY_POINTS[level], IDENTITY_POINTS_MAX
        ),
        TrustComponent(
            "Record", "At least one work", WORK_POINTS * (inputs.works_count > 0), WORK_POINTS
        ),
        TrustComponent(
            "Record",
            "Affiliation known",
            AFFILIATION_POINTS * inputs.has_affiliation,
            AFFILIATION_POINTS,
        ),
        TrustComponent("Record", "ORCID iD linked", ORCID_POINTS * inputs.has_orcid, ORCID_POINTS),
        TrustComponent(
            "Record",
            "Headline written by the owner",
            HEADLINE_POINTS * inputs.has_owner_headline,
            HEADLINE_POINTS,
        ),
    ]
    community = [
        TrustComponent(
            "Community", "Followers", follower_points(inputs.followers_count), FOLLOWER_POINTS_MAX
        ),
        TrustComponent(
            "Community",
            "Claimed close collaborators",
            min(
                CLAIMED_COLLABORATOR_POINTS_MAX,
                CLAIMED_COLLABORATOR_POINTS * inputs.claimed_close_collaborators,
            ),
            CLAIMED_COLLABORATOR_POINTS_MAX,
        ),
        TrustComponent(
            "Community",
            f"Claim approved over {MATURE_CLAIM_DAYS} days ago",
            MATURE_CLAIM_POINTS * (claim_age is not None and claim_age > MATURE_CLAIM_DAYS),
            MATURE_CLAIM_POINTS,
        ),
    ]
    community_points = min(COMMUNITY_POINTS_MAX, sum(c.points for c in community))
    score = min(100, sum(c.points for c in record) + community_points)
    return TrustScore(score=score, tier=trust_tier(score), components=tuple(record + community))


def tier_ranges() -> list[tuple[str, int, int]]:
    """(tier, lowest score, highest score), lowest tier first."""
    floors = sorted(TIERS)
    return [
        (name, floor, (floors[i + 1][0] - 1) if i + 1 < len(floors) else 100)
        for i, (floor, name) in enumerate(floors)
    ]


# The two records "How trust works" explains, scored by the formula itself.
EXAMPLE_IMPORTED = TrustInputs(verification_level=1, works_count=12)
EXAMPLE_CLAIMED = TrustInputs(verification_level=2, works_count=12, has_owner_headline=True)


def trust_examples(*, today: date | None = None) -> list[TrustScore]:
    return [trust_score(inputs, today=today) for inputs in (EXAMPLE_IMPORTED, EXAMPLE_CLAIMED)]
