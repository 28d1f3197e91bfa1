from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from biafed.common.forms import Form, ModelForm
from biafed.common.validators import validate_link_lines
from biafed.opendesk.models import Booking, FollowUp, OpenDeskDay, Slot
from biafed.opendesk.services.bookings import ANSWER_FIELDS
from biafed.opendesk.services.days import DAY_FIELDS
from biafed.people.models import ExpertiseFamily, ExpertiseTerm

# Help and an example for each guided question, in plain words.
GUIDANCE = {
    "title": (
        _("A few words that name your question."),
        _("Counting infected cells in zebrafish larvae"),
    ),
    "biological_question": (
        _("What do you want to learn from the images? Think of the figure you would like to make."),
        _("Does drug X change the number of nuclei with DNA damage foci?"),
    ),
    "objects_of_interest": (
        _("What are the things in the image you care about? How do they look?"),
        _("Nuclei (DAPI, round, sometimes touching) and small bright foci inside them (γH2AX)."),
    ),
    "measurements": (
        _("Which measurements do you need per object or per image?"),
        _("Number of foci per nucleus, and nucleus area."),
    ),
    "modality": (_("How were the images acquired?"), _("Confocal")),
    "dimensionality": (_("Single planes, stacks, time-lapse?"), _("3D stacks, 40 planes")),
    "channel_count": (_("How many colours (channels) per image?"), "2"),
    "file_format": (
        _("The file type your microscope writes; if unsure, the file extension."),
        _(".czi from a Zeiss LSM 980"),
    ),
    "image_count_and_size": (
        _("Roughly how many images, and how large is one?"),
        _("About 60 images of 2048×2048 pixels, 500 MB each"),
    ),
    "tried_so_far": (
        _("What did you try, and where did it stop working?"),
        _("Thresholding in Fiji works on some images but merges touching nuclei."),
    ),
    "tools_tried": (_("Tick the tools you used, even briefly."), _("Fiji/ImageJ")),
    "topics": (
        _("What help do you think you need? Leave empty if unsure: the coordinator will choose."),
        _("Segmentation"),
    ),
    "preferred_language": (_("The language you are most at ease in."), _("French")),
    "preferred_slots": (
        _("Other sessions you could attend if yours fills up or a panel fits better."),
        "",
    ),
    "consent_to_share": (
        _("Your images and answers are seen only by your panel and the coordinators."),
        "",
    ),
}


class BookingForm(ModelForm):
    class Meta:
        model = Booking
        fields = [*ANSWER_FIELDS, "tools_tried", "topics", "preferred_slots"]
        widgets = {
            "biological_question": forms.Textarea(attrs={"rows": 3}),
            "objects_of_interest": forms.Textarea(attrs={"rows": 3}),
            "measurements": forms.Textarea(attrs={"rows": 2}),
            "tried_so_far": forms.Textarea(attrs={"rows": 3}),
            "tools_tried": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
            "preferred_slots": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, day: OpenDeskDay, **kwargs):
        super().__init__(*args, **kwargs)
        active = ExpertiseTerm.objects.filter(is_active=True)
        self.fields["modality"].queryset = active.filter(family=ExpertiseFamily.MODALITY)
        self.fields["tools_tried"].queryset = active.filter(family=ExpertiseFamily.TOOL)
        self.fields["primary_tool"].queryset = active.filter(family=ExpertiseFamily.TOOL)
        # The assistant's accepted suggestions (tools and methods) join the topics: any
        # active tool is accepted, but only the methods and the tools already chosen are
        # listed (an accepted tool comes with its own hidden field, matching/_assistant*).
        topics = self.fields["topics"]
        topics.queryset = active.filter(family__in=(ExpertiseFamily.METHOD, ExpertiseFamily.TOOL))
        chosen = self.instance.topics.all() if self.instance.pk else ExpertiseTerm.objects.none()
        listed = active.filter(Q(family=ExpertiseFamily.METHOD) | Q(pk__in=chosen))
        topics.widget.choices = [(t.pk, str(t)) for t in listed]
        self.fields["preferred_slots"].queryset = Slot.objects.filter(day=day).select_related("day")
        for name, field in self.fields.items():
            help_text, example = GUIDANCE.get(name, ("", ""))
            field.help_text = help_text
            field.example = example


class SlotChoiceForm(Form):
    slot = forms.ModelChoiceField(
        queryset=Slot.objects.none(),
        label=_("Your session"),
        empty_label=_("Choose a session"),
        error_messages={"required": _("Choose the session you want to attend.")},
    )

    def __init__(self, *args, day: OpenDeskDay, places: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = Slot.objects.filter(day=day).select_related("day")

        def label(slot) -> str:
            n = places.get(slot.pk, 0)
            return ngettext("%(time)s – %(n)s place left", "%(time)s – %(n)s places left", n) % {
                "time": slot,
                "n": n,
            }

        self.fields["slot"].label_from_instance = label


class DayForm(ModelForm):
    class Meta:
        model = OpenDeskDay
        fields = list(DAY_FIELDS)
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "first_slot_start": forms.TimeInput(attrs={"type": "time"}),
            "registration_opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "registration_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "data_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def clean_time_zone(self):
        value = self.cleaned_data["time_zone"]
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(
                _("Unknown time zone; use a name like Europe/Paris.")
            ) from None
        return value


class AvailabilityForm(Form):
    slots = forms.ModelMultipleChoiceField(
        queryset=Slot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sessions you can attend"),
    )

    def __init__(self, *args, day: OpenDeskDay, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = Slot.objects.filter(day=day).select_related("day")


class OutcomeForm(Form):
    advice = forms.CharField(label=_("Advice given"), widget=forms.Textarea(attrs={"rows": 5}))
    tools_suggested = forms.ModelMultipleChoiceField(
        queryset=ExpertiseTerm.objects.filter(family=ExpertiseFamily.TOOL, is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Tools suggested"),
    )
    shared_links = forms.CharField(
        label=_("Macros, pipelines or notebooks shared (one link per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[validate_link_lines],
    )
    follow_up = forms.ChoiceField(choices=FollowUp.choices, label=_("Follow-up"))


class FeedbackForm(Form):
    usefulness = forms.TypedChoiceField(
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
        label=_("How useful was the session? (1 = not at all, 5 = very)"),
    )
    comment = forms.CharField(
        label=_("Anything to tell us?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PanelForm(Form):
    analysts = forms.ModelMultipleChoiceField(queryset=None, required=False, label=_("Panel"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, analyst_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["analysts"].queryset = analyst_queryset


class MoveForm(Form):
    slot = forms.ModelChoiceField(queryset=Slot.objects.none(), label=_("Session"))
    room = forms.IntegerField(min_value=1, max_value=3, label=_("Room"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, day: OpenDeskDay, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = Slot.objects.filter(day=day).select_related("day")
