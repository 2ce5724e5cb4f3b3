"""Claiming an author record: submit, confirm an email, curate, withdraw; and the owner's edits.

Every change of a claim's state goes through `_transition`, which writes the audit trail
(ClaimEvent). The database guarantees one approved claim per record and per user and one open
claim per user and record; approval also locks the record row, so two curators approving two
claims at once end with one approval and one dispute.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.services import notify
from bzpeer.http import site_base_url
from graph.services import edges_refresh
from profiles.models import (
    OPEN_CLAIM_STATUSES,
    Claim,
    ClaimEvent,
    ClaimStatus,
    Institution,
    Researcher,
    VerificationLevel,
)
from works.models import Authorship
from works.services import researcher_stats_refresh

EMAIL_SALT = "claims.email-confirmation"
# Personal webmail proves nothing about an institution.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
        "mail.com", "yandex.ru", "qq.com", "163.com", "126.com", "sina.com",
    }
)  # fmt: skip


class ClaimRefused(Exception):
    """A claim action that is not allowed; the message is shown to the person as it is."""


# Submitting, confirming, withdrawing


def orcid_proven_for(user) -> str | None:
    """The ORCID iD `user` proved by signing in with ORCID (allauth social account), if any."""
    from allauth.socialaccount.models import SocialAccount

    account = SocialAccount.objects.filter(user=user, provider="orcid").first()
    return account.uid if account else None


def _transition(claim: Claim, status: str, *, actor, note: str = "") -> None:
    ClaimEvent.objects.create(
        claim=claim, actor=actor, status_from=claim.status, status_to=status, note=note
    )
    claim.status = status
    claim.save(update_fields=["status", "updated"])


@transaction.atomic
def claim_submit(
    *, user, researcher: Researcher, orcid: str = "", email: str = "", links=(), note: str = ""
) -> Claim:
    """File `user`'s claim on `researcher`: pending, or disputed when someone owns it already."""
    researcher = Researcher.objects.select_for_update().get(pk=researcher.pk)
    if researcher.claimed_by_id == user.pk:
        raise ClaimRefused("This record is already yours.")
    owned = Researcher.objects.filter(claimed_by=user).first()
    if owned:
        raise ClaimRefused(
            f"Your account already owns the record of {owned.display_name}; "
            "one account holds one record."
        )
    if Claim.objects.filter(user=user, researcher=researcher, status__in=OPEN_CLAIM_STATUSES):
        raise ClaimRefused("You already have an open claim on this record.")
    disputed = researcher.claimed_by_id is not None
    claim = Claim.objects.create(
        user=user,
        researcher=researcher,
        status=ClaimStatus.DISPUTED if disputed else ClaimStatus.PENDING,
        orcid=orcid,
        orcid_verified=bool(orcid) and orcid == orcid_proven_for(user),
        email=email,
        links=list(links),
        note=note,
    )
    ClaimEvent.objects.create(
        claim=claim,
        actor=user,
        status_to=claim.status,
        note="Claim filed on a record that already has an owner." if disputed else "Claim filed.",
    )
    return claim


def claim_evidence_add(*, claim: Claim, user, orcid="", email="", links=(), note="") -> Claim:
    """The claimant adds evidence; a claim that needed more goes back to pending review."""
    if claim.user_id != user.pk or not claim.is_open:
        raise ClaimRefused("Only an open claim of yours can take more evidence.")
    with transaction.atomic():
        if orcid and orcid != claim.orcid:
            claim.orcid = orcid
            claim.orcid_verified = orcid == orcid_proven_for(user)
        if email and email != claim.email:
            claim.email, claim.email_confirmed_at = email, None
        claim.links = list(dict.fromkeys([*claim.links, *links]))
        if note:
            claim.note = f"{claim.note}\n\n{note}".strip()
        claim.save()
        if claim.status == ClaimStatus.NEEDS_EVIDENCE:
            _transition(claim, ClaimStatus.PENDING, actor=user, note="More evidence added.")
        else:
            ClaimEvent.objects.create(
                claim=claim,
                actor=user,
                status_from=claim.status,
                status_to=claim.status,
                note="More evidence added.",
            )
    return claim


def claim_withdraw(*, claim: Claim, user) -> None:
    if claim.user_id != user.pk or not claim.is_open:
        raise ClaimRefused("Only an open claim of yours can be withdrawn.")
    with transaction.atomic():
        _transition(claim, ClaimStatus.WITHDRAWN, actor=user, note="Withdrawn by the claimant.")


def email_confirmation_token(claim: Claim) -> str:
    return signing.dumps({"claim": claim.pk, "email": claim.email}, salt=EMAIL_SALT)


def email_confirmation_send(*, claim: Claim, request) -> None:
    """Mail a signed, expiring link to the claim's institutional address."""
    if not claim.email or claim.email_confirmed_at or not claim.is_open:
        raise ClaimRefused("There is no unconfirmed email on this claim.")
    path = reverse("profiles:claim_email_confirm", args=[email_confirmation_token(claim)])
    days = settings.CLAIM_EMAIL_LINK_MAX_AGE // 86400
    from django.core.mail import send_mail

    send_mail(
        subject=f"[BZPEER] Confirm your email for the record of {claim.researcher.display_name}",
        message=(
            f"Someone (we hope you) claimed the BZPEER record of "
            f"{claim.researcher.display_name} and gave this address as evidence.\n\n"
            f"Confirm it by opening this link within {days} days:\n"
            f"{site_base_url(request)}{path}\n\n"
            "If this was not you, ignore this message."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[claim.email],
    )


def email_confirm_check(*, token: str) -> Claim:
    """The open claim a confirmation link is for; ClaimRefused says why a link cannot be used."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=settings.CLAIM_EMAIL_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ClaimRefused(
            "This confirmation link has expired. Open your claim and send a new one."
        ) from exc
    except signing.BadSignature as exc:
        raise ClaimRefused(
            "This confirmation link is not valid. Copy the whole link from the email."
        ) from exc
    claim = Claim.objects.select_related("researcher").filter(pk=data.get("claim")).first()
    if claim is None or claim.email != data.get("email") or not claim.is_open:
        raise ClaimRefused("This link no longer matches an open claim.")
    return claim


def email_confirm(*, token: str) -> Claim:
    """Confirm the institutional email a link was sent to (again: a no-op)."""
    claim = email_confirm_check(token=token)
    if claim.email_confirmed_at is None:
        with transaction.atomic():
            claim.email_confirmed_at = timezone.now()
            claim.save(update_fields=["email_confirmed_at", "updated"])
            ClaimEvent.objects.create(
                claim=claim,
                actor=claim.user,
                status_from=claim.status,
                status_to=claim.status,
                note=f"Institutional email {claim.email} confirmed.",
            )
    return claim


# Curating


def claim_approve(*, claim: Claim, curator, note: str = "") -> Claim:
    """Give the record to the claimant (L2, or L3 when a proven ORCID iD matches the record).

    If the record has meanwhile gone to someone else, the claim becomes a dispute instead.
    Other open claims on the record become disputes for curators to settle.
    """
    try:
        with transaction.atomic():
            researcher = Researcher.objects.select_for_update().get(pk=claim.researcher_id)
            claim = Claim.objects.select_for_update().get(pk=claim.pk)
            if not claim.is_open:
                raise ClaimRefused(f"This claim is {claim.get_status_display().lower()}.")
            if researcher.claimed_by_id not in (None, claim.user_id):
                _transition(
                    claim,
                    ClaimStatus.DISPUTED,
                    actor=curator,
                    note="The record already has an owner.",
                )
                return claim
            orcid_matches = claim.orcid_verified and claim.orcid == researcher.orcid
            _transition(claim, ClaimStatus.APPROVED, actor=curator, note=note)
            claim.decided_by, claim.decided_at, claim.decision_note = curator, timezone.now(), note
            claim.save(update_fields=["decided_by", "decided_at", "decision_note"])
            researcher.claimed_by = claim.user
            researcher.claimed_at = timezone.now()
            researcher.verification_level = (
                VerificationLevel.L3 if orcid_matches else VerificationLevel.L2
            )
            if (
                claim.orcid_verified
                and not researcher.orcid
                and not Researcher.objects.filter(orcid=claim.orcid).exists()
            ):
                researcher.orcid = claim.orcid  # proven by sign-in: link it to the record
            researcher.save()
            for other in Claim.objects.filter(
                researcher=researcher, status__in=[ClaimStatus.PENDING, ClaimStatus.NEEDS_EVIDENCE]
            ).exclude(pk=claim.pk):
                _transition(
                    other,
                    ClaimStatus.DISPUTED,
                    actor=curator,
                    note="Another claim on this record was approved.",
                )
    except IntegrityError:
        # A concurrent approval won a unique constraint (this record, or this account, has an
        # approved claim already): this one is a dispute for curators.
        claim.refresh_from_db()
        with transaction.atomic():
            _transition(
                claim,
                ClaimStatus.DISPUTED,
                actor=curator,
                note="Conflicts with another approved claim on this record or by this account.",
            )
        return claim
    _tell_claimant(claim, "approved", note)
    return claim


def claim_reject(*, claim: Claim, curator, note: str) -> Claim:
    return _decide(claim, ClaimStatus.REJECTED, curator=curator, note=note)


def claim_request_evidence(*, claim: Claim, curator, note: str) -> Claim:
    return _decide(claim, ClaimStatus.NEEDS_EVIDENCE, curator=curator, note=note)


def _decide(claim: Claim, status: str, *, curator, note: str) -> Claim:
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if not claim.is_open:
            raise ClaimRefused(f"This claim is {claim.get_status_display().lower()}.")
        _transition(claim, status, actor=curator, note=note)
        claim.decided_by, claim.decided_at, claim.decision_note = curator, timezone.now(), note
        claim.save(update_fields=["decided_by", "decided_at", "decision_note"])
    _tell_claimant(claim, ClaimStatus(status).label.lower(), note)
    return claim


def _tell_claimant(claim: Claim, outcome: str, note: str) -> None:
    name = claim.researcher.display_name
    text = f"Your claim on the record of {name}: {outcome}."
    notify(
        user=claim.user,
        text=text,
        url=reverse("profiles:claim_detail", args=[claim.pk]),
        email_subject=f"Your claim on {name}: {outcome}",
        email_body=f"{text}\n\n{('Curator note: ' + note) if note else ''}".strip(),
    )


# Evidence for curators


@dataclass(frozen=True)
class Evidence:
    orcid_matches_record: bool | None  # None: no ORCID on the claim or on the record
    orcid_proven: bool
    email_domain: str
    email_confirmed: bool
    email_matches_affiliation: bool | None  # None: no email or no affiliation to compare
    name_similarity: float  # 0..1 between the account's name and the record's names


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def claim_evidence(claim: Claim) -> Evidence:
    researcher, user = claim.researcher, claim.user
    domain = claim.email.rsplit("@", 1)[-1].lower() if claim.email else ""
    affiliation = researcher.affiliation.name if researcher.affiliation_id else ""
    if domain and affiliation:
        labels = {part for part in domain.split(".") if len(part) > 2} - {
            "edu",
            "com",
            "org",
            "net",
            "mail",
        }
        words = set(slugify(affiliation).split("-"))
        matches = bool(labels & words) or any(label in slugify(affiliation) for label in labels)
    else:
        matches = None
    claimant_names = [
        n for n in (user.get_full_name(), user.get_username(), claim.email.split("@")[0]) if n
    ]
    record_names = [researcher.display_name, *researcher.former_names]
    similarity = max(
        (
            difflib.SequenceMatcher(None, _fold(a).replace(".", " "), _fold(b)).ratio()
            for a in claimant_names
            for b in record_names
        ),
        default=0.0,
    )
    return Evidence(
        orcid_matches_record=(claim.orcid == researcher.orcid)
        if claim.orcid and researcher.orcid
        else None,
        orcid_proven=claim.orcid_verified,
        email_domain=domain,
        email_confirmed=claim.email_confirmed_at is not None,
        email_matches_affiliation=matches,
        name_similarity=round(similarity, 2),
    )


def is_free_mail(email: str) -> bool:
    return email.rsplit("@", 1)[-1].lower() in FREE_MAIL_DOMAINS


# The owner's controls


def researcher_profile_update(
    *,
    researcher: Researcher,
    user,
    display_name: str,
    headline: str,
    affiliation_name: str,
    open_to_collaborate: bool,
    links: list[str],
) -> Researcher:
    """The owner edits their record; an old display name stays private in former_names."""
    if researcher.claimed_by_id != user.pk:
        raise ClaimRefused("Only the owner of this record can edit it.")
    with transaction.atomic():
        researcher = Researcher.objects.select_for_update().get(pk=researcher.pk)
        if display_name != researcher.display_name:
            if researcher.display_name not in researcher.former_names:
                researcher.former_names.append(researcher.display_name)
            researcher.display_name = display_name
        researcher.headline = headline
        researcher.affiliation = institution_for_name(affiliation_name)
        researcher.open_to_collaborate = open_to_collaborate
        researcher.links = links
        researcher.save()
    return researcher


def institution_for_name(name: str) -> Institution | None:
    """The institution called `name` (case-insensitive), created when there is none yet."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = Institution.objects.filter(name__iexact=name).order_by("id").first()
    if existing:
        return existing
    base = slugify(name)[:180] or "institution"
    slug, n = base, 1
    while Institution.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Institution.objects.create(name=name, slug=slug)


def authorship_reject(*, researcher: Researcher, work_id: int, user) -> Authorship:
    """The owner says a listed work is not theirs: it leaves the profile now, for good.

    The authorship row stays, marked rejected, so every future import (which keys authorships
    by work and researcher) finds it and leaves it alone; curators see it in admin.
    """
    if researcher.claimed_by_id != user.pk:
        raise ClaimRefused("Only the owner of this record can do that.")
    with transaction.atomic():
        authorship = (
            Authorship.objects.select_for_update()
            .filter(researcher=researcher, work_id=work_id, rejected_at__isnull=True)
            .first()
        )
        if authorship is None:
            raise ClaimRefused("That work is not listed on your record.")
        authorship.rejected_at, authorship.rejected_by = timezone.now(), user
        authorship.save(update_fields=["rejected_at", "rejected_by"])
        coauthors = list(
            Authorship.objects.filter(work_id=work_id).values_list("researcher_id", flat=True)
        )
        researcher_stats_refresh(researcher_ids=[researcher.pk])
        edges_refresh(researcher_ids=coauthors)
    return authorship


def claim_section_context(request, researcher: Researcher) -> dict:
    """What the page's claim section needs: the visitor's latest claim on this record."""
    if not request.user.is_authenticated:
        return {"my_claim": None}
    my_claim = (
        Claim.objects.filter(user=request.user, researcher=researcher)
        .exclude(status=ClaimStatus.WITHDRAWN)
        .order_by("-created")
        .first()
    )
    return {"my_claim": my_claim}
