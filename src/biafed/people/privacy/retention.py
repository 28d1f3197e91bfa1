"""Retention rules applied by the periodic job: each app's part clears what it keeps no
longer than its delay (old answers, dormant accounts...); idempotent."""

from biafed.people.privacy.registry import parts


def apply_retention(*, now) -> dict:
    counts: dict = {}
    for part in parts():
        if part.retention:
            counts.update(part.retention(now=now))
    return counts
