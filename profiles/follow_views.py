"""Following researchers, topics and institutions; the Following page and its feeds.

(Skeleton: helper replaces every function below with the real view.)
"""

from django.http import Http404


def follow_researcher(request, slug: str):
    raise Http404


def follow_topic(request, slug: str):
    raise Http404


def follow_institution(request, slug: str):
    raise Http404


def following(request):
    raise Http404


def following_feed(request, token: str):
    raise Http404
