"""A synthetic OpenAlex corpus: JSON lines that `openalex.parse_openalex_line` accepts.

`corpus_write(path=…, researchers=N, works=M, seed=S)` writes M work lines, then one author
line for every researcher who appears on a work (unless ``authors=False``). The same
arguments give a byte-identical file: everything comes from one ``random.Random(seed)``,
and a ``.gz`` output has a fixed header (no file name, mtime 0).

The shape follows the real data, at any size:

* productivity is Pareto-distributed (a few hyper-prolific authors, a long tail with one work);
  every researcher leads at least one work when M >= N;
* teams: ~7% single-author, mostly 2–8, a long tail to 40, and 0.5% large collaborations
  (30–400; above 100 authors only the first 100 are listed and ``is_authors_truncated``);
  co-authors come mostly from the lead's group, so co-author networks cluster;
* citations heavy-tailed (Pareto) and growing with age; years 1990–2026, more recent more;
* ~200 topics (Zipf-popular), 1,000 institutions with ROR-like ids, 40% of authors with a
  (checksum-valid, unique) ORCID, 85% of non-preprints with a DOI;
* preprints carry arXiv ids (most with the 10.48550 DataCite DOI); some articles are the
  published version of an earlier preprint in the corpus (same title and team, an arXiv
  location), so families can be tested;
* 10% of works and authors use the 2022 format (host_venue, concepts, journal-article, the
  IndexLength-wrapped abstract, last_known_institution, no summary_stats);
* short abstracts as ``abstract_inverted_index`` from a small vocabulary, 3% naming a
  GitHub repository; printed names vary ("J. Smith", "Smith, Jane") against display names.

Memory holds the author table and per-author counters (h-index kept exactly with a small
heap per author), never the works: lines are streamed to the file.
"""

from __future__ import annotations

import bisect
import gzip
import heapq
import json
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from os import PathLike
from pathlib import Path

from profiles.orcid import orcid_check_digit


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


OA = "https://openalex.org/"
FIRST_YEAR = 1990
LAST_YEAR = 2026
UPDATED = "2026-01-01T00:00:00"
GROUP_SIZE = 30  # authors i // GROUP_SIZE form a group that co-authors often
MAX_LISTED_AUTHORS = 100  # the API lists the first 100 authorships
MAX_WEIGHT = 300.0  # caps the Pareto productivity of a single author
N_INSTITUTIONS = 1000
ROR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"

FIRST_NAMES = _words(
    "James Mary Wei Li Fatima Mohammed Anna Ivan Olga Hiroshi Yuki Priya Rahul Ana José "
    "María Luis Sofia Lucas Emma Noah Mia Elena David Sarah Daniel Laura Thomas Julia Pierre "
    "Chloé Hans Jürgen Ingrid Lars Søren Astrid Mateusz Zofia Tomáš Eva Ahmed Aisha Chen "
    "Jun Min-jun Seo-yeon Arjun Ananya Kwame Amara Chinedu Ngozi Omar Leila Reza Maryam Giulia "
    "Marco Francesca Nikos Eleni Ömer Zeynep Dmitri Natalia Paulo Beatriz Kofi Yaw Sipho Thandiwe "
    "Ravi Kavya Hao Xin Yan Jing Lei Ming Tao Ying Carlos Camila Andrés Valentina Peter Karen "
    "Michael Jennifer Robert Linda William Barbara Richard Susan Joseph Jessica Charles Nancy"
)
LAST_NAMES = _words(
    "Smith Johnson Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Kim Lee Park Choi Nguyen "
    "Tran Singh Kumar Sharma Patel Gupta Müller Schmidt Schneider Fischer Weber Meyer Wagner "
    "Becker Rossi Russo Ferrari Esposito Bianchi García Fernández González Rodríguez López "
    "Martínez Sánchez Pérez Silva Santos Oliveira Souza Costa Dubois Martin Bernard Moreau "
    "Laurent Lefèvre Ivanov Smirnov Kuznetsov Popov Novák Kowalski Nowak Wiśniewski Jensen "
    "Nielsen Hansen Andersson Johansson Larsen Berg Tanaka Suzuki Takahashi Watanabe Ito "
    "Yamamoto Nakamura Sato Kobayashi Okafor Mensah Adeyemi Osei Hassan Ali Ahmed Hussein "
    "Rahman Khan Yilmaz Kaya Demir Papadopoulos Georgiou O'Brien Murphy Kelly Walsh Brown "
    "Taylor Wilson Davies Evans Thomas Roberts Clarke Hughes Edwards Green Hall Wood Jackson "
    "Cohen Levi Friedman Rosen Haddad Nasser Sato Lindqvist Virtanen Korhonen Horvat Kovač"
)
SYLLABLES = _words(
    "al ber ton ka ri ma sel vin do ra lu mon ta ne fel ha gar os ven tri co lis bur ham "
    "stad vik berg sun port field ley wood dor ces mar "
)
INSTITUTION_PATTERNS = (
    "University of {}",
    "{} Institute of Technology",
    "{} University",
    "{} Medical Center",
    "{} National Laboratory",
    "{} Polytechnic",
    "Institute for Advanced Study {}",
)
COUNTRIES = (
    ("US", 30),
    ("CN", 22),
    ("GB", 7),
    ("DE", 7),
    ("JP", 5),
    ("FR", 4),
    ("IN", 5),
    ("CA", 3),
    ("IT", 3),
    ("KR", 3),
    ("AU", 2),
    ("ES", 2),
    ("BR", 2),
    ("NL", 2),
    ("CH", 1),
    ("SE", 1),
    ("PL", 1),
    ("NG", 1),
    ("ZA", 1),
    ("TR", 1),
    ("IR", 1),
    ("EG", 1),
)
TOPIC_HEADS = _words(
    "Graph Neural Networks;Quantum Error Correction;Protein Folding;Dark Matter;Climate "
    "Modeling;Gene Regulation;Reinforcement Learning;Topological Insulators;Language Models;"
    "Computer Vision;Soil Microbiome;Battery Materials;Epidemiological Modeling;Cosmic "
    "Microwave Background;Optimal Transport;Federated Learning;Single-Cell Sequencing;"
    "Superconductivity;Neural Coding;Coral Reef Ecology",
    ";",
)
TOPIC_TAILS = _words(
    "Theory;Methods and Applications;in Medicine;Benchmarks;at Scale;and Uncertainty;"
    "Experiments;Simulation;Datasets;Interpretability",
    ";",
)
VENUE_PATTERNS = (
    "Journal of {}",
    "{} Letters",
    "Advances in {}",
    "Proceedings of the Conference on {}",
    "International Journal of {}",
    "{} Reviews",
    "Annals of {}",
    "Transactions on {}",
)
VENUE_FIELDS = _words(
    "Physics;Chemistry;Machine Learning;Applied Mathematics;Computational Biology;Ecology;"
    "Materials Science;Astrophysics;Neuroscience;Statistics;Public Health;Economics;"
    "Signal Processing;Robotics;Geophysics;Organic Chemistry;Genetics;Information Theory;"
    "Optics;Fluid Mechanics;Data Science;Climate Science;Immunology;Cryptography;"
    "Software Engineering;Linguistics;Algorithms;Catalysis;Oncology;Plasma Physics;"
    "Cell Biology;Network Science;Control Systems;Evolutionary Biology;Quantum Information;"
    "Epidemiology;Remote Sensing;Biophysics",
    ";",
)
WORDS = _words(
    "we propose novel method model approach results show data analysis framework learning "
    "network performance accuracy experiments demonstrate significant improvement based "
    "using new study effect structure dynamics system systems theory simulation observed "
    "measurements large scale efficient robust optimal estimation algorithm training "
    "evaluate benchmark state art compared existing methods previous work problem solution "
    "high low temperature energy quantum phase transition protein cell gene expression "
    "patients clinical trial population samples sequence signal noise resolution images "
    "features representation graph nodes edges spectral sparse dense prior posterior "
    "inference uncertainty error bound convergence rate stability control feedback design "
    "material surface interface thin film magnetic field spin electron laser optical "
    "climate ocean atmosphere carbon emissions soil species ecosystem diversity evolution "
    "the of and in to a for with on that this is are by from as our which these"
)
WORK_TYPES = (
    ("article", 58),
    ("preprint", 20),
    ("proceedings-article", 10),
    ("book-chapter", 4),
    ("dataset", 2),
    ("dissertation", 1),
    ("book", 1),
    ("review", 2),
    ("editorial", 1),
    ("other", 1),
)
OLD_TYPES = {
    "article": "journal-article",
    "preprint": "posted-content",
    "review": "journal-article",
}
OLD_ARCHIVES = ("hep-th", "cond-mat", "astro-ph", "quant-ph", "math", "gr-qc", "physics")
ARXIV = {
    "id": OA + "S4306400194",
    "display_name": "arXiv (Cornell University)",
    "type": "repository",
}


@dataclass
class CorpusSummary:
    path: str
    works: int
    authorships: int
    researchers: int  # researchers on at least one work (= author lines when written)
    author_lines: int
    size: int  # bytes on disk

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.works:,} works, {self.authorships:,} authorships, "
            f"{self.researchers:,} researchers, {self.author_lines:,} author lines, "
            f"{self.size / 1_000_000:,.1f} MB"
        )


def corpus_write(
    *,
    path: str | PathLike[str],
    researchers: int,
    works: int,
    seed: int,
    authors: bool = True,
) -> CorpusSummary:
    """Write the corpus to `path` (gzip when it ends in .gz) and return its summary."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    corpus = _Corpus(researchers=researchers, seed=seed)
    with path.open("wb") as raw:
        if path.name.endswith(".gz"):
            out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0)
        else:
            out = raw
        batch: list[str] = []
        for line in corpus.lines(works=works, authors=authors):
            batch.append(line)
            if len(batch) >= 2000:
                out.write("".join(batch).encode("utf-8"))
                batch.clear()
        out.write("".join(batch).encode("utf-8"))
        if out is not raw:
            out.close()
    return CorpusSummary(
        path=str(path),
        works=corpus.works_written,
        authorships=corpus.authorships_written,
        researchers=corpus.researchers_with_works,
        author_lines=corpus.author_lines_written,
        size=path.stat().st_size,
    )


def corpus_lines(*, researchers: int, works: int, seed: int, authors: bool = True) -> Iterator[str]:
    """The corpus lines (each ending in a newline), without writing a file."""
    return _Corpus(researchers=researchers, seed=seed).lines(works=works, authors=authors)


class _Corpus:
    def __init__(self, *, researchers: int, seed: int) -> None:
        if researchers < 1:
            raise ValueError("researchers must be at least 1")
        self.rng = rng = random.Random(seed)
        self.n = researchers
        self.institutions = self._institutions()
        self.topics = [
            (f"T{10001 + i}", f"{head} {tail}")
            for i, (head, tail) in enumerate((h, t) for h in TOPIC_HEADS for t in TOPIC_TAILS)
        ]
        self.topic_cum = list(accumulate(1 / (k + 1) for k in range(len(self.topics))))
        self.venues = [p.format(f) for f in VENUE_FIELDS for p in VENUE_PATTERNS]
        self.inst_cum = list(accumulate(1 / (k + 1) ** 0.8 for k in range(N_INSTITUTIONS)))

        # The author table: parallel lists, index = author number.
        self.names: list[str] = []
        self.orcids: list[str | None] = []
        self.home_inst: list[int] = []
        self.home_topic: list[int] = []
        weights = []
        for i in range(researchers):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if rng.random() < 0.15:
                first = f"{first} {rng.choice('ABCDEFGHJKLMNPRST')}."
            self.names.append(f"{first} {last}")
            self.orcids.append(_orcid(i) if rng.random() < 0.4 else None)
            self.home_inst.append(bisect.bisect(self.inst_cum, rng.random() * self.inst_cum[-1]))
            self.home_topic.append(bisect.bisect(self.topic_cum, rng.random() * self.topic_cum[-1]))
            weights.append(min(rng.paretovariate(1.2), MAX_WEIGHT))
        self.weight_cum = list(accumulate(weights))
        self.lead_order = list(range(researchers))
        rng.shuffle(self.lead_order)

        # Counters for the author lines.
        self.works_count = [0] * researchers
        self.cited = [0] * researchers
        self.i10 = [0] * researchers
        self.h = [0] * researchers
        self.h_heaps: dict[int, list[int]] = {}

        self.arxiv_counters: dict[str, int] = {}
        self.pending_preprints: deque[tuple[str, str, list[int], list[int], int]] = deque(
            maxlen=5000
        )
        self.works_written = 0
        self.authorships_written = 0
        self.author_lines_written = 0
        self.researchers_with_works = 0

    # --- tables ----------------------------------------------------------------------------

    def _institutions(self) -> list[dict]:
        rng = self.rng
        country_cum = list(accumulate(w for _, w in COUNTRIES))
        seen_names: set[str] = set()
        seen_ror: set[str] = set()
        institutions = []
        for k in range(N_INSTITUTIONS):
            while True:
                place = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
                name = rng.choice(INSTITUTION_PATTERNS).format(place.capitalize())
                if name not in seen_names:
                    break
            seen_names.add(name)
            while True:
                ror = "0" + "".join(rng.choice(ROR_ALPHABET) for _ in range(6))
                ror += f"{rng.randrange(100):02d}"
                if ror not in seen_ror:
                    break
            seen_ror.add(ror)
            country = COUNTRIES[bisect.bisect(country_cum, rng.random() * country_cum[-1])][0]
            institutions.append(
                {
                    "id": f"{OA}I{4210000000 + k}",
                    "display_name": name,
                    "ror": f"https://ror.org/{ror}",
                    "country_code": country,
                }
            )
        return institutions

    # --- lines -----------------------------------------------------------------------------

    def lines(self, *, works: int, authors: bool) -> Iterator[str]:
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        for j in range(works):
            yield dumps(self._work(j)) + "\n"
            self.works_written += 1
        self.researchers_with_works = sum(1 for c in self.works_count if c)
        if authors:
            for i in range(self.n):
                if self.works_count[i]:
                    yield dumps(self._author(i)) + "\n"
                    self.author_lines_written += 1

    def _pick_author(self) -> int:
        return bisect.bisect(self.weight_cum, self.rng.random() * self.weight_cum[-1])

    def _team(self, lead: int) -> list[int]:
        rng = self.rng
        r = rng.random()
        if r < 0.07:
            size = 1
        elif r < 0.995:
            size = min(1 + round(rng.lognormvariate(1.0, 0.65)), 40)
        else:
            size = rng.randint(30, 400)
        size = min(size, self.n)
        team = {lead: None}
        group_start = lead - lead % GROUP_SIZE
        group_end = min(group_start + GROUP_SIZE, self.n)
        attempts = 0
        while len(team) < size and attempts < size * 4:
            attempts += 1
            if rng.random() < 0.6:
                team[rng.randrange(group_start, group_end)] = None
            else:
                team[self._pick_author()] = None
        members = list(team)[1:]
        rng.shuffle(members)
        if rng.random() < 0.35 and members:
            return [*members, lead]  # the senior author last
        return [lead, *members]

    def _printed_name(self, i: int) -> str:
        name = self.names[i]
        r = self.rng.random()
        if r < 0.85:
            return name
        first, _, last = name.rpartition(" ")
        if r < 0.95:
            return f"{first[0]}. {last}"
        return f"{last}, {first}"

    def _abstract(self, topic_names: list[str]) -> dict[str, list[int]] | None:
        rng = self.rng
        if rng.random() < 0.2:
            return None
        words = rng.choices(WORDS, k=rng.randint(15, 45))
        words[rng.randrange(len(words))] = topic_names[0].split()[0].lower()
        if rng.random() < 0.03:
            org = rng.choice(LAST_NAMES).lower().replace("'", "")
            words += [
                "Code:",
                f"https://github.com/{org}-lab/{rng.choice(WORDS)}-{rng.randrange(1000)}",
            ]
        index: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            index.setdefault(word, []).append(position)
        return index

    def _arxiv_id(self, year: int, month: int) -> str:
        key = f"{year % 100:02d}{month:02d}"
        number = self.arxiv_counters.get(key, 0) + 1
        self.arxiv_counters[key] = number
        if year >= 2007:
            return f"{key}.{number:05d}"
        archive = OLD_ARCHIVES[number % len(OLD_ARCHIVES)]
        return f"{archive}/{key}{number:03d}"

    def _credit(self, author: int, citations: int) -> None:
        self.works_count[author] += 1
        self.cited[author] += citations
        if citations >= 10:
            self.i10[author] += 1
        h = self.h[author]
        if citations > h:  # exact streaming h-index: keep the citation counts above h
            heap = self.h_heaps.setdefault(author, [])
            heapq.heappush(heap, citations)
            if len(heap) > h:
                h += 1
                while heap and heap[0] <= h:
                    heapq.heappop(heap)
                self.h[author] = h

    def _work(self, j: int) -> dict:
        rng = self.rng
        old_format = rng.random() < 0.1
        year = LAST_YEAR - min(LAST_YEAR - FIRST_YEAR, int(rng.expovariate(1 / 8)))
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        kind = rng.choices(WORK_TYPES_NAMES, cum_weights=WORK_TYPES_CUM)[0]

        published_preprint = None
        if kind == "article" and self.pending_preprints and rng.random() < 0.3:
            published_preprint = self.pending_preprints.popleft()
            arxiv_id, title, team, topic_ids, preprint_year = published_preprint
            year = max(year, preprint_year)
        else:
            lead = self.lead_order[j] if j < self.n else self._pick_author()
            team = self._team(lead)
            home = self.home_topic[lead]
            topic_ids = [home]
            for _ in range(rng.randint(0, 2)):
                neighbour = (home + rng.randint(1, 3)) % len(self.topics)
                if neighbour not in topic_ids:
                    topic_ids.append(neighbour)
            words = rng.choices(WORDS[:60], k=rng.randint(4, 9))
            title = f"{' '.join(words).capitalize()} for {self.topics[home][1].lower()}"
            arxiv_id = None
        topics = [self.topics[t] for t in topic_ids]

        age = LAST_YEAR - year + 1
        citations = 0
        if rng.random() > 0.25:
            citations = int((rng.paretovariate(1.1) - 1) * 10 * min(1.0, age / 8))
            citations = min(citations, 250_000)

        venue_number = (topic_ids[0] * 7 + rng.randrange(5)) % len(self.venues)
        source = {
            "id": f"{OA}S{4200000000 + venue_number}",
            "display_name": self.venues[venue_number],
        }
        doi = None
        locations: list[dict] = []
        if kind == "preprint":
            arxiv_id = self._arxiv_id(year, month)
            if rng.random() < 0.7:
                doi = f"10.48550/arxiv.{arxiv_id}"
            source = ARXIV
            landing = f"https://arxiv.org/abs/{arxiv_id}v{rng.randint(1, 3)}"
            if rng.random() < 0.3:
                self.pending_preprints.append((arxiv_id, title, team, topic_ids, year))
        else:
            if rng.random() < 0.85:
                doi = f"10.{1000 + topic_ids[0] * 17 % 9000}/bzp.{year}.{j}"
            landing = f"https://doi.org/{doi}" if doi else f"https://example.org/works/{j}"
        primary = {"landing_page_url": landing, "source": source}
        if published_preprint:  # the arXiv version of a published article: a family link
            locations = [primary, {"landing_page_url": f"https://arxiv.org/abs/{arxiv_id}"}]

        listed = team[:MAX_LISTED_AUTHORS]
        authorships = []
        for position, author in enumerate(listed):
            affiliated = rng.random() < 0.75  # a quarter of authorships name no institution
            institutions = [self.institutions[self.home_inst[author]]] if affiliated else []
            authorships.append(
                {
                    "author_position": "first"
                    if position == 0
                    else ("last" if position == len(listed) - 1 else "middle"),
                    "author": {
                        "id": f"{OA}A{5000000000 + author}",
                        "display_name": self.names[author],
                        "orcid": f"https://orcid.org/{self.orcids[author]}"
                        if self.orcids[author]
                        else None,
                    },
                    "institutions": institutions,
                    "raw_author_name": self._printed_name(author),
                }
            )
            self._credit(author, citations)
        self.authorships_written += len(listed)

        work = {
            "id": f"{OA}W{4000000000 + j}",
            "doi": f"https://doi.org/{doi}" if doi else None,
            "title": title,
            "publication_year": year,
            "publication_date": f"{year}-{month:02d}-{day:02d}",
            "ids": {"openalex": f"{OA}W{4000000000 + j}"},
        }
        if year < 2021 and rng.random() < 0.5:
            work["ids"]["mag"] = str(2000000000 + j)
        abstract = self._abstract([name for _, name in topics])
        if old_format:
            work["host_venue"] = {"display_name": source["display_name"], "url": landing}
            work["type"] = OLD_TYPES.get(kind, kind)
            work["authorships"] = authorships
            work["cited_by_count"] = citations
            work["concepts"] = [
                {"id": f"{OA}C{41000000 + t}", "display_name": name, "level": 1, "score": 0.6}
                for t, (_, name) in zip(topic_ids, topics, strict=True)
            ]
            if abstract:
                work["abstract_inverted_index"] = {
                    "IndexLength": sum(len(p) for p in abstract.values()),
                    "InvertedIndex": abstract,
                }
        else:
            work["primary_location"] = primary
            work["type"] = kind
            work["authorships"] = authorships
            work["is_authors_truncated"] = len(team) > len(listed)
            work["cited_by_count"] = citations
            work["topics"] = [
                {"id": f"{OA}{code}", "display_name": name, "score": round(0.99 - 0.1 * n, 2)}
                for n, (code, name) in enumerate(topics)
            ]
            if locations:
                work["locations"] = locations
            work["abstract_inverted_index"] = abstract
        work["updated_date"] = UPDATED
        return work

    def _author(self, i: int) -> dict:
        name = self.names[i]
        first, _, last = name.rpartition(" ")
        author = {
            "id": f"{OA}A{5000000000 + i}",
            "orcid": f"https://orcid.org/{self.orcids[i]}" if self.orcids[i] else None,
            "display_name": name,
            "display_name_alternatives": [name, f"{first[0]}. {last}"],
            "works_count": self.works_count[i],
            "cited_by_count": self.cited[i],
        }
        institution = self.institutions[self.home_inst[i]]
        if self.rng.random() < 0.1:
            author["last_known_institution"] = institution
        else:
            author["summary_stats"] = {"h_index": self.h[i], "i10_index": self.i10[i]}
            author["last_known_institutions"] = [institution]
        author["updated_date"] = UPDATED
        return author


WORK_TYPES_NAMES = [name for name, _ in WORK_TYPES]
WORK_TYPES_CUM = list(accumulate(weight for _, weight in WORK_TYPES))


def _orcid(i: int) -> str:
    """A unique, checksum-valid ORCID iD for author number i: 0000-0002-…, then 0000-0003-…"""
    base = f"000000{2 + i // 10**7:02d}{(i * 7919 + 12345) % 10**7:07d}"
    digits = base + orcid_check_digit(base)
    return "-".join(digits[k : k + 4] for k in range(0, 16, 4))
