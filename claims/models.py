"""Claims on author records and their audit trail."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from profiles.models import Researcher


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    NEEDS_EVIDENCE = "needs_evidence", "Needs more evidence"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DISPUTED = "disputed", "Disputed"


OPEN_CLAIM_STATUSES = [ClaimStatus.PENDING, ClaimStatus.NEEDS_EVIDENCE, ClaimStatus.DISPUTED]


class Claim(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="claims")
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    orcid = models.CharField("ORCID iD", max_length=19, blank=True)
    orcid_verified = models.BooleanField(
        "ORCID iD proven by sign-in",
        default=False,
        help_text="The claimant signed in with ORCID and this is the iD ORCID returned.",
    )
    email = models.EmailField("institutional email", blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    links = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims_decided",
    )
    decision_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "profiles_claim"  # created when it lived in profiles
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["researcher"],
                condition=Q(status="approved"),
                name="claim_one_approved_per_researcher",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="approved"), name="claim_one_approved_per_user"
            ),
            models.UniqueConstraint(
                fields=["user", "researcher"],
                condition=Q(status__in=OPEN_CLAIM_STATUSES),
                name="claim_one_open_per_user_and_record",
            ),
        ]
        indexes = [models.Index(fields=["status", "created"], name="claim_status")]

    def __str__(self) -> str:
        return f"{self.user} claims {self.researcher} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CLAIM_STATUSES


class ClaimEvent(models.Model):
    """The audit trail of a claim: every change of state, who made it, and their note."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_from = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=ClaimStatus.choices)
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "profiles_claimevent"  # created when it lived in profiles
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.status_from or '-'} -> {self.status_to}"
