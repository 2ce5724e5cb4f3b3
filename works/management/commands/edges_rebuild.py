"""`manage.py edges_rebuild [--verify]`: recount edges and counters from authorships.

--verify recounts in SQL and lists every difference without writing (exit status 1 when the
edge table or a researcher's derived counters — works, citations, h-index, i10, topics, close
collaborators — differ from the recount); without it, the same differences are listed and fixed.
"""

from django.core.management.base import BaseCommand, CommandError

from works.services import derived_rebuild, derived_verify

SHOWN = 20


class Command(BaseCommand):
    help = "Rebuild (or with --verify, only check) edges and counters from authorships."

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Recount and report differences without writing; exit 1 if any.",
        )

    def handle(self, *args, verify: bool, **options):
        report = derived_verify() if verify else derived_rebuild()
        for diff in [*report.edges, *report.counters][:SHOWN]:
            self.stdout.write(f"  {diff}")
        if report.differences > SHOWN:
            self.stdout.write(f"  … and {report.differences - SHOWN} more")
        summary = (
            f"{report.differences} difference(s): {len(report.edges)} edge(s), "
            f"{len(report.counters)} counter(s)"
        )
        if verify:
            if report.differences:
                raise CommandError(f"Edges or counters differ from authorships. {summary}.")
            self.stdout.write(
                self.style.SUCCESS(f"Edges and counters match authorships. {summary}.")
            )
        elif report.differences:
            self.stdout.write(self.style.WARNING(f"Fixed {summary}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Nothing to fix. {summary}."))
