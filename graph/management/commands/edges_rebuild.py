"""`manage.py edges_rebuild [--verify]`: recount collaboration edges from authorships.

--verify recounts in SQL and lists every difference without writing (exit status 1 when the
table or the close-collaborator counters differ from the recount); without it, the same
differences are listed and fixed.
"""

from django.core.management.base import BaseCommand, CommandError

from graph.services import edges_rebuild, edges_verify

SHOWN = 20


class Command(BaseCommand):
    help = "Rebuild (or with --verify, only check) collaboration edges from authorships."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Recount and report differences without writing; exit 1 if any.",
        )

    def handle(self, *args, verify: bool, **options):
        report = edges_verify() if verify else edges_rebuild()
        for diff in [*report.edges, *report.counters][:SHOWN]:
            self.stdout.write(f"  {diff}")
        if report.differences > SHOWN:
            self.stdout.write(f"  … and {report.differences - SHOWN} more")
        summary = (
            f"{report.differences} difference(s): {len(report.edges)} edge(s), "
            f"{len(report.counters)} close-collaborator counter(s)"
        )
        if verify:
            if report.differences:
                raise CommandError(f"Edges differ from authorships. {summary}.")
            self.stdout.write(self.style.SUCCESS(f"Edges match authorships. {summary}."))
        elif report.differences:
            self.stdout.write(self.style.WARNING(f"Fixed {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Nothing to fix. {summary}."))
