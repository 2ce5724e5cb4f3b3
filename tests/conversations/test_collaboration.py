"""Direct collaboration end to end: invitations, answers, messages, blocks, limits, privacy."""

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, UserBlock
from bzpeer.errors import ApplicationError
from conversations import services as collaboration
from conversations.models import Conversation, Message
from conversations.selectors import collaboration_section_context, inbox_for, inbox_unread_count
from conversations.services import (
    INVITE_BLOCKED,
    INVITE_PENDING,
    INVITE_SELF,
    INVITE_UNCLAIMED,
    MESSAGE_BLOCKED,
)
from tests.factories import researcher_create, works_create

pytestmark = pytest.mark.django_db

User = get_user_model()


def user_create(name: str) -> User:
    return User.objects.create_user(username=name, email=f"{name}@example.org", password="pw")


@pytest.fixture
def owner():
    return user_create("owner")


@pytest.fixture
def alice():
    return user_create("alice")


@pytest.fixture
def mallory():
    return user_create("mallory")


@pytest.fixture
def record(owner):
    researcher = researcher_create("Ada Claimed")
    researcher.claimed_by = owner
    researcher.claimed_at = timezone.now()
    researcher.save()
    return researcher


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def invite_url(researcher) -> str:
    return reverse("conversations:invite", kwargs={"slug": researcher.slug})


def conversation_urls(conversation) -> dict[str, str]:
    kw = {"pk": conversation.pk}
    return {
        name: reverse(f"conversations:{name}", kwargs=kw)
        for name in ("conversation", "conversation_answer", "message_send", "block")
    }


def send_invitation(client, researcher, subject="Joint benchmark?", body="Hello\nthere", **extra):
    return client.post(invite_url(researcher), {"subject": subject, "body": body, **extra})


@pytest.fixture
def invited(record, alice):
    return collaboration.invitation_send(
        sender=alice, researcher=record, subject="Joint benchmark?", body="Hello"
    )


@pytest.fixture
def accepted(invited, owner):
    return collaboration.invitation_answer(conversation=invited, user=owner, accept=True)


# ---------------------------------------------------------------------------- invitations


def test_invitation_on_an_unclaimed_record_is_refused(alice):
    researcher = researcher_create("Nobody Yet")
    response = send_invitation(as_user(alice), researcher)
    assert response.status_code == 422
    assert "Claim this author entity first to unlock direct invitations." in (
        response.content.decode()
    )
    assert not Conversation.objects.filter(researcher=researcher).exists()
    with pytest.raises(ApplicationError, match=INVITE_UNCLAIMED):
        collaboration.invitation_send(sender=alice, researcher=researcher, subject="s", body="b")


def test_owner_cannot_invite_themselves(owner, record):
    response = send_invitation(as_user(owner), record)
    assert response.status_code == 422
    assert INVITE_SELF in response.content.decode()
    assert not Conversation.objects.exists()


def test_invitation_reaches_the_owner_inbox_with_email_and_notice(
    owner, alice, record, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_invitation(as_user(alice), record)
    conversation = Conversation.objects.get(researcher=record)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "conversations:conversation", kwargs={"pk": conversation.pk}
    )
    assert (conversation.initiator, conversation.owner) == (alice, owner)
    assert conversation.status == Conversation.Status.INVITED
    assert list(conversation.messages.values_list("body", flat=True)) == ["Hello\nthere"]

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["owner@example.org"]
    assert mailoutbox[0].subject == "[BZPEER] New invitation: Joint benchmark?"
    assert "Hello\nthere" in mailoutbox[0].body
    notice = Notification.objects.get(user=owner)
    assert notice.url == reverse("conversations:conversation", kwargs={"pk": conversation.pk})

    owner_client = as_user(owner)
    inbox = owner_client.get(reverse("conversations:inbox")).content.decode()
    assert "Joint benchmark?" in inbox
    assert "Awaiting your answer" in inbox
    assert 'aria-label="1 unread"' in inbox
    assert inbox_unread_count(user=owner) == 1


def test_invitation_can_name_one_of_the_researchers_works(alice, record):
    work = works_create(record, 3)[1]
    client = as_user(alice)
    assert work.title in client.get(invite_url(record)).content.decode()
    response = send_invitation(client, record, work=str(work.pk))
    assert response.status_code == 302
    assert Conversation.objects.get(researcher=record).work == work


def test_second_open_invitation_to_the_same_record_is_refused(alice, record, invited):
    response = send_invitation(as_user(alice), record, subject="Again")
    assert response.status_code == 422
    assert INVITE_PENDING in response.content.decode()
    assert Conversation.objects.filter(researcher=record).count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"subject": "", "body": "b"}, "This field is required."),
        ({"subject": "   ", "body": "b"}, "This field is required."),
        ({"subject": "x" * 201, "body": "b"}, "at most 200 characters"),
        ({"subject": "s", "body": ""}, "This field is required."),
        ({"subject": "s", "body": "b", "work": "abc"}, "Select a valid choice."),
        ({"subject": "s", "body": "b", "work": "999999999999"}, "Select a valid choice."),
    ],
)
def test_bad_invitation_input_is_a_form_error(alice, record, data, error):
    response = as_user(alice).post(invite_url(record), data)
    assert response.status_code == 422
    assert error in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_work_of_another_researcher_is_a_form_error(alice, record):
    other_work = works_create(researcher_create("Someone Else"), 1)[0]
    response = send_invitation(as_user(alice), record, work=str(other_work.pk))
    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()
    assert not Conversation.objects.exists()


# ---------------------------------------------------------------------------- answers, messages


def test_accepted_invitation_carries_messages_both_ways_and_marks_them_read(
    owner, alice, record, invited, mailoutbox, django_capture_on_commit_callbacks
):
    urls = conversation_urls(invited)
    owner_client, alice_client = as_user(owner), as_user(alice)

    # Opening the invitation reads its message, but the answer is still awaited.
    page = owner_client.get(urls["conversation"]).content.decode()
    assert "Accept" in page and "Decline" in page
    assert invited.messages.get().read_at is not None
    assert inbox_unread_count(user=owner) == 1

    # Alice cannot answer her own invitation, nor write before it is accepted.
    alice_client.post(urls["conversation_answer"], {"decision": "accept"})
    invited.refresh_from_db()
    assert invited.status == Conversation.Status.INVITED
    assert alice_client.post(urls["message_send"], {"body": "ping"}).status_code == 422

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(urls["conversation_answer"], {"decision": "accept"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == Conversation.Status.ACCEPTED
    assert inbox_unread_count(user=owner) == 0
    assert mailoutbox[-1].to == ["alice@example.org"]
    assert "accepted" in mailoutbox[-1].subject

    response = owner_client.post(urls["message_send"], {"body": "Gladly.\nWhen?"})
    assert response.status_code == 302
    assert inbox_unread_count(user=alice) == 1
    inbox = alice_client.get(reverse("conversations:inbox")).content.decode()
    assert 'aria-label="1 unread"' in inbox

    page = alice_client.get(urls["conversation"]).content.decode()
    assert "Gladly.<br>When?" in page
    assert page.index("Hello") < page.index("Gladly.")
    assert inbox_unread_count(user=alice) == 0
    assert not Message.objects.filter(sender=owner, read_at__isnull=True).exists()

    # htmx: the reply comes back as the one new message, ready to append to the list.
    response = alice_client.post(urls["message_send"], {"body": "Tuesday"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<li class="card" id="message-')
    assert "Tuesday" in fragment and "<html" not in fragment
    assert inbox_unread_count(user=owner) == 1


def test_empty_message_is_a_form_error(alice, accepted):
    urls = conversation_urls(accepted)
    response = as_user(alice).post(urls["message_send"], {"body": "  "})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    response = as_user(alice).post(urls["message_send"], {"body": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#message-form"
    assert accepted.messages.count() == 1


def test_declined_invitation_is_closed_to_messages(owner, alice, invited):
    urls = conversation_urls(invited)
    response = as_user(owner).post(urls["conversation_answer"], {"decision": "decline"})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == Conversation.Status.DECLINED
    assert "declined" in as_user(alice).get(urls["conversation"]).content.decode()
    assert as_user(alice).post(urls["message_send"], {"body": "please"}).status_code == 422
    assert invited.messages.count() == 1
    # Answering twice changes nothing.
    as_user(owner).post(urls["conversation_answer"], {"decision": "accept"})
    invited.refresh_from_db()
    assert invited.status == Conversation.Status.DECLINED


def test_nonsense_answer_is_a_bad_request(owner, invited):
    response = as_user(owner).post(
        conversation_urls(invited)["conversation_answer"], {"decision": "maybe"}
    )
    assert response.status_code == 400


# ---------------------------------------------------------------------------- privacy


def test_a_third_user_gets_404_everywhere(mallory, accepted):
    client = as_user(mallory)
    urls = conversation_urls(accepted)
    assert client.get(urls["conversation"]).status_code == 404
    assert client.post(urls["conversation_answer"], {"decision": "accept"}).status_code == 404
    assert client.post(urls["message_send"], {"body": "hi"}).status_code == 404
    assert client.post(urls["block"]).status_code == 404
    assert "Joint benchmark?" not in client.get(reverse("conversations:inbox")).content.decode()
    assert not UserBlock.objects.exists()
    assert accepted.messages.count() == 1


def test_a_missing_conversation_is_404_as_well(alice):
    assert (
        as_user(alice).get(reverse("conversations:conversation", kwargs={"pk": 0})).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(client, record, invited):
    urls = conversation_urls(invited)
    gets = [invite_url(record), reverse("conversations:inbox"), urls["conversation"]]
    posts = [urls["conversation_answer"], urls["message_send"], urls["block"], invite_url(record)]
    for method, url in [*(("get", u) for u in gets), *(("post", u) for u in posts)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert not Conversation.objects.exclude(pk=invited.pk).exists()


def test_posts_need_a_csrf_token(alice, owner, record, invited):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert send_invitation(client, researcher_create("Other")).status_code == 403
    urls = conversation_urls(invited)
    assert client.post(urls["message_send"], {"body": "hi"}).status_code == 403
    assert client.post(urls["block"]).status_code == 403
    owner_client = Client(enforce_csrf_checks=True)
    owner_client.force_login(owner)
    assert owner_client.post(urls["conversation_answer"], {"decision": "accept"}).status_code == 403
    invited.refresh_from_db()
    assert invited.status == Conversation.Status.INVITED


# ---------------------------------------------------------------------------- blocks


def test_blocking_declines_waiting_invitations_and_stops_new_ones(owner, alice, record, invited):
    response = as_user(owner).post(conversation_urls(invited)["block"])
    assert response.status_code == 302
    assert UserBlock.objects.filter(blocker=owner, blocked=alice).exists()
    invited.refresh_from_db()
    assert invited.status == Conversation.Status.DECLINED
    # Idempotent.
    as_user(owner).post(conversation_urls(invited)["block"])
    assert UserBlock.objects.filter(blocker=owner, blocked=alice).count() == 1

    section = render_section(alice, record)
    assert "Send an invitation" not in section
    assert "the owner of this record has blocked you" in section
    client = as_user(alice)
    response = send_invitation(client, record, subject="Please")
    assert response.status_code == 422
    assert INVITE_BLOCKED in response.content.decode()
    with pytest.raises(ApplicationError, match=INVITE_BLOCKED):
        collaboration.invitation_send(sender=alice, researcher=record, subject="s", body="b")
    assert Conversation.objects.filter(initiator=alice).count() == 1


def test_blocking_stops_messages_in_an_open_conversation(owner, alice, accepted):
    urls = conversation_urls(accepted)
    as_user(alice).post(urls["block"])
    assert UserBlock.objects.filter(blocker=alice, blocked=owner).exists()
    response = as_user(owner).post(urls["message_send"], {"body": "still there?"})
    assert response.status_code == 422
    assert MESSAGE_BLOCKED in response.content.decode()
    response = as_user(alice).post(urls["message_send"], {"body": "bye"})
    assert response.status_code == 422
    assert accepted.messages.count() == 1


# ---------------------------------------------------------------------------- rate limits


def test_invitations_are_rate_limited_with_a_clear_message(settings, alice):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invite": (2, 3600)}
    client = as_user(alice)
    for i in range(2):
        record = researcher_create(f"Claimed {i}")
        record.claimed_by = user_create(f"owner{i}")
        record.save()
        assert send_invitation(client, record).status_code == 302
    response = send_invitation(client, record, subject="third")
    assert response.status_code == 429
    assert "You have reached the limit of 2 invitations per hour." in response.content.decode()
    assert "Retry-After" in response
    assert Conversation.objects.filter(initiator=alice).count() == 2


def test_messages_are_rate_limited(settings, alice, accepted):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message": (1, 60)}
    client = as_user(alice)
    url = conversation_urls(accepted)["message_send"]
    assert client.post(url, {"body": "one"}).status_code == 302
    response = client.post(url, {"body": "two"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert "limit of 1 messages per minute" in response.content.decode()
    assert response["HX-Retarget"] == "#notices"
    assert accepted.messages.count() == 2


# ---------------------------------------------------------------------------- escaping


def test_html_in_subject_and_body_is_escaped_on_every_page(owner, alice, record):
    evil = '<script>alert("x")</script><b>bold</b>'
    send_invitation(as_user(alice), record, subject=evil, body=f"{evil}\nline two")
    conversation = Conversation.objects.get(researcher=record)
    urls = conversation_urls(conversation)
    owner_client, alice_client = as_user(owner), as_user(alice)
    owner_client.post(urls["conversation_answer"], {"decision": "accept"})
    fragment = owner_client.post(
        urls["message_send"], {"body": evil}, HTTP_HX_REQUEST="true"
    ).content.decode()
    pages = [
        owner_client.get(reverse("conversations:inbox")),
        owner_client.get(urls["conversation"]),
        alice_client.get(reverse("conversations:inbox")),
        alice_client.get(urls["conversation"]),
    ]
    for html in [fragment, *(p.content.decode() for p in pages)]:
        assert "<script>alert" not in html
        assert "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;<br>line two" in pages[1].content.decode()


# ---------------------------------------------------------------------------- queries


def test_inbox_queries_do_not_grow_with_conversations(owner, record, django_assert_max_num_queries):
    def inbox_size(n: int) -> None:
        for i in range(n):
            sender = user_create(f"sender{owner.pk}-{Conversation.objects.count()}-{i}")
            conversation = collaboration.invitation_send(
                sender=sender, researcher=record, subject=f"Topic {i}", body="hi"
            )
            if i % 2:
                collaboration.invitation_answer(conversation=conversation, user=owner, accept=True)
                collaboration.message_send(conversation=conversation, sender=sender, body="more")

    client = as_user(owner)
    inbox_size(2)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("conversations:inbox"))
    inbox_size(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("conversations:inbox"))
    html = response.content.decode()
    assert html.count('<li class="card') == 27
    assert html.index("Awaiting your answer") < html.index("Conversation open")


def test_inbox_for_annotates_unread_and_puts_waiting_invitations_first(owner, alice, record):
    first = collaboration.invitation_send(sender=alice, researcher=record, subject="a", body="x")
    collaboration.invitation_answer(conversation=first, user=owner, accept=True)
    collaboration.message_send(conversation=first, sender=alice, body="y")
    other = user_create("bob")
    waiting = collaboration.invitation_send(sender=other, researcher=record, subject="b", body="x")
    rows = list(inbox_for(user=owner))
    assert [r.pk for r in rows] == [waiting.pk, first.pk]
    assert [(r.awaiting_answer, r.unread) for r in rows] == [(True, 1), (False, 2)]
    assert [r.unread for r in inbox_for(user=alice)] == [0]


# ---------------------------------------------------------------------------- researcher page


class _Request:
    def __init__(self, user):
        self.user = user


def render_section(user, researcher) -> str:
    """The researcher page's collaboration panel as the page view renders it for `user`."""
    request = RequestFactory().get(researcher.get_absolute_url())
    request.user = user
    context = {"researcher": researcher, **collaboration_section_context(request, researcher)}
    return render_to_string("conversations/_collaboration_section.html", context, request=request)


def test_section_context_is_cheap(
    owner, alice, record, django_assert_num_queries, django_assert_max_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert collaboration_section_context(_Request(AnonymousUser()), record)["collab"].state == (
            "anonymous"
        )
    with django_assert_num_queries(0):
        assert collaboration_section_context(_Request(owner), record)["collab"].is_owner
    with django_assert_max_num_queries(1):
        assert collaboration_section_context(_Request(alice), record)["collab"].can_invite


def test_section_wording_for_each_visitor(client, owner, alice, record):
    unclaimed = researcher_create("Free Record")
    text = client.get(unclaimed.get_absolute_url()).content.decode()
    assert "Claim this author entity first to unlock direct invitations." in text

    text = client.get(record.get_absolute_url()).content.decode()
    assert "to send Ada Claimed an invitation." in text
    assert f"{reverse('account_login')}?next={record.get_absolute_url()}" in text

    text = as_user(owner).get(record.get_absolute_url()).content.decode()
    assert "This is your record: invitations arrive in your inbox." in text

    text = as_user(alice).get(record.get_absolute_url()).content.decode()
    assert "Send an invitation" in text
    assert invite_url(record) in text


def test_section_tells_a_visitor_with_a_waiting_invitation_where_it_is(alice, invited, record):
    html = render_section(alice, record)
    assert "Your invitation to Ada Claimed is waiting for an answer." in html
    assert conversation_urls(invited)["conversation"] in html
    assert "Send an invitation" not in html
