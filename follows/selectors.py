"""What the follow buttons, the Following page and the private feed read."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import F, Q

from follows.models import Follow, InstitutionFollow, TopicFollow
from follows.services import FEED_TOKEN_SALT
from profiles.models import Institution, Researcher
from works.models import Authorship, Topic, Work
from works.selectors import works_with_authors

FEED_SIZE = 50
FOLLOWING_LIST_LIMIT = 200  # per kind; the Following page never grows past this

# Newest first; ties broken by the newest row.
FEED_ORDER = [
    F("year").desc(),
    F("month").desc(nulls_last=True),
    F("day").desc(nulls_last=True),
    F("id").desc(),
]


def researcher_is_followed(*, user, researcher: Researcher) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, researcher=researcher).exists()


def topic_is_followed(*, user, topic: Topic) -> bool:
    if not user.is_authenticated:
        return False
    return TopicFollow.objects.filter(user=user, topic=topic).exists()


def institution_is_followed(*, user, institution: Institution) -> bool:
    if not user.is_authenticated:
        return False
    return InstitutionFollow.objects.filter(user=user, institution=institution).exists()


def follow_section_context(request, researcher: Researcher) -> dict:
    """What the researcher page's follow section needs: no query for visitors, one EXISTS."""
    return {"is_following": researcher_is_followed(user=request.user, researcher=researcher)}


def topic_follow_context(request, topic: Topic) -> dict:
    return {"is_following": topic_is_followed(user=request.user, topic=topic)}


def institution_follow_context(request, institution: Institution) -> dict:
    return {"is_following": institution_is_followed(user=request.user, institution=institution)}


@dataclass(frozen=True)
class Following:
    researchers: list[Researcher]
    topics: list[Topic]
    institutions: list[Institution]

    def __bool__(self) -> bool:
        return bool(self.researchers or self.topics or self.institutions)


def following_for_user(*, user, limit: int = FOLLOWING_LIST_LIMIT) -> Following:
    """What `user` follows, most recently followed first: three queries, at most `limit` each."""
    follows = (
        Follow.objects.filter(user=user)
        .select_related("researcher__affiliation")
        .order_by("-created", "-id")[:limit]
    )
    topic_follows = (
        TopicFollow.objects.filter(user=user).select_related("topic").order_by("-created", "-id")
    )[:limit]
    institution_follows = (
        InstitutionFollow.objects.filter(user=user)
        .select_related("institution")
        .order_by("-created", "-id")[:limit]
    )
    return Following(
        researchers=[f.researcher for f in follows],
        topics=[f.topic for f in topic_follows],
        institutions=[f.institution for f in institution_follows],
    )


def feed_works_for_user(*, user, limit: int = FEED_SIZE) -> list[Work]:
    """Newest visible works by followed researchers, in followed topics, or with an author at a
    followed institution (at the time or now). One query for the works plus two prefetches,
    however much the user follows; a work matching several follows appears once."""
    researcher_ids = Follow.objects.filter(user=user).values("researcher_id")
    topic_ids = TopicFollow.objects.filter(user=user).values("topic_id")
    institution_ids = InstitutionFollow.objects.filter(user=user).values("institution_id")
    by_people = (
        Authorship.objects.not_rejected()
        .filter(
            Q(researcher_id__in=researcher_ids)
            | Q(institution_id__in=institution_ids)
            | Q(researcher__affiliation_id__in=institution_ids)
        )
        .values("work_id")
    )
    in_topics = Work.topics.through.objects.filter(topic_id__in=topic_ids).values("work_id")
    works = Work.objects.listed().filter(Q(pk__in=by_people) | Q(pk__in=in_topics))
    return list(works_with_authors(works.order_by(*FEED_ORDER))[:limit])


def user_for_feed_token(token: str):
    """The active user a token was made for, or None for a bad, tampered or stale token."""
    try:
        pk = int(signing.Signer(salt=FEED_TOKEN_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
