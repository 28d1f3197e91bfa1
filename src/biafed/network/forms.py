from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from biafed.common.fields import WebLinkFormField
from biafed.common.text import TEXT_LIMIT
from biafed.network.models import (
    HelpReply,
    HelpThread,
    MeetingKind,
    SharedResource,
    Topic,
)
from biafed.network.selectors import members
from biafed.opendesk.rules import visible_bookings
from biafed.people.models import HostFacility, Role, User
from biafed.projects.rules import visible_projects


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_hours = forms.DecimalField(
        label=_("Duration (hours)"),
        min_value=0.5,
        max_value=72,
        initial=1.5,
        help_text=_("An event of 2-3 days: 48 or 72."),
    )
    repeat_months = forms.IntegerField(
        label=_("Number of monthly meetings"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_("The same day of each following month (monthly meetings only)."),
    )
    place = forms.CharField(label=_("Place or video link"), max_length=300, required=False)
    programme = forms.CharField(
        label=_("Programme"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For events: the days, sessions and round tables on organisation."),
    )

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["duration"] = timedelta(hours=float(data.pop("duration_hours")))
        return data


class TopicForm(forms.ModelForm):
    slides_url = WebLinkFormField(label=_("Slides"), required=False)

    class Meta:
        model = Topic
        fields = ["kind", "title", "summary", "slides_url"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class AgendaForm(forms.Form):
    """Which proposed topics go on the agenda, and in which order (1 = first)."""

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = list(topics)
        for topic in self.topics:
            self.fields[f"topic_{topic.pk}"] = forms.IntegerField(
                label=topic.title,
                min_value=1,
                max_value=99,
                required=False,
                initial=topic.position if topic.status == "on_agenda" else None,
                help_text=_("Position on the agenda; empty: not kept."),
            )

    def kept(self) -> list[int]:
        chosen = [
            (self.cleaned_data[f"topic_{topic.pk}"], topic.pk)
            for topic in self.topics
            if self.cleaned_data.get(f"topic_{topic.pk}")
        ]
        return [pk for _position, pk in sorted(chosen)]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 8})
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=members(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, previews=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members()
        self.previews = list(previews)
        for topic in self.previews:
            self.fields[f"feedback_{topic.pk}"] = forms.CharField(
                label=_("Feedback on “%(title)s”") % {"title": topic.title},
                required=False,
                max_length=TEXT_LIMIT,
                initial=topic.feedback,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def feedback(self) -> dict[int, str]:
        return {topic.pk: self.cleaned_data[f"feedback_{topic.pk}"] for topic in self.previews}


class HelpThreadForm(forms.ModelForm):
    class Meta:
        model = HelpThread
        fields = ["title", "question"]
        widgets = {"question": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "question": _(
                "Describe the user's problem without naming them or their unpublished results "
                "unless they agreed: only network members read this."
            )
        }


class ReplyForm(forms.ModelForm):
    class Meta:
        model = HelpReply
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class ResourceForm(forms.ModelForm):
    link = WebLinkFormField(
        label=_("Link"),
        required=False,
        help_text=_("Repository, OMERO, FBI.Data, Zenodo or similar"),
    )

    class Meta:
        model = SharedResource
        fields = [
            "kind",
            "name",
            "description",
            "visibility",
            "status",
            "link",
            "version",
            "modality",
            "size",
            "licence",
            "access_conditions",
            "projects",
            "bookings",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "access_conditions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Link only to projects and consultations the member may open.
        self.fields["projects"].queryset = visible_projects(user)
        self.fields["bookings"].queryset = visible_bookings(user)
        self.fields["projects"].required = False
        self.fields["bookings"].required = False

    def service_fields(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("projects", "bookings")
        }


class MembershipForm(forms.Form):
    change = forms.ChoiceField(
        label=_("Change"), choices=[("joined", _("Joined")), ("left", _("Left"))]
    )
    on = forms.DateField(label=_("On"), widget=forms.DateInput(attrs={"type": "date"}))
    analyst = forms.ModelChoiceField(
        label=_("Analyst"), queryset=User.objects.none(), required=False
    )
    facility = forms.ModelChoiceField(
        label=_("Host facility"), queryset=HostFacility.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["analyst"].queryset = User.objects.filter(roles__role=Role.ANALYST).distinct()

    def clean(self):
        data = super().clean()
        if bool(data.get("analyst")) == bool(data.get("facility")):
            raise forms.ValidationError(_("Choose either an analyst or a host facility."))
        return data
