"""Filters on ids: an unknown id finds nothing (never a 400), a non-number or an id no
database stores is refused (400), as the schema says."""

from django import forms
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
