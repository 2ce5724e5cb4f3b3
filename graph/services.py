"""Writes to the collaboration graph. Every path that changes authorships calls edges_refresh."""

from collections.abc import Iterable

from django.db import connection, transaction

CLOSE_COLLABORATOR_MIN_SHARED = 2

_NEIGHBOURS_SQL = """
SELECT researcher_b_id FROM graph_collaborationedge WHERE researcher_a_id = ANY(%(ids)s)
UNION
SELECT researcher_a_id FROM graph_collaborationedge WHERE researcher_b_id = ANY(%(ids)s)
"""

_DELETE_SQL = """
DELETE FROM graph_collaborationedge
WHERE researcher_a_id = ANY(%(ids)s) OR researcher_b_id = ANY(%(ids)s)
"""

_INSERT_SQL = """
INSERT INTO graph_collaborationedge
    (researcher_a_id, researcher_b_id, shared_works, first_year, last_year)
SELECT a.researcher_id, b.researcher_id, count(*), min(w.year), max(w.year)
FROM works_authorship a
JOIN works_authorship b ON b.work_id = a.work_id AND a.researcher_id < b.researcher_id
JOIN works_work w ON w.id = a.work_id
WHERE a.rejected_at IS NULL AND b.rejected_at IS NULL AND NOT w.hidden
  AND (a.researcher_id = ANY(%(ids)s) OR b.researcher_id = ANY(%(ids)s))
GROUP BY a.researcher_id, b.researcher_id
"""

_CLOSE_COUNT_SQL = """
UPDATE profiles_researcher r
SET close_collaborators_count = (
    SELECT count(*) FROM graph_collaborationedge e
    WHERE (e.researcher_a_id = r.id OR e.researcher_b_id = r.id)
      AND e.shared_works >= %(min_shared)s
)
WHERE r.id = ANY(%(ids)s)
"""


@transaction.atomic
def edges_refresh(*, researcher_ids: Iterable[int]) -> None:
    """Recount every edge touching these researchers from their authorships.

    Cost grows with the researchers' own authorships, not with the table; the close-collaborator
    counters of both ends are updated too.
    """
    ids = list(researcher_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_NEIGHBOURS_SQL, {"ids": ids})
        affected = set(ids) | {row[0] for row in cursor.fetchall()}
        cursor.execute(_DELETE_SQL, {"ids": ids})
        cursor.execute(_INSERT_SQL, {"ids": ids})
        cursor.execute(_NEIGHBOURS_SQL, {"ids": ids})
        affected |= {row[0] for row in cursor.fetchall()}
        cursor.execute(
            _CLOSE_COUNT_SQL,
            {"ids": list(affected), "min_shared": CLOSE_COLLABORATOR_MIN_SHARED},
        )
