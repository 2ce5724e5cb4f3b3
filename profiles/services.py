"""Writes to researcher records and institutions (never their derived counters: works.services)."""

from __future__ import annotations

from django.db import transaction

from bzpeer.errors import ApplicationError
from bzpeer.text import slugs_taken, unique_slug
from profiles.models import Institution, Researcher, researcher_name_keys

NOT_OWNER = "Only the owner of this record can edit it."


def researcher_save(
    *, researcher: Researcher, previous_name: str = "", update_fields=None
) -> Researcher:
    """Save a researcher edited by a person (owner, curator): its name keys follow its name.

    A renamed record loses the keys of `previous_name` (kept private in former_names, never a
    key): renaming a record to "Kaiming He" and back must not leave it pulling in Kaiming He's
    next paper. Works already on the record keep their authors on re-import without any key.
    Keys a source added (its alternative names) stay.
    """
    dropped = set(researcher_name_keys(previous_name)) if previous_name else set()
    kept = [k for k in researcher.name_keys if k not in dropped]
    researcher.name_keys = list(
        dict.fromkeys([*researcher_name_keys(researcher.display_name), *kept])
    )
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
        previous = researcher.display_name
        if display_name != previous:
            if previous not in researcher.former_names:
                researcher.former_names.append(previous)
            researcher.display_name = display_name
        researcher.headline = headline
        researcher.affiliation = institution_for_name(affiliation_name)
        researcher.open_to_collaborate = open_to_collaborate
        researcher.links = links
        researcher_save(researcher=researcher, previous_name=previous)
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
