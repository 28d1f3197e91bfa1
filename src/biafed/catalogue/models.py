"""The catalogue: every expertise term as a catalogue entry (software, EDAM-grounded methods,
modalities, domains), the EDAM-Bioimaging concepts, and the knowledge-base articles.

Text that exists in several languages is a JSON object by language code
(`{"en": ..., "fr": ..., "es": ...}`); `biafed.catalogue.text.in_language` reads it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biafed.catalogue.text import in_language
from biafed.people.models import ExpertiseTerm

LANGUAGES = ("en", "fr", "es")


class ConceptKind(models.TextChoices):
    OPERATION = "operation", _("Operation")
    TOPIC = "topic", _("Topic")
    DATA = "data", _("Data")
    FORMAT = "format", _("Format")


class EdamConcept(models.Model):
    """One class of EDAM-Bioimaging, with our plain-language words for it."""

    edam_id = models.CharField(_("EDAM identifier"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ConceptKind.choices)
    label = models.CharField(_("label"), max_length=200)
    synonyms = models.JSONField(_("synonyms"), default=list, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    parents = models.ManyToManyField("self", symmetrical=False, related_name="children", blank=True)
    obsolete = models.BooleanField(_("obsolete"), default=False)
    labels = models.JSONField(_("labels"), default=dict, blank=True)  # language -> label
    plain = models.JSONField(_("plain description"), default=dict, blank=True)
    words = models.JSONField(_("words people use"), default=dict, blank=True)  # language -> list
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "label"]
        verbose_name = _("EDAM concept")
        verbose_name_plural = _("EDAM concepts")

    def __str__(self) -> str:
        return in_language(self.labels) or self.label

    @property
    def url(self) -> str:
        return f"http://edamontology.org/{self.edam_id}"


class EntryKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    PLUGIN = "plugin", _("Plugin")
    LIBRARY = "library", _("Library")
    MODEL = "model", _("Model")
    WORKFLOW = "workflow", _("Workflow")
    SERVICE = "service", _("Service")
    METHOD = "method", _("Method")
    TOPIC = "topic", _("Topic")
    MODALITY = "modality", _("Imaging modality")
    DOMAIN = "domain", _("Biological domain")


TOOL_KINDS = (
    EntryKind.APPLICATION,
    EntryKind.PLUGIN,
    EntryKind.LIBRARY,
    EntryKind.MODEL,
    EntryKind.WORKFLOW,
    EntryKind.SERVICE,
)


class Licence(models.TextChoices):
    OPEN = "open", _("Open source")
    COMMERCIAL = "commercial", _("Commercial")
    FREE = "free", _("Free of charge, closed source")


class Source(models.TextChoices):
    IMPORTED = "imported", _("Imported from the shipped data")
    EDITED = "edited", _("Edited in the site")


LINK_KEYS = ("home", "docs", "forum_tag", "bioimage_io", "source")


class CatalogueEntry(models.Model):
    """An expertise term as a catalogue entry: what it is, where to read about it, the words
    people use for it, the EDAM operations it performs. Its aliases are the term's synonyms."""

    term = models.OneToOneField(
        ExpertiseTerm,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="catalogue",
        verbose_name=_("expertise term"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plugins",
        verbose_name=_("host application"),
    )
    edam = models.ForeignKey(
        EdamConcept,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="methods",
        verbose_name=_("EDAM concept"),
    )
    platforms = models.JSONField(_("platforms"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=16, choices=Licence.choices, blank=True)
    links = models.JSONField(_("links"), default=dict, blank=True)
    names = models.JSONField(_("names"), default=dict, blank=True)  # language -> name
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    features = models.JSONField(_("features"), default=dict, blank=True)  # language -> list
    operations = models.ManyToManyField(
        EdamConcept, related_name="performed_by", blank=True, verbose_name=_("operations")
    )
    topics = models.ManyToManyField(
        EdamConcept, related_name="topic_of", blank=True, verbose_name=_("topics")
    )
    dimensions = models.JSONField(_("dimensions"), default=list, blank=True)
    modalities = models.JSONField(_("modalities"), default=list, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.IMPORTED
    )
    edited_fields = models.JSONField(_("fields edited in the site"), default=list, blank=True)
    data_version = models.CharField(_("data version"), max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")

    def __str__(self) -> str:
        return str(self.term)

    def get_absolute_url(self) -> str:
        return reverse("catalogue:entry", args=[self.pk])

    @property
    def is_tool(self) -> bool:
        return self.kind in TOOL_KINDS


class Article(models.Model):
    """A short knowledge-base article analysts write for requesters, in several languages."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.JSONField(_("title"), default=dict)  # language -> text
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    body = models.JSONField(_("body"), default=dict, blank=True)  # language -> Markdown
    entries = models.ManyToManyField(
        CatalogueEntry, related_name="articles", blank=True, verbose_name=_("related entries")
    )
    concepts = models.ManyToManyField(
        EdamConcept, related_name="articles", blank=True, verbose_name=_("EDAM concepts")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    published = models.BooleanField(_("published"), default=False)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.EDITED
    )
    data_version = models.CharField(_("data version"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return in_language(self.title) or self.slug

    def get_absolute_url(self) -> str:
        return reverse("catalogue:article", args=[self.pk])
