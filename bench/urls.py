"""The site's URLs plus `/_bench/floor/<size>/`, the framework floor pages are compared with."""

from functools import lru_cache

from django.http import HttpResponse
from django.urls import include, path

MAX_FLOOR_BYTES = 5_000_000


@lru_cache(maxsize=64)
def _body(size: int) -> bytes:
    head = b"<!doctype html><title>floor</title><p>"
    return (head + b"x" * size)[:size]


def floor(request, size: int):
    """`size` bytes of HTML through the full middleware stack: no database, no templates."""
    return HttpResponse(_body(min(size, MAX_FLOOR_BYTES)), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("_bench/floor/<int:size>/", floor, name="bench_floor"),
    path("", include("bzpeer.urls")),
]
