"""How the intake plugs into the registries of the apps below it (called from
`IntakeConfig.ready()`): its notification kinds and its periodic clean-up."""

from biafed.common.periodic import register_periodic_job
from biafed.intake.notification_kinds import NotificationKind
from biafed.intake.services import run_periodic
from biafed.notifications.registry import register_kinds


def register() -> None:
    register_kinds(NotificationKind)
    register_periodic_job("intake.housekeeping", run_periodic)
