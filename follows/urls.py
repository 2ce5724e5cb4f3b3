from django.urls import path

from follows import views

app_name = "follows"
urlpatterns = [
    path("researchers/<slug:slug>/follow/", views.follow_researcher, name="follow_researcher"),
    path("topics/<slug:slug>/follow/", views.follow_topic, name="follow_topic"),
    path("institutions/<slug:slug>/follow/", views.follow_institution, name="follow_institution"),
    path("following/", views.following, name="following"),
    path("following/<str:token>/feed.atom", views.following_feed, name="following_feed"),
]
