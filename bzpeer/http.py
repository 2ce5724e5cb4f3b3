from django.conf import settings
from django.http import HttpRequest


def site_base_url(request: HttpRequest) -> str:
    """Scheme and host for absolute links: SITE_URL when configured, else the request's own."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
