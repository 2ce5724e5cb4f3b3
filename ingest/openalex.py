"""OpenAlex JSON lines → `WorkRecord` / `AuthorRecord`. Pure parsing: no database, no network.

API
---
``parse_openalex_line(line) -> ParsedLine`` takes one line (str or bytes) of any of:

* a snapshot line or a single-entity API response (``/works/W…``, ``/authors/A…``): one entity;
* a list API response ``{"meta": …, "results": [entity, …]}``: one record per good result.

It returns ``ParsedLine(records, rejected)`` — a NamedTuple, so ``records, rejected = …``
works. ``rejected`` holds one reason per bad *entry of a list response*
(``"results[3]: missing title"``); the good entries of that line are still in ``records``.
When the line as a whole cannot be used — malformed JSON, not an object, an API error, a
single entity that is bad or not a work/author — it raises ``Rejected(reason)`` instead.
A loader therefore does::

    try:
        records, rejected = parse_openalex_line(line)
    except Rejected as exc:
        reject(number, str(exc))
    else:
        for reason in rejected:
            reject(number, reason)
        load(records)

``parse_openalex_entity(obj) -> WorkRecord | AuthorRecord`` does the same for one decoded
entity (a dict) and raises ``Rejected``. Reading files: ``ingest.files.open_lines``.

Rules, for the formats of 2022 to now
-------------------------------------
* Kind: the letter of ``id`` (``W`` work, ``A`` author). Without a usable id the entity is
  rejected ("missing id"); other letters are "not a work or author: source S123" etc. Works
  of type ``paratext`` (or ``is_paratext: true``) and ``grant`` are "not a work or author".
* Essentials: a work needs id, title (``title``, else ``display_name``) and a year
  (``publication_date`` or ``publication_year``); an author needs id and ``display_name``.
  Everything else may be absent (``select=`` responses) or null, at any depth.
* Numbers given as strings of digits ("12") are accepted; other wrong types are rejected with
  the field's name. Values longer than the ``records.MAX_*`` limits are rejected, also in
  nested names (an author, an institution).
* Dates: ``publication_date`` "YYYY-MM-DD" (also "YYYY-MM", "YYYY"); an impossible date
  falls back to a valid ``publication_year`` (year only), else "impossible date". Years
  outside 1000–2100 are rejected.
* Types: article/journal-article/review → article; preprint/posted-content → preprint;
  proceedings-article/proceedings → proceedings; book-chapter/book-part/book-section →
  book-chapter; book/monograph/edited-book/reference-book → book; dataset; dissertation;
  anything else → other. No type at all: preprint when an arXiv id was found, else other.
* arXiv: a DOI ``10.48550/arxiv.X`` makes X the work's ``arxiv_id`` (DOI kept too); so does a
  primary location on arxiv.org when the work is a preprint or has no DOI. Any other arXiv
  location (``locations``, ``best_oa_location``) goes to ``related_arxiv_ids`` (a family
  link). Versions ("v2") are dropped. Likewise a location whose landing page is another
  DOI (``https://doi.org/…``: the published version, a bioRxiv copy) goes to
  ``related_dois``.
* Authors: printed position = index in ``authorships`` + 1 (OpenAlex gives only
  first/middle/last); name = ``raw_author_name``, else ``author.display_name``, which is
  also ``display_name`` (the canonical name, "" without one); an
  authorship with neither is skipped (positions of the others unchanged); a second
  authorship of the same author id is skipped; ``author.id`` may be null.
* Topics: ``topics`` when non-empty, else ``concepts``/``x_concepts`` keeping a concept when
  ``level <= 1`` or ``score >= 0.3`` (broad fields plus the confident specific ones).
* Text: NUL characters removed (PostgreSQL refuses them), lone surrogates replaced, runs of
  whitespace in titles, names and venues collapsed to one space.
* ``updated_date`` is cut to "YYYY-MM-DD".
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, NamedTuple

from bzpeer.text import NOT_A_PLACEHOLDER, not_a_person
from ingest.codeurl import code_url_in
from ingest.files import has_undecodable
from ingest.records import (
    MAX_ABSTRACT,
    MAX_AUTHORS,
    MAX_NAME,
    MAX_TITLE,
    MAX_VENUE,
    AuthorRecord,
    AuthorRef,
    InstitutionRef,
    Record,
    Rejected,
    TopicRef,
    WorkRecord,
)
from profiles.orcid import orcid_normalise

SOURCE = "openalex"

OPENALEX_ID = re.compile(
    r"^(?:https?://(?:api\.)?openalex\.org/(?:[a-z]+/)?)?([A-Za-z])(\d{1,15})$", re.IGNORECASE
)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$")
ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$")
ARXIV_OLD = re.compile(r"^([a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", re.IGNORECASE
)
ROR_RE = re.compile(r"^(?:https?://(?:www\.)?ror\.org/)?(0[a-z0-9]{6}\d{2})$", re.IGNORECASE)
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
WHITESPACE = re.compile(r"\s+")
PMID_URL = re.compile(r"^https?://(?:www\.)?(?:pubmed\.)?ncbi\.nlm\.nih\.gov/(?:pubmed/)?")
PMCID_URL = re.compile(r"^https?://(?:www\.)?ncbi\.nlm\.nih\.gov/pmc/articles/")

MIN_YEAR = 1000
MAX_YEAR = 2100
MAX_COUNT = 2_147_483_647  # PostgreSQL integer
MAX_DOI = 255

CONCEPT_MAX_LEVEL = 1
CONCEPT_MIN_SCORE = 0.3

KINDS = {
    "W": "work",
    "A": "author",
    "S": "source",
    "I": "institution",
    "C": "concept",
    "T": "topic",
    "P": "publisher",
    "F": "funder",
    "G": "grant",
    "K": "keyword",
}
NOT_WORK_TYPES = {"paratext", "grant"}
WORK_TYPES = {
    "article": "article",
    "journal-article": "article",
    "review": "article",
    "preprint": "preprint",
    "posted-content": "preprint",
    "proceedings-article": "proceedings",
    "proceedings": "proceedings",
    "book-chapter": "book-chapter",
    "book-part": "book-chapter",
    "book-section": "book-chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "dataset": "dataset",
    "dissertation": "dissertation",
}


class ParsedLine(NamedTuple):
    records: list[Record]
    rejected: list[str]  # reasons for bad entries of a list response, "results[i]: …"


# --- entry points ------------------------------------------------------------------------


def parse_openalex_line(line: str | bytes) -> ParsedLine:
    """One JSON line → its records; see the module docstring. Raises `Rejected`."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Rejected("invalid UTF-8") from exc
    elif has_undecodable(line):
        raise Rejected("invalid UTF-8")
    line = line.strip().lstrip("\ufeff")
    if not line:
        raise Rejected("empty line")
    try:
        data = json.loads(line)
    except ValueError as exc:
        raise Rejected(f"malformed JSON: {exc}") from exc
    except RecursionError as exc:
        raise Rejected("malformed JSON: nested too deeply") from exc
    if not isinstance(data, dict):
        raise Rejected(f"not a JSON object: {type(data).__name__}")
    if "error" in data and "id" not in data:
        raise Rejected(f"API error: {_short(data.get('message') or data.get('error'))}")
    if "results" in data and "id" not in data:
        results = data["results"]
        if not isinstance(results, list):
            raise Rejected("results is not a list")
        records: list[Record] = []
        rejected: list[str] = []
        for index, entity in enumerate(results):
            try:
                records.append(parse_openalex_entity(entity))
            except Rejected as exc:
                rejected.append(f"results[{index}]: {exc}")
        return ParsedLine(records, rejected)
    if "group_by" in data and "id" not in data:
        raise Rejected("group_by response, not entities")
    return ParsedLine([parse_openalex_entity(data)], [])


def parse_openalex_entity(entity: Any) -> WorkRecord | AuthorRecord:
    """One decoded OpenAlex entity → a record. Raises `Rejected`."""
    if not isinstance(entity, dict):
        raise Rejected(f"not a JSON object: {type(entity).__name__}")
    raw_id = entity.get("id")
    parsed = _openalex_id(raw_id)
    if parsed is None:
        if raw_id not in (None, ""):
            raise Rejected(f"invalid id: {_short(raw_id)}")
        raise Rejected(f"missing id ({_shape(entity)})")
    kind = KINDS.get(parsed[0], f"entity {parsed[0]}")
    if kind == "work":
        return _work(entity, parsed)
    if kind == "author":
        return _author(entity, parsed)
    raise Rejected(f"not a work or author: {kind} {parsed}")


# --- works -------------------------------------------------------------------------------


def _work(w: dict, openalex_id: str) -> WorkRecord:
    raw_type = _str(w, "type") or _str(w, "type_crossref")
    raw_type = raw_type.strip().lower()
    if w.get("is_paratext") is True:
        raw_type = "paratext"
    if raw_type in NOT_WORK_TYPES:
        raise Rejected(f"not a work or author: {raw_type} {openalex_id}")

    title = _line_text(_str(w, "title") or _str(w, "display_name"))
    if not title:
        raise Rejected("missing title")
    if len(title) > MAX_TITLE:
        raise Rejected(f"title longer than {MAX_TITLE} characters")

    year, month, day = _work_date(w)

    abstract = _abstract(w.get("abstract_inverted_index"))
    if len(abstract) > MAX_ABSTRACT:
        raise Rejected(f"abstract longer than {MAX_ABSTRACT} characters")

    doi = _doi(_str(w, "doi") or _str(_dict(w, "ids"), "doi"))

    primary = _dict(w, "primary_location")
    host_venue = _dict(w, "host_venue")
    locations = _list_of_dicts(w, "locations")
    venue = _venue(primary, host_venue, locations)

    # arXiv: identity from the DOI or the primary location, otherwise a family link.
    arxiv_id = None
    related_arxiv: list[str] = []
    if doi and (match := ARXIV_DOI.match(doi)):
        arxiv_id = _arxiv_id(match.group(1))
    primary_arxiv = _location_arxiv(primary) or _location_arxiv(host_venue)
    if raw_type:
        work_type = WORK_TYPES.get(raw_type, "other")
    else:
        work_type = "preprint" if (arxiv_id or primary_arxiv) else "other"
    if arxiv_id is None and primary_arxiv and (work_type == "preprint" or doi is None):
        arxiv_id = primary_arxiv
    related_dois: list[str] = []
    for location in [primary, host_venue, _dict(w, "best_oa_location"), *locations]:
        found = _location_arxiv(location)
        if found and found != arxiv_id and found not in related_arxiv:
            related_arxiv.append(found)
        other_doi = _location_doi(location)
        if other_doi and other_doi != doi and other_doi not in related_dois:
            related_dois.append(other_doi)

    authorships = w.get("authorships")
    if authorships is None:
        authorships = []
    if not isinstance(authorships, list):
        raise Rejected(f"authorships is not a list: {type(authorships).__name__}")
    if len(authorships) > MAX_AUTHORS:
        raise Rejected(f"more than {MAX_AUTHORS} authors")

    truncated = w.get("is_authors_truncated")
    if truncated is not None and not isinstance(truncated, bool):
        raise Rejected("is_authors_truncated is not a boolean")

    external_ids = _external_ids(_dict(w, "ids"))
    code_url = code_url_in(abstract)

    return WorkRecord(
        source=SOURCE,
        title=title,
        year=year,
        month=month,
        day=day,
        abstract=abstract,
        work_type=work_type,
        venue=venue,
        openalex_id=openalex_id,
        doi=doi,
        arxiv_id=arxiv_id,
        related_dois=related_dois,
        related_arxiv_ids=related_arxiv,
        citation_count=_count(w, "cited_by_count") or 0,
        code_url=code_url,
        topics=_topics(w),
        authors=_authorships(authorships),
        authors_truncated=bool(truncated),
        external_ids=external_ids,
    )


def _work_date(w: dict) -> tuple[int, int | None, int | None]:
    year = _count(w, "publication_year")
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise Rejected(f"implausible publication_year: {year}")
    date = w.get("publication_date")
    if date is None or date == "":
        if year is None:
            raise Rejected("missing year")
        return year, None, None
    if not isinstance(date, str):
        raise Rejected(f"publication_date is not a string: {type(date).__name__}")
    match = DATE_RE.match(date.strip())
    parts = [int(p) if p else None for p in match.groups()] if match else None
    if parts and MIN_YEAR <= parts[0] <= MAX_YEAR:
        date_year, month, day = parts
        try:
            datetime.date(date_year, month or 1, day or 1)
        except ValueError:
            pass
        else:
            return date_year, month, day
    if year is None:
        raise Rejected(f"impossible date: {_short(date)}")
    return year, None, None


def _abstract(index: Any) -> str:
    if index is None:
        return ""
    if not isinstance(index, dict):
        raise Rejected(f"abstract_inverted_index is not an object: {type(index).__name__}")
    if "InvertedIndex" in index:  # the 2022 wrapping: {"IndexLength": n, "InvertedIndex": {…}}
        return _abstract(index["InvertedIndex"])
    words: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list):
            raise Rejected("abstract_inverted_index positions are not a list")
        for position in positions:
            if not isinstance(position, int) or isinstance(position, bool) or position < 0:
                raise Rejected("abstract_inverted_index position is not a number")
            words[position] = word
        if len(words) > MAX_ABSTRACT:
            raise Rejected(f"abstract longer than {MAX_ABSTRACT} characters")
    return _clean(" ".join(words[p] for p in sorted(words))).strip()


def _venue(primary: dict, host_venue: dict, locations: list[dict]) -> str:
    candidates = [_str(_dict(primary, "source"), "display_name"), _str(host_venue, "display_name")]
    candidates += [_str(_dict(loc, "source"), "display_name") for loc in locations]
    for candidate in candidates:
        venue = _line_text(candidate)
        if venue:
            if len(venue) > MAX_VENUE:
                raise Rejected(f"venue longer than {MAX_VENUE} characters")
            return venue
    return ""


def _location_arxiv(location: dict) -> str | None:
    for key in ("landing_page_url", "pdf_url", "url"):
        url = location.get(key)
        if isinstance(url, str) and (match := ARXIV_URL.match(url.strip())):
            return _arxiv_id(match.group(1))
    return None


def _location_doi(location: dict) -> str | None:
    url = location.get("landing_page_url")
    if isinstance(url, str) and DOI_PREFIX.match(url.strip()):
        return _doi(url)
    return None


def _arxiv_id(value: str) -> str | None:
    value = value.strip()
    if match := ARXIV_NEW.match(value):
        return match.group(1)
    if match := ARXIV_OLD.match(value):
        archive, _, number = match.group(1).partition("/")
        name, dot, subject = archive.partition(".")
        return f"{name.lower()}{dot}{subject.upper()}/{number}"
    return None


def _authorships(authorships: list) -> list[AuthorRef]:
    refs: list[AuthorRef] = []
    seen: set[str] = set()
    for index, authorship in enumerate(authorships):
        if not isinstance(authorship, dict):
            raise Rejected(f"authorships[{index}] is not an object")
        author = _dict(authorship, "author")
        display_name = _line_text(_str(author, "display_name"))
        name = _line_text(_str(authorship, "raw_author_name")) or display_name
        if not name or not_a_person(name) == NOT_A_PLACEHOLDER:
            continue  # "Deleted Author" and the like are nobody: the work keeps its positions
        if len(name) > MAX_NAME or len(display_name) > MAX_NAME:
            raise Rejected(f"author name longer than {MAX_NAME} characters")
        raw_id = author.get("id")
        openalex_id = _openalex_id(raw_id)
        if raw_id not in (None, "") and (openalex_id is None or openalex_id[0] != "A"):
            raise Rejected(f"authorships[{index}]: invalid author id {_short(raw_id)}")
        if openalex_id:
            if openalex_id in seen:
                continue
            seen.add(openalex_id)
        refs.append(
            AuthorRef(
                name=name,
                position=index + 1,
                openalex_id=openalex_id,
                display_name=display_name,
                orcid=_orcid(author.get("orcid")),
                institutions=_institutions(_list_of_dicts(authorship, "institutions")),
            )
        )
    return refs


def _institutions(items: list[dict]) -> list[InstitutionRef]:
    refs = []
    for item in items:
        name = _line_text(_str(item, "display_name"))
        if not name or not_a_person(name) == NOT_A_PLACEHOLDER:
            continue  # "Deleted Author" and the like are nobody: the work keeps its positions
        if len(name) > MAX_NAME:
            raise Rejected(f"institution name longer than {MAX_NAME} characters")
        openalex_id = _openalex_id(item.get("id"))
        country = _str(item, "country_code").strip().upper()
        refs.append(
            InstitutionRef(
                name=name,
                openalex_id=openalex_id if openalex_id and openalex_id[0] == "I" else None,
                ror_id=_ror(item.get("ror")),
                country=country if len(country) == 2 and country.isalpha() else "",
            )
        )
    return refs


def _topics(w: dict) -> list[TopicRef]:
    topics = _list_of_dicts(w, "topics")
    concepts = not topics
    if concepts:
        topics = _list_of_dicts(w, "concepts") or _list_of_dicts(w, "x_concepts")
    refs: list[TopicRef] = []
    seen = set()
    for topic in topics:
        code = _openalex_id(topic.get("id"))
        name = _line_text(_str(topic, "display_name"))
        if not code or not name or code in seen:
            continue
        if concepts:
            level, score = topic.get("level"), topic.get("score")
            broad = _is_number(level) and level <= CONCEPT_MAX_LEVEL
            confident = _is_number(score) and score >= CONCEPT_MIN_SCORE
            if not (broad or confident):
                continue
        seen.add(code)
        refs.append(TopicRef(scheme=SOURCE, code=code, name=name))
    return refs


def _external_ids(ids: dict) -> dict[str, str]:
    result = {}
    for key, value in ids.items():
        if key in ("openalex", "doi") or value is None or isinstance(value, bool):
            continue
        if not isinstance(value, str | int):
            continue
        text = str(value).strip()
        if key == "pmid":
            text = PMID_URL.sub("", text).strip("/")
        elif key == "pmcid":
            text = PMCID_URL.sub("", text).strip("/")
            if text.isdigit():
                text = f"PMC{text}"
        if text:
            result[key] = text
    return result


# --- authors -----------------------------------------------------------------------------


def _author(a: dict, openalex_id: str) -> AuthorRecord:
    name = _line_text(_str(a, "display_name"))
    if not name:
        raise Rejected("missing display_name")
    if len(name) > MAX_NAME:
        raise Rejected(f"display_name longer than {MAX_NAME} characters")
    alternatives = a.get("display_name_alternatives")
    if alternatives is not None and not isinstance(alternatives, list):
        raise Rejected("display_name_alternatives is not a list")
    names: list[str] = []
    for alternative in alternatives or []:
        text = _line_text(alternative) if isinstance(alternative, str) else ""
        if text and len(text) <= MAX_NAME and text != name and text not in names:
            names.append(text)

    stats = _dict(a, "summary_stats")
    institutions = _list_of_dicts(a, "last_known_institutions")
    if not institutions and (single := _dict(a, "last_known_institution")):
        institutions = [single]

    h_index = _count(stats, "h_index", "summary_stats.h_index")
    if h_index is None:
        h_index = _count(a, "h_index")
    i10_index = _count(stats, "i10_index", "summary_stats.i10_index")
    if i10_index is None:
        i10_index = _count(a, "i10_index")

    updated = _str(a, "updated_date")[:10]
    try:
        datetime.date.fromisoformat(updated)
    except ValueError:
        updated = ""

    return AuthorRecord(
        openalex_id=openalex_id,
        display_name=name,
        orcid=_orcid(a.get("orcid")) or _orcid(_dict(a, "ids").get("orcid")),
        alternative_names=names,
        works_count=_count(a, "works_count"),
        cited_by_count=_count(a, "cited_by_count"),
        h_index=h_index,
        i10_index=i10_index,
        last_known_institutions=_institutions(institutions),
        updated_date=updated,
    )


# --- small helpers -----------------------------------------------------------------------


def _openalex_id(value: Any) -> str | None:
    """'https://openalex.org/W2741809807' (or 'W2741809807') → 'W2741809807'."""
    if not isinstance(value, str):
        return None
    match = OPENALEX_ID.match(value.strip())
    return f"{match.group(1).upper()}{match.group(2)}" if match else None


def _doi(value: str) -> str | None:
    doi = DOI_PREFIX.sub("", value.strip()).strip().lower()
    if not DOI_RE.match(doi) or len(doi) > MAX_DOI:
        return None
    return doi


def _orcid(value: Any) -> str | None:
    return orcid_normalise(value) if isinstance(value, str) and value.strip() else None


def _ror(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    match = ROR_RE.match(value.strip())
    return f"https://ror.org/{match.group(1).lower()}" if match else None


def _count(data: dict, key: str, label: str | None = None) -> int | None:
    """A non-negative integer field; digit strings and whole floats accepted; None if absent."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        raise Rejected(f"{label or key} is not a count: {_short(value)}")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _str(data: dict, key: str) -> str:
    """A string field, "" when absent or null; another type is a rejection."""
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Rejected(f"{key} is not a string: {type(value).__name__}")
    return value


def _dict(data: dict, key: str) -> dict:
    """An object field, {} when absent or null; another type is a rejection."""
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Rejected(f"{key} is not an object: {type(value).__name__}")
    return value


def _list_of_dicts(data: dict, key: str) -> list[dict]:
    """A list-of-objects field, [] when absent or null; null items are skipped."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Rejected(f"{key} is not a list: {type(value).__name__}")
    items = []
    for item in value:
        if item is None:
            continue
        if not isinstance(item, dict):
            raise Rejected(f"{key} item is not an object: {type(item).__name__}")
        items.append(item)
    return items


def _clean(text: str) -> str:
    """Drop NULs and replace lone surrogates: PostgreSQL stores neither."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if has_undecodable(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _line_text(text: str) -> str:
    """One-line text (title, name, venue): cleaned, whitespace collapsed, trimmed."""
    return WHITESPACE.sub(" ", _clean(text)).strip()


def _shape(entity: dict) -> str:
    if "authorships" in entity or "publication_year" in entity or "title" in entity:
        return "looks like a work"
    if "summary_stats" in entity or "works_count" in entity:
        return "looks like an author or another entity"
    return "unknown entity"


def _short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"
