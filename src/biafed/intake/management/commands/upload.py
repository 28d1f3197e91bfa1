"""biafed-manage upload: attach files or whole folders to a booking (or any attachable)
from the server itself, as a given person, through the same checks as a browser upload.

    biafed-manage upload --to opendesk.booking:42 --as requester@example.org folder/ a.czi

Requesters on their own computers use the command shown on the booking page instead
(biafed-upload.py, resumable over the network); see docs/intake.md.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from biafed.intake.client import files_in
from biafed.intake.errors import IntakeError
from biafed.intake.registry import resolve_target
from biafed.intake.services.uploads import store_file


class Command(BaseCommand):
    help = "Attach files or folders to a booking (or another attachable) as a given person."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="e.g. opendesk.booking:42")
        parser.add_argument("--as", dest="person", required=True, help="the uploader's e-mail")
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, **options):
        target = resolve_target(options["to"])
        if target is None:
            raise CommandError(f"{options['to']} was not found (app_label.model:pk).")
        person = get_user_model().objects.filter(email__iexact=options["person"]).first()
        if person is None:
            raise CommandError(f"No account with the e-mail {options['person']}.")
        try:
            paths = files_in(options["paths"])
        except SystemExit as error:
            raise CommandError(str(error)) from None
        failed = 0
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    data_file = store_file(
                        actor=person,
                        target=target,
                        name=path.name,
                        fileobj=handle,
                        size=path.stat().st_size,
                    )
            except IntakeError as error:
                failed += 1
                self.stderr.write(f"{path}: {' '.join(error.messages)}")
                continue
            self.stdout.write(f"{path}: stored ({data_file.sha256[:12]}…), check queued")
        if failed:
            raise CommandError(f"{failed} file(s) refused.")
