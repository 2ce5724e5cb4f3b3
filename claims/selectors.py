"""Every read the claim pages and the curators' screens need."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount

from bzpeer.text import fold, slugify
from claims.models import Claim, ClaimStatus
from profiles.models import Researcher

# Personal webmail proves nothing about an institution.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
        "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
        "mail.com", "yandex.ru", "qq.com", "163.com", "126.com", "sina.com",
    }
)  # fmt: skip


def orcid_proven_for(user) -> str | None:
    """The ORCID iD `user` proved by signing in with ORCID (allauth social account), if any."""
    account = SocialAccount.objects.filter(user=user, provider="orcid").first()
    return account.uid if account else None


@dataclass(frozen=True)
class Evidence:
    orcid_matches_record: bool | None  # None: no ORCID on the claim or on the record
    orcid_proven: bool
    email_domain: str
    email_confirmed: bool
    email_matches_affiliation: bool | None  # None: no email or no affiliation to compare
    name_similarity: float  # 0..1 between the account's name and the record's names


def _fold(text: str) -> str:
    return " ".join(fold(text).split())


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
        words = set(slugify(affiliation, fallback="").split("-"))
        matches = bool(labels & words) or any(
            label in slugify(affiliation, fallback="") for label in labels
        )
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
