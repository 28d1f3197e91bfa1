from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biafed.common.forms import Form, ModelForm
from biafed.people.models import (
    AnalystProfile,
    ExpertiseLevel,
    ExpertiseTerm,
    HostFacility,
    Language,
    Role,
    UserRole,
)


def _privacy_help() -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        gettext("What we keep about you, why and for how long:"),
        reverse("privacy"),
        gettext("the privacy notice"),
    )


class SignupExtraForm(Form):
    """Extra sign-up questions (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=150, help_text=lazy(_privacy_help, SafeString)()
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        help_text=_("Your university or institute, e.g. Université de Montpellier."),
    )

    def signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.institution = self.cleaned_data["institution"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "") or "en"
        user.save()
        UserRole.objects.get_or_create(user=user, role=Role.REQUESTER)


class ProfileForm(ModelForm):
    class Meta:
        model = AnalystProfile
        fields = ["background", "career_stage", "languages", "daily_session_cap", "bio"]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 3}),
        }


class ExpertiseForm(Form):
    """One select per vocabulary term: none, can advise, expert."""

    def __init__(self, *args, terms, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *ExpertiseLevel.choices]
        self.groups: dict[str, list] = {}
        for term in terms:
            name = f"term_{term.pk}"
            self.fields[name] = forms.ChoiceField(
                label=str(term), choices=choices, required=False, initial=current.get(term.pk, "")
            )
            self.groups.setdefault(term.get_family_display(), []).append(name)

    def grouped(self):
        return [(family, [self[name] for name in names]) for family, names in self.groups.items()]

    def levels(self) -> dict[int, str]:
        return {
            int(name.removeprefix("term_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class DirectoryFilterForm(Form):
    term = forms.ModelChoiceField(
        queryset=ExpertiseTerm.objects.filter(is_active=True), required=False, label=_("Expertise")
    )
    site = forms.ModelChoiceField(
        queryset=HostFacility.objects.all(), required=False, label=_("Host facility")
    )
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(), required=False, label=_("Language")
    )
    level = forms.ChoiceField(
        choices=[("", _("any level")), *ExpertiseLevel.choices], required=False, label=_("Level")
    )


SEARCH_MAX_LENGTH = 200


class MemberSearchForm(forms.Form):
    """The members page's search box: name, e-mail or institution, of a sensible length."""

    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)


class TermForm(ModelForm):
    class Meta:
        model = ExpertiseTerm
        fields = ["family", "name", "synonyms", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class MembershipForm(Form):
    roles = forms.MultipleChoiceField(
        choices=[], widget=forms.CheckboxSelectMultiple, required=False, label=_("Roles")
    )
    host_facility = forms.ModelChoiceField(
        queryset=HostFacility.objects.all(), required=False, label=_("Host facility (analysts)")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = Role.choices


class AccountForm(forms.Form):
    """What every person may correct about themselves on /people/me/."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        required=False,
        help_text=_("Your university or institute; used to avoid conflicts of interest."),
    )


class CloseAccountForm(forms.Form):
    """Closing is for good: the person types their password again."""

    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class PrivacyNoticeForm(forms.Form):
    body = forms.CharField(
        label=_("Text of the privacy notice"),
        widget=forms.Textarea(attrs={"rows": 30}),
        help_text=_(
            "Plain text. A line starting with “# ” is a heading; a blank line starts a "
            "new paragraph. Publishing keeps the earlier versions."
        ),
    )
