import random
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from follows.models import Follow, InstitutionFollow, TopicFollow
from follows.selectors import feed_works_for_user, user_for_feed_token
from follows.services import feed_token_for, researcher_follow_set
from profiles.models import Institution, Researcher
from tests.factories import researcher_create, works_create
from works.models import Authorship, Topic
from works.services import authorship_reject, work_hide

SLUG = "guanglu-song"
PAGE = f"/researchers/{SLUG}/"
FOLLOW = f"/researchers/{SLUG}/follow/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(
        "quillfeather", "quill@example.org", "a-long-password-1"
    )


@pytest.fixture
def ada(client, user):
    client.force_login(user)
    return client


def followers() -> int:
    return Researcher.objects.get(slug=SLUG).followers_count


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --------------------------------------------------------------------------------------------
# Following a researcher over HTTP
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_follow_by_plain_post_redirects_back_with_a_message(ada, user):
    before = followers()
    response = ada.post(FOLLOW, {"action": "follow", "next": PAGE})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert Follow.objects.filter(user=user, researcher__slug=SLUG).exists()
    assert followers() == before + 1
    page = text_of(ada.get(PAGE))
    assert "You now follow Guanglu Song." in page


@pytest.mark.django_db
def test_unfollow_by_plain_post_removes_the_follow_and_decrements(ada, user):
    before = followers()
    ada.post(FOLLOW, {"action": "follow"})
    response = ada.post(FOLLOW, {"action": "unfollow"})
    assert response.status_code == 302
    assert response["Location"] == PAGE  # no `next`: the researcher's page
    assert not Follow.objects.filter(user=user).exists()
    assert followers() == before
    assert "You no longer follow Guanglu Song." in text_of(ada.get(PAGE))


@pytest.mark.django_db
def test_follow_with_htmx_returns_the_button_with_the_live_count(ada):
    before = followers()
    response = ada.post(FOLLOW, {"action": "follow", "next": PAGE}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'hx-post="/researchers/guanglu-song/follow/"' in html
    assert 'name="action" value="unfollow"' in html
    text = text_of(response)
    assert f"Following {before + 1} · Unfollow" in text

    response = ada.post(FOLLOW, {"action": "unfollow", "next": PAGE}, headers=HTMX)
    assert f"Follow researcher {before}" in text_of(response)
    assert 'name="action" value="follow"' in response.content.decode()


@pytest.mark.django_db
def test_follow_is_idempotent(ada, user):
    before = followers()
    for _ in range(3):
        ada.post(FOLLOW, {"action": "follow"})
    assert Follow.objects.filter(user=user).count() == 1
    assert followers() == before + 1
    for _ in range(3):
        ada.post(FOLLOW, {"action": "unfollow"})
    assert Follow.objects.filter(user=user).count() == 0
    assert followers() == before


@pytest.mark.django_db
def test_counts_add_up_across_users(client, django_user_model):
    before = followers()
    for i in range(5):
        client.force_login(django_user_model.objects.create_user(f"u{i}", f"u{i}@example.org"))
        client.post(FOLLOW, {"action": "follow"})
    assert (
        followers() == before + 5 == before + Follow.objects.filter(researcher__slug=SLUG).count()
    )


@pytest.mark.django_db
def test_a_next_pointing_off_site_is_ignored(ada):
    response = ada.post(FOLLOW, {"action": "follow", "next": "https://evil.example/"})
    assert response["Location"] == PAGE


@pytest.mark.django_db
def test_a_missing_or_unknown_action_is_a_bad_request(ada, user):
    assert ada.post(FOLLOW).status_code == 400
    assert ada.post(FOLLOW, {"action": "toggle"}).status_code == 400
    assert not Follow.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_anonymous_post_is_sent_to_log_in_and_back(client):
    before = followers()
    response = client.post(FOLLOW, {"action": "follow"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={PAGE}"
    assert followers() == before


@pytest.mark.django_db
def test_anonymous_htmx_post_redirects_the_whole_page_to_log_in(client):
    response = client.post(FOLLOW, {"action": "follow"}, headers=HTMX)
    assert response["HX-Redirect"].startswith(reverse("account_login") + "?next=")


@pytest.mark.django_db
def test_anonymous_visitor_sees_a_log_in_link_with_the_count(client):
    response = client.get(PAGE)
    html = response.content.decode()
    login = f"{reverse('account_login')}?next={PAGE}"
    assert f'<a class="button" href="{login}">Follow researcher' in html
    assert f"Follow researcher {followers()}" in text_of(response)


@pytest.mark.django_db
def test_the_page_keeps_the_seed_wording_and_offers_a_form(ada):
    response = ada.get(PAGE)
    text = text_of(response)
    assert "Actions Decide how to stay connected Follow researcher" in text
    html = response.content.decode()
    assert '<p class="eyebrow">Actions</p>' in html
    assert '<h2 id="actions-heading">Decide how to stay connected</h2>' in html
    assert f'<form class="inline-form follow-form" method="post" action="{FOLLOW}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
def test_the_page_shows_following_once_followed(ada):
    # Needs pages.views.researcher_detail to pass follow_section_context(...).
    ada.post(FOLLOW, {"action": "follow"})
    text = text_of(ada.get(PAGE))
    assert f"Following {followers()} · Unfollow" in text


@pytest.mark.django_db
def test_get_is_not_allowed(ada, client):
    assert ada.get(FOLLOW).status_code == 405
    assert Client().get(FOLLOW).status_code == 405
    assert ada.get("/topics/anything/follow/").status_code == 405


@pytest.mark.django_db
def test_unknown_slugs_are_404(ada):
    assert ada.post("/researchers/nobody-here/follow/", {"action": "follow"}).status_code == 404
    assert ada.post("/topics/nothing-here/follow/", {"action": "follow"}).status_code == 404
    assert ada.post("/institutions/nowhere/follow/", {"action": "follow"}).status_code == 404


@pytest.mark.django_db
def test_csrf_is_enforced_for_forms_and_htmx(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    assert browser.post(FOLLOW, {"action": "follow"}).status_code == 403
    assert not Follow.objects.filter(user=user).exists()

    html = browser.get(PAGE).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = browser.post(FOLLOW, {"action": "follow", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Follow.objects.filter(user=user).exists()

    header_token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html).group(1)
    response = browser.post(
        FOLLOW, {"action": "unfollow"}, headers={**HTMX, "X-CSRFToken": header_token}
    )
    assert response.status_code == 200
    assert not Follow.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_rate_limit_answers_429_with_a_clear_message(ada, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "follow": (2, 3600)}
    assert ada.post(FOLLOW, {"action": "follow"}).status_code == 302
    assert ada.post(FOLLOW, {"action": "unfollow"}).status_code == 302
    response = ada.post(FOLLOW, {"action": "follow"})
    assert response.status_code == 429
    assert "You have reached the limit of 2 follows and unfollows per hour." in text_of(response)
    assert int(response["Retry-After"]) > 0
    htmx = ada.post(FOLLOW, {"action": "follow"}, headers=HTMX)
    assert htmx.status_code == 429
    assert htmx["HX-Retarget"] == "#notices"


# --------------------------------------------------------------------------------------------
# Topics and institutions
# --------------------------------------------------------------------------------------------


@pytest.fixture
def topic():
    return Topic.objects.create(name="Follow Vision", slug="follow-vision")


@pytest.fixture
def institution():
    return Institution.objects.create(name="Follow University", slug="follow-university")


@pytest.mark.django_db
def test_follow_and_unfollow_a_topic(ada, user, topic):
    url = reverse("follows:follow_topic", args=[topic.slug])
    response = ada.post(url, {"action": "follow"})
    assert response["Location"] == topic.get_absolute_url()
    ada.post(url, {"action": "follow"})
    assert TopicFollow.objects.filter(user=user, topic=topic).count() == 1
    fragment = ada.post(url, {"action": "unfollow"}, headers=HTMX)
    assert "Follow topic" in text_of(fragment)
    assert not TopicFollow.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_follow_and_unfollow_an_institution(ada, user, institution):
    url = reverse("follows:follow_institution", args=[institution.slug])
    fragment = ada.post(url, {"action": "follow"}, headers=HTMX)
    assert "Following · Unfollow" in text_of(fragment)
    assert InstitutionFollow.objects.filter(user=user, institution=institution).count() == 1
    response = ada.post(url, {"action": "unfollow"})
    assert response["Location"] == institution.get_absolute_url()
    assert not InstitutionFollow.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_anonymous_topic_follow_is_sent_to_log_in_and_back_to_the_topic(client, topic):
    response = client.post(reverse("follows:follow_topic", args=[topic.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert "follow-vision" in response["Location"]


# --------------------------------------------------------------------------------------------
# The Following page and its feeds
# --------------------------------------------------------------------------------------------


def follow_everything(user, *, researchers, topics=(), institutions=()):
    for r in researchers:
        researcher_follow_set(user=user, researcher=r, following=True)
    TopicFollow.objects.bulk_create(TopicFollow(user=user, topic=t) for t in topics)
    InstitutionFollow.objects.bulk_create(
        InstitutionFollow(user=user, institution=i) for i in institutions
    )


@pytest.mark.django_db
def test_following_page_needs_a_login_and_comes_back(client):
    response = client.get("/following/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/following/"


@pytest.mark.django_db
def test_following_page_lists_follows_with_unfollow_buttons_and_the_feed(
    ada, user, topic, institution
):
    song = Researcher.objects.get(slug=SLUG)
    follow_everything(user, researchers=[song], topics=[topic], institutions=[institution])
    response = ada.get("/following/")
    assert response.status_code == 200
    text = text_of(response)
    for phrase in ("Guanglu Song", "Follow Vision", "Follow University", "Researchers (1)"):
        assert phrase in text
    assert text.count("Unfollow") == 3
    html = response.content.decode()
    assert html.count('class="work"') == 47  # all of Guanglu Song's seed works, under the cap
    token = feed_token_for(user)
    assert f"http://testserver/following/{token}/feed.atom" in html


@pytest.mark.django_db
def test_unfollowing_from_the_following_page_comes_back_to_it(ada, user):
    follow_everything(user, researchers=[Researcher.objects.get(slug=SLUG)])
    response = ada.post(FOLLOW, {"action": "unfollow", "next": "/following/"})
    assert response["Location"] == "/following/"


@pytest.mark.django_db
def test_feed_collects_researchers_topics_and_institutions_once_each_newest_first(user):
    author, other, stranger = researcher_create(), researcher_create(), researcher_create()
    topic = Topic.objects.create(name="Feed topic", slug="feed-topic")
    place = Institution.objects.create(name="Feed Institute", slug="feed-institute")
    by_author = works_create(author, 3, first_year=2001, topics=[topic])  # also in the topic
    in_topic = works_create(other, 2, first_year=2010, topics=[topic])
    at_place = works_create(stranger, 2, first_year=2020)
    Authorship.objects.filter(work__in=at_place).update(institution=place)
    unrelated = works_create(researcher_create(), 2, first_year=2024)
    hidden = works_create(author, 1, first_year=2030)
    work_hide(work=hidden[0])
    rejected = works_create(author, 1, first_year=2031)  # "not mine": not the author's work
    authorship_reject(authorship=rejected[0].authorships.get(), user=None)

    follow_everything(user, researchers=[author], topics=[topic], institutions=[place])
    works = feed_works_for_user(user=user)
    ids = [w.pk for w in works]
    assert sorted(ids) == sorted(w.pk for w in by_author + in_topic + at_place)
    assert not {w.pk for w in unrelated + hidden + rejected} & set(ids)
    keys = [(w.year, w.month or 0, w.day or 0, w.pk) for w in works]
    assert keys == sorted(keys, reverse=True)
    assert len(feed_works_for_user(user=user, limit=3)) == 3


@pytest.mark.django_db
def test_feed_works_come_with_authors_and_topics_prefetched(user, django_assert_num_queries):
    author = researcher_create()
    topic = Topic.objects.create(name="Prefetched", slug="prefetched")
    works_create(author, 30, coauthors=[researcher_create()], topics=[topic])
    follow_everything(user, researchers=[author])
    with django_assert_num_queries(3):
        works = feed_works_for_user(user=user)
        for work in works:
            assert [a.researcher.display_name for a in work.authorships.all()]
            assert [t.name for t in work.topics.all()] == ["Prefetched"]


@pytest.mark.django_db
def test_private_feed_works_without_login_and_lists_new_works(client, user):
    follow_everything(user, researchers=[Researcher.objects.get(slug=SLUG)])
    url = reverse("follows:following_feed", args=[feed_token_for(user)])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("<?xml")
    assert body.count("<entry>") == 47
    assert "quill" not in body  # the feed names nobody


@pytest.mark.django_db
def test_private_feed_404s_on_a_tampered_or_foreign_token(client, user):
    token = feed_token_for(user)
    value, signature = token.split(":", 1)
    tampered = f"{value}:{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    for bad in (tampered, "garbage", f"{value}x:{signature}"):
        assert client.get(f"/following/{bad}/feed.atom").status_code == 404
    assert user_for_feed_token(token) == user
    from django.core import signing

    other_salt = signing.dumps(user.pk, salt="claim-email")
    assert client.get(f"/following/{other_salt}/feed.atom").status_code == 404


@pytest.mark.django_db
def test_private_feed_stops_for_a_deactivated_user(client, user):
    url = reverse("follows:following_feed", args=[feed_token_for(user)])
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 404


def _many_follows(user, n: int):
    topics = Topic.objects.bulk_create(
        Topic(name=f"Many {i}", slug=f"many-{n}-{i}") for i in range(n)
    )
    places = Institution.objects.bulk_create(
        Institution(name=f"Place {i}", slug=f"place-{n}-{i}") for i in range(n)
    )
    researchers = [researcher_create() for _ in range(n)]
    coauthor = researcher_create()
    for r in researchers:
        works_create(r, 3, coauthors=[coauthor], topics=topics[:2])
    follow_everything(user, researchers=researchers, topics=topics, institutions=places)


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 25])
def test_following_page_and_feed_queries_do_not_grow_with_follows(
    ada, client, user, n, django_assert_max_num_queries
):
    _many_follows(user, n)
    # 8 for the page itself; the rest are the base template's per-user badges (inbox, notices).
    with django_assert_max_num_queries(12):
        response = ada.get("/following/")
    assert text_of(response).count("Unfollow") == 3 * n
    url = reverse("follows:following_feed", args=[feed_token_for(user)])
    anonymous = Client()
    with django_assert_max_num_queries(4):
        assert anonymous.get(url).status_code == 200


# --------------------------------------------------------------------------------------------
# Concurrency: real transactions on real connections
# --------------------------------------------------------------------------------------------


def _run_threads(count: int, work) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int):
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_follows_and_unfollows_keep_the_count_exact():
    researcher = researcher_create()
    users = [
        get_user_model().objects.create_user(f"racer{i}", f"racer{i}@example.org") for i in range(6)
    ]
    seen_counts: list[int] = []

    def work(i: int):
        rng = random.Random(i)
        target = Researcher.objects.get(pk=researcher.pk)
        for _ in range(40):
            user = rng.choice(users)
            researcher_follow_set(user=user, researcher=target, following=rng.random() < 0.6)
            seen_counts.append(target.followers_count)

    errors = _run_threads(8, work)
    assert errors == []
    researcher.refresh_from_db()
    rows = Follow.objects.filter(researcher=researcher).count()
    assert researcher.followers_count == rows
    assert 0 <= rows <= len(users)
    assert min(seen_counts) >= 0 and max(seen_counts) <= len(users)


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_follows_by_one_user_count_once():
    researcher = researcher_create()
    user = get_user_model().objects.create_user("twin", "twin@example.org")

    def follow(i: int):
        researcher_follow_set(user=user, researcher=researcher, following=True)

    assert _run_threads(8, follow) == []
    researcher.refresh_from_db()
    assert researcher.followers_count == 1 == Follow.objects.filter(researcher=researcher).count()

    def unfollow(i: int):
        researcher_follow_set(user=user, researcher=researcher, following=False)

    assert _run_threads(8, unfollow) == []
    researcher.refresh_from_db()
    assert researcher.followers_count == 0 == Follow.objects.count()
