"""OpenAlex lines → records, on hand-written samples of every format era and every bad input."""

import gzip
import json
from pathlib import Path

import pytest

from ingest.files import TruncatedInput, open_lines
from ingest.openalex import parse_openalex_entity, parse_openalex_line
from ingest.records import (
    MAX_ABSTRACT,
    MAX_AUTHORS,
    MAX_NAME,
    MAX_TITLE,
    MAX_VENUE,
    AuthorRecord,
    AuthorRef,
    InstitutionRef,
    Rejected,
    TopicRef,
    WorkRecord,
)

FILES = Path(__file__).parent / "files"
WORKS = dict(open_lines(FILES / "openalex_works.jsonl"))
AUTHORS = dict(open_lines(FILES / "openalex_authors.jsonl"))
OA = "https://openalex.org/"


def parse_one(line: str):
    records, rejected = parse_openalex_line(line)
    assert rejected == []
    assert len(records) == 1
    return records[0]


def rejection(line: str | bytes) -> str:
    with pytest.raises(Rejected) as excinfo:
        parse_openalex_line(line)
    return str(excinfo.value)


def work_line(**fields) -> str:
    return json.dumps({"id": f"{OA}W1", "title": "A title", "publication_year": 2020, **fields})


# --- works of each era ---------------------------------------------------------------------


def test_modern_work_parses_every_field():
    assert parse_one(WORKS[1]) == WorkRecord(
        source="openalex",
        title=(
            "The state of OA: a large-scale analysis of the prevalence and impact of Open "
            "Access articles"
        ),
        year=2018,
        month=2,
        day=13,
        abstract=(
            "Despite growing interest in Open Access (OA) data is in short supply. "
            "Code: https://github.com/Impactstory/oadoi."
        ),
        work_type="article",
        venue="PeerJ",
        openalex_id="W2741809807",
        doi="10.7717/peerj.4375",
        arxiv_id=None,
        related_dois=[],
        related_arxiv_ids=["1705.01418"],
        citation_count=1155,
        code_url="https://github.com/Impactstory/oadoi",
        topics=[
            TopicRef("openalex", "T10102", "scientometrics and bibliometrics research"),
            TopicRef("openalex", "T12851", "Open access and scholarly publishing"),
        ],
        authors=[
            AuthorRef(
                name="Heather Piwowar",
                position=1,
                openalex_id="A5048491430",
                display_name="Heather Piwowar",
                orcid="0000-0003-1613-5981",
                institutions=[
                    InstitutionRef("Impactstory", "I4200000001", "https://ror.org/02nr0ka47", "US")
                ],
            ),
            AuthorRef(
                name="J. Priem",
                position=2,
                openalex_id="A5023888391",
                display_name="Jason Priem",
            ),
            # Position 3 had no name at all: skipped, the others keep their printed places.
            AuthorRef(
                name="Vincent Larivière",
                position=4,
                openalex_id=None,
                display_name="Vincent Larivière",
                institutions=[
                    InstitutionRef(
                        "Université de Montréal", "I70931966", "https://ror.org/0161xgx34", "CA"
                    ),
                    InstitutionRef(
                        "Observatoire des Sciences et des Technologies", "I4210163365", None, ""
                    ),
                ],
            ),
            AuthorRef(
                name="Stefanie Haustein",
                position=5,
                openalex_id="A5000000005",
                display_name="Stefanie Haustein",
                orcid="0000-0002-1825-0097",
                institutions=[
                    InstitutionRef(
                        "University of Ottawa", "I153718931", "https://ror.org/03c4mmv16", "CA"
                    )
                ],
            ),
        ],
        authors_truncated=False,
        external_ids={"mag": "2741809807", "pmid": "29456894", "pmcid": "PMC5815332"},
    )


def test_2022_work_with_host_venue_concepts_and_wrapped_abstract():
    assert parse_one(WORKS[2]) == WorkRecord(
        source="openalex",
        title="Generalized Gradient Approximation Made Simple",
        year=1996,
        month=10,
        day=28,
        abstract="Generalized gradient expansion approximations made simple, with no parameters.",
        work_type="article",
        venue="Physical Review Letters",
        openalex_id="W2100837269",
        doi="10.1103/physrevlett.77.3865",
        citation_count=152443,  # given as the string "152443"
        # Kept: level <= 1 (Physics, Quantum mechanics even at score 0) or score >= 0.3;
        # dropped: Chemistry (level 3, score 0.2999) and the repeated concept.
        topics=[
            TopicRef("openalex", "C121332964", "Physics"),
            TopicRef("openalex", "C152365726", "Density functional theory"),
            TopicRef("openalex", "C2779227376", "Approximation error"),
            TopicRef("openalex", "C62520636", "Quantum mechanics"),
        ],
        authors=[
            AuthorRef(
                name="John P. Perdew",
                position=1,
                openalex_id="A2115283219",
                display_name="John P. Perdew",
                institutions=[
                    InstitutionRef(
                        "Tulane University", "I114832834", "https://ror.org/04vmvtb21", "US"
                    )
                ],
            ),
            AuthorRef("Kieron Burke", 2, "A2022545390", "Kieron Burke"),
            AuthorRef("Matthias Ernzerhof", 3, "A2168418446", "Matthias Ernzerhof"),
        ],
        external_ids={"mag": "2100837269", "pmid": "10062328"},
    )


def test_arxiv_doi_makes_the_arxiv_id_the_identity_and_keeps_the_doi():
    assert parse_one(WORKS[3]) == WorkRecord(
        source="openalex",
        title="DETRs with Collaborative Hybrid Assignments Training",
        year=2022,
        month=11,
        day=22,
        work_type="preprint",
        venue="arXiv (Cornell University)",
        openalex_id="W4309513209",
        doi="10.48550/arxiv.2211.12860",
        arxiv_id="2211.12860",
        related_arxiv_ids=[],  # its own locations, without version, are itself
        citation_count=12,
        # `topics` is empty: the concepts are used (level 1 kept despite score 0.2).
        topics=[TopicRef("openalex", "C154945302", "Artificial intelligence")],
        authors=[AuthorRef("Zong, Zhuofan", 1, "A5100364958", "Zhuofan Zong")],
    )


def test_old_posted_content_on_arxiv_without_doi_takes_the_old_style_arxiv_id():
    assert parse_one(WORKS[4]) == WorkRecord(
        source="openalex",
        title="Vortex lattice melting in layered superconductors",
        year=2004,
        month=12,
        day=16,
        work_type="preprint",
        venue="arXiv (Cornell University)",
        openalex_id="W1999999999",
        arxiv_id="cond-mat/0412498",
    )


def test_partial_select_record_parses_with_id_title_and_year():
    assert parse_one(WORKS[5]) == WorkRecord(
        source="openalex",
        title="A partial record from select=id,display_name,publication_year",
        year=2020,
        work_type="other",
        openalex_id="W3000000005",
    )


def test_api_single_response_skips_repeated_author_and_null_locations():
    assert parse_one(WORKS[6]) == WorkRecord(
        source="openalex",
        title="Proceedings paper with many authors",
        year=2021,
        month=6,
        day=1,
        work_type="proceedings",
        venue="2021 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
        openalex_id="W3177828909",
        doi="10.1109/cvpr46437.2021.00123",
        citation_count=7,  # given as 7.0
        authors=[
            AuthorRef("First Author", 1, "A5000000101", "First Author"),
            AuthorRef("Second Author", 2, "A5000000102", "Second Author"),
        ],
        authors_truncated=True,
    )


def test_list_response_keeps_good_results_and_reports_bad_ones():
    records, rejected = parse_openalex_line(WORKS[7])
    assert records == [
        WorkRecord(
            source="openalex",
            title="First result",
            year=2023,
            work_type="book-chapter",
            openalex_id="W4000000001",
        ),
        WorkRecord(
            source="openalex",
            title="Third result",
            year=2023,
            work_type="other",  # editorial
            openalex_id="W4000000003",
        ),
    ]
    assert rejected == [
        "results[1]: missing title",
        "results[3]: not a work or author: source S4306400194",
    ]


def test_impossible_date_falls_back_to_a_valid_year():
    assert parse_one(WORKS[16]) == WorkRecord(
        source="openalex",
        title="Dated the thirtieth of February",
        year=2021,
        month=None,
        day=None,
        work_type="other",
        openalex_id="W4000000020",
    )


def test_numbers_given_as_digit_strings_are_accepted():
    record = parse_one(WORKS[18])
    assert (record.year, record.citation_count, record.work_type) == (2019, 12, "dataset")


def test_nulls_everywhere_still_give_a_work():
    assert parse_one(WORKS[23]) == WorkRecord(
        source="openalex",
        title="Nulls everywhere",  # display_name, whitespace collapsed
        year=2019,
        work_type="other",
        openalex_id="W4000000027",
        authors=[
            AuthorRef(
                name="Ada Null",
                position=2,
                openalex_id=None,
                display_name="Ada Null",
                institutions=[InstitutionRef("Null University", None, None, "")],
            )
        ],
    )


# --- rejections in the sample file ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line_number", "reason"),
    [
        (8, "not a work or author: paratext W4000000010"),
        (9, "not a work or author: paratext W4000000011"),
        (10, "not a work or author: grant W4000000012"),
        (11, "not a work or author: institution I27837315"),
        (12, "not a work or author: funder F4320306076"),
        (13, "malformed JSON: Unterminated string starting at: line 1 column 53 (char 52)"),
        (14, "not a JSON object: list"),
        (17, "impossible date: 2021-13-01"),
        (19, "publication_year is not a count: abc"),
        (20, "authorships is not a list: dict"),
        (21, "cited_by_count is not a count: many"),
        (22, "missing title"),
        (24, "missing id (looks like a work)"),
        (25, "API error: filter is not a valid field."),
    ],
)
def test_sample_rejections(line_number, reason):
    assert rejection(WORKS[line_number]) == reason


def test_the_blank_sample_line_is_skipped_but_counted():
    assert 15 not in WORKS
    assert sorted(WORKS) == [n for n in range(1, 26) if n != 15]


# --- rejections built here -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "x" * (MAX_TITLE + 1)}, f"title longer than {MAX_TITLE} characters"),
        (
            {"abstract_inverted_index": {"word": list(range(MAX_ABSTRACT // 4))}},
            f"abstract longer than {MAX_ABSTRACT} characters",
        ),
        (
            {"primary_location": {"source": {"display_name": "v" * (MAX_VENUE + 1)}}},
            f"venue longer than {MAX_VENUE} characters",
        ),
        (
            {"authorships": [{"raw_author_name": "n" * (MAX_NAME + 1)}]},
            f"author name longer than {MAX_NAME} characters",
        ),
        (
            {"authorships": [{"raw_author_name": "A"}] * (MAX_AUTHORS + 1)},
            f"more than {MAX_AUTHORS} authors",
        ),
        (
            {
                "authorships": [
                    {"raw_author_name": "A", "institutions": [{"display_name": "i" * 301}]}
                ]
            },
            f"institution name longer than {MAX_NAME} characters",
        ),
        ({"title": 42}, "title is not a string: int"),
        ({"title": ""}, "missing title"),
        ({"publication_year": None}, "missing year"),
        ({"publication_year": 20190}, "implausible publication_year: 20190"),
        ({"publication_year": True}, "publication_year is not a count: true"),
        (
            {"publication_year": None, "publication_date": "2021-02-30"},
            "impossible date: 2021-02-30",
        ),
        ({"publication_date": 20210101}, "publication_date is not a string: int"),
        ({"cited_by_count": -1}, "cited_by_count is not a count: -1"),
        ({"cited_by_count": 1.5}, "cited_by_count is not a count: 1.5"),
        ({"abstract_inverted_index": ["a"]}, "abstract_inverted_index is not an object: list"),
        ({"abstract_inverted_index": {"a": 1}}, "abstract_inverted_index positions are not a list"),
        (
            {"abstract_inverted_index": {"a": ["1"]}},
            "abstract_inverted_index position is not a number",
        ),
        ({"authorships": [None]}, "authorships[0] is not an object"),
        ({"authorships": [{"author": "A1"}]}, "author is not an object: str"),
        (
            {"authorships": [{"author": {"id": f"{OA}I1", "display_name": "X"}}]},
            "authorships[0]: invalid author id https://openalex.org/I1",
        ),
        ({"locations": {}}, "locations is not a list: dict"),
        ({"locations": ["x"]}, "locations item is not an object: str"),
        ({"primary_location": "arXiv"}, "primary_location is not an object: str"),
        ({"is_authors_truncated": "yes"}, "is_authors_truncated is not a boolean"),
        ({"type": "paratext"}, "not a work or author: paratext W1"),
    ],
)
def test_work_rejections(fields, reason):
    assert rejection(work_line(**fields)) == reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", "empty line"),
        ("   ", "empty line"),
        ("42", "not a JSON object: int"),
        ('"W1"', "not a JSON object: str"),
        ("null", "not a JSON object: NoneType"),
        (
            '{"id": "https://openalex.org/W1", ',
            "malformed JSON: Expecting property name "
            "enclosed in double quotes: line 1 column 34 (char 33)",
        ),
        ('{"id": "https://example.org/W1"}', "invalid id: https://example.org/W1"),
        ('{"id": 12, "title": "T"}', "invalid id: 12"),
        (
            '{"display_name": "Jane", "works_count": 3}',
            "missing id (looks like an author or another entity)",
        ),
        ('{"foo": 1}', "missing id (unknown entity)"),
        ('{"id": "https://openalex.org/Q1"}', "not a work or author: entity Q Q1"),
        ('{"meta": {}, "results": {}}', "results is not a list"),
        ('{"meta": {}, "group_by": [{"key": "x"}]}', "group_by response, not entities"),
        (b'{"id": "W1", "title": "caf\xe9"}', "invalid UTF-8"),
        ("[" * 100_000 + "]" * 100_000, "malformed JSON: nested too deeply"),
    ],
)
def test_line_rejections(line, reason):
    assert rejection(line) == reason


def test_a_list_response_with_no_results_is_empty_not_rejected():
    assert parse_openalex_line('{"meta": {"count": 0}, "results": []}') == ([], [])


def test_a_list_response_entry_that_is_not_an_object_is_reported():
    records, rejected = parse_openalex_line('{"results": [null, 3]}')
    assert records == []
    assert rejected == [
        "results[0]: not a JSON object: NoneType",
        "results[1]: not a JSON object: int",
    ]


# --- normalisation -------------------------------------------------------------------------


def test_bytes_lines_are_parsed_like_text():
    assert parse_one(WORKS[5].encode()) == parse_one(WORKS[5])


def test_a_line_with_undecodable_bytes_from_open_lines_is_rejected(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "W1", "title": "caf\xe9", "publication_year": 2020}\n')
    [(number, line)] = list(open_lines(path))
    assert number == 1
    assert rejection(line) == "invalid UTF-8"


def test_nul_characters_and_lone_surrogates_are_cleaned():
    line = r'{"id": "W1", "title": "A\u0000B \ud800 C", "publication_year": 2020}'
    assert parse_one(line).title == "AB ? C"


@pytest.mark.parametrize(
    ("doi", "expected"),
    [
        ("https://doi.org/10.1000/ABC", "10.1000/abc"),
        ("http://dx.doi.org/10.1000/abc", "10.1000/abc"),
        ("doi:10.1000/abc", "10.1000/abc"),
        ("10.1000/abc", "10.1000/abc"),
        ("https://doi.org/not-a-doi", None),
        ("https://doi.org/10.1000/" + "x" * 250, None),
    ],
)
def test_doi_normalisation(doi, expected):
    assert parse_one(work_line(doi=doi)).doi == expected


@pytest.mark.parametrize(
    ("fields", "arxiv_id", "related"),
    [
        ({"doi": "https://doi.org/10.48550/arXiv.1706.03762"}, "1706.03762", []),
        ({"doi": "10.48550/arxiv.math.GT/0309136v1"}, "math.GT/0309136", []),
        (
            {
                "type": "preprint",
                "primary_location": {"pdf_url": "https://arxiv.org/pdf/1706.03762v5.pdf"},
            },
            "1706.03762",
            [],
        ),
        (
            # An article whose primary location is arXiv but that has a publisher DOI: the
            # DOI is the identity, arXiv only a family link.
            {
                "type": "article",
                "doi": "10.1000/x",
                "primary_location": {"landing_page_url": "http://arxiv.org/abs/1706.03762"},
            },
            None,
            ["1706.03762"],
        ),
        (
            {
                "type": "article",
                "primary_location": {"landing_page_url": "https://arxiv.org/abs/1706.03762"},
            },
            "1706.03762",
            [],
        ),
        (
            {
                "type": "article",
                "doi": "10.1000/x",
                "best_oa_location": {"landing_page_url": "https://arxiv.org/abs/hep-th/9711200v3"},
                "locations": [{"landing_page_url": "https://arxiv.org/abs/hep-th/9711200"}],
            },
            None,
            ["hep-th/9711200"],
        ),
        ({"primary_location": {"landing_page_url": "https://arxiv.org/abs/not-an-id"}}, None, []),
    ],
)
def test_arxiv_identity_and_family_links(fields, arxiv_id, related):
    record = parse_one(work_line(**fields))
    assert (record.arxiv_id, record.related_arxiv_ids) == (arxiv_id, related)


def test_other_dois_among_the_locations_are_family_links():
    line = work_line(
        doi="https://doi.org/10.48550/arxiv.1706.03762",
        primary_location={"landing_page_url": "https://arxiv.org/abs/1706.03762v7"},
        locations=[
            {"landing_page_url": "https://doi.org/10.48550/arXiv.1706.03762"},
            {"landing_page_url": "https://doi.org/10.5555/3295222.3295349"},
            {"landing_page_url": "https://dl.acm.org/doi/10.5555/3295222.3295349"},
            {"landing_page_url": "https://doi.org/not-a-doi"},
        ],
    )
    record = parse_one(line)
    assert (record.doi, record.arxiv_id) == ("10.48550/arxiv.1706.03762", "1706.03762")
    assert (record.related_dois, record.related_arxiv_ids) == (["10.5555/3295222.3295349"], [])


def test_no_type_with_an_arxiv_location_is_a_preprint():
    line = work_line(primary_location={"landing_page_url": "https://arxiv.org/abs/1706.03762"})
    assert parse_one(line).work_type == "preprint"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("article", "article"),
        ("journal-article", "article"),
        ("review", "article"),
        ("preprint", "preprint"),
        ("posted-content", "preprint"),
        ("proceedings-article", "proceedings"),
        ("proceedings", "proceedings"),
        ("book-chapter", "book-chapter"),
        ("book-part", "book-chapter"),
        ("book", "book"),
        ("monograph", "book"),
        ("dataset", "dataset"),
        ("dissertation", "dissertation"),
        ("letter", "other"),
        ("erratum", "other"),
        ("Journal-Article", "article"),
    ],
)
def test_work_types(raw, expected):
    assert parse_one(work_line(type=raw)).work_type == expected


def test_type_crossref_is_used_when_type_is_absent():
    assert parse_one(work_line(type_crossref="journal-article")).work_type == "article"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2020-03-04", (2020, 3, 4)),
        ("2020-03", (2020, 3, None)),
        ("2019", (2019, None, None)),
        ("2020-03-04T00:00:00", (2020, 3, 4)),
        ("2021-13-01", (2020, None, None)),  # falls back to publication_year 2020
        ("soon", (2020, None, None)),
    ],
)
def test_publication_dates(date, expected):
    record = parse_one(work_line(publication_date=date))
    assert (record.year, record.month, record.day) == expected


def test_abstract_words_are_placed_by_position_even_with_gaps():
    index = {"world": [2], "hello": [0, 4], "big": [1]}
    assert parse_one(work_line(abstract_inverted_index=index)).abstract == "hello big world hello"


def test_code_url_is_the_first_forge_url_in_the_abstract():
    index = {"see": [0], "https://gitlab.com/group/project": [1], "https://github.com/a/b": [2]}
    assert parse_one(work_line(abstract_inverted_index=index)).code_url == (
        "https://gitlab.com/group/project"
    )


def test_topics_win_over_concepts_and_concepts_need_level_or_score():
    topics = [{"id": f"{OA}T1", "display_name": "Topic"}, {"id": None, "display_name": "No id"}]
    concepts = [
        {"id": f"{OA}C1", "display_name": "Deep", "level": 4, "score": 0.29},
        {"id": f"{OA}C2", "display_name": "Deep but sure", "level": 4, "score": 0.9},
        {"id": f"{OA}C3", "display_name": "Broad", "level": 1},
        {"id": f"{OA}C4", "display_name": "Unknown"},
    ]
    assert parse_one(work_line(topics=topics, concepts=concepts)).topics == [
        TopicRef("openalex", "T1", "Topic")
    ]
    assert parse_one(work_line(x_concepts=concepts)).topics == [
        TopicRef("openalex", "C2", "Deep but sure"),
        TopicRef("openalex", "C3", "Broad"),
    ]


def test_invalid_orcid_ror_and_country_are_dropped_not_fatal():
    authorships = [
        {
            "author": {
                "id": f"{OA}A1",
                "display_name": "A",
                "orcid": "https://orcid.org/0000-0002-1825-0098",
            },
            "institutions": [
                {
                    "id": f"{OA}W5",
                    "display_name": "Inst",
                    "ror": "https://ror.org/bad",
                    "country_code": "USA",
                }
            ],
        }
    ]
    [author] = parse_one(work_line(authorships=authorships)).authors
    assert author == AuthorRef("A", 1, "A1", "A", None, [InstitutionRef("Inst", None, None, "")])


def test_parse_openalex_entity_takes_a_decoded_dict():
    record = parse_openalex_entity({"id": "w7", "title": "T", "publication_year": 2001})
    assert (record.openalex_id, record.title, record.year) == ("W7", "T", 2001)


# --- authors -------------------------------------------------------------------------------


def test_modern_author_parses_every_field():
    assert parse_one(AUTHORS[1]) == AuthorRecord(
        openalex_id="A5023888391",
        display_name="Jason Priem",
        orcid="0000-0001-5109-3700",
        alternative_names=["J. Priem", "Priem, Jason"],  # self, null and repeats dropped
        works_count=53,
        cited_by_count=4151,
        h_index=18,
        i10_index=22,
        last_known_institutions=[
            InstitutionRef("OurResearch", "I4200000001", "https://ror.org/02nr0ka47", "US"),
            InstitutionRef(
                "University of North Carolina at Chapel Hill",
                "I114027177",
                "https://ror.org/03vek6s52",  # given bare
                "US",
            ),
        ],
        updated_date="2024-11-28",
    )


def test_2022_author_with_single_last_known_institution_and_no_summary_stats():
    assert parse_one(AUTHORS[2]) == AuthorRecord(
        openalex_id="A2115283219",
        display_name="John P. Perdew",
        orcid=None,
        alternative_names=[],
        works_count=612,
        cited_by_count=310977,
        h_index=None,
        i10_index=None,
        last_known_institutions=[
            InstitutionRef("Temple University", "I84392919", "https://ror.org/04vmvtb21", "US")
        ],
        updated_date="2022-06-15",
    )


def test_partial_author_needs_only_id_and_display_name():
    assert parse_one(AUTHORS[3]) == AuthorRecord(
        openalex_id="A5000000099", display_name="Partial Author"
    )


def test_messy_author_keeps_what_is_valid():
    # Bad ORCID checksum, top-level h_index as a string, an unreadable updated_date.
    assert parse_one(AUTHORS[5]) == AuthorRecord(
        openalex_id="A5000000097", display_name="Messy Author", h_index=7
    )


@pytest.mark.parametrize(
    ("line_number", "reason"),
    [
        (4, "missing display_name"),
        (6, "works_count is not a count: lots"),
        (7, "not a work or author: institution I27837315"),
    ],
)
def test_author_sample_rejections(line_number, reason):
    assert rejection(AUTHORS[line_number]) == reason


def test_author_list_response():
    records, rejected = parse_openalex_line(AUTHORS[8])
    assert records == [AuthorRecord(openalex_id="A5000000099", display_name="Partial Author")]
    assert rejected == [f"results[1]: display_name longer than {MAX_NAME} characters"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"summary_stats": {"h_index": "x"}}, "summary_stats.h_index is not a count: x"),
        ({"summary_stats": []}, "summary_stats is not an object: list"),
        ({"display_name_alternatives": "J. Doe"}, "display_name_alternatives is not a list"),
        ({"last_known_institutions": {}}, "last_known_institutions is not a list: dict"),
        ({"last_known_institution": "MIT"}, "last_known_institution is not an object: str"),
    ],
)
def test_author_rejections(fields, reason):
    line = json.dumps({"id": f"{OA}A1", "display_name": "Jane Doe", **fields})
    assert rejection(line) == reason


# --- reading files -------------------------------------------------------------------------


def test_open_lines_reads_plain_files_with_crlf_bom_and_blank_lines(tmp_path):
    path = tmp_path / "works.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\r\n\r\n  \n{"b": 2}')
    assert list(open_lines(path)) == [(1, '{"a": 1}'), (4, '{"b": 2}')]


def test_open_lines_reads_gzip(tmp_path):
    path = tmp_path / "works.jsonl.gz"
    path.write_bytes(gzip.compress((WORKS[1] + "\n" + WORKS[2] + "\n").encode()))
    assert list(open_lines(path)) == [(1, WORKS[1]), (2, WORKS[2])]


def test_a_broken_gzip_tail_yields_every_complete_line_then_raises(tmp_path):
    good = [WORKS[n] for n in (1, 2, 3, 4, 5, 6)] * 50
    data = gzip.compress(("\n".join(good) + "\n").encode())
    path = tmp_path / "works.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])

    seen = []
    with pytest.raises(TruncatedInput) as excinfo:
        for number, line in open_lines(path):
            seen.append((number, line))
            parse_one(line)  # every yielded line is whole
    assert seen == [(n + 1, good[n]) for n in range(len(seen))]
    assert 0 < len(seen) < len(good)
    assert excinfo.value.line_number == len(seen) + 1
    assert str(excinfo.value) == (
        f"truncated gzip at line {len(seen) + 1}: "
        "Compressed file ended before the end-of-stream marker was reached"
    )


def test_a_file_named_gz_that_is_not_gzip_fails_at_line_one(tmp_path):
    path = tmp_path / "works.jsonl.gz"
    path.write_text(WORKS[5])
    with pytest.raises(TruncatedInput) as excinfo:
        list(open_lines(path))
    assert excinfo.value.line_number == 1
