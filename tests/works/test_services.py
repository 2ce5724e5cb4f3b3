import pytest

from tests.factories import researcher_create, works_create
from works.models import CollaborationEdge
from works.services import authorship_reject, work_hide

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("citations", "h_index", "i10"),
    [
        ([], 0, 0),
        ([0, 0, 0], 0, 0),
        ([1], 1, 0),
        ([10, 10, 10], 3, 3),
        ([3, 0, 6, 1, 5], 3, 0),  # the textbook example
        ([25, 8, 5, 3, 3], 3, 1),
        ([100] * 12, 12, 12),
        ([9, 10, 11], 3, 2),
    ],
)
def test_h_index_and_i10_are_computed_from_work_citations(citations, h_index, i10):
    researcher = researcher_create()
    if citations:
        works_create(researcher, len(citations), citations=lambda i: citations[i])
    researcher.refresh_from_db()
    assert (researcher.h_index, researcher.i10_index) == (h_index, i10)
    assert researcher.citations_count == sum(citations)
    assert researcher.works_count == len(citations)


def test_hidden_works_and_rejected_authorships_do_not_count():
    researcher = researcher_create()
    works = works_create(researcher, 3, citations=lambda i: 10)
    work_hide(work=works[0])
    authorship_reject(authorship=works[1].authorships.get(researcher=researcher), user=None)
    researcher.refresh_from_db()
    assert researcher.works_count == 1
    assert researcher.citations_count == 10


def test_edges_store_each_pair_once_in_order_with_years():
    a, b, c = researcher_create(), researcher_create(), researcher_create()
    works_create(a, 3, coauthors=[b], first_year=2010)
    works_create(c, 1, coauthors=[a], first_year=2020)
    edges = {(e.researcher_a_id, e.researcher_b_id): e for e in CollaborationEdge.objects.all()}
    ab = edges[(min(a.pk, b.pk), max(a.pk, b.pk))]
    assert (ab.shared_works, ab.first_year, ab.last_year) == (3, 2010, 2012)
    assert edges[(min(a.pk, c.pk), max(a.pk, c.pk))].shared_works == 1
    a.refresh_from_db()
    assert a.close_collaborators_count == 1  # b (3 shared); c shares only one work


def test_the_orm_and_sql_forms_of_counted_authorships_agree():
    """works.models.COUNTED_AUTHORSHIP (pages) and counted_sql (counters, edges) are one rule."""
    from django.db.models import Count

    from profiles.models import Researcher
    from works.models import Authorship, Work

    a, b = researcher_create(), researcher_create()
    works = works_create(a, 4, coauthors=[b])
    work_hide(work=works[0])
    authorship_reject(authorship=works[1].authorships.get(researcher=b), user=None)
    Work.objects.filter(pk=works[2].pk).update(is_primary_version=False)  # as a family would
    from works.services import works_changed

    works_changed(work_ids=[works[2].pk])
    counted = dict(
        Authorship.objects.counted()
        .values_list("researcher_id")
        .annotate(n=Count("id"))
        .values_list("researcher_id", "n")
    )
    for researcher in Researcher.objects.all():
        assert researcher.works_count == counted.get(researcher.pk, 0), researcher
        listed = Work.objects.counted_for(researcher).count()
        assert listed == researcher.works_count, researcher
