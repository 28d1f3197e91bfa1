"""Billing's part of the coordinator's and facility manager's homes (registered in hooks.py):
quotes and invoices to issue, unpaid and overdue invoices, the facility's statement."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from biafed.billing.models import Invoice, InvoiceStatus
from biafed.billing.rules import visible_facilities
from biafed.billing.selectors import projects_to_bill, projects_to_quote
from biafed.common.home import HomeLists, link
from biafed.projects.models import Project


def coordinator_home(user) -> HomeLists:
    quote = projects_to_quote(Project.objects.all()).aggregate(n=Count("pk"), first=Min("pk"))
    to_bill = projects_to_bill(Project.objects.all()).count()
    first_to_bill = projects_to_bill(Project.objects.all()).values_list("pk", flat=True).first()
    overdue = Q(status=InvoiceStatus.ISSUED, due_on__lt=timezone.localdate())
    invoices = Invoice.objects.aggregate(
        unpaid=Count("pk", filter=Q(status=InvoiceStatus.ISSUED)),
        overdue=Count("pk", filter=overdue),
        first_overdue=Min("pk", filter=overdue),
    )
    issued = reverse("billing:invoice_list") + f"?status={InvoiceStatus.ISSUED}"
    lists = HomeLists()
    lists.wait(
        quote["n"],
        ngettext_lazy(
            "%(count)d quote to issue before work starts",
            "%(count)d quotes to issue before work starts",
            "count",
        ),
        link(quote["n"], quote["first"], "billing:project", "billing:home"),
    )
    lists.wait(
        to_bill,
        ngettext_lazy(
            "%(count)d project with hours to invoice",
            "%(count)d projects with hours to invoice",
            "count",
        ),
        link(to_bill, first_to_bill, "billing:issue_invoice", "billing:home"),
    )
    lists.wait(
        invoices["overdue"],
        ngettext_lazy(
            "%(count)d overdue invoice to follow up",
            "%(count)d overdue invoices to follow up",
            "count",
        ),
        reverse("billing:invoice", args=[invoices["first_overdue"]])
        if invoices["overdue"] == 1
        else issued,
    )
    lists.come(
        invoices["unpaid"] - invoices["overdue"],
        ngettext_lazy(
            "%(count)d invoice awaiting payment",
            "%(count)d invoices awaiting payment",
            "count",
        ),
        issued,
    )
    return lists


def facility_manager_home(user) -> HomeLists:
    facilities = visible_facilities(user).aggregate(n=Count("pk"), first=Min("pk"))
    lists = HomeLists()
    lists.come(
        facilities["n"],
        ngettext_lazy(
            "%(count)d host-facility statement: hours given and credits received",
            "%(count)d host-facility statements: hours given and credits received",
            "count",
        ),
        link(facilities["n"], facilities["first"], "billing:statement", "billing:statements"),
    )
    return lists
