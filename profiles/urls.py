from django.urls import path

from profiles import claim_views, collab_views, follow_views, views

app_name = "profiles"
urlpatterns = [
    path("", views.home, name="home"),
    path("trust/", views.trust_explained, name="trust_explained"),
    path("researchers/", views.researcher_directory_view, name="researcher_list"),
    path("researchers/<slug:slug>/", views.researcher_detail, name="researcher_detail"),
    path(
        "researchers/<slug:slug>/trust/", views.researcher_trust_snapshot, name="researcher_trust"
    ),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution_detail"),
    # Following
    path(
        "researchers/<slug:slug>/follow/",
        follow_views.follow_researcher,
        name="follow_researcher",
    ),
    path("topics/<slug:slug>/follow/", follow_views.follow_topic, name="follow_topic"),
    path(
        "institutions/<slug:slug>/follow/",
        follow_views.follow_institution,
        name="follow_institution",
    ),
    path("following/", follow_views.following, name="following"),
    path("following/<str:token>/feed.atom", follow_views.following_feed, name="following_feed"),
    # Claims and the owner's controls
    path("researchers/<slug:slug>/claim/", claim_views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", claim_views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/withdraw/", claim_views.claim_withdraw, name="claim_withdraw"),
    path("claims/<int:pk>/resend/", claim_views.claim_email_resend, name="claim_email_resend"),
    path(
        "claims/confirm/<str:token>/", claim_views.claim_email_confirm, name="claim_email_confirm"
    ),
    path("researchers/<slug:slug>/edit/", claim_views.researcher_edit, name="researcher_edit"),
    path(
        "researchers/<slug:slug>/works/<int:work_id>/not-mine/",
        claim_views.work_not_mine,
        name="work_not_mine",
    ),
    # Direct collaboration
    path("researchers/<slug:slug>/invite/", collab_views.invite, name="invite"),
    path("inbox/", collab_views.inbox, name="inbox"),
    path("conversations/<int:pk>/", collab_views.conversation_detail, name="conversation"),
    path(
        "conversations/<int:pk>/answer/",
        collab_views.conversation_answer,
        name="conversation_answer",
    ),
    path("conversations/<int:pk>/messages/", collab_views.message_send, name="message_send"),
    path("conversations/<int:pk>/block/", collab_views.conversation_block, name="block"),
]
