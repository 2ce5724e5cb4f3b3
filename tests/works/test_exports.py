import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.http import Http404
from django.test import RequestFactory

from profiles.selectors import researcher_get
from tests.factories import researcher_create, works_create
from works import export_views
from works.exports import (
    citation_keys,
    name_split,
    works_to_atom,
    works_to_bibtex,
    works_to_csl_json,
    works_to_ris,
)
from works.models import Authorship, Topic, Work
from works.selectors import work_list_for_researcher

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = "https://bzpeer.example/researchers/ada/feed.atom"
PAGE_URL = "https://bzpeer.example/researchers/ada/"
VERBATIM_FIELDS = {"url", "doi", "eprint"}  # biblatex reads these byte for byte
CSL_TYPES = {"article", "article-journal", "paper-conference", "chapter", "book", "dataset"}


# A minimal BibTeX reader, strict where BibTeX is: a field value ends where its braces balance,
# counting every brace character (BibTeX does not skip "\{"), so an unbalanced value swallows
# the rest of the file and shows up here as a wrong entry count or a parse error.
def parse_bibtex(text: str) -> list[dict]:
    entries = []
    i = 0
    while (at := text.find("@", i)) != -1:
        head = re.compile(r"@(\w+)\{([^,\s]+),").match(text, at)
        assert head, f"bad entry head at {text[at : at + 40]!r}"
        entry = {"type": head.group(1), "key": head.group(2), "fields": {}}
        i = head.end()
        while True:
            field = re.compile(r"\s*(\w+)\s*=\s*").match(text, i)
            if not field:
                break
            i = field.end()
            if text[i] == "{":
                depth, start = 0, i
                while True:
                    depth += {"{": 1, "}": -1}.get(text[i], 0)
                    i += 1
                    if depth == 0:
                        break
                    assert i < len(text), f"unbalanced value in {entry['key']}"
                value = text[start + 1 : i - 1]
            else:
                macro = re.compile(r"\w+").match(text, i)
                value, i = macro.group(0), macro.end()
            entry["fields"][field.group(1).lower()] = value
            i = re.compile(r"\s*,?").match(text, i).end()
        closing = re.compile(r"\s*\}").match(text, i)
        assert closing, f"entry {entry['key']} not closed: {text[i : i + 40]!r}"
        i = closing.end()
        entries.append(entry)
    return entries


def braces_balanced_ignoring_escaped(value: str) -> bool:
    """Zotero's importer reads "\\{" as a literal brace: the value must balance that way too."""
    depth = 0
    for previous, char in zip(" " + value, value, strict=False):
        if previous == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def seed_export():
    researcher = researcher_get(slug="guanglu-song")
    return researcher, list(work_list_for_researcher(researcher=researcher))


def make_work(*, authors=("Ada Lovelace",), topics=(), positions=None, **fields) -> Work:
    """A work with authors in printed order, read back through the selector's prefetch."""
    fields.setdefault("title", "A Work")
    fields.setdefault("year", 2022)
    work = Work.objects.create(**fields)
    positions = positions or range(1, len(authors) + 1)
    for name, position in zip(authors, positions, strict=True):
        Authorship.objects.create(
            work=work, researcher=researcher_create(name), position=position, raw_name=name
        )
    work.topics.add(*topics)
    first = work.authorships.order_by("id").first().researcher
    return next(w for w in work_list_for_researcher(researcher=first) if w.pk == work.pk)


def bibtex_entry(work: Work) -> dict:
    researcher = work.authorships.all()[0].researcher
    (entry,) = parse_bibtex(works_to_bibtex([work], researcher=researcher))
    return entry


# --- BibTeX over the seed data -------------------------------------------------------------


def test_bibtex_keys_are_unique_over_every_seed_work():
    researcher, works = seed_export()
    entries = parse_bibtex(works_to_bibtex(works, researcher=researcher))
    keys = [entry["key"] for entry in entries]

    assert len(entries) == len(works) >= 40
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z]+\d{4}[a-z0-9]*", key) for key in keys)
    uninet_keys = [key for key in keys if "uninet" in key]
    assert len(uninet_keys) == 2


def test_bibtex_seed_entries_are_balanced_and_complete():
    researcher, works = seed_export()
    entries = parse_bibtex(works_to_bibtex(works, researcher=researcher))

    for entry, work in zip(entries, works, strict=True):
        fields = entry["fields"]
        assert {"title", "author", "year"} <= fields.keys(), entry["key"]
        assert fields["year"] == str(work.year)
        for name, value in fields.items():
            assert braces_balanced_ignoring_escaped(value), (entry["key"], name)
            if name not in VERBATIM_FIELDS:
                # Plain-text specials are escaped: none appears without its backslash.
                assert not re.search(r"(?<!\\)[%&#]", value), (entry["key"], name)


def test_bibtex_keeps_the_tex_math_of_seed_titles_and_abstracts():
    researcher, works = seed_export()
    bibtex = works_to_bibtex(works, researcher=researcher)
    for work in works:
        for segment in re.findall(r"\$[^$]+\$", f"{work.title} {work.abstract}"):
            if not re.search(r"[%#&]", segment) and braces_balanced_ignoring_escaped(segment):
                assert segment in bibtex


def test_bibtex_lists_truncated_authors_with_and_others():
    researcher, works = seed_export()
    entries = parse_bibtex(works_to_bibtex(works, researcher=researcher))
    for entry, work in zip(entries, works, strict=True):
        assert entry["fields"]["author"].endswith(" and others") == work.authors_truncated


# --- BibTeX on hand-made works --------------------------------------------------------------


def test_bibtex_title_with_tex_survives_and_acronyms_are_protected():
    work = make_work(
        title=r"$\mathcal{C}$o-DETR: Collaborative \emph{Hybrid} Assignments for 3D UniNets",
        abstract=r"We reach $\sim1M$ images \cite{zong_2023} and 66.0% AP; code at "
        r"\url{https://github.com/Sense-X/Co-DETR#readme}.",
    )
    fields = bibtex_entry(work)["fields"]

    assert fields["title"] == (
        r"{$\mathcal{C}$o-DETR}: Collaborative \emph{Hybrid} Assignments for {3D} {UniNets}"
    )
    assert r"$\sim1M$" in fields["abstract"]
    assert r"\cite{zong_2023}" in fields["abstract"]
    assert r"66.0\% AP" in fields["abstract"]
    assert r"\url{https://github.com/Sense-X/Co-DETR\#readme}" in fields["abstract"]


def test_bibtex_escapes_specials_in_plain_fields_and_text():
    topic = Topic.objects.create(name="R&D_100%", slug="r-d-100")
    work = make_work(
        title="R&D at 100% for #1 model_name",
        work_type="article",
        venue="Journal of A&B #3, 50% x_y {draft}",
        abstract="Costs ~$5 & more; x^2 is 100% new #hash under_score",
        topics=[topic],
    )
    fields = bibtex_entry(work)["fields"]

    assert fields["title"] == r"{R\&D} at 100\% for \#1 model\_name"
    assert fields["journal"] == (
        r"Journal of A\&B \#3, 50\% x\_y {\textbraceleft}draft{\textbraceright}"
    )
    assert fields["abstract"] == (
        r"Costs {\textasciitilde}\$5 \& more; x{\textasciicircum}2 is 100\% new \#hash "
        r"under\_score"
    )
    assert fields["keywords"] == r"R\&D\_100\%"


@pytest.mark.parametrize(
    "abstract",
    [
        "An unbalanced { brace that never closes",
        "A closing } brace with no opening and another }}",
        r"An escaped \{ brace alone and a math $a}b$ slip and \\{ double",
        r"Backslash at the end \\",
        "A lone backslash at the end \\",
        r"\input{/etc/passwd} \def\x{y} $\$ lone dollar",
        r"Math with $\input{/etc/passwd} \begin{pmatrix} a & b \end{pmatrix}$ in it",
    ],
)
def test_bibtex_survives_unbalanced_and_hostile_tex(abstract):
    work = make_work(title="Title {with an open brace", abstract=abstract)
    researcher = work.authorships.all()[0].researcher
    bibtex = works_to_bibtex([work, work], researcher=researcher)
    entries = parse_bibtex(bibtex)

    assert len(entries) == 2
    for value in entries[0]["fields"].values():
        assert braces_balanced_ignoring_escaped(value)
    assert r"\input" not in bibtex.replace(r"{\textbackslash}input", "")
    assert r"\def" not in bibtex.replace(r"{\textbackslash}def", "")


def test_bibtex_entry_types_follow_work_types():
    cv, _ = Topic.objects.get_or_create(
        scheme="arxiv", code="cs.CV", defaults={"name": "Computer Vision", "slug": "cs-cv-x"}
    )
    preprint = make_work(
        work_type="preprint",
        venue="arXiv",
        arxiv_id="2211.12860",
        month=11,
        day=22,
        code_url="https://github.com/Sense-X/Co-DETR",
        topics=[cv],
    )
    entry = bibtex_entry(preprint)
    fields = entry["fields"]
    assert entry["type"] == "misc"
    assert fields["eprint"] == "2211.12860"
    assert fields["archiveprefix"] == "arXiv"
    assert fields["primaryclass"] == "cs.CV"
    assert fields["howpublished"] == "arXiv preprint arXiv:2211.12860"
    assert fields["month"] == "nov"
    assert fields["url"] == "https://arxiv.org/abs/2211.12860"
    assert fields["note"] == r"Code: \url{https://github.com/Sense-X/Co-DETR}"
    assert fields["keywords"] == cv.name

    article = bibtex_entry(
        make_work(work_type="article", venue="TPAMI", doi="10.1109/TPAMI.2023.1_2")
    )
    assert article["type"] == "article"
    assert article["fields"]["journal"] == "TPAMI"
    assert article["fields"]["doi"] == "10.1109/TPAMI.2023.1_2"  # verbatim, as biblatex reads it
    assert article["fields"]["url"] == "https://doi.org/10.1109/TPAMI.2023.1_2"

    proceedings = bibtex_entry(make_work(work_type="proceedings", venue="ICCV"))
    assert (proceedings["type"], proceedings["fields"]["booktitle"]) == ("inproceedings", "ICCV")

    chapter = bibtex_entry(make_work(work_type="book-chapter", venue="Handbook of Vision"))
    assert (chapter["type"], chapter["fields"]["booktitle"]) == (
        "incollection",
        "Handbook of Vision",
    )

    dataset = bibtex_entry(make_work(work_type="dataset", venue="Zenodo"))
    assert (dataset["type"], dataset["fields"]["howpublished"]) == ("misc", "Zenodo")
    assert "month" not in dataset["fields"]


def test_bibtex_authors_are_last_first_or_protected_and_truncation_says_others():
    work = make_work(
        authors=["Guanglu Song", "Madonna", "Research and Development Team", "Yu Liu"],
        positions=[1, 2, 3, None],
        authors_truncated=True,
    )
    # Yu Liu's place on the truncated list is unknown: among the "others", not fourth.
    assert bibtex_entry(work)["fields"]["author"] == (
        "Song, Guanglu and {Madonna} and {Research and Development Team} and others"
    )

    complete = make_work(authors=["Ludwig van Beethoven", "Émile Zola"])
    assert bibtex_entry(complete)["fields"]["author"] == "van Beethoven, Ludwig and Zola, Émile"


def test_citation_keys_are_ascii_skip_small_words_and_get_suffixes_on_collision():
    same = [
        make_work(authors=["Jürgen Müller"], title="UniNet: Unified Search", year=2022),
        make_work(authors=["Jürgen Müller"], title="UniNet revisited", year=2022),
        make_work(authors=["Jürgen Müller"], title="UniNet again", year=2021),
        make_work(authors=["Zoë Ørsted"], title="The Art of Search", year=2020),
        make_work(authors=["宋广录"], title="$\\mathcal{C}$o-DETR", year=2023),
    ]
    assert citation_keys(same) == [
        "muller2022unineta",
        "muller2022uninetb",
        "muller2021uninet",
        "orsted2020art",
        "anon2023codetr",
    ]


@pytest.mark.parametrize(
    ("printed", "family", "given", "literal"),
    [
        ("Guanglu Song", "Song", "Guanglu", ""),
        ("Song, Guanglu", "Song", "Guanglu", ""),
        ("Fu-Yun Wang", "Wang", "Fu-Yun", ""),
        ("J. R. R. Tolkien", "Tolkien", "J. R. R.", ""),
        ("Juan de la Cruz", "Cruz", "Juan", ""),
        ("Madonna", "", "", "Madonna"),
        ("SONG Guanglu", "", "", "SONG Guanglu"),
        ("OpenGVLab Team", "", "", "OpenGVLab Team"),
        ("宋 广录", "", "", "宋 广录"),
        ("R2-D2 Droid", "", "", "R2-D2 Droid"),
    ],
)
def test_name_split_splits_only_when_safe(printed, family, given, literal):
    name = name_split(printed)
    assert (name.family, name.given, name.literal) == (family, given, literal)


# --- RIS ------------------------------------------------------------------------------------


def test_ris_has_one_record_per_seed_work_with_crlf_lines():
    researcher, works = seed_export()
    ris = works_to_ris(works, researcher=researcher)

    assert "\n" not in ris.replace("\r\n", "")
    assert ris.count("ER  - \r\n") == len(works)
    records = [r for r in ris.split("ER  - \r\n") if r.strip()]
    assert len(records) == len(works)
    for record, work in zip(records, works, strict=True):
        lines = record.strip("\r\n").split("\r\n")
        assert lines[0].startswith("TY  - ")
        if work.work_type == "preprint":
            assert lines[0] == "TY  - GEN"
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
        assert f"TI  - {' '.join(work.title.split())}" in lines
        assert any(re.fullmatch(r"DA  - \d{4}/(\d\d)?/(\d\d)?/", line) for line in lines)
        assert sum(line.startswith("AU  - ") for line in lines) >= 1


def test_ris_record_fields_for_an_article():
    topics = [Topic.objects.create(name=n, slug=n.lower()) for n in ("Vision", "Detection")]
    work = make_work(
        authors=["Zhuofan Zong", "Guanglu Song"],
        title="DETRs with Collaborative Hybrid Assignments Training",
        work_type="article",
        venue="TPAMI",
        month=11,
        doi="10.1/x",
        abstract="Line one\nline two",
        topics=topics,
    )
    ris = works_to_ris([work], researcher=work.authorships.all()[0].researcher)
    assert ris == (
        "TY  - JOUR\r\n"
        "AU  - Zong, Zhuofan\r\n"
        "AU  - Song, Guanglu\r\n"
        "TI  - DETRs with Collaborative Hybrid Assignments Training\r\n"
        "T2  - TPAMI\r\n"
        "PY  - 2022\r\n"
        "DA  - 2022/11//\r\n"
        "DO  - 10.1/x\r\n"
        "UR  - https://doi.org/10.1/x\r\n"
        "AB  - Line one line two\r\n"
        "KW  - Detection\r\n"
        "KW  - Vision\r\n"
        "ER  - \r\n"
    )


# --- CSL-JSON -------------------------------------------------------------------------------


def test_csl_json_items_have_the_basic_shape_and_round_trip():
    researcher, works = seed_export()
    items = works_to_csl_json(works, researcher=researcher)

    assert json.loads(json.dumps(items)) == items
    assert len(items) == len(works)
    assert len({item["id"] for item in items}) == len(items)
    for item, work in zip(items, works, strict=True):
        assert {"id", "type", "title", "issued"} <= item.keys()
        assert item["issued"]["date-parts"][0][0] == work.year
        assert item["type"] in CSL_TYPES | {"thesis", "document"}
        for person in item.get("author", []):
            assert {"family", "given"} <= person.keys() or person.keys() == {"literal"}


def test_csl_json_maps_types_and_fields():
    preprint = make_work(
        authors=["Guanglu Song", "Madonna"], arxiv_id="2211.12860", venue="arXiv", month=11, day=2
    )
    proceedings = make_work(work_type="proceedings", venue="ICCV", doi="10.1/iccv")
    researcher = preprint.authorships.all()[0].researcher
    first, second = works_to_csl_json([preprint, proceedings], researcher=researcher)

    assert first["type"] == "article"
    assert first["publisher"] == "arXiv"
    assert first["number"] == "arXiv:2211.12860"
    assert first["author"] == [{"family": "Song", "given": "Guanglu"}, {"literal": "Madonna"}]
    assert first["issued"] == {"date-parts": [[2022, 11, 2]]}
    assert first["URL"] == "https://arxiv.org/abs/2211.12860"
    assert second["type"] == "paper-conference"
    assert second["container-title"] == "ICCV"
    assert second["DOI"] == "10.1/iccv"
    assert second["issued"] == {"date-parts": [[2022]]}


# --- Atom -----------------------------------------------------------------------------------


def test_atom_feed_parses_with_one_entry_per_seed_work_and_absolute_links():
    researcher, works = seed_export()
    feed = ET.fromstring(
        works_to_atom(works[:50], researcher=researcher, feed_url=FEED_URL, page_url=PAGE_URL)
    )

    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == FEED_URL
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(len(works), 50)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry, work in zip(entries, works, strict=True):
        link = entry.find(f"{ATOM}link").get("href")
        assert link == f"https://bzpeer.example{work.get_absolute_url()}"
        assert entry.findtext(f"{ATOM}title") == " ".join(work.title.split())
        assert entry.findtext(f"{ATOM}updated").startswith(str(work.year))
        assert entry.findall(f"{ATOM}author/{ATOM}name")


def test_atom_entry_has_plain_text_summary_authors_categories_and_default_date():
    topic = Topic.objects.create(name="Vision", slug="vision-x")
    work = make_work(
        authors=["Ada Lovelace", "Charles Babbage"],
        abstract="Uses <b>not bold</b> & $x^2$.",
        topics=[topic],
        year=2019,
    )
    researcher = work.authorships.all()[0].researcher
    feed = ET.fromstring(
        works_to_atom([work], researcher=researcher, feed_url=FEED_URL, page_url=PAGE_URL)
    )
    (entry,) = feed.findall(f"{ATOM}entry")

    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "Uses <b>not bold</b> & $x^2$."
    names = [name.text for name in entry.findall(f"{ATOM}author/{ATOM}name")]
    assert names == ["Ada Lovelace", "Charles Babbage"]
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Vision"]
    assert entry.findtext(f"{ATOM}published") == "2019-01-01T00:00:00+00:00"


# --- Views ----------------------------------------------------------------------------------

VIEWS = [
    ("researcher_works_bibtex", "text/x-bibtex; charset=utf-8", 'filename="guanglu-song.bib"'),
    (
        "researcher_works_ris",
        "application/x-research-info-systems; charset=utf-8",
        'filename="guanglu-song.ris"',
    ),
    (
        "researcher_works_csl_json",
        "application/vnd.citationstyles.csl+json",
        'filename="guanglu-song.json"',
    ),
    ("researcher_works_atom", "application/atom+xml; charset=utf-8", None),
]


@pytest.mark.parametrize(("view_name", "content_type", "filename"), VIEWS)
def test_export_views_serve_their_media_types(
    view_name, content_type, filename, django_assert_max_num_queries
):
    view = getattr(export_views, view_name)
    request = RequestFactory().get("/researchers/guanglu-song/export")
    with django_assert_max_num_queries(4):  # researcher, works, authorships, topics
        response = view(request, slug="guanglu-song")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    if filename:
        assert response["Content-Disposition"] == f"attachment; {filename}"
    assert response.content


@pytest.mark.parametrize("view_name", [name for name, _, _ in VIEWS])
def test_export_views_404_on_unknown_slug_and_refuse_post(view_name):
    view = getattr(export_views, view_name)
    with pytest.raises(Http404):
        view(RequestFactory().get("/researchers/nobody/export"), slug="nobody")
    assert view(RequestFactory().post("/"), slug="guanglu-song").status_code == 405


def test_atom_view_lists_only_the_fifty_newest_works():
    researcher = researcher_create("Prolific Author")
    works_create(researcher, 60)
    request = RequestFactory().get(f"/researchers/{researcher.slug}/feed.atom")
    response = export_views.researcher_works_atom(request, slug=researcher.slug)
    feed = ET.fromstring(response.content)

    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 50
    newest = list(work_list_for_researcher(researcher=researcher)[:50])
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"http://testserver{w.get_absolute_url()}" for w in newest
    ]
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"http://testserver/researchers/{researcher.slug}/"
    )
