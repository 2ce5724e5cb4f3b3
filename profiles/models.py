from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.urls import reverse

from bzpeer.text import name_key, name_variants, not_a_person


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
        return reverse("pages:institution_detail", kwargs={"slug": self.slug})

    @property
    def ror_short_id(self) -> str:
        """ "02mhbdp94" whether the source gave the id or ROR's canonical URL (OpenAlex does)."""
        return (self.ror_id or "").rstrip("/").rsplit("/", 1)[-1]

    @property
    def ror_url(self) -> str:
        return f"https://ror.org/{self.ror_short_id}" if self.ror_id else ""


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


def researcher_name_keys(display_name: str, alternative_names=()) -> list[str]:
    """The keys these names are matched by: each name's key and its written variants
    (bzpeer.text.name_variants). A name that is not one person's (bzpeer.text.not_a_person:
    "Deleted Author", "The BABAR Collaboration") is no key: nothing is ever matched to it.
    An owner's former names are never passed here (profiles.services.researcher_save)."""
    names = [n for n in [display_name, *alternative_names] if not not_a_person(n)]
    keys = (v for n in names for v in name_variants(name_key(n)))
    return list(dict.fromkeys(k for k in keys if k))


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

    # Derived from authorships and follows; written only by works.services.authorships_changed
    # (works, citations, h-index, i10, topics, close collaborators) and follows.services.
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
        help_text="Match keys of the display name and a source's alternative names "
        "(never former names).",
    )
    former_names = ArrayField(
        models.CharField(max_length=300),
        default=list,
        blank=True,
        help_text="Private: never shown, never a match key (works already on the record stay).",
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

    def get_absolute_url(self) -> str:
        return reverse("pages:researcher_detail", kwargs={"slug": self.slug})

    @property
    def is_claimed(self) -> bool:
        return self.claimed_by_id is not None

    @property
    def headline_or_default(self) -> str:
        default = f"{self.display_name} {DEFAULT_HEADLINE}"
        return self.headline or default
