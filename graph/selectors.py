"""Reads of the collaboration graph. Every read here is a bounded number of indexed queries."""

from dataclasses import dataclass

from django.db.models import Q

from graph.models import CollaborationEdge
from graph.services import CLOSE_COLLABORATOR_MIN_SHARED
from profiles.models import Researcher


@dataclass(frozen=True)
class Collaborator:
    researcher: Researcher
    shared_works: int
    first_year: int | None
    last_year: int | None


def _edges_of(researcher: Researcher):
    return CollaborationEdge.objects.filter(
        Q(researcher_a=researcher) | Q(researcher_b=researcher),
        shared_works__gte=CLOSE_COLLABORATOR_MIN_SHARED,
    )


def close_collaborators(*, researcher: Researcher, limit: int = 12) -> list[Collaborator]:
    """Top close collaborators (>= 2 shared works), strongest first. One query."""
    edges = (
        _edges_of(researcher)
        .select_related("researcher_a", "researcher_b")
        .order_by("-shared_works", "-last_year", "id")[:limit]
    )
    return [
        Collaborator(
            researcher=edge.researcher_b
            if edge.researcher_a_id == researcher.pk
            else edge.researcher_a,
            shared_works=edge.shared_works,
            first_year=edge.first_year,
            last_year=edge.last_year,
        )
        for edge in edges
    ]


def claimed_close_collaborators_count(*, researcher: Researcher) -> int:
    """Close collaborators whose records are claimed (a trust input). One query."""
    return (
        _edges_of(researcher)
        .filter(
            Q(researcher_a=researcher, researcher_b__claimed_by__isnull=False)
            | Q(researcher_b=researcher, researcher_a__claimed_by__isnull=False)
        )
        .count()
    )
