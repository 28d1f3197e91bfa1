from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biafed.people.models import HostFacility
from biafed.reporting.report import Period


class PeriodForm(forms.Form):
    """The report's period (by default this calendar year) and, optionally, one facility."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.ModelChoiceField(
        label=_("Host facility"),
        queryset=HostFacility.objects.order_by("name"),
        required=False,
        empty_label=_("The whole network"),
    )

    def __init__(self, data=None, *, with_site: bool = True):
        year = timezone.localdate().year
        initial = {"start": date(year, 1, 1), "end": date(year, 12, 31)}
        given = data.dict() if hasattr(data, "dict") else dict(data or {})
        given = {k: v for k, v in given.items() if v not in ("", None)}
        super().__init__({**{k: v.isoformat() for k, v in initial.items()}, **given})
        if not with_site:
            del self.fields["site"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
