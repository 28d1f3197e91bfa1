"""Filters on ids: an unknown id finds nothing (never a 400), a non-number or an id no
database stores is refused (400), as the schema says."""

from django import forms
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from biafed.common.web import MAX_ID

ID_SCHEMA = {"type": "integer", "minimum": 0, "maximum": MAX_ID}


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(ID_SCHEMA)
class IdFilter(filters.Filter):
    field_class = IdField


class StrictBooleanField(forms.Field):
    """`true` or `false` (also 1 or 0); anything else is refused, not ignored."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def clean(self, value):
        if value is None:
            return None
        found = self.VALUES.get(str(value).strip().lower())
        if found is None:
            raise forms.ValidationError(_("Give true or false."))
        return found


@extend_schema_field({"type": "boolean"})
class BooleanFilter(filters.BooleanFilter):
    """django-filter's REST boolean widget reads any other word ("null") as no value, so the
    filter was silently skipped; a plain text widget hands every value to the strict field."""

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class StrictFilterSet(filters.FilterSet):
    """A parameter given empty (`?day=`) is refused, except free-text ones: the schema
    says what each one holds, and an empty one holds nothing of it."""

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for name, declared in self.filters.items():
            text = issubclass(declared.field_class, forms.CharField)
            if not text and name in self.data and self.data.get(name, "").strip() == "":
                self.form.add_error(name, _("Give a value, or leave the parameter out."))
                valid = False
        return valid
