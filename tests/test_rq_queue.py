"""The Redis-backed task queue (TASK_QUEUE=redis) works end to end against a real Redis.

Skipped unless REDIS_URL is set and the server answers. The test always uses
database number 15 of that server (whatever REDIS_URL says) and flushes it, so
it never touches the data of a running installation.
"""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core import mail
from django.test import override_settings

REDIS_TEST_DB = 15


def _test_redis_url() -> str:
    """REDIS_URL with its database number replaced by REDIS_TEST_DB ('' when unset)."""
    raw = os.environ.get("REDIS_URL", "").strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    # Drop any ?db=... so it cannot override the path.
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("db="))
    return urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_TEST_DB}", query, ""))


REDIS_URL = _test_redis_url()


def _redis_answers(url: str) -> bool:
    if not url:
        return False
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set"),
    pytest.mark.skipif(
        bool(REDIS_URL) and not _redis_answers(REDIS_URL),
        reason=f"Redis does not answer at {REDIS_URL}",
    ),
]


@pytest.fixture
def rq_settings():
    """Switch the task backend to RQ on a flushed Redis database, and clean up after."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    # Changing TASKS fires setting_changed, which makes django_tasks drop its cached
    # backends (django_tasks.signals.clear_tasks_handlers); django_rq opens a new
    # connection from RQ_QUEUES on every get_queue(), so nothing else is cached.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}},
    ):
        yield client
    client.flushdb()
    client.close()


@pytest.mark.django_db(transaction=True)
def test_notification_email_is_sent_by_an_rq_worker(rq_settings):
    import django_rq
    from django_tasks import TaskResultStatus, task_backends
    from django_tasks.signals import task_enqueued
    from django_tasks_rq import Job, RQBackend
    from rq import SimpleWorker

    from biafed.notifications.models import Notification
    from biafed.notifications.services import notify
    from biafed.notifications.tasks import send_notification_email
    from biafed.opendesk.notification_kinds import NotificationKind
    from biafed.people.models import User

    assert isinstance(task_backends["default"], RQBackend)

    recipient = User.objects.create_user("rq-recipient@example.org", "not-used-here")
    enqueued = []

    def remember(sender, task_result, **kwargs):
        enqueued.append(task_result)

    task_enqueued.connect(remember)
    try:
        notification = notify(
            recipient=recipient,
            kind=NotificationKind.INVITATION,
            message=lambda: ("Queued through Redis", "This message went through RQ."),
            link="/open-desk/",
        )
    finally:
        task_enqueued.disconnect(remember)

    # notify() enqueues on commit; outside atomic blocks that is immediately.
    assert notification is not None
    assert len(enqueued) == 1
    task_result = enqueued[0]
    assert task_result.backend == "default"
    assert task_result.task.module_path == send_notification_email.module_path

    # The job sits in Redis and nothing has been sent yet.
    queue = django_rq.get_queue("default", job_class=Job)
    assert queue.count == 1
    assert queue.job_ids == [task_result.id]
    assert mail.outbox == []
    assert send_notification_email.get_result(task_result.id).status == TaskResultStatus.READY

    # A burst worker in this process (SimpleWorker: no fork, so it shares the test
    # database connection and the in-memory mail outbox) drains the queue.
    worker = django_rq.get_worker("default", job_class=Job, worker_class=SimpleWorker)
    assert worker.work(burst=True) is True

    assert queue.count == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rq-recipient@example.org"]
    assert message.subject == "[biafed] Queued through Redis"
    assert "/open-desk/" in message.body

    notification = Notification.objects.get(pk=notification.pk)
    assert notification.emailed_at is not None

    result = send_notification_email.get_result(task_result.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value is True
    assert result.errors == []
    assert result.worker_ids == [worker.name]
