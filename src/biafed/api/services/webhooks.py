"""Webhooks: coordinators register URLs; events become signed deliveries sent by the task
queue, retried with exponential back-off, and logged.

A delivery is a POST of JSON `{"id", "event", "occurred_at", "data"}` with the headers
`Biafed-Event`, `Biafed-Delivery` (the event's id, the same on every retry) and
`Biafed-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`.
The receiver recomputes the HMAC and refuses a `t` older than a few minutes (replay)."""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.api import tasks
from biafed.api.models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move
from biafed.common.web import require
from biafed.people.models import User

LEASE = timedelta(minutes=5)
"""How long a worker holds a delivery it is sending (another worker leaves it alone)."""


def _check(url: str, events: Iterable[str]) -> list[str]:
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BusinessRuleError(_("The URL must start with http:// or https://."))
    chosen = [e for e in WebhookEvent.values if e in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise BusinessRuleError(_("Choose at least one event to send."))
    return chosen


def register_webhook(*, coordinator: User, url: str, events: Iterable[str]) -> tuple[Webhook, str]:
    """A new webhook and its shared secret (shown once to the coordinator)."""
    require(coordinator, "api.manage_webhooks")
    chosen = _check(url, events)
    secret = secrets.token_hex(32)
    hook = Webhook.objects.create(url=url, events=chosen, secret=secret, created_by=coordinator)
    activity.record(actor=coordinator, verb="registered webhook", subject=hook, detail=url)
    return hook, secret


def remove_webhook(*, coordinator: User, webhook: Webhook) -> None:
    require(coordinator, "api.manage_webhooks")
    activity.record(actor=coordinator, verb="removed webhook", subject=webhook, detail=webhook.url)
    webhook.delete()


def emit(event: str, data: dict) -> int:
    """Queue `event` for every active webhook that asked for it, once the change commits;
    returns the number of deliveries queued."""
    hooks = [h for h in Webhook.objects.filter(is_active=True) if event in h.events]
    if not hooks:
        return 0
    now = timezone.now()
    deliveries = []
    for hook in hooks:
        delivery = WebhookDelivery(webhook=hook, event=event, payload={}, next_attempt_at=now)
        delivery.payload = {
            "id": str(delivery.event_id),
            "event": event,
            "occurred_at": now.isoformat(),
            "data": data,
        }
        deliveries.append(delivery)
    WebhookDelivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        transaction.on_commit(partial(tasks.deliver_webhook.enqueue, delivery.pk))
    return len(deliveries)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder).encode()
    request = urllib.request.Request(  # noqa: S310 — http(s) only, checked at registration
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "biafed-webhooks/1",
            "Biafed-Event": delivery.event,
            "Biafed-Delivery": str(delivery.event_id),
            "Biafed-Signature": signature(delivery.webhook.secret, int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_S) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (OSError, ValueError) as error:
        return None, str(error)[:300]


def deliver(delivery_id: int, *, now: datetime | None = None) -> str:
    """Send one delivery if it is due and no other worker holds it; on failure plan the
    next try (base × 2^(tries-1) seconds later) until WEBHOOK_MAX_ATTEMPTS."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        pk=delivery_id,
        status__in=(DeliveryStatus.PENDING, DeliveryStatus.RETRYING),
        next_attempt_at__lte=now,
    )
    if not due.update(next_attempt_at=now + LEASE):
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    code, error = _post(delivery)
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_error = error
    if code is not None and 200 <= code < 300:
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        to = DeliveryStatus.DELIVERED
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.next_attempt_at = None
        to = DeliveryStatus.FAILED
    else:
        wait = settings.WEBHOOK_RETRY_BASE_S * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = now + timedelta(seconds=wait)
        to = DeliveryStatus.RETRYING
    fields = ("attempts", "last_status_code", "last_error", "delivered_at", "next_attempt_at")
    if to == delivery.status:
        delivery.save(update_fields=fields)
    else:
        move(delivery, to, actor=None, verb=f"webhook {to}", extra_fields=fields)
    if to == DeliveryStatus.RETRYING:
        tasks.schedule_retry(delivery)
    return str(to)


def retry_due_deliveries(*, now: datetime) -> int:
    """Periodic job: queue the deliveries whose next try is due (for task queues that
    cannot defer a task, and for tries lost with their worker)."""
    due = list(
        WebhookDelivery.objects.filter(
            status__in=(DeliveryStatus.PENDING, DeliveryStatus.RETRYING),
            next_attempt_at__lte=now,
        ).values_list("pk", flat=True)[:500]
    )
    for pk in due:
        tasks.deliver_webhook.enqueue(pk)
    return len(due)
