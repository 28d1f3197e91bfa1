"""How the API plugs into the apps below it (called from ApiConfig.ready())."""

from django.db.models.signals import post_save

from biafed.api import events
from biafed.api.services import webhooks
from biafed.common.models import ActivityEntry
from biafed.common.periodic import register_periodic_job
from biafed.people.registry import register_profile_section
from biafed.projects.models import Decision


def register() -> None:
    post_save.connect(events.on_activity, sender=ActivityEntry, dispatch_uid="api.activity")
    post_save.connect(events.on_decision, sender=Decision, dispatch_uid="api.decision")
    register_periodic_job("api.webhook_retries", webhooks.retry_due_deliveries)
    register_profile_section("api/_profile_tokens.html")
