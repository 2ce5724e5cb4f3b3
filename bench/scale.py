"""Scale benchmarks, run by bench/run.py in a process of their own (each has its own database):

1. Import throughput: `manage.py import_openalex` on a generated 100k-work corpus into an empty
   database, next to the floor of a plain COPY of the same lines into a bare table in the
   same run (works per second, and the ratio).
2. The research graph at scale: a corpus of 100,000 researchers and about 1M authorships,
   imported once (kept between runs), served by gunicorn; the hub's slice and explorer JSON
   under load next to same-size floors, our SQL in process, and networkx on an in-memory copy
   (bench/graph.py).
3. BENCH_1M=1 adds the time of a 1M-work load (about 25 minutes on 2 cores).

Writes bench/out/scale.md, which run.py puts into bench/RESULTS.md.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import identity, run  # noqa: E402

OUT = run.OUT_DIR
IMPORT_WORKS, IMPORT_RESEARCHERS = 100_000, 10_000
GRAPH_WORKS, GRAPH_RESEARCHERS = 220_000, 100_000  # about 1M authorships
BIG_WORKS = 1_000_000


def server_urls(name: str) -> tuple[str, str, object]:
    """(admin libpq URI, Django DATABASE_URL for database `name`, embedded server handle)."""
    if url := os.environ.get("DATABASE_URL"):
        parts = urlsplit(url)
        return (
            urlunsplit(parts._replace(path="/postgres")),
            urlunsplit(parts._replace(path=f"/{name}")),
            None,
        )
    from bzpeer.db import embedded_server

    server = embedded_server(BASE_DIR)
    info = server.get_postmaster_info()
    socket = quote(str(info.socket_dir), safe="")
    return info.get_uri(database="postgres"), f"postgres://postgres@{socket}/{name}", server


def database_fresh(admin: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(url: str, *args: str) -> float:
    """Run manage.py against database `url`; return its wall time in seconds."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bzpeer.settings"}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], env=env, check=True)
    return time.perf_counter() - started


def corpus(works: int, researchers: int) -> Path:
    path = OUT / f"corpus-{works}w-{researchers}r-s1.jsonl.gz"
    if not path.exists():
        print(f"Generating {path.name}...", flush=True)
        tmp = path.with_suffix(".tmp.gz")
        admin, url, _ = server_urls("postgres")
        manage(url, "generate_corpus", "--researchers", str(researchers), "--works", str(works),
               "--seed", "1", "--output", str(tmp))  # fmt: skip
        tmp.rename(path)
    return path


def import_bench() -> str:
    path = corpus(IMPORT_WORKS, IMPORT_RESEARCHERS)
    admin, url, _server = server_urls("bzpeer_bench_import")
    database_fresh(admin, "bzpeer_bench_import")
    manage(url, "migrate", "-v0")
    print(f"Importing {path.name} into an empty database...", flush=True)
    seconds = manage(url, "import_openalex", str(path), "--rejects", str(OUT / "import.rejects"))
    again = manage(url, "import_openalex", str(path), "--rejects", str(OUT / "import2.rejects"))

    import psycopg

    print("Floor: COPY of the same lines into a bare table...", flush=True)
    lines = 0
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        conn.execute("CREATE TABLE bare_import (doc jsonb)")
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy("COPY bare_import (doc) FROM STDIN") as copy,
            gzip.open(path, "rt", encoding="utf-8") as f,
        ):
            for line in f:
                copy.write_row((line.rstrip("\n"),))
                lines += 1
        conn.commit()
        floor = time.perf_counter() - started
        conn.execute("DROP TABLE bare_import")
        conn.commit()
    floor_rate = IMPORT_WORKS / floor

    def row(label: str, took: float) -> str:
        rate = IMPORT_WORKS / took
        return f"| {label} | {took:.1f} s | {rate:,.0f} | {rate / floor_rate:.3f} |"

    return f"""## Import throughput

`manage.py import_openalex` of a generated corpus ({IMPORT_WORKS:,} works, {IMPORT_RESEARCHERS:,}
researchers, {lines - IMPORT_WORKS:,} author lines; `generate_corpus --seed 1`) into an empty
database, against the floor of a plain `COPY` of the same {lines:,} lines (decompressed in the
same way) into a bare `jsonb` table on the same server, in the same run.

| Load | Time | Works/s | Import / floor |
|---|--:|--:|--:|
{row("import_openalex, empty database", seconds)}
{row("import_openalex again, same file (all unchanged)", again)}
| Floor: COPY into a bare table | {floor:.1f} s | {floor_rate:,.0f} | 1.000 |
"""


def graph_database() -> tuple[str, object, str]:
    """The graph-scale database, imported once and kept; returns (url, server, note)."""
    path = corpus(GRAPH_WORKS, GRAPH_RESEARCHERS)
    admin, url, server = server_urls("bzpeer_bench_graph")
    import psycopg

    marker = f"{path.name} imported"
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            done = conn.execute(
                "SELECT 1 FROM works_importrun"
                " WHERE finished IS NOT NULL AND arguments::text LIKE %s",
                [f"%{path.name}%"],
            ).fetchone()
    except psycopg.Error:
        done = None
    if done:
        return url, server, f"{marker} earlier (kept between runs)"
    database_fresh(admin, "bzpeer_bench_graph")
    manage(url, "migrate", "-v0")
    print(f"Importing {path.name} for the graph benchmark (once)...", flush=True)
    seconds = manage(url, "import_openalex", str(path), "--rejects", str(OUT / "graph.rejects"))
    manage(url, "collectstatic", "--noinput", "-v0")
    return url, server, f"{marker} in {seconds:.0f} s"


def graph_scale_bench(measure) -> str:
    url, _server, note = graph_database()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.db import connection

    from bench.graph import graph_bench, graph_table

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM profiles_researcher),"
            " (SELECT count(*) FROM works_work), (SELECT count(*) FROM works_authorship),"
            " (SELECT count(*) FROM graph_collaborationedge)"
        )
        researchers, works, authorships, edges = cursor.fetchone()
    port = run.free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = run.gunicorn_start(port, {**os.environ, "PYTHONPATH": str(BASE_DIR)})
    try:
        rows = graph_bench(measure, base, None, url)
    finally:
        run.gunicorn_stop(gunicorn)
    http = [r for r in rows if "kind" not in r]
    return f"""## The research graph at scale

Corpus: {researchers:,} researchers, {works:,} works, {authorships:,} authorships,
{edges:,} collaboration edges ({note}). The hub is the researcher with the most co-authors.

{run.table(http)}

{graph_table(rows)}

The slice and the explorer JSON make a fixed number of queries whatever the size of the
neighbourhood (the explorer caps it at 300 nodes and says so). networkx answers an ego-graph
query fast once the whole graph sits in memory, but loading it takes the time and memory shown
on every start, and it has to be kept in step with every write; PostgreSQL's indexed edge
table serves the same neighbourhood without a second store.
"""


def big_import_bench() -> str:
    path = corpus(BIG_WORKS, 100_000)
    admin, url, _server = server_urls("bzpeer_bench_1m")
    database_fresh(admin, "bzpeer_bench_1m")
    manage(url, "migrate", "-v0")
    print(f"Importing {path.name} (1M works)...", flush=True)
    seconds = manage(url, "import_openalex", str(path), "--rejects", str(OUT / "1m.rejects"))
    return f"""## A 1M-work load

`manage.py import_openalex` of `{path.name}` ({BIG_WORKS:,} works, 100,000 researchers) into an
empty database on this machine: {seconds / 60:.1f} minutes ({BIG_WORKS / seconds:,.0f} works/s).
"""


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    wrk = run.wrk_install()

    def measure(target_url: str, headers: dict):
        if wrk:
            run.wrk_run(wrk, target_url, headers, run.WARMUP)
            return run.wrk_run(wrk, target_url, headers, run.DURATION)
        run.python_run(target_url, headers, run.WARMUP)
        return run.python_run(target_url, headers, run.DURATION)

    parts = [import_bench(), graph_scale_bench(measure)]
    if (identity.DATA / "works.jsonl.gz").exists():  # only on our machines (../shared)
        # A process of its own: it sets up Django on its own database.
        limit = [] if os.environ.get("BENCH_IDENTITY_ALL") == "1" else ["--max-authors", "100"]
        subprocess.run(
            [sys.executable, str(BASE_DIR / "bench" / "identity.py"), *limit], check=True
        )
        parts.append((OUT / "identity.md").read_text())
    if os.environ.get("BENCH_1M") == "1":
        parts.append(big_import_bench())
    (OUT / "scale.md").write_text("\n".join(parts))
    print("\n".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
