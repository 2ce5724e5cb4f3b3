"""Settings for `make bench`: the real settings plus the floor view's URLconf.

Nothing else changes, so the pages are measured with production middleware, templates,
static-file storage and persistent database connections.
"""

from bzpeer.settings import *  # noqa: F403
from bzpeer.settings import ALLOWED_HOSTS, BASE_DIR

ROOT_URLCONF = "bench.urls"
DEBUG = False
# testserver: run.py counts each page's queries with Django's test client.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "localhost", "testserver"]
# bench/out/ is git-ignored; keeps the bench's collectstatic apart from `make run`'s.
STATIC_ROOT = BASE_DIR / "bench" / "out" / "staticfiles"
