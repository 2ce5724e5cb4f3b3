from django.urls import path

from works import export_views, views

app_name = "works"
urlpatterns = [
    path("works/<int:pk>/", views.work_detail, name="work_detail"),
    path(
        "researchers/<slug:slug>/works.bib",
        export_views.researcher_works_bibtex,
        name="researcher_bibtex",
    ),
    path(
        "researchers/<slug:slug>/works.ris",
        export_views.researcher_works_ris,
        name="researcher_ris",
    ),
    path(
        "researchers/<slug:slug>/works.json",
        export_views.researcher_works_csl_json,
        name="researcher_csl_json",
    ),
    path(
        "researchers/<slug:slug>/feed.atom",
        export_views.researcher_works_atom,
        name="researcher_atom",
    ),
]
