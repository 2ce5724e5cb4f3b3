"""The one write path for works, authorships and everything derived from them.

Counters on researchers (works, citations, h-index, i10, topics, close collaborators) and the
collaboration edges are derived from authorships. Whatever changes authorships or the fields
they are counted by (Work.hidden, is_primary_version, citation_count, year, topics) ends in
`authorships_changed`, with the ids of every researcher whose authorships were touched: the
services below, Django admin (works/admin.py), the importers and the seed loader. Nothing else
writes those counters or the edge table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bzpeer.errors import ApplicationError
from profiles.models import Researcher
from works import derived
from works.models import Authorship, Topic, Work

NOT_LISTED = "That work is not listed on your record."
NOT_REJECTED = "That authorship is not marked “not mine”."
NOT_OWNER = "Only the owner of this record can do that."


@transaction.atomic
def authorships_changed(*, researcher_ids: Iterable[int]) -> None:
    """Recount the counters and the edges of these researchers after their authorships changed.

    Pass every author of every changed work (a rejected authorship still removes its owner's
    pairs with every co-author). Cost grows with these researchers' own works, never with the
    tables; four statements whatever the number of ids.
    """
    ids = sorted(set(researcher_ids))
    if not ids:
        return
    derived.researcher_stats_refresh(researcher_ids=ids)
    derived.edges_refresh(researcher_ids=ids)


def _authors_of(work_ids: Iterable[int]) -> set[int]:
    """Every researcher with an authorship (rejected ones too) on these works. One query."""
    return set(
        Authorship.objects.filter(work_id__in=list(work_ids)).values_list(
            "researcher_id", flat=True
        )
    )


def works_changed(*, work_ids: Iterable[int], also: Iterable[int] = ()) -> None:
    """`authorships_changed` for every author of these works, plus `also` (researchers who
    were authors before the change, e.g. one removed in admin)."""
    authorships_changed(researcher_ids=set(also) | _authors_of(work_ids))


BULK_CHUNK = 20_000
FULL_RECOUNT_SHARE = 0.25  # touched researchers above this share: recount all edges at once


def authorships_changed_in_bulk(*, researcher_ids: Iterable[int]) -> None:
    """`authorships_changed` for a bulk import: counters in chunks of BULK_CHUNK researchers,
    each in its own transaction (locks stay short, memory flat), then the edges touching them
    incrementally, or in one full recount when most of the graph changed (one pass beats
    millions of upserts)."""
    ids = sorted(set(researcher_ids))
    for start in range(0, len(ids), BULK_CHUNK):
        with transaction.atomic():
            derived.researcher_stats_refresh(researcher_ids=ids[start : start + BULK_CHUNK])
    if len(ids) > FULL_RECOUNT_SHARE * max(Researcher.objects.count(), 1):
        derived.edges_recount_all()
    else:
        derived.edges_refresh(researcher_ids=ids)


# --- curation --------------------------------------------------------------------------------


@transaction.atomic
def works_hidden_set(*, works: QuerySet[Work], hidden: bool) -> int:
    """A curator hides works (they leave every page, list and counter; their URLs are 404s)
    or shows them again. One update and one recount however many; returns how many changed."""
    changed = list(
        Work.objects.select_for_update()
        .filter(pk__in=works.values("pk"))
        .exclude(hidden=hidden)
        .values_list("pk", flat=True)
    )
    Work.objects.filter(pk__in=changed).update(hidden=hidden, updated=timezone.now())
    works_changed(work_ids=changed)
    return len(changed)


def work_hide(*, work: Work) -> Work:
    works_hidden_set(works=Work.objects.filter(pk=work.pk), hidden=True)
    work.refresh_from_db(fields=["hidden", "updated"])
    return work


def work_unhide(*, work: Work) -> Work:
    works_hidden_set(works=Work.objects.filter(pk=work.pk), hidden=False)
    work.refresh_from_db(fields=["hidden", "updated"])
    return work


@transaction.atomic
def works_delete(*, works: QuerySet[Work]) -> int:
    """Delete works (admin) and recount their former authors."""
    ids = list(works.values_list("pk", flat=True))
    authors = _authors_of(ids)
    deleted, _ = Work.objects.filter(pk__in=ids).delete()
    authorships_changed(researcher_ids=authors)
    return deleted


@transaction.atomic
def topics_delete(*, topics: QuerySet[Topic]) -> None:
    """Delete topics (admin); the authors of their works lose them from their topic counts."""
    work_ids = list(Work.objects.filter(topics__in=topics).values_list("pk", flat=True))
    Topic.objects.filter(pk__in=topics.values("pk")).delete()
    works_changed(work_ids=work_ids)


@transaction.atomic
def researchers_delete(*, researchers: QuerySet[Researcher]) -> int:
    """Delete researcher records (admin): their authorships and edges go with them, and their
    co-authors are recounted."""
    ids = list(researchers.values_list("pk", flat=True))
    work_ids = list(
        Authorship.objects.filter(researcher_id__in=ids).values_list("work_id", flat=True)
    )
    coauthors = _authors_of(work_ids) - set(ids)
    deleted, _ = Researcher.objects.filter(pk__in=ids).delete()
    authorships_changed(researcher_ids=coauthors)
    return deleted


@transaction.atomic
def authorship_save(*, authorship: Authorship, previous_researcher_id: int | None = None) -> None:
    """Save an authorship a curator edited; `previous_researcher_id` when it moved to another
    researcher (who loses the work)."""
    authorship.save()
    works_changed(
        work_ids=[authorship.work_id],
        also=[previous_researcher_id] if previous_researcher_id else (),
    )


@transaction.atomic
def authorships_delete(*, authorships: QuerySet[Authorship]) -> None:
    rows = list(authorships.values_list("pk", "work_id", "researcher_id"))
    Authorship.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
    works_changed(work_ids={w for _, w, _ in rows}, also={r for _, _, r in rows})


@transaction.atomic
def authorships_rejected_set(*, authorships: QuerySet[Authorship], user, rejected: bool) -> int:
    """Mark authorships "not mine" (by the owner or a curator), or undo it; one update and one
    recount however many; returns how many changed. A rejected row stays, marked, so every
    later import (which keys authorships by work and researcher) finds it and leaves it alone."""
    rows = list(
        Authorship.objects.select_for_update()
        .filter(pk__in=authorships.values("pk"), rejected_at__isnull=rejected)
        .values_list("pk", "work_id")
    )
    Authorship.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        rejected_at=timezone.now() if rejected else None, rejected_by=user if rejected else None
    )
    works_changed(work_ids={work_id for _, work_id in rows})
    return len(rows)


def authorship_reject(*, authorship: Authorship, user) -> Authorship:
    """The work leaves the researcher's record now and for good (see authorships_rejected_set)."""
    one = Authorship.objects.filter(pk=authorship.pk)
    authorships_rejected_set(authorships=one, user=user, rejected=True)
    return one.get()


def authorship_restore(*, authorship: Authorship) -> Authorship:
    """Undo a "not mine": the work counts for the researcher again."""
    one = Authorship.objects.filter(pk=authorship.pk)
    if not authorships_rejected_set(authorships=one, user=None, rejected=False):
        raise ApplicationError(NOT_REJECTED)
    return one.get()


def authorship_reject_by_owner(*, researcher: Researcher, work_id: int, user) -> Authorship:
    """The owner says a listed work is not theirs ("not mine" on their record)."""
    if researcher.claimed_by_id != user.pk:
        raise ApplicationError(NOT_OWNER)
    authorship = Authorship.objects.filter(
        researcher=researcher, work_id=work_id, rejected_at__isnull=True
    ).first()
    if authorship is None:
        raise ApplicationError(NOT_LISTED)
    return authorship_reject(authorship=authorship, user=user)


# --- checks ----------------------------------------------------------------------------------


def derived_verify() -> derived.DerivedReport:
    """Recount every counter and edge from scratch and diff with the tables. No writes."""
    return derived.derived_verify()


def derived_rebuild() -> derived.DerivedReport:
    """Make every counter and edge equal to a from-scratch recount; return what differed."""
    return derived.derived_rebuild()
