"""Reads of the composite pages that span apps (the directory filters by works' topics)."""

from profiles.models import Researcher
from works.models import counted_via_authorships


def researcher_directory(
    *, letter: str | None = None, topic_slug: str | None = None, query: str | None = None
):
    """Researchers A–Z, optionally by first letter, a topic they publish in, or a name fragment."""
    researchers = Researcher.objects.select_related("affiliation").order_by("display_name", "id")
    if query:
        researchers = researchers.filter(display_name__icontains=query)  # trigram-indexed
    if letter:
        researchers = researchers.filter(display_name__istartswith=letter)
    if topic_slug:
        researchers = researchers.filter(
            pk__in=Researcher.objects.filter(
                counted_via_authorships(), authorships__work__topics__slug=topic_slug
            ).values("pk")
        )
    return researchers
