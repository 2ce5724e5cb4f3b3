from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.corpus import corpus_write

DEFAULT_OUTPUT = Path(".data/corpus.jsonl.gz")


class Command(BaseCommand):
    help = (
        "Write a synthetic OpenAlex JSON-lines corpus (works, then author entities) with "
        "realistic skew; the same arguments always give the same bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--researchers", type=int, required=True, help="Number of authors.")
        parser.add_argument("--works", type=int, required=True, help="Number of works.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--output",
            type=Path,
            default=DEFAULT_OUTPUT,
            help=f"Output file; gzip when it ends in .gz (default {DEFAULT_OUTPUT}).",
        )
        parser.add_argument(
            "--no-authors", action="store_true", help="Write work lines only, no author lines."
        )

    def handle(self, *args, researchers, works, seed, output, no_authors, **options):
        if researchers < 1 or works < 0:
            raise CommandError("--researchers must be at least 1 and --works at least 0.")
        try:
            summary = corpus_write(
                path=output, researchers=researchers, works=works, seed=seed, authors=not no_authors
            )
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        self.stdout.write(str(summary))
