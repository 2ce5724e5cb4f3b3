"""Write parsed records to the database in batches: COPY into staging tables, then set-based SQL.

One `Loader` per import run. Feed it records with `add()` (and bad input with `reject()`); every
BATCH_SIZE works it writes a batch in its own transaction:

1. institutions, topics and researchers are resolved to ids (a few queries per batch, never one
   per record); authors without a source id are matched by the documented name rule
   (`match_authors`), or become new records;
2. the works are COPYed into a temporary staging table, then `INSERT … ON CONFLICT DO NOTHING`
   creates the new ones and one `UPDATE … FROM staging … WHERE (…) IS DISTINCT FROM (…)` updates
   the changed ones, so unchanged rows are not even rewritten;
3. authorships and work topics go the same way; a rejected authorship ("not mine") or a curator's
   one is never touched, so no later import undoes a person's decision.

`finish()` links work families and refreshes counters and collaboration edges set-wise for every
researcher the run touched — including those of an earlier run that was interrupted before its
own `finish()`, so a re-run completes an interrupted load.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from bzpeer.text import name_key, slugs_taken, unique_slug
from ingest.records import AuthorRecord, AuthorRef, InstitutionRef, TopicRef, WorkRecord
from profiles.models import Institution, Researcher, researcher_name_keys
from works.models import Authorship, CollaborationEdge, ImportRun, Topic, Work, WorkFamily
from works.services import authorships_changed_in_bulk

BATCH_SIZE = 2000
MatchRule = Authorship.MatchRule


@dataclass
class ImportStats:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    researchers_created: int = 0
    authors_read: int = 0

    def summary(self) -> str:
        text = (
            f"read {self.read:,}, created {self.created:,}, updated {self.updated:,}, "
            f"unchanged {self.unchanged:,}, rejected {self.rejected:,}"
        )
        if self.authors_read:
            text += f" (of which {self.authors_read:,} author records)"
        return text + f"; {self.researchers_created:,} new researcher records"


class RejectsFile:
    """Bad input, one JSON object per line: {"line": N, "reason": "...", "raw": "..."}."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0
        self._file = None

    def write(self, line_no: int, reason: str, raw: str | bytes) -> None:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("w", encoding="utf-8")
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        entry = {"line": line_no, "reason": reason, "raw": raw.rstrip("\n")[:100_000]}
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self._file:
            self._file.close()


# ---------------------------------------------------------------------------------------------
# Author matching (arXiv and other sources without author ids)
# ---------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    researcher_id: int
    coauthors: set[int] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    orphan: bool = False  # no authorships at all: a record an earlier import left empty


def names_compatible(a: str, b: str) -> bool:
    """Two name keys that can be one person: same surname, same first initial."""
    ta, tb = a.split(), b.split()
    return bool(ta and tb) and ta[-1] == tb[-1] and ta[0][0] == tb[0][0]


def match_authors(
    authors: list[AuthorRef],
    *,
    topic_codes: set[str],
    candidates: dict[str, list[Candidate]],
    known: dict[str, int],
    known_positions: dict[int, tuple[str, int]] | None = None,
) -> list[tuple[int | None, str]]:
    """Pick a researcher for each id-less author of one work, conservatively.

    `known` maps name keys to the researcher already on this work, and `known_positions` its
    printed positions: a re-import keeps the work's authors, also when a source prints
    "J. Hošek" where another printed "Jiří Hošek" at the same place (same surname, same
    initial). Otherwise an existing researcher with the same name key is taken only when it is
    the single candidate that shares a co-author (any candidate of another author on this work)
    or a topic with the work; anything else (no candidate, or several equally good) gives None:
    a new record. Two people with one name are kept apart rather than merged.
    """
    keys = [name_key(a.name) for a in authors]
    others_by_author = []
    for i in range(len(authors)):
        ids = set()
        for j, key in enumerate(keys):
            if j != i:
                ids.update(c.researcher_id for c in candidates.get(key, ()))
                if key in known:
                    ids.add(known[key])
        others_by_author.append(ids)
    result = []
    known_positions = known_positions or {}
    for author, key, other_ids in zip(authors, keys, others_by_author, strict=True):
        if key in known:
            result.append((known[key], MatchRule.NAME))
            continue
        same_place = known_positions.get(author.position) if author.position else None
        if same_place and names_compatible(key, same_place[0]):
            result.append((same_place[1], MatchRule.NAME))
            continue
        by_coauthor = [c for c in candidates.get(key, ()) if c.coauthors & other_ids]
        if len(by_coauthor) == 1:
            result.append((by_coauthor[0].researcher_id, MatchRule.NAME_AND_COAUTHOR))
            continue
        by_topic = [c for c in candidates.get(key, ()) if c.topics & topic_codes]
        if not by_coauthor and len(by_topic) == 1:
            result.append((by_topic[0].researcher_id, MatchRule.NAME_AND_TOPIC))
            continue
        orphans = [c for c in candidates.get(key, ()) if c.orphan]
        if not by_coauthor and not by_topic and len(orphans) == 1:
            # A record with this name and no works at all (an earlier import left it empty)
            # is taken back rather than a second empty one made.
            result.append((orphans[0].researcher_id, MatchRule.NAME))
            continue
        result.append((None, MatchRule.NEW))
    return result


# ---------------------------------------------------------------------------------------------
# The loader
# ---------------------------------------------------------------------------------------------

_STAGE_SQL = """
CREATE TEMP TABLE IF NOT EXISTS import_stage_work (
    idx int, work_id bigint, openalex_id text, doi text, arxiv_id text, title text,
    abstract text, work_type text, year smallint, month smallint, day smallint, venue text,
    citation_count int, code_url text, authors_truncated boolean, external_ids jsonb, source text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS import_stage_authorship (
    work_id bigint, researcher_id bigint, position smallint, raw_name text,
    institution_id bigint, match_rule text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS import_stage_work_topic (
    work_id bigint, topic_id bigint
) ON COMMIT DELETE ROWS;
"""

_WORK_COLUMNS = (
    "title, abstract, work_type, year, month, day, venue, citation_count, code_url, "
    "authors_truncated"
)

_INSERT_WORKS = f"""
INSERT INTO works_work (openalex_id, doi, arxiv_id, {_WORK_COLUMNS}, external_ids, source,
                        hidden, is_primary_version, created, updated)
SELECT openalex_id, doi, arxiv_id, {_WORK_COLUMNS}, external_ids, source, false, true,
       now(), now()
FROM import_stage_work WHERE work_id IS NULL
ON CONFLICT DO NOTHING
"""

# Same source: its values win. Another source: fill what is missing, keep what is there
# (titles and abstracts stay as first imported; citations take the larger count).
_UPDATE_WORKS = """
WITH incoming AS (
    SELECT w.id,
        CASE WHEN w.source = s.source THEN s.title ELSE w.title END AS title,
        CASE WHEN w.source = s.source OR w.abstract = '' THEN s.abstract ELSE w.abstract END
            AS abstract,
        CASE WHEN w.source = s.source THEN s.work_type ELSE w.work_type END AS work_type,
        CASE WHEN w.source = s.source THEN s.year ELSE w.year END AS year,
        CASE WHEN w.source = s.source THEN s.month ELSE coalesce(w.month, s.month) END AS month,
        CASE WHEN w.source = s.source THEN s.day ELSE coalesce(w.day, s.day) END AS day,
        CASE WHEN w.source = s.source OR w.venue = '' THEN s.venue ELSE w.venue END AS venue,
        CASE WHEN w.source = s.source THEN s.citation_count
             ELSE greatest(w.citation_count, s.citation_count) END AS citation_count,
        CASE WHEN w.code_url = '' THEN s.code_url ELSE w.code_url END AS code_url,
        CASE WHEN w.source = s.source THEN s.authors_truncated ELSE w.authors_truncated END
            AS authors_truncated,
        -- an id another row already holds is not copied: the unique constraints stay whole
        CASE WHEN w.openalex_id IS NULL AND EXISTS (
            SELECT 1 FROM works_work x WHERE x.openalex_id = s.openalex_id)
            THEN NULL ELSE coalesce(w.openalex_id, s.openalex_id) END AS openalex_id,
        CASE WHEN w.arxiv_id IS NULL AND EXISTS (
            SELECT 1 FROM works_work x WHERE x.arxiv_id = s.arxiv_id)
            THEN NULL ELSE coalesce(w.arxiv_id, s.arxiv_id) END AS arxiv_id,
        CASE WHEN w.doi IS NULL AND EXISTS (SELECT 1 FROM works_work x WHERE x.doi = s.doi)
            THEN NULL ELSE coalesce(w.doi, s.doi) END AS doi,
        w.external_ids || s.external_ids AS external_ids
    FROM works_work w JOIN import_stage_work s ON s.work_id = w.id
)
UPDATE works_work w
SET title = i.title, abstract = i.abstract, work_type = i.work_type, year = i.year,
    month = i.month, day = i.day, venue = i.venue, citation_count = i.citation_count,
    code_url = i.code_url, authors_truncated = i.authors_truncated,
    openalex_id = i.openalex_id, arxiv_id = i.arxiv_id, doi = i.doi,
    external_ids = i.external_ids, updated = now()
FROM incoming i
WHERE w.id = i.id
  AND (w.title, w.abstract, w.work_type, w.year, w.month, w.day, w.venue, w.citation_count,
       w.code_url, w.authors_truncated, w.openalex_id, w.arxiv_id, w.doi, w.external_ids)
      IS DISTINCT FROM
      (i.title, i.abstract, i.work_type, i.year, i.month, i.day, i.venue, i.citation_count,
       i.code_url, i.authors_truncated, i.openalex_id, i.arxiv_id, i.doi, i.external_ids)
RETURNING w.id
"""

_UPSERT_AUTHORSHIPS = """
INSERT INTO works_authorship (work_id, researcher_id, position, raw_name, institution_id,
                              match_rule, source, import_run_id)
SELECT DISTINCT ON (work_id, researcher_id) work_id, researcher_id, position, raw_name,
       institution_id, match_rule, %(source)s, %(run)s
FROM import_stage_authorship
ORDER BY work_id, researcher_id, position NULLS LAST
ON CONFLICT (work_id, researcher_id) DO UPDATE
SET position = EXCLUDED.position, raw_name = EXCLUDED.raw_name,
    institution_id = coalesce(EXCLUDED.institution_id, works_authorship.institution_id),
    import_run_id = EXCLUDED.import_run_id
WHERE works_authorship.rejected_at IS NULL AND works_authorship.match_rule <> 'curator'
"""

# Authors this source listed before but no longer lists leave the work (decisions stay).
_DELETE_STALE_AUTHORSHIPS = """
DELETE FROM works_authorship a
WHERE a.work_id IN (SELECT work_id FROM import_stage_work WHERE work_id IS NOT NULL)
  AND a.source = %(source)s AND a.rejected_at IS NULL AND a.match_rule <> 'curator'
  AND NOT EXISTS (SELECT 1 FROM import_stage_authorship s
                  WHERE s.work_id = a.work_id AND s.researcher_id = a.researcher_id)
RETURNING a.researcher_id
"""

_INSERT_WORK_TOPICS = """
INSERT INTO works_work_topics (work_id, topic_id)
SELECT DISTINCT work_id, topic_id FROM import_stage_work_topic
ON CONFLICT DO NOTHING
"""


class Loader:
    def __init__(self, *, source: str, rejects: RejectsFile, arguments: dict | None = None):
        self.source = source
        self.rejects = rejects
        self.stats = ImportStats()
        self.run = ImportRun.objects.create(source=source, arguments=arguments or {})
        self._works: list[tuple[int, WorkRecord]] = []
        self._authors: list[AuthorRecord] = []
        self._seen: dict[str, int] = {}
        self._touched_researchers: set[int] = set()
        self._family_work_ids: set[int] = set()

    # Input

    def start_file(self, *, rejects: RejectsFile, name: str = "") -> None:
        """Next input file: ids repeat legitimately across files (that is an update)."""
        self.flush()
        self.rejects = rejects
        self._seen.clear()

    def reject(self, line_no: int, reason: str, raw: str | bytes, *, counted: bool = False) -> None:
        """Write a bad unit to the rejects file; it counts as read unless `add` counted it."""
        if not counted:
            self.stats.read += 1
        self.stats.rejected += 1
        self.rejects.write(line_no, reason, raw)

    def add(self, line_no: int, record: WorkRecord | AuthorRecord, raw: str | bytes) -> None:
        """Queue one parsed record; a second record with an id seen in this run is rejected."""
        self.stats.read += 1
        if isinstance(record, AuthorRecord):
            keys = [f"author {record.openalex_id}"]
        else:
            keys = [
                f"{kind} {value}"
                for kind, value in (
                    ("OpenAlex id", record.openalex_id),
                    ("arXiv id", record.arxiv_id),
                    ("DOI", record.doi),
                )
                if value
            ]
            if not keys:
                self.reject(
                    line_no, "no identifier (OpenAlex id, arXiv id or DOI)", raw, counted=True
                )
                return
        for key in keys:
            if key in self._seen:
                first = self._seen[key]
                self.reject(line_no, f"duplicate {key} (first on line {first})", raw, counted=True)
                return
        for key in keys:
            self._seen[key] = line_no
        if isinstance(record, AuthorRecord):
            self.stats.authors_read += 1
            self._authors.append(record)
            if len(self._authors) >= BATCH_SIZE:
                self.flush()
        else:
            self._works.append((line_no, record))
            if len(self._works) >= BATCH_SIZE:
                self.flush()

    def flush(self) -> None:
        if self._authors:
            with transaction.atomic():
                self._write_authors(self._authors)
            self._authors = []
        if self._works:
            with transaction.atomic():
                self._write_works([record for _, record in self._works])
            self._works = []

    # Lookups shared by both record kinds

    def _institution_ids(self, refs: Iterable[InstitutionRef]) -> dict[str, int]:
        """Key (OpenAlex id, ROR id or name) -> institution id; creates the missing ones."""
        refs = list({self._inst_key(r): r for r in refs}.values())
        if not refs:
            return {}
        oa = [r.openalex_id for r in refs if r.openalex_id]
        ror = [r.ror_id for r in refs if r.ror_id]
        names = [r.name for r in refs if not r.openalex_id and not r.ror_id]
        found: dict[str, int] = {}
        for inst in Institution.objects.filter(
            Q(openalex_id__in=oa) | Q(ror_id__in=ror) | Q(name__in=names)
        ).only("id", "openalex_id", "ror_id", "name"):
            for key in (inst.openalex_id, inst.ror_id, f"name:{inst.name}"):
                if key:
                    found.setdefault(key, inst.pk)
        missing = [r for r in refs if not self._inst_id(found, r)]
        taken = slugs_taken(Institution, [r.name for r in missing], fallback="institution")
        created = Institution.objects.bulk_create(
            [
                Institution(
                    name=r.name[:300],
                    slug=unique_slug(r.name, taken=taken, fallback="institution"),
                    openalex_id=r.openalex_id,
                    ror_id=r.ror_id,
                    country=r.country[:2],
                )
                for r in missing
            ],
            ignore_conflicts=True,
        )
        if created:
            for inst in Institution.objects.filter(
                Q(openalex_id__in=oa) | Q(ror_id__in=ror) | Q(name__in=[r.name for r in missing])
            ).only("id", "openalex_id", "ror_id", "name"):
                for key in (inst.openalex_id, inst.ror_id, f"name:{inst.name}"):
                    if key:
                        found.setdefault(key, inst.pk)
        return {self._inst_key(r): self._inst_id(found, r) for r in refs}

    @staticmethod
    def _inst_key(ref: InstitutionRef) -> str:
        return ref.openalex_id or ref.ror_id or f"name:{ref.name}"

    @staticmethod
    def _inst_id(found: dict[str, int], ref: InstitutionRef) -> int | None:
        for key in (ref.openalex_id, ref.ror_id, f"name:{ref.name}"):
            if key and key in found:
                return found[key]
        return None

    def _topic_ids(self, refs: Iterable[TopicRef]) -> dict[tuple[str, str], int]:
        refs = list({(r.scheme, r.code): r for r in refs}.values())
        if not refs:
            return {}
        query = Q()
        for r in refs:
            query |= Q(scheme=r.scheme, code=r.code)
        found = {
            (t.scheme, t.code): t.pk
            for t in Topic.objects.filter(query).only("id", "scheme", "code")
        }
        missing = [r for r in refs if (r.scheme, r.code) not in found]
        if missing:

            def slug_name(r: TopicRef) -> str:
                # Names repeat across schemes and codes ("Machine Learning"); arXiv codes do not.
                return r.code.replace(".", "-") if r.scheme == "arxiv" else r.name

            taken = slugs_taken(Topic, [slug_name(r) for r in missing], fallback="topic")
            Topic.objects.bulk_create(
                [
                    Topic(
                        scheme=r.scheme,
                        code=r.code,
                        name=r.name[:200],
                        slug=unique_slug(slug_name(r), taken=taken, fallback="topic"),
                    )
                    for r in missing
                ],
                ignore_conflicts=True,
            )
            found |= {
                (t.scheme, t.code): t.pk
                for t in Topic.objects.filter(query).only("id", "scheme", "code")
            }
        return found

    def _create_researchers(self, rows: list[dict]) -> list[Researcher]:
        """New researcher records (imported, L1); slugs from names, made unique."""
        taken = slugs_taken(Researcher, [r["display_name"] for r in rows], fallback="researcher")
        created = Researcher.objects.bulk_create(
            [
                Researcher(
                    display_name=row["display_name"][:300],
                    slug=unique_slug(row["display_name"], taken=taken, fallback="researcher"),
                    name_keys=researcher_name_keys(
                        row["display_name"], row.get("alternatives", ())
                    ),
                    openalex_id=row.get("openalex_id"),
                    orcid=row.get("orcid"),
                    source=self.source,
                    affiliation_id=row.get("affiliation_id"),
                )
                for row in rows
            ]
        )
        self.stats.researchers_created += len(created)
        return created

    # Authors (OpenAlex author entities)

    def _write_authors(self, records: list[AuthorRecord]) -> None:
        institutions = self._institution_ids(
            ref for r in records for ref in r.last_known_institutions[:1]
        )
        existing = {
            r.openalex_id: r
            for r in Researcher.objects.filter(openalex_id__in=[rec.openalex_id for rec in records])
        }
        orcids_taken = set(
            Researcher.objects.filter(
                orcid__in=[rec.orcid for rec in records if rec.orcid]
            ).values_list("orcid", flat=True)
        )
        new_rows = []
        for rec in records:
            if rec.openalex_id in existing:
                continue
            affiliation = rec.last_known_institutions[:1]
            orcid = rec.orcid if rec.orcid and rec.orcid not in orcids_taken else None
            if orcid:
                orcids_taken.add(orcid)
            new_rows.append(
                {
                    "display_name": rec.display_name,
                    "alternatives": rec.alternative_names,
                    "openalex_id": rec.openalex_id,
                    "orcid": orcid,
                    "affiliation_id": institutions.get(self._inst_key(affiliation[0]))
                    if affiliation
                    else None,
                }
            )
        new_ids = set()
        for researcher in self._create_researchers(new_rows):
            existing[researcher.openalex_id] = researcher
            new_ids.add(researcher.openalex_id)
        changed = []
        for rec in records:
            researcher = existing[rec.openalex_id]
            before = (
                researcher.reported_h_index,
                researcher.reported_i10_index,
                researcher.reported_citations,
                researcher.reported_works_count,
                researcher.name_keys,
            )
            researcher.reported_h_index = rec.h_index
            researcher.reported_i10_index = rec.i10_index
            researcher.reported_citations = rec.cited_by_count
            researcher.reported_works_count = rec.works_count
            researcher.reported_source = "OpenAlex"
            researcher.reported_on = _iso_date(rec.updated_date) or date.today()
            # Alternative spellings help match id-less authors later; never shown.
            researcher.name_keys = list(
                dict.fromkeys(
                    [
                        *researcher.name_keys,
                        *researcher_name_keys(rec.display_name, rec.alternative_names),
                    ]
                )
            )
            if not researcher.is_claimed:
                if not researcher.orcid and rec.orcid and rec.orcid not in orcids_taken:
                    researcher.orcid = rec.orcid
                    orcids_taken.add(rec.orcid)
                if researcher.affiliation_id is None and rec.last_known_institutions:
                    researcher.affiliation_id = institutions.get(
                        self._inst_key(rec.last_known_institutions[0])
                    )
            after = (
                researcher.reported_h_index,
                researcher.reported_i10_index,
                researcher.reported_citations,
                researcher.reported_works_count,
                researcher.name_keys,
            )
            if rec.openalex_id in new_ids:
                self.stats.created += 1
                changed.append(researcher)
            elif before != after:
                self.stats.updated += 1
                changed.append(researcher)
            else:
                self.stats.unchanged += 1
        _copy_update(
            "profiles_researcher",
            [
                ("reported_h_index", "integer"),
                ("reported_i10_index", "integer"),
                ("reported_citations", "integer"),
                ("reported_works_count", "integer"),
                ("reported_source", "text"),
                ("reported_on", "date"),
                ("name_keys", "varchar[]"),
                ("orcid", "text"),
                ("affiliation_id", "bigint"),
            ],
            [
                (
                    r.pk, r.reported_h_index, r.reported_i10_index, r.reported_citations,
                    r.reported_works_count, r.reported_source, r.reported_on, r.name_keys,
                    r.orcid, r.affiliation_id,
                )
                for r in changed
            ],
        )  # fmt: skip

    # Works

    def _work_ids(self, records: list[WorkRecord]) -> list[int | None]:
        """The existing row of each record: same OpenAlex id, else arXiv id, else DOI."""
        oa = [r.openalex_id for r in records if r.openalex_id]
        ax = [r.arxiv_id for r in records if r.arxiv_id]
        doi = [r.doi for r in records if r.doi]
        by = {"oa": {}, "ax": {}, "doi": {}}
        for pk, o, a, d in Work.objects.filter(
            Q(openalex_id__in=oa) | Q(arxiv_id__in=ax) | Q(doi__in=doi)
        ).values_list("id", "openalex_id", "arxiv_id", "doi"):
            if o:
                by["oa"][o] = pk
            if a:
                by["ax"][a] = pk
            if d:
                by["doi"][d] = pk
        return [
            by["oa"].get(r.openalex_id) or by["ax"].get(r.arxiv_id) or by["doi"].get(r.doi)
            for r in records
        ]

    def _write_works(self, records: list[WorkRecord]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(_STAGE_SQL)
            # Empty even inside an outer transaction (ON COMMIT only empties at commit).
            cursor.execute(
                "TRUNCATE import_stage_work, import_stage_authorship, import_stage_work_topic"
            )
        work_ids = self._work_ids(records)
        existed = [pk is not None for pk in work_ids]
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY import_stage_work (idx, work_id, openalex_id, doi, arxiv_id, title, "
                "abstract, work_type, year, month, day, venue, citation_count, code_url, "
                "authors_truncated, external_ids, source) FROM STDIN"
            ) as copy:
                for i, (pk, r) in enumerate(zip(work_ids, records, strict=True)):
                    external = dict(r.external_ids)
                    if r.related_dois:
                        external["related_dois"] = r.related_dois
                    if r.related_arxiv_ids:
                        external["related_arxiv_ids"] = r.related_arxiv_ids
                    copy.write_row(
                        (
                            i, pk, r.openalex_id, r.doi, r.arxiv_id, r.title, r.abstract,
                            r.work_type, r.year, r.month, r.day, r.venue[:300],
                            r.citation_count, r.code_url[:500], r.authors_truncated,
                            json.dumps(external), self.source,
                        )
                    )  # fmt: skip
            cursor.execute(_INSERT_WORKS)
            cursor.execute(_UPDATE_WORKS)
            updated = {row[0] for row in cursor.fetchall()}
        # Rows created just now (or by a concurrent run: ON CONFLICT left them) get their ids.
        work_ids = self._work_ids(records)
        for was_there, pk in zip(existed, work_ids, strict=True):
            if not was_there:
                self.stats.created += 1
            elif pk in updated:
                self.stats.updated += 1
            else:
                self.stats.unchanged += 1
        rows = [(pk, r) for pk, r in zip(work_ids, records, strict=True) if pk is not None]
        self._write_authorships(rows)
        for pk, r in rows:
            if r.related_dois or r.related_arxiv_ids or r.doi or r.arxiv_id:
                self._family_work_ids.add(pk)

    def _write_authorships(self, rows: list[tuple[int, WorkRecord]]) -> None:
        authors = [a for _, r in rows for a in r.authors]
        institutions = self._institution_ids(ref for a in authors for ref in a.institutions[:1])
        topics = self._topic_ids(t for _, r in rows for t in r.topics)
        researcher_of = self._resolve_researchers(rows)
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY import_stage_authorship (work_id, researcher_id, position, raw_name, "
                "institution_id, match_rule) FROM STDIN"
            ) as copy:
                for (pk, r), resolved in zip(rows, researcher_of, strict=True):
                    for author, (researcher_id, rule) in zip(r.authors, resolved, strict=True):
                        institution = (
                            institutions.get(self._inst_key(author.institutions[0]))
                            if author.institutions
                            else None
                        )
                        copy.write_row(
                            (
                                pk,
                                researcher_id,
                                author.position,
                                author.name[:300],
                                institution,
                                rule,
                            )
                        )
                        self._touched_researchers.add(researcher_id)
            with cursor.copy("COPY import_stage_work_topic (work_id, topic_id) FROM STDIN") as copy:
                for pk, r in rows:
                    for t in r.topics:
                        copy.write_row((pk, topics[(t.scheme, t.code)]))
            params = {"source": self.source, "run": self.run.pk}
            cursor.execute(_DELETE_STALE_AUTHORSHIPS, params)
            self._touched_researchers.update(row[0] for row in cursor.fetchall())
            cursor.execute(_UPSERT_AUTHORSHIPS, params)
            cursor.execute(_INSERT_WORK_TOPICS)

    def _resolve_researchers(
        self, rows: list[tuple[int, WorkRecord]]
    ) -> list[list[tuple[int, str]]]:
        """For each work, each author's researcher id and the rule that found it."""
        authors = [a for _, r in rows for a in r.authors]
        # 1. By source author id, then by ORCID.
        by_oa = dict(
            Researcher.objects.filter(
                openalex_id__in={a.openalex_id for a in authors if a.openalex_id}
            ).values_list("openalex_id", "id")
        )
        by_orcid = dict(
            Researcher.objects.filter(
                orcid__in={a.orcid for a in authors if a.orcid and a.openalex_id not in by_oa}
            ).values_list("orcid", "id")
        )
        new_by_oa = {}
        for a in authors:
            if a.openalex_id and a.openalex_id not in by_oa and a.orcid not in by_orcid:
                new_by_oa.setdefault(
                    a.openalex_id,
                    {
                        "display_name": a.display_name or a.name,
                        "openalex_id": a.openalex_id,
                        "orcid": None,  # set below when free
                        "alternatives": [a.name],
                        "_orcid": a.orcid,
                    },
                )
        free_orcids = set()
        for row in new_by_oa.values():
            if row["_orcid"] and row["_orcid"] not in by_orcid and row["_orcid"] not in free_orcids:
                row["orcid"] = row["_orcid"]
                free_orcids.add(row["_orcid"])
        for researcher in self._create_researchers(list(new_by_oa.values())):
            by_oa[researcher.openalex_id] = researcher.pk

        # 2. Id-less authors: the name rule, work by work, with this work's existing authors
        # kept. A name that matches nobody gets a placeholder (negative) id that later works in
        # the batch can match by the same rule, so one new person is one new record.
        def idless(a: AuthorRef) -> bool:
            return not a.openalex_id and not (a.orcid and a.orcid in by_orcid)

        candidates = self._name_candidates({name_key(a.name) for a in authors if idless(a)})
        known_by_work: dict[int, dict[str, int]] = defaultdict(dict)
        known_positions: dict[int, dict[int, tuple[str, int]]] = defaultdict(dict)
        for work_id, researcher_id, raw_name, position in Authorship.objects.filter(
            work_id__in=[pk for pk, _ in rows]
        ).values_list("work_id", "researcher_id", "raw_name", "position"):
            known_by_work[work_id][name_key(raw_name)] = researcher_id
            if position:
                known_positions[work_id][position] = (name_key(raw_name), researcher_id)
        placeholders: dict[int, str] = {}
        result: list[list[tuple[int, str]]] = []
        for pk, r in rows:
            topic_codes = {t.code for t in r.topics}
            matches = iter(
                match_authors(
                    [a for a in r.authors if idless(a)],
                    topic_codes=topic_codes,
                    candidates=candidates,
                    known=known_by_work.get(pk, {}),
                    known_positions=known_positions.get(pk, {}),
                )
            )
            resolved: list[tuple[int, str]] = []
            for a in r.authors:
                if a.openalex_id:
                    resolved.append((by_oa[a.openalex_id], MatchRule.SOURCE_ID))
                elif a.orcid and a.orcid in by_orcid:
                    resolved.append((by_orcid[a.orcid], MatchRule.ORCID))
                else:
                    researcher_id, rule = next(matches)
                    if researcher_id is None:
                        researcher_id = -(len(placeholders) + 1)
                        placeholders[researcher_id] = a.name
                    resolved.append((researcher_id, rule))
            # What this work teaches about its id-less authors, for the works after it.
            on_work = {researcher_id for researcher_id, _ in resolved}
            for a, (researcher_id, _) in zip(r.authors, resolved, strict=True):
                if not idless(a):
                    continue
                key = name_key(a.name)
                candidate = next(
                    (c for c in candidates[key] if c.researcher_id == researcher_id), None
                )
                if candidate is None:
                    candidate = Candidate(researcher_id)
                    candidates[key].append(candidate)
                candidate.coauthors |= on_work - {researcher_id}
                candidate.topics |= topic_codes
            result.append(resolved)
        # 3. New records for the placeholders.
        created = self._create_researchers(
            [{"display_name": name} for name in placeholders.values()]
        )
        real = {pid: c.pk for pid, c in zip(placeholders, created, strict=True)}
        return [
            [(real.get(researcher_id, researcher_id), rule) for researcher_id, rule in resolved]
            for resolved in result
        ]

    def _name_candidates(self, keys: set[str]) -> dict[str, list[Candidate]]:
        """Existing researchers by name key, with their co-authors and topic codes (4 queries)."""
        keys.discard("")
        if not keys:
            return {}
        rows = list(
            Researcher.objects.filter(name_keys__overlap=list(keys)).values_list(
                "id", "name_keys", "claimed_by_id"
            )
        )
        by_id = {pk: Candidate(pk) for pk, _, _ in rows}
        unclaimed = {pk for pk, _, owner in rows if owner is None}
        if by_id:
            ids = list(by_id)
            for a, b in CollaborationEdge.objects.filter(
                Q(researcher_a_id__in=ids) | Q(researcher_b_id__in=ids)
            ).values_list("researcher_a_id", "researcher_b_id"):
                if a in by_id:
                    by_id[a].coauthors.add(b)
                if b in by_id:
                    by_id[b].coauthors.add(a)
            with_works = set(
                Authorship.objects.filter(researcher_id__in=ids).values_list(
                    "researcher_id", flat=True
                )
            )
            for pk in ids:
                by_id[pk].orphan = pk not in with_works and pk in unclaimed
            for researcher_id, code in (
                Authorship.objects.filter(researcher_id__in=ids, rejected_at__isnull=True)
                .values_list("researcher_id", "work__topics__code")
                .distinct()
            ):
                if code:
                    by_id[researcher_id].topics.add(code)
        candidates: dict[str, list[Candidate]] = defaultdict(list)
        for pk, name_keys, _ in rows:
            for key in name_keys:
                if key in keys:
                    candidates[key].append(by_id[pk])
        return candidates

    # The end of a run

    def finish(self) -> ImportStats:
        """Link families, refresh counters and edges, and mark the run finished."""
        self.flush()
        regrouped = self._link_families()
        self._touched_researchers.update(
            Authorship.objects.filter(work_id__in=regrouped)
            .values_list("researcher_id", flat=True)
            .distinct()
        )
        unfinished = list(
            ImportRun.objects.filter(finished__isnull=True).values_list("id", flat=True)
        )
        touched = set(self._touched_researchers)
        touched.update(
            Authorship.objects.filter(import_run_id__in=unfinished)
            .values_list("researcher_id", flat=True)
            .distinct()
        )
        authorships_changed_in_bulk(researcher_ids=touched)
        ImportRun.objects.filter(pk__in=unfinished).update(
            finished=timezone.now(), stats=self.stats.__dict__
        )
        return self.stats

    def _link_families(self) -> list[int]:
        """Versions of one paper (linked by DOI / arXiv id in either record) share a family.

        The published version (not a preprint) is the primary one, shown in lists; the others
        are listed on its page.
        """
        ids = sorted(self._family_work_ids)
        if not ids:
            return []
        # One pass over the works that name other versions, joined on the indexed doi /
        # arxiv_id columns, kept when either end was touched by this run.
        with connection.cursor() as cursor:
            cursor.execute(
                """
                WITH touched AS (SELECT DISTINCT unnest(%(ids)s::bigint[]) AS id),
                links AS (
                    SELECT a.id AS a_id, b.id AS b_id FROM works_work a
                    CROSS JOIN LATERAL
                        jsonb_array_elements_text(a.external_ids -> 'related_dois') d(v)
                    JOIN works_work b ON b.doi = d.v
                    WHERE jsonb_typeof(a.external_ids -> 'related_dois') = 'array'
                    UNION
                    SELECT a.id, b.id FROM works_work a
                    CROSS JOIN LATERAL
                        jsonb_array_elements_text(a.external_ids -> 'related_arxiv_ids') d(v)
                    JOIN works_work b ON b.arxiv_id = d.v
                    WHERE jsonb_typeof(a.external_ids -> 'related_arxiv_ids') = 'array'
                )
                -- Joins, not "IN (…) OR IN (…)": with a million ids an IN list no longer fits
                -- in work_mem as a hash and PostgreSQL falls back to scanning it per row.
                SELECT l.a_id, l.b_id FROM links l JOIN touched t ON t.id = l.a_id
                WHERE l.a_id <> l.b_id
                UNION
                SELECT l.a_id, l.b_id FROM links l JOIN touched t ON t.id = l.b_id
                WHERE l.a_id <> l.b_id
                """,
                {"ids": ids},
            )
            pairs = set(cursor.fetchall())
        if not pairs:
            return []
        with transaction.atomic():
            return _families_join(pairs)


def _families_join(pairs: set[tuple[int, int]]) -> list[int]:
    """Union the pairs into families; return the ids of works whose family or role changed."""
    members = {w for pair in pairs for w in pair}
    family_ids = Work.objects.filter(pk__in=members, family__isnull=False).values("family_id")
    works = {
        w.pk: w
        for w in Work.objects.select_for_update().filter(
            Q(pk__in=members) | Q(family_id__in=family_ids)
        )
    }
    parent = {pk: pk for pk in works}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_of_family: dict[int, int] = {}
    for w in works.values():  # works already in one family belong together
        if w.family_id is not None:
            first = first_of_family.setdefault(w.family_id, w.pk)
            parent[root(w.pk)] = root(first)
    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[int, list[Work]] = defaultdict(list)
    for pk, w in works.items():
        groups[root(pk)].append(w)
    changed = []
    for group in groups.values():
        if len(group) < 2:
            continue
        family_id = min((w.family_id for w in group if w.family_id), default=None)
        if family_id is None:
            family_id = WorkFamily.objects.create().pk
        published = sorted(group, key=lambda w: (w.work_type == "preprint", w.hidden, w.pk))
        for w in group:
            primary = w is published[0]
            if w.family_id != family_id or w.is_primary_version != primary:
                w.family_id, w.is_primary_version = family_id, primary
                changed.append(w)
    _copy_update(
        "works_work",
        [("family_id", "bigint"), ("is_primary_version", "boolean")],
        [(w.pk, w.family_id, w.is_primary_version) for w in changed],
    )
    WorkFamily.objects.filter(works__isnull=True).delete()
    return [w.pk for w in changed]


def _copy_update(table: str, columns: list[tuple[str, str]], rows: list[tuple]) -> None:
    """UPDATE many rows by id through COPY into a temporary table: one statement, not a
    CASE expression per row (Django's bulk_update), which is slow for thousands of rows."""
    if not rows:
        return
    stage = f"import_update_{table}"
    names = ", ".join(name for name, _ in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} (id bigint, "
            + ", ".join(f"{name} {kind}" for name, kind in columns)
            + ") ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.copy(f"COPY {stage} (id, {names}) FROM STDIN") as copy:
            copy.set_types(["bigint", *(kind for _, kind in columns)])
            for row in rows:
                copy.write_row(row)
        assignments = ", ".join(f"{name} = s.{name}" for name, _ in columns)
        cursor.execute(f"UPDATE {table} t SET {assignments} FROM {stage} s WHERE t.id = s.id")


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
