"""Curation in Django admin goes through works.services: after any edit the counters and the
collaboration edges equal a from-scratch recount (works.services.derived_verify)."""

import pytest
from django.urls import reverse

from follows.models import Follow
from profiles.models import Researcher
from tests.factories import researcher_create, works_create
from works.models import Authorship, CollaborationEdge, Work
from works.services import derived_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client, django_user_model):
    user = django_user_model.objects.create_superuser("curator", "c@example.org", "pw")
    client.force_login(user)
    return user


def change_form_data(response) -> dict:
    """The admin change form as the browser would post it, unchanged: fields and inlines."""
    data = {}

    def add(form, names):
        for name in names:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is not None:
                data[key] = str(value)

    form = response.context["adminform"].form
    add(form, form.fields)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        add(management, management.fields)
        for f in formset.forms:
            add(f, f.fields)
    return data


def post_change(client, model_admin_url: str, obj, **changes) -> None:
    url = reverse(model_admin_url, args=[obj.pk])
    data = change_form_data(client.get(url)) | changes
    for key in [k for k, v in changes.items() if v is None]:
        data.pop(key)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_hiding_and_unhiding_a_work_in_the_admin_form_keeps_counters_and_edges_exact(
    client, curator
):
    song = Researcher.objects.get(slug="guanglu-song")
    assert song.works_count == 47
    work = Work.objects.listed().filter(authorships__researcher=song).order_by("pk").first()

    post_change(client, "admin:works_work_change", work, hidden="on")
    song.refresh_from_db()
    assert song.works_count == 46
    assert derived_verify().differences == 0

    post_change(client, "admin:works_work_change", work, hidden=None)  # box unticked
    song.refresh_from_db()
    assert song.works_count == 47
    assert derived_verify().differences == 0


def test_hide_and_show_actions_recount(client, curator):
    a, b = researcher_create(), researcher_create()
    works = works_create(a, 2, coauthors=[b])
    changelist = reverse("admin:works_work_changelist")
    selected = [str(w.pk) for w in works]
    client.post(changelist, {"action": "hide", "_selected_action": selected})
    a.refresh_from_db()
    assert (a.works_count, a.close_collaborators_count) == (0, 0)
    assert not CollaborationEdge.objects.filter(researcher_a=min(a.pk, b.pk)).exists()
    client.post(changelist, {"action": "unhide", "_selected_action": selected})
    a.refresh_from_db()
    assert (a.works_count, a.close_collaborators_count) == (2, 1)
    assert derived_verify().differences == 0


def test_not_mine_through_the_admin_action_and_undo(client, curator):
    a, b = researcher_create(), researcher_create()
    works = works_create(a, 3, coauthors=[b])
    rejected = Authorship.objects.filter(work__in=works[:2], researcher=b)
    changelist = reverse("admin:works_authorship_changelist")
    selected = [str(x.pk) for x in rejected]
    client.post(changelist, {"action": "reject", "_selected_action": selected})
    b.refresh_from_db()
    assert b.works_count == 1
    assert all(x.rejected_by == curator for x in Authorship.objects.filter(pk__in=selected))
    assert derived_verify().differences == 0
    client.post(changelist, {"action": "restore", "_selected_action": selected})
    b.refresh_from_db()
    assert b.works_count == 3
    assert derived_verify().differences == 0


def test_not_mine_set_in_the_works_author_inline_recounts(client, curator):
    a, b = researcher_create(), researcher_create()
    (work,) = works_create(a, 1, coauthors=[b])
    url = reverse("admin:works_work_change", args=[work.pk])
    data = change_form_data(client.get(url))
    index = next(
        i
        for i in range(int(data["authorships-TOTAL_FORMS"]))
        if data[f"authorships-{i}-researcher"] == str(b.pk)
    )
    data[f"authorships-{index}-rejected_at_0"] = "2026-12-01"
    data[f"authorships-{index}-rejected_at_1"] = "12:00:00"
    assert client.post(url, data).status_code == 302
    b.refresh_from_db()
    assert b.works_count == 0
    assert derived_verify().differences == 0


def test_moving_an_authorship_to_another_record_recounts_both(client, curator):
    a, b, c = researcher_create(), researcher_create(), researcher_create()
    works_create(a, 2, coauthors=[b])
    authorship = Authorship.objects.filter(researcher=b).first()
    post_change(client, "admin:works_authorship_change", authorship, researcher=str(c.pk))
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.works_count, c.works_count) == (1, 1)
    assert derived_verify().differences == 0


def test_deleting_works_and_researchers_in_admin_recounts_the_rest(client, curator):
    a, b, c = researcher_create(), researcher_create(), researcher_create()
    works = works_create(a, 3, coauthors=[b, c])
    client.post(
        reverse("admin:works_work_delete", args=[works[0].pk]), {"post": "yes"}, follow=True
    )
    a.refresh_from_db()
    assert a.works_count == 2
    client.post(reverse("admin:profiles_researcher_delete", args=[b.pk]), {"post": "yes"})
    assert not Researcher.objects.filter(pk=b.pk).exists()
    a.refresh_from_db()
    assert a.close_collaborators_count == 1  # c only
    assert derived_verify().differences == 0


def test_renaming_a_researcher_in_admin_updates_the_name_keys(client, curator):
    researcher = researcher_create("Ada Lovelace")
    post_change(
        client, "admin:profiles_researcher_change", researcher, display_name="Augusta Ada King"
    )
    researcher.refresh_from_db()
    assert "augusta ada king" in researcher.name_keys


def test_follows_added_and_deleted_in_admin_keep_the_follower_count(
    client, curator, django_user_model
):
    fan = django_user_model.objects.create_user("fan", "fan@example.org", "pw")
    researcher = researcher_create()
    response = client.post(
        reverse("admin:follows_follow_add"), {"user": fan.pk, "researcher": researcher.pk}
    )
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.followers_count == 1
    follow = Follow.objects.get(user=fan, researcher=researcher)
    client.post(reverse("admin:follows_follow_delete", args=[follow.pk]), {"post": "yes"})
    researcher.refresh_from_db()
    assert researcher.followers_count == 0


def test_deleting_a_topic_in_admin_lowers_its_authors_topic_counts(client, curator):
    from works.models import Topic

    topic = Topic.objects.create(name="Doomed", slug="doomed")
    a = researcher_create()
    works_create(a, 2, topics=[topic])
    a.refresh_from_db()
    assert a.topics_count == 1
    client.post(reverse("admin:works_topic_delete", args=[topic.pk]), {"post": "yes"})
    a.refresh_from_db()
    assert a.topics_count == 0
    assert derived_verify().differences == 0
