import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the committed seed data once per test session; every test sees it and rolls back."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)
