"""The slice, the explorer page and its JSON, through the client, on the seed and on hubs."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import graph.views
from graph.explorer import MAX_NODES
from graph.picture import ego_picture
from graph.selectors import Collaborator, graph_slice
from profiles.models import Researcher
from tests.factories import researcher_create, works_create
from works.models import Topic

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def slice_url(slug="guanglu-song"):
    return reverse("graph:slice", args=[slug])


def json_url(slug="guanglu-song"):
    return reverse("graph:explorer_json", args=[slug])


def hub_create(coauthors: int, *, works_each: int = 2) -> Researcher:
    """A hub with `coauthors` close collaborators, each sharing `works_each` works with it."""
    hub = researcher_create("Hub Person")
    topic = Topic.objects.create(name="Hub topic", slug=f"hub-topic-{hub.pk}")
    people = Researcher.objects.bulk_create(
        Researcher(display_name=f"Coauthor {i:03d}", slug=f"coauthor-{hub.pk}-{i}", source="test")
        for i in range(coauthors)
    )
    # Teams of 10 co-authors per work keeps the fixture fast while every pair is real.
    for start in range(0, coauthors, 10):
        works_create(hub, works_each, coauthors=people[start : start + 10], topics=[topic])
    return hub


# --- slice ----------------------------------------------------------------------------------


def test_slice_lists_guanglu_songs_close_collaborators_topics_and_picture(client):
    fragment = client.get(slice_url(), headers=HTMX).content.decode()
    assert "<html" not in fragment
    for name in ["Zhuofan Zong", "Yu Liu", "Manyuan Zhang"]:
        assert name in fragment
    assert "Close collaborators" in fragment and "Topics" in fragment
    assert "Nearby papers" in fragment and "Institutions" in fragment
    svg = re.search(r"<svg class=\"ego-graph\".*?</svg>", fragment, re.S).group(0)
    assert svg.count("<circle") == 25  # the centre and the 24 strongest co-authors
    assert 'href="/researchers/yu-liu/"' in svg
    assert "<script" not in fragment


def test_slice_close_collaborators_come_strongest_first_with_counts_and_years():
    song = Researcher.objects.get(slug="guanglu-song")
    close = graph_slice(researcher=song).collaborators
    assert close[0].researcher.display_name == "Yu Liu"
    assert [c.shared_works for c in close] == sorted((c.shared_works for c in close), reverse=True)
    assert all(c.shared_works >= 2 and c.first_year <= c.last_year for c in close)


def test_slice_nearby_papers_are_collaborators_works_on_shared_topics_not_the_researchers():
    me = researcher_create("Me")
    friend = researcher_create("Friend")
    topic = Topic.objects.create(name="Vision", slug="vision-test")
    other_topic = Topic.objects.create(name="Biology", slug="biology-test")
    works_create(me, 2, coauthors=[friend], topics=[topic])
    on_topic = works_create(friend, 1, topics=[topic], first_year=2030)
    works_create(friend, 1, topics=[other_topic], first_year=2031)
    nearby = graph_slice(researcher=me).nearby
    assert [n.work.pk for n in nearby] == [on_topic[0].pk]
    assert nearby[0].via.pk == friend.pk


def test_slice_institutions_come_from_authorships_and_affiliations(client):
    from profiles.models import Institution
    from works.models import Authorship

    me, friend = researcher_create("Me"), researcher_create("Friend")
    lab = Institution.objects.create(name="My Lab", slug="my-lab")
    uni = Institution.objects.create(name="Friend Uni", slug="friend-uni")
    works = works_create(me, 2, coauthors=[friend])
    Authorship.objects.filter(work__in=works, researcher=me).update(institution=lab)
    Researcher.objects.filter(pk=friend.pk).update(affiliation=uni)
    data = graph_slice(researcher=me)
    assert [(i.institution.name, i.of_researcher) for i in data.institutions] == [
        ("My Lab", True),
        ("Friend Uni", False),
    ]
    page = client.get(slice_url(me.slug), headers=HTMX).content.decode()
    assert 'href="/institutions/my-lab/"' in page


def test_slice_full_page_without_htmx(client):
    page = client.get(slice_url()).content.decode()
    assert "<html" in page and "Open full explorer" in page and "<svg" in page


def test_slice_of_researcher_without_coauthors_says_so(client):
    loner = researcher_create("Loner")
    works_create(loner, 2)
    page = client.get(slice_url(loner.slug), headers=HTMX).content.decode()
    assert "No close collaborators yet" in page
    assert page.count("<circle") == 1


def test_unknown_slug_is_404_everywhere(client):
    assert client.get(slice_url("nobody-here")).status_code == 404
    assert client.get(reverse("graph:explorer", args=["nobody-here"])).status_code == 404
    response = client.get(json_url("nobody-here"))
    assert response.status_code == 404
    assert "error" in response.json()


@pytest.mark.parametrize("size", [3, 120])
def test_slice_query_count_does_not_grow_with_the_ego_network(
    client, django_assert_max_num_queries, size
):
    hub = hub_create(size)
    # researcher + savepoint + statement_timeout + 3 reads + release
    with django_assert_max_num_queries(7):
        assert client.get(slice_url(hub.slug), headers=HTMX).status_code == 200


# --- fail soft ------------------------------------------------------------------------------


def test_slice_that_raises_answers_with_a_retry_fragment(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("graph store on fire")

    monkeypatch.setattr(graph.views, "graph_slice", broken)
    response = client.get(slice_url(), headers=HTMX)
    assert response.status_code == 200  # htmx swaps it in
    fragment = response.content.decode()
    assert "Could not build the graph slice." in fragment
    assert f'hx-get="{slice_url()}"' in fragment and ">Retry</button>" in fragment
    assert client.get(slice_url()).status_code == 503  # the full page is honest about it
    page = client.get("/researchers/guanglu-song/")
    assert page.status_code == 200
    assert "Building this graph slice" in page.content.decode()


def test_slice_that_times_out_answers_with_a_retry_fragment(client, monkeypatch, settings):
    settings.GRAPH_STATEMENT_TIMEOUT_MS = 1  # the setting is read per request

    def slow(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.2)")

    monkeypatch.setattr(graph.views, "graph_slice", slow)
    fragment = client.get(slice_url(), headers=HTMX).content.decode()
    assert "Could not build the graph slice." in fragment
    # The timeout was local to the slice's transaction: the rest of the request still works.
    assert client.get("/researchers/guanglu-song/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(0.01)")


def test_researcher_page_handles_a_failed_slice_request_in_the_browser(client):
    page = client.get("/researchers/guanglu-song/").content.decode()
    assert "hx-on::response-error" in page
    assert "Could not build the graph slice." in page  # the hidden fallback with Retry
    for text in [
        "Research graph",
        "See the researcher in context",
        "Open full explorer",
        "Inspect adjacent work, topics, institutions and collaborators without jumping out",
        "BZPEER is loading the nearby papers, people, topics and institutions for this page.",
    ]:
        assert text in page


def test_explorer_json_failure_is_a_503_json_not_a_500(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(graph.views, "explorer_graph", broken)
    response = client.get(json_url())
    assert response.status_code == 503 and "error" in response.json()


# --- picture --------------------------------------------------------------------------------


LONG_NAMES = [
    "Maximilian Oberhausen",
    "Xiangyu Zhangwei",
    "Jean-Baptiste Leroy",
    "Anna Kowalczykowa",
    "Yi Zhang",
    "Christopher Nolan Jr",
]


@pytest.mark.parametrize("count", [1, 2, 5, 8, 9, 13, 17, 24])
def test_picture_labels_and_nodes_do_not_overlap(count):
    centre = researcher_create("Centre Person With A Name")
    people = [
        Collaborator(researcher_create(f"{LONG_NAMES[i % 6]} {i}"), 30 - i, 2010, 2020)
        for i in range(count)
    ]
    picture = ego_picture(centre=centre, coauthors=people, edges=[])
    assert len(picture.nodes) == count + 1
    boxes = [(n, n.label_box()) for n in picture.nodes]
    for i, (node, a) in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= picture.width and a[3] <= picture.height
        for _, b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
        for other in picture.nodes:  # no label over another node
            if other is not node:
                inside_x = a[0] - other.r < other.x < a[2] + other.r
                assert not (inside_x and a[1] - other.r < other.y < a[3] + other.r)
    for i, a in enumerate(picture.nodes):
        for b in picture.nodes[i + 1 :]:
            assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 > a.r + b.r + 10


def test_picture_edge_width_grows_with_shared_works():
    centre = researcher_create()
    strong, weak = researcher_create(), researcher_create()
    picture = ego_picture(
        centre=centre,
        coauthors=[Collaborator(strong, 10, 2020, 2020), Collaborator(weak, 1, 2020, 2020)],
        edges=[],
    )
    spokes = [link.width for link in picture.links if link.spoke]
    assert spokes[0] > spokes[1]


# --- explorer JSON ----------------------------------------------------------------------------


def test_explorer_json_for_guanglu_song(client):
    data = client.get(json_url()).json()
    assert data["center"].startswith("r:")
    kinds = {n["kind"] for n in data["nodes"]}
    assert {"researcher", "work", "topic"} <= kinds
    labels = {n["label"] for n in data["nodes"]}
    assert {"Guanglu Song", "Zhuofan Zong", "Yu Liu", "Manyuan Zhang"} <= labels
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert {e["kind"] for e in data["edges"]} >= {"coauthor", "authored", "about"}
    assert data["truncated"] is False and data["shown"] == len(data["nodes"]) == data["total_nodes"]
    yu = next(n for n in data["nodes"] if n["label"] == "Yu Liu")
    assert yu["shared_works"] == 9 and yu["json_url"] == json_url("yu-liu")


def test_explorer_json_filters(client):
    full = client.get(json_url(), {"depth": 2}).json()
    one = client.get(json_url()).json()
    assert full["total_nodes"] > one["total_nodes"]
    people = client.get(json_url(), {"kinds": "researcher", "min_shared": 3}).json()
    assert {n["kind"] for n in people["nodes"]} == {"researcher"}
    assert all(n["shared_works"] >= 3 for n in people["nodes"] if n["depth"] == 1)
    recent = client.get(json_url(), {"from": 2024, "to": 2024, "kinds": "work"}).json()
    assert recent["nodes"][1:] and all(n["year"] == 2024 for n in recent["nodes"][1:])
    assert recent["params"] == {
        "depth": 1,
        "min_shared": 1,
        "kinds": ["work"],
        "from": 2024,
        "to": 2024,
    }


@pytest.mark.parametrize(
    "query",
    [
        "depth=9",
        "depth=0",
        "depth=abc",
        "min_shared=0",
        "min_shared=x",
        "kinds=researcher,spaceship",
        "from=20x5",
        "from=2024&to=2015",
        "to=99999999999999999999",
    ],
)
def test_explorer_json_rejects_junk_with_a_400(client, query):
    response = client.get(json_url() + "?" + query)
    assert response.status_code == 400
    assert response.json()["error"] == "Invalid parameters."
    page = client.get(reverse("graph:explorer", args=["guanglu-song"]) + "?" + query)
    assert page.status_code == 400


def test_explorer_json_caps_a_hub_and_says_so(client):
    hub = hub_create(400)
    data = client.get(json_url(hub.slug)).json()
    assert data["shown"] == len(data["nodes"]) == MAX_NODES
    assert data["truncated"] is True
    assert data["total_nodes"] == 1 + 400 + 80 + 1  # centre, people, works, topic
    assert data["totals"] == {"researcher": 400, "work": 80, "topic": 1, "institution": 0}
    ids = {n["id"] for n in data["nodes"]}
    assert len(ids) == MAX_NODES
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert len(json.dumps(data)) < 300_000


@pytest.mark.parametrize("size", [3, 150])
def test_explorer_query_count_does_not_grow_with_the_ego_network(
    client, django_assert_max_num_queries, size
):
    hub = hub_create(size)
    for depth in (1, 2):
        with django_assert_max_num_queries(13):
            assert client.get(json_url(hub.slug), {"depth": depth}).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(reverse("graph:explorer", args=[hub.slug])).status_code == 200


def test_small_and_large_ego_networks_make_the_same_queries(client):
    counts = []
    for size in (2, 90):
        hub = hub_create(size)
        for url in (slice_url(hub.slug), json_url(hub.slug) + "?depth=2"):
            with CaptureQueriesContext(connection) as queries:
                client.get(url, headers=HTMX)
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


# --- explorer page --------------------------------------------------------------------------


def test_explorer_page_lists_the_neighbourhood_without_javascript(client):
    page = client.get(reverse("graph:explorer", args=["guanglu-song"])).content.decode()
    assert "Research graph around" in page
    for heading in ["People", "Works", "Topics"]:
        assert f"<h3>{heading}</h3>" in page
    assert page.index("Yu Liu") < page.index("Zhuofan Zong")  # sorted by shared works
    assert 'id="explorer-data"' in page
    assert "vendor/cytoscape/cytoscape.min.js" in page and "js/graph-explorer.js" in page


def test_explorer_lists_partial_for_htmx(client):
    url = reverse("graph:explorer", args=["yu-liu"])
    fragment = client.get(url, {"depth": 2}, headers=HTMX).content.decode()
    assert "<html" not in fragment
    assert 'id="explorer-lists"' in fragment and "Neighbourhood of Yu Liu" in fragment


def test_explorer_page_shows_truncation_for_a_hub(client):
    hub = hub_create(400, works_each=1)
    page = client.get(reverse("graph:explorer", args=[hub.slug])).content.decode()
    assert "Showing the 300 strongest of" in page


def test_explorer_json_is_cached_until_the_researcher_changes(client):
    ada = researcher_create("Ada Cache")
    first = researcher_create("First Coauthor")
    works_create(ada, 2, coauthors=[first])
    url = f"/researchers/{ada.slug}/graph.json"
    labels = {n["label"] for n in client.get(url).json()["nodes"]}
    assert "First Coauthor" in labels
    works_create(ada, 2, coauthors=[researcher_create("Second Coauthor")])
    labels = {n["label"] for n in client.get(url).json()["nodes"]}
    assert "Second Coauthor" in labels
