from django.urls import path

from conversations import views

app_name = "conversations"
urlpatterns = [
    path("researchers/<slug:slug>/invite/", views.invite, name="invite"),
    path("inbox/", views.inbox, name="inbox"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation"),
    path("conversations/<int:pk>/answer/", views.conversation_answer, name="conversation_answer"),
    path("conversations/<int:pk>/messages/", views.message_send, name="message_send"),
    path("conversations/<int:pk>/block/", views.conversation_block, name="block"),
]
