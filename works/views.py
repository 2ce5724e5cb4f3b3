from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from profiles.follows import topic_follow_context
from works.models import Topic
from works.selectors import topic_researchers, topic_works, work_get, works_by_same_authors

PER_PAGE = 20


@require_GET
def work_detail(request, pk: int):
    work = work_get(pk=pk)
    return render(
        request,
        "works/work_detail.html",
        {"work": work, "more_works": works_by_same_authors(work=work)},
    )


@require_GET
def topic_detail(request, slug: str):
    topic = get_object_or_404(Topic, slug=slug)
    context = {
        "topic": topic,
        "researchers": Paginator(topic_researchers(topic=topic), PER_PAGE).get_page(
            request.GET.get("rpage")
        ),
        "page": Paginator(topic_works(topic=topic), PER_PAGE).get_page(request.GET.get("page")),
        **topic_follow_context(request, topic),
    }
    return render(request, "works/topic_detail.html", context)
