"""Write parsed records to the database in batches: COPY into staging tables, then set-based SQL.

One `Loader` per import run. Feed it records with `add()` (and bad input with `reject()`); every
BATCH_SIZE works it writes a batch in its own transaction:

1. institutions, topics and researchers are resolved to ids (a few queries per batch, never one
   per record); authors without a source id are matched by the documented name rule
   (ingest.matching), or become new records;
2. the works are COPYed into a staging table and upserted by works.bulk (new ones inserted,
   changed ones updated, unchanged rows not even rewritten);
3. authorships and work topics go the same way; a rejected authorship ("not mine") or a curator's
   one is never touched, so no later import undoes a person's decision.

`finish()` links work families (works.bulk) and ends in works.services.authorships_changed_in_bulk
for every researcher the run touched — including those of an earlier run that was interrupted
before its own `finish()`, so a re-run completes an interrupted load.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bzpeer.bulk import copy_update
from bzpeer.text import name_key, not_a_person, slugs_taken, unique_slug
from ingest.matching import (
    alternatives_sane,
    candidate_learn,
    match_authors,
    name_candidates,
)
from ingest.records import AuthorRecord, AuthorRef, WorkRecord
from ingest.refs import institution_ids, institution_key, topic_ids
from profiles.models import Researcher, researcher_name_keys
from works import bulk
from works.models import LARGE_TEAM, Authorship, ImportRun, Work
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
# The loader
# ---------------------------------------------------------------------------------------------


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

    # Researchers

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
            ],
            # One INSERT per BATCH_SIZE rows: a large collaboration brings thousands of new
            # names, and one statement for all of them costs a gigabyte to build.
            batch_size=BATCH_SIZE,
        )
        self.stats.researchers_created += len(created)
        return created

    # Authors (OpenAlex author entities)

    def _write_authors(self, records: list[AuthorRecord]) -> None:
        institutions = institution_ids(
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
                    "alternatives": alternatives_sane(rec.display_name, rec.alternative_names),
                    "openalex_id": rec.openalex_id,
                    "orcid": orcid,
                    "affiliation_id": institutions.get(institution_key(affiliation[0]))
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
                        *researcher_name_keys(
                            rec.display_name,
                            alternatives_sane(rec.display_name, rec.alternative_names),
                        ),
                    ]
                )
            )
            if not researcher.is_claimed:
                if not researcher.orcid and rec.orcid and rec.orcid not in orcids_taken:
                    researcher.orcid = rec.orcid
                    orcids_taken.add(rec.orcid)
                if researcher.affiliation_id is None and rec.last_known_institutions:
                    researcher.affiliation_id = institutions.get(
                        institution_key(rec.last_known_institutions[0])
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
        copy_update(
            Researcher,
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
        bulk.stage_begin()
        work_ids = self._work_ids(records)
        existed = [pk is not None for pk in work_ids]
        bulk.stage_works(
            (
                i, pk, r.openalex_id, r.doi, r.arxiv_id, r.title, r.abstract, r.work_type,
                r.year, r.month, r.day, r.venue[:300], r.citation_count, r.code_url[:500],
                r.authors_truncated, _external_ids(r), self.source,
            )
            for i, (pk, r) in enumerate(zip(work_ids, records, strict=True))
        )  # fmt: skip
        updated = bulk.works_upsert_staged()
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
        institutions = institution_ids(ref for a in authors for ref in a.institutions[:1])
        topics = topic_ids(t for _, r in rows for t in r.topics)
        researcher_of = self._resolve_researchers(rows)
        rows_out = []
        for (pk, r), resolved in zip(rows, researcher_of, strict=True):
            for author, (researcher_id, rule) in zip(r.authors, resolved, strict=True):
                institution = (
                    institutions.get(institution_key(author.institutions[0]))
                    if author.institutions
                    else None
                )
                rows_out.append(
                    (pk, researcher_id, author.position, author.name[:300], institution, rule)
                )
                self._touched_researchers.add(researcher_id)
        bulk.stage_authorships(rows_out)
        bulk.stage_work_topics((pk, topics[(t.scheme, t.code)]) for pk, r in rows for t in r.topics)
        dropped = bulk.authorships_upsert_staged(source=self.source, run_id=self.run.pk)
        self._touched_researchers.update(dropped)

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
                        "alternatives": alternatives_sane(a.display_name or a.name, [a.name]),
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

        candidates = name_candidates({name_key(a.name) for a in authors if idless(a)})
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
                    team_size=len(r.authors),
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
            # What this work teaches about its id-less authors, for the works after it (its
            # co-authors only when it is no large collaboration: see match_authors).
            on_work = (
                {researcher_id for researcher_id, _ in resolved}
                if len(r.authors) <= LARGE_TEAM
                else set()
            )
            for a, (researcher_id, _) in zip(r.authors, resolved, strict=True):
                if not idless(a) or not_a_person(a.name):
                    continue
                key = name_key(a.name)
                candidate = candidate_learn(candidates, key, researcher_id)
                candidate.coauthors |= on_work - {researcher_id}
                candidate.topics |= topic_codes
                candidate.institutions |= {institution_key(ref) for ref in a.institutions}
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
        pairs = bulk.family_pairs_touching(ids)
        return bulk.families_join(pairs) if pairs else []


def _external_ids(record: WorkRecord) -> dict:
    external = dict(record.external_ids)
    if record.related_dois:
        external["related_dois"] = record.related_dois
    if record.related_arxiv_ids:
        external["related_arxiv_ids"] = record.related_arxiv_ids
    return external


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
