import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from accounts.models import Notification
from bzpeer.http import site_base_url
from claims.models import Claim
from claims.selectors import claim_section_context
from conversations.selectors import collaboration_section_context
from follows.selectors import (
    follow_section_context,
    institution_follow_context,
    topic_follow_context,
)
from graph.selectors import claimed_close_collaborators_count
from pages.selectors import researcher_directory
from pages.seo import jsonld_script, researcher_jsonld
from profiles import trust
from profiles.models import Institution, Researcher, VerificationLevel
from profiles.selectors import (
    researcher_get,
    researcher_list_recent,
    researcher_trust,
    researchers_of_institution,
)
from works.forms import WorkListParams
from works.models import Topic, Work
from works.selectors import (
    institution_works,
    topic_researchers,
    topic_works,
    work_list_for_researcher,
    work_types_for_researcher,
    work_years_for_researcher,
)

WORKS_PER_PAGE = 20
WORKS_SECTION_CACHE_SECONDS = 300
DIRECTORY_PER_PAGE = 48
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@require_GET
def home(request):
    counts = {
        "researchers": Researcher.objects.count(),
        "works": Work.objects.visible().count(),
        "topics": Topic.objects.count(),
    }
    return render(
        request,
        "pages/home.html",
        {"counts": counts, "researchers": researcher_list_recent()},
    )


def _trust_context(researcher: Researcher) -> dict:
    claimed = claimed_close_collaborators_count(researcher=researcher)
    return {"trust": researcher_trust(researcher=researcher, claimed_close_collaborators=claimed)}


def _works_section_context(request, researcher: Researcher) -> dict:
    params_form = WorkListParams(request.GET)
    params = params_form.values()
    works = work_list_for_researcher(researcher=researcher, **params)
    return {
        "researcher": researcher,
        "page": Paginator(works, WORKS_PER_PAGE).get_page(request.GET.get("page")),
        "params": params,
        "params_form": params_form,
    }


def _works_section_cached(request, researcher: Researcher) -> dict[str, str]:
    """The published-work section and the page's JSON-LD: most of the page's cost, cached.

    The key holds `researcher.updated`, which every write path that changes the researcher's
    works bumps (the counter refresh), so a new work shows at once; edits that bypass those
    paths (a typo fixed in admin) show within WORKS_SECTION_CACHE_SECONDS.
    """
    query = hashlib.md5(request.GET.urlencode().encode(), usedforsecurity=False).hexdigest()
    key = f"works-section:{researcher.pk}:{researcher.updated.timestamp()}:{query}"

    def render_section() -> dict[str, str]:
        context = _works_section_context(request, researcher)
        context["years"] = work_years_for_researcher(researcher=researcher)
        context["types"] = work_types_for_researcher(researcher=researcher)
        works_jsonld = researcher_jsonld(
            researcher=researcher,
            works=context["page"].object_list,
            base_url=site_base_url(request),
        )
        return {
            "html": render_to_string(
                "pages/researcher_detail.html#works-section", context, request
            ),
            "jsonld": jsonld_script(works_jsonld),
        }

    return cache.get_or_set(key, render_section, WORKS_SECTION_CACHE_SECONDS)


@require_GET
@vary_on_headers("HX-Request")
def researcher_detail(request, slug: str):
    researcher = researcher_get(slug=slug)
    if request.htmx:
        # "Load more" and the sort/filter form swap only the list of works.
        partial = "#works-page" if request.GET.get("page") else "#works-section"
        context = _works_section_context(request, researcher)
        if partial == "#works-section":
            context["years"] = work_years_for_researcher(researcher=researcher)
            context["types"] = work_types_for_researcher(researcher=researcher)
        return render(request, "pages/researcher_detail.html" + partial, context)
    context = {
        "researcher": researcher,
        "works_section": _works_section_cached(request, researcher),
        **_trust_context(researcher),
        **claim_section_context(request, researcher),
        **collaboration_section_context(request, researcher),
        **follow_section_context(request, researcher),
    }
    return render(request, "pages/researcher_detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def researcher_trust_snapshot(request, slug: str):
    researcher = researcher_get(slug=slug)
    context = {
        "researcher": researcher,
        "years": work_years_for_researcher(researcher=researcher),
        "total_topics": researcher.topics_count,
        **_trust_context(researcher),
    }
    template_name = "pages/researcher_trust.html"
    if request.htmx:
        template_name = "pages/researcher_detail.html#trust-snapshot"
    return render(request, template_name, context)


@require_GET
def institution_detail(request, slug: str):
    institution = get_object_or_404(Institution, slug=slug)
    context = {
        "institution": institution,
        "researchers": Paginator(
            researchers_of_institution(institution=institution), DIRECTORY_PER_PAGE
        ).get_page(request.GET.get("rpage")),
        "page": Paginator(institution_works(institution=institution), WORKS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        **institution_follow_context(request, institution),
    }
    return render(request, "pages/institution_detail.html", context)


@require_GET
def researcher_directory_view(request):
    letter = request.GET.get("letter", "").upper()
    letter = letter if len(letter) == 1 and letter in LETTERS else ""
    topic = Topic.objects.filter(slug=request.GET.get("topic", "")).first()
    query = request.GET.get("q", "").strip()[:100]
    researchers = researcher_directory(
        letter=letter or None, topic_slug=topic.slug if topic else None, query=query or None
    )
    context = {
        "page": Paginator(researchers, DIRECTORY_PER_PAGE).get_page(request.GET.get("page")),
        "letter": letter,
        "query": query,
        "letters": LETTERS,
        "topic": topic,
        "topics": Topic.objects.order_by("name"),
    }
    return render(request, "pages/researcher_list.html", context)


@require_GET
def trust_explained(request):
    return render(
        request,
        "pages/trust_explained.html",
        {
            "t": trust,
            "levels": VerificationLevel.choices,
            "tiers": trust.tier_ranges(),
            "examples": trust.trust_examples(),
        },
    )


@require_GET
def topic_detail(request, slug: str):
    topic = get_object_or_404(Topic, slug=slug)
    context = {
        "topic": topic,
        "researchers": Paginator(topic_researchers(topic=topic), WORKS_PER_PAGE).get_page(
            request.GET.get("rpage")
        ),
        "page": Paginator(topic_works(topic=topic), WORKS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        **topic_follow_context(request, topic),
    }
    return render(request, "pages/topic_detail.html", context)


@require_GET
@login_required
def account_home(request):
    user = request.user
    context = {
        "owned": Researcher.objects.filter(claimed_by=user).first(),
        "claims": Claim.objects.filter(user=user).select_related("researcher"),
        "notifications": Notification.objects.filter(user=user)[:20],
    }
    return render(request, "pages/account_home.html", context)
