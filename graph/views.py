from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from graph.selectors import close_collaborators
from profiles.selectors import researcher_get


@require_GET
@vary_on_headers("HX-Request")
def researcher_graph_slice(request, slug: str):
    researcher = researcher_get(slug=slug)
    context = {
        "researcher": researcher,
        "collaborators": close_collaborators(researcher=researcher),
    }
    template_name = "graph/slice.html"
    if request.htmx:
        template_name += "#graph-slice"
    return render(request, template_name, context)
