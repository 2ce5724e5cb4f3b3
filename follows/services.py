"""Following researchers, topics and institutions: the writes and the private feed token.

Writes take the desired state (`following=True/False`), never a blind toggle, so a retried or
double-clicked request changes nothing the second time. The researcher's `followers_count` is
exact under concurrency: the counter moves only when this transaction's own
`INSERT … ON CONFLICT DO NOTHING RETURNING` or `DELETE … RETURNING` touched a row, and the
`UPDATE … SET n = n ± 1` re-reads the committed value under its row lock.
"""

from __future__ import annotations

from django.core import signing
from django.db import connection, transaction

from follows.models import Follow, InstitutionFollow, TopicFollow
from profiles.models import Institution, Researcher
from works.models import Topic

FEED_TOKEN_SALT = "following-feed"

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


def feed_token_for(user) -> str:
    """A signed token naming the user, for a feed URL a reader can fetch without logging in."""
    # No timestamp: the same user always gets the same URL to paste into a feed reader.
    return signing.Signer(salt=FEED_TOKEN_SALT).sign(str(user.pk))
