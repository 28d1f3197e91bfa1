"""reporting registers the indicators of the apps under it (open desk, projects)."""

from biafed.reporting import indicators


def register() -> None:
    indicators.register()
