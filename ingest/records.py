"""The plain records every source parser produces, and the one exception for a bad input.

Parsers (`openalex.py`, `arxiv.py`) turn one raw input unit (a JSON line, an Atom entry) into
these records without touching the database; `load.py` writes batches of them. Identifiers are
normalised by the parsers: OpenAlex ids without the URL ("W2741809807", "A5023888391",
"I27837315"), DOIs lowercase without "https://doi.org/", arXiv ids without version
("2211.12860", "cond-mat/0412498"), ORCID iDs as "0000-0002-1825-0097", ROR ids as the
full "https://ror.org/…" URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Rejected(Exception):
    """This input unit cannot be imported; the message is the reason written to the rejects file."""


@dataclass
class InstitutionRef:
    name: str
    openalex_id: str | None = None
    ror_id: str | None = None
    country: str = ""  # ISO 3166-1 alpha-2, upper case, or ""


@dataclass
class AuthorRef:
    """One author of one work, as the source prints it."""

    name: str  # the name as printed on the work (raw)
    position: int | None  # 1-based printed position; None when unknown
    openalex_id: str | None = None
    display_name: str = ""  # the source's canonical name for the author, when it has one
    orcid: str | None = None
    institutions: list[InstitutionRef] = field(default_factory=list)


@dataclass
class TopicRef:
    scheme: str  # "openalex" (topics/concepts), "arxiv" (categories) or "keyword"
    code: str  # OpenAlex id ("T10036", "C41008148") or arXiv category ("cs.CV")
    name: str  # human name ("Computer Vision and Pattern Recognition")


@dataclass
class WorkRecord:
    source: str  # "openalex" or "arxiv"
    title: str
    year: int
    abstract: str = ""
    work_type: str = "preprint"  # one of works.models.WorkType values
    month: int | None = None
    day: int | None = None
    venue: str = ""
    # Identity: a work with any of these is the same row.
    openalex_id: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    # Family links: other versions of the same paper (an arXiv record's published DOI; a
    # published record's arXiv location). Same family, different rows.
    related_dois: list[str] = field(default_factory=list)
    related_arxiv_ids: list[str] = field(default_factory=list)
    citation_count: int = 0
    code_url: str = ""
    topics: list[TopicRef] = field(default_factory=list)
    authors: list[AuthorRef] = field(default_factory=list)
    authors_truncated: bool = False
    external_ids: dict[str, str] = field(default_factory=dict)  # others: pmid, mag, …


@dataclass
class AuthorRecord:
    """An OpenAlex author entity: identity and the figures the source reports."""

    openalex_id: str
    display_name: str
    orcid: str | None = None
    alternative_names: list[str] = field(default_factory=list)
    works_count: int | None = None
    cited_by_count: int | None = None
    h_index: int | None = None
    i10_index: int | None = None
    last_known_institutions: list[InstitutionRef] = field(default_factory=list)
    updated_date: str = ""  # the source's own date for the figures, ISO "YYYY-MM-DD" or ""


Record = WorkRecord | AuthorRecord

# Field limits the loader enforces (the database columns); parsers reject longer values.
MAX_TITLE = 2000
MAX_ABSTRACT = 100_000
MAX_NAME = 300
MAX_VENUE = 300
MAX_AUTHORS = 5000
