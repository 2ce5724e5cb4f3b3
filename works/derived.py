"""Derived state: the counters on researchers and the collaboration edges, recounted in SQL.

Private to the works app: callers use `works.services.authorships_changed` (and the services
built on it), never these functions, so every write path recounts the same things.

Counters (works, citations, h-index, i10, topics) count the researcher's *counted*
authorships (works.models.COUNTED_AUTHORSHIP: not marked "not mine", on a work nobody hid, the
primary version of its family). An edge (researcher_a < researcher_b) counts the counted works
the two share, with the first and last year of those works; works with more than LARGE_TEAM
authors (large collaborations) add no edges.
`Researcher.close_collaborators_count` counts the edges with at least
CLOSE_COLLABORATOR_MIN_SHARED shared works.

- researcher_stats_refresh / edges_refresh(researcher_ids=...): incremental, for write paths.
  Recount only these researchers (and the edges touching them); unchanged rows are not written.
- derived_verify() / derived_rebuild(): a from-scratch recount of the whole graph and every
  counter, diffed against the tables (`manage.py edges_rebuild [--verify]`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from works.models import CLOSE_COLLABORATOR_MIN_SHARED, LARGE_TEAM, counted_sql

STAT_FIELDS = ["works_count", "citations_count", "h_index", "i10_index", "topics_count"]


def _stats_truth(where: str) -> str:
    """CTE `truth`: the counters recounted from counted authorships, for researchers `where`.

    h-index: the largest h such that h works have at least h citations each. Ranking works by
    citations, a work at rank r counts towards h when its citations >= r.
    """
    return f"""
counted AS (
    SELECT a.researcher_id, w.id AS work_id, w.citation_count,
           row_number() OVER (PARTITION BY a.researcher_id ORDER BY w.citation_count DESC) AS rank
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    WHERE {where} AND {counted_sql()}
), stats AS (
    SELECT researcher_id,
           count(*) AS works,
           coalesce(sum(citation_count), 0) AS citations,
           count(*) FILTER (WHERE citation_count >= rank) AS h_index,
           count(*) FILTER (WHERE citation_count >= 10) AS i10_index
    FROM counted GROUP BY researcher_id
), topics AS (
    SELECT a.researcher_id, count(DISTINCT wt.topic_id) AS topics
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    JOIN works_work_topics wt ON wt.work_id = w.id
    WHERE {where} AND {counted_sql()}
    GROUP BY a.researcher_id
), truth AS (
    SELECT r.id, coalesce(s.works, 0) AS works_count,
           coalesce(s.citations, 0) AS citations_count, coalesce(s.h_index, 0) AS h_index,
           coalesce(s.i10_index, 0) AS i10_index, coalesce(t.topics, 0) AS topics_count
    FROM profiles_researcher r
    LEFT JOIN stats s ON s.researcher_id = r.id
    LEFT JOIN topics t ON t.researcher_id = r.id
    WHERE {where.replace("a.researcher_id", "r.id")}
)"""


_STORED = ", ".join(f"r.{f}" for f in STAT_FIELDS)
_TRUE = ", ".join(f"t.{f}" for f in STAT_FIELDS)
_STATS_SQL = f"""
WITH {_stats_truth("a.researcher_id = ANY(%(ids)s)")}
UPDATE profiles_researcher r
SET {", ".join(f"{f} = t.{f}" for f in STAT_FIELDS)}, updated = clock_timestamp()
FROM truth t
WHERE r.id = t.id
"""
_STATS_DIFF_SQL = f"""
WITH {_stats_truth("TRUE")}
SELECT r.id, {_STORED}, {_TRUE}
FROM profiles_researcher r JOIN truth t ON t.id = r.id
WHERE ({_STORED}) IS DISTINCT FROM ({_TRUE})
ORDER BY r.id
"""
_STATS_FIX_SQL = f"""
WITH {_stats_truth("TRUE")}
UPDATE profiles_researcher r
SET {", ".join(f"{f} = t.{f}" for f in STAT_FIELDS)}, updated = clock_timestamp()
FROM truth t
WHERE r.id = t.id AND ({_STORED}) IS DISTINCT FROM ({_TRUE})
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


# The true edges touching %(ids)s, recounted from the works of those researchers only: the
# active works of `ids`, every active co-author pair on them that involves one of `ids`.
# `ids` is a table, not `= ANY(array)` in row filters: PostgreSQL hashes an IN (subquery) but
# scans an array for every row, which made a 10,000-researcher import refresh take minutes.
_FRESH_EDGES_CTE = f"""
ids AS (
    SELECT DISTINCT unnest(%(ids)s::bigint[]) AS id
), my_works AS (
    SELECT DISTINCT a.work_id
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    WHERE a.researcher_id IN (SELECT id FROM ids) AND {counted_sql()}
), team_works AS (
    -- Large collaborations add no pairs (works.models.LARGE_TEAM); each work counted once.
    SELECT m.work_id FROM my_works m
    WHERE (SELECT count(*) FROM works_authorship t WHERE t.work_id = m.work_id) <= {LARGE_TEAM}
), fresh AS (
    SELECT x.researcher_id AS researcher_a_id, y.researcher_id AS researcher_b_id,
           count(*) AS shared_works, min(w.year) AS first_year, max(w.year) AS last_year
    FROM team_works m
    JOIN works_work w ON w.id = m.work_id
    JOIN works_authorship x ON x.work_id = m.work_id AND x.rejected_at IS NULL
    JOIN works_authorship y ON y.work_id = m.work_id AND y.rejected_at IS NULL
         AND x.researcher_id < y.researcher_id
    WHERE x.researcher_id IN (SELECT id FROM ids) OR y.researcher_id IN (SELECT id FROM ids)
    GROUP BY x.researcher_id, y.researcher_id
)
"""


def _upsert_edges(source: str, returning: str) -> str:
    """A CTE writing the edges of `source` (a CTE of true rows); unchanged rows are not written."""
    return f"""upserted AS (
    INSERT INTO graph_collaborationedge AS e
        (researcher_a_id, researcher_b_id, shared_works, first_year, last_year)
    SELECT researcher_a_id, researcher_b_id, shared_works, first_year, last_year FROM {source}
    ON CONFLICT (researcher_a_id, researcher_b_id) DO UPDATE
    SET shared_works = EXCLUDED.shared_works,
        first_year = EXCLUDED.first_year,
        last_year = EXCLUDED.last_year
    WHERE (e.shared_works, e.first_year, e.last_year)
          IS DISTINCT FROM (EXCLUDED.shared_works, EXCLUDED.first_year, EXCLUDED.last_year)
    RETURNING {returning}
)"""


# Upsert what changed, delete what disappeared, and return both ends of every touched row.
# ON CONFLICT makes concurrent refreshes of overlapping researchers safe (no unique violation).
_REFRESH_SQL = f"""
WITH {_FRESH_EDGES_CTE},
{_upsert_edges("fresh", "e.researcher_a_id, e.researcher_b_id")}, deleted AS (
    DELETE FROM graph_collaborationedge e
    WHERE (e.researcher_a_id IN (SELECT id FROM ids) OR e.researcher_b_id IN (SELECT id FROM ids))
      AND NOT EXISTS (
          SELECT 1 FROM fresh f
          WHERE f.researcher_a_id = e.researcher_a_id AND f.researcher_b_id = e.researcher_b_id
      )
    RETURNING e.researcher_a_id, e.researcher_b_id
), touched AS (
    SELECT researcher_a_id, researcher_b_id FROM upserted
    UNION ALL
    SELECT researcher_a_id, researcher_b_id FROM deleted
)
SELECT researcher_a_id FROM touched UNION SELECT researcher_b_id FROM touched
"""

# Only rows whose count really changes are written (keeps `updated` and row versions stable).
_CLOSE_COUNT_SQL = """
WITH counted AS (
    SELECT r.id,
           (SELECT count(*) FROM graph_collaborationedge e
            WHERE e.researcher_a_id = r.id AND e.shared_works >= %(min_shared)s)
         + (SELECT count(*) FROM graph_collaborationedge e
            WHERE e.researcher_b_id = r.id AND e.shared_works >= %(min_shared)s) AS n
    FROM profiles_researcher r
    WHERE r.id = ANY(%(ids)s)
)
UPDATE profiles_researcher r
SET close_collaborators_count = c.n
FROM counted c
WHERE r.id = c.id AND r.close_collaborators_count <> c.n
"""


@transaction.atomic
def edges_refresh(*, researcher_ids: Iterable[int]) -> None:
    """Recount every edge touching these researchers from their authorships.

    Call it after any change to authorships (added, rejected as "not mine", restored) or to
    Work.hidden, with the ids of every author of the changed works (all of them: a rejected
    authorship still removes its owner's pairs with every co-author). Cost grows with these
    researchers' own works, never with the table; two statements whatever the number of ids.
    Close-collaborator counters are updated for both ends of every edge that changed.
    """
    ids = sorted(set(researcher_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, {"ids": ids})
        touched = {row[0] for row in cursor.fetchall()} | set(ids)
        cursor.execute(
            _CLOSE_COUNT_SQL,
            {"ids": sorted(touched), "min_shared": CLOSE_COLLABORATOR_MIN_SHARED},
        )


# --- full verification / rebuild -------------------------------------------------------------

_ALL_EDGES_SQL = f"""
SELECT x.researcher_id AS researcher_a_id, y.researcher_id AS researcher_b_id,
       count(*) AS shared_works, min(w.year) AS first_year, max(w.year) AS last_year
FROM works_authorship x
JOIN works_authorship y ON y.work_id = x.work_id AND x.researcher_id < y.researcher_id
JOIN works_work w ON w.id = x.work_id
JOIN (SELECT work_id FROM works_authorship GROUP BY work_id HAVING count(*) <= {LARGE_TEAM}) t
  ON t.work_id = x.work_id
WHERE {counted_sql("x")} AND y.rejected_at IS NULL
GROUP BY x.researcher_id, y.researcher_id
"""

# Every pair whose stored row differs from the recount: missing, extra or changed.
_DIFF_SQL = f"""
SELECT coalesce(t.researcher_a_id, e.researcher_a_id),
       coalesce(t.researcher_b_id, e.researcher_b_id),
       e.shared_works, e.first_year, e.last_year,
       t.shared_works, t.first_year, t.last_year
FROM ({_ALL_EDGES_SQL}) t
FULL OUTER JOIN graph_collaborationedge e
  ON e.researcher_a_id = t.researcher_a_id AND e.researcher_b_id = t.researcher_b_id
WHERE (e.shared_works, e.first_year, e.last_year)
      IS DISTINCT FROM (t.shared_works, t.first_year, t.last_year)
ORDER BY 1, 2
"""

# Counters against the recount (not against the stored edges, which may be wrong too).
_COUNTER_DIFF_SQL = f"""
WITH truth AS ({_ALL_EDGES_SQL}), ends AS (
    SELECT researcher_a_id AS id FROM truth WHERE shared_works >= %(min_shared)s
    UNION ALL
    SELECT researcher_b_id FROM truth WHERE shared_works >= %(min_shared)s
), counted AS (SELECT id, count(*) AS n FROM ends GROUP BY id)
SELECT r.id, r.close_collaborators_count, coalesce(c.n, 0)
FROM profiles_researcher r LEFT JOIN counted c ON c.id = r.id
WHERE r.close_collaborators_count <> coalesce(c.n, 0)
ORDER BY r.id
"""

_REBUILD_SQL = f"""
WITH truth AS ({_ALL_EDGES_SQL}),
{_upsert_edges("truth", "1")}
DELETE FROM graph_collaborationedge e
WHERE NOT EXISTS (
    SELECT 1 FROM truth t
    WHERE t.researcher_a_id = e.researcher_a_id AND t.researcher_b_id = e.researcher_b_id
)
"""

_COUNTERS_FIX_SQL = """
WITH ends AS (
    SELECT researcher_a_id AS id FROM graph_collaborationedge WHERE shared_works >= %(min_shared)s
    UNION ALL
    SELECT researcher_b_id FROM graph_collaborationedge WHERE shared_works >= %(min_shared)s
), counted AS (SELECT id, count(*) AS n FROM ends GROUP BY id)
UPDATE profiles_researcher r
SET close_collaborators_count = coalesce(c.n, 0)
FROM profiles_researcher r2 LEFT JOIN counted c ON c.id = r2.id
WHERE r.id = r2.id AND r.close_collaborators_count <> coalesce(c.n, 0)
"""


@dataclass(frozen=True)
class EdgeDifference:
    researcher_a_id: int
    researcher_b_id: int
    stored: tuple[int, int | None, int | None] | None  # (shared, first, last) or None
    expected: tuple[int, int | None, int | None] | None

    @property
    def kind(self) -> str:
        if self.stored is None:
            return "missing"
        if self.expected is None:
            return "extra"
        return "changed"

    def __str__(self) -> str:
        def fmt(t):
            return "none" if t is None else f"{t[0]} shared, {t[1]}–{t[2]}"

        return (
            f"{self.kind} edge {self.researcher_a_id}–{self.researcher_b_id}: "
            f"stored {fmt(self.stored)}, expected {fmt(self.expected)}"
        )


@dataclass(frozen=True)
class CounterDifference:
    researcher_id: int
    stored: int
    expected: int
    field: str = "close_collaborators_count"

    def __str__(self) -> str:
        return (
            f"researcher {self.researcher_id}: {self.field} stored "
            f"{self.stored}, expected {self.expected}"
        )


@dataclass(frozen=True)
class DerivedReport:
    edges: list[EdgeDifference] = field(default_factory=list)
    counters: list[CounterDifference] = field(default_factory=list)

    @property
    def differences(self) -> int:
        return len(self.edges) + len(self.counters)


def derived_verify() -> DerivedReport:
    """Recount the whole graph and every counter from authorships and diff them with the
    tables. No writes. Three queries; each recount is one set-based GROUP BY.
    """
    with connection.cursor() as cursor:
        cursor.execute(_DIFF_SQL)
        edges = [
            EdgeDifference(
                researcher_a_id=a,
                researcher_b_id=b,
                stored=None if s is None else (s, sf, sl),
                expected=None if t is None else (t, tf, tl),
            )
            for a, b, s, sf, sl, t, tf, tl in cursor.fetchall()
        ]
        cursor.execute(_COUNTER_DIFF_SQL, {"min_shared": CLOSE_COLLABORATOR_MIN_SHARED})
        counters = [CounterDifference(*row) for row in cursor.fetchall()]
        cursor.execute(_STATS_DIFF_SQL)
        n = len(STAT_FIELDS)
        for rid, *values in cursor.fetchall():
            stored, expected = values[:n], values[n:]
            counters += [
                CounterDifference(rid, s, e, f)
                for f, s, e in zip(STAT_FIELDS, stored, expected, strict=True)
                if s != e
            ]
    return DerivedReport(edges=edges, counters=counters)


@transaction.atomic
def derived_rebuild() -> DerivedReport:
    """Make the edges and every counter equal to a from-scratch recount; return what differed.

    Rows that are already right are not rewritten, so a rebuild of a correct graph is cheap on
    writes. Holds a SHARE ROW EXCLUSIVE lock on the edge table meanwhile, so incremental
    refreshes wait instead of interleaving with the recount.
    """
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE graph_collaborationedge IN SHARE ROW EXCLUSIVE MODE")
    report = derived_verify()
    if report.differences:
        with connection.cursor() as cursor:
            if report.edges:
                cursor.execute(_REBUILD_SQL)
            cursor.execute(_COUNTERS_FIX_SQL, {"min_shared": CLOSE_COLLABORATOR_MIN_SHARED})
            cursor.execute(_STATS_FIX_SQL)
    return report


_RECOUNT_ALL_SQL = f"""
DELETE FROM graph_collaborationedge;
INSERT INTO graph_collaborationedge (researcher_a_id, researcher_b_id, shared_works,
                                     first_year, last_year)
{_ALL_EDGES_SQL};
{_COUNTERS_FIX_SQL}
"""


@transaction.atomic
def edges_recount_all() -> None:
    """Recount the whole table in three statements: what a bulk import touching most
    researchers runs instead of edges_refresh (one pass beats millions of upserts)."""
    with connection.cursor() as cursor:
        for statement in filter(str.strip, _RECOUNT_ALL_SQL.split(";")):
            cursor.execute(statement, {"min_shared": CLOSE_COLLABORATOR_MIN_SHARED})
