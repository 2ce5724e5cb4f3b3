"""Writes to researcher records and institutions (never their derived counters: works.services)."""

from __future__ import annotations

from django.db import transaction

from bzpeer.errors import ApplicationError
from bzpeer.text import slugs_taken, unique_slug
from profiles.models import Institution, Researcher, researcher_name_keys

NOT_OWNER = "Only the owner of this record can edit it."


def researcher_save(*, researcher: Researcher, update_fields=None) -> Researcher:
    """Save a researcher edited by a person (owner, curator): its name keys follow its names."""
    researcher.name_keys = researcher_name_keys(researcher.display_name, researcher.former_names)
    if update_fields is not None:
        update_fields = {*update_fields, "name_keys", "updated"}
    researcher.save(update_fields=update_fields)
    return researcher


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
        raise ApplicationError(NOT_OWNER)
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
        researcher_save(researcher=researcher)
    return researcher


def institution_for_name(name: str) -> Institution | None:
    """The institution called `name` (case-insensitive), created when there is none yet."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = Institution.objects.filter(name__iexact=name).order_by("id").first()
    if existing:
        return existing
    taken = slugs_taken(Institution, [name], fallback="institution")
    return Institution.objects.create(
        name=name, slug=unique_slug(name, taken=taken, fallback="institution")
    )
