import pytest
from django.urls import reverse

from profiles.models import Institution
from tests.factories import researcher_create, works_create
from works.models import Topic, Work
from works.services import work_hide

pytestmark = pytest.mark.django_db


def test_work_page_shows_full_record_and_more_by_these_authors(client):
    work = Work.objects.get(title="DETRs with Collaborative Hybrid Assignments Training")
    html = client.get(work.get_absolute_url()).content.decode()
    assert "<h1" in html and "DETRs with Collaborative Hybrid Assignments Training" in html
    for name in ["Zhuofan Zong", "Guanglu Song", "Yu Liu"]:
        assert name in html
    assert "November 22, 2022" in html
    assert "https://github.com/Sense-X/Co-DETR" in html
    assert "More by these authors" in html
    assert html.count('class="work"') == 10  # capped list of other works


def test_work_page_404s_on_missing_or_hidden_work(client):
    assert client.get("/works/999999999/").status_code == 404
    researcher = researcher_create()
    (work,) = works_create(researcher, 1)
    work_hide(work=work)
    assert client.get(work.get_absolute_url()).status_code == 404


def test_topic_page_lists_researchers_and_recent_works(client):
    topic = Topic.objects.get(code="cs.CV")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Computer Vision and Pattern Recognition" in html
    assert "Guanglu Song" in html
    assert html.count('class="work"') == 20
    assert client.get("/topics/no-such-topic/").status_code == 404
    assert client.get(topic.get_absolute_url() + "?page=abc&rpage=zz").status_code == 200


def test_institution_page_lists_its_researchers_and_their_works(client):
    institution = Institution.objects.create(name="Test University", slug="test-university")
    researcher = researcher_create("Ada Example", affiliation=institution)
    works_create(researcher, 3)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert "Ada Example" in html
    assert html.count('class="work"') == 3
    assert client.get("/institutions/nowhere/").status_code == 404


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("", "Guanglu Song", None),
        ("?letter=Q", "Qi Tian", "Guanglu Song"),
        ("?q=tian", "Qi Tian", "Lu Yuan"),
        ("?topic=cs-lg", "Guanglu Song", "Lu Yuan"),
        ("?letter=%3Cscript%3E&topic=nope&page=zz", "Researchers", None),
    ],
)
def test_directory_filters_by_letter_topic_and_name(client, query, present, absent):
    response = client.get(reverse("pages:researcher_list") + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert present in html
    if absent:
        assert absent not in html


def test_how_trust_works_page_states_formula_version_and_levels(client):
    from profiles.trust import TRUST_FORMULA_VERSION

    html = client.get(reverse("pages:trust_explained")).content.decode()
    assert TRUST_FORMULA_VERSION in html
    for phrase in [
        "L0",
        "L1",
        "L2",
        "L3",
        "Emerging",
        "20–39",
        "min(10, round(3 · log₂(1 + followers)))",
    ]:
        assert phrase in html
