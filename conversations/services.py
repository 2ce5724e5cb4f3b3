"""Direct collaboration: invitations to a record's owner, conversations, messages, blocks.

Every refusal raises `ApplicationError` with one of the constants in conversations.refusals;
views show its `message` as a form error. Notices go out on commit (accounts.services.notify).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import UserBlock
from accounts.services import notify
from bzpeer.errors import ApplicationError
from conversations.models import Conversation, Message
from conversations.refusals import (
    ANSWER_ALREADY,
    ANSWER_NOT_OWNER,
    BLOCK_SELF,
    INVITE_BLOCKED,
    INVITE_CLOSED,
    INVITE_EMPTY,
    INVITE_PENDING,
    INVITE_SELF,
    INVITE_UNCLAIMED,
    INVITE_WORK_ELSEWHERE,
    INVITE_YOU_BLOCKED,
    MESSAGE_BLOCKED,
    MESSAGE_EMPTY,
    MESSAGE_NOT_ACCEPTED,
    MESSAGE_NOT_PARTICIPANT,
)
from conversations.selectors import (
    conversation_url,
    either_blocked,
    is_blocked,
    other_participant_id,
    user_display_name,
)
from profiles.models import Researcher


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
        raise ApplicationError(INVITE_UNCLAIMED)
    if owner.pk == sender.pk:
        raise ApplicationError(INVITE_SELF)
    if not researcher.open_to_collaborate:
        raise ApplicationError(INVITE_CLOSED)
    if is_blocked(blocker_id=owner.pk, blocked_id=sender.pk):
        raise ApplicationError(INVITE_BLOCKED)
    if is_blocked(blocker_id=sender.pk, blocked_id=owner.pk):
        raise ApplicationError(INVITE_YOU_BLOCKED)
    if work is not None and not work.authorships.filter(researcher=researcher).exists():
        raise ApplicationError(INVITE_WORK_ELSEWHERE)
    if Conversation.objects.filter(
        initiator=sender, researcher=researcher, status=Conversation.Status.INVITED
    ).exists():
        raise ApplicationError(INVITE_PENDING)
    subject, body = subject.strip(), body.strip()
    if not body:
        raise ApplicationError(INVITE_EMPTY)
    conversation = Conversation(
        initiator=sender, owner=owner, researcher=researcher, subject=subject, work=work
    )
    try:
        conversation.full_clean(exclude=["researcher", "initiator", "owner", "work"])
    except ValidationError as e:
        raise ApplicationError(" ".join(e.messages)) from e
    conversation.save()
    Message.objects.create(conversation=conversation, sender=sender, body=body)

    url = conversation_url(conversation)
    sender_name = user_display_name(sender)
    text = f"{sender_name} invites you to a conversation: {subject}"
    email_body = (
        f"{sender_name} sent an invitation about your record {researcher.display_name}.\n\n"
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
        raise ApplicationError(ANSWER_NOT_OWNER)
    if conversation.status != Conversation.Status.INVITED:
        raise ApplicationError(ANSWER_ALREADY)
    conversation.status = Conversation.Status.ACCEPTED if accept else Conversation.Status.DECLINED
    conversation.save(update_fields=["status", "updated"])

    initiator = conversation.initiator
    verb = "accepted" if accept else "declined"
    url = conversation_url(conversation)
    text = f"{user_display_name(user)} {verb} your invitation: {conversation.subject}"
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
        raise ApplicationError(MESSAGE_NOT_PARTICIPANT)
    if conversation.status != Conversation.Status.ACCEPTED:
        raise ApplicationError(MESSAGE_NOT_ACCEPTED)
    other_id = other_participant_id(conversation, user=sender)
    if either_blocked(a_id=sender.pk, b_id=other_id):
        raise ApplicationError(MESSAGE_BLOCKED)
    body = body.strip()
    if not body:
        raise ApplicationError(MESSAGE_EMPTY)
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
        raise ApplicationError(BLOCK_SELF)
    block, _ = UserBlock.objects.get_or_create(blocker=blocker, blocked=blocked)
    Conversation.objects.filter(
        initiator=blocked, owner=blocker, status=Conversation.Status.INVITED
    ).update(status=Conversation.Status.DECLINED, updated=timezone.now())
    return block
