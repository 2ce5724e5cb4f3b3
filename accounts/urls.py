from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/notifications/read/", views.notifications_read, name="notifications_read"),
]
