"""Research-graph benchmarks: the slice and explorer JSON over HTTP, and a networkx baseline.

Called by bench/run.py after gunicorn is up (see `graph_bench`); importable on its own, with
no Django import at module level. Three views of the same neighbourhood of a hub researcher:

1. HTTP through bench/run.py's measuring function (wrk, or its Python fallback): the htmx
   slice, the explorer JSON at depth 1 and 2, each next to a floor of the same size, in the
   same row format as run.py's TARGETS (so run.table() renders them).
2. In-process, our SQL: graph.explorer.explorer_graph() (the read behind the JSON) timed
   through Django's connection, with its query count.
3. networkx: the whole collaboration graph loaded once from graph_collaborationedge into an
   in-memory nx.Graph, then nx.ego_graph(G, hub, radius=1 and 2) timed. This is the "graph
   library" baseline: what a dedicated in-memory graph would cost per query, and what it
   costs to hold (load time, edges) — the numbers to weigh before adding a graph store.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from urllib.parse import urlsplit

HTMX = {"HX-Request": "true"}
REPEAT = 20  # in-process timings: median of this many runs
NETWORKX_REPEAT = 3


def graph_targets(hub_slug: str) -> list[tuple[str, str, dict]]:
    """(label, path, headers) like bench/run.py's TARGETS, for the hub's graph endpoints."""
    return [
        ("Graph slice, hub (htmx)", f"/researchers/{hub_slug}/graph/slice/", HTMX),
        ("Explorer JSON, hub, depth 1", f"/researchers/{hub_slug}/graph.json?depth=1", {}),
        ("Explorer JSON, hub, depth 2", f"/researchers/{hub_slug}/graph.json?depth=2", {}),
    ]


def graph_hub_slug(database_url: str) -> str | None:
    """The researcher with the most co-authors (a natural hub in a synthetic corpus). One query."""
    import psycopg

    with psycopg.connect(_libpq_url(database_url)) as conn:
        row = conn.execute(
            """
            SELECT r.slug FROM (
                SELECT id, count(*) AS n FROM (
                    SELECT researcher_a_id AS id FROM graph_collaborationedge
                    UNION ALL
                    SELECT researcher_b_id FROM graph_collaborationedge
                ) ends GROUP BY id ORDER BY n DESC LIMIT 1
            ) top JOIN profiles_researcher r ON r.id = top.id
            """
        ).fetchone()
    return row[0] if row else None


def _libpq_url(database_url: str) -> str:
    # dj-database-url accepts "postgres://"; libpq does too, but not Django-only schemes.
    scheme = urlsplit(database_url).scheme
    if "+" in scheme:
        return database_url.replace(f"{scheme}://", "postgresql://", 1)
    return database_url


def _median_ms(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def networkx_bench(database_url: str, hub_slug: str) -> list[dict]:
    """Load the collaboration graph into networkx once, then time ego_graph for the hub."""
    import networkx as nx
    import psycopg

    started = time.perf_counter()
    graph = nx.Graph()
    with psycopg.connect(_libpq_url(database_url)) as conn:
        hub_id = conn.execute(
            "SELECT id FROM profiles_researcher WHERE slug = %s", [hub_slug]
        ).fetchone()
        with conn.cursor(name="edges") as cursor:  # server-side: streams, never all in memory
            cursor.itersize = 50_000
            cursor.execute(
                "SELECT researcher_a_id, researcher_b_id, shared_works FROM graph_collaborationedge"
            )
            graph.add_weighted_edges_from(cursor, weight="shared_works")
    load_s = time.perf_counter() - started
    if hub_id is None or hub_id[0] not in graph:
        return [
            {
                "label": f"networkx ego_graph ({hub_slug})",
                "kind": "networkx",
                "skipped": "hub has no edges",
                "graph_nodes": graph.number_of_nodes(),
                "graph_edges": graph.number_of_edges(),
                "load_s": load_s,
            }
        ]
    rows = []
    for radius in (1, 2):
        # A hub's depth-2 ego graph is most of the graph: a few runs are enough for a median.
        ms, ego = _median_ms(
            lambda r=radius: nx.ego_graph(graph, hub_id[0], radius=r), repeat=NETWORKX_REPEAT
        )
        rows.append(
            {
                "label": f"networkx ego_graph, depth {radius}",
                "kind": "networkx",
                "ms": ms,
                "nodes": ego.number_of_nodes(),
                "edges": ego.number_of_edges(),
                "graph_nodes": graph.number_of_nodes(),
                "graph_edges": graph.number_of_edges(),
                "load_s": load_s,
            }
        )
    return rows


def sql_bench(hub_slug: str) -> list[dict]:
    """Time our own read (explorer_graph) in-process; needs Django set up (run.py does)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from graph.explorer import ExplorerParams, explorer_graph
    from graph.selectors import graph_slice
    from profiles.models import Researcher

    hub = Researcher.objects.get(slug=hub_slug)
    rows = []
    for depth in (1, 2):
        params = ExplorerParams(depth=depth)
        ms, graph = _median_ms(lambda p=params: explorer_graph(researcher=hub, params=p))
        with CaptureQueriesContext(connection) as queries:
            explorer_graph(researcher=hub, params=params)
        data = graph.as_json()
        rows.append(
            {
                "label": f"SQL explorer_graph, depth {depth}",
                "kind": "sql",
                "ms": ms,
                "queries": len(queries),
                "nodes": data["shown"],
                "total_nodes": data["total_nodes"],
                "edges": len(data["edges"]),
            }
        )
    ms, _ = _median_ms(lambda: graph_slice(researcher=hub))
    rows.append({"label": "SQL graph_slice", "kind": "sql", "ms": ms})
    return rows


def graph_bench(
    measure: Callable[[str, dict], object],
    base_url: str,
    hub_slug: str | None,
    database_url: str,
    *,
    fetch: Callable[[str, dict], tuple[int, bytes]] | None = None,
    queries_count: Callable[[str, dict], int | str] | None = None,
) -> list[dict]:
    """All three measurements. `measure(url, headers) -> Measure` is run.py's closure in main()
    (wrk with warm-up, or the Python fallback); `fetch` and `queries_count` default to run.py's.

    Returns run.py-style rows for the HTTP targets ("label", "works", "queries", "bytes",
    "page", "floor", or "skipped") followed by rows with "kind" = "sql" / "networkx";
    `graph_table()` renders them all.
    """
    if fetch is None or queries_count is None:
        from bench import run

        fetch = fetch or run.fetch
        queries_count = queries_count or run.queries_count
    hub_slug = hub_slug or graph_hub_slug(database_url)
    if hub_slug is None:
        return [{"label": "Research graph", "skipped": "no collaboration edges in the database"}]

    rows: list[dict] = []
    for label, path, headers in graph_targets(hub_slug):
        status, body = fetch(base_url + path, headers)
        if status != 200:
            rows.append({"label": label, "skipped": f"`{path}` returned {status}"})
            continue
        floor_url = f"{base_url}/_bench/floor/{len(body)}/"
        rows.append(
            {
                "label": label,
                "works": "",
                "queries": queries_count(path, headers),
                "bytes": len(body),
                "floor": measure(floor_url, {}),
                "page": measure(base_url + path, headers),
            }
        )
    rows += sql_bench(hub_slug)
    rows += networkx_bench(database_url, hub_slug)
    return rows


def graph_table(rows: list[dict]) -> str:
    """Markdown for the in-process rows (HTTP rows go through run.table())."""
    lines = [
        "| Research graph (in process) | Median | Queries | Nodes | Edges | Notes |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for r in rows:
        if r.get("kind") not in ("sql", "networkx"):
            continue
        if "skipped" in r:
            lines.append(f"| {r['label']} | | | | | skipped: {r['skipped']} |")
            continue
        notes = ""
        if r["kind"] == "networkx":
            notes = (
                f"graph of {r['graph_nodes']:,} nodes / {r['graph_edges']:,} edges "
                f"loaded in {r['load_s']:.1f} s"
            )
        elif "total_nodes" in r:
            notes = f"{r['total_nodes']:,} nodes before the 300 cap"
        lines.append(
            f"| {r['label']} | {r['ms']:.1f} ms | {r.get('queries', '')} "
            f"| {r.get('nodes', '')} | {r.get('edges', '')} | {notes} |"
        )
    return "\n".join(lines)
