from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biafed.people.models import HostFacility
from biafed.reporting.report import Period

MAX_DAYS = 20 * 366


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
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period is before its start."))
        if (
            start
            and end
            and (start.year < 1970 or end.year > 2200 or (end - start).days > MAX_DAYS)
        ):
            # The report compares with the period before: both must be plain calendar dates.
            raise forms.ValidationError(_("A report covers at most 20 years, from 1970 on."))
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
