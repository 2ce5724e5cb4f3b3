import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.seed import SEED_PATH, seed_load


class Command(BaseCommand):
    help = "Load the seed researchers and works (fixtures/seed.json); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=SEED_PATH, help="Seed JSON file.")

    def handle(self, *args, path: Path, **options):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc
        except ValueError as exc:
            raise CommandError(f"{path} is not valid JSON: {exc}") from exc
        try:
            result = seed_load(data=data)
        except (KeyError, TypeError) as exc:
            raise CommandError(f"{path} is not a seed file: missing or wrong field {exc}") from exc
        self.stdout.write(str(result))
