"""Load a realistic demo network: host facilities, analysts, requesters, open-desk days,
collaborative projects and billing.

Each app builds its part in `biafed.<app>.demo` from its data files (`<app>/data/demo_*.json`),
in the order of INSTALLED_APPS (people first). Idempotent: when the demo coordinator already
exists nothing is changed. The whole load runs in one transaction, so a failed run leaves
no partial network behind. Every account uses the password ``biafed-demo``.
"""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from biafed.people.models import User

COORDINATOR_EMAIL = "coordinator@example.org"


class Command(BaseCommand):
    help = "Load a demo network (facilities, analysts, requesters, open-desk days). Idempotent."

    def handle(self, *args, **options):
        if User.objects.filter(email=COORDINATOR_EMAIL).exists():
            self.stdout.write("demo network already loaded")
            return
        stored_files: list = []
        try:
            with transaction.atomic():
                lines = _app_demos(stored_files)
        except BaseException:
            # The database rolled back; remove the example images already written to storage.
            for storage, name in stored_files:
                storage.delete(name)
            raise
        self.stdout.write("\n".join(lines))


def _app_demos(stored_files: list) -> list[str]:
    """Let each app add its own demo data: `biafed.<app>.demo.load(stored_files=...)`.

    Each returns a one-line summary; files it writes to storage go into
    `stored_files` as (storage, name) so a failed load removes them.
    """
    lines = []
    for config in apps.get_app_configs():
        if not config.name.startswith("biafed."):
            continue
        try:
            demo = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        lines.append(demo.load(stored_files=stored_files))
    return [line for line in lines if line]
