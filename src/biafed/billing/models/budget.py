from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biafed.billing.models.ledger import AMOUNT, EntryKind, ExpenseCategory


class BudgetLine(models.Model):
    """What the network plans to receive or spend in a year on one line of the ledger:
    a kind of entry (subsidies and grants, invoices, credits to host facilities) or, for
    expenses, a category (training and workshops, shared computing, meetings, staff).

    `planned` is a positive amount whichever way the money goes; the actual amount is the
    ledger's entries of that line in the year (docs/billing.md)."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    category = models.CharField(
        _("category"), max_length=16, choices=ExpenseCategory.choices, blank=True
    )
    planned = models.DecimalField(_("planned"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["year", "kind", "category"]
        verbose_name = _("budget line")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "category", "currency"], name="billing_one_budget_line"
            ),
            models.CheckConstraint(condition=Q(planned__gte=0), name="billing_planned_positive"),
            models.CheckConstraint(
                condition=Q(kind="expense", category__gt="")
                | (~Q(kind="expense") & Q(category="")),
                name="billing_budget_category_for_expenses",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display() or self.get_kind_display()}"
