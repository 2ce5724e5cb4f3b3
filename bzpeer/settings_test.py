"""Test settings: the real settings, minus work that only slows tests down."""

import os

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic; tests render templates without it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# One test database per pytest process, so parallel runs on the shared embedded server never
# drop each other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_bzpeer_{os.getpid()}"}  # noqa: F405
