from django.urls import path

from works import views

app_name = "works"
urlpatterns = [
    path("works/<int:pk>/", views.work_detail, name="work_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
