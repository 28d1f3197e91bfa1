"""Periodic jobs: each app registers its own in `AppConfig.ready()`; the scheduler
(`manage.py run_scheduler`, in notifications) runs them all without importing the apps.

    register_periodic_job("opendesk.reminders", send_due_reminders)

A job is called as `job(now=...)`, must be idempotent (several schedulers may run it),
and returns a dict of counts, a single count, or None.
"""

from collections.abc import Callable
from datetime import datetime

PeriodicJob = Callable[..., dict | int | None]

_jobs: dict[str, PeriodicJob] = {}


def register_periodic_job(name: str, job: PeriodicJob) -> None:
    """Add (or replace, when an app is reloaded) the job called `name`."""
    _jobs[name] = job


def periodic_jobs() -> dict[str, PeriodicJob]:
    return dict(_jobs)


def run_periodic_jobs(*, now: datetime) -> dict:
    """Run every registered job in registration order; the counts they report, merged.
    A job that returns a single number is reported under its own name."""
    counts: dict = {}
    for name, job in _jobs.items():
        result = job(now=now)
        if isinstance(result, dict):
            counts.update(result)
        elif result is not None:
            counts[name] = result
    return counts
