"""Direct collaboration: invitations to a record's owner, conversations, messages, blocks.

Services (writes) raise `CollaborationRefused` with one of the module's message constants;
views show that text as a form error. Selectors hand a conversation only to its two
participants: for anyone else it does not exist (404, never 403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
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
from django.utils import timezone

from accounts.models import UserBlock
from accounts.services import notify
from profiles.models import Conversation, Message, Researcher

INVITE_UNCLAIMED = "Nobody has claimed this record yet, so there is no one to invite."
INVITE_SELF = "This is your own record: you cannot invite yourself."
INVITE_CLOSED = "This researcher is not open to new invitations at the moment."
INVITE_BLOCKED = "The owner of this record does not accept invitations from you."
INVITE_YOU_BLOCKED = "You have blocked the owner of this record."
INVITE_PENDING = "You already have an invitation to this researcher waiting for an answer."
INVITE_EMPTY = "Write a message to go with the invitation."
INVITE_WORK_ELSEWHERE = "Choose one of this researcher's works."
ANSWER_NOT_OWNER = "Only the owner of the record can answer this invitation."
ANSWER_ALREADY = "This invitation has already been answered."
MESSAGE_NOT_PARTICIPANT = "Only the two participants can write in this conversation."
MESSAGE_NOT_ACCEPTED = "Messages can be sent once the invitation has been accepted."
MESSAGE_BLOCKED = "Messages between you and this person are blocked."
MESSAGE_EMPTY = "Write a message first."
BLOCK_SELF = "You cannot block yourself."


class CollaborationRefused(Exception):
    """A collaboration write the rules do not allow; `message` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Kept as the name the brief proposed, for callers that think of invitations only.
InvitationRefused = CollaborationRefused


def _blocked(*, blocker_id: int, blocked_id: int) -> bool:
    return UserBlock.objects.filter(blocker_id=blocker_id, blocked_id=blocked_id).exists()


def _either_blocked(*, a_id: int, b_id: int) -> bool:
    return UserBlock.objects.filter(
        Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    ).exists()


def conversation_url(conversation: Conversation) -> str:
    return reverse("profiles:conversation", kwargs={"pk": conversation.pk})


def other_participant_id(conversation: Conversation, *, user: AbstractBaseUser) -> int:
    if user.pk == conversation.initiator_id:
        return conversation.owner_id
    return conversation.initiator_id


def _name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


# ---------------------------------------------------------------------------------------------
# Services


@transaction.atomic
def invitation_send(
    *,
    sender: AbstractBaseUser,
    researcher: Researcher,
    subject: str,
    body: str,
    work=None,
) -> Conversation:
    """Open an invitation from `sender` to the owner of `researcher`, with its first message."""
    # Lock the record: two concurrent invitations from one sender cannot both pass the check.
    researcher = (
        Researcher.objects.select_for_update(of=("self",))
        .select_related("claimed_by")
        .get(pk=researcher.pk)
    )
    owner = researcher.claimed_by
    if owner is None:
        raise CollaborationRefused(INVITE_UNCLAIMED)
    if owner.pk == sender.pk:
        raise CollaborationRefused(INVITE_SELF)
    if not researcher.open_to_collaborate:
        raise CollaborationRefused(INVITE_CLOSED)
    if _blocked(blocker_id=owner.pk, blocked_id=sender.pk):
        raise CollaborationRefused(INVITE_BLOCKED)
    if _blocked(blocker_id=sender.pk, blocked_id=owner.pk):
        raise CollaborationRefused(INVITE_YOU_BLOCKED)
    if work is not None and not work.authorships.filter(researcher=researcher).exists():
        raise CollaborationRefused(INVITE_WORK_ELSEWHERE)
    if Conversation.objects.filter(
        initiator=sender, researcher=researcher, status=Conversation.Status.INVITED
    ).exists():
        raise CollaborationRefused(INVITE_PENDING)
    subject, body = subject.strip(), body.strip()
    if not body:
        raise CollaborationRefused(INVITE_EMPTY)
    conversation = Conversation(
        initiator=sender, owner=owner, researcher=researcher, subject=subject, work=work
    )
    try:
        conversation.full_clean(exclude=["researcher", "initiator", "owner", "work"])
    except ValidationError as e:
        raise CollaborationRefused(" ".join(e.messages)) from e
    conversation.save()
    Message.objects.create(conversation=conversation, sender=sender, body=body)

    url = conversation_url(conversation)
    text = f"{_name(sender)} invites you to a conversation: {subject}"
    email_body = (
        f"{_name(sender)} sent an invitation about your record {researcher.display_name}.\n\n"
        f"Subject: {subject}\n\n{body}\n\n"
        f"Accept or decline it here: {settings.SITE_URL}{url}\n"
    )
    transaction.on_commit(
        lambda: notify(
            user=owner,
            text=text,
            url=url,
            email_subject=f"New invitation: {subject}",
            email_body=email_body,
        )
    )
    return conversation


@transaction.atomic
def invitation_answer(
    *, conversation: Conversation, user: AbstractBaseUser, accept: bool
) -> Conversation:
    """The owner accepts (the conversation opens) or declines an invitation still waiting."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.owner_id != user.pk:
        raise CollaborationRefused(ANSWER_NOT_OWNER)
    if conversation.status != Conversation.Status.INVITED:
        raise CollaborationRefused(ANSWER_ALREADY)
    conversation.status = Conversation.Status.ACCEPTED if accept else Conversation.Status.DECLINED
    conversation.save(update_fields=["status", "updated"])

    initiator = conversation.initiator
    verb = "accepted" if accept else "declined"
    url = conversation_url(conversation)
    text = f"{_name(user)} {verb} your invitation: {conversation.subject}"
    email_body = f"{text}\n\n{settings.SITE_URL}{url}\n"
    transaction.on_commit(
        lambda: notify(
            user=initiator,
            text=text,
            url=url,
            email_subject=f"Invitation {verb}: {conversation.subject}",
            email_body=email_body,
        )
    )
    return conversation


@transaction.atomic
def message_send(*, conversation: Conversation, sender: AbstractBaseUser, body: str) -> Message:
    """A message from one participant to the other in an accepted conversation."""
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if sender.pk not in (conversation.initiator_id, conversation.owner_id):
        raise CollaborationRefused(MESSAGE_NOT_PARTICIPANT)
    if conversation.status != Conversation.Status.ACCEPTED:
        raise CollaborationRefused(MESSAGE_NOT_ACCEPTED)
    other_id = other_participant_id(conversation, user=sender)
    if _either_blocked(a_id=sender.pk, b_id=other_id):
        raise CollaborationRefused(MESSAGE_BLOCKED)
    body = body.strip()
    if not body:
        raise CollaborationRefused(MESSAGE_EMPTY)
    message = Message.objects.create(conversation=conversation, sender=sender, body=body)
    # Latest activity first in the inbox.
    Conversation.objects.filter(pk=conversation.pk).update(updated=message.created)
    return message


def conversation_mark_read(*, conversation: Conversation, user: AbstractBaseUser) -> int:
    """Mark the other participant's messages read by `user`; returns how many were unread."""
    return (
        Message.objects.filter(conversation=conversation, read_at__isnull=True)
        .exclude(sender=user)
        .update(read_at=timezone.now())
    )


@transaction.atomic
def user_block(*, blocker: AbstractBaseUser, blocked: AbstractBaseUser) -> UserBlock:
    """`blocker` stops hearing from `blocked` (idempotent); their waiting invitations close."""
    if blocker.pk == blocked.pk:
        raise CollaborationRefused(BLOCK_SELF)
    block, _ = UserBlock.objects.get_or_create(blocker=blocker, blocked=blocked)
    Conversation.objects.filter(
        initiator=blocked, owner=blocker, status=Conversation.Status.INVITED
    ).update(status=Conversation.Status.DECLINED, updated=timezone.now())
    return block


# ---------------------------------------------------------------------------------------------
# Selectors


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
    """Context for templates/profiles/_collaboration_section.html: 0 queries when anonymous,
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
