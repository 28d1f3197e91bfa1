from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render

from biafed.billing.models import InvoiceStatus
from biafed.billing.rules import visible_billing_projects, visible_facilities, visible_invoices
from biafed.billing.selectors import projects_to_bill, projects_to_quote
from biafed.billing.services.ledger import balance
from biafed.billing.services.rates import current_rate
from biafed.projects.models import Project


@login_required
def home(request):
    """Coordinators: what to quote and bill, the balance; managers: their statements;
    requesters and analysts: the invoices of their projects."""
    user = request.user
    may_manage = user.has_perm("billing.manage")
    invoices = visible_invoices(user).select_related("project").order_by("-year", "-sequence")
    context = {
        "rate": current_rate(),
        "may_manage": may_manage,
        "invoices": invoices[:10],
        "facilities": visible_facilities(user).order_by("name")
        if user.has_perm("billing.view_statements")
        else [],
        "projects": visible_billing_projects(
            user, Project.objects.filter(Q(quotes__isnull=False) | Q(invoices__isnull=False))
        )
        .distinct()
        .order_by("title")[:20]
        if not may_manage
        else [],
    }
    if may_manage:
        context |= {
            "balance": balance(),
            "to_bill": projects_to_bill(Project.objects.all())[:20],
            "to_quote": projects_to_quote(Project.objects.all())[:20],
            "unpaid": invoices.filter(status=InvoiceStatus.ISSUED).aggregate(
                count=Count("pk"), total=Sum("total")
            ),
        }
    return render(request, "billing/home.html", context)
