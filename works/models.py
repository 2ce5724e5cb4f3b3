import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from profiles.models import Institution, Researcher


class Topic(models.Model):
    class Scheme(models.TextChoices):
        ARXIV = "arxiv", "arXiv category"
        OPENALEX = "openalex", "OpenAlex topic"
        KEYWORD = "keyword", "Keyword"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    scheme = models.CharField(max_length=20, choices=Scheme.choices, default=Scheme.KEYWORD)
    code = models.CharField(
        max_length=100, blank=True, help_text="The source's own id, e.g. cs.CV or T10036."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"], condition=~Q(code=""), name="topic_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pages:topic_detail", kwargs={"slug": self.slug})

    @property
    def label(self) -> str:
        """Short tag text, e.g. "CV" for cs.CV, as researchers know the categories."""
        return self.code.rsplit(".", 1)[-1] if self.scheme == self.Scheme.ARXIV else self.name


class WorkFamily(models.Model):
    """An arXiv preprint and its published version: one family, shown once."""

    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "work families"

    def __str__(self) -> str:
        return f"Work family {self.pk}"


class ImportRun(models.Model):
    source = models.CharField(max_length=40)
    arguments = models.JSONField(default=dict, blank=True)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"{self.source} import {self.started:%Y-%m-%d %H:%M}"


class WorkType(models.TextChoices):
    PREPRINT = "preprint", "preprint"
    ARTICLE = "article", "article"
    PROCEEDINGS = "proceedings", "proceedings"
    BOOK_CHAPTER = "book-chapter", "book chapter"
    BOOK = "book", "book"
    DATASET = "dataset", "dataset"
    DISSERTATION = "dissertation", "dissertation"
    OTHER = "other", "other"


def counted_via_authorships(prefix: str = "authorships__") -> Q:
    """Which authorships count, seen through `prefix` (e.g. from Researcher or Work).

    The one definition (researcher pages, counters, the graph): not marked "not mine", on a
    work nobody hid, the primary version of its family. counted_sql says the same in SQL.
    """
    return Q(
        **{
            f"{prefix}rejected_at__isnull": True,
            f"{prefix}work__hidden": False,
            f"{prefix}work__is_primary_version": True,
        }
    )


COUNTED_AUTHORSHIP = counted_via_authorships("")

# Close collaborators: co-authors with at least this many counted works in common.
CLOSE_COLLABORATOR_MIN_SHARED = 2

# Large collaborations: a work with more authors than this (an LHC paper has ~3,000) still counts
# for each author's works and citations, but adds no co-author pairs to the collaboration graph
# and is no co-author evidence when matching names. Pairs grow with the square of a team; past
# this size, sharing a byline says little about working together, and one such paper would add
# millions of edges. An authorship adds at most LARGE_TEAM - 1 edges.
LARGE_TEAM = 50


def counted_sql(authorship: str = "a", work: str = "w") -> str:
    """COUNTED_AUTHORSHIP in SQL, for an authorship alias joined to its work's alias."""
    return f"{authorship}.rejected_at IS NULL AND NOT {work}.hidden AND {work}.is_primary_version"


class WorkQuerySet(models.QuerySet):
    def visible(self):
        """Not hidden by a curator: reachable at its own URL."""
        return self.filter(hidden=False)

    def listed(self):
        """Visible and the primary version of its family: what lists and counts show."""
        return self.filter(hidden=False, is_primary_version=True)

    def counted_for(self, researcher):
        """The researcher's listed works through a counted authorship: their page's list."""
        return self.listed().filter(
            authorships__researcher=researcher, authorships__rejected_at__isnull=True
        )


class Work(models.Model):
    title = models.TextField()
    abstract = models.TextField(blank=True)
    work_type = models.CharField(max_length=20, choices=WorkType.choices, default=WorkType.PREPRINT)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)

    doi = models.CharField("DOI", max_length=255, unique=True, null=True, blank=True)
    arxiv_id = models.CharField("arXiv id", max_length=40, unique=True, null=True, blank=True)
    openalex_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    external_ids = models.JSONField(default=dict, blank=True)
    code_url = models.URLField(max_length=500, blank=True)
    citation_count = models.PositiveIntegerField(default=0)
    authors_truncated = models.BooleanField(
        default=False, help_text="The source listed only the first authors ('et al.')."
    )

    topics = models.ManyToManyField(Topic, blank=True, related_name="works")
    family = models.ForeignKey(
        WorkFamily, null=True, blank=True, on_delete=models.SET_NULL, related_name="works"
    )
    is_primary_version = models.BooleanField(
        default=True,
        help_text="Shown in lists; False for the other versions in a family (e.g. the preprint "
        "of a published paper), which the primary's page lists.",
    )
    hidden = models.BooleanField(default=False, help_text="Hidden by a curator.")
    source = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month", "-day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="work_month_range"
            ),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="work_day_range"),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(month__isnull=False), name="work_day_needs_month"
            ),
        ]
        indexes = [
            models.Index(fields=["-year", "-month", "-day"], name="work_date"),
            models.Index(fields=["-citation_count"], name="work_citations"),
            models.Index(fields=["-created"], name="work_created"),
            # Family links are found by containment: external_ids @> {"related_dois": [doi]}.
            GinIndex(
                fields=["external_ids"], opclasses=["jsonb_path_ops"], name="work_external_ids"
            ),
            GinIndex(name="work_title_trgm", fields=["title"], opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("works:work_detail", kwargs={"pk": self.pk})

    @property
    def named_authorships(self) -> list["Authorship"]:
        """Authors in printed order (uses the prefetched authorships)."""
        return [a for a in self.authorships.all() if a.position is not None]

    @property
    def unplaced_authorships(self) -> list["Authorship"]:
        """Known authors whose place in the list the source did not give (hidden by "et al.")."""
        return [a for a in self.authorships.all() if a.position is None]

    @property
    def publication_date(self) -> datetime.date | None:
        if self.month and self.day:
            return datetime.date(self.year, self.month, self.day)
        return None

    @property
    def arxiv_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""


class AuthorshipQuerySet(models.QuerySet):
    def counted(self):
        """Authorships that count (COUNTED_AUTHORSHIP): on researcher pages, counters, edges."""
        return self.filter(COUNTED_AUTHORSHIP)

    def not_rejected(self):
        """Not marked "not mine": the author list of a work as its page shows it."""
        return self.filter(rejected_at__isnull=True)


class Authorship(models.Model):
    class MatchRule(models.TextChoices):
        SOURCE_ID = "source_id", "Source author id"
        ORCID = "orcid", "ORCID iD"
        SEED = "seed", "Seed page (name on the profile)"
        NAME = "name", "Normalised name"
        NAME_AND_COAUTHOR = "name_coauthor", "Normalised name plus co-author overlap"
        NAME_AND_AFFILIATION = "name_affiliation", "Normalised name plus a shared affiliation"
        NAME_AND_TOPIC = "name_topic", "Normalised name plus topic overlap"
        NEW = "new", "New record made by the import (no match)"
        CURATOR = "curator", "Curator decision"

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="authorships")
    researcher = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="1-based printed order; blank when the source does not say.",
    )
    raw_name = models.CharField(max_length=300, blank=True, help_text="The name as printed.")
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships"
    )
    source = models.CharField(max_length=40, blank=True)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships"
    )
    match_rule = models.CharField(max_length=20, choices=MatchRule.choices, blank=True)
    rejected_at = models.DateTimeField(
        null=True, blank=True, help_text='Marked "not mine"; every later import keeps it off.'
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AuthorshipQuerySet.as_manager()

    class Meta:
        ordering = ["work", models.F("position").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["work", "researcher"], name="authorship_unique"),
        ]
        indexes = [models.Index(fields=["researcher", "work"], name="authorship_researcher")]

    def __str__(self) -> str:
        return f"{self.raw_name or self.researcher} on {self.work_id}"


class CollaborationEdge(models.Model):
    """Two researchers who share works, stored once with researcher_a < researcher_b.

    Written only by works.services.authorships_changed (the one write path for derived state),
    so graph reads never scan authorships.
    """

    researcher_a = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="+")
    researcher_b = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="+")
    shared_works = models.PositiveIntegerField()
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "graph_collaborationedge"  # created when it lived in graph
        constraints = [
            models.CheckConstraint(
                condition=Q(researcher_a__lt=F("researcher_b")), name="edge_ordered_pair"
            ),
            models.UniqueConstraint(
                fields=["researcher_a", "researcher_b"], name="edge_unique_pair"
            ),
            models.CheckConstraint(condition=Q(shared_works__gte=1), name="edge_shares_a_work"),
        ]
        indexes = [
            models.Index(fields=["researcher_a", "-shared_works"], name="edge_a_strength"),
            models.Index(fields=["researcher_b", "-shared_works"], name="edge_b_strength"),
        ]

    def __str__(self) -> str:
        return f"{self.researcher_a_id}–{self.researcher_b_id} ({self.shared_works})"
