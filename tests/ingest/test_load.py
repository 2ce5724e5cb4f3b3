"""The loader against real PostgreSQL: upserts, merges across sources, families, author matching,
decisions that survive re-imports, interrupted runs."""

import hashlib
import json

import pytest
from django.utils import timezone

from ingest.loader import Loader, RejectsFile
from ingest.openalex import parse_openalex_line
from ingest.records import AuthorRecord, AuthorRef, InstitutionRef, TopicRef, WorkRecord
from profiles.models import Researcher
from profiles.services import researcher_save
from tests.factories import researcher_create
from works.models import Authorship, CollaborationEdge, ImportRun, Work

pytestmark = pytest.mark.django_db

UNIVERSITY = InstitutionRef(
    "Test University", openalex_id="I1", ror_id="https://ror.org/0test", country="de"
)
CV = TopicRef("arxiv", "cs.CV", "Computer Vision and Pattern Recognition")


def openalex_work(n: int, **fields) -> WorkRecord:
    defaults = dict(
        source="openalex",
        title=f"Paper {n}",
        abstract=f"Abstract {n}.",
        year=2020,
        month=5,
        day=n % 28 + 1,
        work_type="article",
        venue="Journal of Tests",
        openalex_id=f"W{n}",
        doi=f"10.1234/paper.{n}",
        citation_count=n,
        topics=[TopicRef("openalex", "T1", "Test topic")],
        authors=[
            AuthorRef(
                "A. First", 1, openalex_id="A1", display_name="Ada First",
                institutions=[UNIVERSITY],
            ),
            AuthorRef("B. Second", 2, openalex_id="A2", display_name="Bo Second"),
        ],
    )  # fmt: skip
    return WorkRecord(**(defaults | fields))


def load(records, tmp_path, source="openalex", name="rejects.jsonl"):
    loader = Loader(source=source, rejects=RejectsFile(tmp_path / name))
    for i, record in enumerate(records, start=1):
        loader.add(i, record, f"raw line {i}")
    stats = loader.finish()
    loader.rejects.close()
    return stats


def table_hash() -> str:
    rows = Work.objects.order_by("id").values_list(
        "id", "title", "abstract", "year", "doi", "openalex_id", "arxiv_id", "citation_count",
        "family_id", "is_primary_version",
    )  # fmt: skip
    authorships = Authorship.objects.order_by("id").values_list(
        "id", "work_id", "researcher_id", "position", "raw_name", "rejected_at"
    )
    return hashlib.sha256(repr((list(rows), list(authorships))).encode()).hexdigest()


def test_create_then_reimport_is_a_no_op(tmp_path):
    records = [openalex_work(n) for n in range(1, 6)]
    first = load(records, tmp_path)
    assert (first.read, first.created, first.updated, first.unchanged) == (5, 5, 0, 0)
    assert first.researchers_created == 2
    counts = (Work.objects.count(), Researcher.objects.count(), Authorship.objects.count())
    before = table_hash()
    second = load([openalex_work(n) for n in range(1, 6)], tmp_path)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert (Work.objects.count(), Researcher.objects.count(), Authorship.objects.count()) == counts
    assert table_hash() == before

    ada = Researcher.objects.get(openalex_id="A1")
    assert ada.display_name == "Ada First" and ada.works_count == 5
    assert ada.citations_count == sum(range(1, 6))
    work = Work.objects.get(openalex_id="W3")
    first_author = work.authorships.get(position=1)
    assert first_author.raw_name == "A. First"
    assert first_author.institution.ror_id == "https://ror.org/0test"
    assert first_author.match_rule == "source_id" and first_author.source == "openalex"
    assert [t.name for t in work.topics.all()] == ["Test topic"]
    assert CollaborationEdge.objects.get(researcher_a=ada).shared_works == 5


def test_changed_record_updates_one_row(tmp_path):
    load([openalex_work(1)], tmp_path)
    stats = load([openalex_work(1, title="Paper 1, corrected", citation_count=99)], tmp_path)
    assert (stats.created, stats.updated) == (0, 1)
    work = Work.objects.get(openalex_id="W1")
    assert (work.title, work.citation_count) == ("Paper 1, corrected", 99)


def test_duplicate_ids_in_one_run_are_rejected_with_the_first_line(tmp_path):
    stats = load([openalex_work(1), openalex_work(2), openalex_work(1, title="again")], tmp_path)
    assert (stats.created, stats.rejected) == (2, 1)
    rejects = (tmp_path / "rejects.jsonl").read_text()
    assert '"line": 3' in rejects and "duplicate OpenAlex id W1 (first on line 1)" in rejects
    assert "raw line 3" in rejects


def test_same_paper_from_both_sources_is_one_row(tmp_path):
    load(
        [
            openalex_work(
                1, work_type="preprint", arxiv_id="2211.12860", doi="10.48550/arxiv.2211.12860"
            )
        ],
        tmp_path,
    )
    arxiv = WorkRecord(
        source="arxiv", title="Paper 1 (arXiv title)", year=2022, arxiv_id="2211.12860",
        abstract="Abstract 1.", code_url="https://github.com/Sense-X/Co-DETR", topics=[CV],
        authors=[AuthorRef("Ada First", 1), AuthorRef("Bo Second", 2)],
    )  # fmt: skip
    stats = load([arxiv], tmp_path, source="arxiv")
    assert (stats.created, stats.updated) == (0, 1)
    work = Work.objects.get(arxiv_id="2211.12860")
    assert work.title == "Paper 1"  # the first source's title stays
    assert work.code_url == "https://github.com/Sense-X/Co-DETR"  # what was missing is filled
    assert work.openalex_id == "W1" and work.arxiv_id == "2211.12860"
    # The id-less authors are the OpenAlex ones already on the work, not new records.
    assert Researcher.objects.filter(source__in=["openalex", "arxiv"]).count() == 2
    assert work.authorships.count() == 2


def test_preprint_and_published_version_become_one_family_shown_once(tmp_path):
    preprint = WorkRecord(
        source="arxiv", title="Paper 7", year=2021, arxiv_id="2101.00007",
        related_dois=["10.1234/paper.7"],
        authors=[AuthorRef("Ada First", 1)],
    )  # fmt: skip
    load([preprint], tmp_path, source="arxiv")
    load([openalex_work(7)], tmp_path)  # the published version arrives later
    published = Work.objects.get(doi="10.1234/paper.7")
    pre = Work.objects.get(arxiv_id="2101.00007")
    assert published.family_id == pre.family_id is not None
    assert published.is_primary_version and not pre.is_primary_version
    assert list(Work.objects.listed().filter(family=published.family)) == [published]


def test_id_less_authors_match_by_name_and_coauthor_else_become_new(tmp_path):
    guanglu = Researcher.objects.get(slug="guanglu-song")  # seed record
    with_coauthor = WorkRecord(
        source="arxiv", title="A new paper", year=2026, arxiv_id="2601.00001",
        authors=[
            AuthorRef("Guanglu Song", 1), AuthorRef("Yu Liu", 2), AuthorRef("Newcomer Person", 3)
        ],
    )  # fmt: skip
    stranger = WorkRecord(
        source="arxiv", title="Fluid dynamics", year=2026, arxiv_id="2601.00002",
        topics=[TopicRef("arxiv", "physics.flu-dyn", "Fluid Dynamics")],
        authors=[AuthorRef("Guanglu Song", 1), AuthorRef("Someone Else", 2)],
    )  # fmt: skip
    again = WorkRecord(
        source="arxiv", title="Second paper of the newcomer", year=2026, arxiv_id="2601.00003",
        authors=[AuthorRef("Newcomer Person", 1), AuthorRef("Yu Liu", 2)],
    )  # fmt: skip
    load([with_coauthor, stranger, again], tmp_path, source="arxiv")
    first = Work.objects.get(arxiv_id="2601.00001").authorships.get(position=1)
    assert first.researcher == guanglu and first.match_rule == "name_coauthor"
    other = Work.objects.get(arxiv_id="2601.00002").authorships.get(position=1)
    assert other.researcher != guanglu and other.match_rule == "new"  # a namesake, kept apart
    newcomers = Researcher.objects.filter(display_name="Newcomer Person")
    assert newcomers.count() == 1 and newcomers.get().works_count == 2
    guanglu.refresh_from_db()
    assert guanglu.works_count == 48


def test_a_renamed_record_keeps_its_works_but_pulls_in_nobody_by_its_old_name(tmp_path):
    """An owner renamed to "Kaiming He" and back got Kaiming He's next id-less paper: former
    names were match keys. Now a rename drops the old name's keys; works already on the record
    keep their authors on re-import (they are known by work, not by key)."""
    ada = researcher_create("Ada Example")
    mine = WorkRecord(
        source="arxiv", title="Mine", year=2026, arxiv_id="2601.00010",
        authors=[AuthorRef("Ada Example", 1)],
    )  # fmt: skip
    load([mine], tmp_path, source="arxiv")
    assert Work.objects.get(arxiv_id="2601.00010").authorships.get().researcher == ada
    ada.display_name = "Kaiming He"
    researcher_save(researcher=ada, previous_name="Ada Example")
    ada.display_name = "Ada Lovelace"
    researcher_save(researcher=ada, previous_name="Kaiming He")
    ada.refresh_from_db()
    assert "kaiming he" not in ada.name_keys and "ada example" not in ada.name_keys

    theirs = WorkRecord(
        source="arxiv", title="Theirs", year=2026, arxiv_id="2601.00011",
        authors=[AuthorRef("Kaiming He", 1)],
    )  # fmt: skip
    load([mine, theirs], tmp_path, source="arxiv")
    assert Work.objects.get(arxiv_id="2601.00011").authorships.get().researcher != ada
    assert Work.objects.get(arxiv_id="2601.00010").authorships.get().researcher == ada


def test_not_mine_and_curator_decisions_survive_reimport(tmp_path, django_user_model):
    load([openalex_work(1)], tmp_path)
    owner = django_user_model.objects.create_user("ada")
    authorship = Authorship.objects.get(work__openalex_id="W1", position=1)
    authorship.rejected_at, authorship.rejected_by = timezone.now(), owner
    authorship.save()
    load([openalex_work(1, citation_count=50)], tmp_path)
    authorship.refresh_from_db()
    assert authorship.rejected_at is not None and authorship.rejected_by == owner
    assert Researcher.objects.get(openalex_id="A1").works_count == 0


def test_authors_the_source_drops_leave_the_work(tmp_path):
    load([openalex_work(1)], tmp_path)
    solo = openalex_work(1, authors=[AuthorRef("A. First", 1, openalex_id="A1")])
    load([solo], tmp_path)
    assert list(
        Work.objects.get(openalex_id="W1").authorships.values_list(
            "researcher__openalex_id", flat=True
        )
    ) == ["A1"]
    assert Researcher.objects.get(openalex_id="A2").works_count == 0


def test_author_records_store_reported_figures_apart(tmp_path):
    load([openalex_work(1)], tmp_path)
    author = AuthorRecord(
        openalex_id="A1", display_name="Ada First", orcid="0000-0002-1825-0097",
        alternative_names=["Ada F."], works_count=120, cited_by_count=3000, h_index=25,
        i10_index=40, updated_date="2026-10-01",
        last_known_institutions=[InstitutionRef("Test University", openalex_id="I1")],
    )  # fmt: skip
    stats = load([author], tmp_path)
    assert stats.authors_read == 1
    ada = Researcher.objects.get(openalex_id="A1")
    assert (ada.reported_h_index, ada.reported_citations, ada.reported_source) == (
        25,
        3000,
        "OpenAlex",
    )
    assert str(ada.reported_on) == "2026-10-01"
    assert ada.h_index == 1  # computed from the one imported work, kept apart
    assert ada.orcid == "0000-0002-1825-0097" and ada.affiliation.name == "Test University"
    assert "ada f" in ada.name_keys


def test_an_interrupted_run_is_completed_by_the_next(tmp_path):
    loader = Loader(source="openalex", rejects=RejectsFile(tmp_path / "r.jsonl"))
    for n in range(1, 4):
        loader.add(n, openalex_work(n), "raw")
    loader.flush()  # a batch is committed, then the process dies before finish()
    assert Researcher.objects.get(openalex_id="A1").works_count == 0  # counters not yet fresh
    stats = load([openalex_work(n) for n in range(1, 4)], tmp_path)
    assert stats.unchanged == 3
    assert Researcher.objects.get(openalex_id="A1").works_count == 3
    assert not ImportRun.objects.filter(finished__isnull=True).exists()


@pytest.mark.parametrize("size", [10, 200])
def test_queries_per_batch_do_not_grow_with_its_size(tmp_path, size, django_assert_max_num_queries):
    records = [
        openalex_work(
            n,
            authors=[AuthorRef(f"Author {n}", 1, openalex_id=f"A{n}"), AuthorRef(f"X {n}", 2)],
        )
        for n in range(1, size + 1)
    ]  # fmt: skip
    loader = Loader(source="openalex", rejects=RejectsFile(tmp_path / "r.jsonl"))
    for i, record in enumerate(records, 1):
        loader.add(i, record, "raw")
    with django_assert_max_num_queries(45):
        loader.flush()


def collaboration(n: int, team: int, **fields) -> WorkRecord:
    """A large-collaboration paper: `team` id-less authors, as HEP experiments print them."""
    authors = [AuthorRef(f"Member{i} Physicist", i) for i in range(1, team + 1)]
    return openalex_work(n, authors=authors, topics=[], **fields)


def test_a_large_collaboration_imports_whole_without_squaring_the_edges(tmp_path):
    from works.models import LARGE_TEAM
    from works.services import derived_verify

    edges_before = CollaborationEdge.objects.count()
    load([collaboration(1, 1000), collaboration(2, 1000)], tmp_path)
    big = Work.objects.get(openalex_id="W1")
    assert big.authorships.count() == 1000
    member = big.authorships.get(position=7).researcher
    member.refresh_from_db()
    # Both papers: the one record with that name (works count), and no collaborators from them.
    assert (member.works_count, member.close_collaborators_count) == (2, 0)
    assert CollaborationEdge.objects.count() == edges_before  # not 2 x 499,500 pairs
    # A paper of a real team size makes its authors collaborators as usual.
    load([collaboration(3, LARGE_TEAM, title="A team paper")], tmp_path)
    assert CollaborationEdge.objects.count() == edges_before + LARGE_TEAM * (LARGE_TEAM - 1) // 2
    assert derived_verify().differences == 0


def test_sharing_a_large_byline_is_no_co_author_evidence(tmp_path):
    """Two "Member1 Physicist" are known (different fields). On a small paper with Alice, a
    co-author of one of them, that one is chosen; on a 200-author byline with Alice, sharing
    the byline decides nothing and the author stays apart."""

    def paper(n, authors, topic=None, **fields):
        topics = [TopicRef("arxiv", topic, topic)] if topic else []
        return openalex_work(n, authors=authors, topics=topics, **fields)

    alice = AuthorRef("Alice Apple", 2)
    load([paper(1, [AuthorRef("Member1 Physicist", 1), alice], "hep-ex")], tmp_path)
    load([paper(2, [AuthorRef("Member1 Physicist", 1)], "q-bio.GN")], tmp_path)
    assert Researcher.objects.filter(display_name="Member1 Physicist").count() == 2
    first = Work.objects.get(openalex_id="W1").authorships.get(position=1).researcher

    load([paper(3, [AuthorRef("Member1 Physicist", 1), alice])], tmp_path)
    small = Work.objects.get(openalex_id="W3").authorships.get(position=1)
    assert (small.researcher, small.match_rule) == (first, "name_coauthor")

    byline = [AuthorRef("Member1 Physicist", 1), alice] + [
        AuthorRef(f"Member{i} Physicist", i) for i in range(3, 201)
    ]
    load([paper(4, byline)], tmp_path)
    large = Work.objects.get(openalex_id="W4").authorships.get(position=1)
    assert large.match_rule == "new"


def test_a_second_paper_without_known_co_authors_finds_the_one_record_of_that_name(tmp_path):
    """Adrian Del Maestro's papers on a real arXiv feed landed on four records; the one record
    with a name now takes the next paper unless something says it is someone else."""
    first = openalex_work(1, authors=[AuthorRef("Adrian Del Maestro", 1)], topics=[])
    later = openalex_work(2, authors=[AuthorRef("Adrian Del Maestro", 1), AuthorRef("Q. New", 2)])
    load([first], tmp_path)
    load([later], tmp_path)
    records = Researcher.objects.filter(display_name="Adrian Del Maestro")
    assert records.count() == 1 and records.get().works_count == 2
    assert Work.objects.get(openalex_id="W2").authorships.get(position=1).match_rule == "name"


def test_hyphenated_and_joined_given_names_meet(tmp_path):
    load([openalex_work(1, authors=[AuthorRef("Zhi-Gang Wang", 1)])], tmp_path)
    load([openalex_work(2, authors=[AuthorRef("Zhigang Wang", 1)])], tmp_path)
    load([openalex_work(3, authors=[AuthorRef("Zhi Gang Wang", 1)])], tmp_path)
    records = Researcher.objects.filter(name_keys__contains=["zhigang wang"])
    assert records.count() == 1 and records.get().works_count == 3


def test_two_known_namesakes_without_evidence_stay_apart(tmp_path):
    load([openalex_work(1, authors=[AuthorRef("Wei Zhang", 1)], topics=[CV])], tmp_path)
    physics = TopicRef("arxiv", "hep-th", "High Energy Physics - Theory")
    load([openalex_work(2, authors=[AuthorRef("Wei Zhang", 1)], topics=[physics])], tmp_path)
    assert Researcher.objects.filter(display_name="Wei Zhang").count() == 2  # other field
    load([openalex_work(3, authors=[AuthorRef("Wei Zhang", 1)], topics=[])], tmp_path)
    assert Work.objects.get(openalex_id="W3").authorships.get().match_rule == "new"


def test_names_that_are_not_people_are_never_match_keys(tmp_path):
    babar = AuthorRef("The BABAR Collaboration", 2)
    load([openalex_work(1, authors=[AuthorRef("Ann Author", 1), babar])], tmp_path)
    load([openalex_work(2, authors=[AuthorRef("Ann Author", 1), babar])], tmp_path)
    records = Researcher.objects.filter(display_name="The BABAR Collaboration")
    assert records.count() == 2  # each a record of its own, never matched by name
    assert all(r.name_keys == [] for r in records)
    pair = AuthorRef("Nora B. Whyte and Susan M. Duncan", 1)
    load([openalex_work(3, authors=[pair]), openalex_work(4, authors=[pair])], tmp_path)
    assert Researcher.objects.filter(display_name=pair.name).count() == 2


def test_an_openalex_deleted_author_placeholder_is_skipped():
    line = {
        "id": "https://openalex.org/W1",
        "title": "x",
        "publication_year": 2020,
        "authorships": [
            {"author": {"id": "https://openalex.org/A9999999999", "display_name": "Deleted Author"},
             "raw_author_name": "Deleted Author"},
            {"author": {"id": None, "display_name": "Ann Author"}, "raw_author_name": "Ann Author"},
        ],
    }  # fmt: skip
    (record,) = parse_openalex_line(json.dumps(line)).records
    assert [(a.name, a.position) for a in record.authors] == [("Ann Author", 2)]


def test_a_source_alternative_name_of_someone_else_is_no_match_key(tmp_path):
    """Real OpenAlex glitch: T. Tokuzawa's author record lists "K. Tanaka"."""
    record = AuthorRecord(
        openalex_id="A77", display_name="Tetsuo Tokuzawa",
        alternative_names=["T. Tokuzawa", "Tokuzawa, Tetsuo", "K. Tanaka"],
    )  # fmt: skip
    load([record], tmp_path)
    keys = Researcher.objects.get(openalex_id="A77").name_keys
    assert "t tokuzawa" in keys and "tokuzawa tetsuo" in keys
    assert "k tanaka" not in keys
