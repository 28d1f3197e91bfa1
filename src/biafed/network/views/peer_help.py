"""Peer help: members only (the membership rules keep exchanges confidential)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.errors import BusinessRuleError
from biafed.common.web import int_param
from biafed.network.forms import HelpThreadForm, ReplyForm
from biafed.network.models import HelpThread, Meeting, MeetingStatus
from biafed.network.services import help as services
from biafed.network.views.common import form_error, require


def _thread(request, pk):
    require(request, "network.view_network")
    return get_object_or_404(HelpThread, pk=pk)


def _coming_meetings():
    return Meeting.objects.filter(
        starts_at__gte=timezone.now(),
        status__in=(MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_SENT),
    ).order_by("starts_at")


@login_required
def thread_list(request):
    require(request, "network.view_network")
    threads = HelpThread.objects.select_related("asked_by").prefetch_related("replies")
    return render(request, "network/threads.html", {"threads": threads})


@login_required
def ask(request):
    require(request, "network.ask_help")
    form = HelpThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.ask_for_help(analyst=request.user, **form.cleaned_data)
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your request is posted to the network."))
            return redirect("network:thread", thread.pk)
    return render(request, "network/ask.html", {"form": form})


@login_required
def thread_detail(request, pk):
    thread = _thread(request, pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer(member=request.user, thread=thread, body=form.cleaned_data["body"])
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your answer is posted."))
            return redirect("network:thread", thread.pk)
    return render(
        request,
        "network/thread.html",
        {
            "thread": thread,
            "replies": thread.replies.select_related("author"),
            "topics": thread.topics.select_related("meeting"),
            "meetings": _coming_meetings(),
            "form": form,
        },
    )


@login_required
@require_POST
def solved(request, pk):
    thread = _thread(request, pk)
    try:
        services.mark_solved(analyst=request.user, thread=thread)
    except BusinessRuleError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("network:thread", thread.pk)


@login_required
@require_POST
def to_meeting(request, pk):
    """Propose the request as a topic of a coming meeting."""
    thread = _thread(request, pk)
    chosen = int_param(request.POST, "meeting")
    meeting = _coming_meetings().filter(pk=chosen).first() if chosen else None
    if meeting is None:
        messages.error(request, _("Choose a coming meeting."))
        return redirect("network:thread", thread.pk)
    try:
        services.bring_to_meeting(member=request.user, thread=thread, meeting=meeting)
    except BusinessRuleError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("network:thread", thread.pk)
    messages.success(request, _("The request is proposed as a topic of this meeting."))
    return redirect("network:meeting", meeting.pk)
