import re

import pytest
from django.urls import reverse

from profiles.models import Institution, Researcher
from tests.conftest import LARGE, SMALL
from tests.factories import researcher_create, works_create
from works.models import Topic, Work

pytestmark = pytest.mark.django_db

SEED_WORK_COUNTS = {"guanglu-song": 47, "qi-tian": 73, "lu-yuan": 33}

# The seed page's sections, in order, with its wording.
SEED_SECTIONS = [
    "Researcher profile",
    "Guanglu Song contributes to research discovery and scholarly infrastructure.",
    "Researcher",
    "Affiliation not imported",
    "Open to collaborate",
    "Trust snapshot",
    "Quick read",
    "Trust 21 - Emerging",
    "Verification L1",
    "Unclaimed author",
    "Actions",
    "Decide how to stay connected",
    "Follow researcher",
    "Identity and collaboration",
    "How to connect with this researcher",
    "Claiming links this public author record to a researcher profile and unlocks direct "
    "collaboration workflows.",
    "Log in to claim",
    "Direct collaboration",
    "Open a focused conversation when the fit is right",
    "Claim this author entity first to unlock direct invitations.",
    "Research graph",
    "See the researcher in context",
    "Open full explorer",
    "Inspect adjacent work, topics, institutions and collaborators without jumping out to a "
    "separate graph page.",
    "Building this graph slice",
    "BZPEER is loading the nearby papers, people, topics and institutions for this page.",
    "Published work",
    "47 published item(s)",
]


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_researcher_page_shows_every_seed_section_in_order(client):
    response = client.get("/researchers/guanglu-song/")
    assert response.status_code == 200
    text = text_of(response)
    position = 0
    for phrase in SEED_SECTIONS:
        found = text.find(phrase, position)
        assert found >= 0, f"{phrase!r} missing or out of order"
        position = found + len(phrase)


@pytest.mark.parametrize(("slug", "count"), SEED_WORK_COUNTS.items())
def test_each_seed_researcher_shows_trust_21_and_their_work_count(client, slug, count):
    text = text_of(client.get(f"/researchers/{slug}/"))
    assert "Trust 21 - Emerging" in text
    assert f"{count} published item(s)" in text
    assert f"{count} works" in text


def test_work_items_read_type_year_venue_as_in_the_seeds(client):
    html = client.get("/researchers/qi-tian/").content.decode()
    assert re.search(
        r'<span class="work-type">preprint</span> <span class="work-year">20\d\d</span> '
        r'<span class="work-venue">arXiv</span>',
        html,
    )


def test_unknown_slug_is_404(client):
    assert client.get("/researchers/no-such-person/").status_code == 404
    assert client.get("/researchers/no-such-person/trust/").status_code == 404
    assert client.get("/researchers/no-such-person/graph/slice/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=99999",
        "sort=drop%20table",
        "year=abc",
        "year=99999",
        "type=<script>",
        "sort=cited&year=2022&type=preprint",
        "page=2&sort=title",
    ],
)
def test_bad_query_parameters_are_ignored_not_errors(client, query):
    response = client.get(f"/researchers/guanglu-song/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>")[1].replace(
        '<script src="', ""
    )


def test_works_are_paginated_by_20_with_load_more(client):
    html = client.get("/researchers/guanglu-song/").content.decode()
    assert html.count('class="work"') == 20
    assert "Load more" in html
    page3 = client.get("/researchers/guanglu-song/?page=3", headers={"HX-Request": "true"})
    fragment = page3.content.decode()
    assert "<html" not in fragment
    assert fragment.count('class="work"') == 7  # 47 = 20 + 20 + 7
    assert "Load more" not in fragment


def test_htmx_filter_swaps_only_the_works_section(client):
    response = client.get("/researchers/guanglu-song/?sort=title", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<section class="panel" id="works"')
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_trust_partial_is_a_fragment_with_htmx_and_a_full_page_without(client):
    url = reverse("pages:researcher_trust", args=["guanglu-song"])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert "Trust 21 - Emerging" in fragment
    assert "Why this score" in fragment
    assert "reported by" in fragment  # the competitor's h-index 27, kept apart
    page = client.get(url).content.decode()
    assert "<html" in page and "Why this score" in page


def test_graph_slice_partial_lists_close_collaborators(client):
    url = reverse("graph:slice", args=["guanglu-song"])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    for name in ["Zhuofan Zong", "Yu Liu", "Manyuan Zhang"]:
        assert name in fragment
    assert "<html" in client.get(url).content.decode()


def test_source_text_is_escaped_never_rendered_as_html(client):
    researcher = researcher_create("Eve <script>alert(1)</script>")
    works_create(researcher, 1)
    html = client.get(researcher.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html


def _researcher_with_works(n: int, topic=None, institution=None) -> Researcher:
    researcher = researcher_create(affiliation=institution)
    coauthors = [researcher_create() for _ in range(8)]
    works_create(researcher, n, coauthors=coauthors, topics=[topic] if topic else [])
    return researcher


def test_researcher_pages_make_the_same_queries_for_10_and_2000_works(client, queries_of):
    small, large = _researcher_with_works(SMALL), _researcher_with_works(LARGE)
    client.get(small.get_absolute_url())  # warm the connection

    def pages(r: Researcher):
        return [
            (r.get_absolute_url(), {}),
            (r.get_absolute_url() + "?page=2&sort=cited", {"HX-Request": "true"}),
            (r.get_absolute_url() + "?page=2&sort=cited", {}),
            (reverse("pages:researcher_trust", args=[r.slug]), {"HX-Request": "true"}),
            (reverse("pages:researcher_trust", args=[r.slug]), {}),
            (reverse("graph:slice", args=[r.slug]), {"HX-Request": "true"}),
            (reverse("works:researcher_bibtex", args=[r.slug]), {}),
            (reverse("works:researcher_atom", args=[r.slug]), {}),
        ]

    for (path, headers), (large_path, _) in zip(pages(small), pages(large), strict=True):
        assert len(queries_of(path, headers)) == len(queries_of(large_path, headers)), path
        assert len(queries_of(large_path, headers)) <= 8, large_path


def test_topic_institution_and_work_pages_make_the_same_queries_at_both_sizes(queries_of):
    counts = []
    for n in (SMALL, LARGE):
        topic = Topic.objects.create(name=f"Topic {n}", slug=f"topic-{n}")
        place = Institution.objects.create(name=f"Place {n}", slug=f"place-{n}")
        researcher = _researcher_with_works(n, topic=topic, institution=place)
        work = Work.objects.filter(authorships__researcher=researcher).first()
        counts.append(
            [
                len(queries_of(url))
                for url in (
                    topic.get_absolute_url(),
                    place.get_absolute_url(),
                    work.get_absolute_url(),
                )
            ]
        )
    assert counts[0] == counts[1]


def test_warm_researcher_page_reuses_the_rendered_works(client, django_assert_max_num_queries):
    url = "/researchers/guanglu-song/"
    cold = client.get(url).content.decode()
    with django_assert_max_num_queries(3):
        warm = client.get(url).content.decode()
    assert warm.count('class="work"') == cold.count('class="work"') == 20
    # Other filters are other entries, not the cached first page.
    assert client.get(url + "?sort=title").content.decode() != warm


def test_a_new_work_shows_at_once_despite_the_cache(client):
    researcher = researcher_create()
    works_create(researcher, 3)
    url = researcher.get_absolute_url()
    assert "3 published item(s)" in client.get(url).content.decode()
    works_create(researcher, 1)
    assert "4 published item(s)" in client.get(url).content.decode()


def test_home_lists_researchers_and_counts(client):
    text = text_of(client.get("/"))
    assert "Guanglu Song" in text
    assert f"{Researcher.objects.count()} researchers" in text


def test_head_has_canonical_open_graph_and_person_jsonld(client):
    import json

    html = client.get("/researchers/guanglu-song/").content.decode()
    assert '<link rel="canonical" href="http://testserver/researchers/guanglu-song/">' in html
    assert '<meta property="og:title" content="Guanglu Song">' in html
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(payload)
    assert data["@type"] == "Person" and data["name"] == "Guanglu Song"
    assert len(data["workExample"]) == 20
    assert {w["@type"] for w in data["workExample"]} == {"ScholarlyArticle"}


def test_jsonld_cannot_be_broken_out_of_by_source_text(client):
    researcher = researcher_create("Mallory </script><script>alert(1)</script>")
    html = client.get(researcher.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in head
    assert "\\u003C/script\\u003E" in head


def test_institution_page_links_ror_once_whether_stored_as_url_or_id(client):
    from profiles.models import Institution

    for slug, stored in [("ror-url", "https://ror.org/02mhbdp94"), ("ror-id", "02mhbdp94")]:
        institution = Institution.objects.create(name=f"Inst {slug}", slug=slug, ror_id=stored)
        html = client.get(institution.get_absolute_url()).content.decode()
        assert '<a href="https://ror.org/02mhbdp94" rel="noopener">ROR 02mhbdp94</a>' in html
        assert "https://ror.org/https://" not in html
        institution.delete()


def test_favicon_ico_points_at_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
