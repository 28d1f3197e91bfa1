"""The central budget per year: budget lines planned against the ledger, and the balance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.billing.forms import BudgetLineForm
from biafed.billing.models import BudgetLine, LedgerEntry
from biafed.billing.services import budget as budget_services
from biafed.billing.views.common import require
from biafed.common.errors import BusinessRuleError


def _years(current: int) -> list[int]:
    first = [
        d.year
        for d in LedgerEntry.objects.order_by("booked_on").values_list("booked_on", flat=True)[:1]
    ]
    planned = list(BudgetLine.objects.order_by("year").values_list("year", flat=True)[:1])
    start = min(first + planned + [current])
    return list(range(current + 1, start - 1, -1))


@login_required
def budget(request):
    require(request, "billing.view_ledger")
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 5)
    form = None
    if request.user.has_perm("billing.manage"):
        form = BudgetLineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                budget_services.plan_budget_line(
                    coordinator=request.user, year=year, **form.service_arguments()
                )
            except BusinessRuleError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The budget line is saved."))
                return redirect(f"{reverse('billing:budget')}?year={year}")
    return render(
        request,
        "billing/budget.html",
        {
            "budget": budget_services.budget_of_year(year),
            "years": _years(today.year),
            "form": form,
        },
    )
