"""One small network with an object of every kind, owned by one requester, for the
permission matrix: each URL pattern is requested by eight people who stand in
different relations to these objects."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from biafed.api.services.tokens import create_token
from biafed.api.services.webhooks import register_webhook
from biafed.billing.models import CreditNote, FacilityCredit, LedgerEntry
from biafed.billing.services.credits import record_credit
from biafed.billing.services.invoices import cancel_invoice, issue_invoice
from biafed.billing.services.ledger import record_subsidy
from biafed.billing.services.quotes import issue_quote
from biafed.catalogue.services.articles import save_article
from biafed.intake.models import Upload
from biafed.matching.models import AllocationPin, AllocationRun
from biafed.network.models import MeetingKind, ResourceKind
from biafed.network.services.help import ask_for_help
from biafed.network.services.meetings import schedule_meetings
from biafed.network.services.resources import share_resource
from biafed.notifications.models import Notification
from biafed.opendesk.models import BookingStatus
from biafed.people.models import ExpertiseTerm, Role
from biafed.projects.models import TeamInvitation, TeamRole
from biafed.projects.services.review import ensure_default_criteria
from tests.billing.factories import EffortFactory, PhaseFactory, ProjectFactory, rate
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    RequesterFactory,
    UserFactory,
    checked_file,
    confirmed_booking,
)
from tests.intake.conftest import TINY_PNG

#: The people of the matrix, in the order of its columns.
PEOPLE = (
    "anonymous",
    "owner",
    "other_requester",
    "panel_analyst",
    "outsider_analyst",
    "committee",
    "facility_manager",
    "coordinator",
)


@dataclass
class World:
    people: dict = field(default_factory=dict)  # name -> user (anonymous: None)
    kwargs: dict = field(default_factory=dict)  # URL keyword -> value


def build_world() -> World:
    coordinator = CoordinatorFactory()
    owner = RequesterFactory()
    panel_analyst = AnalystFactory()
    facility = panel_analyst.analyst_profile.host_facility
    manager = UserFactory(roles=(Role.FACILITY_MANAGER,))
    facility.managers.add(manager)
    world = World(
        people={
            "anonymous": None,
            "owner": owner,
            "other_requester": RequesterFactory(),
            "panel_analyst": panel_analyst,
            "outsider_analyst": AnalystFactory(),
            "committee": UserFactory(roles=(Role.COMMITTEE, Role.ANALYST)),
            "facility_manager": manager,
            "coordinator": coordinator,
        }
    )

    # Open desk: the owner's confirmed booking, with the panel analyst on its panel.
    booking = confirmed_booking(requester=owner, panel=[panel_analyst, AnalystFactory()])
    assert booking.status == BookingStatus.CONFIRMED
    data_file = checked_file(booking, valid=True)
    data_file.thumbnail.save("thumb.png", ContentFile(TINY_PNG), save=True)
    upload = Upload.objects.create(
        owner=owner,
        content_type=ContentType.objects.get_for_model(booking),
        object_id=booking.pk,
        filename="stack.tif",
        length=10,
        expires_at=timezone.now() + timedelta(days=1),
    )
    run = AllocationRun.objects.create(day=booking.day, requested_by=coordinator, time_limit_s=5)
    pin = AllocationPin.objects.create(
        booking=booking, analyst=panel_analyst, created_by=coordinator
    )

    # Projects and billing: the owner's project led by the panel analyst.
    rate()
    project = ProjectFactory(requester=owner, lead=panel_analyst)
    phase = PhaseFactory(project=project, budget_hours=Decimal(20))
    effort = EffortFactory(project=project, phase=phase, hours=Decimal(6), date=date(2026, 1, 10))
    quote = issue_quote(coordinator=coordinator, project=project, on=date(2026, 1, 5))
    cancelled = issue_invoice(
        coordinator=coordinator, project=project, hours_by_phase={phase.pk: 3}, on=date(2026, 1, 11)
    )
    cancel_invoice(
        coordinator=coordinator, invoice=cancelled, reason="Wrong address", on=date(2026, 1, 12)
    )
    invoice = issue_invoice(
        coordinator=coordinator, project=project, hours_by_phase={phase.pk: 3}, on=date(2026, 1, 13)
    )
    record_subsidy(coordinator=coordinator, amount="1000", source="FBI", label="")
    record_credit(coordinator=coordinator, facility=facility, up_to=date(2026, 1, 31))
    invitation = TeamInvitation.objects.create(
        project=project, analyst=panel_analyst, role=TeamRole.LEAD, invited_by=coordinator
    )
    criterion = ensure_default_criteria()[0]
    term = ExpertiseTerm.objects.first() or ExpertiseTermFactory()

    # Network life: the panel analyst organises a meeting, asks for help and shares a
    # network-only dataset.
    (meeting,) = schedule_meetings(
        organiser=panel_analyst,
        kind=MeetingKind.MONTHLY,
        title="December gathering of the analysts",
        starts_at=timezone.now() + timedelta(days=10),
        duration=timedelta(hours=1),
    )
    thread = ask_for_help(analyst=panel_analyst, title="Tracking help", question="Which tracker?")
    resource = share_resource(
        member=panel_analyst, fields={"kind": ResourceKind.DATASET, "name": "Annotated nuclei"}
    )
    # The knowledge base: a published article (requesters read it, writers edit it).
    article = save_article(
        actor=panel_analyst,
        article=None,
        slug="what-is-a-z-stack",
        title={"en": "What is a z-stack?"},
        summary={},
        body={"en": "Images at several depths."},
        entries=[term.catalogue],
        published=True,
    )

    # API: the owner's token, a coordinator's webhook (after the invoices: nothing to send).
    api_token, _raw = create_token(owner=owner, name="script", scopes=["opendesk:read"], days=30)
    webhook, _secret = register_webhook(
        coordinator=coordinator, url="https://example.org/hook", events=["invoice.issued"]
    )
    notification = Notification.objects.filter(recipient=owner).order_by("pk").first()

    world.kwargs = {
        "day_id": booking.day_id,
        "booking_id": booking.pk,
        "file_id": data_file.pk,
        "upload_id": upload.pk,
        "key": f"opendesk.booking:{booking.pk}",
        "kind": "thumbnail",
        "project_id": project.pk,
        "facility_id": facility.pk,
        "invitation_id": invitation.pk,
        "entry_id": effort.pk,
        "phase_id": phase.pk,
        # `pk` differs per pattern: see PK_OF in test_permission_matrix.
        "pk": {
            "booking": booking.pk,
            "day": booking.day_id,
            "data_file": data_file.pk,
            "run": run.pk,
            "pin": pin.pk,
            "project": project.pk,
            "quote": quote.pk,
            "invoice": invoice.pk,
            "credit_note": CreditNote.objects.get().pk,
            "ledger_entry": LedgerEntry.objects.order_by("pk").first().pk,
            "facility_credit": FacilityCredit.objects.get().pk,
            "user": owner.pk,
            "term": term.pk,
            "criterion": criterion.pk,
            "meeting": meeting.pk,
            "thread": thread.pk,
            "resource": resource.pk,
            "article": article.pk,
            "analyst": panel_analyst.analyst_profile.pk,
            "notification": notification.pk,
            "token": api_token.pk,
            "webhook": webhook.pk,
        },
    }
    return world
