"""Claiming an author record: submit, confirm an email, curate, withdraw.

Every change of a claim's state goes through `_transition`, which writes the audit trail
(ClaimEvent). The database guarantees one approved claim per record and per user and one open
claim per user and record; approval also locks the record row, so two curators approving two
claims at once end with one approval and one dispute. Mails and notices go out on commit.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.services import notify
from bzpeer.errors import ApplicationError
from bzpeer.http import site_base_url
from claims.models import OPEN_CLAIM_STATUSES, Claim, ClaimEvent, ClaimStatus
from claims.selectors import is_free_mail, orcid_proven_for
from profiles.models import Researcher, VerificationLevel

EMAIL_SALT = "claims.email-confirmation"

CLAIM_ALREADY_YOURS = "This record is already yours."
CLAIM_ONE_RECORD = "Your account already owns the record of {name}; one account holds one record."
CLAIM_ALREADY_OPEN = "You already have an open claim on this record."
CLAIM_NO_EVIDENCE = (
    "Give at least one piece of evidence: an ORCID iD, an institutional email or a link."
)
CLAIM_FREE_MAIL = (
    "Use an institutional address: a personal webmail address proves nothing about this record."
)
CLAIM_NOT_OPEN_EVIDENCE = "Only an open claim of yours can take more evidence."
CLAIM_NOT_OPEN_WITHDRAW = "Only an open claim of yours can be withdrawn."
CLAIM_NO_EMAIL = "There is no unconfirmed email on this claim."
LINK_EXPIRED = "This confirmation link has expired. Open your claim and send a new one."
LINK_INVALID = "This confirmation link is not valid. Copy the whole link from the email."
LINK_STALE = "This link no longer matches an open claim."
CLAIM_DECIDED = "This claim is {status}."


# Submitting, confirming, withdrawing


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
    """File `user`'s claim on `researcher`: pending, or disputed when someone owns it already.

    Needs at least one piece of evidence; a webmail address is not evidence.
    """
    if not (orcid or email or any(links)):
        raise ApplicationError(CLAIM_NO_EVIDENCE)
    if email and is_free_mail(email):
        raise ApplicationError(CLAIM_FREE_MAIL)
    researcher = Researcher.objects.select_for_update().get(pk=researcher.pk)
    if researcher.claimed_by_id == user.pk:
        raise ApplicationError(CLAIM_ALREADY_YOURS)
    owned = Researcher.objects.filter(claimed_by=user).first()
    if owned:
        raise ApplicationError(CLAIM_ONE_RECORD.format(name=owned.display_name))
    if Claim.objects.filter(user=user, researcher=researcher, status__in=OPEN_CLAIM_STATUSES):
        raise ApplicationError(CLAIM_ALREADY_OPEN)
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
        raise ApplicationError(CLAIM_NOT_OPEN_EVIDENCE)
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
        raise ApplicationError(CLAIM_NOT_OPEN_WITHDRAW)
    with transaction.atomic():
        _transition(claim, ClaimStatus.WITHDRAWN, actor=user, note="Withdrawn by the claimant.")


def email_confirmation_token(claim: Claim) -> str:
    return signing.dumps({"claim": claim.pk, "email": claim.email}, salt=EMAIL_SALT)


def email_confirmation_send(*, claim: Claim, request) -> None:
    """Mail a signed, expiring link to the claim's institutional address."""
    if not claim.email or claim.email_confirmed_at or not claim.is_open:
        raise ApplicationError(CLAIM_NO_EMAIL)
    path = reverse("claims:claim_email_confirm", args=[email_confirmation_token(claim)])
    days = settings.CLAIM_EMAIL_LINK_MAX_AGE // 86400
    name = claim.researcher.display_name
    transaction.on_commit(
        partial(
            send_mail,
            subject=f"[BZPEER] Confirm your email for the record of {name}",
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
    )


def email_confirm_check(*, token: str) -> Claim:
    """The open claim a confirmation link is for; ApplicationError says why it cannot be used."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=settings.CLAIM_EMAIL_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(LINK_EXPIRED) from exc
    except signing.BadSignature as exc:
        raise ApplicationError(LINK_INVALID) from exc
    claim = Claim.objects.select_related("researcher").filter(pk=data.get("claim")).first()
    if claim is None or claim.email != data.get("email") or not claim.is_open:
        raise ApplicationError(LINK_STALE)
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
                raise ApplicationError(
                    CLAIM_DECIDED.format(status=claim.get_status_display().lower())
                )
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
            researcher.save(
                update_fields=["claimed_by", "claimed_at", "verification_level", "orcid", "updated"]
            )
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
            raise ApplicationError(CLAIM_DECIDED.format(status=claim.get_status_display().lower()))
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
        url=reverse("claims:claim_detail", args=[claim.pk]),
        email_subject=f"Your claim on {name}: {outcome}",
        email_body=f"{text}\n\n{('Curator note: ' + note) if note else ''}".strip(),
    )
