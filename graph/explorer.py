"""The explorer's neighbourhood: people, works, topics and institutions around a researcher.

`explorer_graph()` is the read behind `/researchers/<slug>/graph/` (lists without JavaScript)
and `/researchers/<slug>/graph.json` (the interactive view). Contract: at most MAX_NODES nodes
and MAX_EDGES_PER_KIND edges of each kind, in at most nine queries whatever the size of the
neighbourhood (each list is one statement with its LIMIT in SQL).

JSON format (`graph:explorer_json`)
-----------------------------------
Query string (all optional): ``depth`` 1 or 2 (default 1); ``min_shared`` 1–1000 (default 1);
``kinds`` comma-separated subset of ``researcher,work,topic,institution`` (default all; may
also be repeated); ``from`` / ``to`` years 1000–2999 (default unbounded). Anything else that
is invalid answers 400 ``{"error": "...", "fields": {"depth": ["..."]}}``; an unknown slug
answers 404 ``{"error": "..."}``; a query that fails or hits the statement timeout answers 503
``{"error": "..."}``.

Answer (200)::

    {
      "center": "r:12",                       # id of the centre node
      "params": {"depth": 1, "min_shared": 1, "kinds": ["researcher", ...],
                 "from": 2015, "to": 2024},   # from/to null when unbounded
      "nodes": [
        {"id": "r:12", "kind": "researcher", "label": "Guanglu Song", "depth": 0,
         "url": "/researchers/guanglu-song/",             # the node's own page
         "explorer_url": "/researchers/guanglu-song/graph/",
         "json_url": "/researchers/guanglu-song/graph.json",
         "works": 47, "citations": 0, "shared_works": null},  # shared_works with the centre
                                                               # (depth 1) or best link (depth 2)
        {"id": "w:5", "kind": "work", "label": "Title", "url": "/works/5/",
         "year": 2023, "citations": 10, "own": true},     # own: the centre is an author
        {"id": "t:3", "kind": "topic", "label": "Computer Vision", "url": "/topics/cs-cv/",
         "works": 30, "own": true},
        {"id": "i:2", "kind": "institution", "label": "SenseTime", "url": "/institutions/…/",
         "people": 4, "own": false}
      ],
      "edges": [
        {"source": "r:12", "target": "r:40", "kind": "coauthor", "weight": 9,
         "first_year": 2019, "last_year": 2024},
        {"source": "r:12", "target": "w:5", "kind": "authored", "weight": 1},
        {"source": "w:5", "target": "t:3", "kind": "about", "weight": 1},
        {"source": "r:12", "target": "t:3", "kind": "studies", "weight": 30},   # works on it
        {"source": "r:12", "target": "i:2", "kind": "affiliated", "weight": 3}  # authorships
      ],
      "truncated": false,            # true when nodes or edges were left out by the caps
      "total_nodes": 58,             # nodes the neighbourhood has before the cap
      "shown": 58,                   # len(nodes), at most 300
      "totals": {"researcher": 30, "work": 47, "topic": 2, "institution": 1}
    }

Neighbourhood: researchers at depth 1 are co-authors of the centre with at least
``min_shared`` shared works whose collaboration span (first–last shared year) overlaps the year
range; depth 2 adds the DEPTH2_EACH (40) strongest co-authors, under the same rule, of each
of the DEPTH2_FROM (25) strongest depth-1 researchers (a hub's whole second ring is most of
the graph; `total_nodes` counts what was explored). Works are the active works (not
rejected, not hidden) of the centre, and at depth 2 of the shown depth-1 researchers, within the
year range, the centre's first, then most cited. Topics are those of the same works weighted
by works; institutions come from the same authorships and from the researchers' affiliations.
When the neighbourhood exceeds MAX_NODES, each kind gets a fair share of the cap (a kind that
needs less than its share leaves the rest to the others), strongest first.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse

from profiles.models import Researcher
from works.models import counted_sql

MAX_NODES = 300
MAX_EDGES_PER_KIND = 1500
KINDS = ("researcher", "work", "topic", "institution")


@dataclass(frozen=True)
class ExplorerParams:
    depth: int = 1
    min_shared: int = 1
    kinds: tuple[str, ...] = KINDS
    year_from: int | None = None
    year_to: int | None = None

    def as_json(self) -> dict:
        return {
            "depth": self.depth,
            "min_shared": self.min_shared,
            "kinds": list(self.kinds),
            "from": self.year_from,
            "to": self.year_to,
        }


@dataclass
class ExplorerGraph:
    centre: Researcher
    params: ExplorerParams
    researchers: list[dict] = field(default_factory=list)  # without the centre
    works: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)
    institutions: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    edges_truncated: bool = False

    @property
    def centre_node(self) -> dict:
        r = self.centre
        return {
            "id": f"r:{r.pk}",
            "kind": "researcher",
            "label": r.display_name,
            "depth": 0,
            "url": r.get_absolute_url(),
            "explorer_url": reverse("graph:explorer", args=[r.slug]),
            "json_url": reverse("graph:explorer_json", args=[r.slug]),
            "works": r.works_count,
            "citations": r.citations_count,
            "shared_works": None,
        }

    @property
    def nodes(self) -> list[dict]:
        return [self.centre_node, *self.researchers, *self.works, *self.topics, *self.institutions]

    @property
    def total_nodes(self) -> int:
        return 1 + sum(self.totals.values())

    def as_json(self) -> dict:
        nodes = self.nodes
        return {
            "center": f"r:{self.centre.pk}",
            "params": self.params.as_json(),
            "nodes": nodes,
            "edges": self.edges,
            "truncated": self.total_nodes > len(nodes) or self.edges_truncated,
            "total_nodes": self.total_nodes,
            "shown": len(nodes),
            "totals": self.totals,
        }


def _edge_filter(params: ExplorerParams, alias: str = "e") -> str:
    sql = f"{alias}.shared_works >= %(min_shared)s"
    if params.year_from is not None:
        sql += f" AND {alias}.last_year >= %(year_from)s"
    if params.year_to is not None:
        sql += f" AND {alias}.first_year <= %(year_to)s"
    return sql


def _counted(params: ExplorerParams) -> str:
    """Counted authorships `a` on works `w` (works.models.counted_sql), within the years asked."""
    sql = counted_sql("a", "w")
    alias = "w"
    if params.year_from is not None:
        sql += f" AND {alias}.year >= %(year_from)s"
    if params.year_to is not None:
        sql += f" AND {alias}.year <= %(year_to)s"
    return sql


DEPTH2_FROM = 25  # depth 2 grows from this many strongest co-authors…
DEPTH2_EACH = 40  # …each contributing at most this many of their own strongest


def _researchers_sql(params: ExplorerParams) -> str:
    f = _edge_filter(params)
    depth2 = ""
    if params.depth >= 2:
        # Depth 2 grows from the DEPTH2_FROM strongest co-authors only: a hub's full second
        # ring is most of the graph, and only MAX_NODES nodes are ever shown.
        depth2 = f"""
        , d1_top AS MATERIALIZED (
            SELECT id FROM d1 ORDER BY strength DESC, id LIMIT {DEPTH2_FROM}
        ), d2 AS (
            SELECT x.id, x.strength FROM d1_top CROSS JOIN LATERAL (
                SELECT e.researcher_b_id AS id, e.shared_works AS strength
                FROM graph_collaborationedge e WHERE e.researcher_a_id = d1_top.id AND {f}
                UNION ALL
                SELECT e.researcher_a_id, e.shared_works
                FROM graph_collaborationedge e WHERE e.researcher_b_id = d1_top.id AND {f}
                ORDER BY 2 DESC LIMIT {DEPTH2_EACH}
            ) x
        )"""
        nodes = """
        SELECT id, 1 AS depth, strength FROM d1
        UNION ALL
        SELECT d2.id, 2, max(d2.strength) FROM d2
        WHERE d2.id <> %(rid)s AND NOT EXISTS (SELECT 1 FROM d1 WHERE d1.id = d2.id)
        GROUP BY d2.id"""
    else:
        nodes = "SELECT id, 1 AS depth, strength FROM d1"
    return f"""
    WITH d1 AS MATERIALIZED (
        SELECT e.researcher_b_id AS id, e.shared_works AS strength
        FROM graph_collaborationedge e WHERE e.researcher_a_id = %(rid)s AND {f}
        UNION ALL
        SELECT e.researcher_a_id, e.shared_works
        FROM graph_collaborationedge e WHERE e.researcher_b_id = %(rid)s AND {f}
    ){depth2}, nodes AS ({nodes})
    SELECT r.id, r.slug, r.display_name, r.works_count, r.citations_count, n.depth, n.strength,
           count(*) OVER () AS total
    FROM nodes n JOIN profiles_researcher r ON r.id = n.id
    ORDER BY n.depth, n.strength DESC, r.display_name, r.id
    LIMIT %(limit)s
    """


def _works_sql(params: ExplorerParams) -> str:
    return f"""
    SELECT w.id, w.title, w.year, w.citation_count, bool_or(a.researcher_id = %(rid)s) AS own,
           count(*) OVER () AS total
    FROM works_authorship a JOIN works_work w ON w.id = a.work_id
    WHERE a.researcher_id = ANY(%(people)s) AND {_counted(params)}
    GROUP BY w.id
    ORDER BY own DESC, w.citation_count DESC, w.year DESC, w.id DESC
    LIMIT %(limit)s
    """


def _topics_sql(params: ExplorerParams) -> str:
    return f"""
    SELECT t.id, t.name, t.slug, count(DISTINCT w.id) AS works,
           bool_or(a.researcher_id = %(rid)s) AS own, count(*) OVER () AS total
    FROM works_authorship a
    JOIN works_work w ON w.id = a.work_id
    JOIN works_work_topics wt ON wt.work_id = w.id
    JOIN works_topic t ON t.id = wt.topic_id
    WHERE a.researcher_id = ANY(%(people)s) AND {_counted(params)}
    GROUP BY t.id
    ORDER BY own DESC, works DESC, t.name, t.id
    LIMIT %(limit)s
    """


def _institution_links_cte(params: ExplorerParams) -> str:
    return f"""
    links AS (
        SELECT a.institution_id, a.researcher_id
        FROM works_authorship a JOIN works_work w ON w.id = a.work_id
        WHERE a.researcher_id = ANY(%(people)s) AND {_counted(params)}
          AND a.institution_id IS NOT NULL
        UNION ALL
        SELECT r.affiliation_id, r.id FROM profiles_researcher r
        WHERE r.id = ANY(%(people)s) AND r.affiliation_id IS NOT NULL
    )"""


def _institutions_sql(params: ExplorerParams) -> str:
    return f"""
    WITH {_institution_links_cte(params)}
    SELECT i.id, i.name, i.slug, count(DISTINCT l.researcher_id) AS people,
           bool_or(l.researcher_id = %(rid)s) AS own, count(*) OVER () AS total
    FROM links l JOIN profiles_institution i ON i.id = l.institution_id
    GROUP BY i.id
    ORDER BY own DESC, people DESC, i.name, i.id
    LIMIT %(limit)s
    """


def _fair_shares(available: dict[str, int], budget: int) -> dict[str, int]:
    """Split `budget` between kinds: equal shares, a kind needing less leaves the rest."""
    shares = dict.fromkeys(available, 0)
    pending = [k for k in available if available[k] > 0]
    while pending and budget > 0:
        share = budget // len(pending)
        satisfied = [k for k in pending if available[k] - shares[k] <= share]
        if not satisfied:
            for i, k in enumerate(pending):
                shares[k] += share + (1 if i < budget - share * len(pending) else 0)
            break
        for k in satisfied:
            budget -= available[k] - shares[k]
            shares[k] = available[k]
            pending.remove(k)
    return shares


def explorer_graph(*, researcher: Researcher, params: ExplorerParams) -> ExplorerGraph:
    """The neighbourhood around `researcher`: at most MAX_NODES nodes, at most nine queries."""
    graph = ExplorerGraph(centre=researcher, params=params)
    args = {
        "rid": researcher.pk,
        "min_shared": params.min_shared,
        "year_from": params.year_from,
        "year_to": params.year_to,
        "limit": MAX_NODES,
    }
    rows: dict[str, list] = {}
    totals: dict[str, int] = {}
    with connection.cursor() as cursor:
        # People first: depth-1 researchers feed the works/topics/institutions at depth 2.
        cursor.execute(_researchers_sql(params), args)
        rows["researcher"] = cursor.fetchall()
        totals["researcher"] = rows["researcher"][0][-1] if rows["researcher"] else 0
        people = [researcher.pk]
        if params.depth >= 2:
            people += [r[0] for r in rows["researcher"] if r[5] == 1]
        args["people"] = people
        for kind, sql in (
            ("work", _works_sql),
            ("topic", _topics_sql),
            ("institution", _institutions_sql),
        ):
            if kind in params.kinds:
                cursor.execute(sql(params), args)
                rows[kind] = cursor.fetchall()
                totals[kind] = rows[kind][0][-1] if rows[kind] else 0

    wanted = {k: len(rows[k]) for k in params.kinds if k in rows}
    shares = _fair_shares(wanted, MAX_NODES - 1)
    graph.totals = {k: totals[k] for k in params.kinds}

    for rid, slug, name, works, citations, depth, strength, _ in rows["researcher"][
        : shares.get("researcher", 0)
    ]:
        graph.researchers.append(
            {
                "id": f"r:{rid}",
                "kind": "researcher",
                "label": name,
                "depth": depth,
                "url": reverse("pages:researcher_detail", args=[slug]),
                "explorer_url": reverse("graph:explorer", args=[slug]),
                "json_url": reverse("graph:explorer_json", args=[slug]),
                "works": works,
                "citations": citations,
                "shared_works": strength,
            }
        )
    for wid, title, year, citations, own, _ in rows.get("work", [])[: shares.get("work", 0)]:
        graph.works.append(
            {
                "id": f"w:{wid}",
                "kind": "work",
                "label": title,
                "url": reverse("works:work_detail", args=[wid]),
                "year": year,
                "citations": citations,
                "own": own,
            }
        )
    for tid, name, slug, works, own, _ in rows.get("topic", [])[: shares.get("topic", 0)]:
        graph.topics.append(
            {
                "id": f"t:{tid}",
                "kind": "topic",
                "label": name,
                "url": reverse("pages:topic_detail", args=[slug]),
                "works": works,
                "own": own,
            }
        )
    for iid, name, slug, n, own, _ in rows.get("institution", [])[: shares.get("institution", 0)]:
        graph.institutions.append(
            {
                "id": f"i:{iid}",
                "kind": "institution",
                "label": name,
                "url": reverse("pages:institution_detail", args=[slug]),
                "people": n,
                "own": own,
            }
        )
    _edges_add(graph, args)
    return graph


def _ids(nodes: list[dict]) -> list[int]:
    return [int(n["id"][2:]) for n in nodes]


def _edges_add(graph: ExplorerGraph, args: dict) -> None:
    """Edges among the shown nodes, one query per edge kind, each capped."""
    params = graph.params
    people = [graph.centre.pk, *_ids(graph.researchers)]
    works, topics, institutions = _ids(graph.works), _ids(graph.topics), _ids(graph.institutions)
    args = {**args, "people": people, "works": works, "topics": topics, "insts": institutions}
    args["limit"] = MAX_EDGES_PER_KIND + 1
    queries = []
    if len(people) > 1:
        queries.append(
            (
                "coauthor",
                f"""SELECT 'r:' || e.researcher_a_id, 'r:' || e.researcher_b_id, e.shared_works,
                           e.first_year, e.last_year
                    FROM graph_collaborationedge e
                    WHERE e.researcher_a_id = ANY(%(people)s)
                      AND e.researcher_b_id = ANY(%(people)s) AND {_edge_filter(params)}
                    ORDER BY e.shared_works DESC, e.id LIMIT %(limit)s""",
            )
        )
    if works:
        queries.append(
            (
                "authored",
                """SELECT 'r:' || a.researcher_id, 'w:' || a.work_id, 1
                   FROM works_authorship a
                   WHERE a.work_id = ANY(%(works)s) AND a.researcher_id = ANY(%(people)s)
                     AND a.rejected_at IS NULL
                   ORDER BY a.researcher_id <> %(rid)s, a.id LIMIT %(limit)s""",
            )
        )
    if works and topics:
        queries.append(
            (
                "about",
                """SELECT 'w:' || wt.work_id, 't:' || wt.topic_id, 1
                   FROM works_work_topics wt
                   WHERE wt.work_id = ANY(%(works)s) AND wt.topic_id = ANY(%(topics)s)
                   ORDER BY wt.id LIMIT %(limit)s""",
            )
        )
    if topics:
        queries.append(
            (
                "studies",
                f"""SELECT 'r:' || a.researcher_id, 't:' || wt.topic_id, count(DISTINCT w.id)
                    FROM works_authorship a
                    JOIN works_work w ON w.id = a.work_id
                    JOIN works_work_topics wt ON wt.work_id = w.id
                    WHERE a.researcher_id = ANY(%(people)s) AND wt.topic_id = ANY(%(topics)s)
                      AND {_counted(params)}
                    GROUP BY a.researcher_id, wt.topic_id
                    ORDER BY 3 DESC, 1, 2 LIMIT %(limit)s""",
            )
        )
    if institutions:
        queries.append(
            (
                "affiliated",
                f"""WITH {_institution_links_cte(params)}
                    SELECT 'r:' || researcher_id, 'i:' || institution_id, count(*)
                    FROM links WHERE institution_id = ANY(%(insts)s)
                    GROUP BY researcher_id, institution_id
                    ORDER BY 3 DESC, 1, 2 LIMIT %(limit)s""",
            )
        )
    with connection.cursor() as cursor:
        for kind, sql in queries:
            cursor.execute(sql, args)
            found = cursor.fetchall()
            if len(found) > MAX_EDGES_PER_KIND:
                graph.edges_truncated = True
                found = found[:MAX_EDGES_PER_KIND]
            for row in found:
                edge = {"source": row[0], "target": row[1], "kind": kind, "weight": row[2]}
                if kind == "coauthor":
                    edge["first_year"], edge["last_year"] = row[3], row[4]
                graph.edges.append(edge)
