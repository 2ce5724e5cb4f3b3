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
