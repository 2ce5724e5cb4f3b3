from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("researchers/<slug:slug>/claim/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("claims/<int:pk>/resend/", views.claim_email_resend, name="claim_email_resend"),
    path("claims/confirm/<str:token>/", views.claim_email_confirm, name="claim_email_confirm"),
    # The owner's controls
    path("researchers/<slug:slug>/edit/", views.researcher_edit, name="researcher_edit"),
    path(
        "researchers/<slug:slug>/works/<int:work_id>/not-mine/",
        views.work_not_mine,
        name="work_not_mine",
    ),
]
