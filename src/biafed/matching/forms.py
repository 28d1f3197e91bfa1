"""Forms of the allocation page: the coordinator's pins."""

from django import forms
from django.utils.translation import gettext_lazy as _

from biafed.common.forms import Form
from biafed.opendesk.models import OpenDeskDay, Slot
from biafed.people.models import User


class PinMemberForm(Form):
    analyst = forms.ModelChoiceField(
        queryset=User.objects.filter(analyst_profile__isnull=False, is_active=True),
        label=_("Analyst"),
    )


class PinSlotForm(Form):
    slot = forms.ModelChoiceField(queryset=Slot.objects.none(), label=_("Session"))

    def __init__(self, *args, day: OpenDeskDay, **kwargs):
        super().__init__(*args, **kwargs)
        # `fields` holds plain Fields in the stubs; this one is the ModelChoiceField above.
        self.fields["slot"].queryset = Slot.objects.filter(day=day).select_related("day")  # type: ignore[attr-defined]
