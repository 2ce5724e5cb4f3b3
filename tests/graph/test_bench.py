"""bench/graph.py runs, and networkx agrees with our SQL on the seed's neighbourhoods."""

import pytest
from django.db import connection
from psycopg.conninfo import make_conninfo

from bench.graph import graph_table, networkx_bench, sql_bench
from graph.explorer import ExplorerParams, explorer_graph
from profiles.models import Researcher

pytestmark = pytest.mark.django_db


def conninfo() -> str:
    params = connection.get_connection_params()
    keys = ["dbname", "user", "password", "host", "port"]
    return make_conninfo(**{k: params[k] for k in keys if params.get(k)})


def test_networkx_and_sql_find_the_same_neighbourhood():
    song = Researcher.objects.get(slug="guanglu-song")
    rows = networkx_bench(conninfo(), "guanglu-song")  # seed rows are committed: visible
    for depth, row in zip((1, 2), rows, strict=True):
        graph = explorer_graph(researcher=song, params=ExplorerParams(depth=depth))
        assert row["nodes"] == 1 + graph.totals["researcher"]
    table = graph_table(rows + sql_bench("guanglu-song"))
    assert "networkx ego_graph, depth 2" in table and "SQL explorer_graph, depth 1" in table


def test_graph_bench_measures_each_target_next_to_a_floor():
    from bench.graph import graph_bench

    measured = []

    def measure(url, headers):
        measured.append(url)
        return "measure"

    rows = graph_bench(
        measure,
        "http://bench",
        "guanglu-song",
        conninfo(),
        fetch=lambda url, headers: (200, b"x" * 123),
        queries_count=lambda path, headers: 7,
    )
    http = [r for r in rows if "page" in r]
    assert [r["label"] for r in http] == [
        "Graph slice, hub (htmx)",
        "Explorer JSON, hub, depth 1",
        "Explorer JSON, hub, depth 2",
    ]
    assert measured[0] == "http://bench/_bench/floor/123/"
    assert "http://bench/researchers/guanglu-song/graph.json?depth=2" in measured
    assert {r["kind"] for r in rows if "kind" in r} == {"sql", "networkx"}
