"""Who may see and do what in the network's life.

Members are the analysts (and the coordinators who run the network): meetings, peer
help and network-only resources are confidential to them (the membership rules).
Public resources are listed for everybody signed in. A meeting's organisers (or a
coordinator) schedule it, order its agenda and record minutes and attendance.
"""

import rules
from django.db.models import QuerySet

from biafed.network.models import SharedResource, Visibility
from biafed.people.rules import is_analyst, is_staff_member

is_member = is_analyst | is_staff_member


@rules.predicate
def organises(user, meeting) -> bool:
    return meeting is not None and meeting.organisers.filter(pk=user.pk).exists()


@rules.predicate
def owns(user, obj) -> bool:
    return obj is not None and getattr(obj, "owner_id", None) == user.pk


@rules.predicate
def is_public(user, resource) -> bool:
    return resource is not None and resource.visibility == Visibility.PUBLIC


rules.add_perm("network.view_network", is_member)
rules.add_perm("network.schedule_meeting", is_member)
rules.add_perm("network.organise_meeting", is_staff_member | (is_member & organises))
rules.add_perm("network.ask_help", is_member)
rules.add_perm("network.share_resource", is_member)
rules.add_perm("network.edit_resource", is_staff_member | (is_member & owns))
rules.add_perm("network.view_resource", is_member | is_public)
rules.add_perm("network.record_membership", is_staff_member)


def visible_resources(user) -> QuerySet:
    """The catalogue a person may read: everything for members, public entries otherwise."""
    resources = SharedResource.objects.select_related("owner")
    if is_member(user):
        return resources
    return resources.filter(visibility=Visibility.PUBLIC)
