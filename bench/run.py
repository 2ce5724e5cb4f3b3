"""`make bench`: load-test the researcher pages against a framework floor measured in the same run.

One run: install wrk (apt) if missing, prepare the `bzpeer_bench` database (migrate, seed, a
2,000-work "Bench Hub"), start one gunicorn with 2 workers on a free port, then for every target
measure a floor view returning the same number of bytes and the page itself, print a table and
write bench/RESULTS.md. See bench/README.md for how to read the numbers.

Environment: BENCH_DURATION (seconds per measurement, default 10), DATABASE_URL (any
PostgreSQL; the bench uses a database named bzpeer_bench on that server), BENCH_RESET=1 (drop
and rebuild bzpeer_bench, e.g. after the seed fixture changed shape).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
OUT_DIR = BASE_DIR / "bench" / "out"
RESULTS = BASE_DIR / "bench" / "RESULTS.md"
sys.path.insert(0, str(BASE_DIR))

BENCH_DB = "bzpeer_bench"
HUB_SLUG = "bench-hub"
HUB_NAME = "Bench Hub"
HUB_WORKS = 2000
WORKERS = 2
THREADS = 2
CONNECTIONS = 16
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = min(2, DURATION)
HTMX = {"HX-Request": "true"}

# (label, path, extra headers)
TARGETS = [
    ("Guanglu Song page", "/researchers/guanglu-song/", {}),
    ("Qi Tian page", "/researchers/qi-tian/", {}),
    ("Lu Yuan page", "/researchers/lu-yuan/", {}),
    ("Bench Hub page (2,000 works)", f"/researchers/{HUB_SLUG}/", {}),
    ("Trust partial (htmx)", "/researchers/guanglu-song/trust/", HTMX),
]


@dataclass
class Measure:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: str = ""


# --- load generator ---------------------------------------------------------------------------


def wrk_install() -> str | None:
    """Return the wrk path, installing Debian's package if needed; None when apt cannot."""
    if path := shutil.which("wrk"):
        return path
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None or not shutil.which("apt-get"):
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*sudo, "apt-get", "install", "-y", "-qq", "wrk"]
    print("Installing wrk from Debian...", flush=True)
    for attempt in ([install], [[*sudo, "apt-get", "update", "-qq"], install]):
        ok = all(
            subprocess.run(cmd, env=env, capture_output=True).returncode == 0 for cmd in attempt
        )
        if ok and (path := shutil.which("wrk")):
            return path
    return None


def wrk_command(wrk: str, url: str, headers: dict, duration: int) -> list[str]:
    cmd = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    return [*cmd, url]


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def wrk_parse(output: str) -> Measure:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = []
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors.append(f"{m.group(1)} non-2xx")
    if m := re.search(r"Socket errors: (.*)", output):
        errors.append(f"socket errors: {m.group(1).strip()}")
    return Measure(rps, p50, p99, "; ".join(errors))


def wrk_run(wrk: str, url: str, headers: dict, duration: int) -> Measure:
    result = subprocess.run(
        wrk_command(wrk, url, headers, duration), capture_output=True, text=True, check=True
    )
    return wrk_parse(result.stdout)


def python_run(url: str, headers: dict, duration: int) -> Measure:
    """Fallback when wrk is unavailable: CONNECTIONS keep-alive threads, one request at a time.

    Python's GIL caps it well below wrk, so its numbers are comparable only with each other.
    """
    parts = urlsplit(url)
    deadline = time.perf_counter() + duration
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    failures = [0] * CONNECTIONS

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", parts.path, headers=headers)
                response = conn.getresponse()
                response.read()
            except OSError:
                failures[i] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            latencies[i].append((time.perf_counter() - start) * 1000)
            if response.status >= 400:
                failures[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    flat = sorted(x for per in latencies for x in per)
    if len(flat) < 2:
        return Measure(0.0, 0.0, 0.0, "no responses")
    cuts = statistics.quantiles(flat, n=100)
    errors = f"{sum(failures)} errors" if sum(failures) else ""
    return Measure(len(flat) / elapsed, cuts[49], cuts[98], errors)


# --- database -----------------------------------------------------------------------------------


def database_create(admin_uri: str, name: str) -> None:
    """Create database `name` if missing; BENCH_RESET=1 drops and recreates it first."""
    import psycopg
    from psycopg import errors, sql

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        if os.environ.get("BENCH_RESET") == "1":
            print(f"BENCH_RESET=1: dropping database {name}", flush=True)
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            with contextlib.suppress(errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_database_url() -> tuple[str, object]:
    """DATABASE_URL of `bzpeer_bench` on the configured server (embedded unless DATABASE_URL).

    Returns the URL and the embedded server handle (None otherwise); holding the handle keeps
    the embedded server up while gunicorn's workers connect through the URL.
    """
    if url := os.environ.get("DATABASE_URL"):
        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(path="/postgres"))
        database_create(admin, BENCH_DB)
        return urlunsplit(parts._replace(path=f"/{BENCH_DB}")), None

    from bzpeer.db import embedded_server

    server = embedded_server(BASE_DIR)
    info = server.get_postmaster_info()
    database_create(info.get_uri(database="postgres"), BENCH_DB)
    # dj-database-url reads a Unix socket directory from a percent-encoded host.
    return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}/{BENCH_DB}", server


def database_prepare() -> dict[str, int]:
    """Migrate, load the seed, make the Bench Hub; all idempotent. Returns works per slug."""
    import django
    from django.core.management import call_command, get_commands
    from django.db import connections, transaction

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if "load_seed" in get_commands():
        call_command("load_seed", verbosity=0)
    else:
        print("WARNING: no load_seed command yet; seed pages will be skipped.", flush=True)

    from profiles.models import Researcher
    from tests.factories import researcher_create, works_create
    from works.models import Authorship

    with transaction.atomic():
        hub = Researcher.objects.filter(slug=HUB_SLUG).first() or researcher_create(
            HUB_NAME, slug=HUB_SLUG
        )
        missing = HUB_WORKS - Authorship.objects.filter(researcher=hub).count()
        if missing > 0:
            print(f"Creating {missing} works for {HUB_NAME}...", flush=True)
            works_create(hub, missing)
    counts = dict(Researcher.objects.values_list("slug", "works_count"))
    connections.close_all()
    return counts


def queries_count(path: str, headers: dict) -> int | str:
    """SQL queries one request to `path` makes (second request, so caches are warm)."""
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=headers)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    connections.close_all()
    return len(queries) if status == 200 else ""


# --- server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def gunicorn_start(port: int, env: dict) -> subprocess.Popen:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    log = (OUT_DIR / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bzpeer.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log.name}")
        with contextlib.suppress(OSError):
            if fetch(f"http://127.0.0.1:{port}/_bench/floor/10/", {})[0] == 200:
                return process
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within 30 s; see {log.name}")


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # graceful: workers finish their requests
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- report -------------------------------------------------------------------------------------


def fmt_rps(value: float) -> str:
    return f"{value:,.0f}"


def fmt_ms(value: float) -> str:
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def table(rows: list[dict]) -> str:
    head = (
        "| Target | Works | Queries | Bytes | Page req/s | Page p50 | Page p99 "
        "| Floor req/s | Floor p50 | Floor p99 | Page / floor |\n"
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    )
    lines = [head]
    for r in rows:
        if "skipped" in r:
            lines.append(f"| {r['label']} | | | | skipped: {r['skipped']} | | | | | | |")
            continue
        page, floor = r["page"], r["floor"]
        ratio = page.rps / floor.rps if floor.rps else 0.0
        pairs = (("page", page), ("floor", floor))
        note = "; ".join(f"{k}: {m.errors}" for k, m in pairs if m.errors)
        lines.append(
            f"| {r['label']}{' (' + note + ')' if note else ''} | {r['works']} | {r['queries']} "
            f"| {r['bytes']:,} "
            f"| {fmt_rps(page.rps)} | {fmt_ms(page.p50_ms)} | {fmt_ms(page.p99_ms)} "
            f"| {fmt_rps(floor.rps)} | {fmt_ms(floor.p50_ms)} | {fmt_ms(floor.p99_ms)} "
            f"| {ratio:.2f} |"
        )
    return "\n".join(lines)


def results_write(
    rows: list[dict], tool: str, command: str, started: dt.datetime, load: str, scale: str = ""
) -> str:
    body = table(rows)
    text = f"""# Benchmark results

Written by `make bench` (bench/run.py); rerun it to refresh. See bench/README.md.

- Date: {started.strftime("%Y-%m-%d %H:%M UTC")}
- Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()};
  load average before the run {load} (other busy processes skew the numbers)
- Server: gunicorn, {WORKERS} sync workers, `DJANGO_SETTINGS_MODULE=bench.settings` (DEBUG off,
  persistent connections), database `{BENCH_DB}` on the same PostgreSQL as the dev database
- Tool: {tool}
- Command (per target, after a {WARMUP} s warm-up of the same command): `{command}`

{body}

## How to read this

Each page is measured next to a floor: a view at `/_bench/floor/<bytes>/` that returns the same
number of bytes through the same middleware and gunicorn, with no database and no templates.
The floor is what Django and gunicorn cost on this machine in this run; *Page / floor* is the
share of that ceiling the page reaches (1.00 = the page costs nothing beyond the framework).
Compare ratios, not raw requests/s, across machines and runs: the floor moves with the
hardware, the ratio moves with our code. *Queries* is the number of SQL queries one request
makes once warm (counted in-process with Django's test client); it should not grow with
*Works*. The researcher page caches its rendered works section (keyed by the researcher's
last update), so under load it serves from that cache: cold, a page makes 8 queries.
p50 and p99 are latencies at {CONNECTIONS} concurrent connections, so they include queueing
behind the {WORKERS} workers. The Bench Hub row shows whether a page's cost grows with the
number of works (it should not: pages are paginated and counters are denormalised).
"""
    RESULTS.write_text(text + ("\n" + scale if scale else ""))
    return body


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    started = dt.datetime.now(dt.UTC)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    wrk = wrk_install()
    if wrk:
        tool = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout.split("\n")[0]
        tool = f"{tool.strip() or 'wrk'} (Debian package)"
        command = " ".join(wrk_command("wrk", "<url>", {}, DURATION)[:-1]) + " <url>"
    else:
        tool = (
            f"bench/run.py's Python threaded load generator ({CONNECTIONS} keep-alive "
            "connections; wrk could not be installed) - numbers are lower than wrk's"
        )
        command = f"python_run(url, duration={DURATION})"
    print(f"Load generator: {tool}", flush=True)

    url, _server = bench_database_url()  # _server: keeps the embedded PostgreSQL up
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    print(f"Preparing database {BENCH_DB}...", flush=True)
    works = database_prepare()

    def measure(target_url: str, headers: dict) -> Measure:
        if wrk:
            wrk_run(wrk, target_url, headers, WARMUP)
            return wrk_run(wrk, target_url, headers, DURATION)
        python_run(target_url, headers, WARMUP)
        return python_run(target_url, headers, DURATION)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(BASE_DIR)}
    gunicorn = gunicorn_start(port, env)
    rows = []
    try:
        for label, path, headers in TARGETS:
            status, body = fetch(base + path, headers)
            slug = path.split("/")[2]
            if status != 200:
                print(f"SKIP {label}: {path} returned {status}", flush=True)
                rows.append({"label": label, "skipped": f"`{path}` returned {status}"})
                continue
            size = len(body)
            floor_url = f"{base}/_bench/floor/{size}/"
            floor_status, floor_body = fetch(floor_url, {})
            assert floor_status == 200 and len(floor_body) == size, "floor view is broken"
            print(f"{label}: {path} ({size:,} bytes) vs floor...", flush=True)
            floor = measure(floor_url, {})
            page = measure(base + path, headers)
            rows.append(
                {
                    "label": label,
                    "works": works.get(slug, ""),
                    "queries": queries_count(path, headers),
                    "bytes": size,
                    "page": page,
                    "floor": floor,
                }
            )
    finally:
        gunicorn_stop(gunicorn)

    scale = ""
    if os.environ.get("BENCH_SCALE", "1") != "0":
        # Import throughput and the graph at scale, each on a database of its own.
        subprocess.run([sys.executable, str(BASE_DIR / "bench" / "scale.py")], check=True)
        scale = (OUT_DIR / "scale.md").read_text()
    body = results_write(rows, tool, command, started, load, scale)
    print()
    print(body)
    print(f"\nWritten to {RESULTS.relative_to(BASE_DIR)}")
    return 0 if all("page" in r for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
