"""reporting registers the indicators of the apps under it (open desk, projects)."""

from biafed.projects.models import Channel, ProjectStatus
from biafed.reporting import indicators
from biafed.reporting.registry import register_part_labels


def register() -> None:
    indicators.register()
    register_part_labels(ProjectStatus)
    register_part_labels(Channel)
