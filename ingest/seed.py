"""Load the seed data (fixtures/seed.json, built by fixtures/build_seed.py) into the database.

Idempotent: every row is keyed by its seed key (`external_ids["seed"]` for works and
researchers, the slug for topics and institutions), so a second load adds nothing, and a
changed fixture updates rows in place. Authorships a person or curator rejected stay rejected.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from bzpeer.text import unique_slug
from profiles.models import Institution, Researcher, VerificationLevel, researcher_name_keys
from works.models import Authorship, Topic, Work
from works.services import authorships_changed

SEED_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
SOURCE = "seed"

WORK_FIELDS = [
    "title",
    "abstract",
    "work_type",
    "venue",
    "year",
    "month",
    "day",
    "code_url",
    "authors_truncated",
]


@dataclass(frozen=True)
class SeedResult:
    researchers: int
    researchers_created: int
    works: int
    works_created: int
    works_updated: int
    authorships_created: int

    def __str__(self) -> str:
        return (
            f"Seed data: {self.researchers} researchers ({self.researchers_created} new), "
            f"{self.works} works ({self.works_created} new, {self.works_updated} updated), "
            f"{self.authorships_created} new authorships."
        )


def _topics_upsert(rows: list[dict]) -> dict[str, Topic]:
    topics = {}
    for row in rows:
        # Keyed like the database's own unique constraint: (scheme, code).
        topic, _ = Topic.objects.update_or_create(
            scheme=row["scheme"],
            code=row["code"],
            defaults={"name": row["name"], "slug": row["slug"]},
        )
        topics[row["code"]] = topic
    return topics


def _institutions_upsert(rows: list[dict]) -> dict[str, Institution]:
    return {
        row["slug"]: Institution.objects.get_or_create(slug=row["slug"], defaults=row)[0]
        for row in rows
    }


def _researchers_upsert(rows: list[dict]) -> tuple[dict[str, Researcher], int]:
    existing = {
        r.external_ids["seed"]: r
        for r in Researcher.objects.filter(external_ids__seed__in=[row["key"] for row in rows])
    }
    missing = [row for row in rows if row["key"] not in existing]
    taken = set(
        Researcher.objects.filter(slug__in=[row["slug"] for row in missing]).values_list(
            "slug", flat=True
        )
    )
    created = Researcher.objects.bulk_create(
        Researcher(
            display_name=row["display_name"],
            name_keys=researcher_name_keys(row["display_name"]),
            slug=unique_slug(row["slug"], taken=taken, fallback="researcher"),
            external_ids={"seed": row["key"]},
            source=SOURCE,
            verification_level=VerificationLevel.L1,
        )
        for row in missing
    )
    researchers = existing | {r.external_ids["seed"]: r for r in created}
    for row in rows:
        if reported := row.get("reported"):
            Researcher.objects.filter(pk=researchers[row["key"]].pk).update(
                reported_h_index=reported["h_index"],
                reported_citations=reported["citations"],
                reported_works_count=reported["works_count"],
                reported_source=reported["source"],
                reported_on=date.fromisoformat(reported["on"]) if reported["on"] else None,
            )
    return researchers, len(created)


def _works_upsert(rows: list[dict]) -> tuple[dict[str, Work], int, int]:
    existing = {
        w.external_ids["seed"]: w
        for w in Work.objects.filter(external_ids__seed__in=[row["key"] for row in rows])
    }
    changed = []
    for row in rows:
        work = existing.get(row["key"])
        if work and any(getattr(work, f) != row[f] for f in WORK_FIELDS):
            for f in WORK_FIELDS:
                setattr(work, f, row[f])
            changed.append(work)
    Work.objects.bulk_update(changed, WORK_FIELDS)
    created = Work.objects.bulk_create(
        Work(external_ids={"seed": row["key"]}, source=SOURCE, **{f: row[f] for f in WORK_FIELDS})
        for row in rows
        if row["key"] not in existing
    )
    works = existing | {w.external_ids["seed"]: w for w in created}
    return works, len(created), len(changed)


@transaction.atomic
def seed_load(*, data: dict) -> SeedResult:
    """Upsert the seed topics, institutions, researchers, works and authorships in `data`."""
    topics = _topics_upsert(data["topics"])
    institutions = _institutions_upsert(data["institutions"])
    researchers, researchers_created = _researchers_upsert(data["researchers"])
    works, works_created, works_updated = _works_upsert(data["works"])

    through = Work.topics.through
    through.objects.bulk_create(
        [
            through(work=works[row["key"]], topic=topics[code])
            for row in data["works"]
            for code in row["topics"]
        ],
        ignore_conflicts=True,
    )
    # The unique (work, researcher) pair keeps an existing row, rejected or not, as it is.
    before = Authorship.objects.filter(source=SOURCE).count()
    Authorship.objects.bulk_create(
        [
            Authorship(
                work=works[row["key"]],
                researcher=researchers[author["researcher"]],
                position=author["position"],
                raw_name=author["raw_name"],
                institution=institutions.get(author["institution"]),
                source=SOURCE,
                match_rule=Authorship.MatchRule.SEED,
            )
            for row in data["works"]
            for author in row["authors"]
        ],
        ignore_conflicts=True,
    )
    authorships_created = Authorship.objects.filter(source=SOURCE).count() - before

    ids = [r.pk for r in researchers.values()]
    authorships_changed(researcher_ids=ids)
    return SeedResult(
        researchers=len(researchers),
        researchers_created=researchers_created,
        works=len(works),
        works_created=works_created,
        works_updated=works_updated,
        authorships_created=authorships_created,
    )
