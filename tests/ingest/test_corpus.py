"""The synthetic corpus: reproducible bytes, every line importable, a realistic shape."""

import gzip
import statistics
from collections import Counter

import pytest
from django.core.management import call_command

from ingest.corpus import corpus_lines, corpus_write
from ingest.files import open_lines
from ingest.openalex import parse_openalex_line
from ingest.records import AuthorRecord, WorkRecord
from profiles.orcid import orcid_normalise

RESEARCHERS = 400
WORKS = 4000


@pytest.fixture(scope="module")
def parsed():
    works: list[WorkRecord] = []
    authors: list[AuthorRecord] = []
    for line in corpus_lines(researchers=RESEARCHERS, works=WORKS, seed=7):
        records, rejected = parse_openalex_line(line)
        assert rejected == []
        for record in records:
            (works if isinstance(record, WorkRecord) else authors).append(record)
    return works, authors


def test_same_seed_gives_the_same_bytes_plain_and_gzip(tmp_path):
    for name in ("a.jsonl", "b.jsonl", "a.jsonl.gz", "b.jsonl.gz"):
        corpus_write(path=tmp_path / name, researchers=50, works=300, seed=3)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()
    plain = (tmp_path / "a.jsonl").read_bytes()
    assert gzip.decompress((tmp_path / "a.jsonl.gz").read_bytes()) == plain


def test_another_seed_gives_another_corpus(tmp_path):
    corpus_write(path=tmp_path / "a.jsonl", researchers=50, works=300, seed=3)
    corpus_write(path=tmp_path / "b.jsonl", researchers=50, works=300, seed=4)
    assert (tmp_path / "a.jsonl").read_bytes() != (tmp_path / "b.jsonl").read_bytes()


def test_summary_counts_what_was_written(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    summary = corpus_write(path=path, researchers=50, works=300, seed=3)
    lines = [line for _, line in open_lines(path)]
    assert summary.works == 300
    assert summary.author_lines == summary.researchers == 50  # 300 works >= 50 leads
    assert len(lines) == 350
    assert summary.size == path.stat().st_size
    works = [r for line in lines[:300] for r in parse_openalex_line(line).records]
    assert summary.authorships == sum(len(w.authors) for w in works)


def test_without_authors_only_work_lines_are_written(tmp_path):
    summary = corpus_write(
        path=tmp_path / "w.jsonl", researchers=50, works=100, seed=3, authors=False
    )
    assert summary.author_lines == 0
    assert len(list(open_lines(tmp_path / "w.jsonl"))) == 100


def test_every_line_parses_into_works_then_authors(parsed):
    works, authors = parsed
    assert len(works) == WORKS
    assert len(authors) == RESEARCHERS  # every researcher leads a work when works >= researchers
    assert len({w.openalex_id for w in works}) == WORKS
    assert len({w.doi for w in works if w.doi}) == sum(1 for w in works if w.doi)
    assert len({w.arxiv_id for w in works if w.arxiv_id}) == sum(1 for w in works if w.arxiv_id)


def test_works_per_author_is_heavily_skewed(parsed):
    works, _ = parsed
    per_author = Counter(a.openalex_id for w in works for a in w.authors)
    counts = sorted(per_author.values())
    assert counts[-1] >= 8 * statistics.median(counts)
    assert counts[0] >= 1


def test_team_sizes_are_mostly_small_with_a_long_tail(parsed):
    works, _ = parsed
    sizes = [len(w.authors) for w in works]
    assert min(sizes) == 1
    assert max(sizes) >= 30
    small = sum(1 for s in sizes if 2 <= s <= 8)
    assert small / len(sizes) > 0.75
    truncated = [w for w in works if w.authors_truncated]
    assert all(len(w.authors) == 100 for w in truncated)


def test_citations_are_heavy_tailed_and_years_in_range(parsed):
    works, _ = parsed
    citations = sorted(w.citation_count for w in works)
    assert citations[0] == 0
    assert citations[-1] > 20 * max(1, statistics.median(citations))
    assert {w.year for w in works} <= set(range(1990, 2027))
    assert max(w.year for w in works) == 2026


def test_the_corpus_has_the_variety_the_importer_must_handle(parsed):
    works, authors = parsed
    types = Counter(w.work_type for w in works)
    assert {"article", "preprint", "proceedings", "book-chapter"} <= set(types)
    assert types.most_common(1)[0][0] == "article"
    assert sum(1 for w in works if w.doi) > 0.7 * len(works)
    assert any(w.arxiv_id and w.doi and w.doi.startswith("10.48550/") for w in works)
    assert any(w.arxiv_id and not w.doi for w in works)
    # Published versions of earlier preprints in the corpus: family links.
    preprints = {w.arxiv_id: w for w in works if w.arxiv_id}
    published = [w for w in works if w.related_arxiv_ids]
    assert published
    for work in published:
        preprint = preprints[work.related_arxiv_ids[0]]
        assert work.title == preprint.title
        assert [a.openalex_id for a in work.authors] == [a.openalex_id for a in preprint.authors]
    assert any(w.code_url.startswith("https://github.com/") for w in works)
    assert any(a.name != a.display_name for w in works for a in w.authors)
    topics = {t.code for w in works for t in w.topics}
    assert 50 < len(topics) <= 400  # topics and the concepts of old-format works
    institutions = {i.ror_id for w in works for a in w.authors for i in a.institutions}
    assert len(institutions) > 200
    assert all(i.startswith("https://ror.org/0") for i in institutions)


def test_authors_carry_consistent_figures(parsed):
    works, authors = parsed
    per_author = Counter(a.openalex_id for w in works for a in w.authors)
    for author in authors:
        assert author.works_count == per_author[author.openalex_id]
        if author.h_index is not None:
            assert 0 <= author.h_index <= author.works_count
            assert author.i10_index <= author.works_count
    with_stats = [a for a in authors if a.h_index is not None]
    assert 0.8 * len(authors) < len(with_stats) < len(authors)  # 10% old-format lines
    orcids = [a.orcid for a in authors if a.orcid]
    assert 0.25 * len(authors) < len(orcids) < 0.55 * len(authors)
    assert len(set(orcids)) == len(orcids)
    assert all(orcid_normalise(o) == o for o in orcids)


def test_h_index_is_exact(parsed):
    works, authors = parsed
    citations: dict[str, list[int]] = {}
    for work in works:
        for author in work.authors:
            citations.setdefault(author.openalex_id, []).append(work.citation_count)
    for author in authors:
        if author.h_index is None:
            continue
        ranked = sorted(citations[author.openalex_id], reverse=True)
        expected = sum(1 for rank, c in enumerate(ranked, start=1) if c >= rank)
        assert author.h_index == expected, author.openalex_id
        assert author.i10_index == sum(1 for c in ranked if c >= 10)


def test_generate_corpus_command_writes_and_reports(tmp_path, capsys):
    path = tmp_path / "out" / "corpus.jsonl.gz"
    call_command("generate_corpus", researchers=20, works=60, seed=5, output=path)
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: 60 works, ")
    assert "20 researchers" in out
    assert len(list(open_lines(path))) == 80
