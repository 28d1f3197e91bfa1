"""Base forms of every page: each text field has a length limit, with Django's message
("at most N characters (it has M)"); what was typed comes back with the message."""

from django import forms
from django.core.validators import MaxLengthValidator

from biafed.common.text import LINE_LIMIT, TEXT_LIMIT


class TextLimitsMixin:
    """Text fields without a limit get `TEXT_LIMIT` (text areas) or `LINE_LIMIT` (one line).

    Text areas carry no maxlength attribute: a browser would cut a pasted text silently,
    where the server says what is too long and keeps it for editing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            area = isinstance(field.widget, forms.Textarea)
            if field.max_length is None:
                field.max_length = TEXT_LIMIT if area else LINE_LIMIT
                field.validators.append(MaxLengthValidator(field.max_length))
                if not area and not field.widget.is_hidden:
                    field.widget.attrs.setdefault("maxlength", str(field.max_length))
            if area:
                field.widget.attrs.pop("maxlength", None)


class Form(TextLimitsMixin, forms.Form):
    pass


class ModelForm(TextLimitsMixin, forms.ModelForm):
    pass
