from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from biafed.api.models import WebhookEvent
from biafed.api.scopes import AREAS, READ, WRITE, scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses the token, e.g. “lab dashboard”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"] = forms.IntegerField(
            label=_("Valid for (days)"),
            min_value=1,
            max_value=settings.API_TOKEN_MAX_DAYS,
            initial=min(90, settings.API_TOKEN_MAX_DAYS),
        )
        for area, label in AREAS.items():
            self.fields[f"area_{area}"] = forms.ChoiceField(
                label=label,
                choices=[("", _("No access")), (READ, _("Read")), (WRITE, _("Read and write"))],
                required=False,
            )

    def area_fields(self):
        return [self[f"area_{area}"] for area in AREAS]

    def scopes(self) -> list[str]:
        chosen = []
        for area in AREAS:
            level = self.cleaned_data.get(f"area_{area}")
            if level:
                chosen.append(scope(area, level))
        return chosen


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        assume_scheme="https",
        help_text=_("Where biafed sends the events (http or https)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )
