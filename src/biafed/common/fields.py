"""Model and form fields shared by every app."""

from django import forms
from django.db import models

from biafed.common.validators import validate_web_link


class WebLinkFormField(forms.URLField):
    """A web link typed in a form: https:// is assumed when no scheme is given."""

    default_validators = [validate_web_link]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class WebLinkField(models.URLField):
    """A stored link that pages render as <a href>: http(s) only."""

    default_validators = [validate_web_link]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WebLinkFormField, **kwargs})
