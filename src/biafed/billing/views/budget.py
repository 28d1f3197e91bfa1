"""The central budget per year: budget lines planned against the ledger, and the balance."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.billing.forms import BudgetLineForm
from biafed.billing.models import BudgetLine, LedgerEntry
from biafed.billing.services import budget as budget_services
from biafed.common.web import form_page, int_param, require


def _years(current: int) -> list[int]:
    """Every year with an entry or a plan, up to next year (newest first)."""
    first_entry = LedgerEntry.objects.order_by("booked_on").values_list("booked_on", flat=True)
    first_plan = BudgetLine.objects.order_by("year").values_list("year", flat=True)
    starts = [d.year for d in first_entry[:1]] + list(first_plan[:1]) + [current]
    return list(range(current + 1, min(starts) - 1, -1))


@login_required
def budget(request):
    require(request.user, "billing.view_ledger")
    today = timezone.localdate()
    year = int_param(request.GET, "year", low=2000, high=today.year + 5) or today.year
    context = {
        "budget": budget_services.budget_of_year(year),
        "years": _years(today.year),
        "form": None,
    }
    if not request.user.has_perm("billing.manage"):
        return render(request, "billing/budget.html", context)
    form = BudgetLineForm(request.POST or None)
    context.pop("form")
    return form_page(
        request,
        form,
        lambda data: budget_services.plan_budget_line(
            coordinator=request.user, year=year, **form.service_arguments()
        ),
        success=_("The budget line is saved."),
        done=f"{reverse('billing:budget')}?year={year}",
        template="billing/budget.html",
        **context,
    )
