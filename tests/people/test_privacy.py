"""Privacy: the notice, editing one's account, the data export and closing an account."""

import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from biafed.billing.models import Invoice, LedgerEntry
from biafed.billing.services.invoices import issue_invoice
from biafed.common.models import ActivityEntry
from biafed.common.states import move
from biafed.intake.models import DataFile, FileStatus
from biafed.notifications.models import Notification
from biafed.opendesk.models import Booking, BookingStatus
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.people.models import PrivacyNotice, Role, User
from biafed.people.privacy import close_account, export_personal_data
from biafed.projects.models import ProjectStatus
from biafed.projects.notification_kinds import NotificationKind as ProjectKind
from biafed.reporting.selectors import table1
from tests.billing.factories import EffortFactory, PhaseFactory, ProjectFactory, rate
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    RequesterFactory,
    UserFactory,
    checked_file,
    confirmed_booking,
    held_booking,
    start_session,
    submitted_booking,
)

pytestmark = pytest.mark.django_db


def _held_with_file(requester, **answers):
    """A held session of `requester` whose example image was brought before it."""
    booking = confirmed_booking(requester=requester, **answers)
    data_file = checked_file(booking, name="cells.png")
    booking = start_session(booking)
    move(booking, BookingStatus.HELD, actor=None)
    booking.save()
    return booking, data_file


def _zip(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            name: archive.read(name).decode()
            if name.endswith(".txt")
            else json.loads(archive.read(name))
            for name in archive.namelist()
        }


# --- The privacy notice ----------------------------------------------------------------


def test_privacy_notice_is_public_and_says_what_is_kept_and_for_how_long(client, settings):
    settings.INTAKE_RETENTION_DAYS = 45
    page = client.get(reverse("privacy")).content.decode()

    assert "<h2>What we keep, and why</h2>" in page
    assert "<h2>Who sees it</h2>" in page
    assert "Files are deleted 45 days after the session" in page


def test_footer_and_signup_page_link_the_privacy_notice(client):
    home = client.get(reverse("home")).content.decode()
    signup = client.get(reverse("account_signup")).content.decode()

    assert f'href="{reverse("privacy")}" data-testid="privacy-link"' in home
    assert f'<a href="{reverse("privacy")}">the privacy notice</a>' in signup


def test_coordinator_publishes_a_new_version_of_the_notice(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    form = client.get(reverse("privacy_edit")).content.decode()
    assert "# Who we are" in form  # the default text, ready to be edited

    client.post(reverse("privacy_edit"), {"body": "# Our notice\n\nWe keep <little>."})

    page = client.get(reverse("privacy")).content.decode()
    assert "<h2>Our notice</h2><p>We keep &lt;little&gt;.</p>" in page
    assert PrivacyNotice.objects.get().published_by == coordinator


def test_empty_notice_is_refused_and_the_old_one_stays(client):
    client.force_login(CoordinatorFactory())
    client.post(reverse("privacy_edit"), {"body": "# Ours\n\nFirst."})

    response = client.post(reverse("privacy_edit"), {"body": "   "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert list(PrivacyNotice.objects.values_list("body", flat=True)) == ["# Ours\n\nFirst."]


def test_requester_cannot_edit_the_notice(client):
    client.force_login(RequesterFactory())
    assert client.get(reverse("privacy_edit")).status_code == 403
    assert client.post(reverse("privacy_edit"), {"body": "mine"}).status_code == 403
    assert not PrivacyNotice.objects.exists()


# --- /people/me/ -----------------------------------------------------------------------


def test_every_page_links_the_signed_in_person_to_their_profile(client):
    client.force_login(RequesterFactory(full_name="Ana Lopez"))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("people:my_profile")}" data-testid="my-account">Ana Lopez</a>' in page


def test_requester_edits_own_name_and_institution(client):
    requester = RequesterFactory(full_name="Ana Typo", institution="Univ Lile")
    client.force_login(requester)
    assert client.get(reverse("people:my_profile")).status_code == 200

    response = client.post(
        reverse("people:my_profile"),
        {"form": "account", "account-full_name": "Ana Lopez", "account-institution": "Univ Lille"},
    )

    assert response.status_code == 302
    requester.refresh_from_db()
    assert (requester.full_name, requester.institution) == ("Ana Lopez", "Univ Lille")


def test_empty_name_is_refused_and_what_was_typed_stays(client):
    requester = RequesterFactory(full_name="Ana Lopez")
    client.force_login(requester)

    response = client.post(
        reverse("people:my_profile"),
        {"form": "account", "account-full_name": "", "account-institution": "New place"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert 'value="New place"' in page
    requester.refresh_from_db()
    assert requester.full_name == "Ana Lopez"


def test_requester_without_analyst_profile_cannot_post_an_analyst_profile(client):
    client.force_login(RequesterFactory())
    assert client.post(reverse("people:my_profile"), {"profile-bio": "x"}).status_code == 403


# --- Export ----------------------------------------------------------------------------


def test_export_holds_profile_bookings_answers_files_projects_and_messages(client):
    requester = RequesterFactory(full_name="Ana Lopez", institution="Univ Lille")
    booking = submitted_booking(requester=requester, biological_question="Do cells divide?")
    checked_file(booking, name="cells.png")
    ProjectFactory(requester=requester, title="Tracking yeast", status=ProjectStatus.COMPLETED)
    Notification.objects.create(
        recipient=requester, kind=NotificationKind.REMINDER, subject="Your session", body="Soon"
    )
    client.force_login(requester)

    response = client.post(reverse("people:export_data"))

    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data = _zip(response.content)
    assert data["profile.json"]["email"] == requester.email
    assert data["profile.json"]["full_name"] == "Ana Lopez"
    assert data["profile.json"]["roles"] == [Role.REQUESTER]
    (exported,) = data["open_desk.json"]["bookings"]
    assert exported["biological_question"] == "Do cells divide?"
    assert exported["status"] == booking.status
    assert [f["name"] for f in data["files.json"]["uploaded"]] == ["cells.png"]
    assert [p["title"] for p in data["projects.json"]["requested"]] == ["Tracking yeast"]
    assert [m["subject"] for m in data["messages.json"]][-1] == "Your session"
    assert "billing.json" in data and "README.txt" in data
    assert ActivityEntry.objects.filter(verb="exported personal data").count() == 1


def test_export_holds_nothing_of_another_requester(client):
    other = RequesterFactory()
    submitted_booking(requester=other, biological_question="Secret question")
    me = RequesterFactory()
    client.force_login(me)

    data = _zip(client.post(reverse("people:export_data")).content)

    assert data["open_desk.json"]["bookings"] == []
    assert "Secret question" not in json.dumps(data)


def test_nobody_but_the_person_or_an_admin_exports_their_data():
    person = RequesterFactory()
    with pytest.raises(PermissionDenied):
        export_personal_data(actor=RequesterFactory(), user=person)
    with pytest.raises(PermissionDenied):
        export_personal_data(actor=CoordinatorFactory(), user=person)
    admin = UserFactory(roles=(Role.ADMIN,))
    assert export_personal_data(actor=admin, user=person).startswith(b"PK")


# --- Closing an account ----------------------------------------------------------------


def test_closing_needs_the_password_and_a_wrong_one_changes_nothing(client):
    requester = RequesterFactory()
    client.force_login(requester)
    page = client.get(reverse("people:close_account")).content.decode()
    assert "you can no longer log in" in page

    response = client.post(reverse("people:close_account"), {"password": "not it"})

    assert "This is not your password." in response.content.decode()
    requester.refresh_from_db()
    assert requester.is_active and requester.closed_at is None


def test_closing_erases_personal_data_and_logs_out(client):
    requester = RequesterFactory(full_name="Ana Lopez", institution="Univ Lille")
    email = requester.email
    booking, data_file = _held_with_file(requester, biological_question="Do cells divide?")
    Notification.objects.create(
        recipient=requester, kind=NotificationKind.REMINDER, subject="Hello", body="x"
    )
    client.force_login(requester)

    response = client.post(reverse("people:close_account"), {"password": PASSWORD})

    assert response["Location"] == reverse("home")
    requester.refresh_from_db()
    assert not requester.is_active and requester.closed_at is not None
    assert requester.full_name == f"Closed account #{requester.pk}"
    assert requester.email != email and requester.institution == ""
    assert not requester.has_usable_password()
    assert not User.objects.filter(email=email).exists()
    booking.refresh_from_db()
    assert (booking.status, booking.biological_question, booking.title) == (
        BookingStatus.HELD,
        "",
        "",
    )
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.DELETED
    assert not Notification.objects.filter(recipient=requester).exists()
    assert client.get(reverse("opendesk:booking_list")).status_code == 302  # logged out
    assert not client.login(email=email, password=PASSWORD)
    assert ActivityEntry.objects.filter(verb="closed account", subject_id=requester.pk).exists()


def test_closing_is_refused_while_a_session_is_upcoming(client):
    requester = RequesterFactory()
    submitted_booking(requester=requester)
    client.force_login(requester)

    response = client.post(reverse("people:close_account"), {"password": PASSWORD})

    assert "You have 1 upcoming open-desk booking: cancel it first." in (response.content.decode())
    requester.refresh_from_db()
    assert requester.is_active


def test_closing_keeps_invoices_ledger_and_statistics():
    coordinator = CoordinatorFactory()
    rate()
    requester = RequesterFactory(full_name="Ana Lopez")
    booking = held_booking(requester=requester)
    project = ProjectFactory(requester=requester, source_booking=booking)
    phase = PhaseFactory(project=project, budget_hours=Decimal("10"))
    EffortFactory(project=project, phase=phase, hours=Decimal("6"))
    invoice = issue_invoice(
        coordinator=coordinator,
        project=project,
        hours_by_phase={phase.pk: Decimal("6")},
        on=date(2026, 2, 20),
    )
    project.status = ProjectStatus.COMPLETED
    project.save()
    before = (table1(), Booking.objects.filter(status=BookingStatus.HELD).count())
    billed = (invoice.number, invoice.requester_name, invoice.requester_email, invoice.total)

    close_account(actor=requester, user=requester)

    invoice = Invoice.objects.get()
    assert (invoice.number, invoice.requester_name, invoice.requester_email, invoice.total) == (
        billed
    )
    assert billed[1] == "Ana Lopez"
    assert LedgerEntry.objects.filter(invoice=invoice).count() == 1
    assert (table1(), Booking.objects.filter(status=BookingStatus.HELD).count()) == before


def test_admin_cannot_delete_a_requester_but_closes_the_account(client):
    admin = UserFactory(roles=(Role.ADMIN,), is_staff=True, is_superuser=True)
    requester = RequesterFactory()
    held_booking(requester=requester)
    client.force_login(admin)
    delete_url = reverse("admin:people_user_delete", args=[requester.pk])
    assert client.get(delete_url).status_code == 403
    changelist = reverse("admin:people_user_changelist")

    confirm = client.post(
        changelist, {"action": "close_accounts", "_selected_action": [requester.pk]}
    )
    assert "Yes, close these accounts" in confirm.content.decode()
    client.post(
        changelist,
        {"action": "close_accounts", "_selected_action": [requester.pk], "confirmed": "yes"},
    )

    requester.refresh_from_db()
    assert requester.closed_at is not None and not requester.is_active
    assert Booking.objects.filter(requester=requester).count() == 1


def test_another_requester_cannot_close_someone_elses_account():
    person = RequesterFactory()
    with pytest.raises(PermissionDenied):
        close_account(actor=RequesterFactory(), user=person)
    assert User.objects.get(pk=person.pk).is_active


def test_files_of_a_closed_account_are_deleted_from_storage(django_capture_on_commit_callbacks):
    requester = RequesterFactory()
    booking, data_file = _held_with_file(requester)
    storage, name = data_file.file.storage, data_file.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        close_account(actor=requester, user=requester)

    assert DataFile.objects.get(pk=data_file.pk).status == FileStatus.DELETED
    assert not storage.exists(name)


def test_a_closed_account_gets_no_more_notifications(mailoutbox):
    from biafed.notifications.services import notify

    requester = RequesterFactory()
    close_account(actor=requester, user=requester)

    sent = notify(
        recipient=requester, kind=ProjectKind.PROJECT, message=lambda: ("Project closed", "x")
    )

    assert sent is None
    assert not Notification.objects.filter(recipient=requester).exists()
    assert mailoutbox == []


def test_admin_exports_a_persons_data_for_a_request_by_email(client):
    admin = UserFactory(roles=(Role.ADMIN,), is_staff=True, is_superuser=True)
    requester = RequesterFactory(full_name="Ana Lopez")
    client.force_login(admin)

    response = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "export_data", "_selected_action": [requester.pk]},
    )

    assert response["Content-Type"] == "application/zip"
    assert _zip(response.content)["profile.json"]["full_name"] == "Ana Lopez"


def test_export_is_a_post_so_that_opening_a_link_logs_nothing(client):
    client.force_login(RequesterFactory())
    assert client.get(reverse("people:export_data")).status_code == 405
    assert not ActivityEntry.objects.filter(verb="exported personal data").exists()
