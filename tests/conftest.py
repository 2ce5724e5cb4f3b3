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
