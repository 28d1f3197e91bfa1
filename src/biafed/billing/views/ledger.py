"""The central budget: every entry with the running balance; subsidies, expenses, reversals."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Sum, Window
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from biafed.billing.forms import ExpenseForm, ReasonForm, SubsidyForm
from biafed.billing.models import EntryKind, LedgerEntry
from biafed.billing.money import default_currency
from biafed.billing.services import ledger as ledger_services
from biafed.billing.views.common import csv_response
from biafed.common.spreadsheet import write_csv
from biafed.common.web import Confirmation, form_page, require

LEDGER_COLUMNS = ["date", "kind", "description", "facility", "amount", "balance", "currency"]


def _entries():
    return (
        LedgerEntry.objects.filter(currency=default_currency())
        .select_related("facility", "invoice", "reverses")
        .annotate(
            balance=Window(Sum("amount"), order_by=[F("booked_on").asc(), F("id").asc()]),
            reversal_id=F("reversed_by__id"),
        )
    )


@login_required
def ledger(request):
    require(request.user, "billing.view_ledger")
    entries = _entries().order_by("booked_on", "id")
    if request.GET.get("format") == "csv":
        rows = (
            [
                e.booked_on.isoformat(),
                e.kind,
                e.label,
                e.facility.name if e.facility else "",
                str(e.amount),
                str(e.balance),
                e.currency,
            ]
            for e in entries
        )
        return csv_response(write_csv(LEDGER_COLUMNS, rows), "ledger.csv")
    newest_first = _entries().order_by("-booked_on", "-id")
    page = Paginator(newest_first, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "billing/ledger.html",
        {
            "page": page,
            "balance": ledger_services.balance(),
            "by_kind": [
                (EntryKind(kind).label, total)
                for kind, total in ledger_services.totals_by_kind().items()
            ],
            "currency": default_currency(),
            "may_manage": request.user.has_perm("billing.manage"),
        },
    )


def _entry_form(request, form_class, record, template_title):
    require(request.user, "billing.manage")
    return form_page(
        request,
        form_class(request.POST or None),
        lambda data: record(coordinator=request.user, **data),
        success=_("Recorded in the ledger."),
        done="billing:ledger",
        template="billing/entry_form.html",
        title=template_title,
    )


@login_required
def record_subsidy(request):
    return _entry_form(request, SubsidyForm, ledger_services.record_subsidy, _("Record a subsidy"))


@login_required
def record_expense(request):
    return _entry_form(request, ExpenseForm, ledger_services.record_expense, _("Record an expense"))


@login_required
def reverse_entry(request, pk: int):
    require(request.user, "billing.manage")
    entry = get_object_or_404(LedgerEntry, pk=pk)
    return form_page(
        request,
        ReasonForm(request.POST or None),
        lambda data: ledger_services.reverse_entry(
            coordinator=request.user, entry=entry, reason=data["reason"]
        ),
        success=_("A reversing entry was recorded."),
        done="billing:ledger",
        template="billing/entry_form.html",
        title=_("Reverse an entry"),
        entry=entry,
        confirm=lambda data: Confirmation(
            title=_("Reverse the entry “%(label)s”?") % {"label": entry.label},
            effects=[
                _("An entry of the opposite amount is recorded today, with your reason."),
                _("Both entries stay in the ledger; neither can be changed afterwards."),
            ],
            action=_("Reverse the entry"),
        ),
    )
