"""The notifications and the scheduler learn about the apps above them only through the
registries those apps fill in `AppConfig.ready()`."""

import ast
import importlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command

import biafed
from biafed.common import periodic
from biafed.notifications.models import Notification
from biafed.notifications.registry import registered_kinds
from biafed.notifications.services import notify
from tests.factories import UserFactory

SOURCE = Path(biafed.__file__).resolve().parent


def _kind_modules():
    """Each biafed app's `notification_kinds` module, where it has one."""
    for config in apps.get_app_configs():
        if (
            config.name.startswith("biafed.")
            and (Path(config.path) / "notification_kinds.py").exists()
        ):
            yield config.name, importlib.import_module(f"{config.name}.notification_kinds")


def _kind_members_used_in_code() -> set[tuple[str, str]]:
    """(app, member) for every `NotificationKind.MEMBER` written in an app's code."""
    used = set()
    for path in SOURCE.rglob("*.py"):
        app = path.relative_to(SOURCE).parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "NotificationKind"
            ):
                used.add((app, node.attr))
    return used


def test_every_notification_kind_an_app_declares_is_registered():
    declared = {
        str(value): module_name
        for module_name, module in _kind_modules()
        for value in module.NotificationKind.values
    }
    assert set(declared) == set(registered_kinds())
    assert len(declared) == 17


def test_every_notification_kind_used_in_the_code_is_registered():
    modules = {name.removeprefix("biafed."): module for name, module in _kind_modules()}
    used = _kind_members_used_in_code()
    assert used
    for app, member in used:
        value = getattr(modules[app].NotificationKind, member)  # an app uses its own kinds
        assert value in registered_kinds(), (app, member)


@pytest.mark.django_db
def test_notify_refuses_a_kind_no_app_registered():
    person = UserFactory()
    with pytest.raises(LookupError):
        notify(recipient=person, kind="bogus_kind", message=lambda: ("Hello", "Hi"))
    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_registered_kind_is_stored_and_mailed(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(
            recipient=person, kind="billing_quote", message=lambda: ("Your quote", "Attached.")
        )
    assert note.kind_label == "Quote"
    assert [m.subject for m in mail.outbox] == ["[biafed] Your quote"]


def test_each_app_registers_its_periodic_jobs():
    assert set(periodic.periodic_jobs()) == {
        "opendesk.reminders",
        "intake.housekeeping",
        "projects.report_reminders",
        "people.privacy_retention",
        "network.meeting_reminders",
        "api.webhook_retries",
    }


@pytest.mark.django_db
def test_run_scheduler_runs_every_registered_periodic_job(monkeypatch):
    ran = []

    def recording(name, job):
        def run(*, now):
            ran.append(name)
            return job(now=now)

        return run

    jobs = {name: recording(name, job) for name, job in periodic.periodic_jobs().items()}
    monkeypatch.setattr(periodic, "_jobs", jobs)
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "enqueued periodic jobs" in out.getvalue()
    assert sorted(ran) == sorted(jobs)


@pytest.mark.django_db
def test_notify_refuses_plain_strings_so_every_notification_is_stored_per_language():
    person = UserFactory()
    with pytest.raises(TypeError):
        notify(recipient=person, kind="billing_quote", subject="Your quote", body="x")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        notify(recipient=person, kind="billing_quote", message=("Your quote", "x"))  # type: ignore[arg-type]
    assert Notification.objects.count() == 0


def test_no_call_site_passes_a_plain_subject_to_notify():
    """Every notify(...) and tell(...) in the code gives `message=` (a function), never
    `subject=`/`body=`: a plain string would show in one language only."""
    import ast  # noqa: PLC0415 — only this test reads source code
    from pathlib import Path  # noqa: PLC0415 — idem

    import biafed  # noqa: PLC0415 — idem

    plain = []
    for path in Path(biafed.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            keywords = {k.arg for k in node.keywords}
            if name in ("notify", "tell") and keywords & {"subject", "body"}:
                plain.append(f"{path.name}:{node.lineno}")
    assert plain == []
