"""Who may see and do what with money: declared once, used by views and querysets.

Coordinators (and admins) see and manage everything. A project's requester, lead and
mentor see its quotes and invoices. A host-facility manager (the role *and* listed
as a manager of the facility) sees that facility's statements and hours. Nobody else
sees anything.
"""

import rules
from django.db.models import Q, QuerySet

from biafed.billing.models import Invoice, Quote
from biafed.people.models import HostFacility, Role
from biafed.people.rules import is_staff_member


def _project_of(obj):
    return getattr(obj, "project", obj)


@rules.predicate
def is_billed_requester(user, obj) -> bool:
    project = _project_of(obj)
    return project is not None and project.requester_id == user.pk


@rules.predicate
def is_project_team_member(user, obj) -> bool:
    project = _project_of(obj)
    return project is not None and user.pk in (project.lead_id, project.mentor_id)


@rules.predicate
def is_facility_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.FACILITY_MANAGER))


@rules.predicate
def manages_facility(user, facility) -> bool:
    return (
        facility is not None
        and is_facility_manager(user)
        and facility.managers.filter(pk=user.pk).exists()
    )


sees_project_money = is_billed_requester | is_project_team_member | is_staff_member

rules.add_perm("billing.manage", is_staff_member)
rules.add_perm("billing.view_ledger", is_staff_member)
rules.add_perm("billing.view_rates", rules.is_authenticated)
rules.add_perm("billing.view_project_billing", sees_project_money)
rules.add_perm("billing.view_quote", sees_project_money)
rules.add_perm("billing.view_invoice", sees_project_money)
rules.add_perm("billing.view_statements", is_staff_member | is_facility_manager)
rules.add_perm("billing.view_statement", is_staff_member | manages_facility)


def _money_projects_q(user, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}requester_id": user.pk})
        | Q(**{f"{prefix}lead_id": user.pk})
        | Q(**{f"{prefix}mentor_id": user.pk})
    )


def visible_billing_projects(user, queryset: QuerySet) -> QuerySet:
    """Projects whose billing `user` may view: the queryset form of `billing.view_project_billing`."""
    if not user.is_authenticated:
        return queryset.none()
    if is_staff_member(user):
        return queryset
    return queryset.filter(_money_projects_q(user))


def visible_invoices(user, queryset: QuerySet | None = None) -> QuerySet:
    """The queryset form of `billing.view_invoice`."""
    qs = Invoice.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if is_staff_member(user):
        return qs
    return qs.filter(_money_projects_q(user, "project__"))


def visible_quotes(user, queryset: QuerySet | None = None) -> QuerySet:
    """The queryset form of `billing.view_quote`."""
    qs = Quote.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if is_staff_member(user):
        return qs
    return qs.filter(_money_projects_q(user, "project__"))


def visible_facilities(user, queryset: QuerySet | None = None) -> QuerySet:
    """Host facilities whose statements `user` may view: the form of `billing.view_statement`."""
    qs = HostFacility.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if is_staff_member(user):
        return qs
    if not is_facility_manager(user):
        return qs.none()
    return qs.filter(managers=user)
