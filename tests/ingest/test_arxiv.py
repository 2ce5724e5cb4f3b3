"""arXiv parsing: snapshot JSON lines and API Atom XML → WorkRecord, TeX names, name keys.

Pure Python: no database. Inputs are the hand-written files in files/arxiv_*.
"""

import gzip
import json
from pathlib import Path

import pytest

from bzpeer.text import name_key, tex_to_unicode
from ingest import arxiv
from ingest.arxiv import (
    ARXIV_CATEGORIES,
    clean_abstract,
    code_url_in,
    iter_arxiv_snapshot,
    normalise_arxiv_id,
    parse_arxiv_atom,
    parse_arxiv_line,
    related_dois,
)
from ingest.records import MAX_AUTHORS, AuthorRef, InstitutionRef, Rejected, TopicRef, WorkRecord

FILES = Path(__file__).parent / "files"
SNAPSHOT = FILES / "arxiv_snapshot.jsonl"
API = FILES / "arxiv_api.xml"

V1 = [{"version": "v1", "created": "Tue, 3 Apr 2007 10:00:00 GMT"}]


@pytest.fixture(scope="module")
def snapshot() -> dict[int, WorkRecord | Rejected]:
    return dict(iter_arxiv_snapshot(SNAPSHOT))


def line(**fields) -> str:
    """A minimal valid snapshot line, with fields overridden (None values are dropped)."""
    data = {"id": "0704.0100", "title": "A title", "versions": V1, "categories": "math.CO"}
    data.update(fields)
    return json.dumps({k: v for k, v in data.items() if v is not None})


def authors(*names: str) -> list[AuthorRef]:
    return [AuthorRef(name=n, position=i) for i, n in enumerate(names, start=1)]


def topic(code: str, name: str) -> TopicRef:
    return TopicRef(scheme="arxiv", code=code, name=name)


# --- the snapshot file: good records -----------------------------------------------------------

DIPHOTON = WorkRecord(
    source="arxiv",
    title="Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
    year=2007,
    month=4,
    day=2,
    abstract=(
        "A fully differential calculation in perturbative quantum chromodynamics is presented "
        "for the production of massive photon pairs at hadron colliders. All next-to-leading "
        "order perturbative contributions from quark-antiquark, gluon-(anti)quark, and "
        "gluon-gluon subprocesses are included."
    ),
    work_type="preprint",
    venue="arXiv",
    arxiv_id="0704.0001",
    doi="10.48550/arxiv.0704.0001",
    related_dois=["10.1103/physrevd.76.013009"],
    topics=[topic("hep-ph", "High Energy Physics - Phenomenology")],
    authors=authors("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"),
    external_ids={"journal_ref": "Phys.Rev.D76:013009,2007"},
)


def test_new_style_record_maps_every_field(snapshot):
    assert snapshot[1] == DIPHOTON


def test_duplicate_id_parses_again_the_loader_deduplicates(snapshot):
    assert snapshot[6] == DIPHOTON


def test_old_style_record_with_paragraphs_accents_and_many_categories(snapshot):
    assert snapshot[2] == WorkRecord(
        source="arxiv",
        title="Spin waves in $\\sim$10 nm Fe$_3$O$_4$ films",
        year=2004,
        month=12,
        day=17,
        abstract=(
            "We study spin waves in thin films. The films are grown by sputtering.\n\n"
            "In the second part we compare with theory.\n\n"
            "A third paragraph after a blank line."
        ),
        venue="arXiv",
        arxiv_id="cond-mat/0412498",
        doi="10.48550/arxiv.cond-mat/0412498",
        topics=[
            topic("cond-mat.str-el", "Strongly Correlated Electrons"),
            topic("cond-mat.supr-con", "Superconductivity"),
            topic("physics.comp-ph", "Computational Physics"),
            topic("nonsense.XY", "nonsense.XY"),  # unknown code: its own name; repeat dropped
        ],
        authors=authors("J. Hošek", "K. Gödel", "F. François", "N. Møller", "J. Smith Jr"),
    )


def test_missing_authors_parsed_falls_back_to_the_authors_string(snapshot):
    record = snapshot[3]
    assert record.authors == [
        AuthorRef(name="Jean-Pierre Serre", position=1),
        AuthorRef(name="François Loeser", position=2),
        AuthorRef(
            name="J. Smith", position=3, institutions=[InstitutionRef(name="MIT, Cambridge")]
        ),
    ]
    # and no versions: the date is update_date
    assert (record.arxiv_id, record.doi) == ("math/0406594", "10.48550/arxiv.math/0406594")
    assert (record.year, record.month, record.day) == (2004, 6, 29)
    assert record.topics == [
        topic("math.NT", "Number Theory"),
        topic("math.AG", "Algebraic Geometry"),
    ]
    assert record.abstract == "Short."
    assert record.external_ids == {}


def test_collaboration_is_one_author_and_published_dois_are_family_links(snapshot):
    assert snapshot[4] == WorkRecord(
        source="arxiv",
        title=(
            "A detailed map of Higgs boson interactions by the ATLAS experiment ten years "
            "after the discovery"
        ),
        year=2022,
        month=6,
        day=30,
        abstract=(
            "The analysis code is at https://github.com/atlas/higgs-map. Data at "
            "https://example.org/data."
        ),
        venue="arXiv",
        arxiv_id="2207.00092",
        doi="10.48550/arxiv.2207.00092",
        # two DOIs in one field; the resolver prefix and case go, "not-a-doi" is dropped
        related_dois=["10.1038/s41586-022-04893-w", "10.1038/s41586-022-04893-x"],
        # the abstract's URL wins over the comment's; the sentence's full stop is not the URL's
        code_url="https://github.com/atlas/higgs-map",
        topics=[topic("hep-ex", "High Energy Physics - Experiment")],
        authors=authors("ATLAS Collaboration"),
        external_ids={"journal_ref": "Nature 607 (2022) 52-59"},
    )


def test_et_al_affiliation_versioned_id_and_unreadable_created(snapshot):
    assert snapshot[5] == WorkRecord(
        source="arxiv",
        title="LoRA: Low-Rank Adaptation of Large Language Models",
        # v1 "created" does not read as a date: update_date instead
        year=2021,
        month=10,
        day=18,
        abstract=(
            "An important paradigm of natural language processing consists of large-scale "
            "pre-training."
        ),
        venue="arXiv",
        arxiv_id="2106.09685",
        doi="10.48550/arxiv.2106.09685",
        code_url="https://github.com/microsoft/LoRA",  # from the comments
        topics=[
            topic("cs.CL", "Computation and Language"),
            topic("cs.AI", "Artificial Intelligence"),
            topic("cs.LG", "Machine Learning"),
            topic("stat.ML", "Machine Learning"),
            topic("eess.IV", "Image and Video Processing"),
        ],
        authors=[
            AuthorRef(name="Edward J. Hu", position=1, institutions=[InstitutionRef("Microsoft")]),
            AuthorRef(name="Yelong Shen", position=2),
        ],
        authors_truncated=True,
    )


# --- the snapshot file: rejections -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        (8, "malformed JSON: Expecting ',' delimiter: line 1 column 43 (char 42)"),
        (9, "missing title"),
        (10, "impossible date 'Mon, 31 Feb 2007 10:00:00 GMT'"),
        (11, "title longer than 2000 characters (2004)"),
        (12, "authors_parsed must be a list, not str"),
        (13, 'authors_parsed[1] must be a list of strings, not ["Jones", 3, ""]'),
        (14, "id must be a string, not float"),
        (15, "missing arXiv id"),
        (16, "malformed arXiv id 'hello-world'"),
        (17, "no usable date (v1 created None, update_date None)"),
        (18, "the line is not a JSON object"),
        (19, "categories must be a string, not list"),
        (20, "malformed category '42'"),
    ],
)
def test_bad_lines_are_rejected_with_their_reason(snapshot, number, reason):
    rejected = snapshot[number]
    assert isinstance(rejected, Rejected)
    assert str(rejected) == reason


def test_every_line_is_accounted_for_and_blank_lines_are_skipped(snapshot):
    assert sorted(snapshot) == [1, 2, 3, 4, 5, 6, *range(8, 21)]
    good = [n for n, r in snapshot.items() if isinstance(r, WorkRecord)]
    assert good == [1, 2, 3, 4, 5, 6]


# --- the snapshot: single lines ----------------------------------------------------------------


def test_bytes_are_accepted():
    assert parse_arxiv_line(line().encode()).title == "A title"


@pytest.mark.parametrize("data", [b'{"id": "0704.0100", "title": "Caf\xe9"}', "\udce9"])
def test_bytes_that_are_not_utf8_are_rejected(data):
    with pytest.raises(Rejected, match="^line is not valid UTF-8$"):
        parse_arxiv_line(data)


def test_empty_line_is_rejected():
    with pytest.raises(Rejected, match="^empty line$"):
        parse_arxiv_line("  \n")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("abstract", "word " * 20_001, "abstract longer than 100000 characters (100004)"),
        ("authors_parsed", [["X" * 301, "", ""]], "author 1 name longer than 300 characters (301)"),
        ("versions", "v1", "versions must be a list, not str"),
        ("versions", [["v1"]], "versions[] must be an object, not list"),
        ("versions", [{"version": "v1", "created": 2007}], "created must be a string, not int"),
        ("doi", 10.1103, "doi must be a string, not float"),
        ("title", ["A", "title"], "title must be a string, not list"),
        ("id", "0713.0001", "malformed arXiv id '0713.0001'"),  # no month 13
    ],
)
def test_bad_fields_are_rejected(field, value, reason):
    with pytest.raises(Rejected) as caught:
        parse_arxiv_line(line(**{field: value}))
    assert str(caught.value) == reason


def test_impossible_update_date_with_no_created_is_no_usable_date():
    with pytest.raises(Rejected) as caught:
        parse_arxiv_line(line(versions=[], update_date="2008-02-30"))
    assert str(caught.value) == "no usable date (v1 created None, update_date '2008-02-30')"


def test_implausible_year_is_an_impossible_date():
    created = "Mon, 2 Apr 1807 19:18:42 GMT"
    with pytest.raises(Rejected) as caught:
        parse_arxiv_line(line(versions=[{"version": "v1", "created": created}]))
    assert str(caught.value) == f"impossible date {created!r}"


def test_the_v1_date_is_used_whatever_the_order_of_versions():
    versions = [
        {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
        {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
    ]
    record = parse_arxiv_line(line(versions=versions))
    assert (record.year, record.month, record.day) == (2007, 4, 2)


def test_more_than_max_authors_are_cut_and_marked_truncated():
    parsed = [[f"Author{i}", "A.", ""] for i in range(MAX_AUTHORS + 3)]
    record = parse_arxiv_line(line(authors_parsed=parsed))
    assert len(record.authors) == MAX_AUTHORS
    assert record.authors[-1] == AuthorRef(name=f"A. Author{MAX_AUTHORS - 1}", position=MAX_AUTHORS)
    assert record.authors_truncated is True


def test_et_al_at_the_end_of_a_name_and_others_mark_a_cut_list():
    record = parse_arxiv_line(line(authors="J. Smith, K. Jones et al."))
    assert (record.authors, record.authors_truncated) == (authors("J. Smith", "K. Jones"), True)
    record = parse_arxiv_line(line(authors_parsed=[["Smith", "J.", ""], ["others", "", ""]]))
    assert (record.authors, record.authors_truncated) == (authors("J. Smith"), True)


def test_no_authors_at_all_is_a_record_without_authors():
    record = parse_arxiv_line(line())
    assert (record.authors, record.authors_truncated) == ([], False)


def test_missing_optional_fields_give_empty_values():
    record = parse_arxiv_line(line(categories=None))
    assert (record.abstract, record.topics, record.related_dois, record.code_url) == (
        "",
        [],
        [],
        "",
    )
    assert record.external_ids == {}


# --- the API's Atom XML ------------------------------------------------------------------------


def test_atom_feed_good_entries_and_one_reason_per_bad_entry():
    records, reasons = parse_arxiv_atom(API.read_bytes())
    assert records == [
        WorkRecord(
            source="arxiv",
            title="Spin waves in Fe$_3$O$_4$ films and the Verwey transition",
            year=2004,
            month=12,
            day=17,
            abstract=(
                "We study spin waves in thin films grown by sputtering.\n\n"
                "In the second part we compare with theory."
            ),
            venue="arXiv",
            arxiv_id="cond-mat/0412498",
            doi="10.48550/arxiv.cond-mat/0412498",
            related_dois=["10.1103/physrevb.71.094404"],
            topics=[
                topic("cond-mat.str-el", "Strongly Correlated Electrons"),
                topic("cond-mat.mtrl-sci", "Materials Science"),
            ],
            authors=[
                AuthorRef(
                    name="Jiří Hošek",
                    position=1,
                    institutions=[InstitutionRef(name="Charles University, Prague")],
                ),
                AuthorRef(name="Kurt Gödel", position=2),
            ],
            external_ids={"journal_ref": "Phys. Rev. B 71, 094404 (2005)"},
        ),
        WorkRecord(
            source="arxiv",
            title="LoRA: Low-Rank Adaptation of Large Language Models",
            year=2021,
            month=6,
            day=17,
            abstract=(
                "We propose Low-Rank Adaptation, or LoRA. Code and checkpoints are at "
                "https://github.com/microsoft/LoRA."
            ),
            venue="arXiv",
            arxiv_id="2106.09685",
            doi="10.48550/arxiv.2106.09685",
            code_url="https://github.com/microsoft/LoRA",
            # primary first; the ACM class "I.2.7" is not an arXiv category and is skipped
            topics=[
                topic("cs.CL", "Computation and Language"),
                topic("cs.AI", "Artificial Intelligence"),
                topic("cs.LG", "Machine Learning"),
            ],
            authors=authors("Edward J. Hu", "Yelong Shen"),
            authors_truncated=True,
        ),
    ]
    assert reasons == [
        "entry 3 (http://arxiv.org/abs/0704.9999v1): impossible date '2007-02-31T10:00:00Z'",
        "entry 4 (http://arxiv.org/api/errors#incorrect_id_format_for_1234.5): "
        "arXiv API error: incorrect id format for 1234.5",
    ]


def test_atom_text_input_parses_like_bytes():
    assert parse_arxiv_atom(API.read_text(encoding="utf-8")) == parse_arxiv_atom(API.read_bytes())


ATOM = '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">{}</feed>'


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        (
            "<entry><id>http://arxiv.org/abs/0704.0001</id><published>2007-04-02T00:00:00Z"
            "</published><title> </title></entry>",
            "entry 1 (http://arxiv.org/abs/0704.0001): missing title",
        ),
        (
            "<entry><title>No id</title><published>2007-04-02T00:00:00Z</published></entry>",
            "entry 1 (no id): missing arXiv id",
        ),
        (
            "<entry><id>https://arxiv.org/abs/0704.0001v3</id><title>No date</title></entry>",
            "entry 1 (https://arxiv.org/abs/0704.0001v3): "
            "no usable date (v1 created None, update_date None)",
        ),
    ],
)
def test_atom_entry_rejections(entry, reason):
    assert parse_arxiv_atom(ATOM.format(entry)) == ([], [reason])


def test_atom_https_id_and_updated_when_published_is_missing():
    entry = (
        "<entry><id>https://arxiv.org/abs/2401.00001v1</id><title>T</title>"
        "<updated>2024-01-02T03:04:05Z</updated></entry>"
    )
    [record], [] = parse_arxiv_atom(ATOM.format(entry))
    assert (record.arxiv_id, record.year, record.month, record.day) == ("2401.00001", 2024, 1, 2)


def test_atom_empty_feed_is_no_records():
    assert parse_arxiv_atom(ATOM.format("")) == ([], [])


def test_xml_that_does_not_parse_is_rejected():
    with pytest.raises(Rejected, match="^malformed XML: "):
        parse_arxiv_atom("<feed xmlns='http://www.w3.org/2005/Atom'><entry></feed>")


def test_xml_that_is_not_an_atom_feed_is_rejected():
    with pytest.raises(Rejected) as caught:
        parse_arxiv_atom("<rss><channel/></rss>")
    assert str(caught.value) == "not an Atom feed (root element 'rss')"


@pytest.mark.parametrize(
    "document",
    [
        # billion laughs: never expanded, refused at the DOCTYPE
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol2;</title></feed>',
        # external entity (XXE)
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>&xxe;</title></feed>',
    ],
)
def test_xml_with_a_doctype_is_refused(document):
    with pytest.raises(Rejected) as caught:
        parse_arxiv_atom(document)
    assert str(caught.value) == "XML with a DOCTYPE or entity declarations is refused"


# --- reading files -----------------------------------------------------------------------------


def test_gzip_snapshot_with_a_cut_off_tail_keeps_the_lines_before_it(tmp_path):
    path = tmp_path / "snapshot.jsonl.gz"
    data = gzip.compress(SNAPSHOT.read_bytes())
    path.write_bytes(data[: len(data) - 200])
    results = list(iter_arxiv_snapshot(path))
    assert isinstance(results[0][1], WorkRecord)
    assert results[0][1] == DIPHOTON
    number, last = results[-1]
    assert isinstance(last, Rejected)
    assert str(last).startswith(f"truncated gzip at line {number}: ")


# --- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("0704.0001", "0704.0001"),
        ("2106.09685v12", "2106.09685"),
        ("arXiv:1501.00001", "1501.00001"),
        ("cond-mat/0412498v1", "cond-mat/0412498"),
        ("math.AG/0601001", "math/0601001"),  # subject class is not part of the id
        (" hep-th/9901001 ", "hep-th/9901001"),
    ],
)
def test_normalise_arxiv_id(raw, canonical):
    assert normalise_arxiv_id(raw) == canonical


@pytest.mark.parametrize("raw", ["", "0704.001", "12345.6789", "COND-MAT/0412498", "math/041249"])
def test_normalise_arxiv_id_rejects_what_is_not_an_id(raw):
    with pytest.raises(Rejected, match="^malformed arXiv id "):
        normalise_arxiv_id(raw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  One line\nwrapped.\n", "One line wrapped."),
        ("  First.\n  Second\nstill second.\n", "First.\n\nSecond still second."),
        ("First.\n\n\nSecond.", "First.\n\nSecond."),
        ("First.\r\n\tSecond.", "First.\n\nSecond."),
        ("   \n  ", ""),
    ],
)
def test_clean_abstract_joins_wraps_and_keeps_paragraphs(text, expected):
    assert clean_abstract(text) == expected


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("Code: https://github.com/org/repo.", "https://github.com/org/repo"),
        ("see (github.com/org/repo) now", "https://github.com/org/repo"),
        ("at \\url{https://GitLab.com/grp/sub/proj}", "https://gitlab.com/grp/sub/proj"),
        (
            "http://www.github.com/org/repo/tree/main/src,",
            "https://github.com/org/repo/tree/main/src",
        ),
        ("just https://github.com/ and github.com", ""),
        ("https://example.org/github.com-mirror", ""),
        ("https://example.org/github.com/org/repo", ""),  # github.com inside another URL
        ("mail me@github.com/x", ""),
    ],
)
def test_code_url_in(text, url):
    assert code_url_in(text) == url


def test_related_dois_drop_the_own_arxiv_doi_and_duplicates():
    raw = "doi:10.1000/ABC 10.48550/arXiv.0704.0001 https://dx.doi.org/10.1000/abc"
    assert related_dois(raw, own="10.48550/arxiv.0704.0001") == ["10.1000/abc"]


def test_category_names_cover_the_main_archives():
    for code in ["cs.CV", "cs.LG", "cs.SY", "stat.ML", "math.CO", "math.PR", "eess.SP", "q-bio.NC"]:
        assert arxiv.category_name(code) == ARXIV_CATEGORIES[code]
    assert arxiv.category_name("cs.CV") == "Computer Vision and Pattern Recognition"
    assert arxiv.category_name("hep-th") == "High Energy Physics - Theory"
    assert arxiv.category_name("physics.optics") == "Optics"
    assert arxiv.category_name("cs.ZZ") == "cs.ZZ"
    assert len([c for c in ARXIV_CATEGORIES if c.startswith("cs.")]) == 40


# --- TeX and name keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        ("Bal\\'azs", "Balázs"),
        ("Bal\\'{a}zs", "Balázs"),
        ("Bal{\\'a}zs", "Balázs"),
        ("Bal{\\'{a}}zs", "Balázs"),
        ("G\\`eraud", "Gèraud"),
        ("Ch\\^ateau", "Château"),
        ('G{\\"o}del', "Gödel"),
        ('M\\"uller', "Müller"),
        ("Pe\\~na", "Peña"),
        ("\\=Ota", "Ōta"),
        ("\\.Zak", "Żak"),
        ("Do\\u{g}an", "Doğan"),
        ("Ho\\v{s}ek", "Hošek"),
        ("Ho\\v sek", "Hošek"),
        ("Erd\\H{o}s", "Erdős"),
        ("Fran\\c{c}ois", "François"),
        ("Fran\\c cois", "François"),
        ("\\k{A}gnieszka", "Ągnieszka"),
        ('\\r{A}ngstr\\"om', "Ångström"),
        ("Gau\\ss", "Gauß"),
        ("Gau\\ss{}ian", "Gaußian"),
        ("M\\o ller", "Møller"),
        ("{\\O}rsted", "Ørsted"),
        ("\\L{}\\'od\\'z", "Łódź"),
        ("Ko{\\l}odziej", "Kołodziej"),
        ("\\AE{}sir \\ae", "Æsir æ"),
        ("\\aa se, \\AA berg", "åse, Åberg"),
        ("Mart\\'{\\i}nez", "Martínez"),
        ("Mart\\'\\i nez", "Martínez"),
        ("\\i", "ı"),
        ("Ji{\\v r}{\\'\\i}", "Jiří"),
    ],
)
def test_tex_to_unicode(tex, text):
    assert tex_to_unicode(tex) == text


@pytest.mark.parametrize(
    "tex",
    ["$\\sim$10 nm", "Fe$_3$O$_4$", "A \\& B", "\\alpha-decay", "\\vs not an accent", "plain"],
)
def test_tex_to_unicode_leaves_other_tex_alone(tex):
    assert tex_to_unicode(tex) == tex


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (
            ["C.-P. Yuan", "C. P. Yuan", "C.P. Yuan", "c p  yuan", "C. -P. Yuan", "C.–P. Yuan"],
            "c p yuan",
        ),
        (["C. Balázs", "C. Bal\\'azs", "C. BALAZS", "C. Bal{\\'a}zs"], "c balazs"),
        (["Jean-Pierre Serre", "Jean Pierre Serre"], "jean pierre serre"),
        (["N. Møller", "N. M\\o ller", "N. Moller"], "n moller"),
        (["Łukasz Kołodziej", "Lukasz Kolodziej"], "lukasz kolodziej"),
        (["O'Brien", "O’Brien", "O Brien"], "o brien"),
        (["Gauß"], "gauss"),
    ],
)
def test_name_key_makes_spellings_of_one_name_meet(names, key):
    assert {name_key(n) for n in names} == {key}


@pytest.mark.parametrize(
    ("raw_title", "reason"),
    [
        ('"Nul \\u0000 inside"', "text holds a NUL character (\\u0000)"),
        ('"Lone \\udc00 surrogate"', "text holds a lone UTF-16 surrogate (\\ud800-\\udfff)"),
    ],
)
def test_text_postgresql_cannot_store_is_rejected(raw_title, reason):
    data = line(title="PLACEHOLDER").replace('"PLACEHOLDER"', raw_title)
    with pytest.raises(Rejected) as caught:
        parse_arxiv_line(data)
    assert str(caught.value) == reason


def test_escaped_backslash_u0000_is_just_text_and_a_surrogate_pair_is_a_character():
    data = line(title="PLACEHOLDER").replace('"PLACEHOLDER"', '"Path \\\\u0000 and \\ud83d\\ude00"')
    assert parse_arxiv_line(data).title == "Path \\u0000 and 😀"
