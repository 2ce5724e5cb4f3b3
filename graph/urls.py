from django.urls import path

from graph import views

app_name = "graph"
urlpatterns = [
    path("researchers/<slug:slug>/graph/slice/", views.researcher_graph_slice, name="slice"),
    path("researchers/<slug:slug>/graph/", views.researcher_graph_explorer, name="explorer"),
    path("researchers/<slug:slug>/graph.json", views.researcher_graph_json, name="explorer_json"),
]
