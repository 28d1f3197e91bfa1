"""Invoices: the list (with CSV and PDF exports), one invoice, payment, cancellation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.billing.exports import invoice_lines_csv, invoices_csv
from biafed.billing.forms import PaidForm, ReasonForm
from biafed.billing.models import CreditNote, InvoiceStatus
from biafed.billing.pdf import credit_note_pdf, invoice_list_pdf, invoice_pdf
from biafed.billing.rules import visible_invoices
from biafed.billing.services import invoices as invoice_services
from biafed.billing.views.common import csv_response, invoice_for, pdf_response
from biafed.common.web import (
    Confirmation,
    choice_param,
    confirmed_action,
    form_page,
    int_param,
    require,
)


def _filtered(request):
    qs = visible_invoices(request.user).select_related("project", "credit_note")
    status = choice_param(request.GET, "status", InvoiceStatus.values)
    if status:
        qs = qs.filter(status=status)
    year = int_param(request.GET, "year", high=9999)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-sequence"), status, "" if year is None else str(year)


@login_required
def invoice_list(request):
    invoices, status, year = _filtered(request)
    export = request.GET.get("format")
    if export == "csv":
        return csv_response(invoices_csv(invoices), "invoices.csv")
    if export == "pdf":
        return pdf_response(invoice_list_pdf(invoices, title=_("Invoices")), "invoices.pdf")
    page = Paginator(invoices, 50).get_page(request.GET.get("page"))
    years = (
        visible_invoices(request.user).order_by("-year").values_list("year", flat=True).distinct()
    )
    return render(
        request,
        "billing/invoice_list.html",
        {
            "page": page,
            "status": status,
            "year": year,
            "statuses": InvoiceStatus.choices,
            "years": list(years),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def invoice(request, pk: int):
    invoice = invoice_for(request, pk)
    require(request.user, "billing.view_invoice", invoice)
    may_manage = request.user.has_perm("billing.manage")
    return render(
        request,
        "billing/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "may_manage": may_manage,
            "paid_form": PaidForm() if may_manage else None,
            "cancel_form": ReasonForm() if may_manage else None,
        },
    )


@login_required
def invoice_download(request, pk: int):
    invoice = invoice_for(request, pk)
    require(request.user, "billing.view_invoice", invoice)
    return pdf_response(invoice_pdf(invoice), f"{invoice.number}.pdf")


@login_required
def invoice_csv(request, pk: int):
    invoice = invoice_for(request, pk)
    require(request.user, "billing.view_invoice", invoice)
    return csv_response(invoice_lines_csv(invoice), f"{invoice.number}.csv")


@login_required
@require_POST
def mark_paid(request, pk: int):
    invoice = invoice_for(request, pk)
    require(request.user, "billing.manage")
    form = PaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the payment."))
        return redirect("billing:invoice", invoice.pk)
    paid_on = form.cleaned_data["paid_on"]

    def perform():
        invoice_services.mark_paid(coordinator=request.user, invoice=invoice, paid_on=paid_on)
        messages.success(request, _("Payment recorded."))

    return confirmed_action(
        request,
        Confirmation(
            title=_("Record the payment of invoice %(number)s?") % {"number": invoice.number},
            effects=[
                _(
                    "The invoice is marked paid on %(date)s; it can then be neither changed nor cancelled."
                )
                % {"date": date_format(paid_on, "DATE_FORMAT")},
            ],
            action=_("Record the payment"),
            refusals=[]
            if invoice.status == InvoiceStatus.ISSUED
            else [_("Only an issued, unpaid invoice can be marked as paid.")],
        ),
        perform=perform,
        done=reverse("billing:invoice", args=[invoice.pk]),
        fields={"paid_on": paid_on.isoformat()},
    )


@login_required
def cancel(request, pk: int):
    invoice = invoice_for(request, pk)
    require(request.user, "billing.manage")
    return form_page(
        request,
        ReasonForm(request.POST or None),
        lambda data: invoice_services.cancel_invoice(
            coordinator=request.user, invoice=invoice, reason=data["reason"]
        ),
        success=_("Invoice cancelled by a credit note."),
        done=reverse("billing:invoice", args=[invoice.pk]),
        template="billing/cancel_form.html",
        confirm=lambda data: Confirmation(
            title=_("Cancel the invoice %(number)s?") % {"number": invoice.number},
            effects=invoice_services.cancellation_effects(invoice),
            action=_("Cancel the invoice by a credit note"),
            refusals=invoice_services.cancellation_refusals(invoice),
        ),
        invoice=invoice,
    )


@login_required
def credit_note_download(request, pk: int):
    note = get_object_or_404(
        CreditNote.objects.select_related("invoice__project"),
        pk=pk,
        invoice__in=visible_invoices(request.user),
    )
    require(request.user, "billing.view_invoice", note.invoice)
    return pdf_response(credit_note_pdf(note), f"{note.number}.pdf")
