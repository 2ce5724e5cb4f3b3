import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from graph.explorer import explorer_graph
from graph.forms import ExplorerParamsForm
from graph.picture import ego_picture
from graph.selectors import graph_slice
from profiles.selectors import researcher_get

logger = logging.getLogger(__name__)

GRAPH_JSON_CACHE_SECONDS = 300

SLICE_ERROR = "Could not build the graph slice."
EXPLORER_ERROR = "Could not build the research graph right now."


def _bounded(read, **kwargs):
    """Run a graph read in its own transaction under a PostgreSQL statement timeout."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # The graph reads are bounded, but a cold cache or a hub can still make them slow:
            # past settings.GRAPH_STATEMENT_TIMEOUT_MS PostgreSQL cancels them and the page
            # shows a retry. set_config(..., true) is SET LOCAL: it ends with this transaction.
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true)",
                [str(settings.GRAPH_STATEMENT_TIMEOUT_MS)],
            )
        return read(**kwargs)


@require_GET
@vary_on_headers("HX-Request")
def researcher_graph_slice(request, slug: str):
    """The slice on the researcher page (htmx fragment) or on its own page (full page).

    Fails soft: any error or timeout answers with a "could not build" fragment and a Retry
    button (200 to htmx so it swaps in; 503 for the full page).
    """
    researcher = researcher_get(slug=slug)
    context = {"researcher": researcher, "error": None}
    try:
        data = _bounded(graph_slice, researcher=researcher)
    except Exception:
        logger.exception("graph slice failed for %s", researcher.slug)
        context["error"] = SLICE_ERROR
        status = 200 if request.htmx else 503
    else:
        context["slice"] = data
        context["picture"] = ego_picture(
            centre=researcher, coauthors=data.coauthors, edges=data.edges
        )
        status = 200
    template_name = "graph/slice.html"
    if request.htmx:
        template_name += "#graph-slice"
    return render(request, template_name, context, status=status)


_QUERY_NAMES = {field: key for key, field in ExplorerParamsForm.ALIASES.items()}


def _explorer_params(request):
    form = ExplorerParamsForm.from_query(request.GET)
    return form, (form.params() if form.is_valid() else None)


@require_GET
@vary_on_headers("HX-Request")
def researcher_graph_explorer(request, slug: str):
    """The full explorer: the graph (JavaScript) over the same neighbourhood as sorted lists.

    htmx asks for the lists alone (#explorer-lists) when the explorer re-centres or filters.
    """
    researcher = researcher_get(slug=slug)
    form, params = _explorer_params(request)
    context = {
        "researcher": researcher,
        "form": form,
        "error": None,
        "graph": None,
    }
    status = 200
    if params is None:
        context["error"] = "These filters are not valid; showing nothing until they are fixed."
        status = 400
    else:
        try:
            graph = _bounded(explorer_graph, researcher=researcher, params=params)
        except Exception:
            logger.exception("graph explorer failed for %s", researcher.slug)
            context["error"] = EXPLORER_ERROR
            status = 200 if request.htmx else 503
        else:
            context["graph"] = graph
            context["graph_json"] = graph.as_json()
    template_name = "graph/explorer.html"
    if request.htmx:
        template_name += "#explorer-lists"
    return render(request, template_name, context, status=status)


@require_GET
def researcher_graph_json(request, slug: str):
    """The explorer's data; format in graph/explorer.py. Never a 500: 400/404/503 with JSON."""
    try:
        researcher = researcher_get(slug=slug)
    except Http404:
        return JsonResponse({"error": f"No researcher {slug!r}."}, status=404)
    form, params = _explorer_params(request)
    if params is None:
        return JsonResponse(
            {
                "error": "Invalid parameters.",
                "fields": {
                    _QUERY_NAMES.get(k, k): [str(m) for m in v] for k, v in form.errors.items()
                },
            },
            status=400,
        )
    # A hub's neighbourhood takes about a second to gather; the answer is kept for a few
    # minutes, and at once replaced when the researcher's own record changes (their key).
    digest = hashlib.md5(repr(params).encode(), usedforsecurity=False).hexdigest()
    key = f"graph-json:{researcher.pk}:{researcher.updated.timestamp()}:{digest}"
    data = cache.get(key)
    if data is None:
        try:
            data = _bounded(explorer_graph, researcher=researcher, params=params).as_json()
        except Exception:
            logger.exception("graph JSON failed for %s", researcher.slug)
            return JsonResponse({"error": EXPLORER_ERROR}, status=503)
        cache.set(key, data, GRAPH_JSON_CACHE_SECONDS)
    return JsonResponse(data)
