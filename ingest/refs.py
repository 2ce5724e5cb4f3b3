"""Institutions and topics named by records, resolved to ids; the missing ones are created.

A few queries per batch whatever its size, never one per record.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from bzpeer.text import slugs_taken, unique_slug
from ingest.records import InstitutionRef, TopicRef
from profiles.models import Institution
from works.models import Topic


def institution_ids(refs: Iterable[InstitutionRef]) -> dict[str, int]:
    """Key (OpenAlex id, ROR id or name) -> institution id; creates the missing ones."""
    refs = list({institution_key(r): r for r in refs}.values())
    if not refs:
        return {}
    oa = [r.openalex_id for r in refs if r.openalex_id]
    ror = [r.ror_id for r in refs if r.ror_id]
    names = [r.name for r in refs if not r.openalex_id and not r.ror_id]
    found: dict[str, int] = {}
    for inst in Institution.objects.filter(
        Q(openalex_id__in=oa) | Q(ror_id__in=ror) | Q(name__in=names)
    ).only("id", "openalex_id", "ror_id", "name"):
        for key in (inst.openalex_id, inst.ror_id, f"name:{inst.name}"):
            if key:
                found.setdefault(key, inst.pk)
    missing = [r for r in refs if not _found_id(found, r)]
    taken = slugs_taken(Institution, [r.name for r in missing], fallback="institution")
    created = Institution.objects.bulk_create(
        [
            Institution(
                name=r.name[:300],
                slug=unique_slug(r.name, taken=taken, fallback="institution"),
                openalex_id=r.openalex_id,
                ror_id=r.ror_id,
                country=r.country[:2],
            )
            for r in missing
        ],
        ignore_conflicts=True,
    )
    if created:
        for inst in Institution.objects.filter(
            Q(openalex_id__in=oa) | Q(ror_id__in=ror) | Q(name__in=[r.name for r in missing])
        ).only("id", "openalex_id", "ror_id", "name"):
            for key in (inst.openalex_id, inst.ror_id, f"name:{inst.name}"):
                if key:
                    found.setdefault(key, inst.pk)
    return {institution_key(r): _found_id(found, r) for r in refs}


def institution_key(ref: InstitutionRef) -> str:
    return ref.openalex_id or ref.ror_id or f"name:{ref.name}"


def _found_id(found: dict[str, int], ref: InstitutionRef) -> int | None:
    for key in (ref.openalex_id, ref.ror_id, f"name:{ref.name}"):
        if key and key in found:
            return found[key]
    return None


def topic_ids(refs: Iterable[TopicRef]) -> dict[tuple[str, str], int]:
    refs = list({(r.scheme, r.code): r for r in refs}.values())
    if not refs:
        return {}
    query = Q()
    for r in refs:
        query |= Q(scheme=r.scheme, code=r.code)
    found = {
        (t.scheme, t.code): t.pk for t in Topic.objects.filter(query).only("id", "scheme", "code")
    }
    missing = [r for r in refs if (r.scheme, r.code) not in found]
    if missing:

        def slug_name(r: TopicRef) -> str:
            # Names repeat across schemes and codes ("Machine Learning"); arXiv codes do not.
            return r.code.replace(".", "-") if r.scheme == "arxiv" else r.name

        taken = slugs_taken(Topic, [slug_name(r) for r in missing], fallback="topic")
        Topic.objects.bulk_create(
            [
                Topic(
                    scheme=r.scheme,
                    code=r.code,
                    name=r.name[:200],
                    slug=unique_slug(slug_name(r), taken=taken, fallback="topic"),
                )
                for r in missing
            ],
            ignore_conflicts=True,
        )
        found |= {
            (t.scheme, t.code): t.pk
            for t in Topic.objects.filter(query).only("id", "scheme", "code")
        }
    return found
