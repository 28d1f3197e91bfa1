from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biafed.billing.models import EntryKind, ExpenseCategory, NetworkRate
from biafed.billing.money import default_vat_percent
from biafed.common.forms import Form, ModelForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def amount_field(label, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=12, decimal_places=2, min_value=Decimal("0"), **kwargs
    )


class RateForm(ModelForm):
    class Meta:
        model = NetworkRate
        fields = ["valid_from", "hourly_price", "facility_credit", "consultation_credit", "note"]
        widgets = {"valid_from": DATE}


class VatFields(Form):
    vat_percent = forms.DecimalField(
        label=_("VAT (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        help_text=_("The network's rate by default; 0 for a reverse-charge or exempt institution."),
    )
    vat_note = forms.CharField(
        label=_("VAT note"),
        max_length=200,
        required=False,
        help_text=_(
            "Printed on the document, e.g. “VAT reverse charge, art. 196 of Directive 2006/112/EC”."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vat_percent"].initial = default_vat_percent()


class QuoteForm(VatFields):
    pass


class InvoiceForm(VatFields):
    """One 'hours to bill' field per phase with hours logged, prefilled with what is left."""

    purchase_order = forms.CharField(
        label=_("Purchase order or reference"), max_length=120, required=False
    )

    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        self.phases = [row for row in phases if row.billable_hours > 0]
        for row in self.phases:
            self.fields[f"hours_{row.key}"] = forms.DecimalField(
                label=row.label,
                max_digits=8,
                decimal_places=2,
                min_value=Decimal("0"),
                max_value=row.billable_hours,
                initial=row.billable_hours,
                required=False,
            )

    def rows(self):
        return [(row, self[f"hours_{row.key}"]) for row in self.phases]

    def hours_by_phase(self) -> dict:
        return {
            row.key: self.cleaned_data.get(f"hours_{row.key}") or Decimal("0")
            for row in self.phases
        }


class PaidForm(Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)


class ReasonForm(Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


def _not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class SubsidyForm(Form):
    amount = amount_field(_("Amount"))
    source = forms.CharField(
        label=_("From"), max_length=200, help_text=_("e.g. France-BioImaging (ANR-10-INBS-04)")
    )
    label = forms.CharField(label=_("Description"), max_length=300, required=False)
    booked_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)

    def clean_booked_on(self):
        return _not_future(self.cleaned_data["booked_on"])


class ExpenseForm(Form):
    amount = amount_field(_("Amount"))
    category = forms.ChoiceField(label=_("What for"), choices=ExpenseCategory.choices)
    label = forms.CharField(label=_("Description"), max_length=300)
    booked_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)

    def clean_booked_on(self):
        return _not_future(self.cleaned_data["booked_on"])


class PeriodForm(Form):
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("To"), widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class CreditForm(Form):
    up_to = forms.DateField(label=_("Hours given up to"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


def budget_line_choices() -> list[tuple[str, Any]]:
    """Every line of a year's budget, as "kind:category"."""
    kinds = [(f"{kind}:", label) for kind, label in EntryKind.choices if kind != EntryKind.EXPENSE]
    return kinds + [
        (f"{EntryKind.EXPENSE}:{category}", f"{EntryKind.EXPENSE.label} – {label}")
        for category, label in ExpenseCategory.choices
    ]


class BudgetLineForm(forms.Form):
    line = forms.ChoiceField(label=_("Budget line"), choices=budget_line_choices)
    planned = amount_field(_("Planned amount"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def service_arguments(self) -> dict:
        kind, category = self.cleaned_data["line"].split(":", 1)
        return {
            "kind": kind,
            "category": category,
            "planned": self.cleaned_data["planned"],
            "note": self.cleaned_data["note"],
        }
