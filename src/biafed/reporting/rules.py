"""Reports are for coordinators (and admins)."""

import rules

from biafed.people.rules import is_staff_member

rules.add_perm("reporting.view_reports", is_staff_member)
