from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from bzpeer.http import site_base_url
from graph.selectors import claimed_close_collaborators_count
from profiles import trust
from profiles.models import Institution, Researcher, VerificationLevel
from profiles.selectors import (
    researcher_directory,
    researcher_get,
    researcher_list_recent,
    researcher_trust,
    researchers_of_institution,
)
from profiles.seo import jsonld_script, researcher_jsonld
from works.forms import WorkListParams
from works.models import Topic, Work
from works.selectors import (
    institution_works,
    work_list_for_researcher,
    work_types_for_researcher,
    work_years_for_researcher,
)

WORKS_PER_PAGE = 20
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
        "profiles/home.html",
        {"counts": counts, "researchers": researcher_list_recent()},
    )


def _trust_context(researcher: Researcher) -> dict:
    claimed = claimed_close_collaborators_count(researcher=researcher)
    return {"trust": researcher_trust(researcher=researcher, claimed_close_collaborators=claimed)}


@require_GET
@vary_on_headers("HX-Request")
def researcher_detail(request, slug: str):
    researcher = researcher_get(slug=slug)
    params_form = WorkListParams(request.GET)
    params = params_form.values()
    works = work_list_for_researcher(researcher=researcher, **params)
    page = Paginator(works, WORKS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "researcher": researcher,
        "page": page,
        "jsonld": jsonld_script(
            researcher_jsonld(
                researcher=researcher, works=page.object_list, base_url=site_base_url(request)
            )
        ),
        "params": params,
        "params_form": params_form,
        **_trust_context(researcher),
    }
    template_name = "profiles/researcher_detail.html"
    if request.htmx:
        # "Load more" and the sort/filter form swap only the list of works.
        template_name += "#works-page" if request.GET.get("page") else "#works-section"
    else:
        context["years"] = work_years_for_researcher(researcher=researcher)
        context["types"] = work_types_for_researcher(researcher=researcher)
    return render(request, template_name, context)


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
    template_name = "profiles/researcher_trust.html"
    if request.htmx:
        template_name = "profiles/researcher_detail.html#trust-snapshot"
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
    }
    return render(request, "profiles/institution_detail.html", context)


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
    return render(request, "profiles/researcher_list.html", context)


@require_GET
def trust_explained(request):
    return render(
        request,
        "profiles/trust_explained.html",
        {"t": trust, "levels": VerificationLevel.choices, "tiers": trust.tier_ranges()},
    )
