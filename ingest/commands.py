"""The shared shape of the import commands: arguments, summary, Ctrl-C."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.run import default_rejects_path, run_import


class ImportCommand(BaseCommand):
    source: str
    parse = None

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Input files (plain or .gz).")
        parser.add_argument(
            "--rejects",
            type=Path,
            help="Where to write rejected records (default: beside each input, "
            "<input>.rejects.jsonl).",
        )

    def handle(self, *args, paths: list[Path], rejects: Path | None, **options):
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        try:
            stats = run_import(
                paths,
                source=self.source,
                parse=type(self).parse,
                rejects_path=rejects,
                out=self.stdout._out if hasattr(self.stdout, "_out") else self.stdout,
            )
        except KeyboardInterrupt:
            self.stderr.write(
                "\nInterrupted. Every finished batch is saved and the database is consistent; "
                "run the same command again to complete the load."
            )
            raise SystemExit(130) from None
        self.stdout.write(f"{self.source} import: {stats.summary()}.")
        if stats.rejected:
            where = rejects or ", ".join(str(default_rejects_path(p)) for p in paths)
            self.stdout.write(f"Rejected records and their reasons: {where}")
