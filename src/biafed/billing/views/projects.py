"""A project's money: quote, hours per phase against it, invoices."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.billing.forms import InvoiceForm, QuoteForm
from biafed.billing.models import Quote
from biafed.billing.money import default_currency
from biafed.billing.pdf import quote_pdf
from biafed.billing.rules import visible_quotes
from biafed.billing.selectors import project_billing
from biafed.billing.services import invoices as invoice_services
from biafed.billing.services import quotes as quote_services
from biafed.billing.services.rates import current_rate
from biafed.billing.views.common import pdf_response, project_for
from biafed.common.web import Confirmation, form_page, refusals_shown, require


@login_required
def project(request, project_id: int):
    project = project_for(request, project_id)
    require(request.user, "billing.view_project_billing", project)
    quotes = list(
        Quote.objects.filter(project=project)
        .select_related("issued_by")
        .order_by("-year", "-sequence")
    )
    return render(
        request,
        "billing/project.html",
        {
            "project": project,
            "billing": project_billing(project),
            "quotes": quotes,
            "quote_form": QuoteForm() if request.user.has_perm("billing.manage") else None,
            "rate": current_rate(),
            "may_manage": request.user.has_perm("billing.manage"),
        },
    )


@login_required
def issue_quote(request, project_id: int):
    """Issue (or renew) the project's quote, once confirmed."""
    project = project_for(request, project_id)
    require(request.user, "billing.manage")
    return form_page(
        request,
        QuoteForm(request.POST or None),
        lambda data: quote_services.issue_quote(
            coordinator=request.user,
            project=project,
            vat_percent=data["vat_percent"],
            vat_note=data["vat_note"],
        ),
        success=_("Quote issued; the requester is told."),
        done=reverse("billing:project", args=[project.pk]),
        template="billing/quote_form.html",
        confirm=lambda data: Confirmation(
            title=_("Issue the quote of “%(title)s”?") % {"title": project.title},
            effects=quote_services.quote_effects(project),
            action=_("Issue the quote"),
            refusals=quote_services.quote_refusals(project),
        ),
        project=project,
    )


@login_required
def quote_download(request, pk: int):
    quote = get_object_or_404(
        visible_quotes(request.user).select_related("project__requester"), pk=pk
    )
    require(request.user, "billing.view_quote", quote)
    return pdf_response(quote_pdf(quote), f"{quote.number}.pdf")


@login_required
def issue_invoice(request, project_id: int):
    project = project_for(request, project_id)
    require(request.user, "billing.manage")
    billing = project_billing(project)
    form = InvoiceForm(request.POST or None, phases=billing.phases)

    def confirmation(data) -> Confirmation:
        refusals, effects = [], []
        with refusals_shown() as refusal:
            draft = invoice_services.draft_invoice(
                billing,
                form.hours_by_phase(),
                on=timezone.localdate(),
                vat_percent=data["vat_percent"],
            )
            effects = invoice_services.invoice_effects(project, draft)
        refusals = refusal.messages
        return Confirmation(
            title=_("Issue the invoice of “%(title)s”?") % {"title": project.title},
            effects=effects,
            action=_("Issue the invoice"),
            refusals=refusals,
        )

    return form_page(
        request,
        form,
        lambda data: invoice_services.issue_invoice(
            coordinator=request.user,
            project=project,
            hours_by_phase=form.hours_by_phase(),
            vat_percent=data["vat_percent"],
            vat_note=data["vat_note"],
            purchase_order=data["purchase_order"],
        ),
        success=_("Invoice issued; the requester is told."),
        done=lambda invoice: reverse("billing:invoice", args=[invoice.pk]),  # type: ignore[attr-defined]
        template="billing/invoice_form.html",
        confirm=confirmation,
        project=project,
        billing=billing,
    )


@login_required
@require_POST
def invoice_preview(request, project_id: int):
    """htmx: the invoice's lines and totals for the hours typed so far, nothing saved."""
    project = project_for(request, project_id)
    require(request.user, "billing.manage")
    billing = project_billing(project)
    form = InvoiceForm(request.POST, phases=billing.phases)
    draft, error = None, None
    if form.is_valid():
        with refusals_shown() as refusal:
            draft = invoice_services.draft_invoice(
                billing,
                form.hours_by_phase(),
                on=timezone.localdate(),
                vat_percent=form.cleaned_data["vat_percent"],
            )
        error = str(refusal) or None
    else:
        error = _("Correct the hours or the VAT rate to see the totals.")
    return render(
        request,
        "billing/_invoice_preview.html",
        {"draft": draft, "error": error, "currency": default_currency()},
    )
