"""Set-based writes of works, authorships and work topics for bulk loaders (ingest).

The SQL that writes the works app's tables lives here, with the app that owns them; the loader
(ingest.loader) parses, matches authors and hands rows over. A batch goes:

    stage_begin()                                 # empty temporary staging tables
    stage_works(rows); works_upsert_staged()      # COPY, then INSERT new / UPDATE changed
    stage_authorships(rows); stage_work_topics(rows)
    authorships_upsert_staged(source=, run_id=)   # a "not mine" or a curator's row is never touched

Derived state (counters, edges) is not written here: the loader ends a run with
works.services.authorships_changed_in_bulk, like every other write path.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q

from bzpeer.bulk import copy_update
from works.models import Work, WorkFamily

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


def stage_begin() -> None:
    """Create (once per connection) and empty the staging tables for one batch."""
    with connection.cursor() as cursor:
        cursor.execute(_STAGE_SQL)
        # Empty even inside an outer transaction (ON COMMIT only empties at commit).
        cursor.execute(
            "TRUNCATE import_stage_work, import_stage_authorship, import_stage_work_topic"
        )


# (idx, work_id or None, openalex_id, doi, arxiv_id, title, abstract, work_type, year, month,
#  day, venue, citation_count, code_url, authors_truncated, external_ids (dict), source)
STAGED_WORK_COLUMNS = (
    "idx, work_id, openalex_id, doi, arxiv_id, title, abstract, work_type, year, month, day, "
    "venue, citation_count, code_url, authors_truncated, external_ids, source"
)


def _copy_rows(statement: str, rows: Iterable[tuple]) -> None:
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def stage_works(rows: Iterable[tuple]) -> None:
    _copy_rows(
        f"COPY import_stage_work ({STAGED_WORK_COLUMNS}) FROM STDIN",
        ((*head, json.dumps(external_ids), source) for *head, external_ids, source in rows),
    )


def works_upsert_staged() -> set[int]:
    """Insert the staged works that are new, update the changed ones; return updated ids."""
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_WORKS)
        cursor.execute(_UPDATE_WORKS)
        return {row[0] for row in cursor.fetchall()}


def stage_authorships(rows: Iterable[tuple]) -> None:
    """(work_id, researcher_id, position, raw_name, institution_id, match_rule) rows."""
    _copy_rows(
        "COPY import_stage_authorship (work_id, researcher_id, position, raw_name, "
        "institution_id, match_rule) FROM STDIN",
        rows,
    )


def stage_work_topics(rows: Iterable[tuple[int, int]]) -> None:
    _copy_rows("COPY import_stage_work_topic (work_id, topic_id) FROM STDIN", rows)


def authorships_upsert_staged(*, source: str, run_id: int) -> set[int]:
    """Write the staged authorships and topics of the staged works; return the researchers
    who lost a work because this source no longer lists them."""
    params = {"source": source, "run": run_id}
    with connection.cursor() as cursor:
        cursor.execute(_DELETE_STALE_AUTHORSHIPS, params)
        dropped = {row[0] for row in cursor.fetchall()}
        cursor.execute(_UPSERT_AUTHORSHIPS, params)
        cursor.execute(_INSERT_WORK_TOPICS)
    return dropped


# --- work families --------------------------------------------------------------------------

_FAMILY_PAIRS_SQL = """
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
"""


def family_pairs_touching(work_ids: Iterable[int]) -> set[tuple[int, int]]:
    """Pairs of works that name each other as versions (DOI / arXiv id in either record),
    where either end is one of `work_ids`."""
    ids = sorted(set(work_ids))
    if not ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(_FAMILY_PAIRS_SQL, {"ids": ids})
        return set(cursor.fetchall())


@transaction.atomic
def families_join(pairs: set[tuple[int, int]]) -> list[int]:
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
    copy_update(
        Work,
        [("family_id", "bigint"), ("is_primary_version", "boolean")],
        [(w.pk, w.family_id, w.is_primary_version) for w in changed],
    )
    WorkFamily.objects.filter(works__isnull=True).delete()
    return [w.pk for w in changed]
