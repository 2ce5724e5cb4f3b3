"""Test data made the way the write paths make it: rows, then works.services.authorships_changed."""

import itertools

from bzpeer.text import slugify
from profiles.models import Researcher, researcher_name_keys
from works.models import Authorship, Topic, Work
from works.services import authorships_changed

_counter = itertools.count(1)


def researcher_create(name: str | None = None, **fields) -> Researcher:
    n = next(_counter)
    name = name or f"Test Researcher {n}"
    fields.setdefault("slug", f"{slugify(name)}-{n}")
    fields.setdefault("name_keys", researcher_name_keys(name, fields.get("former_names", ())))
    return Researcher.objects.create(display_name=name, source="test", **fields)


def works_create(
    researcher: Researcher,
    count: int,
    *,
    coauthors: list[Researcher] = (),
    topics: list[Topic] = (),
    first_year: int = 2000,
    citations=lambda i: i % 50,
) -> list[Work]:
    """`count` works by `researcher` (and every co-author), bulk-inserted, counters refreshed."""
    works = Work.objects.bulk_create(
        Work(
            title=f"Work {i} by {researcher.display_name}",
            abstract=f"Abstract of work {i}: $x^{i}$ & <b>not bold</b>.",
            year=first_year + i % 25,
            month=1 + i % 12,
            day=1 + i % 28,
            venue="arXiv",
            citation_count=citations(i),
            source="test",
        )
        for i in range(count)
    )
    authors = [researcher, *coauthors]
    Authorship.objects.bulk_create(
        Authorship(work=w, researcher=r, position=p, raw_name=r.display_name, source="test")
        for w in works
        for p, r in enumerate(authors, start=1)
    )
    if topics:
        through = Work.topics.through
        through.objects.bulk_create(through(work=w, topic=t) for w in works for t in topics)
    authorships_changed(researcher_ids=[r.pk for r in authors])
    return works
