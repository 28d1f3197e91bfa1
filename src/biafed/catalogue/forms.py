"""The catalogue's forms: the search, a coordinator's edit of an entry, an article."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from biafed.catalogue.models import (
    Article,
    CatalogueEntry,
    ConceptKind,
    EdamConcept,
    EntryKind,
    Licence,
)
from biafed.common.fields import WebLinkFormField
from biafed.common.forms import Form
from biafed.common.text import TEXT_LIMIT

LANGUAGE_LABELS = {
    "en": pgettext_lazy("language", "English"),
    "fr": pgettext_lazy("language", "French"),
    "es": pgettext_lazy("language", "Spanish"),
}
PLATFORMS = (
    "windows",
    "macos",
    "linux",
    "web",
    "python",
    "java",
    "r",
    "matlab",
    "fiji",
    "napari",
    "qupath",
    "icy",
    "cellprofiler",
)


def _no_maxlength_on_text_areas(form: forms.Form) -> None:
    """Like `TextLimitsMixin`, for the fields added after it ran: the server says what is too
    long and keeps it, where a browser would cut a pasted text silently."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.pop("maxlength", None)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class SearchForm(Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("any"))] + EntryKind.choices, required=False
    )
    platform = forms.ChoiceField(
        label=_("Platform"),
        choices=[("", _("any"))] + [(p, p) for p in PLATFORMS],
        required=False,
    )
    licence = forms.ChoiceField(
        label=_("Licence"), choices=[("", _("any"))] + Licence.choices, required=False
    )
    operation = forms.ChoiceField(label=_("Operation"), required=False)

    def __init__(self, *args, operations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].choices = [("", _("any"))] + [
            (o.edam_id, str(o)) for o in operations
        ]


class EntryForm(Form):
    """A coordinator's edit: aliases, names, descriptions and features per language, links,
    EDAM operations, in use or not."""

    aliases = forms.CharField(
        label=_("Aliases"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=600,
        help_text=_("One per line: other names people use for it."),
    )
    active = forms.BooleanField(label=_("In use"), required=False)
    operations = forms.ModelMultipleChoiceField(
        label=_("EDAM operations"),
        queryset=EdamConcept.objects.filter(kind=ConceptKind.OPERATION, obsolete=False),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, entry: CatalogueEntry, **kwargs):
        initial = {
            "aliases": "\n".join(entry.term.synonym_list),
            "active": entry.term.is_active,
            "operations": list(entry.operations.all()),
        }
        for language in LANGUAGE_LABELS:
            initial[f"description_{language}"] = (entry.descriptions or {}).get(language, "")
            initial[f"features_{language}"] = "\n".join((entry.features or {}).get(language, []))
            if language != "en":
                initial[f"name_{language}"] = (entry.names or {}).get(language, "")
        for key in ("home", "docs", "forum_tag", "bioimage_io", "source"):
            initial[f"link_{key}"] = (entry.links or {}).get(key, "")
        super().__init__(*args, initial=initial, **kwargs)
        for language, label in LANGUAGE_LABELS.items():
            if language != "en":
                self.fields[f"name_{language}"] = forms.CharField(
                    label=_("Name (%(language)s)") % {"language": label},
                    max_length=100,
                    required=False,
                )
            self.fields[f"description_{language}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": label},
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=TEXT_LIMIT,
                required=False,
            )
            self.fields[f"features_{language}"] = forms.CharField(
                label=_("Words people use (%(language)s)") % {"language": label},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                required=False,
                help_text=_("One per line: features, module and parameter names, problems."),
            )
        self.fields["link_home"] = WebLinkFormField(label=_("Home page"), required=False)
        self.fields["link_docs"] = WebLinkFormField(label=_("Documentation"), required=False)
        self.fields["link_forum_tag"] = forms.SlugField(
            label=_("image.sc forum tag"), required=False, max_length=60
        )
        self.fields["link_bioimage_io"] = WebLinkFormField(
            label=_("BioImage Model Zoo page"), required=False
        )
        self.fields["link_source"] = WebLinkFormField(label=_("Source code"), required=False)
        self.order_fields(["aliases", *[f for f in self.fields if f.startswith("name_")]])
        _no_maxlength_on_text_areas(self)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "aliases": _lines(data["aliases"]),
            "names": {k: data[f"name_{k}"] for k in LANGUAGE_LABELS if k != "en"},
            "descriptions": {k: data[f"description_{k}"] for k in LANGUAGE_LABELS},
            "features": {k: _lines(data[f"features_{k}"]) for k in LANGUAGE_LABELS},
            "links": {
                k: data[f"link_{k}"] for k in ("home", "docs", "forum_tag", "bioimage_io", "source")
            },
            "operations": list(data["operations"]),
            "active": data["active"],
        }


class ArticleForm(Form):
    """An article in English (required), French and Spanish, with the entries it is about."""

    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=80,
        help_text=_("Lower-case words joined by hyphens, e.g. what-is-a-z-stack."),
    )
    entries = forms.ModelMultipleChoiceField(
        label=_("About these tools and methods"),
        queryset=CatalogueEntry.objects.select_related("term").order_by("term__name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    published = forms.BooleanField(label=_("Published (requesters can read it)"), required=False)

    def __init__(self, *args, article: Article | None = None, **kwargs):
        initial = {}
        if article is not None:
            initial = {
                "slug": article.slug,
                "entries": list(article.entries.all()),
                "published": article.published,
            }
            for part in ("title", "summary", "body"):
                for language in LANGUAGE_LABELS:
                    initial[f"{part}_{language}"] = getattr(article, part).get(language, "")
        super().__init__(*args, initial=initial, **kwargs)
        for language, label in LANGUAGE_LABELS.items():
            self.fields[f"title_{language}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": label},
                max_length=200,
                required=language == "en",
            )
            self.fields[f"summary_{language}"] = forms.CharField(
                label=_("Summary in one sentence (%(language)s)") % {"language": label},
                max_length=400,
                required=False,
            )
            self.fields[f"body_{language}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": label},
                widget=forms.Textarea(attrs={"rows": 10}),
                max_length=TEXT_LIMIT,
                required=language == "en",
                help_text=_(
                    "Markdown: blank lines between paragraphs, *emphasis*, [links](https://…)."
                ),
            )
        self.order_fields(["slug"])
        _no_maxlength_on_text_areas(self)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "slug": data["slug"],
            "title": {k: data[f"title_{k}"].strip() for k in LANGUAGE_LABELS},
            "summary": {k: data[f"summary_{k}"].strip() for k in LANGUAGE_LABELS},
            "body": {k: data[f"body_{k}"].strip() for k in LANGUAGE_LABELS},
            "entries": list(data["entries"]),
            "published": data["published"],
        }
