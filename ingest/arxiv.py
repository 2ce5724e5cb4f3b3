"""arXiv metadata → WorkRecord: the bulk snapshot's JSON lines and the API's Atom XML.

Pure parsing, no database. Each input unit (one JSON line, one Atom entry) becomes one
`WorkRecord` or raises `Rejected` with the reason written to the rejects file.

Field rules, shared by both formats:

- ``arxiv_id``: without version, old-style ids as ``archive/YYMMNNN`` ("cond-mat/0412498",
  a subject class such as "math.AG/0601001" is dropped: arXiv does not keep it in the id).
- ``doi``: the arXiv version's own DataCite DOI, ``10.48550/arxiv.<id>`` in lower case. Every
  arXiv paper has one, and OpenAlex lists arXiv preprints under it, so the loader can match
  an OpenAlex record of the preprint to this row by DOI. The record's ``doi`` field in the
  source is the *published* version: it goes to ``related_dois`` (same family, other row).
- ``title``: hard wraps and runs of whitespace collapsed to one space; TeX kept as is.
- ``abstract``: see `clean_abstract` (wraps joined, paragraphs kept, separated by a blank line).
- ``authors``: printed order, positions 1..n; TeX accents → Unicode; "et al." / "others" dropped
  and ``authors_truncated`` set; a collaboration ("ATLAS Collaboration") is one author.
  Affiliations the source prints become name-only `InstitutionRef` (no ids).
- date: the v1 submission date (year, month, day); the snapshot's ``update_date`` only when v1
  has no readable date. A date that reads but cannot exist (31 February) is rejected.
- ``topics``: each category as ``TopicRef("arxiv", code, name)``, primary first.
- ``code_url``: the first github.com / gitlab.com repository URL in the abstract, else in the
  author comments.
- ``external_ids``: ``journal_ref`` when the source has one.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import re
import xml.etree.ElementTree as ET
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bzpeer.text import name_key, tex_to_unicode
from ingest.codeurl import code_url_in
from ingest.files import TruncatedInput, has_undecodable, open_lines
from ingest.records import (
    MAX_ABSTRACT,
    MAX_AUTHORS,
    MAX_NAME,
    MAX_TITLE,
    AuthorRef,
    InstitutionRef,
    Rejected,
    TopicRef,
    WorkRecord,
)

SOURCE = "arxiv"
VENUE = "arXiv"
ARXIV_DOI_PREFIX = "10.48550/arxiv."
MAX_ID = 40  # Work.arxiv_id
MAX_DOI = 255  # Work.doi
MIN_YEAR, MAX_YEAR = 1900, 2100

# Rejection reasons (the text written to the rejects file; tests assert them exactly).
NOT_UTF8 = "line is not valid UTF-8"
EMPTY_LINE = "empty line"
LONE_SURROGATE = "text holds a lone UTF-16 surrogate (\\ud800-\\udfff)"
NUL_CHARACTER = "text holds a NUL character (\\u0000)"
BAD_JSON = "malformed JSON: {error}"
NOT_AN_OBJECT = "the line is not a JSON object"
WRONG_TYPE = "{field} must be {expected}, not {actual}"
MISSING_ID = "missing arXiv id"
BAD_ID = "malformed arXiv id {value!r}"
MISSING_TITLE = "missing title"
TOO_LONG = "{field} longer than {limit} characters ({length})"
IMPOSSIBLE_DATE = "impossible date {value!r}"
NO_DATE = "no usable date (v1 created {created!r}, update_date {updated!r})"
BAD_AUTHOR_ENTRY = "authors_parsed[{index}] must be a list of strings, not {value}"
BAD_CATEGORY = "malformed category {value!r}"
BAD_XML = "malformed XML: {error}"
XML_DTD_REFUSED = "XML with a DOCTYPE or entity declarations is refused"
NOT_A_FEED = "not an Atom feed (root element {tag!r})"
API_ERROR = "arXiv API error: {message}"
ENTRY_REJECTED = "entry {number} ({id}): {reason}"

NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}

_NEW_ID = re.compile(r"\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}")
_OLD_ID = re.compile(r"(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.[A-Z]{2})?/(?P<number>\d{7})")
_VERSION = re.compile(r"v\d+$")
_ABS_URL = re.compile(r"https?://(?:www\.|export\.)?arxiv\.org/abs/(?P<id>\S+)")
_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# JSON escapes that decode to text PostgreSQL cannot store (checked only when present).
_UNSTORABLE_ESCAPE = re.compile(r"\\u(?:0000|d[89a-f][0-9a-f]{2})", re.IGNORECASE)
# A newline that starts a new paragraph: followed by indentation or by a blank line.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\n[ \t]+")
# authors_parsed splits hyphenated initials: "C.-P." comes back as "C. -P.".
_SPACED_HYPHEN = re.compile(r"(?<=\.) -(?=\w)")
_ET_AL = re.compile(r"(?:^|[\s,;]+)(?:et\.?\s*al\.?|and\s+others)\s*$", re.IGNORECASE)


# --- shared field cleaning -------------------------------------------------------------------


def normalise_arxiv_id(raw: str) -> str:
    """The canonical arXiv id: no "arXiv:" prefix, no version, no old-style subject class."""
    value = raw.strip()
    if value[:6].lower() == "arxiv:":
        value = value[6:]
    value = _VERSION.sub("", value)
    if _NEW_ID.fullmatch(value):
        return value
    if match := _OLD_ID.fullmatch(value):
        return f"{match['archive']}/{match['number']}"
    raise Rejected(BAD_ID.format(value=raw))


def arxiv_doi(arxiv_id: str) -> str:
    """The DataCite DOI arXiv registers for a paper, lower case: "10.48550/arxiv.0704.0001"."""
    return ARXIV_DOI_PREFIX + arxiv_id.lower()


def category_name(code: str) -> str:
    """The human name of an arXiv category; an unknown code is its own name."""
    return ARXIV_CATEGORIES.get(code, code)


def clean_title(text: str) -> str:
    """Hard wraps and runs of whitespace → one space; nothing else changes."""
    return " ".join(text.split())


def clean_abstract(text: str) -> str:
    """Join hard-wrapped lines; keep paragraphs, separated by one blank line ("\\n\\n").

    arXiv abstracts are wrapped at ~80 columns with plain newlines; a line that begins a new
    paragraph is indented ("\\n  Second paragraph…"), and some abstracts use a blank line
    instead. So: a newline followed by spaces/tabs or by a blank line is a paragraph break;
    any other newline is a space. Whitespace runs inside a paragraph collapse to one space
    (the first line's indentation included).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def related_dois(raw: str, *, own: str) -> list[str]:
    """DOIs of published versions: lower case, no resolver prefix, own arXiv DOI left out.

    The source field sometimes holds several DOIs separated by spaces; strings that are not
    DOIs are dropped (a bad family link is not worth losing the paper for).
    """
    dois: list[str] = []
    for part in re.split(r"[\s,;]+", raw):
        doi = _DOI_PREFIX.sub("", part).lower().rstrip(".")
        if _DOI.fullmatch(doi) and len(doi) <= MAX_DOI and doi != own and doi not in dois:
            dois.append(doi)
    return dois


def _check_length(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise Rejected(TOO_LONG.format(field=field, limit=limit, length=len(value)))


def _author(name: str, affiliations: Iterable[str], *, position: int) -> AuthorRef:
    _check_length(f"author {position} name", name, MAX_NAME)
    institutions = [
        InstitutionRef(name=affiliation)
        for affiliation in (" ".join(tex_to_unicode(a).split()) for a in affiliations)
        if affiliation and len(affiliation) <= MAX_NAME
    ]
    return AuthorRef(name=name, position=position, institutions=institutions)


def _authors(people: Iterable[tuple[str, list[str]]]) -> tuple[list[AuthorRef], bool]:
    """Printed (name, affiliations) pairs → AuthorRefs at 1..n, and whether the list is cut.

    "et al." / "others" (as an entry, or at the end of the last name) mark a cut list; beyond
    MAX_AUTHORS the list is cut too (the 5,000-author physics papers are still imported).
    """
    authors: list[AuthorRef] = []
    truncated = False
    for raw_name, affiliations in people:
        name = _SPACED_HYPHEN.sub("-", " ".join(tex_to_unicode(raw_name).split()))
        if name_key(name) in {"et al", "others", "and others"}:
            truncated = True
            continue
        if _ET_AL.search(name) and " " in name:
            name = _ET_AL.sub("", name).strip()
            truncated = True
        if not name:
            continue
        if len(authors) == MAX_AUTHORS:
            truncated = True
            break
        authors.append(_author(name, affiliations, position=len(authors) + 1))
    return authors, truncated


def _topics(codes: Iterable[str], *, strict: bool) -> list[TopicRef]:
    topics: list[TopicRef] = []
    seen: set[str] = set()
    for code in codes:
        if not _CATEGORY.fullmatch(code):
            if strict:
                raise Rejected(BAD_CATEGORY.format(value=code))
            continue  # the API lists ACM/MSC classes ("I.2.6", "68T05") as categories too
        if code not in seen:
            seen.add(code)
            topics.append(TopicRef(scheme=SOURCE, code=code, name=category_name(code)))
    return topics


def _checked_date(year: int, month: int, day: int, raw: str) -> datetime.date:
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        raise Rejected(IMPOSSIBLE_DATE.format(value=raw)) from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise Rejected(IMPOSSIBLE_DATE.format(value=raw))
    return value


def _record(
    *,
    arxiv_id: str,
    title: str,
    abstract: str,
    date: datetime.date,
    authors: list[AuthorRef],
    authors_truncated: bool,
    topics: list[TopicRef],
    published_doi: str,
    journal_ref: str,
    comments: str,
) -> WorkRecord:
    title = clean_title(title)
    if not title:
        raise Rejected(MISSING_TITLE)
    _check_length("title", title, MAX_TITLE)
    abstract = clean_abstract(abstract)
    _check_length("abstract", abstract, MAX_ABSTRACT)
    own_doi = arxiv_doi(arxiv_id)
    journal_ref = " ".join(journal_ref.split())
    return WorkRecord(
        source=SOURCE,
        title=title,
        year=date.year,
        month=date.month,
        day=date.day,
        abstract=abstract,
        work_type="preprint",
        venue=VENUE,
        arxiv_id=arxiv_id,
        doi=own_doi,
        related_dois=related_dois(published_doi, own=own_doi),
        code_url=code_url_in(abstract, comments),
        topics=topics,
        authors=authors,
        authors_truncated=authors_truncated,
        external_ids={"journal_ref": journal_ref} if journal_ref else {},
    )


# --- the bulk snapshot (JSON lines) ----------------------------------------------------------


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _get(data: dict[str, Any], field: str, expected: type | tuple[type, ...], label: str) -> Any:
    """data[field] if it is missing/null or of the expected type; otherwise reject."""
    value = data.get(field)
    if value is not None and not isinstance(value, expected):
        raise Rejected(WRONG_TYPE.format(field=field, expected=label, actual=_type_name(value)))
    return value


def _split_top_level(text: str) -> list[str]:
    """Split an authors string on "," and " and " outside parentheses and braces."""
    parts: list[str] = []
    depth = 0
    start = i = 0
    while i < len(text):
        char = text[i]
        if char in "({":
            depth += 1
        elif char in ")}":
            depth = max(depth - 1, 0)
        elif depth == 0 and char == ",":
            parts.append(text[start:i])
            start = i + 1
        elif depth == 0 and text[i : i + 5].lower() == " and ":
            parts.append(text[start:i])
            i += 5
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _people_from_string(authors: str) -> list[tuple[str, list[str]]]:
    """Fallback when authors_parsed is missing: "A. B, C. D (MIT) and E. F" → names, affils."""
    people = []
    for part in _split_top_level(" ".join(authors.split())):
        affiliations = re.findall(r"\(([^()]*)\)", part)
        name = re.sub(r"\s*\([^()]*\)", "", part).strip()
        people.append((name, [a for a in affiliations if re.search(r"[^\W\d_]", a)]))
    return people


def _people_from_parsed(parsed: list[Any]) -> list[tuple[str, list[str]]]:
    """authors_parsed entries [last, first, suffix, affiliation…] → ("First Last Suffix", …)."""
    people = []
    for index, entry in enumerate(parsed):
        if not isinstance(entry, list) or not all(isinstance(p, str) for p in entry):
            value = json.dumps(entry, ensure_ascii=False)
            raise Rejected(BAD_AUTHOR_ENTRY.format(index=index, value=value[:80]))
        last, first, suffix = (entry + ["", "", ""])[:3]
        people.append((" ".join(p for p in (first, last, suffix) if p.strip()), entry[3:]))
    return people


def _snapshot_date(versions: list[Any] | None, update_date: str | None) -> datetime.date:
    created = None
    for version in versions or []:
        if not isinstance(version, dict):
            raise Rejected(
                WRONG_TYPE.format(
                    field="versions[]", expected="an object", actual=_type_name(version)
                )
            )
        if created is None or version.get("version") == "v1":
            created = _get(version, "created", str, "a string")
            if version.get("version") == "v1":
                break
    if created:
        parsed = email.utils.parsedate_tz(created)
        if parsed is not None:
            return _checked_date(parsed[0], parsed[1], parsed[2], created)
    if update_date:
        try:
            value = datetime.date.fromisoformat(update_date.strip())
        except ValueError:
            pass
        else:
            return _checked_date(value.year, value.month, value.day, update_date)
    raise Rejected(NO_DATE.format(created=created, updated=update_date))


def _check_storable(value: Any) -> None:
    """Reject text PostgreSQL cannot store: NUL characters and lone UTF-16 surrogates."""
    if isinstance(value, str):
        if "\x00" in value:
            raise Rejected(NUL_CHARACTER)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Rejected(LONE_SURROGATE) from None
    elif isinstance(value, dict):
        for item in value.values():
            _check_storable(item)
    elif isinstance(value, list):
        for item in value:
            _check_storable(item)


def parse_arxiv_line(line: str | bytes) -> WorkRecord:
    """One line of the arXiv metadata snapshot (arxiv-metadata-oai-snapshot.json) → WorkRecord.

    Raises `Rejected` with the reason for a line that cannot be imported.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected(NOT_UTF8) from None
    elif has_undecodable(line):  # open_lines keeps non-UTF-8 bytes as escaped surrogates
        raise Rejected(NOT_UTF8)
    if not line.strip():
        raise Rejected(EMPTY_LINE)
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise Rejected(BAD_JSON.format(error=error)) from None
    if not isinstance(data, dict):
        raise Rejected(NOT_AN_OBJECT)
    if _UNSTORABLE_ESCAPE.search(line):
        _check_storable(data)

    raw_id = _get(data, "id", str, "a string")
    if not raw_id or not raw_id.strip():
        raise Rejected(MISSING_ID)
    arxiv_id = normalise_arxiv_id(raw_id)
    title = _get(data, "title", str, "a string") or ""
    abstract = _get(data, "abstract", str, "a string") or ""
    comments = _get(data, "comments", str, "a string") or ""
    published_doi = _get(data, "doi", str, "a string") or ""
    journal_ref = _get(data, "journal-ref", str, "a string") or ""
    categories = _get(data, "categories", str, "a string") or ""
    versions = _get(data, "versions", list, "a list")
    update_date = _get(data, "update_date", str, "a string")
    parsed = _get(data, "authors_parsed", list, "a list")
    authors_text = _get(data, "authors", str, "a string") or ""

    people = _people_from_parsed(parsed) if parsed is not None else []
    if not people:
        people = _people_from_string(authors_text)
    authors, truncated = _authors(people)
    return _record(
        arxiv_id=arxiv_id,
        title=title,
        abstract=abstract,
        date=_snapshot_date(versions, update_date),
        authors=authors,
        authors_truncated=truncated,
        topics=_topics(categories.split(), strict=True),
        published_doi=published_doi,
        journal_ref=journal_ref,
        comments=comments,
    )


def iter_arxiv_snapshot(path: str | Path) -> Iterator[tuple[int, WorkRecord | Rejected]]:
    """(line number, record or the `Rejected` saying why not) for each non-blank line.

    Reads with `files.open_lines` (plain or .gz). A .gz file cut off mid-stream ends with one
    `Rejected` at the line where it broke, after every complete line before it.
    """
    try:
        for number, line in open_lines(path):
            try:
                yield number, parse_arxiv_line(line)
            except Rejected as rejected:
                yield number, rejected
    except TruncatedInput as error:
        yield error.line_number, Rejected(str(error))


# --- the API (Atom XML) ----------------------------------------------------------------------


def _refuse_dtd(*_args: Any) -> None:
    raise Rejected(XML_DTD_REFUSED)


def _parse_xml(xml_text: str | bytes) -> ET.Element:
    """Parse untrusted XML, refusing any DOCTYPE (so no entity-expansion bombs, no XXE).

    defusedxml is not a project dependency; an expat pre-pass that stops at the first DOCTYPE
    or entity declaration gives the same protection for documents that never need a DTD, which
    Atom feeds do not.
    """
    guard = xml.parsers.expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _refuse_dtd
    guard.EntityDeclHandler = _refuse_dtd
    try:
        guard.Parse(xml_text, True)
        return ET.fromstring(xml_text)
    except (xml.parsers.expat.ExpatError, ET.ParseError) as error:
        raise Rejected(BAD_XML.format(error=error)) from None


def _text(entry: ET.Element, path: str) -> str:
    element = entry.find(path, NS)
    return (element.text or "") if element is not None else ""


def _atom_date(entry: ET.Element) -> datetime.date:
    raw = _text(entry, "atom:published").strip() or _text(entry, "atom:updated").strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?", raw)
    if not match:
        raise Rejected(NO_DATE.format(created=raw or None, updated=None))
    return _checked_date(int(match[1]), int(match[2]), int(match[3]), raw)


def _atom_entry(entry: ET.Element) -> WorkRecord:
    raw_id = _text(entry, "atom:id").strip()
    if "/api/errors" in raw_id:
        raise Rejected(API_ERROR.format(message=" ".join(_text(entry, "atom:summary").split())))
    if not raw_id:
        raise Rejected(MISSING_ID)
    match = _ABS_URL.fullmatch(raw_id)
    arxiv_id = normalise_arxiv_id(match["id"] if match else raw_id)
    people = [
        (
            _text(author, "atom:name"),
            [a.text or "" for a in author.findall("arxiv:affiliation", NS)],
        )
        for author in entry.findall("atom:author", NS)
    ]
    authors, truncated = _authors(people)
    primary = entry.find("arxiv:primary_category", NS)
    codes = [primary.get("term", "")] if primary is not None else []
    codes += [c.get("term", "") for c in entry.findall("atom:category", NS)]
    return _record(
        arxiv_id=arxiv_id,
        title=_text(entry, "atom:title"),
        abstract=_text(entry, "atom:summary"),
        date=_atom_date(entry),
        authors=authors,
        authors_truncated=truncated,
        topics=_topics((c.strip() for c in codes if c.strip()), strict=False),
        published_doi=_text(entry, "arxiv:doi"),
        journal_ref=_text(entry, "arxiv:journal_ref"),
        comments=_text(entry, "arxiv:comment"),
    )


def parse_arxiv_atom(xml_text: str | bytes) -> tuple[list[WorkRecord], list[str]]:
    """An arXiv API response (Atom feed) → (good records, one reason per rejected entry).

    A bad entry does not stop the others; its reason reads "entry 2 (<id>): <why>". A document
    that is not well-formed XML, carries a DOCTYPE, or is not an Atom feed raises `Rejected`.
    """
    root = _parse_xml(xml_text)
    if root.tag != f"{{{NS['atom']}}}feed":
        raise Rejected(NOT_A_FEED.format(tag=root.tag))
    records: list[WorkRecord] = []
    reasons: list[str] = []
    for number, entry in enumerate(root.findall("atom:entry", NS), start=1):
        try:
            records.append(_atom_entry(entry))
        except Rejected as rejected:
            entry_id = _text(entry, "atom:id").strip() or "no id"
            reasons.append(ENTRY_REJECTED.format(number=number, id=entry_id, reason=rejected))
    return records, reasons


# --- category names (https://arxiv.org/category_taxonomy) ------------------------------------
# Names repeat across aliases (cs.LG and stat.ML are both "Machine Learning", cs.SY and eess.SY
# "Systems and Control"): a topic's identity is its code, never its name.

ARXIV_CATEGORIES: dict[str, str] = {
    # Computer Science
    "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering, Finance, and Science",
    "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies",
    "cs.FL": "Formal Languages and Automata Theory",
    "cs.GL": "General Literature",
    "cs.GR": "Graphics",
    "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia",
    "cs.MS": "Mathematical Software",
    "cs.NA": "Numerical Analysis",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture",
    "cs.OH": "Other Computer Science",
    "cs.OS": "Operating Systems",
    "cs.PF": "Performance",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SC": "Symbolic Computation",
    "cs.SD": "Sound",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
    # Economics
    "econ.EM": "Econometrics",
    "econ.GN": "General Economics",
    "econ.TH": "Theoretical Economics",
    # Electrical Engineering and Systems Science
    "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing",
    "eess.SY": "Systems and Control",
    # Mathematics
    "math.AC": "Commutative Algebra",
    "math.AG": "Algebraic Geometry",
    "math.AP": "Analysis of PDEs",
    "math.AT": "Algebraic Topology",
    "math.CA": "Classical Analysis and ODEs",
    "math.CO": "Combinatorics",
    "math.CT": "Category Theory",
    "math.CV": "Complex Variables",
    "math.DG": "Differential Geometry",
    "math.DS": "Dynamical Systems",
    "math.FA": "Functional Analysis",
    "math.GM": "General Mathematics",
    "math.GN": "General Topology",
    "math.GR": "Group Theory",
    "math.GT": "Geometric Topology",
    "math.HO": "History and Overview",
    "math.IT": "Information Theory",
    "math.KT": "K-Theory and Homology",
    "math.LO": "Logic",
    "math.MG": "Metric Geometry",
    "math.MP": "Mathematical Physics",
    "math.NA": "Numerical Analysis",
    "math.NT": "Number Theory",
    "math.OA": "Operator Algebras",
    "math.OC": "Optimization and Control",
    "math.PR": "Probability",
    "math.QA": "Quantum Algebra",
    "math.RA": "Rings and Algebras",
    "math.RT": "Representation Theory",
    "math.SG": "Symplectic Geometry",
    "math.SP": "Spectral Theory",
    "math.ST": "Statistics Theory",
    # Physics: astrophysics
    "astro-ph": "Astrophysics",
    "astro-ph.CO": "Cosmology and Nongalactic Astrophysics",
    "astro-ph.EP": "Earth and Planetary Astrophysics",
    "astro-ph.GA": "Astrophysics of Galaxies",
    "astro-ph.HE": "High Energy Astrophysical Phenomena",
    "astro-ph.IM": "Instrumentation and Methods for Astrophysics",
    "astro-ph.SR": "Solar and Stellar Astrophysics",
    # Physics: condensed matter
    "cond-mat": "Condensed Matter",
    "cond-mat.dis-nn": "Disordered Systems and Neural Networks",
    "cond-mat.mes-hall": "Mesoscale and Nanoscale Physics",
    "cond-mat.mtrl-sci": "Materials Science",
    "cond-mat.other": "Other Condensed Matter",
    "cond-mat.quant-gas": "Quantum Gases",
    "cond-mat.soft": "Soft Condensed Matter",
    "cond-mat.stat-mech": "Statistical Mechanics",
    "cond-mat.str-el": "Strongly Correlated Electrons",
    "cond-mat.supr-con": "Superconductivity",
    # Physics: single-category archives
    "gr-qc": "General Relativity and Quantum Cosmology",
    "hep-ex": "High Energy Physics - Experiment",
    "hep-lat": "High Energy Physics - Lattice",
    "hep-ph": "High Energy Physics - Phenomenology",
    "hep-th": "High Energy Physics - Theory",
    "math-ph": "Mathematical Physics",
    "nucl-ex": "Nuclear Experiment",
    "nucl-th": "Nuclear Theory",
    "quant-ph": "Quantum Physics",
    # Physics: nonlinear sciences
    "nlin": "Nonlinear Sciences",
    "nlin.AO": "Adaptation and Self-Organizing Systems",
    "nlin.CD": "Chaotic Dynamics",
    "nlin.CG": "Cellular Automata and Lattice Gases",
    "nlin.PS": "Pattern Formation and Solitons",
    "nlin.SI": "Exactly Solvable and Integrable Systems",
    # Physics: physics archive
    "physics": "Physics",
    "physics.acc-ph": "Accelerator Physics",
    "physics.ao-ph": "Atmospheric and Oceanic Physics",
    "physics.app-ph": "Applied Physics",
    "physics.atm-clus": "Atomic and Molecular Clusters",
    "physics.atom-ph": "Atomic Physics",
    "physics.bio-ph": "Biological Physics",
    "physics.chem-ph": "Chemical Physics",
    "physics.class-ph": "Classical Physics",
    "physics.comp-ph": "Computational Physics",
    "physics.data-an": "Data Analysis, Statistics and Probability",
    "physics.ed-ph": "Physics Education",
    "physics.flu-dyn": "Fluid Dynamics",
    "physics.gen-ph": "General Physics",
    "physics.geo-ph": "Geophysics",
    "physics.hist-ph": "History and Philosophy of Physics",
    "physics.ins-det": "Instrumentation and Detectors",
    "physics.med-ph": "Medical Physics",
    "physics.optics": "Optics",
    "physics.plasm-ph": "Plasma Physics",
    "physics.pop-ph": "Popular Physics",
    "physics.soc-ph": "Physics and Society",
    "physics.space-ph": "Space Physics",
    # Quantitative Biology
    "q-bio": "Quantitative Biology",
    "q-bio.BM": "Biomolecules",
    "q-bio.CB": "Cell Behavior",
    "q-bio.GN": "Genomics",
    "q-bio.MN": "Molecular Networks",
    "q-bio.NC": "Neurons and Cognition",
    "q-bio.OT": "Other Quantitative Biology",
    "q-bio.PE": "Populations and Evolution",
    "q-bio.QM": "Quantitative Methods",
    "q-bio.SC": "Subcellular Processes",
    "q-bio.TO": "Tissues and Organs",
    # Quantitative Finance
    "q-fin.CP": "Computational Finance",
    "q-fin.EC": "Economics",
    "q-fin.GN": "General Finance",
    "q-fin.MF": "Mathematical Finance",
    "q-fin.PM": "Portfolio Management",
    "q-fin.PR": "Pricing of Securities",
    "q-fin.RM": "Risk Management",
    "q-fin.ST": "Statistical Finance",
    "q-fin.TR": "Trading and Market Microstructure",
    # Statistics
    "stat.AP": "Applications",
    "stat.CO": "Computation",
    "stat.ME": "Methodology",
    "stat.ML": "Machine Learning",
    "stat.OT": "Other Statistics",
    "stat.TH": "Statistics Theory",
    # Legacy archives, still found on old papers
    "acc-phys": "Accelerator Physics",
    "adap-org": "Adaptation, Noise, and Self-Organizing Systems",
    "alg-geom": "Algebraic Geometry",
    "ao-sci": "Atmospheric-Oceanic Sciences",
    "atom-ph": "Atomic, Molecular and Optical Physics",
    "bayes-an": "Bayesian Analysis",
    "chao-dyn": "Chaotic Dynamics",
    "chem-ph": "Chemical Physics",
    "cmp-lg": "Computation and Language",
    "comp-gas": "Cellular Automata and Lattice Gases",
    "dg-ga": "Differential Geometry",
    "funct-an": "Functional Analysis",
    "mtrl-th": "Materials Theory",
    "patt-sol": "Pattern Formation and Solitons",
    "plasm-ph": "Plasma Physics",
    "q-alg": "Quantum Algebra and Topology",
    "solv-int": "Exactly Solvable and Integrable Systems",
    "supr-con": "Superconductivity",
}
