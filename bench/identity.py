"""Identity resolution measured on real labelled data: B-cubed of where authorships land.

    .venv/bin/python bench/identity.py [--max-authors N] [--data DIR]

Imports `works.jsonl.gz` of the INSPIRE-HEP development set (../shared/data/identity-dev, see
its README) with `import_openalex` into a fresh database `bzpeer_bench_identity`, then scores
the researcher record each curator-labelled authorship landed on (B³ precision, recall, F1)
next to the exact-name baseline (same normalised full name = same person) computed on the same
authorships. `--max-authors N` imports only works with at most N authors (the full file has
3.15M authorships in 3,390 large collaborations; ordinary works are 35k). Prints a Markdown
section and writes it to bench/out/identity.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA = BASE_DIR.parent / "shared" / "data" / "identity-dev"
OUT = BASE_DIR / "bench" / "out"
DATABASE = "bzpeer_bench_identity"


def b_cubed(
    predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> tuple[float, float, float]:
    """B³ precision, recall and F1 over the items of `gold` (item -> cluster in each mapping).

    For each item: precision = |its predicted cluster ∩ its gold cluster| / |predicted cluster|,
    recall = the same / |gold cluster|; both are averaged over the items, F1 is their harmonic
    mean. Clusters are restricted to the gold items (unlabelled co-authors do not count).
    """
    items = [s for s in gold if s in predicted]
    by_pred: dict[Hashable, set[str]] = defaultdict(set)
    by_gold: dict[Hashable, set[str]] = defaultdict(set)
    for s in items:
        by_pred[predicted[s]].add(s)
        by_gold[gold[s]].add(s)
    if not items:
        return 0.0, 0.0, 0.0
    precision = recall = 0.0
    for s in items:
        both = len(by_pred[predicted[s]] & by_gold[gold[s]])
        precision += both / len(by_pred[predicted[s]])
        recall += both / len(by_gold[gold[s]])
    precision, recall = precision / len(items), recall / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def subset_write(data: Path, max_authors: int | None, target: Path) -> tuple[int, int]:
    """The works of the dev file with at most `max_authors` authors; (works, authorships)."""
    works = authorships = 0
    with gzip.open(data / "works.jsonl.gz", "rt") as lines, target.open("w") as out:
        for line in lines:
            n = len(json.loads(line)["authorships"])
            if max_authors is None or n <= max_authors:
                out.write(line)
                works += 1
                authorships += n
    return works, authorships


def landed(gold: Mapping[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    """For each gold key "W9…:<index>": the researcher id it landed on, and its name key."""
    from bzpeer.text import name_key
    from works.models import Authorship

    wanted = defaultdict(set)
    for key in gold:
        work, index = key.split(":")
        wanted[work].add(int(index) + 1)
    researcher, name = {}, {}
    rows = Authorship.objects.filter(work__openalex_id__in=list(wanted)).values_list(
        "work__openalex_id", "position", "researcher_id", "raw_name"
    )
    for work, position, researcher_id, raw_name in rows.iterator(chunk_size=5000):
        if position in wanted[work]:
            key = f"{work}:{position - 1}"
            researcher[key], name[key] = researcher_id, name_key(raw_name)
    return researcher, name


def identity_bench(*, data: Path = DATA, max_authors: int | None = None) -> str:
    """Import the dev set into a fresh database and score it; the Markdown section."""
    from bench.scale import database_fresh, manage, server_urls

    admin, url, _server = server_urls(DATABASE)  # the handle keeps an embedded server up
    database_fresh(admin, DATABASE)
    manage(url, "migrate", "--verbosity", "0")
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "works.jsonl"
        works, authorships = subset_write(data, max_authors, subset)
        seconds = manage(url, "import_openalex", str(subset), "--rejects", f"{tmp}/rejects")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bzpeer.settings")
    import django

    django.setup()
    gold = json.loads((data / "gold.json").read_text())
    researcher, name = landed(gold)
    gold = {k: v for k, v in gold.items() if k in researcher}
    ours, exact = b_cubed(researcher, gold), b_cubed(name, gold)
    scope = f"works with at most {max_authors} authors" if max_authors else "all works"
    return f"""## Identity resolution (real labelled data)

INSPIRE-HEP development set ({scope}: {works:,} works, {authorships:,} authorships, of which
{len(gold):,} labelled), imported with `import_openalex` into an empty database in {seconds:.0f} s
({authorships / seconds:,.0f} authorships/s, whole command). B³ over the labelled authorships:
the record each landed on, next to calling equal normalised names one person, on the same
authorships (`bench/identity.py`).

| Rule | B³ precision | B³ recall | B³ F1 |
|---|--:|--:|--:|
| BZPEER import (researcher record) | {ours[0]:.3f} | {ours[1]:.3f} | {ours[2]:.3f} |
| Same normalised full name | {exact[0]:.3f} | {exact[1]:.3f} | {exact[2]:.3f} |
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-authors", type=int, default=None)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not (args.data / "works.jsonl.gz").exists():
        print(f"No identity data at {args.data}; skipped.")
        return 0
    text = identity_bench(data=args.data, max_authors=args.max_authors)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "identity.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    raise SystemExit(main())
