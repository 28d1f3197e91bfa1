"""Reports are for coordinators (and admins); a host facility's manager reads that
facility's statement."""

import rules

from biafed.people.models import Role
from biafed.people.rules import is_staff_member


@rules.predicate
def manages_facility(user, facility) -> bool:
    return (
        facility is not None
        and bool(user and user.is_authenticated and user.has_role(Role.FACILITY_MANAGER))
        and facility.managers.filter(pk=user.pk).exists()
    )


rules.add_perm("reporting.view_reports", is_staff_member)
rules.add_perm("reporting.view_site_statement", is_staff_member | manages_facility)
