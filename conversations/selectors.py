"""Reads for invitations, conversations and the researcher page's collaboration panel.

A conversation is handed only to its two participants: for anyone else it does not exist (404,
never 403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.models import UserBlock
from conversations.models import Conversation, Message
from conversations.refusals import (
    INVITE_BLOCKED,
    INVITE_CLOSED,
    INVITE_PENDING,
    INVITE_SELF,
    INVITE_UNCLAIMED,
    INVITE_YOU_BLOCKED,
)
from profiles.models import Researcher


def is_blocked(*, blocker_id: int, blocked_id: int) -> bool:
    return UserBlock.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()


def either_blocked(*, a_id: int, b_id: int) -> bool:
    return UserBlock.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def conversation_url(conversation: Conversation) -> str:
    return reverse("conversations:conversation", kwargs={"pk": conversation.pk})


def other_participant_id(conversation: Conversation, *, user: AbstractBaseUser) -> int:
    if user.pk == conversation.initiator_id:
        return conversation.owner_id
    return conversation.initiator_id


def user_display_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


def conversation_for_participant(*, pk: int, user: AbstractBaseUser) -> Conversation:
    """The conversation if `user` takes part in it; for everyone else, 404."""
    return get_object_or_404(
        Conversation.objects.select_related("researcher", "initiator", "owner", "work"),
        Q(initiator=user) | Q(owner=user),
        pk=pk,
    )


def conversation_messages(*, conversation: Conversation) -> QuerySet[Message]:
    """Oldest first, senders joined."""
    return conversation.messages.select_related("sender").order_by("created", "id")


def conversation_blocks(*, conversation: Conversation, user: AbstractBaseUser) -> dict[str, bool]:
    """Whether `user` blocked the other participant, and whether they blocked `user` (1 query)."""
    other_id = other_participant_id(conversation, user=user)
    pairs = set(
        UserBlock.objects.filter(
            Q(blocker_id=user.pk, blocked_id=other_id) | Q(blocker_id=other_id, blocked_id=user.pk)
        ).values_list("blocker_id", flat=True)
    )
    return {"you_blocked": user.pk in pairs, "blocked_you": other_id in pairs}


def inbox_for(*, user: AbstractBaseUser) -> QuerySet[Conversation]:
    """`user`'s conversations: invitations awaiting their answer first, then newest activity.

    Each row carries `unread` (messages from the other side not yet read) and `awaiting_answer`.
    """
    return (
        Conversation.objects.filter(Q(initiator=user) | Q(owner=user))
        .select_related("researcher", "initiator", "owner")
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__read_at__isnull=True) & ~Q(messages__sender=user),
            ),
            awaiting_answer=Case(
                When(owner=user, status=Conversation.Status.INVITED, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-awaiting_answer", "-updated", "-id")
    )


def inbox_unread_count(*, user) -> int:
    """Invitations awaiting `user`'s answer plus messages to `user` they have not read."""
    invitations = Conversation.objects.filter(owner=user, status=Conversation.Status.INVITED)
    unread = (
        Message.objects.filter(Q(conversation__owner=user) | Q(conversation__initiator=user))
        .filter(conversation__status=Conversation.Status.ACCEPTED, read_at__isnull=True)
        .exclude(sender=user)
    )
    return invitations.count() + unread.count()


@dataclass(frozen=True)
class CollaborationSection:
    """What the researcher page's "Direct collaboration" panel shows to this visitor."""

    state: str  # unclaimed anonymous owner closed blocked you_blocked pending can_invite
    can_invite: bool = False
    is_owner: bool = False
    invite_refusal: str | None = None
    pending_conversation_id: int | None = None


def collaboration_section_context(request: HttpRequest, researcher: Researcher) -> dict:
    """Context for templates/conversations/_collaboration_section.html: 0 queries when anonymous,
    at most 1 for a logged-in visitor."""
    user = request.user
    if not researcher.is_claimed:
        section = CollaborationSection("unclaimed", invite_refusal=INVITE_UNCLAIMED)
    elif not user.is_authenticated:
        section = CollaborationSection("anonymous")
    elif researcher.claimed_by_id == user.pk:
        section = CollaborationSection("owner", is_owner=True, invite_refusal=INVITE_SELF)
    elif not researcher.open_to_collaborate:
        section = CollaborationSection("closed", invite_refusal=INVITE_CLOSED)
    else:
        owner_id = researcher.claimed_by_id
        row = (
            Researcher.objects.filter(pk=researcher.pk)
            .annotate(
                blocked=Exists(UserBlock.objects.filter(blocker_id=owner_id, blocked_id=user.pk)),
                you_blocked=Exists(
                    UserBlock.objects.filter(blocker_id=user.pk, blocked_id=owner_id)
                ),
                pending_id=Subquery(
                    Conversation.objects.filter(
                        researcher=OuterRef("pk"),
                        initiator=user,
                        status=Conversation.Status.INVITED,
                    )
                    .order_by("-id")
                    .values("pk")[:1]
                ),
            )
            .values("blocked", "you_blocked", "pending_id")
            .first()
        ) or {"blocked": False, "you_blocked": False, "pending_id": None}
        if row["blocked"]:
            section = CollaborationSection("blocked", invite_refusal=INVITE_BLOCKED)
        elif row["you_blocked"]:
            section = CollaborationSection("you_blocked", invite_refusal=INVITE_YOU_BLOCKED)
        elif row["pending_id"]:
            section = CollaborationSection(
                "pending", invite_refusal=INVITE_PENDING, pending_conversation_id=row["pending_id"]
            )
        else:
            section = CollaborationSection("can_invite", can_invite=True)
    return {"collab": section}
