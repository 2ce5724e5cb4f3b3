"""accounts.services.notify: the notice is part of the write, the email follows its commit."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Notification
from accounts.services import notify

pytestmark = pytest.mark.django_db


def test_notify_mails_only_once_the_write_commits(
    django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("ann", "ann@example.org", "x")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, text="Your claim: approved.", email_subject="Your claim")
        assert mail.outbox == []  # still inside the transaction
    assert [m.subject for m in mail.outbox] == ["[BZPEER] Your claim"]
    assert Notification.objects.filter(user=user).count() == 1


def test_a_rolled_back_write_leaves_no_notice_and_sends_no_mail(
    django_user_model, django_capture_on_commit_callbacks
):
    user = django_user_model.objects.create_user("ben", "ben@example.org", "x")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(user=user, text="Never sent", email_subject="Never")
        raise RuntimeError("the write failed after the notice")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.filter(user=user).exists()
