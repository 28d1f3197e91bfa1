from django import forms
from django.utils.translation import gettext_lazy as _

from biafed.common.fields import WebLinkFormField
from biafed.common.forms import Form, ModelForm
from biafed.common.validators import normalise_doi, validate_doi
from biafed.people.models import ExpertiseTerm, Role, User
from biafed.projects.models import (
    Channel,
    DecisionKind,
    Deliverable,
    EffortActivity,
    Feasibility,
    Phase,
    PhaseKind,
    Project,
    ReviewRound,
    SelectionCriterion,
)
from biafed.projects.services.requests import ANSWER_FIELDS, REQUIRED_ANSWERS

# Help and an example for each guided question, in plain words.
GUIDANCE = {
    "title": (_("A few words that name your project."), _("Tracking motile bacteria")),
    "summary": (
        _("What should the analyst build or do for you? Why can't a one-hour open desk solve it?"),
        _(
            "We need trajectory descriptors (speed, curvature) for a new bacteria species; "
            "the existing Python library must be adapted and installed in our lab."
        ),
    ),
    "biological_question": (
        _("What do you want to learn from the images?"),
        _("Does the new species swim differently from E. coli?"),
    ),
    "images_description": (
        _("How were the images acquired, how many, how large, which file format?"),
        _("Time-lapse, phase contrast, 100 fps, 40 movies of 2 GB, .nd2"),
    ),
    "tried_so_far": (
        _("What did you (or an open-desk panel) try, and where did it stop?"),
        _("TrackMate finds the bacteria but loses them when they cross."),
    ),
    "expected_outputs": (
        _("What should you have in hand at the end: a pipeline, a script, results, a report?"),
        _("A documented Python pipeline run on our workstation, and a short report."),
    ),
    "deadline": (
        _("A date that matters (a paper revision, a grant); leave empty if none."),
        "2025-06-30",
    ),
    "requester_institution": (_("Your university or institute."), _("Université de Montpellier")),
    "funding_source": (
        _("The grant or budget that will pay the analysts' time."),
        _("ANR-23-CE13-0001 'MotilBac'"),
    ),
    "invoice_institution": (
        _("Who receives the invoice (often your institution's finance office)."),
        _("CNRS Délégation Occitanie Est"),
    ),
    "invoice_address": (
        _("Postal address for the invoice."),
        _("1919 route de Mende, Montpellier"),
    ),
    "topics": (
        _("What expertise do you think is needed? Leave empty if unsure."),
        _("Tracking"),
    ),
}


def _guide(form) -> None:
    for name, field in form.fields.items():
        help_text, example = GUIDANCE.get(name, (field.help_text, ""))
        field.help_text = help_text
        field.example = example


class ProjectRequestForm(ModelForm):
    """The requester's guided form; drafts may be incomplete (required answers are
    checked when submitting)."""

    class Meta:
        model = Project
        fields = [*ANSWER_FIELDS, "topics"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "biological_question": forms.Textarea(attrs={"rows": 3}),
            "images_description": forms.Textarea(attrs={"rows": 3}),
            "tried_so_far": forms.Textarea(attrs={"rows": 3}),
            "expected_outputs": forms.Textarea(attrs={"rows": 3}),
            "invoice_address": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = ExpertiseTerm.objects.filter(is_active=True)
        for name in ANSWER_FIELDS:
            self.fields[name].required = False
        for name in REQUIRED_ANSWERS:
            self.fields[name].widget.attrs["data-required"] = "1"
        _guide(self)


class EntryForm(ProjectRequestForm):
    """A coordinator records a request that came by e-mail or the Euro-BioImaging portal."""

    requester_email = forms.EmailField(label=_("Requester's e-mail"))
    requester_name = forms.CharField(label=_("Requester's full name"), required=False)
    channel = forms.ChoiceField(
        label=_("Arrived through"),
        choices=[
            (Channel.EMAIL, Channel.EMAIL.label),
            (Channel.EURO_BIOIMAGING, Channel.EURO_BIOIMAGING.label),
            (Channel.OTHER, Channel.OTHER.label),
        ],
    )
    external_reference = forms.CharField(
        label=_("External reference"),
        required=False,
        help_text=_("The Euro-BioImaging proposal number, or the e-mail's subject and date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED_ANSWERS:
            self.fields[name].required = True


class ReviewForm(Form):
    feasibility = forms.ChoiceField(
        choices=Feasibility.choices, widget=forms.RadioSelect, label=_("Feasibility")
    )
    effort_hours = forms.DecimalField(
        min_value=0, max_digits=7, decimal_places=2, label=_("Estimated effort (hours)")
    )
    start_delay_weeks = forms.IntegerField(min_value=0, label=_("Could start in (weeks)"))
    duration_weeks = forms.IntegerField(min_value=1, label=_("Duration (weeks)"))
    expertise = forms.ModelMultipleChoiceField(
        queryset=ExpertiseTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Expertise needed"),
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Comments for the coordinator"),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].queryset = ExpertiseTerm.objects.filter(is_active=True)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                coerce=int,
                choices=[(i, str(i)) for i in range(6)],
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                label=criterion.name,
                help_text=criterion.description,
            )

    def criterion_fields(self):
        return [self[f"criterion_{c.pk}"] for c in self.criteria]

    def plain_fields(self):
        return [self[name] for name in self.fields if not name.startswith("criterion_")]

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class ConflictForm(Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)


class DecisionForm(Form):
    kind = forms.ChoiceField(
        choices=DecisionKind.choices, widget=forms.RadioSelect, label=_("Decision")
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Rationale"),
        help_text=_("The requester reads this: plain words, and what convinced the committee."),
    )
    guidance = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Guidance for the requester"),
        help_text=_("Required to decline: where to go instead, e.g. a research group to contact."),
    )
    estimated_hours = forms.DecimalField(
        min_value=0,
        max_digits=7,
        decimal_places=2,
        required=False,
        label=_("Accepted estimate (hours)"),
        help_text=_("Required to accept; prefilled with the reviewers' mean."),
    )
    duration_weeks = forms.IntegerField(min_value=1, required=False, label=_("Duration (weeks)"))


class RoundForm(ModelForm):
    class Meta:
        model = ReviewRound
        fields = ["title", "review_deadline"]
        widgets = {"review_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SendToReviewForm(Form):
    review_round = forms.ModelChoiceField(queryset=ReviewRound.objects.none(), label=_("Round"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["review_round"].queryset = ReviewRound.objects.filter(status="open")


class CriterionForm(ModelForm):
    class Meta:
        model = SelectionCriterion
        fields = ["name", "description", "weight", "order", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


def _analysts():
    return (
        User.objects.filter(roles__role=Role.ANALYST, is_active=True)
        .select_related("analyst_profile__host_facility")
        .distinct()
    )


class AnalystChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        profile = getattr(obj, "analyst_profile", None)
        return f"{obj} — {profile.host_facility.name}" if profile else str(obj)


class TeamForm(Form):
    lead = AnalystChoiceField(queryset=User.objects.none(), label=_("Lead analyst"))
    mentor = AnalystChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Mentor (another site)"),
        help_text=_("Optional: a senior analyst from another site tutors the lead."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _analysts()
        self.fields["mentor"].queryset = _analysts()


class CapacityForm(Form):
    hours_per_month = forms.DecimalField(
        min_value=0,
        max_digits=6,
        decimal_places=2,
        label=_("Hours per month you can give to projects"),
        help_text=_("Your host-facility manager approves it; a change needs approval again."),
    )


class EffortForm(Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Date"))
    hours = forms.DecimalField(
        min_value=0.25, max_value=24, max_digits=6, decimal_places=2, label=_("Hours")
    )
    activity = forms.ChoiceField(choices=EffortActivity.choices, label=_("Activity"))
    phase = forms.ModelChoiceField(queryset=Phase.objects.none(), required=False, label=_("Phase"))
    note = forms.CharField(required=False, max_length=300, label=_("Note"))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = project.phases.all()


class ReportForm(Form):
    done = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("What was done"))
    next_steps = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Next steps")
    )
    blockers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("What is blocking, or needed from the requester"),
    )


class PhaseForm(ModelForm):
    class Meta:
        model = Phase
        fields = ["kind", "title", "goals", "budget_hours"]
        widgets = {"goals": forms.Textarea(attrs={"rows": 3})}


class PhaseDecisionForm(Form):
    decision = forms.ChoiceField(
        choices=[("go", _("Go: open the next phase")), ("no_go", _("No-go: close the project"))],
        widget=forms.RadioSelect,
        label=_("Decision"),
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Reasons"),
        help_text=_("For a no-go this becomes the project's conclusion, with guidance."),
    )
    next_kind = forms.ChoiceField(
        choices=PhaseKind.choices,
        required=False,
        initial=PhaseKind.IMPLEMENTATION,
        label=_("Next phase: kind"),
    )
    next_title = forms.CharField(required=False, label=_("Next phase: title"))
    next_goals = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Next phase: goals")
    )
    next_budget_hours = forms.DecimalField(
        min_value=0, max_digits=7, decimal_places=2, required=False, label=_("Next phase: hours")
    )

    def next_phase(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("next_title"):
            return None
        return {
            "kind": data.get("next_kind") or PhaseKind.IMPLEMENTATION,
            "title": data["next_title"],
            "goals": data.get("next_goals", ""),
            "budget_hours": data.get("next_budget_hours") or 0,
        }


class DeliverableForm(ModelForm):
    url = WebLinkFormField(
        required=False,
        max_length=500,
        label=_("Link"),
        help_text=_("A repository, Zenodo record or shared folder; or attach files afterwards."),
    )

    class Meta:
        model = Deliverable
        fields = ["kind", "title", "description", "url", "version", "doi"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "doi": _("e.g. 10.5281/zenodo.1234567"),
        }

    def clean_doi(self):
        return normalise_doi(self.cleaned_data["doi"])


class CompleteForm(Form):
    conclusion = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Conclusion"),
        help_text=_(
            "What was achieved, in two or three sentences (shown in the network's Table 1)."
        ),
    )
    outputs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Outputs delivered")
    )


class FeedbackForm(Form):
    usefulness = forms.TypedChoiceField(
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
        label=_("How useful was the project? (1 = not at all, 5 = very)"),
    )
    outputs_used = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("What will you use the outputs for?"),
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Anything to tell us?")
    )


class CommentForm(Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment"))


class PublicationForm(Form):
    title = forms.CharField(max_length=400, label=_("Title"))
    doi = forms.CharField(max_length=200, required=False, label=_("DOI"))
    year = forms.IntegerField(min_value=1900, max_value=2100, required=False, label=_("Year"))

    def clean_doi(self):
        doi = normalise_doi(self.cleaned_data["doi"])
        if doi:
            validate_doi(doi)
        return doi


class CadenceForm(Form):
    weeks = forms.IntegerField(
        min_value=1, max_value=26, label=_("A progress report every (weeks)")
    )


class InvitationAnswerForm(Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Reason (to decline)")
    )


class WithdrawForm(Form):
    reason = forms.CharField(required=False, max_length=300, label=_("Reason (optional)"))
