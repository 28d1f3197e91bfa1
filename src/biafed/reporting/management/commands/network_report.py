"""Write the network's report for a period as JSON, CSV or PDF (docs/reports.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from biafed.people.models import HostFacility
from biafed.reporting.exports import render
from biafed.reporting.report import Period, build_report


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date written YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Write the network's report (indicators, previous period, per host facility)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--format", choices=("json", "csv", "pdf"), default="json")
        parser.add_argument("--output", required=True, help="file to write ('-' for stdout)")
        parser.add_argument("--site", type=int, help="id of one host facility")

    def handle(self, *args, **options):
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to is before --from.")
        site = None
        if options["site"] is not None:
            site = HostFacility.objects.filter(pk=options["site"]).first()
            if site is None:
                raise CommandError(f"No host facility has the id {options['site']}.")
        content = render(build_report(period=Period(start, end), site=site), options["format"])
        if options["output"] == "-":
            self.stdout.write(content.decode(), ending="")
        else:
            with open(options["output"], "wb") as out:
                out.write(content)
