"""Gap-free document numbers: one counter row per kind of document and year."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    QUOTE = "quote", _("Quote")
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


PREFIXES: dict[str, str] = {
    DocumentKind.QUOTE: "Q",
    DocumentKind.INVOICE: "INV",
    DocumentKind.CREDIT_NOTE: "CN",
}


def format_number(kind: str, year: int, sequence: int) -> str:
    """'INV-2026-0007': prefix, year, sequence within the year (at least four digits)."""
    return f"{PREFIXES[kind]}-{year}-{sequence:04d}"


class NumberSeries(models.Model):
    """The last number given for one kind of document in one year.

    Services lock this row (SELECT ... FOR UPDATE) and increment it inside the
    transaction that creates the document, so a rollback gives the number back
    and two people issuing at once get consecutive numbers.
    """

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="billing_one_series_per_year")
        ]
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class NumberedDocument(models.Model):
    """A document with a unique, gap-free number within its year."""

    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=24, unique=True)

    class Meta:
        abstract = True

    @classmethod
    def number_constraints(cls, prefix: str) -> list:
        return [
            models.UniqueConstraint(fields=["year", "sequence"], name=f"{prefix}_unique_sequence"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name=f"{prefix}_sequence_from_1"),
        ]
