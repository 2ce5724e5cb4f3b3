"""The seed data: what fixtures/seed.json holds once loaded, and how load_seed behaves."""

import copy
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from fixtures import build_seed
from graph.selectors import close_collaborators
from ingest.seed import SEED_PATH, seed_load
from profiles.models import Researcher
from works.models import Authorship, Work

pytestmark = pytest.mark.django_db


def seed_data() -> dict:
    return json.loads(SEED_PATH.read_text(encoding="utf-8"))


def work_titled(prefix: str) -> Work:
    return Work.objects.get(title__startswith=prefix)


def authors_of(work: Work) -> list[tuple[str, int | None]]:
    return [(a.raw_name, a.position) for a in work.authorships.all()]


@pytest.mark.parametrize(
    ("slug", "works"), [("guanglu-song", 47), ("qi-tian", 73), ("lu-yuan", 33)]
)
def test_seed_researchers_have_the_works_of_their_pages(slug, works):
    researcher = Researcher.objects.get(slug=slug)
    assert researcher.works_count == works
    assert researcher.authorships.count() == works
    assert researcher.source == "seed"
    assert researcher.verification_level == 1
    assert researcher.affiliation is None and not researcher.is_claimed


def test_paper_on_both_pages_is_one_work_with_the_competitors_date():
    intern = work_titled("INTERN: A New Learning Paradigm")
    # 000 says "preprint2022arXiv"; 001 gives the day: Nov 16, 2021.
    assert (intern.year, intern.month, intern.day) == (2021, 11, 16)
    assert (intern.work_type, intern.venue) == ("preprint", "arXiv")
    assert Work.objects.filter(title__startswith="INTERN").count() == 1


def test_the_two_uninet_papers_stay_two():
    uninets = Work.objects.filter(title__startswith="UniNet:").order_by("year")
    assert [w.year for w in uninets] == [2021, 2022]
    assert uninets[0].abstract != uninets[1].abstract


def test_named_authors_keep_their_printed_order():
    detrs = work_titled("DETRs with Collaborative Hybrid Assignments Training")
    assert authors_of(detrs) == [("Zhuofan Zong", 1), ("Guanglu Song", 2), ("Yu Liu", 3)]
    assert not detrs.authors_truncated
    assert detrs.code_url == "https://github.com/Sense-X/Co-DETR"
    assert [t.code for t in detrs.topics.all()] == ["cs.CV"]


def test_et_al_that_hides_him_still_makes_him_an_author_with_unknown_position():
    mmsearch = work_titled("MMSearch:")
    assert mmsearch.authors_truncated
    assert authors_of(mmsearch) == [
        ("Dongzhi Jiang", 1),
        ("Renrui Zhang", 2),
        ("Ziyu Guo", 3),
        ("Guanglu Song", None),
    ]
    first = mmsearch.authorships.get(position=1)
    assert first.institution.name == "Peking University"
    assert first.match_rule == Authorship.MatchRule.SEED


def test_profile_only_works_have_the_owner_as_the_one_known_author():
    work = work_titled("GhostNet: More Features from Cheap Operations")
    assert authors_of(work) == [("Qi Tian", None)]
    assert work.authors_truncated


@pytest.mark.parametrize(
    ("prefix", "verbatim"),
    [
        ("KPNet: Towards Minimal Face Detector", r"with only $\sim1M$ parameters"),
        ("Revisiting the Sibling Head", r"Fast RCNN~\cite{girshick2015fast}"),
        ("Beyond Trade-off", r"($S^2AP$)"),
    ],
)
def test_titles_and_abstracts_are_kept_exactly(prefix, verbatim):
    assert verbatim in work_titled(prefix).abstract


def test_reported_metrics_are_stored_with_their_source_apart_from_computed_ones():
    guanglu = Researcher.objects.get(slug="guanglu-song")
    assert (guanglu.reported_h_index, guanglu.reported_citations) == (27, 3719)
    assert guanglu.reported_works_count == 47
    assert "competitor" in guanglu.reported_source
    # The seed works carry no citation counts, so the computed figures are honest zeros.
    assert (guanglu.h_index, guanglu.citations_count) == (0, 0)
    assert Researcher.objects.get(slug="qi-tian").reported_h_index is None


def test_co_authors_are_researchers_and_edges_are_real():
    guanglu = Researcher.objects.get(slug="guanglu-song")
    close = {
        c.researcher.display_name: c.shared_works
        for c in close_collaborators(researcher=guanglu, limit=100)
    }
    assert {"Zhuofan Zong", "Yu Liu", "Manyuan Zhang"} <= close.keys()
    assert (
        close["Yu Liu"]
        == Authorship.objects.filter(
            researcher__slug="yu-liu", work__authorships__researcher=guanglu
        ).count()
    )
    assert guanglu.close_collaborators_count == len(close)


def test_a_second_load_adds_nothing():
    before = (Researcher.objects.count(), Work.objects.count(), Authorship.objects.count())
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert "(0 new)" in out.getvalue() and "0 new authorships" in out.getvalue()
    assert (Researcher.objects.count(), Work.objects.count(), Authorship.objects.count()) == before


def test_a_changed_fixture_updates_rows_in_place():
    data = seed_data()
    target = next(w for w in data["works"] if w["title"].startswith("KPNet"))
    target["title"] = "KPNet: a corrected title"
    result = seed_load(data=data)
    assert (result.works_created, result.works_updated) == (0, 1)
    assert Work.objects.filter(title="KPNet: a corrected title").count() == 1


def test_a_rejected_authorship_stays_rejected_across_reloads():
    authorship = work_titled("KPNet").authorships.get(researcher__slug="guanglu-song")
    authorship.rejected_at = timezone.now()
    authorship.save()
    call_command("load_seed", verbosity=0)
    authorship.refresh_from_db()
    assert authorship.rejected_at is not None
    assert Researcher.objects.get(slug="guanglu-song").works_count == 46


def test_slug_taken_by_another_record_gets_a_suffix():
    data = seed_data()
    Researcher.objects.filter(slug="yu-liu").update(external_ids={}, slug="yu-liu-old")
    Researcher.objects.create(display_name="Yu Liu", slug="yu-liu", source="test")
    seed_load(data=data)
    assert Researcher.objects.get(external_ids__seed="yu liu").slug == "yu-liu-2"


def test_missing_or_malformed_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_seed", path=tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_seed", path=bad)


def test_a_broken_fixture_writes_nothing(tmp_path):
    data = copy.deepcopy(seed_data())
    data["researchers"] = [r for r in data["researchers"] if r["key"] != "yu liu"]
    data["works"].append({**data["works"][0], "key": "seed:new", "title": "Half write?"})
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    researchers = Researcher.objects.count()
    with pytest.raises(CommandError, match="not a seed file"):
        call_command("load_seed", path=broken)
    assert not Work.objects.filter(title="Half write?").exists()
    assert Researcher.objects.count() == researchers


# The parser, on lines exactly as the captured pages print them.


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("CVSep 19, 2024Code", ("CV", "Sep", "19", "2024", "Code")),
        ("CVMar 19", ("CV", "Mar", "19", None, None)),
        ("LGApr 3Code", ("LG", "Apr", "3", None, "Code")),
    ],
)
def test_competitor_paper_heading(line, expected):
    match = build_seed.COMPETITOR_HEAD.match(line)
    assert (match["cat"], match["mon"], match["day"], match["year"], match["code"]) == expected


def test_author_line_with_et_al_and_institution():
    authors, truncated = build_seed.parse_authors(
        "Hao Shao, Shengju Qian, Han Xiao et al. · tsinghua"
    )
    assert truncated
    assert [(a.name, a.position) for a in authors] == [
        ("Hao Shao", 1),
        ("Shengju Qian", 2),
        ("Han Xiao", 3),
    ]
    assert authors[0].institution == "Tsinghua University"


def test_title_key_ignores_case_and_punctuation_only():
    key = build_seed.title_key
    assert key("UniNet: Unified Architecture Search") == key("uninet unified architecture search")
    assert key("Self-slimmed Vision Transformer") != key("Self slimmed Vision Transformers")


@pytest.mark.skipif(
    not build_seed.SEEDS.is_dir(), reason="the captured seed pages exist only on team machines"
)
def test_committed_fixture_is_what_the_script_builds_from_the_pages():
    assert build_seed.build() == seed_data()


def test_every_fixture_work_is_loaded_byte_for_byte():
    loaded = dict(Work.objects.filter(source="seed").values_list("external_ids__seed", "abstract"))
    titles = set(Work.objects.filter(source="seed").values_list("title", flat=True))
    for work in seed_data()["works"]:
        assert loaded[work["key"]] == work["abstract"]
        assert work["title"] in titles


@pytest.mark.skipif(
    not build_seed.SEEDS.is_dir(), reason="the captured seed pages exist only on team machines"
)
@pytest.mark.parametrize(
    ("prefix", "slug"), [("000", "guanglu-song"), ("003", "qi-tian"), ("004", "lu-yuan")]
)
def test_every_paper_on_the_seed_pages_is_on_the_profile_verbatim(prefix, slug):
    owner, works = build_seed.parse_profile_page(prefix)
    if prefix == "000":
        works += build_seed.parse_competitor_page(owner)[1]
    listed = set(
        Work.objects.filter(authorships__researcher__slug=slug).values_list("title", "abstract")
    )
    assert {(w.title, w.abstract) for w in works} <= listed
    assert len(listed) == {"000": 47, "003": 73, "004": 33}[prefix]
