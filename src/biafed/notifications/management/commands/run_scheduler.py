import time

from django.conf import settings
from django.core.management.base import BaseCommand

from biafed.notifications.tasks import run_periodic_jobs


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (reminders, data-missing flags) every few minutes."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue once and exit.")
        parser.add_argument("--interval", type=int, default=settings.BIAFED_SCHEDULER_INTERVAL_S)

    def handle(self, *args, once=False, interval=60, **options):
        while True:
            result = run_periodic_jobs.enqueue()
            self.stdout.write(f"enqueued periodic jobs ({result.id})")
            if once:
                return
            time.sleep(interval)
