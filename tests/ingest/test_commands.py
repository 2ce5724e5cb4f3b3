"""The import commands end to end on the hand-written sample files, against real PostgreSQL."""

import gzip
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ingest import run as run_module
from profiles.models import Researcher
from works.models import Authorship, Work

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
OPENALEX = FILES / "openalex_works.jsonl"
AUTHORS = FILES / "openalex_authors.jsonl"
ARXIV = FILES / "arxiv_snapshot.jsonl"
ARXIV_API = FILES / "arxiv_api.xml"


def run(command: str, *paths, rejects=None) -> str:
    out = io.StringIO()
    args = [str(p) for p in paths]
    if rejects:
        args += ["--rejects", str(rejects)]
    call_command(command, *args, stdout=out)
    return out.getvalue()


def summary(output: str) -> dict[str, int]:
    """{"read": 12, "created": 9, …} from the command's summary line."""
    line = next(line for line in output.splitlines() if " import: " in line)
    pairs = re.findall(r"(read|created|updated|unchanged|rejected) ([\d,]+)", line)
    return {key: int(value.replace(",", "")) for key, value in pairs}


def content_hash() -> str:
    works = Work.objects.order_by("id").values_list(
        "id", "title", "abstract", "year", "month", "day", "doi", "arxiv_id", "openalex_id",
        "venue", "work_type", "citation_count", "family_id", "is_primary_version",
    )  # fmt: skip
    authorships = Authorship.objects.order_by("id").values_list(
        "work_id", "researcher_id", "position", "raw_name", "institution_id"
    )
    researchers = Researcher.objects.order_by("id").values_list(
        "id", "display_name", "works_count", "reported_h_index"
    )
    return hashlib.sha256(
        repr((list(works), list(authorships), list(researchers))).encode()
    ).hexdigest()


def rejects_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_openalex_import_summary_rejects_and_no_op_rerun(tmp_path):
    rejects = tmp_path / "oa.rejects.jsonl"
    first = summary(run("import_openalex", OPENALEX, AUTHORS, rejects=rejects))
    assert first["created"] > 0 and first["rejected"] > 0
    assert (
        first["read"]
        == first["created"] + first["updated"] + first["unchanged"] + first["rejected"]
    )
    bad = rejects_of(rejects)
    assert len(bad) == first["rejected"]
    assert all({"line", "reason", "raw"} <= entry.keys() for entry in bad)
    reasons = " | ".join(entry["reason"] for entry in bad)
    for expected in ("malformed JSON", "missing title", "paratext"):
        assert expected in reasons
    counts = (Work.objects.count(), Researcher.objects.count(), Authorship.objects.count())
    before = content_hash()
    second = summary(run("import_openalex", OPENALEX, AUTHORS, rejects=tmp_path / "again.jsonl"))
    assert second["created"] == second["updated"] == 0
    assert (Work.objects.count(), Researcher.objects.count(), Authorship.objects.count()) == counts
    assert content_hash() == before


def test_rejects_go_beside_the_input_by_default(tmp_path):
    copy = tmp_path / "works.jsonl"
    copy.write_bytes(OPENALEX.read_bytes())
    output = run("import_openalex", copy)
    assert (tmp_path / "works.jsonl.rejects.jsonl").exists()
    assert "works.jsonl.rejects.jsonl" in output


@pytest.mark.parametrize("path", [ARXIV, ARXIV_API])
def test_arxiv_snapshot_and_api_import_and_rerun(tmp_path, path):
    first = summary(run("import_arxiv", path, rejects=tmp_path / "ax.jsonl"))
    assert first["created"] > 0 and first["rejected"] > 0
    before = content_hash()
    researchers = Researcher.objects.count()
    second = summary(run("import_arxiv", path, rejects=tmp_path / "ax2.jsonl"))
    assert second["created"] == second["updated"] == 0
    assert content_hash() == before
    assert Researcher.objects.count() == researchers


def test_one_paper_printed_two_ways_keeps_its_authors(tmp_path):
    """The snapshot prints "J. Hošek", the API "Jiří Hošek" for the same paper: one person."""
    run("import_arxiv", ARXIV, ARXIV_API, rejects=tmp_path / "a.jsonl")
    researchers = Researcher.objects.count()
    run("import_arxiv", ARXIV, ARXIV_API, rejects=tmp_path / "b.jsonl")
    assert Researcher.objects.count() == researchers


def test_the_two_sources_merge_on_arxiv_id_and_doi(client, tmp_path):
    arxiv_line = json.dumps(
        {
            "id": "2211.12860",
            "authors": "Zhuofan Zong, Guanglu Song, Yu Liu",
            "authors_parsed": [["Zong", "Zhuofan", ""], ["Song", "Guanglu", ""], ["Liu", "Yu", ""]],
            "title": "DETRs with Collaborative Hybrid Assignments Training",
            "abstract": "In this paper, we provide the observation ...",
            "categories": "cs.CV",
            "doi": "10.1109/ICCV51070.2023.00621",
            "versions": [{"version": "v1", "created": "Tue, 22 Nov 2022 16:19:52 GMT"}],
            "update_date": "2023-08-10",
        }
    )
    openalex_preprint = {
        "id": "https://openalex.org/W4309999999",
        "doi": "https://doi.org/10.48550/arxiv.2211.12860",
        "title": "DETRs with Collaborative Hybrid Assignments Training",
        "publication_year": 2022,
        "publication_date": "2022-11-22",
        "type": "preprint",
        "cited_by_count": 412,
        "authorships": [],
    }
    openalex_published = {
        "id": "https://openalex.org/W4390000000",
        "doi": "https://doi.org/10.1109/iccv51070.2023.00621",
        "title": "DETRs with Collaborative Hybrid Assignments Training",
        "publication_year": 2023,
        "publication_date": "2023-10-01",
        "type": "article",
        "cited_by_count": 100,
        "primary_location": {"source": {"display_name": "ICCV 2023"}},
        "authorships": [],
    }
    ax = tmp_path / "arxiv.jsonl"
    ax.write_text(arxiv_line + "\n")
    oa = tmp_path / "openalex.jsonl"
    oa.write_text(json.dumps(openalex_preprint) + "\n" + json.dumps(openalex_published) + "\n")
    run("import_arxiv", ax)
    run("import_openalex", oa)
    preprint = Work.objects.get(arxiv_id="2211.12860")
    assert preprint.openalex_id == "W4309999999"  # the same work from both sources: one row
    assert preprint.citation_count == 412
    published = Work.objects.get(doi="10.1109/iccv51070.2023.00621")
    assert published.family_id == preprint.family_id is not None
    assert published.is_primary_version and not preprint.is_primary_version
    # Each version's page lists the other; only the published one is in lists.
    published_page = client.get(published.get_absolute_url()).content.decode()
    preprint_page = client.get(preprint.get_absolute_url()).content.decode()
    assert "Other versions of this work" in published_page
    assert f'href="{preprint.get_absolute_url()}"' in published_page
    assert "arXiv 2211.12860" in published_page
    assert f'href="{published.get_absolute_url()}"' in preprint_page
    assert "the version lists show" in preprint_page


def test_a_broken_gzip_tail_keeps_the_lines_before_it(tmp_path):
    lines = [
        json.dumps({"id": f"https://openalex.org/W{n}", "title": "Kept", "publication_year": 2020})
        for n in range(1, 400)
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    broken = tmp_path / "works.jsonl.gz"
    broken.write_bytes(data[: len(data) - 40])
    output = run("import_openalex", broken, rejects=tmp_path / "r.jsonl")
    assert Work.objects.filter(openalex_id="W1", title="Kept").exists()
    assert "truncated gzip" in (tmp_path / "r.jsonl").read_text()
    assert "import:" in output


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_openalex", "/nonexistent/works.jsonl")


def test_seed_pages_still_read_right_after_imports(client, tmp_path):
    run("import_openalex", OPENALEX, AUTHORS, rejects=tmp_path / "a.jsonl")
    run("import_arxiv", ARXIV, ARXIV_API, rejects=tmp_path / "b.jsonl")
    for slug, n in [("guanglu-song", 47), ("qi-tian", 73), ("lu-yuan", 33)]:
        html = client.get(f"/researchers/{slug}/").content.decode()
        assert f"{n} published item(s)" in html
        assert "Trust 21 - Emerging" in html


def test_interrupted_load_leaves_a_consistent_database_and_a_rerun_completes(tmp_path, monkeypatch):
    author = {"id": "https://openalex.org/A77", "display_name": "Ida Interrupt"}
    lines = [
        json.dumps(
            {
                "id": f"https://openalex.org/W9{n:05d}",
                "title": f"Work {n}",
                "publication_year": 2020,
                "authorships": [{"author": author, "author_position": "first"}],
            }
        )
        for n in range(1, 31)
    ]
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join(lines) + "\n")
    monkeypatch.setattr("ingest.loader.BATCH_SIZE", 10)
    real_feed = run_module._feed
    calls = {"n": 0}

    def feed_then_die(loader, unit, parse):
        calls["n"] += 1
        if calls["n"] == 25:
            raise KeyboardInterrupt
        real_feed(loader, unit, parse)

    monkeypatch.setattr(run_module, "_feed", feed_then_die)
    with pytest.raises(SystemExit) as exit_info:
        run("import_openalex", path)
    assert exit_info.value.code == 130
    assert Work.objects.filter(openalex_id__startswith="W9").count() == 20  # two whole batches
    monkeypatch.setattr(run_module, "_feed", real_feed)
    stats = summary(run("import_openalex", path))
    assert (stats["created"], stats["unchanged"]) == (10, 20)
    assert Researcher.objects.get(openalex_id="A77").works_count == 30
