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

rules.add_perm("people.view_directory", is_analyst | is_staff_member)
rules.add_perm("people.edit_vocabulary", is_staff_member)
rules.add_perm("people.manage_facilities", is_staff_member)
rules.add_perm("people.manage_members", is_staff_member)


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.is_authenticated and user.pk == person.pk


rules.add_perm("people.export_personal_data", is_self | is_admin)
rules.add_perm("people.close_account", is_self | is_admin)
rules.add_perm("people.edit_privacy_notice", is_staff_member)
