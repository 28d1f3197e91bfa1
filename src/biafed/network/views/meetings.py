"""Meetings and events: schedule, propose topics, order the agenda, send it, record minutes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biafed.common.errors import BusinessRuleError
from biafed.common.web import Confirmation, confirmed_action
from biafed.network.calendar import meeting_calendar
from biafed.network.forms import AgendaForm, MinutesForm, ScheduleForm, TopicForm
from biafed.network.models import Meeting, TopicKind, TopicStatus
from biafed.network.services import meetings as services
from biafed.network.views.common import form_error, require


def _meeting(request, pk):
    require(request, "network.view_network")
    return get_object_or_404(Meeting, pk=pk)


@login_required
def meeting_list(request):
    require(request, "network.view_network")
    meetings = Meeting.objects.prefetch_related("organisers").order_by("-starts_at")
    return render(request, "network/meetings.html", {"meetings": meetings})


@login_required
def schedule(request):
    require(request, "network.schedule_meeting")
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.schedule_meetings(organiser=request.user, **form.service_arguments())
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d meeting scheduled.", "%(count)d meetings scheduled.", len(created)
                )
                % {"count": len(created)},
            )
            return redirect("network:meeting", created[0].pk)
    return render(request, "network/schedule.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    """The meeting's page: agenda, proposals, and a form to propose a topic."""
    meeting = _meeting(request, pk)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_topic(member=request.user, meeting=meeting, **form.cleaned_data)
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your topic is proposed to the organisers."))
            return redirect("network:meeting", meeting.pk)
    topics = meeting.topics.select_related("proposed_by", "help_thread")
    attendance = meeting.attendance.select_related("member").order_by("member__full_name")
    return render(
        request,
        "network/meeting.html",
        {
            "meeting": meeting,
            "agenda": [t for t in topics if t.status == TopicStatus.ON_AGENDA],
            "proposals": [t for t in topics if t.status == TopicStatus.PROPOSED],
            "declined": [t for t in topics if t.status == TopicStatus.DECLINED],
            "registered": [a.member for a in attendance if a.registered],
            "present": [a.member for a in attendance if a.attended],
            "is_registered": any(
                a.member_id == request.user.pk and a.registered for a in attendance
            ),
            "can_organise": request.user.has_perm("network.organise_meeting", meeting),
            "form": form,
        },
    )


@login_required
def meeting_ics(request, pk):
    meeting = _meeting(request, pk)
    response = HttpResponse(
        meeting_calendar(meeting, site_url=settings.SITE_URL), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def agenda(request, pk):
    """The organisers keep proposals and order them."""
    meeting = _meeting(request, pk)
    require(request, "network.organise_meeting", meeting)
    topics = meeting.topics.select_related("proposed_by").order_by("position", "pk")
    form = AgendaForm(request.POST or None, topics=topics)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_agenda(organiser=request.user, meeting=meeting, kept=form.kept())
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect("network:meeting", meeting.pk)
    return render(request, "network/agenda.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def send_agenda(request, pk):
    meeting = _meeting(request, pk)
    require(request, "network.organise_meeting", meeting)

    def perform():
        sent = services.send_agenda(organiser=request.user, meeting=meeting)
        messages.success(
            request,
            ngettext(
                "The agenda went to %(count)d member.",
                "The agenda went to %(count)d members.",
                sent,
            )
            % {"count": sent},
        )

    return confirmed_action(
        request,
        Confirmation(
            title=_("Send the agenda of “%(title)s”?") % {"title": meeting.title},
            effects=services.agenda_effects(meeting),
            action=_("Send the agenda to members"),
            refusals=services.agenda_refusals(meeting),
        ),
        perform=perform,
        done=reverse("network:meeting", args=[meeting.pk]),
    )


@login_required
def minutes(request, pk):
    meeting = _meeting(request, pk)
    require(request, "network.organise_meeting", meeting)
    previews = meeting.topics.filter(status=TopicStatus.ON_AGENDA, kind=TopicKind.PREVIEW)
    present = meeting.attendance.filter(attended=True).values_list("member_id", flat=True)
    form = MinutesForm(
        request.POST or None,
        previews=previews,
        initial={"minutes": meeting.minutes, "present": list(present)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_minutes(
                organiser=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                present=form.cleaned_data["present"],
                feedback=form.feedback(),
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The minutes and attendance are recorded."))
            return redirect("network:meeting", meeting.pk)
    return render(request, "network/minutes.html", {"meeting": meeting, "form": form})


@login_required
@require_POST
def register(request, pk):
    meeting = _meeting(request, pk)
    attending = request.POST.get("attending", "yes") == "yes"
    try:
        services.register(member=request.user, meeting=meeting, attending=attending)
    except BusinessRuleError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You are registered.") if attending else _("Your registration is withdrawn.")
        )
    return redirect("network:meeting", meeting.pk)
