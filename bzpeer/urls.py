from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("pages.urls")),
    path("", include("works.urls")),
    path("", include("graph.urls")),
    path("", include("claims.urls")),
    path("", include("follows.urls")),
    path("", include("conversations.urls")),
]
