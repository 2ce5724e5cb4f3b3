import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the committed seed data once per test session; every test sees it and rolls back."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached fragments are keyed by row state that rolled-back tests reuse: start clean."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def mailoutbox(mailoutbox, monkeypatch):
    """Mails go out on commit (transaction.on_commit), and a test's transaction never commits:
    in tests that read the outbox, run each callback at once. tests/accounts/test_accounts.py
    checks that a rolled-back write sends nothing."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
    return mailoutbox


SMALL, LARGE = 10, 2000  # works: query counts must be the same at both sizes


@pytest.fixture
def queries_of(client):
    """queries_of(path, headers=None) -> the SQL a cold GET of `path` runs (caches cleared)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(path: str, headers: dict | None = None) -> list[str]:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, headers=headers or {})
        assert response.status_code == 200, path
        return [q["sql"] for q in captured.captured_queries]

    return run
