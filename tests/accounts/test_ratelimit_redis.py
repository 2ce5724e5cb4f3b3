"""The Redis rate-limit backend (REDIS_URL set), against a real redis-server on loopback."""

import shutil
import socket
import subprocess
import threading
import time

import pytest

from accounts.ratelimit import rate_limit_hit


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: `make test` installs it (Debian package)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(5)


def test_redis_counts_windows_per_actor(settings, redis_url):
    settings.REDIS_URL = redis_url
    settings.RATE_LIMITS = {"test": (2, 60)}
    t = 2_000_000.0
    assert [rate_limit_hit("test", "user:1", now=t).exceeded for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert not rate_limit_hit("test", "user:2", now=t).exceeded
    assert not rate_limit_hit("test", "user:1", now=t + 60).exceeded


def test_redis_counts_are_exact_under_concurrency(settings, redis_url):
    settings.REDIS_URL = redis_url
    settings.RATE_LIMITS = {"test": (1000, 3600)}
    counts = []

    def worker():
        for _ in range(25):
            counts.append(rate_limit_hit("test", "user:9", now=3_000_000.0).count)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts) == list(range(1, 201))
