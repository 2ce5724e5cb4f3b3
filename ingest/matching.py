"""Author matching for sources without author ids (arXiv, id-less OpenAlex authorships).

`name_candidates` gathers the existing researchers a batch's names could be, with the evidence
about them (co-authors from the collaboration edges, topics); `match_authors` decides, for the
id-less authors of one work, conservatively. README "Matching authors without ids" says what the
rule gets right and wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from bzpeer.text import name_key
from ingest.records import AuthorRef
from profiles.models import Researcher
from works.models import LARGE_TEAM, Authorship, CollaborationEdge

MatchRule = Authorship.MatchRule


@dataclass
class Candidate:
    researcher_id: int
    coauthors: set[int] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    orphan: bool = False  # no authorships at all: a record an earlier import left empty


def names_compatible(a: str, b: str) -> bool:
    """Two name keys that can be one person: same surname, same first initial."""
    ta, tb = a.split(), b.split()
    return bool(ta and tb) and ta[-1] == tb[-1] and ta[0][0] == tb[0][0]


def match_authors(
    authors: list[AuthorRef],
    *,
    topic_codes: set[str],
    candidates: dict[str, list[Candidate]],
    known: dict[str, int],
    known_positions: dict[int, tuple[str, int]] | None = None,
    team_size: int | None = None,
) -> list[tuple[int | None, str]]:
    """Pick a researcher for each id-less author of one work, conservatively.

    `known` maps name keys to the researcher already on this work, and `known_positions` its
    printed positions: a re-import keeps the work's authors, also when a source prints
    "J. Hošek" where another printed "Jiří Hošek" at the same place (same surname, same
    initial). Otherwise an existing researcher with the same name key is taken only when it is
    the single candidate that shares a co-author (any candidate of another author on this work)
    or a topic with the work; anything else (no candidate, or several equally good) gives None:
    a new record. Two people with one name are kept apart rather than merged.

    On a large collaboration (`team_size`, all authors of the work, above works.models.LARGE_TEAM)
    sharing the byline is no co-author evidence: thousands of names would make nearly every
    namesake "share a co-author", and the check would cost the square of the team.
    """
    keys = [name_key(a.name) for a in authors]
    large = (team_size if team_size is not None else len(authors)) > LARGE_TEAM
    others_by_author: list[set[int]] = [set() for _ in authors] if large else []
    for i in range(0 if large else len(authors)):
        ids = set()
        for j, key in enumerate(keys):
            if j != i:
                ids.update(c.researcher_id for c in candidates.get(key, ()))
                if key in known:
                    ids.add(known[key])
        others_by_author.append(ids)
    result = []
    known_positions = known_positions or {}
    for author, key, other_ids in zip(authors, keys, others_by_author, strict=True):
        if key in known:
            result.append((known[key], MatchRule.NAME))
            continue
        same_place = known_positions.get(author.position) if author.position else None
        if same_place and names_compatible(key, same_place[0]):
            result.append((same_place[1], MatchRule.NAME))
            continue
        by_coauthor = [c for c in candidates.get(key, ()) if c.coauthors & other_ids]
        if len(by_coauthor) == 1:
            result.append((by_coauthor[0].researcher_id, MatchRule.NAME_AND_COAUTHOR))
            continue
        by_topic = [c for c in candidates.get(key, ()) if c.topics & topic_codes]
        if not by_coauthor and len(by_topic) == 1:
            result.append((by_topic[0].researcher_id, MatchRule.NAME_AND_TOPIC))
            continue
        orphans = [c for c in candidates.get(key, ()) if c.orphan]
        if not by_coauthor and not by_topic and len(orphans) == 1:
            # A record with this name and no works at all (an earlier import left it empty)
            # is taken back rather than a second empty one made.
            result.append((orphans[0].researcher_id, MatchRule.NAME))
            continue
        result.append((None, MatchRule.NEW))
    return result


def name_candidates(keys: set[str]) -> dict[str, list[Candidate]]:
    """Existing researchers by name key, with their co-authors and topic codes (4 queries)."""
    keys.discard("")
    if not keys:
        return {}
    rows = list(
        Researcher.objects.filter(name_keys__overlap=list(keys)).values_list(
            "id", "name_keys", "claimed_by_id"
        )
    )
    by_id = {pk: Candidate(pk) for pk, _, _ in rows}
    unclaimed = {pk for pk, _, owner in rows if owner is None}
    if by_id:
        ids = list(by_id)
        for a, b in CollaborationEdge.objects.filter(
            Q(researcher_a_id__in=ids) | Q(researcher_b_id__in=ids)
        ).values_list("researcher_a_id", "researcher_b_id"):
            if a in by_id:
                by_id[a].coauthors.add(b)
            if b in by_id:
                by_id[b].coauthors.add(a)
        with_works = set(
            Authorship.objects.filter(researcher_id__in=ids).values_list("researcher_id", flat=True)
        )
        for pk in ids:
            by_id[pk].orphan = pk not in with_works and pk in unclaimed
        for researcher_id, code in (
            Authorship.objects.filter(researcher_id__in=ids, rejected_at__isnull=True)
            .values_list("researcher_id", "work__topics__code")
            .distinct()
        ):
            if code:
                by_id[researcher_id].topics.add(code)
    candidates: dict[str, list[Candidate]] = defaultdict(list)
    for pk, name_keys, _ in rows:
        for key in name_keys:
            if key in keys:
                candidates[key].append(by_id[pk])
    return candidates
