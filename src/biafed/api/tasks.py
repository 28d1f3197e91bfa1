"""Background jobs of the API: sending webhook deliveries (they take ids, call a service)."""

from django_tasks import task

from biafed.api.services import webhooks


@task()
def deliver_webhook(delivery_id: int) -> str:
    return webhooks.deliver(delivery_id)


def schedule_retry(delivery) -> None:
    """Queue the next try at its time where the task queue can defer a task; otherwise
    the periodic job `api.webhook_retries` queues it when it is due."""
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
