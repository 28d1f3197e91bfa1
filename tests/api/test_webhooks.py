"""Webhooks: a coordinator registers a receiver; events reach it signed (HMAC-SHA256 over
"<timestamp>.<body>"), failures are retried with back-off, and the log shows each try."""

import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from biafed.api.models import DeliveryStatus, Webhook, WebhookDelivery
from biafed.api.services import webhooks
from biafed.opendesk.services.panels import publish_allocation
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    RequesterFactory,
    allocated_booking,
)

pytestmark = pytest.mark.django_db


class Receiver:
    """A tiny HTTP server on 127.0.0.1 that records what it gets and answers `answers`."""

    def __init__(self, answers=(204,)):
        self.received: list[tuple[dict, bytes]] = []
        self.answers = list(answers)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                code = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


def verify(headers: dict, body: bytes, secret: str, *, tolerance_s: int = 300) -> bool:
    """What a receiver does (docs/api.md): recompute the HMAC, refuse an old timestamp."""
    fields = dict(part.split("=", 1) for part in headers["Biafed-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    fresh = abs(time.time() - int(fields["t"])) <= tolerance_s
    return fresh and hmac.compare_digest(expected, fields["v1"])


def register(url: str, events, coordinator=None) -> str:
    coordinator = coordinator or CoordinatorFactory()
    client = Client()
    client.force_login(coordinator)
    response = client.post(
        "/integrations/webhooks/", {"url": url, "events": list(events)}, follow=True
    )
    assert response.redirect_chain == [("/integrations/webhooks/", 302)]
    assert b'data-testid="webhook-secret"' in response.content
    return Webhook.objects.get(url=url).secret


def test_a_receiver_gets_a_signed_allocation_published_event(
    receiver, django_capture_on_commit_callbacks
):
    secret = register(receiver.url, ["allocation.published"])
    coordinator = CoordinatorFactory()
    booking = allocated_booking()
    with django_capture_on_commit_callbacks(execute=True):
        publish_allocation(coordinator=coordinator, day=booking.day)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert headers["Biafed-Event"] == "allocation.published"
    assert verify(headers, body, secret)
    assert not verify(headers, body, "another secret")
    payload = json.loads(body)
    assert payload["event"] == "allocation.published"
    assert payload["data"] == {"day": booking.day_id}
    assert headers["Biafed-Delivery"] == payload["id"]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1


def test_events_nobody_asked_for_are_not_sent(receiver, django_capture_on_commit_callbacks):
    register(receiver.url, ["invoice.issued"])
    booking = allocated_booking()
    with django_capture_on_commit_callbacks(execute=True):
        publish_allocation(coordinator=CoordinatorFactory(), day=booking.day)
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


@override_settings(WEBHOOK_MAX_ATTEMPTS=3, WEBHOOK_RETRY_BASE_S=30)
def test_a_failing_receiver_is_retried_with_back_off_then_given_up(
    django_capture_on_commit_callbacks,
):
    failing = Receiver(answers=[500])
    try:
        register(failing.url, ["booking.submitted"])
        with django_capture_on_commit_callbacks(execute=True):
            count = webhooks.emit("booking.submitted", {"booking": 1})
        assert count == 1
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            DeliveryStatus.RETRYING,
            1,
            500,
        )
        first_wait = delivery.next_attempt_at - delivery.created_at
        assert timedelta(seconds=29) < first_wait < timedelta(seconds=40)
        # Not due yet: the periodic job leaves it; once due it is sent again.
        assert webhooks.retry_due_deliveries(now=timezone.now()) == 0
        later = delivery.next_attempt_at + timedelta(seconds=1)
        assert webhooks.deliver(delivery.pk, now=later) == "retrying"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at - later == timedelta(seconds=60)  # doubled
        assert webhooks.deliver(delivery.pk, now=delivery.next_attempt_at) == "failed"
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
        assert len(failing.received) == 3
        ids = {headers["Biafed-Delivery"] for headers, _body in failing.received}
        assert len(ids) == 1  # the same event id on every try: receivers can de-duplicate
    finally:
        failing.close()


def test_an_unreachable_receiver_is_logged_for_the_coordinator():
    coordinator = CoordinatorFactory()
    hook, _secret = webhooks.register_webhook(
        coordinator=coordinator, url="http://127.0.0.1:9/nothing", events=["invoice.issued"]
    )
    webhooks.emit("invoice.issued", {"project": 1, "invoice_number": "2026-0001"})
    delivery = WebhookDelivery.objects.get()
    assert webhooks.deliver(delivery.pk) == "retrying"
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/integrations/webhooks/{hook.pk}/").content.decode()
    assert "Invoice issued" in page
    assert "Retrying" in page


def test_only_http_urls_and_known_events_are_accepted():
    client = Client()
    client.force_login(CoordinatorFactory())
    for url in ("ftp://example.org/x", "javascript:alert(1)", "file:///etc/passwd"):
        response = client.post(
            "/integrations/webhooks/", {"url": url, "events": ["invoice.issued"]}
        )
        assert response.status_code == 200
        assert b"webhook-secret" not in response.content
    response = client.post(
        "/integrations/webhooks/", {"url": "https://example.org/x", "events": ["everything"]}
    )
    assert b"webhook-secret" not in response.content
    assert not Webhook.objects.exists()


def test_requesters_and_analysts_cannot_manage_webhooks():
    for person in (RequesterFactory(), AnalystFactory()):
        client = Client()
        client.force_login(person)
        assert client.get("/integrations/webhooks/").status_code == 403
        response = client.post(
            "/integrations/webhooks/",
            {"url": "https://example.org/x", "events": ["invoice.issued"]},
        )
        assert response.status_code == 403
    assert not Webhook.objects.exists()
