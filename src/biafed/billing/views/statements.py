"""Host-facility statements: hours given by the facility's analysts, credits received."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.billing.exports import statement_csv
from biafed.billing.forms import CreditForm, PeriodForm, ReasonForm
from biafed.billing.models import FacilityCredit
from biafed.billing.pdf import statement_pdf
from biafed.billing.rules import visible_facilities
from biafed.billing.services import credits as credit_services
from biafed.billing.statements import statement
from biafed.billing.views.common import csv_response, facility_for, pdf_response
from biafed.common.web import Confirmation, form_page, refusals_shown, require


@login_required
def statement_list(request):
    require(request.user, "billing.view_statements")
    facilities = visible_facilities(request.user).order_by("name")
    return render(request, "billing/statement_list.html", {"facilities": facilities})


def _period(request) -> tuple[PeriodForm, date | None, date | None]:
    today = timezone.localdate()
    data = request.GET if ("start" in request.GET or "end" in request.GET) else None
    form = PeriodForm(data, initial={"start": date(today.year, 1, 1), "end": today})
    if data is None:
        return form, date(today.year, 1, 1), today
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, date(today.year, 1, 1), today


@login_required
def facility_statement(request, facility_id: int):
    facility = facility_for(request, facility_id)
    require(request.user, "billing.view_statement", facility)
    form, start, end = _period(request)
    result = statement(facility, start=start, end=end)
    slug = f"statement-{facility.pk}-{start or 'start'}-{end or 'end'}"
    export = request.GET.get("format")
    if export == "csv":
        return csv_response(statement_csv(result), f"{slug}.csv")
    if export == "pdf":
        return pdf_response(statement_pdf(result), f"{slug}.pdf")
    may_manage = request.user.has_perm("billing.manage")
    proposal = None
    if may_manage:
        proposal = credit_services.propose_credit(facility, up_to=timezone.localdate())
    return render(
        request,
        "billing/statement.html",
        {
            "facility": facility,
            "statement": result,
            "form": form,
            "proposal": proposal,
            "credit_form": CreditForm() if may_manage else None,
            "may_manage": may_manage,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def record_credit(request, facility_id: int):
    require(request.user, "billing.manage")
    facility = facility_for(request, facility_id)
    form = CreditForm(request.POST)
    if form.is_valid():
        with refusals_shown(request):
            credit = credit_services.record_credit(
                coordinator=request.user,
                facility=facility,
                up_to=form.cleaned_data["up_to"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("%(facility)s is credited %(amount)s %(currency)s for %(hours)s hours.")
                % {
                    "facility": facility.name,
                    "amount": credit.amount,
                    "currency": credit.currency,
                    "hours": credit.hours,
                },
            )
    else:
        messages.error(request, _("Give the date up to which hours are credited."))
    return redirect("billing:statement", facility.pk)


@login_required
def reverse_credit(request, pk: int):
    require(request.user, "billing.manage")
    credit = get_object_or_404(FacilityCredit.objects.select_related("facility"), pk=pk)
    return form_page(
        request,
        ReasonForm(request.POST or None),
        lambda data: credit_services.reverse_credit(
            coordinator=request.user, credit=credit, reason=data["reason"]
        ),
        success=_("The credit is reversed; its hours can be credited again."),
        done=reverse("billing:statement", args=[credit.facility_id]),
        template="billing/entry_form.html",
        title=_("Reverse a credit"),
        credit=credit,
        confirm=lambda data: Confirmation(
            title=_("Reverse this credit to %(facility)s?") % {"facility": credit.facility},
            effects=[
                _("A reversing credit is recorded today, with your reason."),
                _("The hours it paid can be credited again."),
            ],
            action=_("Reverse the credit"),
        ),
    )
