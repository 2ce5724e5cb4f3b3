"""Reads of the collaboration graph. Every read here is a bounded number of indexed queries.

Nothing here grows its query count with the size of the ego network: each list is one
set-based statement with its LIMIT applied in SQL, and lists that depend on others take the
(already capped) ids of the earlier ones as an array parameter.
"""

import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q

from profiles.models import Institution, Researcher
from works.models import (
    CLOSE_COLLABORATOR_MIN_SHARED,
    CollaborationEdge,
    Topic,
    Work,
    counted_sql,
)

COUNTED = counted_sql()  # authorships `a` that count, on works `w`


@dataclass(frozen=True)
class Collaborator:
    researcher: Researcher
    shared_works: int
    first_year: int | None
    last_year: int | None

    @property
    def is_close(self) -> bool:
        return self.shared_works >= CLOSE_COLLABORATOR_MIN_SHARED


def _edges_of(researcher: Researcher, *, min_shared: int = CLOSE_COLLABORATOR_MIN_SHARED):
    return CollaborationEdge.objects.filter(
        Q(researcher_a=researcher) | Q(researcher_b=researcher),
        shared_works__gte=min_shared,
    )


def coauthors(
    *, researcher: Researcher, limit: int = 12, min_shared: int = 1
) -> list[Collaborator]:
    """Top co-authors by shared works (then most recent), strongest first. One query."""
    edges = (
        _edges_of(researcher, min_shared=min_shared)
        .select_related("researcher_a", "researcher_b")
        .order_by("-shared_works", "-last_year", "id")[:limit]
    )
    return [
        Collaborator(
            researcher=edge.researcher_b
            if edge.researcher_a_id == researcher.pk
            else edge.researcher_a,
            shared_works=edge.shared_works,
            first_year=edge.first_year,
            last_year=edge.last_year,
        )
        for edge in edges
    ]


def close_collaborators(*, researcher: Researcher, limit: int = 12) -> list[Collaborator]:
    """Top close collaborators (>= 2 shared works), strongest first. One query."""
    return coauthors(researcher=researcher, limit=limit, min_shared=CLOSE_COLLABORATOR_MIN_SHARED)


def claimed_close_collaborators_count(*, researcher: Researcher) -> int:
    """Close collaborators whose records are claimed (a trust input). One query."""
    return (
        _edges_of(researcher)
        .filter(
            Q(researcher_a=researcher, researcher_b__claimed_by__isnull=False)
            | Q(researcher_b=researcher, researcher_a__claimed_by__isnull=False)
        )
        .count()
    )


# --- the slice ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightedTopic:
    topic: Topic
    works: int


@dataclass(frozen=True)
class WeightedInstitution:
    institution: Institution
    people: int  # how many of the researcher and collaborators are linked to it
    of_researcher: bool  # the researcher's own affiliation or authorship institution


@dataclass(frozen=True)
class NearbyWork:
    work: Work
    via: Researcher  # the close collaborator who wrote it


@dataclass
class GraphSlice:
    researcher: Researcher
    coauthors: list[Collaborator]  # top co-authors, drawn in the picture
    topics: list[WeightedTopic]
    institutions: list[WeightedInstitution]
    nearby: list[NearbyWork]
    edges: list[CollaborationEdge] = field(default_factory=list)  # among the co-authors

    @property
    def collaborators(self) -> list[Collaborator]:
        """Close collaborators: the strongest co-authors with >= 2 shared works."""
        return [c for c in self.coauthors if c.is_close][:SLICE_COLLABORATORS]


SLICE_COLLABORATORS = 12
SLICE_PICTURE_NODES = 24  # co-authors drawn around the researcher
SLICE_TOPICS = 10
SLICE_INSTITUTIONS = 8
SLICE_NEARBY = 6

# The strongest co-authors of %(rid)s and, in the same statement, the edges among them.
_EGO_SQL = """
WITH top AS (
    SELECT e.id,
           CASE WHEN e.researcher_a_id = %(rid)s THEN e.researcher_b_id
                ELSE e.researcher_a_id END AS other,
           e.shared_works, e.first_year, e.last_year
    FROM graph_collaborationedge e
    WHERE e.researcher_a_id = %(rid)s OR e.researcher_b_id = %(rid)s
    ORDER BY e.shared_works DESC, e.last_year DESC NULLS LAST, e.id
    LIMIT %(limit)s
)
SELECT t.other, r.display_name, r.slug, t.shared_works, t.first_year, t.last_year,
       (SELECT coalesce(json_agg(json_build_array(
                   e.researcher_a_id, e.researcher_b_id, e.shared_works)), '[]')
        FROM graph_collaborationedge e
        WHERE e.researcher_a_id IN (SELECT other FROM top)
          AND e.researcher_b_id IN (SELECT other FROM top)) AS among
FROM top t JOIN profiles_researcher r ON r.id = t.other
ORDER BY t.shared_works DESC, t.last_year DESC NULLS LAST, t.id
"""

# Topics of the researcher weighted by active works, and institutions of the researcher and the
# given collaborators (from active authorships and from affiliations), in one statement.
_FACETS_SQL = f"""
(SELECT 'topic' AS kind, t.id, t.name, t.slug, t.scheme, t.code,
        count(DISTINCT w.id) AS weight, true AS mine
 FROM works_authorship a
 JOIN works_work w ON w.id = a.work_id
 JOIN works_work_topics wt ON wt.work_id = w.id
 JOIN works_topic t ON t.id = wt.topic_id
 WHERE a.researcher_id = %(rid)s AND {COUNTED}
 GROUP BY t.id
 ORDER BY weight DESC, t.name, t.id
 LIMIT %(topics)s)
UNION ALL
(WITH links AS (
    SELECT a.institution_id AS institution_id, a.researcher_id
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    WHERE a.researcher_id = ANY(%(ids)s) AND {COUNTED}
      AND a.institution_id IS NOT NULL
    UNION ALL
    SELECT r.affiliation_id, r.id FROM profiles_researcher r
    WHERE r.id = ANY(%(ids)s) AND r.affiliation_id IS NOT NULL
 )
 SELECT 'institution', i.id, i.name, i.slug, '', '',
        count(DISTINCT l.researcher_id) AS weight, bool_or(l.researcher_id = %(rid)s) AS mine
 FROM links l JOIN profiles_institution i ON i.id = l.institution_id
 GROUP BY i.id
 ORDER BY mine DESC, weight DESC, i.name, i.id
 LIMIT %(institutions)s)
"""

# Recent works of the close collaborators that share a topic with the researcher and are not
# the researcher's (no active authorship of theirs). `via` is the strongest collaborator on it.
_NEARBY_SQL = f"""
WITH my_topics AS MATERIALIZED (
    SELECT DISTINCT wt.topic_id
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    JOIN works_work_topics wt ON wt.work_id = w.id
    WHERE a.researcher_id = %(rid)s AND {COUNTED}
), candidates AS (
    SELECT DISTINCT ON (w.id) w.id, w.title, w.year, w.month, w.day, w.venue, w.work_type,
           a.researcher_id AS via_id
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    JOIN unnest(%(ids)s::bigint[]) WITH ORDINALITY AS c(id, strength) ON c.id = a.researcher_id
    WHERE {COUNTED}
      AND EXISTS (
          SELECT 1 FROM works_work_topics wt
          WHERE wt.work_id = w.id AND wt.topic_id IN (SELECT topic_id FROM my_topics))
      AND NOT EXISTS (
          SELECT 1 FROM works_authorship mine
          WHERE mine.work_id = w.id AND mine.researcher_id = %(rid)s
            AND mine.rejected_at IS NULL)
    ORDER BY w.id, c.strength
)
SELECT c.id, c.title, c.year, c.month, c.day, c.venue, c.work_type,
       r.id, r.display_name, r.slug
FROM candidates c JOIN profiles_researcher r ON r.id = c.via_id
ORDER BY c.year DESC, c.month DESC NULLS LAST, c.day DESC NULLS LAST, c.id DESC
LIMIT %(limit)s
"""


def ego_network(
    *, researcher: Researcher, limit: int = SLICE_PICTURE_NODES
) -> tuple[list[Collaborator], list[CollaborationEdge]]:
    """The `limit` strongest co-authors and the edges among them. One query."""
    with connection.cursor() as cursor:
        cursor.execute(_EGO_SQL, {"rid": researcher.pk, "limit": limit})
        rows = cursor.fetchall()
    people = [
        Collaborator(Researcher(id=i, display_name=n, slug=s), shared, first, last)
        for i, n, s, shared, first, last, _ in rows
    ]
    among = rows[0][-1] if rows else []
    if isinstance(among, str):  # json_agg arrives decoded with psycopg 3, as text otherwise
        among = json.loads(among)
    edges = [
        CollaborationEdge(researcher_a_id=a, researcher_b_id=b, shared_works=n) for a, b, n in among
    ]
    return people, edges


def neighbourhood_facets(
    *, researcher: Researcher, collaborator_ids: list[int]
) -> tuple[list[WeightedTopic], list[WeightedInstitution]]:
    """Topics of the researcher (by works) and institutions of the researcher (first) and the
    given collaborators (by people). One query."""
    args = {
        "rid": researcher.pk,
        "ids": [researcher.pk, *collaborator_ids],
        "topics": SLICE_TOPICS,
        "institutions": SLICE_INSTITUTIONS,
    }
    topics, institutions = [], []
    with connection.cursor() as cursor:
        cursor.execute(_FACETS_SQL, args)
        for kind, pk, name, slug, scheme, code, weight, mine in cursor.fetchall():
            if kind == "topic":
                topics.append(
                    WeightedTopic(
                        Topic(id=pk, name=name, slug=slug, scheme=scheme, code=code), weight
                    )
                )
            else:
                institutions.append(
                    WeightedInstitution(Institution(id=pk, name=name, slug=slug), weight, mine)
                )
    return topics, institutions


def nearby_works(
    *, researcher: Researcher, collaborator_ids: list[int], limit: int = SLICE_NEARBY
) -> list[NearbyWork]:
    """Recent works of these collaborators (strongest first) on the researcher's topics that
    are not the researcher's. One query; none without collaborators."""
    if not collaborator_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_NEARBY_SQL, {"rid": researcher.pk, "ids": collaborator_ids, "limit": limit})
        return [
            NearbyWork(
                Work(id=w, title=t, year=y, month=m, day=d, venue=v, work_type=wt),
                Researcher(id=r, display_name=rn, slug=rs),
            )
            for w, t, y, m, d, v, wt, r, rn, rs in cursor.fetchall()
        ]


def graph_slice(*, researcher: Researcher) -> GraphSlice:
    """Everything the slice shows. Three queries, whatever the size of the ego network."""
    people, edges = ego_network(researcher=researcher)
    close_ids = [c.researcher.pk for c in people if c.is_close][:SLICE_COLLABORATORS]
    topics, institutions = neighbourhood_facets(researcher=researcher, collaborator_ids=close_ids)
    return GraphSlice(
        researcher=researcher,
        coauthors=people,
        topics=topics,
        institutions=institutions,
        nearby=nearby_works(researcher=researcher, collaborator_ids=close_ids),
        edges=edges,
    )
