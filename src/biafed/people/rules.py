"""Role predicates shared by every app's rules (django-rules)."""

import rules

from biafed.people.models import Role


def _role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def check(user) -> bool:
        return bool(user and user.is_authenticated and user.has_role(role))

    return check


is_requester = _role(Role.REQUESTER)
is_analyst = _role(Role.ANALYST)
is_coordinator = _role(Role.COORDINATOR)
is_admin = _role(Role.ADMIN)
is_staff_member = is_coordinator | is_admin

GRANTABLE_BY_COORDINATOR = {Role.REQUESTER, Role.ANALYST, Role.COMMITTEE, Role.FACILITY_MANAGER}
"""Roles a coordinator grants and removes; admins hold every role in their gift."""


@rules.predicate
def is_own_profile(user, profile) -> bool:
    return profile is not None and profile.user_id == user.pk


@rules.predicate
def is_grantable_by_coordinator(user, role) -> bool:
    return role in GRANTABLE_BY_COORDINATOR


@rules.predicate
def manages_facility(user, facility) -> bool:
    return (
        facility is not None
        and user.is_authenticated
        and facility.managers.filter(pk=user.pk).exists()
    )


rules.add_perm("people.view_directory", is_analyst | is_staff_member)
# City and coordinates of a host facility (the network's map): coordinators, and the
# facility's own managers.
rules.add_perm("people.edit_facility_place", is_staff_member | manages_facility)
rules.add_perm("people.edit_vocabulary", is_staff_member)
rules.add_perm("people.edit_expertise", is_own_profile | is_staff_member)
rules.add_perm("people.grant_role", is_admin | (is_coordinator & is_grantable_by_coordinator))
rules.add_perm("people.manage_facilities", is_staff_member)
rules.add_perm("people.manage_members", is_staff_member)

# Who must log in with a second factor (allauth.mfa); see biafed.people.second_factor.
rules.add_rule("people.requires_second_factor", is_staff_member)


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.is_authenticated and user.pk == person.pk


rules.add_perm("people.export_personal_data", is_self | is_admin)
rules.add_perm("people.close_account", is_self | is_admin)
rules.add_perm("people.edit_privacy_notice", is_staff_member)
