"""Collaboration conversations between a user and the owner of a claimed record."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from profiles.models import Researcher
from works.models import Work


class Conversation(models.Model):
    """A collaboration conversation; visible to its two participants only."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    researcher = models.ForeignKey(
        Researcher, on_delete=models.CASCADE, related_name="conversations"
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations_started"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations_received"
    )
    subject = models.CharField(max_length=200)
    work = models.ForeignKey(
        Work,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The work the invitation is about, if any.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "profiles_conversation"  # created when it lived in profiles
        ordering = ["-updated"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(initiator=models.F("owner")), name="conversation_not_with_self"
            )
        ]
        indexes = [
            models.Index(fields=["owner", "-updated"], name="conversation_owner"),
            models.Index(fields=["initiator", "-updated"], name="conversation_initiator"),
        ]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "profiles_message"  # created when it lived in profiles
        ordering = ["created"]
        indexes = [models.Index(fields=["conversation", "created"], name="message_conversation")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.body[:40]}"
