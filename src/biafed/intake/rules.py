"""Who may upload, see, download and delete data files: the attachable's own rules,
declared once in the registry (see registry.py), applied here to files and targets."""

import rules

from biafed.intake.registry import for_object
from biafed.people.rules import is_staff_member


@rules.predicate
def may_view_file(user, data_file) -> bool:
    target = data_file.target if data_file is not None else None
    return target is not None and bool(for_object(target).can_view(user, target))


@rules.predicate
def may_delete_file(user, data_file) -> bool:
    target = data_file.target if data_file is not None else None
    return target is not None and bool(for_object(target).can_delete(user, target))


@rules.predicate
def may_view_target(user, target) -> bool:
    return target is not None and bool(for_object(target).can_view(user, target))


@rules.predicate
def may_upload_to(user, target) -> bool:
    return target is not None and bool(for_object(target).can_upload(user, target))


@rules.predicate
def may_manage_target_files(user, target) -> bool:
    return target is not None and bool(for_object(target).can_delete(user, target))


@rules.predicate
def may_consent_for_target(user, target) -> bool:
    return target is not None and bool(for_object(target).can_consent(user, target))


rules.add_perm("intake.view_file", may_view_file)
rules.add_perm("intake.delete_file", may_delete_file)
rules.add_perm("intake.view_files_of", may_view_target)
rules.add_perm("intake.upload_to", may_upload_to)
rules.add_perm("intake.manage_files_of", may_manage_target_files)
rules.add_perm("intake.consent_for", may_consent_for_target)


@rules.predicate
def owns_target_files(user, target) -> bool:
    """The person whose files these are (the requester), see `owner` in the registry."""
    if target is None:
        return False
    entry = for_object(target)
    if entry.owner is None:
        return bool(entry.can_consent(user, target))
    return entry.owner(target) == user.pk


rules.add_perm("intake.view_access_log", is_staff_member | owns_target_files)
