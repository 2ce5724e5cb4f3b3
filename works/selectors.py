"""Every read a works view needs."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from profiles.models import Researcher
from works.models import Authorship, Topic, Work, counted_via_authorships

WORK_SORTS = {
    "newest": [
        F("year").desc(),
        F("month").desc(nulls_last=True),
        F("day").desc(nulls_last=True),
        "id",
    ],
    "cited": ["-citation_count", F("year").desc(), "id"],
    "title": ["title", "id"],
}
DEFAULT_SORT = "newest"


def works_with_authors(queryset: QuerySet[Work]) -> QuerySet[Work]:
    """Authors in printed order and topics, in two queries for the whole page of works."""
    authorships = (
        Authorship.objects.not_rejected()
        .select_related("researcher")
        .order_by(F("position").asc(nulls_last=True), "id")
    )
    return queryset.prefetch_related(Prefetch("authorships", queryset=authorships), "topics")


def work_list_for_researcher(
    *,
    researcher: Researcher,
    sort: str = DEFAULT_SORT,
    year: int | None = None,
    work_type: str | None = None,
) -> QuerySet[Work]:
    """The researcher's visible works, excluding ones marked "not mine"; lazy, paginate it."""
    works = Work.objects.counted_for(researcher)
    if year is not None:
        works = works.filter(year=year)
    if work_type:
        works = works.filter(work_type=work_type)
    return works_with_authors(works.order_by(*WORK_SORTS.get(sort, WORK_SORTS[DEFAULT_SORT])))


def work_years_for_researcher(*, researcher: Researcher) -> list[tuple[int, int]]:
    """(year, works) ascending, for the year filter and the sparkline. One query."""
    rows = (
        Work.objects.counted_for(researcher)
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return list(rows)


def work_types_for_researcher(*, researcher: Researcher) -> list[str]:
    return list(
        Work.objects.counted_for(researcher)
        .values_list("work_type", flat=True)
        .distinct()
        .order_by("work_type")
    )


def work_versions(*, work: Work) -> list[Work]:
    """The other visible versions in the work's family (preprint, published version), the
    primary one first, then oldest first. One query; empty when the work has no family."""
    if work.family_id is None:
        return []
    return list(
        Work.objects.visible()
        .filter(family_id=work.family_id)
        .exclude(pk=work.pk)
        .order_by("-is_primary_version", "year", "month", "day", "id")
    )


def work_get(*, pk: int) -> Work:
    """A visible work with its authors and topics; 404 when missing or hidden."""
    return get_object_or_404(works_with_authors(Work.objects.visible()), pk=pk)


def topic_researchers(*, topic: Topic) -> QuerySet[Researcher]:
    """Researchers publishing in a topic, most works in it first (annotated `topic_works`)."""
    return (
        Researcher.objects.filter(counted_via_authorships(), authorships__work__topics=topic)
        .annotate(topic_works=Count("authorships__work", distinct=True))
        .select_related("affiliation")
        .order_by("-topic_works", "display_name", "id")
    )


def topic_works(*, topic: Topic) -> QuerySet[Work]:
    return works_with_authors(
        Work.objects.listed().filter(topics=topic).order_by(*WORK_SORTS["newest"])
    )


def institution_works(*, institution) -> QuerySet[Work]:
    """Works with an author at the institution, at the time or now."""
    work_ids = (
        Authorship.objects.not_rejected()
        .filter(Q(institution=institution) | Q(researcher__affiliation=institution))
        .values("work_id")
    )
    return works_with_authors(
        Work.objects.listed().filter(pk__in=work_ids).order_by(*WORK_SORTS["newest"])
    )


def works_by_same_authors(*, work: Work, limit: int = 10) -> QuerySet[Work]:
    """Other visible works by any of this work's authors, newest first. One query + prefetch."""
    author_ids = Authorship.objects.not_rejected().filter(work=work).values("researcher_id")
    others = (
        Authorship.objects.not_rejected().filter(researcher_id__in=author_ids).values("work_id")
    )
    return works_with_authors(
        Work.objects.listed()
        .filter(pk__in=others)
        .exclude(pk=work.pk)
        .order_by(*WORK_SORTS["newest"])
    )[:limit]
