"""Direct collaboration: invitations to a record's owner, conversations, messages, blocks."""

from django.db.models import Q

from profiles.models import Conversation, Message


def inbox_unread_count(*, user) -> int:
    """Invitations awaiting `user`'s answer plus messages to `user` they have not read."""
    invitations = Conversation.objects.filter(owner=user, status=Conversation.Status.INVITED)
    unread = (
        Message.objects.filter(Q(conversation__owner=user) | Q(conversation__initiator=user))
        .filter(conversation__status=Conversation.Status.ACCEPTED, read_at__isnull=True)
        .exclude(sender=user)
    )
    return invitations.count() + unread.count()
