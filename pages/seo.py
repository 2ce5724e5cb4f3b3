"""Structured data for search engines: schema.org Person with works as ScholarlyArticle."""

import json

from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe

from profiles.models import Researcher


def researcher_jsonld(*, researcher: Researcher, works, base_url: str) -> dict:
    """schema.org Person; `works` is a page of already-fetched works (authors prefetched)."""
    person = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": researcher.display_name,
        "url": base_url + researcher.get_absolute_url(),
        "description": researcher.headline_or_default,
    }
    if researcher.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": researcher.affiliation.name}
    if researcher.orcid:
        person["sameAs"] = [f"https://orcid.org/{researcher.orcid}"]
    person["workExample"] = [
        {
            "@type": "ScholarlyArticle",
            "headline": work.title[:110],
            "name": work.title,
            "url": base_url + work.get_absolute_url(),
            "datePublished": (
                work.publication_date.isoformat() if work.publication_date else str(work.year)
            ),
            "author": [
                {"@type": "Person", "name": a.raw_name or a.researcher.display_name}
                for a in work.authorships.all()
            ],
            **({"publisher": {"@type": "Organization", "name": work.venue}} if work.venue else {}),
            **({"sameAs": work.doi_url} if work.doi else {}),
        }
        for work in works
    ]
    return person


def jsonld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> that no source text can break out of."""
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
