"""`make run`: embedded PostgreSQL (unless DATABASE_URL is set), migrate, seed, gunicorn.

Ctrl-C (or SIGTERM) stops gunicorn, then this process exits and, being the last holder of
the embedded server, stops PostgreSQL too.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SHOWCASE_SLUG = "guanglu-song"


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzpeer.settings")
    if not os.environ.get("DATABASE_URL"):
        from bzpeer.db import embedded_database_url

        # Our handle keeps the server up while gunicorn's workers connect through the URL.
        os.environ["DATABASE_URL"] = embedded_database_url(BASE_DIR)

    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_seed")
    connections.close_all()

    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    workers = os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1))
    base = f"http://{host}:{port}"
    print(f"\nBZPEER is running at {base}/")
    print(f"Open a researcher page: {base}/researchers/{SHOWCASE_SLUG}/")
    print("Press Ctrl-C to stop (PostgreSQL stops with it).\n", flush=True)

    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bzpeer.wsgi",
            "--bind",
            f"{host}:{port}",
            "--workers",
            workers,
            "--access-logfile",
            "-",
        ],
        cwd=BASE_DIR,
    )
    signal.signal(signal.SIGTERM, lambda *_: gunicorn.terminate())
    try:
        return gunicorn.wait()
    except KeyboardInterrupt:
        gunicorn.send_signal(signal.SIGINT)
        return gunicorn.wait()
    finally:
        print("BZPEER stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
