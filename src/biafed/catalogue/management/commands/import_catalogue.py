"""`biafed-manage import_catalogue [--edam PATH] [--data DIR] [--dry-run]`: import the shipped
catalogue (EDAM-Bioimaging, software, methods, articles); safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand

from biafed.catalogue.services.importing import import_catalogue


class Command(BaseCommand):
    help = "Import the shipped catalogue (EDAM-Bioimaging, software, methods, knowledge base)."

    def add_arguments(self, parser):
        parser.add_argument("--edam", type=Path, help="the EDAM-Bioimaging TSV file to read")
        parser.add_argument("--data", type=Path, help="the folder of the catalogue's data files")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, change nothing"
        )

    def handle(self, *args, edam=None, data=None, dry_run=False, **options):
        report = import_catalogue(data_dir=data, edam_path=edam, dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("dry run: nothing was saved")
