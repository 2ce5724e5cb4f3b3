from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse

from profiles.names import name_key


class Institution(models.Model):
    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    ror_id = models.CharField("ROR id", max_length=100, unique=True, null=True, blank=True)
    openalex_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(name="institution_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"])
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("profiles:institution_detail", kwargs={"slug": self.slug})


DEFAULT_HEADLINE = "contributes to research discovery and scholarly infrastructure."


class VerificationLevel(models.IntegerChoices):
    L0 = 0, "L0 - created by hand, no source"
    L1 = 1, "L1 - imported from a public bibliographic source"
    L2 = 2, "L2 - claimed and confirmed"
    L3 = 3, "L3 - claimed with a matching ORCID iD"


class ResearcherQuerySet(models.QuerySet):
    def for_profile(self):
        """The shape the researcher page needs: one row, affiliation joined."""
        return self.select_related("affiliation", "claimed_by")


def researcher_name_keys(display_name: str, former_names=()) -> list[str]:
    return list(dict.fromkeys(k for k in map(name_key, [display_name, *former_names]) if k))


class Researcher(models.Model):
    """A public author record. Counters are denormalised and kept by services, never by views."""

    display_name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    headline = models.CharField(
        max_length=300, blank=True, help_text="Written by the owner; blank shows the default."
    )
    affiliation = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="researchers"
    )
    open_to_collaborate = models.BooleanField(default=True)

    orcid = models.CharField("ORCID iD", max_length=19, unique=True, null=True, blank=True)
    openalex_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    external_ids = models.JSONField(
        default=dict, blank=True, help_text="Other source ids, e.g. {'seed': 'guanglu song'}."
    )
    links = models.JSONField(
        default=list, blank=True, help_text="The owner's links (homepage, Scholar, GitHub, …)."
    )
    source = models.CharField(max_length=40, blank=True, help_text="Where the record came from.")

    claimed_by = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claimed_researcher",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    verification_level = models.PositiveSmallIntegerField(
        choices=VerificationLevel.choices, default=VerificationLevel.L1
    )

    # Computed from works and follows; kept correct by services (see works.services).
    works_count = models.PositiveIntegerField(default=0)
    followers_count = models.PositiveIntegerField(default=0)
    citations_count = models.PositiveIntegerField(default=0)
    h_index = models.PositiveIntegerField(default=0)
    i10_index = models.PositiveIntegerField(default=0)
    topics_count = models.PositiveIntegerField(default=0)
    close_collaborators_count = models.PositiveIntegerField(default=0)

    # Researcher-level figures a source reports and our works cannot reproduce; never mixed
    # with the computed counters above.
    reported_h_index = models.PositiveIntegerField(null=True, blank=True)
    reported_i10_index = models.PositiveIntegerField(null=True, blank=True)
    reported_citations = models.PositiveIntegerField(null=True, blank=True)
    reported_works_count = models.PositiveIntegerField(null=True, blank=True)
    reported_source = models.CharField(max_length=200, blank=True)
    reported_on = models.DateField(null=True, blank=True)

    name_keys = ArrayField(
        models.CharField(max_length=300),
        default=list,
        blank=True,
        editable=False,
        help_text="profiles.names.name_key of the display name and former names, for matching.",
    )
    former_names = ArrayField(
        models.CharField(max_length=300),
        default=list,
        blank=True,
        help_text="Private: never shown, still used to match imported authorships.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResearcherQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        indexes = [
            models.Index(fields=["-updated"], name="researcher_updated"),
            models.Index(fields=["display_name", "id"], name="researcher_name"),
            GinIndex(fields=["name_keys"], name="researcher_name_keys"),
            GinIndex(
                name="researcher_name_trgm", fields=["display_name"], opclasses=["gin_trgm_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.name_keys = researcher_name_keys(self.display_name, self.former_names)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_keys"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("profiles:researcher_detail", kwargs={"slug": self.slug})

    @property
    def is_claimed(self) -> bool:
        return self.claimed_by_id is not None

    @property
    def headline_or_default(self) -> str:
        default = f"{self.display_name} {DEFAULT_HEADLINE}"
        return self.headline or default


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "researcher"], name="follow_unique_pair")
        ]
        indexes = [models.Index(fields=["researcher", "-created"], name="follow_researcher")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.researcher}"


class TopicFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows"
    )
    topic = models.ForeignKey("works.Topic", on_delete=models.CASCADE, related_name="follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="topic_follow_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.topic}"


class InstitutionFollow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="institution_follows"
    )
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="follows")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"], name="institution_follow_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.institution}"


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
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.status_from or '-'} -> {self.status_to}"


class Conversation(models.Model):
    """A collaboration conversation; visible to its two participants only."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    researcher = models.ForeignKey(
        Researcher, on_delete=models.CASCADE, related_name="conversations"
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations_started"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations_received"
    )
    subject = models.CharField(max_length=200)
    work = models.ForeignKey(
        "works.Work",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The work the invitation is about, if any.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(initiator=models.F("owner")), name="conversation_not_with_self"
            )
        ]
        indexes = [
            models.Index(fields=["owner", "-updated"], name="conversation_owner"),
            models.Index(fields=["initiator", "-updated"], name="conversation_initiator"),
        ]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        indexes = [models.Index(fields=["conversation", "created"], name="message_conversation")]

    def __str__(self) -> str:
        return f"{self.sender}: {self.body[:40]}"
