"""Telling users things: an on-site notice, and an email when there is something to act on."""

from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction

from accounts.models import Notification


def notify(
    *,
    user: AbstractBaseUser,
    text: str,
    url: str = "",
    email_subject: str = "",
    email_body: str = "",
) -> Notification:
    """An on-site notice for `user`, and an email when there is a subject and an address.

    The notice is a row in the caller's transaction; the email goes out when it commits, so a
    write that rolls back sends nothing and a slow mail server never holds row locks.
    """
    notification = Notification.objects.create(user=user, text=text[:300], url=url)
    if email_subject and user.email:
        transaction.on_commit(
            partial(
                send_mail,
                subject=f"[BZPEER] {email_subject}",
                message=email_body or text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        )
    return notification
