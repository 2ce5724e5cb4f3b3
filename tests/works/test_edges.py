"""Edges stay equal to a from-scratch recount through every kind of authorship change."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from profiles.models import Researcher
from tests.factories import researcher_create, works_create
from works.derived import _ALL_EDGES_SQL, edges_recount_all, edges_refresh
from works.models import Authorship, CollaborationEdge
from works.services import (
    authorship_reject,
    authorship_restore,
    derived_rebuild,
    derived_verify,
    work_hide,
    work_unhide,
)

pytestmark = pytest.mark.django_db


def recount() -> dict[tuple[int, int], tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(_ALL_EDGES_SQL)
        return {(a, b): (n, f, last) for a, b, n, f, last in cursor.fetchall()}


def stored() -> dict[tuple[int, int], tuple[int, int, int]]:
    return {
        (e.researcher_a_id, e.researcher_b_id): (e.shared_works, e.first_year, e.last_year)
        for e in CollaborationEdge.objects.all()
    }


def close_counts_match() -> bool:
    truth = {}
    for (a, b), (n, _, _) in recount().items():
        if n >= 2:
            truth[a] = truth.get(a, 0) + 1
            truth[b] = truth.get(b, 0) + 1
    return all(
        count == truth.get(pk, 0)
        for pk, count in Researcher.objects.values_list("pk", "close_collaborators_count")
    )


@pytest.fixture
def team():
    a, b, c, d = (researcher_create() for _ in range(4))
    works = works_create(a, 3, coauthors=[b, c], first_year=2015)
    works += works_create(b, 2, coauthors=[d], first_year=2020)
    return a, b, c, d, works


def test_seed_edges_match_a_recount():
    assert stored() == recount()
    assert close_counts_match()


def test_edges_match_a_recount_after_adding_works(team):
    a, b, c, d, _ = team
    works_create(c, 2, coauthors=[d], first_year=2010)
    assert stored() == recount()
    assert close_counts_match()
    cd = CollaborationEdge.objects.get(researcher_a=min(c.pk, d.pk), researcher_b=max(c.pk, d.pk))
    assert (cd.shared_works, cd.first_year, cd.last_year) == (2, 2010, 2011)


def test_rejecting_an_authorship_removes_its_pairs(team):
    a, b, c, d, works = team
    for authorship in Authorship.objects.filter(work__in=works[:3], researcher=c):
        authorship_reject(authorship=authorship, user=None)
    assert stored() == recount()
    assert (
        not CollaborationEdge.objects.filter(researcher_a=min(a.pk, c.pk))
        .filter(researcher_b=max(a.pk, c.pk))
        .exists()
    )
    assert close_counts_match()
    c.refresh_from_db()
    assert c.close_collaborators_count == 0
    assert derived_verify().differences == 0


def test_restoring_a_rejected_authorship_brings_its_pairs_back(team):
    a, b, c, d, works = team
    authorships = list(Authorship.objects.filter(work__in=works[:3], researcher=c))
    for authorship in authorships:
        authorship_reject(authorship=authorship, user=None)
    for authorship in authorships:
        authorship_restore(authorship=authorship)
    c.refresh_from_db()
    assert (c.works_count, c.close_collaborators_count) == (3, 2)
    assert derived_verify().differences == 0


def test_hiding_a_work_lowers_the_count_and_years(team):
    a, b, c, d, works = team
    work_hide(work=works[2])  # the 2017 work
    assert stored() == recount()
    ab = CollaborationEdge.objects.get(researcher_a=min(a.pk, b.pk), researcher_b=max(a.pk, b.pk))
    assert (ab.shared_works, ab.first_year, ab.last_year) == (2, 2015, 2016)
    assert close_counts_match()


def test_hiding_and_unhiding_drops_then_restores_the_close_collaborator(team):
    a, b, c, d, works = team
    for work in works[3:]:
        work_hide(work=work)
    d.refresh_from_db()
    assert d.close_collaborators_count == 0
    assert stored() == recount()
    for work in works[3:]:
        work_unhide(work=work)
    d.refresh_from_db()
    assert d.close_collaborators_count == 1
    assert stored() == recount()
    assert close_counts_match()
    assert derived_verify().differences == 0


def test_refresh_is_incremental_and_leaves_unchanged_rows_alone(team):
    a, b, c, d, _ = team
    other = researcher_create()
    works_create(other, 2, coauthors=[researcher_create()])
    before = {e.pk: e for e in CollaborationEdge.objects.all()}
    edges_refresh(researcher_ids=[a.pk])  # nothing changed
    after = {e.pk: e for e in CollaborationEdge.objects.all()}
    assert before.keys() == after.keys()  # same rows, not deleted and reinserted


def test_concurrent_style_double_refresh_is_idempotent(team):
    a, b, c, d, _ = team
    edges_refresh(researcher_ids=[a.pk, b.pk, c.pk, d.pk])
    edges_refresh(researcher_ids=[b.pk, a.pk])
    assert stored() == recount()


def test_verify_reports_no_difference_on_the_seed(capsys):
    call_command("edges_rebuild", "--verify")
    assert "0 difference(s)" in capsys.readouterr().out
    assert derived_verify().differences == 0


def test_verify_reports_a_corrupted_edge_and_rebuild_fixes_it(capsys):
    song = Researcher.objects.get(slug="guanglu-song")
    edge = CollaborationEdge.objects.filter(researcher_a=song).first() or (
        CollaborationEdge.objects.filter(researcher_b=song).first()
    )
    CollaborationEdge.objects.filter(pk=edge.pk).update(shared_works=99)
    stray_a, stray_b = researcher_create(), researcher_create()
    CollaborationEdge.objects.create(
        researcher_a_id=min(stray_a.pk, stray_b.pk),
        researcher_b_id=max(stray_a.pk, stray_b.pk),
        shared_works=1,
    )
    with pytest.raises(CommandError, match="2 edge"):
        call_command("edges_rebuild", "--verify")
    out = capsys.readouterr().out
    assert f"changed edge {edge.researcher_a_id}–{edge.researcher_b_id}: stored 99 shared" in out
    assert "extra edge" in out
    assert CollaborationEdge.objects.get(pk=edge.pk).shared_works == 99  # verify wrote nothing

    call_command("edges_rebuild")
    assert "Fixed 2 difference(s)" in capsys.readouterr().out
    assert stored() == recount()
    call_command("edges_rebuild", "--verify")
    assert "0 difference(s)" in capsys.readouterr().out


def test_rebuild_fixes_a_missing_edge_and_a_wrong_counter():
    song = Researcher.objects.get(slug="guanglu-song")
    expected = song.close_collaborators_count
    CollaborationEdge.objects.filter(researcher_a=song).delete()
    Researcher.objects.filter(pk=song.pk).update(close_collaborators_count=0)
    report = derived_verify()
    assert {d.kind for d in report.edges} <= {"missing"}
    assert any(d.researcher_id == song.pk for d in report.counters)
    derived_rebuild()
    song.refresh_from_db()
    assert song.close_collaborators_count == expected
    assert derived_verify().differences == 0


@pytest.mark.django_db
def test_recount_all_matches_a_from_scratch_verification():
    CollaborationEdge.objects.all().update(shared_works=99)  # corrupt every row
    edges_recount_all()
    assert derived_verify().differences == 0
