"""Model and form fields shared by every app: web links, names and titles, free text."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models

from biafed.common.text import TEXT_LIMIT, without_bidi_controls
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


class NameFormField(forms.CharField):
    """A name or title typed in a form, without bidirectional controls."""

    def to_python(self, value):
        return without_bidi_controls(super().to_python(value))


class NameField(models.CharField):
    """A person's, facility's or file's name, or a title: shown in lists, so saved without
    bidirectional controls (whatever path saves it)."""

    def pre_save(self, model_instance, add):
        value = without_bidi_controls(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NameFormField, **kwargs})


class FreeTextField(models.TextField):
    """Free text people type, at most `TEXT_LIMIT` characters unless told otherwise; the
    limit is checked by forms and by `check_fields`."""

    def __init__(self, *args, max_length: int = TEXT_LIMIT, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)  # type: ignore[misc]
        self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == TEXT_LIMIT:
            del kwargs["max_length"]
        return name, path, args, kwargs
