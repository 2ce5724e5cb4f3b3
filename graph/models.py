from django.db import models
from django.db.models import F, Q

from profiles.models import Researcher


class CollaborationEdge(models.Model):
    """Two researchers who share works, stored once with researcher_a < researcher_b.

    Kept up to date by every write path that changes authorships, so graph reads never scan
    authorships.
    """

    researcher_a = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="+")
    researcher_b = models.ForeignKey(Researcher, on_delete=models.CASCADE, related_name="+")
    shared_works = models.PositiveIntegerField()
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
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
