"""Following researchers, topics and institutions; the Following page and its feeds.

The toggles are plain POST forms (`action=follow|unfollow`) that htmx enhances: with htmx the
view answers with the re-rendered button (live count), without it a redirect back and a
message. Visitors are sent to log in and brought back to the page they were on.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.ratelimit import rate_limited
from bzpeer.http import site_base_url
from follows.selectors import (
    FEED_SIZE,
    feed_works_for_user,
    following_for_user,
    user_for_feed_token,
)
from follows.services import (
    feed_token_for,
    institution_follow_set,
    researcher_follow_set,
    topic_follow_set,
)
from profiles.models import Institution, Researcher
from works.exports import works_to_atom
from works.models import Topic

ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
FOLLOW_BUTTON_TEMPLATE = "components/follow_button.html"
FOLLOW_ACTIONS = {"follow": True, "unfollow": False}
BAD_ACTION = "Say whether to follow or unfollow."
FOLLOWED = "You now follow {name}."
UNFOLLOWED = "You no longer follow {name}."
FEED_TITLE = "What you follow"


def _next_url(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def _follow(request: HttpRequest, *, obj, set_follow, label: str, url: str) -> HttpResponse:
    """The shared body of the three toggles, once the object is found."""
    back = _next_url(request, obj.get_absolute_url())
    if not request.user.is_authenticated:
        if request.htmx:  # a session that expired under an open page: leave it for the login
            return HttpResponseClientRedirect(redirect_to_login(back).url)
        return redirect_to_login(back)
    action = request.POST.get("action", "")
    if action not in FOLLOW_ACTIONS:
        return HttpResponseBadRequest(BAD_ACTION)
    is_following = set_follow(following=FOLLOW_ACTIONS[action])
    if request.htmx:
        context = {
            "follow_url": url,
            "follow_next": back,
            "label": label,
            "is_following": is_following,
            "count": obj.followers_count if isinstance(obj, Researcher) else None,
        }
        return render(request, FOLLOW_BUTTON_TEMPLATE, context)
    message = FOLLOWED if is_following else UNFOLLOWED
    messages.success(request, message.format(name=obj))
    return redirect(back)


@require_POST
@rate_limited("follow")
def follow_researcher(request, slug: str):
    researcher = get_object_or_404(Researcher, slug=slug)
    return _follow(
        request,
        obj=researcher,
        set_follow=lambda following: researcher_follow_set(
            user=request.user, researcher=researcher, following=following
        ),
        label="Follow researcher",
        url=reverse("follows:follow_researcher", args=[slug]),
    )


@require_POST
@rate_limited("follow")
def follow_topic(request, slug: str):
    topic = get_object_or_404(Topic, slug=slug)
    return _follow(
        request,
        obj=topic,
        set_follow=lambda following: topic_follow_set(
            user=request.user, topic=topic, following=following
        ),
        label="Follow topic",
        url=reverse("follows:follow_topic", args=[slug]),
    )


@require_POST
@rate_limited("follow")
def follow_institution(request, slug: str):
    institution = get_object_or_404(Institution, slug=slug)
    return _follow(
        request,
        obj=institution,
        set_follow=lambda following: institution_follow_set(
            user=request.user, institution=institution, following=following
        ),
        label="Follow institution",
        url=reverse("follows:follow_institution", args=[slug]),
    )


@require_GET
@login_required
def following(request):
    feed_path = reverse("follows:following_feed", args=[feed_token_for(request.user)])
    context = {
        "following": following_for_user(user=request.user),
        "works": feed_works_for_user(user=request.user),
        "feed_url": site_base_url(request) + feed_path,
        "feed_size": FEED_SIZE,
    }
    return render(request, "follows/following.html", context)


@require_GET
def following_feed(request, token: str):
    """The Following feed as Atom: the signed token stands in for a login, so readers work."""
    user = user_for_feed_token(token)
    if user is None:
        raise Http404
    base = site_base_url(request)
    body = works_to_atom(
        feed_works_for_user(user=user),
        title=FEED_TITLE,
        feed_url=base + request.path,
        page_url=base + reverse("follows:following"),
    )
    response = HttpResponse(body, content_type=ATOM_CONTENT_TYPE)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, max-age=300"
    return response
