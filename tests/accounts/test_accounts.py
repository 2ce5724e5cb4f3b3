"""Accounts through HTTP: sign up, log in (and lock-out), password reset, the account page."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Notification, RateLimitBucket
from accounts.ratelimit import rate_limit_hit

pytestmark = pytest.mark.django_db

PASSWORD = "correct-Horse-battery-9"


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", "alice@example.org", PASSWORD)


def test_sign_up_logs_in_and_returns_to_where_the_visitor_was(client, django_user_model):
    next_url = "/researchers/qi-tian/"
    response = client.post(
        f"{reverse('account_signup')}?next={next_url}",
        {
            "username": "newbie",
            "email": "newbie@example.edu",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )
    assert response.status_code == 302 and response["Location"] == next_url
    assert django_user_model.objects.filter(username="newbie").exists()
    assert "Log out" in client.get(next_url).content.decode()


def test_log_in_by_username_or_email_and_log_out_by_post(client, alice):
    for login in ("alice", "alice@example.org"):
        response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("pages:account_home")).status_code == 200
        client.post(reverse("account_logout"))
        assert client.get(reverse("pages:account_home")).status_code == 302


def test_repeated_wrong_passwords_lock_the_login_out(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("account_login"), {"login": "alice", "password": "nope"})
        assert response.status_code == 200  # the form, with its error
    last = client.post(reverse("account_login"), {"login": "alice", "password": "nope"})
    assert last.status_code == 429
    # Now even the right password is refused until the cool-off ends.
    locked = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    assert "Too many failed login attempts" in locked.content.decode()
    assert client.get(reverse("pages:account_home")).status_code == 302  # still logged out


def test_password_reset_mails_a_link(client, alice, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    (mail,) = mailoutbox
    assert mail.to == ["alice@example.org"]
    assert re.search(r"/accounts/password/reset/key/\S+", mail.body)


def test_password_change_needs_the_old_password(client, alice):
    client.force_login(alice)
    url = reverse("account_change_password")
    bad = client.post(
        url, {"oldpassword": "wrong", "password1": "n3w-Pass-word!", "password2": "n3w-Pass-word!"}
    )
    assert bad.status_code == 200 and "Please type your current password" in bad.content.decode()
    good = client.post(
        url, {"oldpassword": PASSWORD, "password1": "n3w-Pass-word!", "password2": "n3w-Pass-word!"}
    )
    assert good.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("n3w-Pass-word!")


def test_account_page_needs_log_in_and_shows_notices(client, alice):
    response = client.get(reverse("pages:account_home"))
    assert (
        response["Location"] == f"{reverse('account_login')}?next={reverse('pages:account_home')}"
    )
    Notification.objects.create(user=alice, text="Your claim <b>moved</b>.")
    client.force_login(alice)
    html = client.get(reverse("pages:account_home")).content.decode()
    assert "Your claim &lt;b&gt;moved&lt;/b&gt;." in html
    assert 'aria-label="1 new notices"' in html
    client.post(reverse("accounts:notifications_read"))
    assert not Notification.objects.filter(user=alice, read_at__isnull=True).exists()


def test_logout_and_notice_forms_need_csrf(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(reverse("accounts:notifications_read")).status_code == 403


# Rate-limit counters


def test_rate_limit_windows_count_and_roll_over(settings):
    settings.RATE_LIMITS = {"test": (2, 60)}
    t = 1_000_020.0
    assert [rate_limit_hit("test", "user:1", now=t).exceeded for _ in range(3)] == [
        False,
        False,
        True,
    ]
    hit = rate_limit_hit("test", "user:1", now=t)
    assert hit.retry_after == 60 - (t % 60) and hit.period == "minute"
    assert not rate_limit_hit("test", "user:2", now=t).exceeded  # per actor
    assert not rate_limit_hit("test", "user:1", now=t + 60).exceeded  # next window


@pytest.mark.django_db(transaction=True)
def test_rate_limit_counts_are_exact_under_concurrency(settings):
    settings.RATE_LIMITS = {"test": (1000, 3600)}
    counts, start = [], threading.Barrier(8)

    def worker():
        try:
            start.wait()
            for _ in range(10):
                counts.append(rate_limit_hit("test", "user:7", now=5_000_000.0).count)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Every hit saw a different total: no lost updates, no double counts.
    assert sorted(counts) == list(range(1, 81))
    assert RateLimitBucket.objects.get().count == 80
