"""Rate limits on write actions, counted atomically where every gunicorn worker sees them.

A limit is (requests, seconds) from settings.RATE_LIMITS, per user (per IP when anonymous),
over fixed windows. PostgreSQL counts by default: one `INSERT … ON CONFLICT DO UPDATE …
RETURNING`, which is atomic under concurrency (the local-memory and database caches are not).
With REDIS_URL set, Redis counts with INCR + EXPIRE instead.
"""

from __future__ import annotations

import functools
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.shortcuts import render
from django_htmx.http import reswap, retarget

from accounts.models import RateLimitBucket

SWEEP_PROBABILITY = 0.01  # about one hit in a hundred deletes expired windows

_UPSERT = f"""
INSERT INTO {RateLimitBucket._meta.db_table} (key, count, expires_at)
VALUES (%s, 1, %s)
ON CONFLICT (key) DO UPDATE SET count = {RateLimitBucket._meta.db_table}.count + 1
RETURNING count
"""


@dataclass(frozen=True)
class RateLimit:
    scope: str
    limit: int
    seconds: int
    count: int
    retry_after: int

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def period(self) -> str:
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if self.seconds % size == 0:
                n = self.seconds // size
                return unit if n == 1 else f"{n} {unit}s"
        return f"{self.seconds} seconds"

    @property
    def retry_after_text(self) -> str:
        minutes = -(-self.retry_after // 60)
        if minutes >= 120:
            return f"{-(-minutes // 60)} hours"
        return "1 minute" if minutes == 1 else f"{minutes} minutes"


@functools.lru_cache(maxsize=4)
def _redis(url: str):
    """One client (and connection pool) per URL for the life of the process."""
    import redis

    return redis.Redis.from_url(url)


def rate_limit_hit(scope: str, actor: str, *, now: float | None = None) -> RateLimit:
    """Count one `scope` action by `actor` ("user:42", "ip:10.0.0.1") and report the total."""
    limit, seconds = settings.RATE_LIMITS[scope]
    now = time.time() if now is None else now
    window = int(now // seconds)
    window_end = (window + 1) * seconds
    key = f"{scope}:{actor}:{window}"
    if settings.REDIS_URL:
        pipe = _redis(settings.REDIS_URL).pipeline()
        pipe.incr(f"ratelimit:{key}")
        pipe.expire(f"ratelimit:{key}", int(window_end - now) + 1)  # the window's remainder
        count = pipe.execute()[0]
    else:
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, [key, datetime.fromtimestamp(window_end, UTC)])
            (count,) = cursor.fetchone()
        if random.random() < SWEEP_PROBABILITY:
            RateLimitBucket.objects.filter(expires_at__lt=datetime.fromtimestamp(now, UTC)).delete()
    return RateLimit(scope, limit, seconds, count, retry_after=max(1, int(window_end - now)))


def actor_of(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', 'unknown')}"


def rate_limited(scope: str):
    """Decorate a view: its POSTs count against settings.RATE_LIMITS[scope]; over it, a 429."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and settings.RATE_LIMITS_ENABLED:
                hit = rate_limit_hit(scope, actor_of(request))
                if hit.exceeded:
                    return too_many_requests(request, hit)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


ACTIONS = {
    "follow": "follows and unfollows",
    "claim": "claims",
    "claim_email": "confirmation emails",
    "invite": "invitations",
    "message": "messages",
    "profile_edit": "profile edits",
    "not_mine": "“not mine” marks",
    "block": "blocks",
}


def too_many_requests(request: HttpRequest, hit: RateLimit):
    context = {"hit": hit, "action": ACTIONS.get(hit.scope, "requests")}
    if request.htmx:
        response = render(request, "accounts/rate_limited.html#message", context, status=429)
        # Show the message in the page's notice area instead of the control that was clicked.
        response = reswap(retarget(response, "#notices"), "innerHTML")
    else:
        response = render(request, "accounts/rate_limited.html", context, status=429)
    response["Retry-After"] = str(hit.retry_after)
    return response
