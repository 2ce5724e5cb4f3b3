"""Claiming a record, end to end through HTTP: evidence, email link, curators, disputes, owner."""

import re
import threading

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from bzpeer.errors import ApplicationError
from claims import services as claims
from claims.models import Claim, ClaimStatus
from profiles.models import Researcher
from profiles.orcid import orcid_normalise
from tests.factories import researcher_create, works_create

pytestmark = pytest.mark.django_db

ORCID = "0000-0002-1825-0097"  # ORCID's documented example iD


@pytest.fixture
def make_user(django_user_model):
    def make(name: str, **fields):
        return django_user_model.objects.create_user(
            username=name, email=f"{name}@example.org", password="pw-Long-enough-1", **fields
        )

    return make


@pytest.fixture
def curator(make_user):
    return make_user("curator", is_staff=True, is_superuser=True)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_text(client: Client, slug: str) -> str:
    html = client.get(f"/researchers/{slug}/").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def claim_via_http(client: Client, slug: str, **data):
    return client.post(reverse("claims:claim_create", args=[slug]), data)


def admin_decide(client: Client, claim: Claim, action: str, note: str = ""):
    return client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": action, "_selected_action": [claim.pk], "apply": "1", "note": note},
    )


# ORCID iDs


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (ORCID, ORCID),
        ("https://orcid.org/0000-0002-1825-0097", ORCID),
        ("0000000218250097", ORCID),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),  # check digit X
        ("0000-0002-1825-0098", None),  # wrong check digit
        ("0000-0002-1825", None),
        ("not an id", None),
    ],
)
def test_orcid_normalise_checks_the_check_digit(typed, expected):
    assert orcid_normalise(typed) == expected


# The claim section, state by state


def test_anonymous_visitor_is_asked_to_log_in_and_comes_back(client):
    assert "Log in to claim" in page_text(client, "qi-tian")
    claim_url = reverse("claims:claim_create", args=["qi-tian"])
    response = client.get(claim_url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={claim_url}"


def test_claim_section_follows_the_claim_through_its_states(make_user, curator):
    alice, bob = make_user("alice"), make_user("bob")
    client = logged_in(alice)
    assert "Claim this record" in page_text(client, "qi-tian")

    response = claim_via_http(client, "qi-tian", links="https://example.edu/~qtian", note="Me.")
    claim = Claim.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim_detail", args=[claim.pk])
    assert "Your claim is pending review" in page_text(client, "qi-tian")

    claims.claim_request_evidence(claim=claim, curator=curator, note="Add your lab page.")
    assert "needs more evidence" in page_text(client, "qi-tian")

    claims.claim_evidence_add(claim=claim, user=alice, links=["https://lab.example.edu/qt"])
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING

    claims.claim_approve(claim=claim, curator=curator)
    assert "This is your record" in page_text(client, "qi-tian")
    assert "claimed by its owner" in page_text(logged_in(bob), "qi-tian")
    assert "claimed by its owner" in page_text(Client(), "qi-tian")


def test_rejected_claim_shows_the_curators_note(make_user, curator):
    alice = make_user("alice")
    claim = claims.claim_submit(
        user=alice,
        researcher=Researcher.objects.get(slug="lu-yuan"),
        note="x",
        links=["https://a.example"],
    )
    claims.claim_reject(claim=claim, curator=curator, note="The lab page names someone else.")
    text = page_text(logged_in(alice), "lu-yuan")
    assert "Your claim was rejected: The lab page names someone else." in text
    detail = logged_in(alice).get(reverse("claims:claim_detail", args=[claim.pk])).content.decode()
    assert "The lab page names someone else." in detail


# Bad evidence


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"orcid": "0000-0002-1825-0098"}, "not a valid ORCID iD"),
        ({"email": "qi@gmail.com"}, "Use an institutional address"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"links": "javascript:alert(1)"}, "is not a web address"),
        ({"note": "only a note"}, "at least one piece of evidence"),
    ],
)
def test_bad_evidence_is_a_form_error_and_files_nothing(make_user, data, error):
    response = claim_via_http(logged_in(make_user("alice")), "qi-tian", **data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Claim.objects.exists()


# Institutional email


def test_institutional_email_gets_a_signed_link_that_confirms(make_user, mailoutbox):
    client = logged_in(make_user("alice"))
    claim_via_http(client, "qi-tian", email="qi.tian@ustc.edu.cn")
    (mail,) = mailoutbox
    assert mail.to == ["qi.tian@ustc.edu.cn"]
    path = re.search(r"https?://[^/\s]+(/claims/confirm/\S+/)", mail.body)[1]
    anonymous = Client()  # the link may be opened on another device
    assert "Confirm my email" in anonymous.get(path).content.decode()
    assert Claim.objects.get().email_confirmed_at is None  # a GET (a mail scanner) confirms nothing
    assert anonymous.post(path).status_code == 200
    claim = Claim.objects.get()
    assert claim.email_confirmed_at is not None
    assert "confirmed" in claim.events.last().note


def test_tampered_or_expired_email_link_is_a_clear_error(make_user, settings):
    claim = claims.claim_submit(
        user=make_user("alice"),
        researcher=Researcher.objects.get(slug="qi-tian"),
        email="qi@ustc.edu.cn",
    )
    token = claims.email_confirmation_token(claim)
    tampered = Client().post(reverse("claims:claim_email_confirm", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 400
    assert "not valid" in tampered.content.decode()
    settings.CLAIM_EMAIL_LINK_MAX_AGE = -1
    expired = Client().post(reverse("claims:claim_email_confirm", args=[token]))
    assert expired.status_code == 400
    assert "expired" in expired.content.decode()
    claim.refresh_from_db()
    assert claim.email_confirmed_at is None


# Curators in admin


def test_approval_in_admin_raises_trust_and_tells_the_claimant(make_user, curator, mailoutbox):
    alice = make_user("alice")
    claim = claims.claim_submit(
        user=alice, researcher=Researcher.objects.get(slug="qi-tian"), links=["https://x.edu"]
    )
    assert "Trust 21 - Emerging" in page_text(Client(), "qi-tian")
    admin = logged_in(curator)
    confirm = admin.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
    )
    assert "add a note" in confirm.content.decode()  # the intermediate page
    assert admin_decide(admin, claim, "approve", "Lab page checks out.").status_code == 302

    qi = Researcher.objects.get(slug="qi-tian")
    assert qi.claimed_by == alice and qi.verification_level == 2
    # L2 35 + works 6 = 41.
    assert "Trust 41 - Established" in page_text(Client(), "qi-tian")
    assert alice.notifications.get().text.endswith("approved.")
    assert any("approved" in m.subject for m in mailoutbox)
    history = [(e.status_from, e.status_to, e.note) for e in claim.events.all()]
    assert history[-1] == ("pending", "approved", "Lab page checks out.")


def test_admin_detail_shows_the_evidence_next_to_the_record(make_user, curator):
    claimant = make_user("qitian")
    SocialAccount.objects.create(user=claimant, provider="orcid", uid=ORCID)
    Researcher.objects.filter(slug="qi-tian").update(orcid=ORCID)
    claim = claims.claim_submit(
        user=claimant,
        researcher=Researcher.objects.get(slug="qi-tian"),
        orcid=ORCID,
        email="qi.tian@ustc.edu.cn",
    )
    response = logged_in(curator).get(reverse("admin:claims_claim_change", args=[claim.pk]))
    text = response.content.decode()
    assert "ORCID iD matches the record:</strong> yes" in text
    assert "ORCID iD proven by sign-in:</strong> yes" in text
    assert "Name similarity (0–1):</strong> 1.00" in text  # username "qitian" vs "Qi Tian"


def test_orcid_proven_by_sign_in_and_matching_the_record_gives_l3(make_user, curator):
    alice = make_user("alice")
    SocialAccount.objects.create(user=alice, provider="orcid", uid=ORCID)
    Researcher.objects.filter(slug="qi-tian").update(orcid=ORCID)
    claim = claims.claim_submit(
        user=alice, researcher=Researcher.objects.get(slug="qi-tian"), orcid=ORCID
    )
    assert claim.orcid_verified
    claims.claim_approve(claim=claim, curator=curator)
    assert Researcher.objects.get(slug="qi-tian").verification_level == 3
    # L3 50 + works 6 + ORCID 5 = 61.
    assert "Trust 61 - Trusted" in page_text(Client(), "qi-tian")


def test_typed_orcid_alone_is_only_supporting_evidence(make_user, curator):
    alice = make_user("alice")
    Researcher.objects.filter(slug="qi-tian").update(orcid=ORCID)
    claim = claims.claim_submit(
        user=alice, researcher=Researcher.objects.get(slug="qi-tian"), orcid=ORCID
    )
    assert not claim.orcid_verified
    claims.claim_approve(claim=claim, curator=curator)
    assert Researcher.objects.get(slug="qi-tian").verification_level == 2


# Disputes and the database's guarantees


def test_two_claims_on_one_record_end_in_one_approval_and_one_dispute(make_user, curator):
    alice, bob = make_user("alice"), make_user("bob")
    qi = Researcher.objects.get(slug="qi-tian")
    a = claims.claim_submit(user=alice, researcher=qi, links=["https://a.edu"])
    b = claims.claim_submit(user=bob, researcher=qi, links=["https://b.edu"])
    claims.claim_approve(claim=a, curator=curator)
    b.refresh_from_db()
    assert b.status == ClaimStatus.DISPUTED
    assert "Your claim is disputed" in page_text(logged_in(bob), "qi-tian")
    # Approving the second one now cannot take the record away.
    claims.claim_approve(claim=b, curator=curator)
    b.refresh_from_db()
    assert b.status == ClaimStatus.DISPUTED
    assert Researcher.objects.get(slug="qi-tian").claimed_by == alice


def test_a_claim_on_a_claimed_record_is_a_dispute(make_user, curator):
    alice, bob = make_user("alice"), make_user("bob")
    qi = Researcher.objects.get(slug="qi-tian")
    claims.claim_approve(
        claim=claims.claim_submit(user=alice, researcher=qi, note="n", links=["https://a.edu"]),
        curator=curator,
    )
    response = claim_via_http(logged_in(bob), "qi-tian", links="https://b.edu/qt")
    assert response.status_code == 302
    assert Claim.objects.get(user=bob).status == ClaimStatus.DISPUTED


def test_one_record_per_account_and_one_open_claim_per_record(make_user, curator):
    alice = make_user("alice")
    client = logged_in(alice)
    claim_via_http(client, "qi-tian", links="https://a.edu")
    again = claim_via_http(client, "qi-tian", links="https://a.edu/2")
    assert again.status_code == 400 and "already have an open claim" in again.content.decode()
    claims.claim_approve(claim=Claim.objects.get(user=alice), curator=curator)
    other = claim_via_http(client, "lu-yuan", links="https://a.edu")
    assert other.status_code == 400 and "one account holds one record" in other.content.decode()


def test_claimant_can_withdraw_and_nobody_else_sees_the_claim(make_user):
    alice, bob = make_user("alice"), make_user("bob")
    claim = claims.claim_submit(
        user=alice, researcher=Researcher.objects.get(slug="qi-tian"), links=["https://a.edu"]
    )
    detail = reverse("claims:claim_detail", args=[claim.pk])
    assert logged_in(bob).get(detail).status_code == 404
    assert logged_in(bob).post(reverse("claims:claim_withdraw", args=[claim.pk])).status_code == 404
    logged_in(alice).post(reverse("claims:claim_withdraw", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    assert "Claim this record" in page_text(logged_in(alice), "qi-tian")


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_two_claims_leave_one_owner(django_user_model):
    researcher = researcher_create("Concurrent Person")
    users = [
        django_user_model.objects.create_user(username=f"u{i}", password="x") for i in range(2)
    ]
    curator = django_user_model.objects.create_user(username="cur", is_staff=True)
    pending = [
        claims.claim_submit(user=u, researcher=researcher, links=["https://x.edu"]) for u in users
    ]
    barrier = threading.Barrier(2)

    def approve(claim):
        try:
            barrier.wait()
            claims.claim_approve(claim=claim, curator=curator)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(c,)) for c in pending]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(Claim.objects.values_list("status", flat=True))
    assert statuses == ["approved", "disputed"]
    researcher.refresh_from_db()
    assert researcher.claimed_by == Claim.objects.get(status="approved").user


# CSRF, rate limits


def test_claim_post_needs_the_csrf_token(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("alice"))
    url = reverse("claims:claim_create", args=["qi-tian"])
    assert client.post(url, {"links": "https://a.edu"}).status_code == 403
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()
    )[1]
    assert (
        client.post(url, {"links": "https://a.edu", "csrfmiddlewaretoken": token}).status_code
        == 302
    )


def test_claims_are_rate_limited_with_a_clear_message(make_user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "claim": (2, 3600)}
    client = logged_in(make_user("alice"))
    for _ in range(2):
        claim_via_http(client, "qi-tian", orcid="bad")
    response = claim_via_http(client, "qi-tian", links="https://a.edu")
    assert response.status_code == 429
    assert "limit of 2 claims per hour" in response.content.decode()
    assert int(response["Retry-After"]) > 0


# The owner's controls


def test_owner_edits_the_profile_and_trust_follows(make_user, curator):
    alice = make_user("alice")
    researcher = researcher_create("Ada Example")
    works_create(researcher, 3)
    claims.claim_approve(
        claim=claims.claim_submit(user=alice, researcher=researcher, links=["https://a.edu"]),
        curator=curator,
    )
    client = logged_in(alice)
    edit = reverse("claims:researcher_edit", args=[researcher.slug])
    response = client.post(
        edit,
        {
            "display_name": "Ada B. Example",
            "headline": "Graph <b>learning</b> for proteins",
            "affiliation_name": "Example University",
            "open_to_collaborate": "",
            "links": "https://ada.example.edu\nhttps://github.com/ada",
        },
    )
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.display_name == "Ada B. Example"
    assert researcher.former_names == ["Ada Example"]
    assert researcher.affiliation.name == "Example University"
    assert not researcher.open_to_collaborate
    html = Client().get(researcher.get_absolute_url()).content.decode()
    assert "Graph &lt;b&gt;learning&lt;/b&gt; for proteins" in html
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]
    assert heading.strip() == "Ada B. Example"  # the old name stays private
    # L2 35 + works 6 + affiliation 4 + owner's headline 5 = 50.
    assert "Trust 50 - Established" in html


def test_only_the_owner_can_edit_or_mark_not_mine(make_user):
    bob = make_user("bob")
    edit = reverse("claims:researcher_edit", args=["qi-tian"])
    assert logged_in(bob).get(edit).status_code == 404
    work = Researcher.objects.get(slug="qi-tian").authorships.first().work
    url = reverse("claims:work_not_mine", args=["qi-tian", work.pk])
    assert logged_in(bob).post(url).status_code == 404
    assert Client().post(url).status_code == 302  # anonymous: to log in


def test_edit_form_errors_are_clear(make_user, curator):
    alice = make_user("alice")
    qi = Researcher.objects.get(slug="qi-tian")
    claims.claim_approve(
        claim=claims.claim_submit(user=alice, researcher=qi, links=["https://a.edu"]),
        curator=curator,
    )
    response = logged_in(alice).post(
        reverse("claims:researcher_edit", args=["qi-tian"]),
        {
            "display_name": "  ",
            "links": "ftp://old.example\n" + "\n".join(f"https://{i}.x" for i in range(6)),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "This field is required" in text or "cannot be empty" in text


def test_not_mine_leaves_the_profile_and_stays_off_after_reimport(make_user, curator):
    alice = make_user("alice")
    guanglu = Researcher.objects.get(slug="guanglu-song")
    claims.claim_approve(
        claim=claims.claim_submit(user=alice, researcher=guanglu, links=["https://a.edu"]),
        curator=curator,
    )
    work = guanglu.authorships.get(work__title__startswith="KPNet").work
    client = logged_in(alice)
    response = client.post(
        reverse("claims:work_not_mine", args=["guanglu-song", work.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Removed from your record" in response.content.decode()
    page = Client().get("/researchers/guanglu-song/?sort=title").content.decode()
    assert "46 published item(s)" in page and "KPNet" not in page
    call_command("load_seed", verbosity=0)
    guanglu.refresh_from_db()
    assert guanglu.works_count == 46
    rejected = guanglu.authorships.get(work=work)
    assert rejected.rejected_by == alice


def test_claim_submit_refuses_a_claim_without_evidence_by_itself(make_user):
    user = make_user("no-evidence")
    record = Researcher.objects.get(slug="qi-tian")
    for evidence, message in [
        ({}, claims.CLAIM_NO_EVIDENCE),
        ({"links": [""], "note": "It is me, trust me."}, claims.CLAIM_NO_EVIDENCE),
        ({"email": "qi@gmail.com"}, claims.CLAIM_FREE_MAIL),
    ]:
        with pytest.raises(ApplicationError) as refused:
            claims.claim_submit(user=user, researcher=record, **evidence)
        assert refused.value.message == message
    assert not Claim.objects.filter(user=user).exists()
