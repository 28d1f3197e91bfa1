"""Intake: project requests from the form, from an open-desk booking, or entered by a
coordinator (e-mail, Euro-BioImaging portal); drafts, submission, duplicates, withdrawal."""

import difflib
import re
from collections.abc import Iterable
from datetime import date

from django.contrib.auth.base_user import BaseUserManager
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import allowed_moves, move
from biafed.common.validators import check_fields, check_not_in_past
from biafed.intake.registry import for_model
from biafed.intake.services import link_files
from biafed.opendesk.models import Booking, BookingStatus
from biafed.people.models import ExpertiseTerm, Role, User, UserRole
from biafed.projects.models import Channel, Project
from biafed.projects.models import ProjectStatus as S
from biafed.projects.rules import may, may_convert_booking
from biafed.projects.services.common import coordinators, lock, project_url, tell
from biafed.projects.services.transitions import WITHDRAWABLE

ANSWER_FIELDS = (
    "title",
    "summary",
    "biological_question",
    "images_description",
    "tried_so_far",
    "expected_outputs",
    "deadline",
    "requester_institution",
    "funding_source",
    "invoice_institution",
    "invoice_address",
)
REQUIRED_ANSWERS = (
    "title",
    "summary",
    "expected_outputs",
    "requester_institution",
    "funding_source",
    "invoice_institution",
)
CONVERTIBLE_BOOKING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.HELD)

DUPLICATE_THRESHOLD = 0.6
"""Two requests of the same requester whose texts (title, summary, biological question,
normalised) have a difflib similarity ratio at or above this are flagged as possible
duplicates. 0.6 flags reworded resubmissions while two different questions on the same
organism stay below (checked in tests/projects/test_requests.py)."""


def start_request(*, requester: User) -> Project:
    """A new draft request; an untouched draft of the same requester is reused."""
    draft = Project.objects.filter(
        requester=requester, status=S.DRAFT, title="", source_booking__isnull=True
    ).first()
    return draft or Project.objects.create(
        requester=requester,
        requester_institution=requester.institution,
        channel=Channel.FORM,
    )


def save_answers(
    *, actor: User, project: Project, answers: dict, topics: Iterable[ExpertiseTerm] | None = None
) -> Project:
    """Store the guided-form answers; drafts may be incomplete."""
    if project.status not in (S.DRAFT, S.INFO_REQUESTED) and not may(actor, "projects.manage"):
        raise BusinessRuleError(_("This request can no longer be edited."))
    deadline_before = (
        Project.objects.filter(pk=project.pk).values_list("deadline", flat=True).first()
    )
    for field in ANSWER_FIELDS:
        if field in answers:
            setattr(project, field, answers[field] if answers[field] is not None else _blank(field))
    _check_answers(project, deadline_before=deadline_before)
    project.save()
    if topics is not None:
        project.topics.set(topics)
    return project


def _check_answers(project: Project, *, deadline_before: date | None = None) -> None:
    """Lengths and the deadline: a deadline set or moved is not in the past (one that
    passed while the request waited stays)."""
    check_fields(project, *ANSWER_FIELDS)
    if project.deadline != deadline_before:
        check_not_in_past(project.deadline, label=Project._meta.get_field("deadline").verbose_name)


def _blank(field: str) -> str | None:
    return None if field == "deadline" else ""


def missing_answers(project: Project) -> list[str]:
    """Labels of the answers still needed before the request can be submitted."""
    return [
        # The answers are fields of the request itself, never reverse relations.
        str(Project._meta.get_field(f).verbose_name)  # type: ignore[union-attr]
        for f in REQUIRED_ANSWERS
        if not getattr(project, f)
    ]


def _normalised(project: Project) -> str:
    text = " ".join((project.title, project.summary, project.biological_question)).casefold()
    return re.sub(r"\W+", " ", text).strip()[:2000]


def similarity(a: Project, b: Project) -> float:
    """difflib ratio (0-1) of the two requests' normalised texts."""
    return difflib.SequenceMatcher(None, _normalised(a), _normalised(b), autojunk=False).ratio()


def find_duplicate(project: Project) -> tuple[Project | None, float]:
    """The most similar other request of the same requester, if at or above the threshold."""
    others = (
        Project.objects.filter(requester_id=project.requester_id)
        .exclude(pk=project.pk)
        .exclude(status__in=(S.DRAFT, S.WITHDRAWN))
        .only("pk", "title", "summary", "biological_question", "requester_id")
    )
    best, best_ratio = None, 0.0
    for other in others:
        ratio = similarity(project, other)
        if ratio > best_ratio:
            best, best_ratio = other, ratio
    if best_ratio >= DUPLICATE_THRESHOLD:
        return best, round(best_ratio, 3)
    return None, round(best_ratio, 3)


SUBMISSION_FIELDS = (
    "submitted_at",
    "review_round",
    "possible_duplicate_of",
    "duplicate_similarity",
)
"""What submitting a request sets besides its status."""


def _flag_duplicate(project: Project) -> None:
    other, ratio = find_duplicate(project)
    project.possible_duplicate_of = other
    project.duplicate_similarity = ratio if other else None


def _announce_submission(project: Project, *, actor: User) -> None:
    link = project_url(project)
    tell(
        [project.requester],
        message=lambda: (
            _("Project request received: %(title)s") % {"title": project.title},
            _(
                "We received your request for a collaborative project. The selection committee "
                "will review its feasibility; you will be told the decision and its reasons."
            ),
        ),
        link=link,
    )
    tell(
        coordinators(),
        message=lambda: (
            _("New project request: %(title)s") % {"title": project.title},
            _("%(who)s submitted a project request (%(channel)s).%(dup)s")
            % {
                "who": project.requester,
                "channel": project.get_channel_display(),
                "dup": (
                    " "
                    + _("It looks like “%(other)s” (similarity %(ratio)s).")
                    % {
                        "other": project.possible_duplicate_of,
                        "ratio": project.duplicate_similarity,
                    }
                )
                if project.possible_duplicate_of_id
                else "",
            },
        ),
        link=link,
        skip=actor,
    )


@transaction.atomic
def submit_request(*, requester: User, project: Project) -> Project:
    """Draft (or a request sent back for more information) → submitted.

    Refuses incomplete answers; flags a possible duplicate; tells the requester and the
    coordinators."""
    project = lock(project)
    if project.requester_id != requester.pk:
        raise BusinessRuleError(_("Only the requester can submit this request."))
    missing = missing_answers(project)
    if missing:
        raise BusinessRuleError(_("Please answer: %(fields)s.") % {"fields": ", ".join(missing)})
    if project.status not in (S.DRAFT, S.INFO_REQUESTED):
        raise BusinessRuleError(_("This request was already submitted."))
    project.submitted_at = timezone.now()
    project.review_round = None
    _flag_duplicate(project)
    move(project, S.SUBMITTED, actor=requester, extra_fields=SUBMISSION_FIELDS)
    _announce_submission(project, actor=requester)
    return project


def _requester_by_email(*, email: str, full_name: str, institution: str, actor: User) -> User:
    email = BaseUserManager.normalize_email(email.strip()).lower()
    if not email:
        raise BusinessRuleError(_("Give the requester's e-mail address."))
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, full_name=full_name.strip(), institution=institution.strip()
        )
        activity.record(actor=actor, verb="created requester account", subject=user)
    UserRole.objects.get_or_create(user=user, role=Role.REQUESTER)
    user.__dict__.pop("role_names", None)
    return user


@transaction.atomic
def enter_request(
    *,
    coordinator: User,
    requester_email: str,
    requester_name: str = "",
    channel: str,
    external_reference: str = "",
    answers: dict,
    topics: Iterable[ExpertiseTerm] = (),
) -> Project:
    """A coordinator records a request that arrived by e-mail or through the Euro-BioImaging
    access portal; it is submitted at once. A requester without an account gets one (they
    set a password with "forgot password")."""
    if not may(coordinator, "projects.enter_request"):
        raise BusinessRuleError(_("Only coordinators enter requests for others."))
    if channel not in (Channel.EMAIL, Channel.EURO_BIOIMAGING, Channel.OTHER):
        raise BusinessRuleError(_("Choose the channel the request arrived through."))
    if channel == Channel.EURO_BIOIMAGING and not external_reference.strip():
        raise BusinessRuleError(_("Give the Euro-BioImaging proposal reference."))
    requester = _requester_by_email(
        email=requester_email,
        full_name=requester_name,
        institution=answers.get("requester_institution", ""),
        actor=coordinator,
    )
    project = Project(
        requester=requester,
        channel=channel,
        external_reference=external_reference.strip(),
        entered_by=coordinator,
    )
    for field in ANSWER_FIELDS:
        if answers.get(field) is not None:
            setattr(project, field, answers[field])
    missing = missing_answers(project)
    if missing:
        raise BusinessRuleError(_("Please answer: %(fields)s.") % {"fields": ", ".join(missing)})
    _check_answers(project)
    project.save()
    project.topics.set(topics)
    activity.record(actor=coordinator, verb="entered request", subject=project, detail=channel)
    project.submitted_at = timezone.now()
    _flag_duplicate(project)
    move(project, S.SUBMITTED, actor=coordinator, extra_fields=SUBMISSION_FIELDS)
    _announce_submission(project, actor=coordinator)
    return project


def _booking_images(booking: Booking) -> str:
    parts = [
        str(booking.modality or ""),
        booking.get_dimensionality_display() if booking.dimensionality else "",
        ngettext("%(n)s channel", "%(n)s channels", booking.channel_count)
        % {"n": booking.channel_count}
        if booking.channel_count
        else "",
        booking.file_format,
        booking.image_count_and_size,
    ]
    return "; ".join(p for p in parts if p)


def _panel_advice(booking: Booking) -> str:
    outcome = getattr(booking, "outcome", None)
    if outcome is None:
        return ""
    lines = [outcome.advice, *outcome.links]
    return "\n".join(line for line in lines if line)


@transaction.atomic
def convert_booking(*, actor: User, booking: Booking) -> Project:
    """Turn an open-desk booking into a draft project request for its requester: the answers,
    example images (linked, not copied) and the panel's advice are carried over, and the
    request keeps a link to the booking. The requester completes and submits the draft."""

    if not may_convert_booking(actor, booking):
        raise BusinessRuleError(_("Only the panel or a coordinator can propose a project."))
    if booking.status not in CONVERTIBLE_BOOKING_STATUSES:
        raise BusinessRuleError(_("Only a confirmed or held session can lead to a project."))
    existing = Project.objects.filter(source_booking=booking).exclude(status=S.WITHDRAWN).first()
    if existing is not None:
        raise BusinessRuleError(
            _("This session already led to the project request “%(title)s”.") % {"title": existing}
        )
    project = Project.objects.create(
        requester=booking.requester,
        title=booking.title,
        summary="\n\n".join(p for p in (booking.biological_question, booking.measurements) if p),
        biological_question=booking.biological_question,
        images_description=_booking_images(booking),
        tried_so_far=booking.tried_so_far,
        requester_institution=booking.requester.institution,
        channel=Channel.OPEN_DESK,
        source_booking=booking,
        panel_advice=_panel_advice(booking),
        entered_by=actor,
    )
    project.topics.set(booking.topics.all())
    _link_files(actor=actor, booking=booking, project=project)
    activity.record(
        actor=actor, verb="converted booking", subject=project, detail=f"booking {booking.pk}"
    )
    tell(
        [booking.requester],
        message=lambda: (
            _("A collaborative project is proposed: %(title)s") % {"title": project.title},
            _(
                "After your open-desk session the analysts propose to continue as a collaborative "
                "project. Your answers, images and the panel's advice are already in the request: "
                "add the expected outputs, the funding and the institution to invoice, then submit."
            ),
        ),
        link=project_url(project),
        skip=actor,
    )
    return project


def _link_files(*, actor: User, booking: Booking, project: Project) -> None:
    """Carry the booking's files over when the intake app offers it (no bytes copied)."""
    try:
        for_model(Booking)
        for_model(Project)
    except (ImportError, LookupError):  # files of bookings or projects not handled by intake
        return
    link_files(actor=actor, source=booking, target=project)


@transaction.atomic
def withdrawal_refusals(project: Project) -> list[str]:
    """Why `project` cannot be withdrawn now (empty when it can)."""
    if project.status not in WITHDRAWABLE or S.WITHDRAWN not in allowed_moves(project):
        return [_("A project in progress cannot be withdrawn.")]
    return []


def withdraw(*, actor: User, project: Project, reason: str = "") -> Project:
    """The requester (or a coordinator) withdraws a request before the work starts."""
    project = lock(project)
    if not may(actor, "projects.withdraw", project):
        raise BusinessRuleError(_("Only the requester or a coordinator can withdraw a request."))
    refusals = withdrawal_refusals(project)
    if refusals:
        raise BusinessRuleError(refusals)
    move(project, S.WITHDRAWN, actor=actor, detail=reason)
    people = [project.requester, project.lead, project.mentor]
    tell(
        people,
        message=lambda: (
            _("Project request withdrawn: %(title)s") % {"title": project.title},
            reason or _("The request was withdrawn."),
        ),
        link=project_url(project),
        skip=actor,
    )
    return project
