from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("trust/", views.trust_explained, name="trust_explained"),
    path("me/", views.account_home, name="account_home"),
    path("researchers/", views.researcher_directory_view, name="researcher_list"),
    path("researchers/<slug:slug>/", views.researcher_detail, name="researcher_detail"),
    path(
        "researchers/<slug:slug>/trust/", views.researcher_trust_snapshot, name="researcher_trust"
    ),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
