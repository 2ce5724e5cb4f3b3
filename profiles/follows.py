"""Following researchers, topics and institutions: the writes, the reads and the feed token.

Writes take the desired state (`following=True/False`), never a blind toggle, so a retried or
double-clicked request changes nothing the second time. The researcher's `followers_count` is
exact under concurrency: the counter moves only when this transaction's own
`INSERT … ON CONFLICT DO NOTHING RETURNING` or `DELETE … RETURNING` touched a row, and the
`UPDATE … SET n = n ± 1` re-reads the committed value under its row lock.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.db import connection, transaction
from django.db.models import F, Q

from profiles.models import Follow, Institution, InstitutionFollow, Researcher, TopicFollow
from works.models import Authorship, Topic, Work
from works.selectors import works_with_authors

FEED_TOKEN_SALT = "following-feed"
FEED_SIZE = 50
FOLLOWING_LIST_LIMIT = 200  # per kind; the Following page never grows past this

# Newest first; ties broken by the newest row.
FEED_ORDER = [
    F("year").desc(),
    F("month").desc(nulls_last=True),
    F("day").desc(nulls_last=True),
    F("id").desc(),
]


# --------------------------------------------------------------------------------------------
# Writes
# --------------------------------------------------------------------------------------------


def _follow_row_set(*, model, target_field: str, user_id: int, target_id: int, following: bool):
    """Insert or delete one (user, target) row; True when this call changed a row."""
    table = model._meta.db_table
    target_column = model._meta.get_field(target_field).column
    with connection.cursor() as cursor:
        if following:
            cursor.execute(
                f"INSERT INTO {table} (user_id, {target_column}, created) "
                f"VALUES (%s, %s, now()) "
                f"ON CONFLICT (user_id, {target_column}) DO NOTHING RETURNING id",
                [user_id, target_id],
            )
        else:
            cursor.execute(
                f"DELETE FROM {table} WHERE user_id = %s AND {target_column} = %s RETURNING id",
                [user_id, target_id],
            )
        return cursor.fetchone() is not None


@transaction.atomic
def researcher_follow_set(*, user, researcher: Researcher, following: bool) -> bool:
    """Make `user` follow (or not) `researcher`; return the new state.

    Sets `researcher.followers_count` to the fresh committed-or-ours value, for the button.
    """
    changed = _follow_row_set(
        model=Follow,
        target_field="researcher",
        user_id=user.pk,
        target_id=researcher.pk,
        following=following,
    )
    table = Researcher._meta.db_table
    with connection.cursor() as cursor:
        if changed:
            delta = "+ 1" if following else "- 1"
            cursor.execute(
                f"UPDATE {table} SET followers_count = followers_count {delta} "
                f"WHERE id = %s RETURNING followers_count",
                [researcher.pk],
            )
        else:
            cursor.execute(f"SELECT followers_count FROM {table} WHERE id = %s", [researcher.pk])
        (researcher.followers_count,) = cursor.fetchone()
    return following


@transaction.atomic
def topic_follow_set(*, user, topic: Topic, following: bool) -> bool:
    _follow_row_set(
        model=TopicFollow,
        target_field="topic",
        user_id=user.pk,
        target_id=topic.pk,
        following=following,
    )
    return following


@transaction.atomic
def institution_follow_set(*, user, institution: Institution, following: bool) -> bool:
    _follow_row_set(
        model=InstitutionFollow,
        target_field="institution",
        user_id=user.pk,
        target_id=institution.pk,
        following=following,
    )
    return following


# --------------------------------------------------------------------------------------------
# Reads
# --------------------------------------------------------------------------------------------


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
        Authorship.objects.filter(rejected_at__isnull=True)
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


# --------------------------------------------------------------------------------------------
# The private feed URL
# --------------------------------------------------------------------------------------------


def feed_token_for(user) -> str:
    """A signed token naming the user, for a feed URL a reader can fetch without logging in."""
    # No timestamp: the same user always gets the same URL to paste into a feed reader.
    return signing.Signer(salt=FEED_TOKEN_SALT).sign(str(user.pk))


def user_for_feed_token(token: str):
    """The active user a token was made for, or None for a bad, tampered or stale token."""
    from django.contrib.auth import get_user_model

    try:
        pk = int(signing.Signer(salt=FEED_TOKEN_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()
