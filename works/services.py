"""Writes to works and the counters derived from them."""

from collections.abc import Iterable

from django.db import connection, transaction

# h-index: the largest h such that h works have at least h citations each. Ranking works by
# citations, a work at rank r counts towards h when its citations >= r.
_STATS_SQL = """
WITH active AS (
    SELECT a.researcher_id, w.id AS work_id, w.citation_count,
           row_number() OVER (PARTITION BY a.researcher_id ORDER BY w.citation_count DESC) AS rank
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    WHERE a.researcher_id = ANY(%(ids)s) AND a.rejected_at IS NULL
      AND NOT w.hidden AND w.is_primary_version
), stats AS (
    SELECT researcher_id,
           count(*) AS works,
           coalesce(sum(citation_count), 0) AS citations,
           count(*) FILTER (WHERE citation_count >= rank) AS h_index,
           count(*) FILTER (WHERE citation_count >= 10) AS i10_index
    FROM active GROUP BY researcher_id
), topics AS (
    SELECT a.researcher_id, count(DISTINCT wt.topic_id) AS topics
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    JOIN works_work_topics wt ON wt.work_id = w.id
    WHERE a.researcher_id = ANY(%(ids)s) AND a.rejected_at IS NULL
      AND NOT w.hidden AND w.is_primary_version
    GROUP BY a.researcher_id
)
UPDATE profiles_researcher r
SET works_count = coalesce(s.works, 0),
    citations_count = coalesce(s.citations, 0),
    h_index = coalesce(s.h_index, 0),
    i10_index = coalesce(s.i10_index, 0),
    topics_count = coalesce(t.topics, 0),
    updated = clock_timestamp()
FROM profiles_researcher r2
LEFT JOIN stats s ON s.researcher_id = r2.id
LEFT JOIN topics t ON t.researcher_id = r2.id
WHERE r.id = r2.id AND r2.id = ANY(%(ids)s)
"""


@transaction.atomic
def researcher_stats_refresh(*, researcher_ids: Iterable[int]) -> None:
    """Recompute works/citations/h-index/i10/topics counters for these researchers.

    Set-based: one statement whatever the number of researchers or works.
    """
    ids = list(researcher_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_STATS_SQL, {"ids": ids})
