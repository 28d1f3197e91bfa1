"""Print Table 1 (collaborative projects with effort and consultation hours)."""

from django.core.management.base import BaseCommand

from biafed.reporting.selectors import hours, table1, table1_csv


class Command(BaseCommand):
    help = "Print Table 1 of the network's collaborative projects (title, notes, hours)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--csv",
            action="store_true",
            help="CSV with the columns title, notes, effort_h, consultation_h",
        )

    def handle(self, *args, **options):
        rows = table1()
        if options["csv"]:
            self.stdout.write(table1_csv(rows), ending="")
            return
        for row in rows:
            self.stdout.write(
                f"{row.title}\n  effort {hours(row.effort_h)} h, "
                f"consultations {hours(row.consultation_h)} h\n  {row.notes}\n"
            )
