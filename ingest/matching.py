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

from bzpeer.text import name_key, name_variants, not_a_person
from ingest.records import AuthorRef
from ingest.refs import institution_key
from profiles.models import Researcher
from works.models import LARGE_TEAM, Authorship, CollaborationEdge

MatchRule = Authorship.MatchRule


@dataclass
class Candidate:
    researcher_id: int
    coauthors: set[int] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    institutions: set[str] = field(default_factory=set)  # ingest.refs.institution_key values
    orphan: bool = False  # no authorships at all: a record an earlier import left empty


def names_compatible(a: str, b: str) -> bool:
    """Two name keys that can be one person: same surname, same first initial."""
    ta, tb = a.split(), b.split()
    return bool(ta and tb) and ta[-1] == tb[-1] and ta[0][0] == tb[0][0]


def _token_compatible(a: str, b: str) -> bool:
    """Equal, or one is the other's initial ("f" / "first")."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def alternatives_sane(display_name: str, alternatives) -> list[str]:
    """The alternative names a source gives for a person that can be that person: first and
    last words compatible with the display name's (equal, or an initial of it), in either order
    ("Ada F.", "Tokuzawa, Tetsuo"). An OpenAlex author record listing "K. Tanaka" for Tetsuo
    Tokuzawa attached another person's paper to him; such glitches are dropped."""
    mine = name_key(display_name).split()
    if not mine:
        return []
    kept = []
    for name in alternatives:
        tokens = name_key(name).split()
        if not tokens or not_a_person(name):
            continue
        first, last = tokens[0], tokens[-1]
        same_order = _token_compatible(first, mine[0]) and _token_compatible(last, mine[-1])
        reversed_order = _token_compatible(first, mine[-1]) and _token_compatible(last, mine[0])
        if same_order or reversed_order:
            kept.append(name)
    return kept


def match_authors(
    authors: list[AuthorRef],
    *,
    topic_codes: set[str],
    candidates: dict[str, list[Candidate]],
    known: dict[str, int],
    known_positions: dict[int, tuple[str, int]] | None = None,
    team_size: int | None = None,
) -> list[tuple[int | None, str]]:
    """Pick a researcher for each id-less author of one work; None means a new record.

    `known` maps name keys to the researcher already on this work, and `known_positions` its
    printed positions: a re-import keeps the work's authors, also when a source prints
    "J. Hošek" where another printed "Jiří Hošek" at the same place (same surname, same
    initial). Otherwise, among the researchers any spelling of the name meets (namesakes_of):
    the one sharing clearly the most co-authors (candidates of the work's other authors); else
    the single one sharing an affiliation; else the single one in one of the work's topics;
    else the only namesake, unless it publishes only in other topics; else a record an earlier
    import left empty. Several equally good namesakes give None: kept apart, not merged.

    On a large collaboration (`team_size`, all authors of the work, above works.models.LARGE_TEAM)
    sharing the byline is no co-author evidence: thousands of names would make nearly every
    namesake "share a co-author", and the check would cost the square of the team.
    """
    keys = [name_key(a.name) for a in authors]
    large = (team_size if team_size is not None else len(authors)) > LARGE_TEAM
    # Who each author could be; an author's co-author evidence is everyone the others could be.
    could_be = [
        {c.researcher_id for c in namesakes_of(candidates, key)}
        | ({known[key]} if key in known else set())
        for key in keys
    ]
    others_by_author = [
        set() if large else set().union(*could_be[:i], *could_be[i + 1 :])
        for i in range(len(authors))
    ]
    result = []
    known_positions = known_positions or {}
    for author, key, other_ids in zip(authors, keys, others_by_author, strict=True):
        if key in known:
            result.append((known[key], MatchRule.NAME))
            continue
        if not_a_person(author.name):  # a collaboration, a placeholder: no name evidence
            result.append((None, MatchRule.NEW))
            continue
        same_place = known_positions.get(author.position) if author.position else None
        if same_place and names_compatible(key, same_place[0]):
            result.append((same_place[1], MatchRule.NAME))
            continue
        namesakes = namesakes_of(candidates, key)
        by_coauthor = [c for c in namesakes if c.coauthors & other_ids]
        best = _clear_winner(by_coauthor, lambda c, ids=other_ids: len(c.coauthors & ids))
        if best:
            result.append((best.researcher_id, MatchRule.NAME_AND_COAUTHOR))
            continue
        places = {institution_key(ref) for ref in author.institutions}
        by_place = [c for c in namesakes if c.institutions & places]
        if not by_coauthor and len(by_place) == 1:
            result.append((by_place[0].researcher_id, MatchRule.NAME_AND_AFFILIATION))
            continue
        by_topic = [c for c in namesakes if c.topics & topic_codes]
        if not by_coauthor and not by_place and len(by_topic) == 1:
            result.append((by_topic[0].researcher_id, MatchRule.NAME_AND_TOPIC))
            continue
        if len(namesakes) == 1 and not _other_field(namesakes[0], topic_codes):
            # The only record with this name, and nothing says it is someone else: a name
            # alone is how most people's second paper must be found (a first paper without
            # a known co-author used to start a record of its own every time).
            result.append((namesakes[0].researcher_id, MatchRule.NAME))
            continue
        orphans = [c for c in namesakes if c.orphan]
        if not by_coauthor and not by_topic and len(orphans) == 1:
            # A record with this name and no works at all (an earlier import left it empty)
            # is taken back rather than a second empty one made.
            result.append((orphans[0].researcher_id, MatchRule.NAME))
            continue
        result.append((None, MatchRule.NEW))
    return result


def _other_field(candidate: Candidate, topic_codes: set[str]) -> bool:
    """The one namesake publishes in topics and this work is in none of them: a name alone
    does not make a fluid dynamicist of a computer-vision researcher."""
    return bool(topic_codes and candidate.topics and not topic_codes & candidate.topics)


def _clear_winner(candidates: list[Candidate], strength) -> Candidate | None:
    """The one candidate, or the one with strictly more evidence than every other."""
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    ranked = sorted(candidates, key=strength, reverse=True)
    return ranked[0] if strength(ranked[0]) > strength(ranked[1]) else None


def namesakes_of(candidates: dict[str, list[Candidate]], key: str) -> list[Candidate]:
    """The candidates any written variant of `key` names, each once."""
    found: dict[int, Candidate] = {}
    for variant in name_variants(key):
        for c in candidates.get(variant, ()):
            found.setdefault(c.researcher_id, c)
    return list(found.values())


def candidate_learn(candidates: dict[str, list[Candidate]], key: str, researcher_id: int):
    """The candidate for `researcher_id` under `key` (made and filed under every variant of the
    key when new), so later works of the batch find it by any spelling."""
    for c in candidates.get(key, ()):
        if c.researcher_id == researcher_id:
            return c
    candidate = Candidate(researcher_id)
    for variant in name_variants(key):
        candidates[variant].append(candidate)
    return candidate


def name_candidates(keys: set[str]) -> dict[str, list[Candidate]]:
    """Existing researchers by name key, with their co-authors, topic codes and institutions
    (5 queries)."""
    keys = {v for key in keys if not not_a_person(key) for v in name_variants(key)}
    if not keys:
        return defaultdict(list)
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
        for researcher_id, oa, ror, name in (
            Authorship.objects.filter(researcher_id__in=ids, institution__isnull=False)
            .values_list(
                "researcher_id", "institution__openalex_id", "institution__ror_id",
                "institution__name",
            )
            .distinct()
        ):  # fmt: skip
            by_id[researcher_id].institutions.add(oa or ror or f"name:{name}")
    candidates: dict[str, list[Candidate]] = defaultdict(list)
    for pk, name_keys, _ in rows:
        for key in name_keys:
            if key in keys:
                candidates[key].append(by_id[pk])
    return candidates
