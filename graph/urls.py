from django.urls import path

from graph import views

app_name = "graph"
urlpatterns = [
    path("researchers/<slug:slug>/graph/slice/", views.researcher_graph_slice, name="slice"),
    # The interactive explorer arrives with the graph issue; until then the full page lists
    # the same neighbourhood, which is also what the explorer shows without JavaScript.
    path("researchers/<slug:slug>/graph/", views.researcher_graph_slice, name="explorer"),
]
