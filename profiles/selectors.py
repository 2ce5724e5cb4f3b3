"""Every read a profiles view needs."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from profiles.models import Researcher
from profiles.trust import TrustInputs, TrustScore, trust_score


def researcher_get(*, slug: str) -> Researcher:
    """The researcher for a page, affiliation joined; 404 when the slug is unknown."""
    return get_object_or_404(Researcher.objects.for_profile(), slug=slug)


def researcher_trust(*, researcher: Researcher, claimed_close_collaborators: int) -> TrustScore:
    return trust_score(
        TrustInputs(
            verification_level=researcher.verification_level,
            works_count=researcher.works_count,
            has_affiliation=researcher.affiliation_id is not None,
            has_orcid=bool(researcher.orcid),
            has_owner_headline=researcher.is_claimed and bool(researcher.headline),
            followers_count=researcher.followers_count,
            claimed_close_collaborators=claimed_close_collaborators,
            claim_approved_on=researcher.claimed_at.date() if researcher.claimed_at else None,
        )
    )


def researcher_list_recent(*, limit: int = 12) -> QuerySet[Researcher]:
    """Recently updated researchers that have works, for the home page."""
    return (
        Researcher.objects.filter(works_count__gt=0)
        .select_related("affiliation")
        .order_by("-updated", "id")[:limit]
    )


def researchers_of_institution(*, institution):
    return (
        Researcher.objects.filter(affiliation=institution)
        .select_related("affiliation")
        .order_by("-works_count", "display_name")
    )
